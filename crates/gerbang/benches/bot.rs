//! The auto-reply bot under load: 200 rules (100 keyword, 100 regex) on one simulated device.
//!
//! 1. The decision alone (matching 200 rules, business hours, hand-off keywords), in memory:
//!    time per message, p50 and p99.
//! 2. Through the real server and database: simulated contacts write 1,000 messages/s for 5 s;
//!    for each message, the time from being stored to the bot's decision being recorded and to
//!    its reply being stored, p50 and p99.
//!
//! 3. The raw database in the same run: single-row INSERT + COMMIT on the server's own database,
//!    p50 and p99, and each figure of step 2 as a multiple of it.
//!
//! Prints figures only; nothing is asserted on time. `cargo bench -p gerbang --bench bot`
//! (SQLite in a temporary directory), or with `GERBANG_BENCH_DATABASE_URL=postgres://…/empty_db`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use gerbang_app::bot::decide::{decide, Context};
use gerbang_app::bot::Compiled;
use gerbang_core::bot::{BotConfig, BotRule, MatchType, RuleSpec};

mod support;

const RULES: usize = 200;
const RATE: usize = 1000;
const SECONDS: usize = 5;
const CONTACTS: usize = 200;

fn keyword(i: usize) -> String {
    format!("produk{i}")
}

fn pattern(i: usize) -> String {
    format!(r"^(order|pesan)\s+#?{i}\d{{3,}}$")
}

/// A message that the rule `i` (of 200) answers; half are keyword rules, half regex.
fn message(i: usize) -> String {
    if i.is_multiple_of(2) {
        format!("berapa harga {} kak?", keyword(i))
    } else {
        format!("order #{i}1234")
    }
}

