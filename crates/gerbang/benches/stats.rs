//! Statistics and exports on a large history. Fills the database with `GERBANG_BENCH_ROWS`
//! message rows (default 10,000,000) over 50 devices and the last 365 days, straight through
//! SQL (the statistics triggers fire for every row, as they do in service), then prints:
//! - the 30-day statistics routes (one device, one user with every device, the admin view),
//!   timed over HTTP, beside the raw baseline (the same counts straight from `messages`);
//! - EXPLAIN of the statistics queries;
//! - a streamed CSV export of about 1,000,000 messages with the server's peak RSS.
//!
//! `cargo bench -p gerbang --bench stats` (SQLite in a temporary directory), or with
//! `GERBANG_BENCH_DATABASE_URL=postgres://…/empty_db` for PostgreSQL, where an empty database
//! is filled as an upgraded installation holds its rows (see [`prefill_postgres`]).

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sqlx::Row;

mod support;

const DEVICES: i64 = 50;
const CHATS: i64 = 2_000;
const DAYS: i64 = 365;
const CHUNK: i64 = 250_000;

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|v| v.parse().unwrap_or(0)))
        })
        .unwrap_or(0)
}

/// Rows `first..first+n`: device `i % 50`, chat `i % 2000` of that device, a third outbound
/// (1 in 50 of those failed), spread evenly over the year that ends now.
fn fill_sql(postgres: bool, first: i64, n: i64, now: i64) -> String {
    let span = DAYS * 86_400;
    let total: i64 = rows();
    let cols = "device_id, message_id, chat_jid, from_me, message_type, body, status, \
                status_rank, timestamp, created_at, updated_at";
    if postgres {
        format!(
            "INSERT INTO messages ({cols}) SELECT 'bench-' || (i % {DEVICES}), 'M' || i, \
             '62812' || lpad((i % {CHATS})::text, 7, '0') || '@s.whatsapp.net', i % 3 = 0, \
             'text', 'pesan ' || i, CASE WHEN i % 3 <> 0 THEN 'received' WHEN i % 150 = 0 \
             THEN 'failed' ELSE 'read' END, 3, t, t, t FROM (SELECT i, to_timestamp({now} - \
             {span} + i * {span} / {total}) AS t FROM generate_series({first}::BIGINT, {last}::BIGINT) i) g",
            last = first + n - 1
        )
    } else {
        format!(
            "WITH RECURSIVE s(i) AS (SELECT {first} UNION ALL SELECT i + 1 FROM s WHERE i < \
             {last}) INSERT INTO messages ({cols}) SELECT 'bench-' || (i % {DEVICES}), 'M' || i, \
             '62812' || printf('%07d', i % {CHATS}) || '@s.whatsapp.net', i % 3 = 0, 'text', \
             'pesan ' || i, CASE WHEN i % 3 <> 0 THEN 'received' WHEN i % 150 = 0 THEN 'failed' \
             ELSE 'read' END, 3, t, t, t FROM (SELECT i, strftime('%Y-%m-%dT%H:%M:%S+00:00', \
             {now} - {span} + i * {span} / {total}, 'unixepoch') AS t FROM s)",
            last = first + n - 1
        )
    }
}

fn rows() -> i64 {
    std::env::var("GERBANG_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000)
}

async fn timed(client: &reqwest::Client, url: &str, token: &str) -> (f64, Value) {
    let mut best = f64::MAX;
    let mut body = Value::Null;
    for _ in 0..5 {
        let started = Instant::now();
        let r = client.get(url).bearer_auth(token).send().await.unwrap();
        assert!(r.status().is_success(), "{url}: {}", r.status());
        body = r.json().await.unwrap();
        best = best.min(started.elapsed().as_secs_f64() * 1000.0);
    }
    (best, body)
}

/// A second connection to the server's database, for writing the rows and the baseline.
enum Db {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Db {
    async fn execute(&self, sql: &str) {
        match self {
            Db::Sqlite(p) => drop(sqlx::query(sql).execute(p).await.unwrap()),
            Db::Postgres(p) => drop(sqlx::query(sql).execute(p).await.unwrap()),
        }
    }

    /// Column `col` of every row, as text.
    async fn column(&self, sql: &str, col: usize) -> Vec<String> {
        match self {
            Db::Sqlite(p) => sqlx::query(sql)
                .fetch_all(p)
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get::<String, _>(col).unwrap_or_default())
                .collect(),
            Db::Postgres(p) => sqlx::query(sql)
                .fetch_all(p)
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get::<String, _>(col).unwrap_or_default())
                .collect(),
        }
    }

    async fn close(&self) {
        match self {
            Db::Sqlite(p) => p.close().await,
            Db::Postgres(p) => p.close().await,
        }
    }
}

