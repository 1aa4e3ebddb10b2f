//! A device's session over its life: deleting a device ends its session (no more QR codes, no
//! stored session left) so its id can be used again; a wipe ends on `disconnected` in the row
//! and in the events alike; a linked device refuses a pairing code; and with WhatsApp out of
//! reach `connect` and `pairing-code` answer at once and a never-linked device stays down
//! after a restart.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    deleting_a_device_ends_its_session_and_frees_its_id,
    a_wipe_ends_on_disconnected_in_the_row_and_the_events,
    a_linked_device_refuses_a_pairing_code,
    offline_connect_answers_at_once_and_a_never_linked_device_is_not_restored,
);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";

async fn create(app: &TestApp, owner: i64, id: &str) {
    let r = app
        .post(
            DEVICES,
            app.admin(),
            json!({"deviceName": id, "userId": owner, "deviceId": id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

async fn connect(app: &TestApp, id: &str) -> Value {
    let c = app
        .post(&format!("{DEVICES}/{id}/connect"), app.admin(), json!({}))
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    c.data().clone()
}

/// Every event on the stream until it is quiet for `quiet`.
async fn drain(sse: &mut Sse, quiet: Duration) -> Vec<Value> {
    let mut out = Vec::new();
    while let Some((_, event)) = sse.next(quiet).await {
        out.push(event);
    }
    out
}

async fn deleting_a_device_ends_its_session_and_frees_its_id(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;

    // One device waits for a scan (its QR codes rotate every second at this sim speed)…
    create(&app, owner.id, "kasir-qr").await;
    connect(&app, "kasir-qr").await;
    app.wait_status("kasir-qr", "qr_required").await;
    // …and one is linked.
    create(&app, owner.id, "kasir-linked").await;
    app.link("kasir-linked").await;

    let mut sse = Sse::open(&app, "", app.admin().unwrap(), None).await;
    drain(&mut sse, Duration::from_millis(300)).await;
    for id in ["kasir-qr", "kasir-linked"] {
        let d = app.delete(&format!("{DEVICES}/{id}"), app.admin()).await;
        assert_eq!(d.status, StatusCode::OK, "{}", d.body);
    }
    // The first QR code lasts 3 s, the next ones 1 s: a session left running would show more.
    let after = drain(&mut sse, Duration::from_millis(4_500)).await;
    let stray: Vec<&Value> = after
        .iter()
        .filter(|e| e["type"] != "connected")
        .filter(|e| {
            let id = e["data"]["deviceId"].as_str().unwrap_or("");
            id == "kasir-qr" || id == "kasir-linked"
        })
        .collect();
    assert!(stray.is_empty(), "events of deleted devices: {stray:?}");

    // The same ids again: each starts clean, with QR codes, not the old link.
    for id in ["kasir-qr", "kasir-linked"] {
        create(&app, owner.id, id).await;
        let c = connect(&app, id).await;
        let st = app.wait_status(id, "qr_required").await;
        assert_eq!(st["phoneNumber"], Value::Null, "{st}");
        let qr = app.get(&format!("{DEVICES}/{id}/qr"), app.admin()).await;
        assert_eq!(qr.status, StatusCode::OK, "{id}: {} / {c}", qr.body);
    }
    // And the re-created device links like a new one.
    let s = app
        .post("/api/sim/devices/kasir-linked/scan", app.admin(), json!({}))
        .await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    app.wait_status("kasir-linked", "connected").await;
}

async fn a_wipe_ends_on_disconnected_in_the_row_and_the_events(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    // A few rounds: the engine's own `logged_out` report used to race the wipe's status.
    for round in 0..3 {
        let id = format!("kasir-wipe-{round}");
        create(&app, owner.id, &id).await;
        app.link(&id).await;
        let mut sse = Sse::open(&app, &format!("?deviceId={id}"), app.admin().unwrap(), None).await;
        drain(&mut sse, Duration::from_millis(200)).await;
        let w = app
            .post(
                &format!("{DEVICES}/{id}/cancel-and-wipe"),
                app.admin(),
                json!({}),
            )
            .await;
        assert_eq!(w.status, StatusCode::OK, "{}", w.body);
        let events = drain(&mut sse, Duration::from_millis(1_500)).await;
        let statuses: Vec<&str> = events
            .iter()
            .filter(|e| e["type"] == "whatsapp-status")
            .filter_map(|e| e["data"]["status"].as_str())
            .collect();
        let row = app.status(&id).await;
        assert_eq!(row["status"], "disconnected", "{row}");
        assert_eq!(statuses.last(), Some(&"disconnected"), "{statuses:?}");
        assert!(!statuses.contains(&"logged_out"), "{statuses:?}");
    }
}

async fn a_linked_device_refuses_a_pairing_code(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    create(&app, owner.id, "kasir-pair").await;
    app.link("kasir-pair").await;
    let r = app
        .post(
            &format!("{DEVICES}/kasir-pair/pairing-code"),
            app.admin(),
            json!({"phone": "081234567890"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let message = r.body["error"]["message"].as_str().unwrap_or("");
    assert!(message.contains("already paired"), "{}", r.body);
    assert!(message.contains("cancel-and-wipe"), "{}", r.body);
    assert_eq!(app.status("kasir-pair").await["status"], "connected");
}

async fn offline_connect_answers_at_once_and_a_never_linked_device_is_not_restored(b: Backend) {
    use gerbang_wa_fake::{FakeWhatsapp, Step};
    // WhatsApp out of reach: every connection is dropped in the middle of the handshake.
    let fake = FakeWhatsapp::start(|_| vec![Step::RefuseHandshake]).await;
    let url = fake.url.clone();
    let app = TestApp::spawn_with(b, move |c| {
        c.engine = "whatsapp".into();
        c.whatsapp_url = Some(url);
    })
    .await;
    let owner = app.user("toko").await;
    create(&app, owner.id, "kasir-offline").await;

    let started = std::time::Instant::now();
    let c = connect(&app, "kasir-offline").await;
    assert!(
        started.elapsed() < Duration::from_millis(2_000),
        "connect took {:?}",
        started.elapsed()
    );
    assert_eq!(c["status"], "connecting", "{c}");
    assert_eq!(c["qr"], Value::Null, "{c}");

    let started = std::time::Instant::now();
    let p = app
        .post(
            &format!("{DEVICES}/kasir-offline/pairing-code"),
            app.admin(),
            json!({"phone": "081234567890"}),
        )
        .await;
    assert!(
        started.elapsed() < Duration::from_millis(1_000),
        "pairing-code took {:?}",
        started.elapsed()
    );
    assert_eq!(p.status, StatusCode::CONFLICT, "{}", p.body);
    assert!(
        p.body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("connecting")),
        "{}",
        p.body
    );

    // It keeps trying; `lastSeen` (when it was last connected) stays empty all along.
    wait_for(20, "a second attempt", || async {
        (fake.connections() >= 2).then_some(())
    })
    .await;
    let st = app.status("kasir-offline").await;
    assert_eq!(st["lastSeen"], Value::Null, "{st}");

    // Never linked: a restart leaves it down instead of retrying it forever.
    let app = app.restart().await;
    let st = app.wait_status("kasir-offline", "disconnected").await;
    assert_eq!(st["lastSeen"], Value::Null, "{st}");
    let attempts = fake.connections();
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(
        fake.connections(),
        attempts,
        "no attempts after the restart"
    );
    assert_eq!(app.status("kasir-offline").await["status"], "disconnected");
}
