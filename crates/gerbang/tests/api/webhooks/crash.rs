//! SIGKILL in the middle of delivering: the real binary, on SQLite, killed and started again on
//! the same data directory. Whatever was not acknowledged is delivered after the restart.

use std::collections::BTreeMap;

use serde_json::json;

use super::receiver::{Mode, Receiver};
use crate::harness::wait_for;
use crate::process::{Api, Server, TempDir};

const PASSWORD: &str = "kill-admin-pass";
const DEV: &str = "/api/whatsapp-multi-device/devices";

/// The gateway's settings for this test.
const ENV: &[(&str, &str)] = &[
    ("GERBANG_ENGINE", "sim"),
    ("GERBANG_SIM_SPEED", "20"),
    ("GERBANG_ADMIN_PASSWORD", PASSWORD),
    ("GERBANG_WEBHOOK_ALLOW_INTERNAL", "true"),
    ("GERBANG_WEBHOOK_RETRY_BASE_MS", "20"),
    // Claims of the killed process lapse after 1.5 × timeout + 2 s.
    ("GERBANG_WEBHOOK_TIMEOUT_SECS", "1"),
    ("GERBANG_RATE_LIMIT_PER_MINUTE", "0"),
    ("GERBANG_AUTH_RATE_LIMIT_PER_MINUTE", "0"),
];

fn start(dir: &TempDir) -> Server {
    let server = Server::start_with(&dir.0, ENV);
    server.wait_ready();
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_delivery_loses_nothing() {
    const SENDERS: usize = 4;
    const PER_SENDER: usize = 50;
    const TOTAL: usize = SENDERS * PER_SENDER;
    let dir = TempDir::new();
    let rx = Receiver::start(0, Mode::Slow(80)).await;

    let gateway = start(&dir);
    let api = Api::sign_in(&gateway.base(), PASSWORD).await;
    api.post(
        DEV,
        json!({"deviceName": "Dibunuh", "deviceId": "kill-dev"}),
    )
    .await;
    api.post(&format!("{DEV}/kill-dev/connect"), json!({}))
        .await;
    api.post("/api/sim/devices/kill-dev/scan", json!({})).await;
    wait_for(15, "the device to connect", || async {
        (api.get(&format!("{DEV}/kill-dev/status")).await["status"] == "connected").then_some(())
    })
    .await;
    let hook = api
        .post(
            &format!("{DEV}/kill-dev/webhooks"),
            json!({"url": rx.url(), "events": ["message.new"]}),
        )
        .await;
    rx.set_secret(hook["secret"].as_str().unwrap());
    let hook_id = hook["id"].as_i64().unwrap();

    let mut tasks = Vec::new();
    for s in 0..SENDERS {
        let (client, base, token) = (api.client.clone(), api.base.clone(), api.token.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..PER_SENDER {
                let r = client
                    .post(format!("{base}/api/sim/devices/kill-dev/inbound"))
                    .bearer_auth(&token)
                    .json(&json!({"from": format!("0813000{s:05}"), "text": format!("k-{s}-{i}")}))
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    // Every message is stored (the simulator's network lives in memory and dies with it)...
    wait_for(30, "every message in the outbox", || async {
        let d = api
            .get(&format!("/api/webhooks/{hook_id}/deliveries?perPage=1"))
            .await;
        (d["total"] == TOTAL).then_some(())
    })
    .await;
    // ... and delivery is under way but not done.
    wait_for(30, "some deliveries", || async {
        (rx.acked().len() >= 20).then_some(())
    })
    .await;
    let before = rx.acked().len();
    gateway.kill();
    assert!(
        before < TOTAL,
        "killed mid-delivery ({before} of {TOTAL} acknowledged)"
    );

    let gateway = start(&dir);
    wait_for(60, "every event after the restart", || async {
        (rx.acked().len() >= TOTAL).then_some(())
    })
    .await;
    let api = Api::sign_in(&gateway.base(), PASSWORD).await;
    let delivered = api
        .get(&format!(
            "/api/webhooks/{hook_id}/deliveries?status=delivered&perPage=1"
        ))
        .await;
    assert_eq!(delivered["total"], TOTAL);

    let hits = rx.hits();
    assert!(hits.iter().all(|h| h.signature_ok && h.headers_ok));
    let acked = rx.acked();
    assert_eq!(acked.len(), TOTAL, "every event acknowledged at least once");
    let duplicates: usize = acked.values().map(|n| n - 1).sum();
    assert!(
        duplicates <= SENDERS,
        "only deliveries in flight at the kill (one per chat at most) came twice: {duplicates}"
    );
    // Per chat, the first receipt of each event follows the event order, and the messages'.
    let mut first: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for h in &hits {
        let list = first.entry(h.chat.clone().unwrap()).or_default();
        if !list.iter().any(|(id, _)| *id == h.event_id) {
            list.push((h.event_id, super::text(&h.body)));
        }
    }
    assert_eq!(first.len(), SENDERS);
    for (chat, list) in &first {
        assert!(
            list.windows(2).all(|w| w[0].0 < w[1].0),
            "{chat}: first receipts in order"
        );
        let seq: Vec<usize> = list
            .iter()
            .map(|(_, t)| t.rsplit('-').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(seq, (0..PER_SENDER).collect::<Vec<_>>(), "{chat}");
    }
    eprintln!(
        "webhooks/crash: killed after {before} of {TOTAL} acknowledgements; {duplicates} \
         delivered twice after the restart"
    );
    gateway.kill();
}
