//! Issue #19's goals, every one beside the raw database measured in the same run, from one
//! command: `cargo bench -p gerbang --bench goals` (SQLite in a temporary directory; with
//! `GERBANG_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres` PostgreSQL too, on
//! databases it creates and drops).
//!
//! For each database: the raw one-row-per-commit rate and latency; `send-message` on 1 and 10
//! devices; inbound ingest (the simulator's account writes, the message is stored and reaches an
//! event stream) at full speed and its latency at a steady 1,000 messages/s; a bulk job with
//! delay 0 on one device, the same job three times in a row, and 10 devices at once; idle event
//! streams (the clients live in a second process, so the CPU figure is the gateway's alone) and
//! 100 events delivered to all of them; a restart with 1,000 linked devices.
//!
//! `GERBANG_BENCH_SECONDS` (6) and `GERBANG_BENCH_CLIENTS` (32) set the rate measurements,
//! `GERBANG_BENCH_JOB` (2,000) the job's recipients, `GERBANG_BENCH_STREAMS` (9,000: the clients'
//! process may hold 20,000 descriptors) the streams, `GERBANG_BENCH_RESTART` (1,000) the devices;
//! `GERBANG_BENCH_PARTS` (e.g. `streams,restart`) runs only some of `messaging`, `streams` and
//! `restart`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use support::{percentile, setting, BenchServer};

mod support;

/// One printed line: what was measured, the raw database beside it, and the goal.
struct Row {
    what: String,
    measured: String,
    raw: String,
    ratio: String,
    goal: &'static str,
}

