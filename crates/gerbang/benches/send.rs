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

use std::time::Duration;

mod support;

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let seconds = Duration::from_secs(support::setting("GERBANG_BENCH_SECONDS", 10));
    let clients = support::setting("GERBANG_BENCH_CLIENTS", 32) as usize;
    let bench = support::BenchServer::start("send", |c| c.sim_speed = 1000.0).await;
    let url = bench.config.database_url();
    let devices: Vec<String> = (0..10).map(|d| format!("send-{d}")).collect();
    bench.link(&devices).await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let backend = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("send-message throughput, {backend}, {clients} clients, {seconds:?} per figure");
    let raw = support::raw_commits(&url, clients, seconds).await;
    println!("  raw database, one row per commit: {raw:>8.0} rows/s");
    for n in [1usize, 10] {
        let sent = support::sends(&bench, &devices[..n], clients, seconds).await;
        println!(
            "  send-message, {n:>2} device(s):        {sent:>8.0} accepted/s  ({:.2}× raw)",
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
