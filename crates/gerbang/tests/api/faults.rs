//! Injected faults on the simulated network: how the gateway reports and recovers.

use reqwest::StatusCode;
use serde_json::json;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend, TestApp};
use crate::loopback::next_event;

const DEV: &str = "/api/whatsapp-multi-device/devices";

db_tests!(
    disconnect_mid_conversation_recovers,
    send_failure_marks_the_message_failed,
    rate_limit_is_a_429,
    logout_from_phone_and_ban_are_reported,
    inbound_messages_wait_for_an_offline_device,
    engine_and_simulator_availability,
    a_send_finishes_when_the_client_hangs_up,
    an_unreadable_message_is_announced_then_arrives_once,
);

async fn disconnect_mid_conversation_recovers(b: Backend) {
    let app = TestApp::spawn(b).await;
    let device = app.device(1, "Goyah").await;
    app.link(&device).await;
    let path = format!("{DEV}/{device}/send-message");
    let send = |text: &'static str| {
        app.post(
            &path,
            app.admin(),
            json!({"phone": "081200000001", "message": text}),
        )
    };
    assert_eq!(send("satu").await.status, StatusCode::OK);
    let seen_before = app.status(&device).await["lastSeen"].clone();
    let f = app
        .post(
            &format!("/api/sim/devices/{device}/faults"),
            app.admin(),
            json!({"kind": "disconnect"}),
        )
        .await;
    assert_eq!(f.status, StatusCode::OK, "{}", f.body);
    assert_eq!(f.data()["simulated"], true);
    // Connected again after the drop: both the drop and the reconnection move `lastSeen`.
    let st = wait_for(15, "the reconnection", || async {
        let s = app.status(&device).await;
        (s["status"] == "connected" && s["lastSeen"] != seen_before).then_some(s)
    })
    .await;
    assert!(
        st["lastDisconnectReason"].is_null(),
        "cleared once back: {st}"
    );
    assert_eq!(send("dua").await.status, StatusCode::OK);
    let outbox = app
        .get(&format!("/api/sim/devices/{device}/outbox"), app.admin())
        .await;
    assert_eq!(outbox.data().as_array().unwrap().len(), 2);
}