fn row(
    what: impl Into<String>,
    measured: String,
    raw: String,
    ratio: String,
    goal: &'static str,
) -> Row {
    Row {
        what: what.into(),
        measured,
        raw,
        ratio,
        goal,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ids(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}-{i}")).collect()
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    if std::env::var("GERBANG_BENCH_SSE_CHILD").is_ok() {
        return stream_clients().await;
    }
    let postgres = std::env::var("GERBANG_BENCH_POSTGRES_URL").ok();
    let mut backends = vec!["SQLite"];
    if postgres.is_some() {
        backends.push("PostgreSQL");
    }
    let started = Instant::now();
    for backend in backends {
        // Each part runs on a database of its own, so that none measures another's leftovers.
        let database = |part: &str| {
            let postgres = postgres.clone();
            let name = format!("gerbang_goals_{part}_{}", std::process::id());
            async move {
                match (backend, postgres) {
                    ("PostgreSQL", Some(base)) => {
                        Some(gerbang_store::test_db::create_pg_database(&base, &name).await)
                    }
                    _ => None,
                }
            }
        };
        let mut rows = Vec::new();
        if wanted("messaging") {
            rows.extend(messaging(database("messaging").await).await);
        }
        if wanted("streams") {
            rows.extend(streams(database("streams").await).await);
        }
        if wanted("restart") {
            rows.extend(restart(database("restart").await).await);
        }
        print(backend, &rows);
        if let (Some(base), "PostgreSQL") = (&postgres, backend) {
            for part in ["messaging", "streams", "restart"] {
                let name = format!("gerbang_goals_{part}_{}", std::process::id());
                gerbang_store::test_db::drop_pg_database(base, &name).await;
            }
        }
    }
    println!("(all figures in {:.0} s)", started.elapsed().as_secs_f64());
}

/// Whether `GERBANG_BENCH_PARTS` (comma-separated: `messaging`, `streams`, `restart`; all when
/// unset) asks for this part.
fn wanted(part: &str) -> bool {
    std::env::var("GERBANG_BENCH_PARTS")
        .map_or(true, |parts| parts.split(',').any(|p| p.trim() == part))
}

fn print(backend: &str, rows: &[Row]) {
    println!("\n{backend}");
    let widths = [
        rows.iter().map(|r| r.what.len()).max().unwrap_or(0),
        rows.iter().map(|r| r.measured.len()).max().unwrap_or(0),
        rows.iter().map(|r| r.raw.len()).max().unwrap_or(0),
        rows.iter().map(|r| r.ratio.len()).max().unwrap_or(0),
    ];
    for r in rows {
        println!(
            "  {:w0$} | {:w1$} | raw {:w2$} | {:>w3$} | goal {}",
            r.what,
            r.measured,
            r.raw,
            r.ratio,
            r.goal,
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
        );
    }
}

/// Sending, ingest and bulk jobs on one server.
async fn messaging(url: Option<String>) -> Vec<Row> {
    let seconds = Duration::from_secs(setting("GERBANG_BENCH_SECONDS", 6));
    let clients = setting("GERBANG_BENCH_CLIENTS", 32) as usize;
    let job = setting("GERBANG_BENCH_JOB", 2_000) as usize;
    let bench = BenchServer::start_on("goals-messaging", url, |c| c.sim_speed = 1000.0).await;
    let db = bench.config.database_url();
    let (senders, jobbers) = (ids("send", 10), ids("job", 10));
    bench.link(&senders).await;
    bench.link(&jobbers).await;
    bench.link(&["ingest".to_string()]).await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let raw = support::raw_commits(&db, clients, seconds).await;
    let lat = support::raw_latencies(&db, 2_000).await;
    let raw_rate = format!("{raw:.0} rows/s");
    let ratio = |x: f64| format!("{:.2}×", x / raw);
    let mut rows = vec![row(
        "raw database, one row per commit",
        format!("{raw:.0} rows/s"),
        format!(
            "p50 {:.2} ms, p99 {:.2} ms",
            ms(percentile(&lat, 0.5)),
            ms(percentile(&lat, 0.99))
        ),
        String::new(),
        "(the baseline)",
    )];

    for n in [1, 10] {
        let sent = support::sends(&bench, &senders[..n], clients, seconds).await;
        rows.push(row(
            format!("send-message, {n} device(s), {clients} clients"),
            format!("{sent:.0} accepted/s"),
            raw_rate.clone(),
            ratio(sent),
            "≥ 1.0× raw",
        ));
        support::wait_until_quiet(&db).await;
    }

    let (rate, _) = ingest(&bench, clients, None, seconds).await;
    rows.push(row(
        format!("inbound ingest, full speed, {clients} writers"),
        format!("{rate:.0} stored+streamed/s"),
        raw_rate.clone(),
        ratio(rate),
        "≥ 1.0× raw",
    ));
    support::wait_until_quiet(&db).await;
    let (offered, delays) = ingest(&bench, clients, Some(1_000), Duration::from_secs(5)).await;
    rows.push(row(
        format!("inbound ingest at {offered:.0}/s, end to end"),
        format!(
            "p50 {:.1} ms, p99 {:.1} ms",
            ms(percentile(&delays, 0.5)),
            ms(percentile(&delays, 0.99))
        ),
        format!("p99 {:.2} ms a commit", ms(percentile(&lat, 0.99))),
        format!(
            "{:.0}×",
            ms(percentile(&delays, 0.99)) / ms(percentile(&lat, 0.99))
        ),
        "p99 < 20 ms at 1,000/s",
    ));
    support::wait_until_quiet(&db).await;

    let mut runs = Vec::new();
    for tag in ["01", "02", "03"] {
        let took = support::run_job(&bench, "job-0", tag, job).await;
        runs.push(job as f64 / took.as_secs_f64());
    }
    rows.push(row(
        format!("bulk job, delay 0, 1 device, {job} recipients"),
        format!("{:.0} sends/s", runs[0]),
        raw_rate.clone(),
        ratio(runs[0]),
        "≥ 2,000 sends/s",
    ));
    rows.push(row(
        "the same job, 2nd and 3rd run in a row",
        format!("{:.0}, {:.0} sends/s", runs[1], runs[2]),
        raw_rate.clone(),
        format!("3rd {:.2}× 1st", runs[2] / runs[0]),
        "3rd as fast as 1st",
    ));
    let started = Instant::now();
    let all = jobbers.iter().enumerate().map(|(d, device)| {
        let bench = &bench;
        async move { support::run_job(bench, device, &format!("1{d}"), job).await }
    });
    futures_util::future::join_all(all).await;
    let ten = (10 * job) as f64 / started.elapsed().as_secs_f64();
    rows.push(row(
        format!("bulk jobs, delay 0, 10 devices × {job}"),
        format!("{ten:.0} sends/s"),
        raw_rate.clone(),
        format!("{} ({:.1}× 1 device)", ratio(ten), ten / runs[0]),
        "scales with devices",
    ));

    support::wait_until_quiet(&db).await;
    let again = support::raw_commits(&db, clients, seconds).await;
    rows.push(row(
        "raw database again (drift check)",
        format!("{again:.0} rows/s"),
        raw_rate,
        ratio(again),
        "(≈ 1.0×)",
    ));
    bench.remove().await;
    rows
}

/// Inbound messages from the simulator's accounts to one device, each timed from the request
/// that makes the account write to its arrival on an event stream (stored first: a stream only
/// shows stored events). `per_second: None` writes as fast as `writers` can for `period`;
/// otherwise at that steady rate. Returns the rate achieved (stored and streamed per second at
/// full speed; offered per second at a steady rate) and the sorted delays.
async fn ingest(
    bench: &BenchServer,
    writers: usize,
    per_second: Option<u32>,
    period: Duration,
) -> (f64, Vec<Duration>) {
    let (arrivals, follower) = support::follow(&bench.client, &bench.base, &bench.token);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let url = format!("{}/api/sim/devices/ingest/inbound", bench.base);
    let asked = Arc::new(std::sync::Mutex::new(Vec::<(String, Instant)>::new()));
    let counter = Arc::new(AtomicUsize::new(0));
    let post = {
        let (client, token, url, asked, counter) = (
            bench.client.clone(),
            bench.token.clone(),
            url.clone(),
            asked.clone(),
            counter.clone(),
        );
        move || {
            let (client, token, url, asked) =
                (client.clone(), token.clone(), url.clone(), asked.clone());
            let i = counter.fetch_add(1, Ordering::Relaxed);
            async move {
                let at = Instant::now();
                let r = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({"from": format!("62899{i:07}"), "text": "halo"}))
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success(), "inbound answered {}", r.status());
                let v: serde_json::Value = r.json().await.unwrap();
                let id = v["data"]["messageId"].as_str().unwrap().to_string();
                asked.lock().unwrap().push((id, at));
            }
        }
    };
    let started = Instant::now();
    let until = started + period;
    match per_second {
        None => {
            let tasks: Vec<_> = (0..writers)
                .map(|_| {
                    let post = post.clone();
                    tokio::spawn(async move {
                        while Instant::now() < until {
                            post().await;
                        }
                    })
                })
                .collect();
            futures_util::future::join_all(tasks).await;
        }
        Some(rate) => {
            let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / f64::from(rate)));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            let mut tasks = Vec::new();
            while Instant::now() < until {
                tick.tick().await;
                tasks.push(tokio::spawn(post()));
            }
            futures_util::future::join_all(tasks).await;
        }
    }
    let offered = asked.lock().unwrap().len() as f64 / started.elapsed().as_secs_f64();
    let asked = std::mem::take(&mut *asked.lock().unwrap());
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let all_in = {
            let arrived = arrivals.lock().unwrap();
            asked.iter().all(|(id, _)| arrived.contains_key(id))
        };
        if all_in {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    follower.abort();
    let delays = support::delays(&asked, &arrivals);
    let arrived = arrivals.lock().unwrap();
    let lost = delays.iter().filter(|d| **d == Duration::MAX).count();
    assert_eq!(
        lost,
        0,
        "{lost} of {} inbound messages never reached the stream",
        asked.len()
    );
    let last = asked
        .iter()
        .filter_map(|(id, _)| arrived.get(id))
        .max()
        .copied()
        .unwrap_or(started);
    let rate = match per_second {
        None => asked.len() as f64 / last.duration_since(started).as_secs_f64(),
        Some(_) => offered,
    };
    (rate, delays)
}

