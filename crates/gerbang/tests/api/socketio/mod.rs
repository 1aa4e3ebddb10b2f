//! Socket.IO at `/socket.io/` with clients we did not write (python-socketio and
//! socket.io-client), as the seeds' clients use it: seed 002's QR flow and message events,
//! seed 004's requests and pushes, the handshake refusing bad credentials, rooms keeping other
//! users' devices out, a reconnect with the last event id getting what was missed once, and the
//! socket closed when its credential is revoked. Plus seed 004's page in a real Chromium.

mod browser;
pub(crate) mod client;

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{Backend, TestApp};
use client::{last_event_id, Client, Kind};

db_tests!(
    python_client_follows_seed_002_and_004,
    node_client_follows_seed_002_and_004,
    python_client_resumes_and_is_closed_on_revocation,
    node_client_resumes_and_is_closed_on_revocation,
);

async fn python_client_follows_seed_002_and_004(b: Backend) {
    seed_flows(b, Kind::Python).await
}

async fn node_client_follows_seed_002_and_004(b: Backend) {
    seed_flows(b, Kind::Node).await
}

async fn python_client_resumes_and_is_closed_on_revocation(b: Backend) {
    resume_and_revocation(b, Kind::Python).await
}

async fn node_client_resumes_and_is_closed_on_revocation(b: Backend) {
    resume_and_revocation(b, Kind::Node).await
}

const CONTACT: &str = "0812-0000-1111";
const CONTACT_JID: &str = "6281200001111@s.whatsapp.net";

