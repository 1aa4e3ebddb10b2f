//! SIGKILL while simulated contacts write to a device with the bot on: after the restart every
//! stored message has exactly one decision (those stored but not yet decided are answered at
//! start-up), and no message is answered twice.

use std::collections::HashMap;
use std::time::Duration;

use rand::Rng;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{postgres_base_url, Backend};
use crate::process::{Api, Server, TempDir};
use gerbang_store::test_db::{create_pg_database, drop_pg_database};

const PASSWORD: &str = "bot-crash-admin-pass";
const DEV: &str = "/api/whatsapp-multi-device/devices/crashbot";

db_tests!(sigkill_during_a_burst_never_answers_a_message_twice);

async fn wait_until<F, Fut>(secs: u64, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    while !check().await {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Every chat's messages, by chat, and every bot decision.
async fn snapshot(api: &Api) -> (HashMap<String, Vec<Value>>, Vec<Value>) {
    let mut inbound = HashMap::new();
    let chats = api.get(&format!("{DEV}/chats?limit=100")).await;
    for chat in chats.as_array().unwrap() {
        let jid = chat["chatJid"].as_str().unwrap().to_string();
        let h = api
            .get(&format!("{DEV}/chat-history/{jid}?limit=100"))
            .await;
        inbound.insert(jid, h["messages"].as_array().unwrap().clone());
    }
    let mut logs = Vec::new();
    for page in 1..=5 {
        let l = api
            .get(&format!("{DEV}/bot/logs?perPage=100&page={page}"))
            .await;
        logs.extend(l["items"].as_array().unwrap().iter().cloned());
    }
    (inbound, logs)
}

async fn sigkill_during_a_burst_never_answers_a_message_twice(b: Backend) {
    let dir = TempDir::new();
    let mut env: Vec<(&str, String)> = vec![
        ("GERBANG_ENGINE", "sim".into()),
        ("GERBANG_SIM_SPEED", "50".into()),
        ("GERBANG_ADMIN_PASSWORD", PASSWORD.into()),
        ("GERBANG_RATE_LIMIT_PER_MINUTE", "0".into()),
        ("GERBANG_AUTH_RATE_LIMIT_PER_MINUTE", "0".into()),
        ("GERBANG_LOG", "info,gerbang_engine_sim=warn".into()),
    ];
    let mut pg = None;
    if b == Backend::Postgres {
        let base = postgres_base_url().expect("PostgreSQL URL");
        let name = format!("gerbang_t_{}", uuid::Uuid::new_v4().simple());
        env.push((
            "GERBANG_DATABASE_URL",
            create_pg_database(&base, &name).await,
        ));
        pg = Some((base, name));
    }
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let server = Server::start_with(&dir.0, &env);
    server.wait_ready();
    let api = Api::sign_in(&server.base(), PASSWORD).await;
    api.post(
        "/api/whatsapp-multi-device/devices",
        json!({"deviceName": "Bot", "deviceId": "crashbot"}),
    )
    .await;
    api.post(&format!("{DEV}/connect"), json!({})).await;
    api.post("/api/sim/devices/crashbot/scan", json!({})).await;
    wait_until(15, "the device to connect", || async {
        api.get(&format!("{DEV}/status")).await["status"] == "connected"
    })
    .await;
    api.call(
        reqwest::Method::PUT,
        &format!("{DEV}/bot/config"),
        Some(json!({"enabled": true, "loopLimit": 1000})),
    )
    .await;
    api.post(
        &format!("{DEV}/bot/rules"),
        json!({"name": "Halo", "keywords": ["halo"], "reply": "Halo juga {{name|Kak}}"}),
    )
    .await;

    // 20 contacts write 10 messages each, as fast as the gateway takes them.
    let base = server.base();
    let token = api.token.clone();
    let burst = tokio::spawn(async move {
        let client = reqwest::Client::new();
        for i in 0..10 {
            for c in 0..20 {
                let from = format!("628140000{c:04}");
                let r = client
                    .post(format!("{base}/api/sim/devices/crashbot/inbound"))
                    .bearer_auth(&token)
                    .json(&json!({"from": from, "text": format!("halo {i}")}))
                    .send()
                    .await;
                if r.is_err() {
                    return;
                }
            }
        }
    });
    tokio::time::sleep(Duration::from_millis(
        rand::thread_rng().gen_range(300..900),
    ))
    .await;
    server.kill();
    let _ = burst.await;

    let server = Server::start_with(&dir.0, &env);
    server.wait_ready();
    let api = Api::sign_in(&server.base(), PASSWORD).await;
    // Decisions taken just before the kill whose reply may or may not have gone out stay
    // `claimed` for good; none may be added after the restart.
    let claimed_before = api.get(&format!("{DEV}/bot/logs?perPage=100")).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["status"] == "claimed")
        .count();

    // Every stored inbound message gets its one decision (the undecided ones at start-up).
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let (inbound, logs) = loop {
        let (inbound, logs) = snapshot(&api).await;
        let received: usize = inbound
            .values()
            .map(|ms| ms.iter().filter(|m| m["fromMe"] == false).count())
            .sum();
        // Replies decided after the restart are sent, not left `claimed`.
        let sending = logs.iter().filter(|l| l["status"] == "claimed").count();
        if received > 0 && logs.len() == received && sending <= claimed_before {
            break (inbound, logs);
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{} decisions for {received} messages, {sending} claimed",
            logs.len()
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    };

    let received: usize = inbound
        .values()
        .map(|ms| ms.iter().filter(|m| m["fromMe"] == false).count())
        .sum();
    let replies: usize = inbound
        .values()
        .map(|ms| ms.iter().filter(|m| m["fromMe"] == true).count())
        .sum();
    eprintln!("bot crash: {received} messages stored, {replies} replies, {claimed_before} left claimed by the kill");
    assert!(received < 200, "the kill should interrupt the burst");
    let mut decided: Vec<&str> = logs
        .iter()
        .map(|l| l["inboundId"].as_str().unwrap())
        .collect();
    decided.sort_unstable();
    decided.dedup();
    assert_eq!(decided.len(), logs.len(), "one decision per message");
    let mut reply_ids: Vec<&str> = logs
        .iter()
        .filter_map(|l| l["replyMessageId"].as_str())
        .collect();
    let n = reply_ids.len();
    reply_ids.sort_unstable();
    reply_ids.dedup();
    assert_eq!(reply_ids.len(), n, "a reply belongs to one decision");
    for (jid, msgs) in &inbound {
        let received = msgs.iter().filter(|m| m["fromMe"] == false).count();
        let replies = msgs.iter().filter(|m| m["fromMe"] == true).count();
        let decisions = logs
            .iter()
            .filter(|l| l["contactJid"] == jid.as_str())
            .count();
        assert_eq!(decisions, received, "{jid}");
        assert!(
            replies <= received,
            "{jid}: {replies} replies to {received} messages"
        );
        for m in msgs.iter().filter(|m| m["fromMe"] == true) {
            assert_eq!(
                m["body"].as_str().map(|b| b.starts_with("Halo juga")),
                Some(true)
            );
        }
    }
    server.stop();
    if let Some((base, name)) = pg {
        drop_pg_database(&base, &name).await;
    }
}