/// Idle event streams held by a second process (this bench run again as their client), then
/// 100 inbound messages that every stream receives.
async fn streams(url: Option<String>) -> Vec<Row> {
    const EVENTS: usize = 100;
    let streams = setting("GERBANG_BENCH_STREAMS", 9_000) as usize;
    let bench = BenchServer::start_on("goals-streams", url, |_| {}).await;
    let db = bench.config.database_url();
    bench.link(&["streamed".to_string()]).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle = Duration::from_secs(10);
    let baseline = support::cpu_percent_over(idle).await;

    let mut child = Command::new(std::env::current_exe().unwrap())
        .env("GERBANG_BENCH_SSE_CHILD", "1")
        .env("GERBANG_BENCH_SSE_BASE", &bench.base)
        .env("GERBANG_BENCH_SSE_TOKEN", &bench.token)
        .env("GERBANG_BENCH_STREAMS", streams.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let (open, received, ended) = (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicBool::new(false)),
    );
    let out = child.stdout.take().unwrap();
    let (o, r, e) = (open.clone(), received.clone(), ended.clone());
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let mut parts = line.split_whitespace();
            if let (Some(a), Some(b)) = (parts.next(), parts.next()) {
                o.store(a.parse().unwrap_or(0), Ordering::Relaxed);
                r.store(b.parse().unwrap_or(0), Ordering::Relaxed);
            }
        }
        e.store(true, Ordering::Relaxed);
    });
    let opening = Instant::now();
    while open.load(Ordering::Relaxed) < streams && !ended.load(Ordering::Relaxed) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let opened = open.load(Ordering::Relaxed);
    assert_eq!(
        opened, streams,
        "the clients' process opened {opened} of {streams} streams"
    );
    let opened_in = opening.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let busy = support::cpu_percent_over(idle).await;

    let raw: Duration = support::raw_latencies(&db, EVENTS).await.iter().sum();
    let started = Instant::now();
    for i in 0..EVENTS {
        bench
            .call(
                reqwest::Method::POST,
                "/api/sim/devices/streamed/inbound",
                Some(json!({"from": format!("62812{i:07}"), "text": "halo"})),
            )
            .await;
    }
    let want = EVENTS * streams;
    while received.load(Ordering::Relaxed) < want && started.elapsed() < Duration::from_secs(120) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let delivered_in = started.elapsed();
    let got = received.load(Ordering::Relaxed);
    let _ = child.kill();
    let _ = child.wait();
    bench.remove().await;
    vec![
        row(
            format!(
                "{streams} idle event streams (opened in {:.1} s)",
                opened_in.as_secs_f64()
            ),
            format!("{busy:.1} % CPU"),
            format!("{baseline:.1} % with no stream"),
            format!("+{:.1} points", busy - baseline),
            "< 2 % CPU at 10,000",
        ),
        row(
            format!("{EVENTS} events to every stream ({got} of {want})"),
            format!("{:.1} s", delivered_in.as_secs_f64()),
            format!("{:.0} ms for {EVENTS} commits", ms(raw)),
            format!("{:.0}×", delivered_in.as_secs_f64() / raw.as_secs_f64()),
            "< 5 s at 10,000",
        ),
    ]
}

