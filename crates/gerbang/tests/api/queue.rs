//! Seed 003's durable queue over HTTP with the simulator: messages queued while the device is
//! offline go out once it is back, safe failures are retried with backoff up to the attempt
//! limit, unsafe ones never, and the queue routes pause, resume, retry, clean and clear.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    queued_messages_wait_for_the_device_and_the_queue_pauses,
    safe_failures_are_retried_with_backoff_and_unsafe_ones_are_not,
    bad_queue_input_is_refused_and_changes_nothing,
    clean_removes_old_finished_messages_and_clear_empties_the_queue,
    every_seed_003_route_answers,
);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const ROUTES: &str = include_str!("seed003_routes.txt");

async fn enqueue(app: &TestApp, number: &str, message: &str) -> String {
    let r = app
        .post(
            "/api/whatsapp/send-message",
            app.admin(),
            json!({"number": number, "message": message, "priority": "HIGH"}),
        )
        .await;
    // Seed 003's answer: 200 with `queued` at the top, Gerbang's `data` beside it.
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["queued"], true, "{}", r.body);
    assert_eq!(r.data()["queued"], true);
    assert_eq!(r.data()["delivery"], "queued");
    assert_eq!(r.data()["priority"], "HIGH");
    assert_eq!(r.data()["id"], r.data()["jobId"]);
    r.data()["id"].as_str().unwrap().to_string()
}

async fn item(app: &TestApp, id: &str) -> Value {
    let r = app
        .get(&format!("/api/whatsapp/queue/job/{id}"), app.admin())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data().clone()
}

async fn wait_item(app: &TestApp, id: &str, status: &str) -> Value {
    wait_for(15, &format!("{id} to be {status}"), || async {
        let it = item(app, id).await;
        (it["status"] == status).then_some(it)
    })
    .await
}