fn spec(i: usize) -> RuleSpec {
    let regex = i % 2 == 1;
    RuleSpec {
        name: format!("Aturan {i}"),
        enabled: true,
        match_type: if regex {
            MatchType::Regex
        } else {
            MatchType::Contains
        },
        keywords: if regex { vec![] } else { vec![keyword(i)] },
        pattern: regex.then(|| pattern(i)),
        case_sensitive: false,
        priority: 0,
        reply: format!("{{Halo|Hai}} {{{{name|Kak}}}}, jawaban {i}"),
        media_url: None,
        groups: false,
        handoff: false,
        schedule: None,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn decision_alone() {
    let rules = (0..RULES)
        .map(|i| BotRule {
            id: i as i64 + 1,
            device_id: "bench".into(),
            position: i as i32 + 1,
            spec: spec(i),
            hits: 0,
            last_hit_at: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        })
        .collect();
    let config = BotConfig {
        enabled: true,
        handoff_keywords: vec!["admin".into(), "manusia".into()],
        ..BotConfig::default()
    };
    let c = Compiled::new(config, rules);
    let ctx = Context::default();
    let n = 100_000;
    let mut times = Vec::with_capacity(n);
    let mut answered = 0;
    for k in 0..n {
        // Every rule, and one message in ten that no rule answers (the worst case: all 200 tried).
        let text = if k.is_multiple_of(10) {
            "selamat pagi, apa kabar?".to_string()
        } else {
            message(k % RULES)
        };
        let now = Utc::now();
        let started = Instant::now();
        let d = decide(&c, &text, &ctx, now);
        times.push(started.elapsed());
        answered += usize::from(d.action() == "rule");
    }
    times.sort_unstable();
    println!(
        "bot: decision alone, {RULES} rules, {n} messages ({answered} answered by a rule): p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        percentile(&times, 0.5).as_secs_f64() * 1e6,
        percentile(&times, 0.99).as_secs_f64() * 1e6,
        times.last().unwrap().as_secs_f64() * 1e6,
    );
}

/// p50 and p99 of 1,000 single-row commits on the server's database (a second connection):
/// what one durable write costs here, the unit the bot's own figures are compared with.
async fn raw_commit(url: &str) -> (Duration, Duration) {
    const N: usize = 1000;
    let mut times = Vec::with_capacity(N);
    macro_rules! run {
        ($pool:expr, $create:expr, $insert:expr) => {{
            let pool = $pool;
            sqlx::query($create).execute(&pool).await.unwrap();
            for k in 0..N {
                let started = Instant::now();
                sqlx::query($insert)
                    .bind(format!("berapa harga produk{k} kak?"))
                    .execute(&pool)
                    .await
                    .unwrap();
                times.push(started.elapsed());
            }
            sqlx::query("DROP TABLE bench_raw")
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }};
    }
    if url.starts_with("postgres") {
        run!(
            sqlx::PgPool::connect(url).await.unwrap(),
            "CREATE TABLE bench_raw (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)",
            "INSERT INTO bench_raw (body) VALUES ($1)"
        );
    } else {
        // The settings the gateway's own pool uses, so the two are measured alike.
        let options = <sqlx::sqlite::SqliteConnectOptions as std::str::FromStr>::from_str(url)
            .unwrap()
            .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5));
        run!(
            sqlx::SqlitePool::connect_with(options).await.unwrap(),
            "CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
            "INSERT INTO bench_raw (body) VALUES (?1)"
        );
    }
    times.sort_unstable();
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

fn at(v: &Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    decision_alone();

    let bench = support::BenchServer::start("bench-bot", |c| c.sim_speed = 1000.0).await;
    let (base, token, client) = (
        bench.base.clone(),
        bench.token.clone(),
        bench.client.clone(),
    );
    let call = |method: reqwest::Method, path: String, body: Value| {
        let req = client
            .request(method, format!("{base}{path}"))
            .bearer_auth(&token)
            .json(&body);
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let dev = "/api/whatsapp-multi-device/devices/botbench";
    call(
        reqwest::Method::POST,
        "/api/whatsapp-multi-device/devices".into(),
        json!({"deviceName": "Bot bench", "deviceId": "botbench"}),
    )
    .await;
    call(reqwest::Method::POST, format!("{dev}/connect"), json!({})).await;
    call(
        reqwest::Method::POST,
        "/api/sim/devices/botbench/scan".into(),
        json!({}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    call(
        reqwest::Method::PUT,
        format!("{dev}/bot/config"),
        json!({"enabled": true, "loopLimit": 1000, "handoffKeywords": ["admin"]}),
    )
    .await;
    for i in 0..RULES {
        let s = spec(i);
        call(
            reqwest::Method::POST,
            format!("{dev}/bot/rules"),
            json!({"name": s.name, "matchType": s.match_type, "keywords": s.keywords,
                   "pattern": s.pattern, "reply": s.reply}),
        )
        .await;
    }

    // 1,000 messages a second: 10 every 10 ms, each from one of 200 contacts.
    let total = RATE * SECONDS;
    let started = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_millis(10));
    // At most 256 requests in flight, as a pool of real clients would.
    let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(256));
    let mut sends = tokio::task::JoinSet::new();
    for k in 0..total {
        if k.is_multiple_of(10) {
            tick.tick().await;
        }
        let slot = slots.clone().acquire_owned().await.unwrap();
        let req = client
            .post(format!("{base}/api/sim/devices/botbench/inbound"))
            .bearer_auth(&token)
            .json(
                &json!({"from": format!("62815{:08}", k % CONTACTS), "text": message(k % RULES)}),
            );
        sends.spawn(async move {
            let ok = req.send().await.map(|r| r.status().is_success());
            drop(slot);
            ok
        });
    }
    let mut accepted = 0;
    while let Some(r) = sends.join_next().await {
        accepted += usize::from(matches!(r, Ok(Ok(true))));
    }
    let offered = started.elapsed();

    // Wait until every message has its decision (or none came for 10 s).
    let (mut last, mut last_change) = (0, Instant::now());
    let decided = loop {
        let l = call(
            reqwest::Method::GET,
            format!("{dev}/bot/logs?perPage=1"),
            json!(null),
        )
        .await;
        let n = l["data"]["total"].as_u64().unwrap_or(0) as usize;
        if n != last {
            (last, last_change) = (n, Instant::now());
        }
        if n >= accepted || last_change.elapsed() > Duration::from_secs(10) {
            break n;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let all_decided = last_change - started;
    tokio::time::sleep(Duration::from_secs(2)).await;

    // Stored → decided, and stored → reply stored, per message.
    let mut stored: HashMap<String, DateTime<Utc>> = HashMap::new();
    let mut replies: HashMap<String, DateTime<Utc>> = HashMap::new();
    for c in 0..CONTACTS {
        let jid = format!("62815{c:08}");
        let mut before = String::new();
        loop {
            let h = call(
                reqwest::Method::GET,
                format!("{dev}/chat-history/{jid}?limit=100{before}"),
                json!(null),
            )
            .await;
            let msgs = h["data"]["messages"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            for m in &msgs {
                let id = m["messageId"].as_str().unwrap().to_string();
                if m["fromMe"] == true {
                    replies.insert(id, at(&m["createdAt"]));
                } else {
                    stored.insert(id, at(&m["createdAt"]));
                }
            }
            match h["data"]["nextBefore"].as_i64() {
                Some(b) if !msgs.is_empty() => before = format!("&before={b}"),
                _ => break,
            }
        }
    }
    let mut to_decision = Vec::new();
    let mut to_reply = Vec::new();
    for page in 1.. {
        let l = call(
            reqwest::Method::GET,
            format!("{dev}/bot/logs?perPage=100&page={page}"),
            json!(null),
        )
        .await;
        let items = l["data"]["items"].as_array().cloned().unwrap_or_default();
        for it in &items {
            let Some(s) = stored.get(it["inboundId"].as_str().unwrap()) else {
                continue;
            };
            to_decision.push((at(&it["createdAt"]) - *s).to_std().unwrap_or_default());
            if let Some(r) = it["replyMessageId"].as_str().and_then(|id| replies.get(id)) {
                to_reply.push((*r - *s).to_std().unwrap_or_default());
            }
        }
        if items.len() < 100 {
            break;
        }
    }
    to_decision.sort_unstable();
    to_reply.sort_unstable();
    let (raw50, raw99) = raw_commit(&bench.config.database_url()).await;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let backend = if bench.config.database_url().starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    println!(
        "bot [{backend}]: raw database, one-row INSERT + COMMIT: p50 {:.2} ms, p99 {:.2} ms",
        ms(raw50),
        ms(raw99)
    );
    println!(
        "bot: {accepted} of {total} messages offered in {:.2} s ({:.0}/s) from {CONTACTS} contacts, {RULES} rules",
        offered.as_secs_f64(),
        accepted as f64 / offered.as_secs_f64()
    );
    println!(
        "bot: {decided} decided after {:.2} s; {} replies stored",
        all_decided.as_secs_f64(),
        to_reply.len()
    );
    let ratio = |d: Duration, raw: Duration| d.as_secs_f64() / raw.as_secs_f64().max(1e-9);
    let (d50, d99) = (
        percentile(&to_decision, 0.5),
        percentile(&to_decision, 0.99),
    );
    println!(
        "bot: stored → decision recorded: p50 {:.2} ms ({:.1}× raw p50), p99 {:.2} ms ({:.1}× raw p99)",
        ms(d50),
        ratio(d50, raw50),
        ms(d99),
        ratio(d99, raw99)
    );
    let (r50, r99) = (percentile(&to_reply, 0.5), percentile(&to_reply, 0.99));
    println!(
        "bot: stored → reply stored (decision, queue and send): p50 {:.2} ms ({:.1}× raw p50), p99 {:.2} ms ({:.1}× raw p99)",
        ms(r50),
        ratio(r50, raw50),
        ms(r99),
        ratio(r99, raw99)
    );
    bench.remove().await;
}
