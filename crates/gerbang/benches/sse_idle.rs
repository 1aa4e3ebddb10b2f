//! Idle event streams: `GERBANG_BENCH_STREAMS` SSE clients (default 5,000: server and
//! clients share this process, two descriptors a stream, and the machine allows 20,000) connected to one
//! gateway with nothing happening, then 100 inbound messages they all receive.
//!
//! Prints the process's CPU use while the streams idle (server and clients are one process;
//! an idle client reads nothing), the same with no stream open as the baseline measured in the
//! same run, and the time until every stream has received all 100 events.
//! `cargo bench -p gerbang --bench sse_idle` (SQLite in a temporary directory), or with
//! `GERBANG_BENCH_DATABASE_URL=postgres://…/empty_db`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

mod support;

const EVENTS: usize = 100;
const IDLE: Duration = Duration::from_secs(10);

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let streams: usize = std::env::var("GERBANG_BENCH_STREAMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let bench = support::BenchServer::start("sse-idle", |_| {}).await;
    bench.link(&["bench-0".to_string()]).await;
    let (base, token) = (bench.base.clone(), bench.token.clone());
    let client = &bench.client;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let baseline = support::cpu_percent_over(IDLE).await;

    let received = Arc::new(AtomicUsize::new(0));
    let open = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut readers = Vec::new();
    for _ in 0..streams {
        // One connection each (the pool opens one per request in flight).
        let stream_client = client.clone();
        let url = format!("{base}/api/events?types=message.new");
        let (token, received, open) = (token.clone(), received.clone(), open.clone());
        readers.push(tokio::spawn(async move {
            let mut res = stream_client
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            open.fetch_add(1, Ordering::Relaxed);
            let mut tail = String::new();
            while let Ok(Some(chunk)) = res.chunk().await {
                tail.push_str(&String::from_utf8_lossy(&chunk));
                let n = tail.matches("\"message.new\"").count();
                received.fetch_add(n, Ordering::Relaxed);
                // Keep only what may hold the start of a split marker.
                let keep = tail.len().saturating_sub(16);
                let cut = (keep..=tail.len())
                    .find(|i| tail.is_char_boundary(*i))
                    .unwrap();
                tail.drain(..cut);
            }
        }));
    }
    while open.load(Ordering::Relaxed) < streams {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!(
        "{streams} SSE streams open in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = support::cpu_percent_over(IDLE).await;
    println!(
        "CPU while idle: {idle:.1} % with {streams} streams, {baseline:.1} % with none \
         (the same process, the same run; difference {:.1} points)",
        idle - baseline
    );

    let started = Instant::now();
    for i in 0..EVENTS {
        let r = client
            .post(format!("{base}/api/sim/devices/bench-0/inbound"))
            .bearer_auth(&token)
            .json(&json!({"from": format!("62812{i:07}"), "text": "halo"}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }
    let sent = started.elapsed();
    let want = EVENTS * streams;
    while received.load(Ordering::Relaxed) < want && started.elapsed() < Duration::from_secs(120) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!(
        "{EVENTS} events to {streams} streams: {} of {want} delivered in {:.2} s (the sends took {:.2} s)",
        received.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64(),
        sent.as_secs_f64()
    );
    for r in readers {
        r.abort();
    }
    bench.remove().await;
}
