//! The seeds' clients, unchanged: their field names, their single-device routes on a default
//! device, seed 001's legacy `/api/whatsapp/*`, seed 004's REST helpers and seed 000's no-cache
//! headers. End to end over HTTP against the simulated network.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message as Frame;

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

const DEV: &str = "/api/whatsapp-multi-device/devices";

db_tests!(
    seed_field_names_are_accepted,
    default_device_serves_the_single_device_routes,
    api_answers_are_never_cached,
    seed_000_inbox_socket_resumes_without_loss,
);

/// A sim account to talk to; answers nothing.
async fn peer(app: &TestApp, tok: Option<&str>, phone: &str) {
    let a = app
        .post(
            "/api/sim/accounts",
            tok,
            json!({"phone": phone, "name": "Pak Budi"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
}

async fn seed_field_names_are_accepted(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("lama").await;
    let device = app.device(user.id, "Toko Lama").await;
    app.link(&device).await;
    let tok = Some(user.token.as_str());
    peer(&app, tok, "6281299990000").await;

    let send = format!("{DEV}/{device}/send-message");
    for (field, to, text_field) in [
        ("recipient", "081299990000", "message"),
        ("to", "6281299990000", "text"),
        ("number", "+62 812-9999-0000", "message"),
        ("phoneNumber", "6281299990000", "message"),
        ("targetNumber", "081299990000", "text"),
        ("chatId", "6281299990000@c.us", "message"),
        ("jid", "6281299990000@s.whatsapp.net", "message"),
    ] {
        let r = app
            .post(
                &send,
                tok,
                json!({field: to, text_field: format!("via {field}")}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{field}: {}", r.body);
        assert_eq!(
            r.data()["chatJid"],
            "6281299990000@s.whatsapp.net",
            "{field}"
        );
    }
    // Seed 004's per-session send.
    let r = app
        .post(
            &format!("/api/v1/sessions/{device}/send-message"),
            tok,
            json!({"phoneNumber": "+6281299990000", "message": "dari WaBox"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Scheduling and bulk take the same names.
    let r = app
        .post(
            &format!("{DEV}/{device}/schedule-message"),
            tok,
            json!({"recipient": "081299990000", "text": "Nanti", "sendAt": "2099-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .post(
            &format!("{DEV}/{device}/jobs/send-text"),
            tok,
            json!({"messages": [{"targetNumber": "081299990000", "text": "Promo"}], "delaySecs": 3600}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // Media: the multipart form takes `recipient` and `message` (the caption).
    let form = reqwest::multipart::Form::new()
        .text("recipient", "081299990000")
        .text("message", "Katalog")
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"%PDF-1.4 katalog".to_vec())
                .file_name("katalog.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let (status, body) = crate::messaging::send_media(&app, &device, form, &user.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Bad input under a seed name is still refused, and nothing is stored.
    let before = app
        .get(&format!("{DEV}/{device}/chats"), tok)
        .await
        .data()
        .as_array()
        .unwrap()
        .len();
    let r = app
        .post(&send, tok, json!({"recipient": "bukan nomor", "text": "x"}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("phone").is_some(), "{}", r.body);
    let r = app.post(&send, tok, json!({"text": "tanpa tujuan"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("phone").is_some(), "{}", r.body);
    let r = app
        .post(
            &send,
            tok,
            json!({"to": "081299990000", "recipient": "081299990000", "text": "dua"}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::BAD_REQUEST,
        "two names for one field: {}",
        r.body
    );
    let after = app.get(&format!("{DEV}/{device}/chats"), tok).await;
    assert_eq!(after.data().as_array().unwrap().len(), before);
}

async fn default_device_serves_the_single_device_routes(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("tunggal").await;
    let other = app.user("lain").await;
    let tok = Some(user.token.as_str());
    let first = app.device(user.id, "Utama").await;
    let second = app.device(user.id, "Cadangan").await;
    let foreign = app.device(other.id, "Milik orang").await;

    // Two devices and no default: a clear refusal, not a guess.
    let r = app.get("/api/status", tok).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.field("deviceId").is_some(), "{}", r.body);
    let r = app.get("/api/default-device", tok).await;
    assert_eq!(r.data()["deviceId"], serde_json::Value::Null, "{}", r.body);

    let set = |id: &str| json!({ "deviceId": id });
    let r = app.put("/api/default-device", tok, set(&foreign)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app.put("/api/default-device", tok, set("tidak-ada")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("deviceId").is_some());
    let r = app.put("/api/default-device", tok, set(&first)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["deviceId"], first.as_str());
    assert_eq!(r.data()["source"], "user");

    // Seed 002's flow: generate a QR, read it, scan, see `connected` with the user.
    let g = app.post("/api/qr/generate", tok, json!({})).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    let qr = g.data()["qrCode"].as_str().unwrap();
    assert!(qr.starts_with("data:image/png;base64,"), "{qr}");
    assert!(g.data()["timestamp"].is_string());
    let q = app.get("/api/qr", tok).await;
    assert_eq!(q.status, StatusCode::OK, "{}", q.body);
    assert_eq!(q.data()["qr"], g.data()["qr"]);
    let s = app.get("/status", tok).await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    assert_eq!(s.data()["status"], "connecting");
    assert_eq!(s.data()["deviceId"], first.as_str());
    let scan = app
        .post(
            &format!("/api/sim/devices/{first}/scan"),
            tok,
            json!({"phone": "081277770000"}),
        )
        .await;
    assert_eq!(scan.status, StatusCode::OK, "{}", scan.body);
    app.wait_status(&first, "connected").await;
    let s = app.get("/api/whatsapp/status", tok).await;
    assert_eq!(s.data()["status"], "connected", "{}", s.body);
    assert_eq!(s.data()["user"]["id"], "6281277770000@s.whatsapp.net");
    let g = app.post("/api/qr/generate", tok, json!({})).await;
    assert_eq!(g.status, StatusCode::CONFLICT, "connected: {}", g.body);

    // Seed 000's send, with its field names; the message shows in the legacy list and the log.
    peer(&app, tok, "6281255550000").await;
    let r = app
        .post(
            "/api/send-message",
            tok,
            json!({"recipient": "081255550000", "message": "Halo"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .post(
            "/api/send",
            tok,
            json!({"to": "081255550000", "message": "Halo lagi"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let chats = app.get("/api/whatsapp/messages", tok).await;
    assert_eq!(chats.status, StatusCode::OK, "{}", chats.body);
    assert!(
        chats
            .body
            .to_string()
            .contains("6281255550000@s.whatsapp.net"),
        "{}",
        chats.body
    );
    let logs = app.get("/api/logs?limit=500", tok).await;
    assert_eq!(logs.status, StatusCode::OK, "{}", logs.body);
    let events = logs.data()["events"].as_array().unwrap();
    assert!(
        events.iter().any(|e| e["type"] == "message.new"),
        "{}",
        logs.body
    );
    assert!(events.iter().all(|e| e["deviceId"] != foreign.as_str()));
    let c = app.get("/api/config", tok).await;
    assert_eq!(c.data()["device"]["deviceId"], first.as_str(), "{}", c.body);

    // An API key always means its own device.
    let (key, _) = app.api_key(&second).await;
    let s = app.get("/api/status", Some(&key)).await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    assert_eq!(s.data()["deviceId"], second.as_str());

    // Admins: nothing of their own, so the global default decides.
    let r = app.get("/api/status", app.admin()).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let r = app.put("/api/admin/default-device", tok, set(&first)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app
        .put("/api/admin/default-device", app.admin(), set(&first))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["source"], "global");
    let s = app.get("/api/status", app.admin()).await;
    assert_eq!(s.data()["deviceId"], first.as_str(), "{}", s.body);

    // Seed 004's helpers: a test broadcast lands in the log the streams read.
    let t = app
        .post(
            "/api/v1/realtime/test-broadcast",
            tok,
            json!({"whatsappNumberId": first, "message": "tes"}),
        )
        .await;
    assert_eq!(t.status, StatusCode::FORBIDDEN, "{}", t.body);
    let t = app
        .post(
            "/api/v1/realtime/test-broadcast",
            app.admin(),
            json!({"whatsappNumberId": first, "message": "tes", "type": "test"}),
        )
        .await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.body);
    assert_eq!(t.data()["type"], "test.broadcast");
    let id = t.data()["id"].as_i64().unwrap();
    let rs = app.get("/api/v1/realtime/status", tok).await;
    assert_eq!(rs.status, StatusCode::OK, "{}", rs.body);
    assert!(rs.data()["latestEventId"].as_i64().unwrap() >= id);
    let logs = app.get(&format!("/api/logs?after={}", id - 1), tok).await;
    assert_eq!(
        logs.data()["events"][0]["data"]["message"],
        "tes",
        "{}",
        logs.body
    );

    // Legacy disconnect keeps the session; logout (admins) wipes it.
    let d = app.post("/api/whatsapp/disconnect", tok, json!({})).await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.body);
    app.wait_status(&first, "disconnected").await;
    let l = app.post("/api/logout", tok, json!({})).await;
    assert_eq!(l.status, StatusCode::FORBIDDEN, "{}", l.body);
    let l = app.post("/api/logout", app.admin(), json!({})).await;
    assert_eq!(l.status, StatusCode::OK, "{}", l.body);

    // Clearing: back to "no default" for a user with two devices.
    let r = app
        .put("/api/default-device", tok, json!({"deviceId": null}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["own"], serde_json::Value::Null);
    // A deleted device takes its default with it.
    let r = app.put("/api/default-device", tok, set(&second)).await;
    assert_eq!(r.status, StatusCode::OK);
    let del = app.delete(&format!("{DEV}/{second}"), app.admin()).await;
    assert_eq!(del.status, StatusCode::OK, "{}", del.body);
    let r = app
        .put(
            "/api/admin/default-device",
            app.admin(),
            json!({"deviceId": null}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.get("/api/default-device", tok).await;
    assert_eq!(r.data()["own"], serde_json::Value::Null, "{}", r.body);
    assert_eq!(r.data()["deviceId"], first.as_str(), "the only device left");
    assert_eq!(r.data()["source"], "only");
}

async fn api_answers_are_never_cached(b: Backend) {
    let app = TestApp::spawn(b).await;
    for r in [
        app.get("/api/health", None).await,
        app.get("/api/auth/profile", None).await,
        app.get("/api/no-such-route", None).await,
    ] {
        let h = &r.headers;
        assert!(
            h["cache-control"].to_str().unwrap().contains("no-store"),
            "{h:?}"
        );
        assert_eq!(h["pragma"], "no-cache");
        assert_eq!(h["expires"], "0");
        assert_eq!(h["x-no-reload"], "true");
    }
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn next_frame(ws: &mut Socket) -> Value {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a frame within 10 s")
            .expect("the socket is open")
            .expect("a frame");
        if let Frame::Text(text) = frame {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

/// The `new_message` frames until one carries `text`.
async fn messages_until(ws: &mut Socket, text: &str) -> Vec<Value> {
    let mut seen = Vec::new();
    loop {
        let f = next_frame(ws).await;
        if f["type"] == "new_message" {
            let done = f["data"]["text"] == text || f.to_string().contains(text);
            seen.push(f);
            if done {
                return seen;
            }
        }
    }
}

async fn inbound(app: &TestApp, device: &str, text: &str) {
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/inbound"),
            app.admin(),
            json!({"from": "6281244440000", "text": text}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn seed_000_inbox_socket_resumes_without_loss(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("kotakmasuk").await;
    let device = app.device(user.id, "Inbox").await;
    app.link(&device).await;
    inbound(&app, &device, "sebelum").await;
    // The simulator answers before the message is stored; the first frame must find the chat.
    let chats = format!("{DEV}/{device}/chats");
    wait_for(10, "the first chat", || async {
        let r = app.get(&chats, Some(user.token.as_str())).await;
        r.body.to_string().contains("6281244440000").then_some(())
    })
    .await;
    let url = |extra: &str| {
        format!(
            "{}/api?token={}{extra}",
            app.base.replace("http://", "ws://"),
            user.token
        )
    };

    // On connect: the inbox, with the chat that already exists.
    let (mut ws, _) = tokio_tungstenite::connect_async(url(""))
        .await
        .expect("socket");
    let hello = next_frame(&mut ws).await;
    assert_eq!(hello["type"], "inbox_data", "{hello}");
    assert_eq!(hello["data"]["status"]["deviceId"], device.as_str());
    assert_eq!(hello["data"]["status"]["status"], "connected");
    assert!(
        hello["data"]["chats"].to_string().contains("6281244440000"),
        "{hello}"
    );

    inbound(&app, &device, "satu").await;
    let got = messages_until(&mut ws, "satu").await;
    let last = got.last().unwrap()["id"].as_i64().unwrap();
    // Asking again answers the inbox again.
    ws.send(Frame::text(json!({"type": "get_inbox"}).to_string()))
        .await
        .unwrap();
    loop {
        if next_frame(&mut ws).await["type"] == "inbox_data" {
            break;
        }
    }
    drop(ws);

    // Messages that arrive while no one listens come on reconnect, each once.
    for text in ["dua", "tiga", "empat"] {
        inbound(&app, &device, text).await;
    }
    let (mut ws, _) = tokio_tungstenite::connect_async(url(&format!("&lastEventId={last}")))
        .await
        .expect("socket");
    assert_eq!(next_frame(&mut ws).await["type"], "inbox_data");
    let got = messages_until(&mut ws, "empat").await;
    let texts: Vec<String> = got.iter().map(|f| f["data"].to_string()).collect();
    assert_eq!(got.len(), 3, "{texts:?}");
    for (text, frame) in ["dua", "tiga", "empat"].iter().zip(&texts) {
        assert!(frame.contains(text), "{texts:?}");
    }
    let ids: Vec<i64> = got.iter().map(|f| f["id"].as_i64().unwrap()).collect();
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]) && ids[0] > last,
        "{ids:?}"
    );

    // Without credentials, no socket.
    let plain = app.get("/api", None).await;
    assert_eq!(plain.status, StatusCode::UNAUTHORIZED, "{}", plain.body);
}
