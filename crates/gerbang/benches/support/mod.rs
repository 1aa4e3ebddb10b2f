//! What every bench needs: the real server on loopback with a fresh database (SQLite in a
//! temporary directory, or `GERBANG_BENCH_DATABASE_URL`), the simulator, no rate limits, and an
//! administrator's token.
// Each bench compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sqlx::Connection;

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
    /// `name` names the temporary directory; `tweak` changes the configuration.
    pub async fn start(name: &str, tweak: impl FnOnce(&mut gerbang::Config)) -> BenchServer {
        let dir = std::env::temp_dir().join(format!("gerbang-{name}-{}", std::process::id()));
        let mut config = gerbang::Config {
            host: "127.0.0.1".into(),
            data_dir: dir.clone(),
            database_url: std::env::var("GERBANG_BENCH_DATABASE_URL")
                .ok()
                .map(Into::into),
            admin_password: Some("bench-admin-pass".into()),
            rate_limit_per_minute: 0,
            auth_rate_limit_per_minute: 0,
            engine: "sim".into(),
            log: "error".into(),
            ..gerbang::Config::default()
        };
        tweak(&mut config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(gerbang::serve(config.clone(), listener, async {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::new();
        let token = loop {
            if let Ok(r) = client
                .post(format!("{base}/api/auth/login"))
                .json(&json!({"login": "admin", "password": "bench-admin-pass"}))
                .send()
                .await
            {
                let v: Value = r.json().await.unwrap();
                break v["data"]["token"].as_str().unwrap().to_string();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        BenchServer {
            base,
            token,
            client,
            config,
            dir,
            stop: Some(stop),
            server: Some(server),
        }
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
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS bench_raw (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)",
        )
        .execute(&pool)
        .await
        .unwrap();
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
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)
            .unwrap()
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10));
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .unwrap();
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
        )
        .execute(&pool)
        .await
        .unwrap();
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