async fn send_failure_marks_the_message_failed(b: Backend) {
    let app = TestApp::spawn(b).await;
    let device = app.device(1, "Gagal").await;
    app.link(&device).await;
    app.post(
        &format!("/api/sim/devices/{device}/faults"),
        app.admin(),
        json!({"kind": "send_failure", "count": 1, "reason": "recipient unreachable"}),
    )
    .await;
    let r = app
        .post(
            &format!("{DEV}/{device}/send-message"),
            app.admin(),
            json!({"phone": "081200000002", "message": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_GATEWAY, "{}", r.body);
    assert_eq!(r.code(), "send_failed");
    let h = app
        .get(
            &format!("{DEV}/{device}/chat-history/081200000002"),
            app.admin(),
        )
        .await;
    let m = &h.data()["messages"][0];
    assert_eq!(m["status"], "failed");
    assert!(
        m["failureReason"]
            .as_str()
            .unwrap()
            .contains("recipient unreachable"),
        "{m}"
    );
    // The next one goes through.
    let ok = app
        .post(
            &format!("{DEV}/{device}/send-message"),
            app.admin(),
            json!({"phone": "081200000002", "message": "y"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
}

async fn rate_limit_is_a_429(b: Backend) {
    let app = TestApp::spawn(b).await;
    let device = app.device(1, "Dibatasi").await;
    app.link(&device).await;
    app.post(
        &format!("/api/sim/devices/{device}/faults"),
        app.admin(),
        json!({"kind": "rate_limit", "count": 1}),
    )
    .await;
    let r = app
        .post(
            &format!("{DEV}/{device}/send-message"),
            app.admin(),
            json!({"phone": "081200000003", "message": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(r.headers.get("retry-after").is_some());
}

async fn logout_from_phone_and_ban_are_reported(b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = app.device(1, "Keluar").await;
    app.link(&a).await;
    app.post(
        &format!("/api/sim/devices/{a}/faults"),
        app.admin(),
        json!({"kind": "logout_from_phone"}),
    )
    .await;
    let st = app.wait_status(&a, "logged_out").await;
    assert!(
        st["lastDisconnectReason"]
            .as_str()
            .unwrap()
            .contains("phone"),
        "{st}"
    );
    // The session is gone: connecting again asks for a new scan.
    let c = app
        .post(&format!("{DEV}/{a}/connect"), app.admin(), json!({}))
        .await;
    assert_eq!(c.data()["status"], "qr_required", "{}", c.body);

    let b_dev = app.device(1, "Diblokir").await;
    app.link(&b_dev).await;
    app.post(
        &format!("/api/sim/devices/{b_dev}/faults"),
        app.admin(),
        json!({"kind": "ban", "durationSecs": 3600}),
    )
    .await;
    app.wait_status(&b_dev, "banned").await;
    let dev = app.get(&format!("{DEV}/{b_dev}"), app.admin()).await;
    assert!(dev.data()["bannedUntil"].is_string(), "{}", dev.body);
    let r = app
        .post(
            &format!("{DEV}/{b_dev}/send-message"),
            app.admin(),
            json!({"phone": "081200000004", "message": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.field("deviceStatus"), Some("banned"));
    let c = app
        .post(&format!("{DEV}/{b_dev}/connect"), app.admin(), json!({}))
        .await;
    assert_eq!(
        c.status,
        StatusCode::CONFLICT,
        "no reconnecting while banned: {}",
        c.body
    );
}

async fn inbound_messages_wait_for_an_offline_device(b: Backend) {
    let app = TestApp::spawn(b).await;
    let device = app.device(1, "Kadang mati").await;
    app.link(&device).await;
    let d = app
        .delete(&format!("{DEV}/{device}/disconnect"), app.admin())
        .await;
    assert_eq!(d.data()["status"], "disconnected", "{}", d.body);
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/inbound"),
            app.admin(),
            json!({"from": "0857-1111-2222", "text": "Pesan waktu offline"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let c = app
        .post(&format!("{DEV}/{device}/connect"), app.admin(), json!({}))
        .await;
    assert_eq!(
        c.data()["status"],
        "connected",
        "a stored session needs no scan: {}",
        c.body
    );
    let chats = wait_for(10, "the offline message", || async {
        let c = app.get(&format!("{DEV}/{device}/chats"), app.admin()).await;
        (c.data().as_array().map_or(0, Vec::len) == 1).then(|| c.data().clone())
    })
    .await;
    assert_eq!(chats[0]["lastMessage"], "Pesan waktu offline");
    assert_eq!(chats[0]["unreadCount"], 1);
}

async fn engine_and_simulator_availability(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.engine = "whatsapp".into()).await;
    let r = app
        .post(
            DEV,
            app.admin(),
            json!({"deviceName": "Asli", "engine": "sim"}),
        )
        .await;
    assert!(
        r.field("engine").is_some(),
        "the simulator is off: {}",
        r.body
    );
    let device = app.device(1, "Asli").await;
    let c = app
        .post(&format!("{DEV}/{device}/connect"), app.admin(), json!({}))
        .await;
    // The real engine: this machine cannot reach WhatsApp, so the device keeps trying, and
    // says why.
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    assert_eq!(c.data()["simulated"], false);
    let st = wait_for(30, "the network error as the reason", || async {
        let s = app.status(&device).await;
        (s["status"] == "connecting" && s["lastDisconnectReason"].is_string()).then_some(s)
    })
    .await;
    assert!(!st["lastDisconnectReason"].as_str().unwrap().is_empty());
    let d = app
        .delete(&format!("{DEV}/{device}/disconnect"), app.admin())
        .await;
    assert_eq!(d.data()["status"], "disconnected", "{}", d.body);
    let sim = app
        .post(
            &format!("/api/sim/devices/{device}/scan"),
            app.admin(),
            json!({}),
        )
        .await;
    assert_eq!(
        sim.status,
        StatusCode::NOT_FOUND,
        "no simulator routes when it is off"
    );
    let doc = app.get("/api/openapi.json", None).await.body;
    assert!(doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .all(|p| !p.starts_with("/api/sim")));
}

/// A client that hangs up while its send is with the engine: the send still runs to its end
/// (sent, in the outbox), instead of staying pending until the next start calls it uncertain.
async fn a_send_finishes_when_the_client_hangs_up(b: Backend) {
    use tokio::io::AsyncWriteExt;
    let app = TestApp::spawn(b).await;
    let device = app.device(1, "Tutup").await;
    app.link(&device).await;
    let f = app
        .post(
            &format!("/api/sim/devices/{device}/faults"),
            app.admin(),
            json!({"kind": "slow_send", "count": 1, "millis": 1500}),
        )
        .await;
    assert_eq!(f.status, StatusCode::OK, "{}", f.body);

    let body = json!({"phone": "081200000001", "message": "tetap terkirim"}).to_string();
    let host = app.base.trim_start_matches("http://").to_string();
    let request = format!(
        "POST {DEV}/{device}/send-message HTTP/1.1\r\nHost: {host}\r\n\
         Authorization: Bearer {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        app.admin().unwrap(),
        body.len()
    );
    let mut socket = tokio::net::TcpStream::connect(&host).await.unwrap();
    socket.write_all(request.as_bytes()).await.unwrap();
    let sql = format!("SELECT status FROM messages WHERE device_id = '{device}' AND from_me");
    // Hung up once the pending row is written, while the engine is still sending.
    wait_for(10, "the pending row", || async {
        (crate::dbexec::texts(&app, &sql).await == ["pending"]).then_some(())
    })
    .await;
    drop(socket);
    wait_for(15, "the send's end", || async {
        let status = crate::dbexec::texts(&app, &sql).await;
        matches!(status[0].as_str(), "sent" | "delivered" | "read").then_some(())
    })
    .await;
    let outbox = app
        .get(&format!("/api/sim/devices/{device}/outbox"), app.admin())
        .await;
    assert_eq!(outbox.data().as_array().unwrap().len(), 1);
}

/// A message the device cannot decrypt at first: `message.undecryptable` (no body) tells the
/// integrator something arrived, and the message itself follows once, as after WhatsApp's resend.
async fn an_unreadable_message_is_announced_then_arrives_once(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    app.link(&dev).await;
    let mut sse = Sse::open(
        &app,
        &format!("?deviceId={dev}&types=message.undecryptable,message.new"),
        tok,
        None,
    )
    .await;
    let f = app
        .post(
            &format!("/api/sim/devices/{dev}/faults"),
            Some(tok),
            json!({"kind": "undecryptable", "count": 1}),
        )
        .await;
    assert_eq!(f.status, StatusCode::OK, "{}", f.body);
    assert_eq!(f.data()["kind"], "undecryptable", "{}", f.body);
    let sent = app
        .post(
            &format!("/api/sim/devices/{dev}/inbound"),
            Some(tok),
            json!({"from": "6281300000201", "text": "rahasia"}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let id = sent.data()["messageId"].as_str().unwrap().to_string();

    let first = next_event(&mut sse, "message.undecryptable", |e| {
        (e["type"] != "connected").then(|| e.clone())
    })
    .await;
    assert_eq!(first["type"], "message.undecryptable", "{first}");
    let data = &first["data"];
    assert_eq!(data["messageId"], id.as_str(), "{first}");
    assert_eq!(data["deviceId"], dev.as_str(), "{first}");
    assert_eq!(data["chatJid"], "6281300000201@s.whatsapp.net", "{first}");
    assert_eq!(data["senderPhone"], "6281300000201", "{first}");
    assert!(data["reason"]
        .as_str()
        .unwrap()
        .contains("decryption failed"));
    assert!(!first.to_string().contains("rahasia"), "no body: {first}");
    let then = next_event(&mut sse, "message.new", |e| {
        (e["type"] != "connected").then(|| e.clone())
    })
    .await;
    assert_eq!(then["type"], "message.new", "{then}");
    assert_eq!(then["data"]["messageId"], id.as_str(), "{then}");

    // The fault was spent: the next message arrives readable at once.
    let sent = app
        .post(
            &format!("/api/sim/devices/{dev}/inbound"),
            Some(tok),
            json!({"from": "6281300000201", "text": "lagi"}),
        )
        .await;
    let again = sent.data()["messageId"].as_str().unwrap().to_string();
    let next = next_event(&mut sse, "the second message.new", |e| {
        (e["type"] != "connected").then(|| e.clone())
    })
    .await;
    assert_eq!(next["type"], "message.new", "{next}");
    assert_eq!(next["data"]["messageId"], again.as_str(), "{next}");
    // Stored once.
    let history = app
        .get(
            &format!("{DEV}/{dev}/chat-history/6281300000201@s.whatsapp.net"),
            Some(tok),
        )
        .await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    let ids: Vec<&str> = history.data()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["messageId"].as_str())
        .collect();
    assert_eq!(
        ids.iter().filter(|i| **i == id).count(),
        1,
        "{}",
        history.body
    );
}
