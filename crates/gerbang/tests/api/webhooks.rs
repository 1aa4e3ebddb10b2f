//! Webhook delivery, end to end: a receiver on loopback that is down, then failing, then
//! well; dead letters and redelivery; validation and ownership; and (in `crash`) a SIGKILL in
//! the middle of delivering.

mod crash;
mod hmac;
pub(crate) mod receiver;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};
use receiver::{reserve_port, Mode, Receiver};

db_tests!(
    a_receiver_that_was_down_gets_every_event_once_in_chat_order,
    a_400_dead_letters_at_once_and_can_be_redelivered,
    webhook_input_is_validated_and_owned,
);

const DEV: &str = "/api/whatsapp-multi-device/devices";

async fn spawn(b: Backend) -> TestApp {
    TestApp::spawn_with(b, |c| {
        c.webhook_allow_internal = true;
        c.webhook_retry_base_ms = 20;
        c.webhook_timeout_secs = 5;
    })
    .await
}

/// Creates a webhook on the device (as admin); returns (id, secret).
async fn create_hook(app: &TestApp, device: &str, body: Value) -> (i64, String) {
    let r = app
        .post(&format!("{DEV}/{device}/webhooks"), app.admin(), body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    (
        r.data()["id"].as_i64().unwrap(),
        r.data()["secret"].as_str().unwrap().to_string(),
    )
}

async fn deliveries(app: &TestApp, hook: i64, query: &str) -> Value {
    let r = app
        .get(
            &format!("/api/webhooks/{hook}/deliveries?{query}"),
            app.admin(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data().clone()
}

/// Sends `per_sender` inbound messages from each of `senders` simulated contacts: one after
/// another per contact (so each chat has an order), the contacts side by side.
async fn inbound_burst(app: &TestApp, device: &str, senders: usize, per_sender: usize) {
    let mut tasks = Vec::new();
    for s in 0..senders {
        let (client, base, token) = (
            app.client.clone(),
            app.base.clone(),
            app.admin_token.clone(),
        );
        let url = format!("{base}/api/sim/devices/{device}/inbound");
        tasks.push(tokio::spawn(async move {
            for i in 0..per_sender {
                let r = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({"from": format!("0812000{s:05}"), "text": format!("m-{s}-{i}")}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
}

/// The text of a `message.new` body.
fn text(body: &Value) -> String {
    body["data"]["message"]["body"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

async fn a_receiver_that_was_down_gets_every_event_once_in_chat_order(b: Backend) {
    const SENDERS: usize = 8;
    const PER_SENDER: usize = 125;
    const TOTAL: usize = SENDERS * PER_SENDER;
    let started = Instant::now();
    let app = spawn(b).await;
    let device = app.device(1, "Webhook").await;
    app.link(&device).await;
    // Nothing listens on the port yet: every attempt is refused.
    let port = reserve_port();
    let (hook, secret) = create_hook(
        &app,
        &device,
        json!({"url": receiver::url(port), "events": ["message.new"], "headers": {"X-Tenant": "toko"}}),
    )
    .await;

    inbound_burst(&app, &device, SENDERS, PER_SENDER).await;
    wait_for(60, "every message in the outbox", || async {
        (deliveries(&app, hook, "perPage=1").await["total"] == TOTAL).then_some(())
    })
    .await;
    let refused = deliveries(&app, hook, "status=pending&perPage=100&page=10").await;
    assert!(
        refused["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(
                |d| d["attempts"].as_array().unwrap().iter().any(|a| a["error"]
                    .as_str()
                    .is_some_and(|e| e.contains("connection")))
            ),
        "refused attempts are recorded: {refused}"
    );
    let sent_at = started.elapsed();

    // Up, but failing for a while; then well.
    let rx = Receiver::start(port, Mode::Answer(500)).await;
    rx.set_secret(&secret);
    wait_for(30, "a few 500 answers", || async {
        (rx.hits().len() >= 3).then_some(())
    })
    .await;
    rx.set_mode(Mode::Answer(200));
    let healed_at = started.elapsed();
    wait_for(60, "every event acknowledged", || async {
        (rx.acked().len() >= TOTAL).then_some(())
    })
    .await;
    // Anything still on its way would show up now.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let hits = rx.hits();
    assert!(
        hits.iter().all(|h| h.signature_ok),
        "every signature verifies"
    );
    assert!(
        hits.iter().all(|h| h.headers_ok),
        "every request has the gateway's headers"
    );
    assert!(hits
        .iter()
        .all(|h| h.custom_header.as_deref() == Some("toko")));
    let acked = rx.acked();
    assert_eq!(acked.len(), TOTAL);
    assert!(
        acked.values().all(|n| *n == 1),
        "each event answered 2xx exactly once"
    );
    let mut delivery_ids: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    for h in &hits {
        delivery_ids
            .entry(h.event_id)
            .or_default()
            .insert(h.delivery_id);
    }
    assert!(
        delivery_ids.values().all(|ids| ids.len() == 1),
        "a retry keeps its X-Gerbang-Delivery-Id"
    );
    let texts: BTreeSet<String> = hits
        .iter()
        .filter(|h| h.status == 200)
        .map(|h| text(&h.body))
        .collect();
    let expected: BTreeSet<String> = (0..SENDERS)
        .flat_map(|s| (0..PER_SENDER).map(move |i| format!("m-{s}-{i}")))
        .collect();
    assert_eq!(texts, expected, "every inbound message, none other");

    // Per chat, requests never go back to an older event, and messages keep their order.
    let mut by_chat: BTreeMap<String, Vec<&receiver::Hit>> = BTreeMap::new();
    for h in &hits {
        by_chat.entry(h.chat.clone().unwrap()).or_default().push(h);
    }
    assert_eq!(by_chat.len(), SENDERS);
    for (chat, list) in &by_chat {
        assert!(
            list.windows(2).all(|w| w[0].event_id <= w[1].event_id),
            "{chat}: requests in event order"
        );
        let seq: Vec<usize> = list
            .iter()
            .filter(|h| h.status == 200)
            .map(|h| text(&h.body).rsplit('-').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(seq, (0..PER_SENDER).collect::<Vec<_>>(), "{chat}: in order");
    }
    let retried = hits.iter().filter(|h| h.status == 500).count();
    assert!(retried >= 3, "the 500s were retried: {retried}");

    let delivered = deliveries(&app, hook, "status=delivered&perPage=1").await;
    assert_eq!(delivered["total"], TOTAL);
    let pending = deliveries(&app, hook, "status=pending&perPage=1").await;
    assert_eq!(pending["total"], 0);
    eprintln!(
        "webhooks: {TOTAL} events over {} chats; sent by {sent_at:?}, receiver well from \
         {healed_at:?}, all delivered by {:?} ({} requests, {retried} answered 500)",
        SENDERS,
        started.elapsed(),
        hits.len()
    );
}

async fn a_400_dead_letters_at_once_and_can_be_redelivered(b: Backend) {
    let app = spawn(b).await;
    let device = app.device(1, "Ditolak").await;
    app.link(&device).await;
    let rx = Receiver::start(0, Mode::Answer(400)).await;
    let (hook, secret) = create_hook(
        &app,
        &device,
        json!({"url": rx.url(), "events": ["message.new"]}),
    )
    .await;
    rx.set_secret(&secret);
    inbound_burst(&app, &device, 1, 3).await;
    let dead = wait_for(20, "three dead letters", || async {
        let d = deliveries(&app, hook, "status=dead").await;
        (d["total"] == 3).then_some(d)
    })
    .await;
    for d in dead["items"].as_array().unwrap() {
        let attempts = d["attempts"].as_array().unwrap();
        assert_eq!(attempts.len(), 1, "a 400 is not retried: {d}");
        assert_eq!(attempts[0]["statusCode"], 400);
        assert_eq!(attempts[0]["response"].as_str().unwrap().len(), 500);
        assert!(attempts[0]["durationMs"].as_i64().is_some());
        assert_eq!(d["lastStatusCode"], 400);
        assert!(d["nextAttemptAt"].is_null());
    }
    assert_eq!(rx.hits().len(), 3);

    rx.set_mode(Mode::Answer(200));
    // Newest first: the last item is the oldest delivery.
    let items = dead["items"].as_array().unwrap();
    let first = &items[items.len() - 1];
    let (first_id, first_event) = (
        first["id"].as_i64().unwrap(),
        first["eventId"].as_i64().unwrap(),
    );
    let r = app
        .post(
            &format!("/api/webhooks/{hook}/deliveries/{first_id}/redeliver"),
            app.admin(),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["status"], "pending");
    wait_for(10, "the redelivered event", || async {
        (rx.acked().get(&first_event) == Some(&1)).then_some(())
    })
    .await;
    let d = wait_for(10, "the delivery marked delivered", || async {
        let d = deliveries(&app, hook, "status=delivered").await;
        (d["total"] == 1).then_some(d)
    })
    .await;
    assert_eq!(d["items"][0]["id"], first_id);
    assert_eq!(d["items"][0]["attempts"].as_array().unwrap().len(), 2);
    assert_eq!(
        d["items"][0]["attemptCount"], 1,
        "counted afresh since redelivery"
    );

    let r = app
        .post(
            &format!("/api/webhooks/{hook}/redeliver-dead"),
            app.admin(),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["count"], 2);
    wait_for(10, "every event acknowledged", || async {
        (rx.acked().len() == 3).then_some(())
    })
    .await;
    assert!(rx.hits().iter().all(|h| h.signature_ok && h.headers_ok));
    let r = app
        .post(
            &format!("/api/webhooks/{hook}/redeliver-dead"),
            app.admin(),
            json!({}),
        )
        .await;
    assert_eq!(r.data()["count"], 0, "nothing dead any more");
    let r = app
        .post(
            &format!("/api/webhooks/{hook}/deliveries/999999/redeliver"),
            app.admin(),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

async fn webhook_input_is_validated_and_owned(b: Backend) {
    // The default configuration: internal addresses are refused.
    let app = TestApp::spawn(b).await;
    let owner = app.user("pemilik").await;
    let other = app.user("tetangga").await;
    let device = app.device(owner.id, "Milik").await;
    let path = format!("{DEV}/{device}/webhooks");
    let ok_url = "https://example.com/hook";
    let bad = [
        (json!({"url": "ftp://example.com/hook"}), "url"),
        (json!({"url": "https://"}), "url"),
        (json!({"url": "not a url"}), "url"),
        (json!({"url": "http://127.0.0.1:9/hook"}), "url"),
        (json!({"url": "http://localhost:8080/hook"}), "url"),
        (json!({"url": "http://[::1]/hook"}), "url"),
        (json!({"url": "http://169.254.169.254/latest"}), "url"),
        (
            json!({"url": ok_url, "events": ["message.everything"]}),
            "events",
        ),
        (
            json!({"url": ok_url, "headers": {"Host": "evil.example"}}),
            "headers",
        ),
        (
            json!({"url": ok_url, "headers": {"Content-Length": "1"}}),
            "headers",
        ),
        (
            json!({"url": ok_url, "headers": {"Connection": "close"}}),
            "headers",
        ),
        (
            json!({"url": ok_url, "headers": {"X-Gerbang-Signature": "x"}}),
            "headers",
        ),
        (json!({"url": ok_url, "secret": "short"}), "secret"),
    ];
    for (body, field) in bad {
        let r = app.post(&path, Some(&owner.token), body.clone()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.body);
        assert!(r.field(field).is_some(), "{body} names {field}: {}", r.body);
    }
    let none = app.get(&path, Some(&owner.token)).await;
    assert_eq!(none.data().as_array().unwrap().len(), 0, "nothing was made");

    // Inactive: nothing is ever sent to the outside from a test.
    let r = app
        .post(
            &path,
            Some(&owner.token),
            json!({"url": ok_url, "events": ["message.new", "message.new", "message.status"],
                   "headers": {"Authorization": "Bearer t"}, "active": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let secret = r.data()["secret"].as_str().unwrap();
    assert!(
        secret.starts_with("whsec_") && secret.len() > 40,
        "{secret}"
    );
    assert_eq!(r.data()["events"], json!(["message.new", "message.status"]));
    assert_eq!(r.data()["deviceId"], device);
    let hook = r.data()["id"].as_i64().unwrap();
    let got = app
        .get(&format!("/api/webhooks/{hook}"), Some(&owner.token))
        .await;
    assert_eq!(got.status, StatusCode::OK);
    assert!(
        got.data().get("secret").is_none(),
        "the secret is shown once"
    );
    assert_eq!(got.data()["secretPrefix"], format!("{}…", &secret[..10]));
    assert_eq!(got.data()["headers"]["Authorization"], "Bearer t");

    let hook_path = format!("/api/webhooks/{hook}");
    for (method, p) in [
        ("GET", hook_path.clone()),
        ("PUT", hook_path.clone()),
        ("DELETE", hook_path.clone()),
        ("GET", format!("{hook_path}/deliveries")),
        ("POST", format!("{hook_path}/redeliver-dead")),
    ] {
        let r = app
            .request(
                method.parse().unwrap(),
                &p,
                Some(&other.token),
                Some(json!({})),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{method} {p}: {}", r.body);
    }
    let r = app.get(&path, Some(&other.token)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (key, _) = app.api_key(&device).await;
    let r = app.get(&path, Some(&key)).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "API keys manage no webhooks"
    );
    let r = app.get("/api/webhooks/999999", Some(&owner.token)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .get(
            &format!("{hook_path}/deliveries?status=lost"),
            Some(&owner.token),
        )
        .await;
    assert!(r.field("status").is_some(), "{}", r.body);

    let r = app
        .put(
            &hook_path,
            Some(&owner.token),
            json!({"url": "gopher://x", "active": false}),
        )
        .await;
    assert!(r.field("url").is_some(), "{}", r.body);
    let r = app
        .put(
            &hook_path,
            Some(&owner.token),
            json!({"headers": {"X-Gerbang-Event": "x"}}),
        )
        .await;
    assert!(r.field("headers").is_some(), "{}", r.body);
    let r = app
        .put(
            &hook_path,
            Some(&owner.token),
            json!({"events": [], "url": "https://example.org/h"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["url"], "https://example.org/h");
    assert_eq!(r.data()["events"], json!([]));
    assert_eq!(r.data()["active"], false);

    // Global webhooks: administrators only.
    let global = json!({"url": ok_url, "active": false});
    let r = app
        .post("/api/admin/webhooks", Some(&owner.token), global.clone())
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.post("/api/admin/webhooks", app.admin(), global).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.data()["deviceId"].is_null());
    let global_id = r.data()["id"].as_i64().unwrap();
    let r = app
        .get(&format!("/api/webhooks/{global_id}"), Some(&owner.token))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let list = app.get("/api/admin/webhooks", app.admin()).await;
    assert_eq!(list.data().as_array().unwrap().len(), 1);

    let r = app
        .delete(&format!("/api/webhooks/{global_id}"), app.admin())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for action in ["webhook.create", "webhook.update", "webhook.delete"] {
        let log = app
            .get(&format!("/api/admin/logs?action={action}"), app.admin())
            .await;
        assert!(
            log.data()["total"].as_i64().unwrap() >= 1,
            "{action}: {}",
            log.body
        );
        assert!(
            !log.body.to_string().contains(secret),
            "no secret in the audit log"
        );
    }

    // Deleting the device deletes its webhooks.
    let r = app.delete(&format!("{DEV}/{device}"), app.admin()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.get(&hook_path, app.admin()).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