async fn inbound(app: &TestApp, device: &str, text: &str) {
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/inbound"),
            app.admin(),
            json!({"from": CONTACT, "text": text}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn seed_flows(b: Backend, kind: Kind) {
    if kind.command().is_none() {
        return;
    }
    let app = TestApp::spawn(b).await;
    let user = app.user("soket").await;
    let device = app.device(user.id, "Toko Soket").await;
    let base = app.base.as_str();

    // The handshake refuses what is not a credential, naming why.
    let mut bad = Client::start(kind, base, json!({"token": "not-a-token"})).unwrap();
    let why = bad.refused().await;
    assert!(why.starts_with("invalid_token"), "{why}");
    let mut none = Client::start(kind, base, json!({})).unwrap();
    let why = none.refused().await;
    assert!(why.starts_with("unauthorized"), "{why}");
    let mut wrong_resume = Client::start(
        kind,
        base,
        json!({"token": user.token, "lastEventId": "kemarin"}),
    )
    .unwrap();
    let why = wrong_resume.refused().await;
    assert!(why.contains("lastEventId"), "{why}");

    let mut c = Client::start(kind, base, json!({"token": user.token})).unwrap();
    c.connected().await;
    // Another user's socket sees nothing of this device and may not join its room.
    let other = app.user("lain").await;
    let mut o = Client::start(kind, base, json!({"token": other.token})).unwrap();
    o.connected().await;
    let refused = o.emit("join", json!({"whatsappNumberId": device})).await;
    assert!(refused["error"]["code"].is_string(), "{refused}");

    // Seed 002: "Generate QR" → qr:generated with a PNG data URL; a scan → whatsapp:connected.
    let r = app
        .post("/api/qr/generate", Some(&user.token), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let qr = c.event("qr:generated").await;
    assert!(
        qr["qrCode"]
            .as_str()
            .unwrap()
            .starts_with("data:image/png;base64,"),
        "{qr}"
    );
    assert!(
        qr["timestamp"].is_string() && qr["eventId"].is_i64(),
        "{qr}"
    );
    let qr4 = c.event("whatsapp:qr").await;
    assert_eq!(qr4["whatsappNumberId"], device);
    assert!(qr4["qrCode"]
        .as_str()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/scan"),
            Some(&user.token),
            json!({"phone": "0811-2222-3333"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let linked = c.event("whatsapp:connected").await;
    assert_eq!(
        linked["user"]["id"], "6281122223333@s.whatsapp.net",
        "{linked}"
    );
    let status = c
        .event_where("connection:status", |d| d["status"] == "connected")
        .await;
    assert_eq!(status["user"]["id"], "6281122223333@s.whatsapp.net");
    let status4 = c
        .event_where("whatsapp:status", |d| d["status"] == "CONNECTED")
        .await;
    assert_eq!(status4["phoneNumber"], "+6281122223333");

    // A contact writes: seed 002's message:received, seed 004's message:new and chat:updated.
    inbound(&app, &device, "Halo, masih buka?").await;
    let got = c.event("message:received").await;
    assert_eq!(
        (got["from"].as_str(), got["text"].as_str()),
        (Some(CONTACT_JID), Some("Halo, masih buka?"))
    );
    let new = c.event("message:new").await;
    assert_eq!(new["whatsappNumberId"], device);
    assert_eq!(new["chatId"], CONTACT_JID);
    let m = &new["message"];
    assert_eq!(
        (
            m["content"].as_str(),
            m["type"].as_str(),
            m["isFromMe"].as_bool()
        ),
        (Some("Halo, masih buka?"), Some("TEXT"), Some(false))
    );
    assert_eq!(m["fromNumber"], "+6281200001111");
    let updated = c.event("chat:updated").await;
    assert_eq!(updated["chat"]["id"], CONTACT_JID);
    assert_eq!(updated["chat"]["unreadCount"], 1);

    // Seed 004's requests: answered through the acknowledgement and pushed as events.
    let list = c
        .emit("chat:get-list", json!({"whatsappNumberId": device}))
        .await;
    let chat = &list["chats"][0];
    assert_eq!(
        (chat["id"].as_str(), chat["unreadCount"].as_i64()),
        (Some(CONTACT_JID), Some(1)),
        "{list}"
    );
    assert_eq!(chat["lastMessage"], "Halo, masih buka?");
    assert_eq!(c.event("chat:list").await["chats"], list["chats"]);
    let history = c
        .emit(
            "chat:get-history",
            json!({"chatId": CONTACT_JID, "limit": 10, "offset": 0}),
        )
        .await;
    assert_eq!(
        history["messages"][0]["content"], "Halo, masih buka?",
        "{history}"
    );
    assert_eq!(c.event("chat:history").await["chatId"], CONTACT_JID);
    let skipped = c
        .emit(
            "chat:get-history",
            json!({"chatId": CONTACT_JID, "offset": 1}),
        )
        .await;
    assert_eq!(skipped["messages"], json!([]), "{skipped}");
    let read = c
        .emit("chat:mark-read", json!({"chatId": CONTACT_JID}))
        .await;
    assert_eq!(read["marked"], 1, "{read}");
    let pushed = c.event("chat:read").await;
    assert_eq!(pushed["chatId"], CONTACT_JID);
    let now = c
        .event_where("chat:updated", |d| d["chat"]["unreadCount"] == 0)
        .await;
    assert_eq!(now["chat"]["id"], CONTACT_JID);
    let state = c.emit("whatsapp:get-status", json!({})).await;
    assert_eq!(state["status"], "CONNECTED", "{state}");
    // Marking it read again changes nothing: the answer is pushed here once, not from the log.
    let again = c
        .emit("chat:mark-read", json!({"chatId": CONTACT_JID}))
        .await;
    assert_eq!(again["marked"], 0);
    c.event("chat:read").await;
    let rest = c.drain(Duration::from_millis(700)).await;
    assert!(
        !rest.iter().any(|l| l["name"] == "chat:read"),
        "chat:read twice: {rest:#?}"
    );

    // Bad requests are refused with the field named; the socket stays open.
    let missing = c.emit("chat:get-history", json!({"limit": 5})).await;
    assert_eq!(missing["error"]["code"], "validation_failed", "{missing}");
    assert!(
        missing["error"]["fields"]["chatId"].is_string(),
        "{missing}"
    );
    let err = c.event("error").await;
    assert_eq!(err["code"], "validation_failed");
    let too_many = c
        .emit(
            "chat:get-list",
            json!({"whatsappNumberId": device, "limit": 5000}),
        )
        .await;
    assert!(
        too_many["error"]["fields"]["limit"].is_string(),
        "{too_many}"
    );
    let foreign = o
        .emit("chat:get-list", json!({"whatsappNumberId": device}))
        .await;
    assert!(foreign["error"]["code"].is_string(), "{foreign}");

    // A message sent through seed 004's REST route: message:new (ours), then message:sent
    // (seed 002) and message:status (seed 004) as it goes out.
    let r = app
        .post(
            "/api/sim/accounts",
            app.admin(),
            json!({"phone": CONTACT, "name": "Pak Budi"}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let r = app
        .post(
            &format!("/api/v1/sessions/{device}/send-message"),
            Some(&user.token),
            json!({"phoneNumber": CONTACT, "message": "Masih, sampai jam 9"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mine = c
        .event_where("message:new", |d| d["message"]["isFromMe"] == true)
        .await;
    assert_eq!(mine["message"]["content"], "Masih, sampai jam 9");
    let sent = c.event("message:sent").await;
    assert_eq!(
        (sent["to"].as_str(), sent["success"].as_bool()),
        (Some(CONTACT_JID), Some(true)),
        "{sent}"
    );
    assert_eq!(sent["message"], "Masih, sampai jam 9");
    c.event_where("message:status", |d| d["status"] == "SENT")
        .await;

    // The other user saw none of it; an admin may follow the device by joining its room.
    let theirs = o.drain(Duration::from_millis(300)).await;
    assert!(
        !theirs
            .iter()
            .any(|l| l["kind"] == "event" && l["name"] != "error"),
        "another user's socket got events: {theirs:#?}"
    );
    let mut admin = Client::start(kind, base, json!({"token": app.admin_token})).unwrap();
    admin.connected().await;
    let joined = admin
        .emit("join", json!({"whatsappNumberId": device}))
        .await;
    assert!(
        joined["rooms"]
            .as_array()
            .unwrap()
            .contains(&json!(format!("device:{device}"))),
        "{joined}"
    );
    inbound(&app, &device, "Oke, saya ke sana").await;
    let seen = admin
        .event_where("message:new", |d| {
            d["message"]["content"] == "Oke, saya ke sana"
        })
        .await;
    assert_eq!(seen["whatsappNumberId"], device);
    c.quit().await;
    o.quit().await;
    admin.quit().await;
}

async fn resume_and_revocation(b: Backend, kind: Kind) {
    if kind.command().is_none() {
        return;
    }
    let app = TestApp::spawn(b).await;
    let user = app.user("kembali").await;
    let device = app.device(user.id, "Toko Kembali").await;
    app.link(&device).await;
    let base = app.base.as_str();

    let mut c = Client::start(kind, base, json!({"token": user.token})).unwrap();
    c.connected().await;
    inbound(&app, &device, "satu").await;
    c.event_where("message:new", |d| d["message"]["content"] == "satu")
        .await;
    let log = c.quit().await;
    let last = last_event_id(&log);
    assert!(last > 0, "{log:#?}");

    // Two messages while the client is away; it comes back with the last id it saw.
    inbound(&app, &device, "dua").await;
    inbound(&app, &device, "tiga").await;
    let mut back = Client::start(
        kind,
        base,
        json!({"token": user.token, "lastEventId": last}),
    )
    .unwrap();
    back.connected().await;
    for text in ["dua", "tiga"] {
        back.event_where("message:new", |d| d["message"]["content"] == text)
            .await;
    }
    let log = back.quit().await;
    let mut news: Vec<&Value> = log
        .iter()
        .filter(|l| l["name"] == "message:new")
        .map(|l| &l["data"])
        .collect();
    // python-socketio runs each event's handler on a thread of its own, so its log may show two
    // events in the other order; the server's order is the event ids'. socket.io-client keeps
    // arrival order, and there the log's order is checked as it is.
    if matches!(kind, Kind::Python) {
        news.sort_by_key(|d| d["eventId"].as_i64());
    }
    let texts: Vec<&str> = news
        .iter()
        .filter_map(|d| d["message"]["content"].as_str())
        .collect();
    assert_eq!(
        texts,
        ["dua", "tiga"],
        "missed events once, in order: {log:#?}"
    );
    assert!(news.iter().all(|d| d["eventId"].as_i64() > Some(last)));

    // Revocation closes the socket with the reason, as /api/ws does: a device API key…
    let (key, key_id) = app.api_key(&device).await;
    let mut k = Client::start(kind, base, json!({"token": key})).unwrap();
    k.connected().await;
    let list = k.emit("chat:get-list", json!({})).await;
    assert_eq!(list["whatsappNumberId"], device, "the key's device: {list}");
    let r = app
        .delete(
            &format!("/api/whatsapp-multi-device/devices/{device}/api-keys/{key_id}"),
            Some(&user.token),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let why = k.event("error").await;
    assert_eq!(why["code"], "invalid_api_key", "{why}");
    k.disconnected().await;

    // …and a locked account.
    let mut u = Client::start(kind, base, json!({"token": user.token})).unwrap();
    u.connected().await;
    let r = app
        .put(
            &format!("/api/admin/users/{}", user.id),
            app.admin(),
            json!({"isActive": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let why = u.event("error").await;
    assert_eq!(why["code"], "account_locked", "{why}");
    u.disconnected().await;
    let mut again = Client::start(kind, base, json!({"token": user.token})).unwrap();
    let refused = again.refused().await;
    assert!(refused.starts_with("account_locked"), "{refused}");
}