async fn stats(app: &TestApp) -> Value {
    let r = app.get("/api/whatsapp/queue/stats", app.admin()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data().clone()
}

async fn outbox(app: &TestApp, device: &str) -> usize {
    app.get(&format!("/api/sim/devices/{device}/outbox"), app.admin())
        .await
        .data()
        .as_array()
        .unwrap()
        .len()
}

async fn fault(app: &TestApp, device: &str, body: Value) {
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/faults"),
            app.admin(),
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn advance(app: &TestApp, secs: f64) {
    let r = app
        .post("/api/sim/clock", app.admin(), json!({"advanceSecs": secs}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// A device of the admin's (so it is the admin's default), linked, sending quickly.
async fn fast_queue(app: &TestApp, name: &str) -> String {
    let device = app.device(1, name).await;
    app.link(&device).await;
    let r = app
        .post(
            "/api/whatsapp/queue/config",
            app.admin(),
            json!({"concurrency": 10, "processInterval": 2000}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["batchSize"], 10);
    assert_eq!(r.data()["intervalMs"], 2000);
    assert_eq!(r.data()["delaySecs"], 0.2);
    device
}

async fn queued_messages_wait_for_the_device_and_the_queue_pauses(b: Backend) {
    let app = TestApp::spawn(b).await;
    let device = fast_queue(&app, "Antrean").await;
    let r = app
        .delete(&format!("{DEV}/{device}/disconnect"), app.admin())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.wait_status(&device, "disconnected").await;

    let first = enqueue(&app, "0812-1111-2222", "Satu").await;
    let second = enqueue(&app, "081233334444", "Dua").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let s = stats(&app).await;
    assert_eq!(s["total"], 2, "{s}");
    assert_eq!(s["completed"], 0, "nothing goes out while offline: {s}");
    assert_eq!(
        s["waiting"].as_i64().unwrap() + s["delayed"].as_i64().unwrap(),
        2,
        "{s}"
    );
    assert_eq!(outbox(&app, &device).await, 0);
    let it = item(&app, &first).await;
    assert_eq!(
        it["attempts"], 0,
        "waiting for the device is no attempt: {it}"
    );
    assert_eq!(it["number"], "6281211112222");
    assert_eq!(it["message"], "Satu");

    // Back online: both go out, in order, once each.
    let r = app
        .post(&format!("{DEV}/{device}/connect"), app.admin(), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let a = wait_item(&app, &first, "completed").await;
    let b2 = wait_item(&app, &second, "completed").await;
    assert!(a["messageId"].is_string(), "{a}");
    assert!(a["finishedOn"].as_str() <= b2["finishedOn"].as_str());
    assert_eq!(outbox(&app, &device).await, 2);
    // The same message is a job in the job API.
    let job = app
        .get(
            &format!("/api/whatsapp-multi-device/jobs/{first}"),
            app.admin(),
        )
        .await;
    assert_eq!(job.data()["kind"], "queue");
    assert_eq!(job.data()["progress"]["sent"], 1);

    // Paused: new messages are queued paused and nothing goes out until resumed.
    let r = app
        .post("/api/whatsapp/queue/pause", app.admin(), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["queuePaused"], true);
    let third = enqueue(&app, "081255556666", "Tiga").await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(item(&app, &third).await["status"], "paused");
    assert_eq!(outbox(&app, &device).await, 2);
    let list = app
        .get("/api/whatsapp/retry-queue?status=paused", app.admin())
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.data()["queueSize"], 3);
    assert_eq!(list.data()["paused"], 1);
    assert_eq!(list.data()["completed"], 2);
    assert_eq!(list.data()["queuePaused"], true);
    let msgs = list.data()["messages"].as_array().unwrap();
    assert_eq!(msgs.len(), 1);
    assert_eq!(msgs[0]["jobId"], third.as_str());

    let r = app
        .post("/api/whatsapp/queue/resume", app.admin(), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["count"], 1);
    assert_eq!(r.data()["queuePaused"], false);
    wait_item(&app, &third, "completed").await;
    assert_eq!(outbox(&app, &device).await, 3);
    let all = app
        .get(
            "/api/whatsapp/retry-queue?status=completed&start=1&end=3",
            app.admin(),
        )
        .await;
    let msgs = all.data()["messages"].as_array().unwrap();
    assert_eq!(msgs.len(), 2, "start/end page the list: {}", all.body);
    assert_eq!(msgs[0]["jobId"], second.as_str());
}

async fn safe_failures_are_retried_with_backoff_and_unsafe_ones_are_not(b: Backend) {
    let app = TestApp::spawn(b).await;
    let device = fast_queue(&app, "Ulang").await;
    let r = app
        .post(
            "/api/whatsapp/queue/config",
            app.admin(),
            json!({"maxAttempts": 2}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["maxAttempts"], 2);
    assert_eq!(r.data()["batchSize"], 10, "other settings kept");

    // Rate limited once: waits WhatsApp's 60 s, then goes out.
    fault(&app, &device, json!({"kind": "rate_limit", "count": 1})).await;
    let id = enqueue(&app, "081200000001", "Sabar").await;
    // The attempt is counted, then its backoff set: wait for both.
    let it = wait_for(15, "the first attempt", || async {
        let it = item(&app, &id).await;
        (it["attempts"] == 1 && it["status"] == "delayed").then_some(it)
    })
    .await;
    assert_eq!(it["recipientStatus"], "pending");
    assert!(it["nextAttemptAt"].is_string(), "{it}");
    assert_eq!(outbox(&app, &device).await, 0);
    advance(&app, 61.0).await;
    let it = wait_item(&app, &id, "completed").await;
    assert_eq!(it["attempts"], 1);
    assert_eq!(outbox(&app, &device).await, 1);

    // Rate limited twice with two attempts allowed: failed, then retried by hand.
    fault(&app, &device, json!({"kind": "rate_limit", "count": 2})).await;
    let id = enqueue(&app, "081200000002", "Gagal dulu").await;
    wait_for(15, "the first attempt", || async {
        let it = item(&app, &id).await;
        (it["attempts"] == 1 && it["status"] == "delayed").then_some(())
    })
    .await;
    advance(&app, 61.0).await;
    let it = wait_item(&app, &id, "failed").await;
    assert_eq!(it["attempts"], 2);
    assert_eq!(it["recipientStatus"], "failed");
    let reason = it["failedReason"].as_str().unwrap();
    assert!(reason.contains("gave up after 2 attempts"), "{reason}");
    assert_eq!(outbox(&app, &device).await, 1);
    let r = app
        .post(
            &format!("/api/whatsapp/queue/retry/{id}"),
            app.admin(),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["attempts"], 0, "a retry starts the count again");
    wait_item(&app, &id, "completed").await;
    assert_eq!(outbox(&app, &device).await, 2);
    let r = app
        .post(
            &format!("/api/whatsapp/queue/retry/{id}"),
            app.admin(),
            json!({}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "a sent one is not sent again"
    );

    // Refused by WhatsApp: not safe to repeat, so failed at once with no retry.
    fault(
        &app,
        &device,
        json!({"kind": "send_failure", "count": 1, "reason": "recipient unreachable"}),
    )
    .await;
    let id = enqueue(&app, "081200000003", "Ditolak").await;
    let it = wait_item(&app, &id, "failed").await;
    assert_eq!(it["attempts"], 0, "{it}");
    assert!(
        it["failedReason"]
            .as_str()
            .unwrap()
            .contains("recipient unreachable"),
        "{it}"
    );
    advance(&app, 600.0).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(item(&app, &id).await["status"], "failed", "never retried");
    assert_eq!(outbox(&app, &device).await, 2);
    let s = stats(&app).await;
    assert_eq!(
        (s["completed"].as_i64(), s["failed"].as_i64()),
        (Some(2), Some(1))
    );
}

async fn bad_queue_input_is_refused_and_changes_nothing(b: Backend) {
    let app = TestApp::spawn(b).await;
    let device = app.device(1, "Salah").await;
    let admin = app.admin();
    let send = |body: Value| app.post("/api/whatsapp/send-message", admin, body);
    let r = send(json!({"number": "081234567890"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("message"),
        "{}",
        r.body
    );
    let r = send(json!({"number": "12", "message": "x"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("phone").is_some(), "{}", r.body);
    let r = send(json!({"number": "081234567890", "message": "  "})).await;
    assert!(r.field("message").is_some(), "{}", r.body);
    let r = send(json!({"number": "081234567890", "to": "081234567891", "message": "x"})).await;
    assert_eq!(
        r.status,
        StatusCode::BAD_REQUEST,
        "two names for one field: {}",
        r.body
    );
    let r = send(json!({"number": "081234567890", "message": "x", "priority": "URGENT"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);

    let config = |body: Value| app.post("/api/whatsapp/queue/config", admin, body);
    let r = config(json!({})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("concurrency").is_some(), "{}", r.body);
    let r = config(json!({"concurrency": 11, "processInterval": 100, "maxAttempts": 0})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    for f in ["concurrency", "processInterval", "maxAttempts"] {
        assert!(r.field(f).is_some(), "{f}: {}", r.body);
    }
    let r = config(json!({"concurrency": 2, "stalledTimeout": 5})).await;
    assert!(r.field("stalledTimeout").is_some(), "{}", r.body);
    let r = config(json!({"concurrency": 2, "stalledTimeout": 300000})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["ignored"], json!(["stalledTimeout"]));
    let r = config(json!({"concurrency": "many"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);

    for (q, field) in [
        ("status=bogus", "status"),
        ("start=-1", "start"),
        ("start=5&end=5", "end"),
        ("start=0&end=500", "end"),
    ] {
        let r = app
            .get(&format!("/api/whatsapp/retry-queue?{q}"), admin)
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}: {}", r.body);
        assert!(r.field(field).is_some(), "{q}: {}", r.body);
    }
    let r = app
        .post("/api/whatsapp/queue/clean", admin, json!({"grace": -1}))
        .await;
    assert!(r.field("grace").is_some(), "{}", r.body);
    let r = app.get("/api/whatsapp/queue/job/job-nope", admin).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = app
        .post("/api/whatsapp/queue/retry/job-nope", admin, json!({}))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    // Nothing was queued and the settings are the ones the one good call set.
    let s = stats(&app).await;
    assert_eq!(s["total"], 0, "{s}");
    let c = app.get("/api/whatsapp/queue/config", admin).await;
    assert_eq!(c.data()["deviceId"], device.as_str());
    assert_eq!(c.data()["batchSize"], 2);
    assert_eq!(c.data()["intervalMs"], 5000);
    assert_eq!(c.data()["maxAttempts"], 3);
}

async fn clean_removes_old_finished_messages_and_clear_empties_the_queue(b: Backend) {
    let app = TestApp::spawn(b).await;
    let device = fast_queue(&app, "Bersih").await;
    let sent = enqueue(&app, "081200000011", "Terkirim").await;
    wait_item(&app, &sent, "completed").await;
    wait_for(15, "the job to finish", || async {
        let j = app
            .get(
                &format!("/api/whatsapp-multi-device/jobs/{sent}"),
                app.admin(),
            )
            .await;
        (j.data()["status"] == "completed").then_some(())
    })
    .await;
    let r = app
        .delete(&format!("{DEV}/{device}/disconnect"), app.admin())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.wait_status(&device, "disconnected").await;
    let waiting = enqueue(&app, "081200000012", "Menunggu").await;

    let clean = |body: Value| app.post("/api/whatsapp/queue/clean", app.admin(), body);
    let r = clean(json!({"grace": 3_600_000})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["count"], 0, "nothing an hour old");
    tokio::time::sleep(Duration::from_millis(50)).await;
    let r = clean(json!({"grace": 0})).await;
    assert_eq!(r.data()["count"], 1, "{}", r.body);
    let s = stats(&app).await;
    assert_eq!(s["total"], 1, "the waiting one stays: {s}");
    let r = app
        .get(&format!("/api/whatsapp/queue/job/{sent}"), app.admin())
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Its message stays in the chat history.
    let h = app.get(&format!("{DEV}/{device}/chats"), app.admin()).await;
    assert_eq!(h.status, StatusCode::OK, "{}", h.body);
    assert!(h.body.to_string().contains("Terkirim"), "{}", h.body);

    let r = app
        .post("/api/whatsapp/queue/clear", app.admin(), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["count"], 1);
    assert_eq!(stats(&app).await["total"], 0);
    let r = app
        .get(&format!("/api/whatsapp/queue/job/{waiting}"), app.admin())
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Cleared means never sent, even once the device is back.
    let c = app
        .post(&format!("{DEV}/{device}/connect"), app.admin(), json!({}))
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    app.wait_status(&device, "connected").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(outbox(&app, &device).await, 1);
}

/// Seed 003's routes (`seed003_routes.txt`) answer at their exact method and path.
async fn every_seed_003_route_answers(b: Backend) {
    let app = TestApp::spawn(b).await;
    let _device = app.device(1, "Seed 3").await;
    let id = enqueue(&app, "081234567890", "Halo").await;
    let routes: Vec<(Method, String)> = ROUTES
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (m, p) = l.split_once(' ').expect("METHOD /path");
            (m.parse().unwrap(), p.trim().replace(":jobId", &id))
        })
        .collect();
    assert!(routes.len() >= 14, "{}", routes.len());
    let mut failures = Vec::new();
    for (method, path) in routes {
        let body = (method == Method::POST).then(|| match path.as_str() {
            "/api/auth/login" => {
                json!({"email": "admin", "password": crate::harness::ADMIN_PASSWORD})
            }
            "/api/whatsapp/send-message" => json!({"number": "081234567890", "message": "Hai"}),
            "/api/whatsapp/queue/config" => json!({"concurrency": 3, "processInterval": 5000}),
            _ => json!({}),
        });
        let r = app.request(method.clone(), &path, app.admin(), body).await;
        let missing = r.status == StatusCode::METHOD_NOT_ALLOWED
            || (r.status == StatusCode::NOT_FOUND && r.body["error"]["message"] == "no such route");
        if missing || r.status.is_server_error() {
            failures.push(format!("{method} {path}: {} {}", r.status.as_u16(), r.body));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
