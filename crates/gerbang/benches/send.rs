//! `send-message` throughput beside the raw database, measured in the same run (issue #19).
//!
//! For 1 and 10 simulated devices, `CLIENTS` HTTP clients send texts for `SECONDS` each through the
//! real server; then the same number of connections insert one row per commit into a scratch table
//! of the same database. The figure that matters is the ratio: these machines are shared and
//! noisy, so absolute rates move from run to run while the ratio holds.
//!
//! `cargo bench -p gerbang --bench send` (SQLite in a temporary directory), or with
//! `GERBANG_BENCH_DATABASE_URL=postgres://…/empty_db` for PostgreSQL.
//! `GERBANG_BENCH_SECONDS` (default 10) and `GERBANG_BENCH_CLIENTS` (default 32) change the run.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

mod support;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let seconds = Duration::from_secs(setting("GERBANG_BENCH_SECONDS", 10));
    let clients = setting("GERBANG_BENCH_CLIENTS", 32) as usize;
    let bench = support::BenchServer::start("send", |c| c.sim_speed = 1000.0).await;
    let url = bench.config.database_url();
    let dev = "/api/whatsapp-multi-device/devices";
    for d in 0..10 {
        for (path, body) in [
            (
                dev.to_string(),
                json!({"deviceName": "Bench", "deviceId": format!("send-{d}")}),
            ),
            (format!("{dev}/send-{d}/connect"), json!({})),
            (format!("/api/sim/devices/send-{d}/scan"), json!({})),
        ] {
            let r = bench
                .client
                .post(format!("{}{path}", bench.base))
                .bearer_auth(&bench.token)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success(), "{path}: {}", r.status());
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    let backend = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("send-message throughput, {backend}, {clients} clients, {seconds:?} per figure");
    let raw = support::raw_commits(&url, clients, seconds).await;
    println!("  raw database, one row per commit: {raw:>8.0} rows/s");
    for devices in [1usize, 10] {
        let sent = sends(&bench, devices, clients, seconds).await;
        println!(
            "  send-message, {devices:>2} device(s):        {sent:>8.0} accepted/s  ({:.2}× raw)",
            sent / raw
        );
    }
    // Measured once the gateway has stored the receipts of what was just sent: otherwise this
    // figure shares the database with that tail and reads as drift.
    let quiet = support::wait_until_quiet(&url).await;
    let raw_after = support::raw_commits(&url, clients, seconds).await;
    println!(
        "  raw database again (drift check):  {raw_after:>8.0} rows/s  (after {:.1} s for the \
         gateway to go quiet)",
        quiet.as_secs_f64()
    );
    bench.remove().await;
}

/// Accepted sends per second: each client sends texts one after another, to its own numbers,
/// spread over `devices` devices.
async fn sends(
    bench: &support::BenchServer,
    devices: usize,
    clients: usize,
    seconds: Duration,
) -> f64 {
    let accepted = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + seconds;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (client, base, token) = (
            bench.client.clone(),
            bench.base.clone(),
            bench.token.clone(),
        );
        let accepted = accepted.clone();
        tasks.push(tokio::spawn(async move {
            let url = format!(
                "{base}/api/whatsapp-multi-device/devices/send-{}/send-message",
                c % devices
            );
            let mut i = 0u64;
            while Instant::now() < until {
                i += 1;
                let r = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(
                        &json!({"to": format!("0817{c:03}{:05}", i % 100_000), "message": "bench"}),
                    )
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status().is_success() => {
                        accepted.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(r) => panic!("send answered {}", r.status()),
                    Err(e) => panic!("send failed: {e}"),
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    accepted.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}