async fn raw_ms(db: &Db, sql: &str) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        db.column(sql, 0).await;
        best = best.min(started.elapsed().as_secs_f64() * 1000.0);
    }
    best
}

/// The bench's copy of the PostgreSQL migrations up to `version`, run on `pool`.
async fn migrate_up_to(pool: &sqlx::PgPool, version: u32) {
    let source =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/migrations/postgres");
    let dir = std::env::temp_dir().join(format!(
        "gerbang-bench-migrations-{}-{version}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let v: u32 = name.split('_').next().unwrap().parse().unwrap();
        if v <= version {
            std::fs::copy(&path, dir.join(&name)).unwrap();
        }
    }
    let migrator = sqlx::migrate::Migrator::new(dir.as_path()).await.unwrap();
    migrator.run(pool).await.unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Writing ten million rows through the statistics triggers took 7,994 s on PostgreSQL, so an
/// empty PostgreSQL database gets its rows the way an upgraded installation holds them: the
/// schema before the statistics (migrations up to 0011), the rows, then 0012 and the
/// conversations its triggers would have opened and answered, computed from the rows; the
/// gateway's start-up then runs 0013 onward, whose backfills build every other counter from
/// them. False when the database already has a schema (it is measured as it is).
async fn prefill_postgres(url: &str, total: i64, now: i64) -> bool {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let has_schema: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    if has_schema {
        pool.close().await;
        return false;
    }
    let started = Instant::now();
    migrate_up_to(&pool, 11).await;
    let run = |sql: String| {
        let pool = pool.clone();
        async move { sqlx::query(&sql).execute(&pool).await.unwrap() }
    };
    // The administrator the bench signs in as (a server with users creates none), owning the
    // devices as when the bench creates them over HTTP.
    let hash = gerbang_app::passwords::hash("bench-admin-pass")
        .await
        .unwrap();
    run(format!(
        "INSERT INTO users (username, email, password_hash, role, created_at, updated_at) \
         VALUES ('admin', 'admin@example.invalid', '{hash}', 'admin', now(), now())"
    ))
    .await;
    run(format!(
        "INSERT INTO devices (device_id, device_name, user_id, engine, created_at, updated_at) \
         SELECT 'bench-' || d, 'Bench', (SELECT id FROM users WHERE username = 'admin'), \
         'sim', now(), now() FROM generate_series(0, {}) d",
        DEVICES - 1
    ))
    .await;
    let mut first = 0;
    while first < total {
        let n = CHUNK.min(total - first);
        run(fill_sql(true, first, n, now)).await;
        first += n;
    }
    migrate_up_to(&pool, 12).await;
    // An inbound message opens a conversation unless one is open; the chat's next outbound
    // message answers it (0012's trigger, for every row in time order).
    run(
        "INSERT INTO chat_waits (device_id, chat_jid, asked_at, answered_at) \
         SELECT device_id, chat_jid, ts, answered FROM (SELECT device_id, chat_jid, from_me, ts, \
         LAG(from_me) OVER (PARTITION BY device_id, chat_jid ORDER BY ts, message_id) AS before, \
         MIN(CASE WHEN from_me THEN ts END) OVER (PARTITION BY device_id, chat_jid \
         ORDER BY ts DESC, message_id DESC ROWS UNBOUNDED PRECEDING) AS answered \
         FROM (SELECT device_id, chat_jid, from_me, message_id, \
         floor(extract(epoch FROM timestamp))::BIGINT AS ts FROM messages \
         WHERE message_type NOT IN ('edit', 'revoke', 'reaction')) m) x \
         WHERE NOT from_me AND (before IS NULL OR before) \
         AND (chat_jid LIKE '%@s.whatsapp.net' OR chat_jid LIKE '%@lid')"
            .into(),
    )
    .await;
    run("VACUUM ANALYZE".into()).await;
    println!(
        "[postgres] {total} message rows and their conversations written before the statistics \
         migrations in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    pool.close().await;
    true
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let now = chrono::Utc::now().timestamp();
    let prefilled = match std::env::var("GERBANG_BENCH_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => prefill_postgres(&url, rows(), now).await,
        _ => false,
    };
    let started = Instant::now();
    let bench = support::BenchServer::start("stats", |_| {}).await;
    if prefilled {
        println!(
            "[postgres] start-up with the statistics migrations' backfills: {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    let url = bench.config.database_url();
    let postgres = url.starts_with("postgres");
    let backend = if postgres { "postgres" } else { "sqlite" };
    let (base, token, client) = (&bench.base, &bench.token, &bench.client);
    let dev = "/api/whatsapp-multi-device/devices";
    for d in 0..DEVICES {
        client
            .post(format!("{base}{dev}"))
            .bearer_auth(token)
            .json(&json!({"deviceName": "Bench", "deviceId": format!("bench-{d}")}))
            .send()
            .await
            .unwrap();
    }
    let pool = if postgres {
        Db::Postgres(sqlx::PgPool::connect(&url).await.unwrap())
    } else {
        Db::Sqlite(sqlx::SqlitePool::connect(&url).await.unwrap())
    };
    let total = rows();
    // A database filled by an earlier run (a fixed GERBANG_BENCH_DATABASE_URL) is measured as
    // it is: the fill is what takes long, and a new migration's backfill runs on it at start-up.
    let stored: i64 = pool
        .column("SELECT CAST(COUNT(*) AS TEXT) FROM messages", 0)
        .await
        .first()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    if stored >= total {
        println!("[{backend}] reusing the {stored} message rows already stored");
    } else {
        let started = Instant::now();
        let mut first = 0;
        while first < total {
            let n = CHUNK.min(total - first);
            pool.execute(&fill_sql(postgres, first, n, now)).await;
            first += n;
        }
        pool.execute(if postgres {
            "VACUUM ANALYZE"
        } else {
            "ANALYZE"
        })
        .await;
        println!(
            "[{backend}] {total} message rows written in {:.0} s (triggers included)",
            started.elapsed().as_secs_f64()
        );
    }

    let stats = format!("{base}{dev}/bench-0/statistics?days=30");
    let (device_ms, s) = timed(client, &stats, token).await;
    let user = format!("{base}/api/whatsapp-multi-device/user/statistics?days=30");
    let (user_ms, u) = timed(client, &user, token).await;
    let admin = format!("{base}/api/admin/stats?days=30");
    let (admin_ms, g) = timed(client, &admin, token).await;
    println!(
        "[{backend}] 30-day statistics: one device {device_ms:.1} ms ({} received), all 50 \
         devices of a user {user_ms:.1} ms ({} received), admin view {admin_ms:.1} ms ({} messages in total)",
        s["data"]["totals"]["received"], u["data"]["totals"]["received"], g["data"]["messages"]
    );

    let since = if postgres {
        format!("to_timestamp({})", now - 30 * 86_400)
    } else {
        format!(
            "strftime('%Y-%m-%dT%H:%M:%S+00:00', {}, 'unixepoch')",
            now - 30 * 86_400
        )
    };
    let raw_device = format!(
        "SELECT from_me, status = 'failed', COUNT(*), COUNT(DISTINCT chat_jid) FROM messages \
         WHERE device_id = 'bench-0' AND timestamp >= {since} GROUP BY 1, 2"
    );
    let raw_all = format!(
        "SELECT from_me, status = 'failed', COUNT(*) FROM messages WHERE timestamp >= {since} \
         GROUP BY 1, 2"
    );
    let (raw_device_ms, raw_all_ms) = (
        raw_ms(&pool, &raw_device).await,
        raw_ms(&pool, &raw_all).await,
    );
    println!(
        "[{backend}] raw baseline from messages: one device {raw_device_ms:.1} ms, all devices \
         {raw_all_ms:.1} ms; the statistics answer {:.0}x (device), {:.0}x (user) and {:.0}x \
         (admin) faster than counting the messages",
        raw_device_ms / device_ms,
        raw_all_ms / user_ms,
        raw_all_ms / admin_ms
    );
    store_queries(&url, &pool, now, backend).await;
    let explain = if postgres {
        "EXPLAIN"
    } else {
        "EXPLAIN QUERY PLAN"
    };
    for sql in [
        "SELECT hour, SUM(outbound) FROM message_stats_hours WHERE hour >= 0 AND hour < 9999999999 \
         AND device_id = 'bench-0' GROUP BY hour",
        "SELECT hour, SUM(outbound) FROM message_stats_hours WHERE hour >= 1790000000 GROUP BY hour",
        "SELECT k, SUM(n) FROM response_stats WHERE day >= 1790000000 AND day < 1799000000 \
         GROUP BY k",
        "SELECT COUNT(*) FROM chat_activity WHERE last_at >= 1790000000",
        "SELECT COUNT(*) FROM (SELECT DISTINCT m.device_id, m.chat_jid FROM devices d JOIN \
         messages m ON m.device_id = d.device_id AND m.timestamp >= '2026-01-01' AND m.timestamp \
         < '2026-02-01' WHERE d.device_id = 'bench-0') c",
        "SELECT COUNT(*) FROM chat_waits WHERE asked_at >= 0 AND device_id = 'bench-0'",
    ] {
        let lines = pool
            .column(&format!("{explain} {sql}"), if postgres { 0 } else { 3 })
            .await;
        println!("[{backend}] plan of `{}`:\n    {}", &sql[..60], lines.join("\n    "));
    }

    // About a million messages: the newest 36.5 days of all devices.
    let from = chrono::DateTime::from_timestamp(now - DAYS * 86_400 * 1_000_000 / total.max(1), 0)
        .unwrap()
        .to_rfc3339();
    let export = format!(
        "{base}/api/export/messages?format=csv&from={}",
        urlencode(&from)
    );
    let before = rss_kib();
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(before));
    let sampler = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                peak.fetch_max(rss_kib(), std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let started = Instant::now();
    let mut r = client.get(&export).bearer_auth(token).send().await.unwrap();
    assert!(r.status().is_success());
    let (mut bytes, mut lines) = (0usize, 0usize);
    while let Some(chunk) = r.chunk().await.unwrap() {
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
    }
    sampler.abort();
    println!(
        "[{backend}] CSV export: {} messages, {:.0} MB in {:.1} s; RSS {} MB before, peak {} MB \
         (server and bench client in one process)",
        lines - 1,
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        before / 1024,
        peak.load(std::sync::atomic::Ordering::Relaxed) / 1024
    );
    pool.close().await;
    bench.remove().await;
}

/// Each read of the statistics service on its own, for each scope: where the time goes.
async fn store_queries(url: &str, pool: &Db, now: i64, backend: &str) {
    use gerbang_core::stats::StatsScope;
    let store = gerbang_store::connect(url).await.unwrap();
    let admin: i64 = pool
        .column(
            "SELECT CAST(id AS TEXT) FROM users WHERE username = 'admin'",
            0,
        )
        .await
        .first()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    // The last 30 UTC days, ending at the next midnight (Asia/Jakarta's would start at 17:00).
    let to = (now / 86_400 + 1) * 86_400 - 7 * 3600;
    let from = to - 30 * 86_400;
    let (start, end) = (
        chrono::DateTime::from_timestamp(from, 0).unwrap(),
        chrono::DateTime::from_timestamp(to, 0).unwrap(),
    );
    for (name, scope) in [
        ("device", StatsScope::Device("bench-0".into())),
        ("user", StatsScope::User(admin)),
        ("admin", StatsScope::All),
    ] {
        let mut line = format!("[{backend}] {name:>6} reads:");
        macro_rules! time {
            ($label:expr, $call:expr) => {{
                let mut best = f64::MAX;
                for _ in 0..3 {
                    let started = Instant::now();
                    $call.await.unwrap();
                    best = best.min(started.elapsed().as_secs_f64() * 1000.0);
                }
                line.push_str(&format!(" {} {best:.1} ms,", $label));
            }};
        }
        time!("hours", store.message_slots(&scope, from, to, true));
        time!("15-min slots", store.message_slots(&scope, from, to, false));
        time!("active chats", store.active_chats(&scope, start, end));
        time!("responses", store.waits(&scope, from, to));
        time!("jobs", store.job_counts(&scope, start, end));
        if matches!(scope, StatsScope::All) {
            time!("system counts", store.global_counts());
        }
        println!("{}", line.trim_end_matches(','));
    }
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}