/// The second process of [`streams`]: holds the streams and prints "open received" every
/// 100 ms.
async fn stream_clients() {
    let base = std::env::var("GERBANG_BENCH_SSE_BASE").unwrap();
    let token = std::env::var("GERBANG_BENCH_SSE_TOKEN").unwrap();
    let streams = setting("GERBANG_BENCH_STREAMS", 9_000) as usize;
    let client = reqwest::Client::new();
    let (open, received) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    for _ in 0..streams {
        let req = client
            .get(format!("{base}/api/events?types=message.new"))
            .bearer_auth(&token);
        let (open, received) = (open.clone(), received.clone());
        tokio::spawn(async move {
            let Ok(mut res) = req.send().await else {
                return;
            };
            open.fetch_add(1, Ordering::Relaxed);
            let mut tail = String::new();
            while let Ok(Some(chunk)) = res.chunk().await {
                tail.push_str(&String::from_utf8_lossy(&chunk));
                received.fetch_add(tail.matches("\"message.new\"").count(), Ordering::Relaxed);
                // Keep only what may hold the start of a marker split across chunks.
                let keep = tail.len().saturating_sub(16);
                let cut = (keep..=tail.len())
                    .find(|i| tail.is_char_boundary(*i))
                    .unwrap();
                tail.drain(..cut);
            }
        });
    }
    loop {
        println!(
            "{} {}",
            open.load(Ordering::Relaxed),
            received.load(Ordering::Relaxed)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A gateway with `GERBANG_BENCH_RESTART` linked devices is stopped and started again: the
/// time from the start until every device is `connected` (the simulator takes 200 ms to
/// connect a stored session), beside the raw database writing as many rows one per commit.
async fn restart(url: Option<String>) -> Vec<Row> {
    let n = setting("GERBANG_BENCH_RESTART", 1_000) as usize;
    let mut bench = BenchServer::start_on("goals-restart", url, |_| {}).await;
    let db = bench.config.database_url();
    let devices = ids("r", n);
    let linking = Instant::now();
    bench.link(&devices).await;
    wait_connected(&db, n, Duration::from_secs(300)).await;
    let linked_in = linking.elapsed();
    bench.stop().await;
    let raw: Duration = support::raw_latencies(&db, n).await.iter().sum();
    let started = Instant::now();
    bench.run().await;
    let connected = wait_connected(&db, n, Duration::from_secs(120)).await;
    let took = started.elapsed();
    bench.remove().await;
    vec![row(
        format!(
            "restart with {n} linked devices (linked in {:.0} s): {connected} connected",
            linked_in.as_secs_f64()
        ),
        format!("{:.2} s", took.as_secs_f64()),
        format!("{:.2} s for {n} commits", raw.as_secs_f64()),
        format!("{:.1}×", took.as_secs_f64() / raw.as_secs_f64()),
        "< 5 s at 1,000 (simulator)",
    )]
}

/// Waits until `n` devices are `connected` (read from the database) or `limit` passes; returns
/// how many are.
async fn wait_connected(url: &str, n: usize, limit: Duration) -> usize {
    use sqlx::Connection;
    const SQL: &str = "SELECT COUNT(*) FROM devices WHERE status = 'connected'";
    let until = Instant::now() + limit;
    loop {
        let count: i64 = if url.starts_with("postgres") {
            let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::query_scalar(SQL).fetch_one(&mut conn).await.unwrap()
        } else {
            let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
            sqlx::query_scalar(SQL).fetch_one(&mut conn).await.unwrap()
        };
        if count as usize >= n || Instant::now() >= until {
            return count as usize;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
