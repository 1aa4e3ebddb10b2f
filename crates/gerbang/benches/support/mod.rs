//! What every bench needs: the real server on loopback with a fresh database (SQLite in a
//! temporary directory, or `GERBANG_BENCH_DATABASE_URL`), the simulator, no rate limits, and an
//! administrator's token.
// Each bench compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sqlx::Connection;

pub const DEVICES: &str = "/api/whatsapp-multi-device/devices";

/// A whole-number setting from the environment.
pub fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub struct BenchServer {
    pub base: String,
    pub token: String,
    pub client: reqwest::Client,
    pub config: gerbang::Config,
    dir: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl BenchServer {
    /// `name` names the temporary directory; `tweak` changes the configuration. The database is
    /// `GERBANG_BENCH_DATABASE_URL`, else SQLite in that directory.
    pub async fn start(name: &str, tweak: impl FnOnce(&mut gerbang::Config)) -> BenchServer {
        let url = std::env::var("GERBANG_BENCH_DATABASE_URL").ok();
        BenchServer::start_on(name, url, tweak).await
    }

    /// As [`BenchServer::start`], on the database `url` (`None`: SQLite in the directory).
    pub async fn start_on(
        name: &str,
        url: Option<String>,
        tweak: impl FnOnce(&mut gerbang::Config),
    ) -> BenchServer {
        let dir = std::env::temp_dir().join(format!("gerbang-{name}-{}", std::process::id()));
        let mut config = gerbang::Config {
            host: "127.0.0.1".into(),
            data_dir: dir.clone(),
            database_url: url.map(Into::into),
            admin_password: Some("bench-admin-pass".into()),
            rate_limit_per_minute: 0,
            auth_rate_limit_per_minute: 0,
            engine: "sim".into(),
            log: "error".into(),
            ..gerbang::Config::default()
        };
        tweak(&mut config);
        let mut bench = BenchServer {
            base: String::new(),
            token: String::new(),
            client: reqwest::Client::new(),
            config,
            dir,
            stop: None,
            server: None,
        };
        bench.run().await;
        bench
    }

    /// Starts the server again on the same database and directory (after [`BenchServer::stop`]),
    /// on a new port; returns once it answers a sign-in.
    pub async fn run(&mut self) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        self.base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        self.server = Some(tokio::spawn(gerbang::serve(
            self.config.clone(),
            listener,
            async {
                let _ = stopped.await;
            },
        )));
        self.stop = Some(stop);
        self.token = loop {
            if let Ok(r) = self
                .client
                .post(format!("{}/api/auth/login", self.base))
                .json(&json!({"login": "admin", "password": "bench-admin-pass"}))
                .send()
                .await
            {
                let v: Value = r.json().await.unwrap();
                break v["data"]["token"].as_str().unwrap().to_string();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
    }

    /// A request as the administrator; panics unless it succeeds. Returns the envelope's `data`.
    pub async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let v: Value = res.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: {status} {v}");
        v["data"].clone()
    }

    /// Creates the devices `ids`, connects them and scans their QR codes on the simulator,
    /// 16 at a time.
    pub async fn link(&self, ids: &[String]) {
        use futures_util::StreamExt;
        futures_util::stream::iter(ids)
            .for_each_concurrent(16, |id| async move {
                self.call(
                    reqwest::Method::POST,
                    DEVICES,
                    Some(json!({"deviceName": "Bench", "deviceId": id})),
                )
                .await;
                self.call(
                    reqwest::Method::POST,
                    &format!("{DEVICES}/{id}/connect"),
                    Some(json!({})),
                )
                .await;
                self.call(
                    reqwest::Method::POST,
                    &format!("/api/sim/devices/{id}/scan"),
                    Some(json!({})),
                )
                .await;
            })
            .await;
    }

    /// Stops the server; the database stays until [`BenchServer::remove`].
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }

    /// Stops the server and deletes its data directory.
    pub async fn remove(mut self) {
        self.stop().await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Rows per second that `clients` connections commit one at a time into a scratch table, with
/// the settings the gateway's own pool uses (SQLite: WAL, `synchronous=NORMAL`).
pub async fn raw_commits(url: &str, clients: usize, seconds: Duration) -> f64 {
    let committed = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + seconds;
    let started = Instant::now();
    let mut tasks = Vec::new();
    if url.starts_with("postgres") {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(clients as u32)
            .connect(url)
            .await
            .unwrap();
        sqlx::query(RAW_TABLE_PG).execute(&pool).await.unwrap();
        for _ in 0..clients {
            let (pool, committed) = (pool.clone(), committed.clone());
            tasks.push(tokio::spawn(async move {
                while Instant::now() < until {
                    sqlx::query("INSERT INTO bench_raw (body) VALUES ($1)")
                        .bind("bench")
                        .execute(&pool)
                        .await
                        .unwrap();
                    committed.fetch_add(1, Ordering::Relaxed);
                }
            }));
        }
    } else {
        let options = raw_sqlite_options(url);
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .unwrap();
        sqlx::query(RAW_TABLE_SQLITE).execute(&pool).await.unwrap();
        for _ in 0..clients {
            let (pool, committed) = (pool.clone(), committed.clone());
            tasks.push(tokio::spawn(async move {
                while Instant::now() < until {
                    sqlx::query("INSERT INTO bench_raw (body) VALUES ($1)")
                        .bind("bench")
                        .execute(&pool)
                        .await
                        .unwrap();
                    committed.fetch_add(1, Ordering::Relaxed);
                }
            }));
        }
    }
    for t in tasks {
        t.await.unwrap();
    }
    committed.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

/// Waits until the gateway has stopped appending events (the simulator's receipts for what was
/// just sent are still being stored after a load ends), so that a measurement taken next does
/// not share the database with that tail. Quiet means no new event in two polls half a second
/// apart; gives up after two minutes. Returns how long it waited.
pub async fn wait_until_quiet(url: &str) -> Duration {
    let started = Instant::now();
    let (mut last, mut still) = (-1, 0);
    while still < 2 && started.elapsed() < Duration::from_secs(120) {
        let newest = newest_event(url).await;
        if newest == last {
            still += 1;
        } else {
            (last, still) = (newest, 0);
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    started.elapsed()
}

async fn newest_event(url: &str) -> i64 {
    const SQL: &str = "SELECT COALESCE(MAX(id), 0) FROM events";
    if url.starts_with("postgres") {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query_scalar(SQL).fetch_one(&mut conn).await.unwrap()
    } else {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query_scalar(SQL).fetch_one(&mut conn).await.unwrap()
    }
}

/// How long each of `n` one-row commits takes, made one after another on one connection with
/// the gateway's settings: the raw database's latency, and (summed) the time of `n` writes.
pub async fn raw_latencies(url: &str, n: usize) -> Vec<Duration> {
    let mut conn = RawConn::open(url).await;
    let mut took = Vec::with_capacity(n);
    for _ in 0..n {
        let at = Instant::now();
        conn.insert().await;
        took.push(at.elapsed());
    }
    took.sort();
    took
}

/// One connection to the scratch table of the raw measurements.
enum RawConn {
    Postgres(sqlx::PgConnection),
    Sqlite(sqlx::SqliteConnection),
}

impl RawConn {
    async fn open(url: &str) -> RawConn {
        let mut conn = if url.starts_with("postgres") {
            RawConn::Postgres(sqlx::PgConnection::connect(url).await.unwrap())
        } else {
            let options = raw_sqlite_options(url);
            RawConn::Sqlite(
                sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .unwrap(),
            )
        };
        match &mut conn {
            RawConn::Postgres(c) => drop(sqlx::query(RAW_TABLE_PG).execute(c).await.unwrap()),
            RawConn::Sqlite(c) => drop(sqlx::query(RAW_TABLE_SQLITE).execute(c).await.unwrap()),
        }
        conn
    }

    async fn insert(&mut self) {
        const SQL: &str = "INSERT INTO bench_raw (body) VALUES ($1)";
        match self {
            RawConn::Postgres(c) => drop(sqlx::query(SQL).bind("bench").execute(c).await.unwrap()),
            RawConn::Sqlite(c) => drop(sqlx::query(SQL).bind("bench").execute(c).await.unwrap()),
        }
    }
}

const RAW_TABLE_PG: &str =
    "CREATE TABLE IF NOT EXISTS bench_raw (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)";
const RAW_TABLE_SQLITE: &str =
    "CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, body TEXT NOT NULL)";

/// The gateway's own SQLite settings (WAL, `synchronous=NORMAL`).
fn raw_sqlite_options(url: &str) -> sqlx::sqlite::SqliteConnectOptions {
    sqlx::sqlite::SqliteConnectOptions::from_str(url)
        .unwrap()
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(10))
}

/// Each asked message's time from its request to its arrival (`Duration::MAX` when it never
/// arrived), sorted.
pub fn delays(asked: &[(String, Instant)], arrivals: &Arrivals) -> Vec<Duration> {
    let arrivals = arrivals.lock().unwrap();
    let mut d: Vec<Duration> = asked
        .iter()
        .map(|(id, at)| {
            arrivals
                .get(id)
                .map_or(Duration::MAX, |t| t.saturating_duration_since(*at))
        })
        .collect();
    d.sort();
    d
}

/// The value at fraction `p` of `sorted` (nearest rank).
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// Accepted `send-message` calls per second: `clients` clients each send texts one after
/// another, to their own numbers, spread over the devices `ids`.
pub async fn sends(bench: &BenchServer, ids: &[String], clients: usize, seconds: Duration) -> f64 {
    let accepted = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + seconds;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (client, token) = (bench.client.clone(), bench.token.clone());
        let url = format!(
            "{}{DEVICES}/{}/send-message",
            bench.base,
            ids[c % ids.len()]
        );
        let accepted = accepted.clone();
        tasks.push(tokio::spawn(async move {
            let mut i = 0u64;
            while Instant::now() < until {
                i += 1;
                let to = format!("0817{c:03}{:05}", i % 100_000);
                let r = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({"to": to, "message": "bench"}))
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

/// Arrival times of `message.new` events on one stream, by message id.
pub type Arrivals = Arc<std::sync::Mutex<HashMap<String, Instant>>>;

/// Follows `message.new` on the event stream of the gateway at `base`, noting when each
/// message id arrives.
pub fn follow(
    client: &reqwest::Client,
    base: &str,
    token: &str,
) -> (Arrivals, tokio::task::JoinHandle<()>) {
    let arrivals = Arrivals::default();
    let req = client
        .get(format!("{base}/api/events?types=message.new"))
        .bearer_auth(token);
    let seen = arrivals.clone();
    let task = tokio::spawn(async move {
        let mut res = req.send().await.unwrap();
        let mut buffer = String::new();
        while let Ok(Some(chunk)) = res.chunk().await {
            let now = Instant::now();
            buffer.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buffer.find('\n') {
                let line: String = buffer.drain(..=end).collect();
                let Some(data) = line.trim_end().strip_prefix("data:") else {
                    continue;
                };
                if let Ok(v) = serde_json::from_str::<Value>(data.trim()) {
                    if let Some(id) = v["data"]["messageId"].as_str() {
                        seen.lock().unwrap().insert(id.to_string(), now);
                    }
                }
            }
        }
    });
    (arrivals, task)
}

/// CPU seconds this process has used (user and system).
pub fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0
}

/// This process's CPU use over `period`, in percent of one core.
pub async fn cpu_percent_over(period: Duration) -> f64 {
    let before = cpu_secs();
    tokio::time::sleep(period).await;
    (cpu_secs() - before) / period.as_secs_f64() * 100.0
}

/// Starts a bulk text job of `recipients` numbers on `device` with no delay and waits until it
/// has completed; returns how long it ran.
pub async fn run_job(bench: &BenchServer, device: &str, tag: &str, recipients: usize) -> Duration {
    let numbers: Vec<String> = (0..recipients)
        .map(|i| format!("0816{tag}{i:06}"))
        .collect();
    let started = Instant::now();
    let body = json!({"recipients": numbers, "message": "{Halo|Hai} {{phone}}", "delaySecs": 0, "jitterSecs": 0});
    let job = bench
        .call(
            reqwest::Method::POST,
            &format!("{DEVICES}/{device}/jobs/send-text"),
            Some(body),
        )
        .await;
    let path = format!(
        "/api/whatsapp-multi-device/jobs/{}",
        job["jobId"].as_str().unwrap()
    );
    while bench.call(reqwest::Method::GET, &path, None).await["status"] != "completed" {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    started.elapsed()
}
