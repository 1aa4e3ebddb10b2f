//! History sync: the per-device setting over HTTP (off by default, kept per device, bad input
//! refused naming `historySync`), the simulator's phone sending a history (stored only when
//! opted in, once, with original times and `history.*` events instead of `message.new`), and
//! the real engine receiving the loopback phone's history on linking.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use gerbang_wa_fake::{HistoryMessage, LoopbackServer};

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend, TestApp};
use crate::loopback::{gateway, link, next_event};

db_tests!(
    the_history_setting_is_off_by_default_kept_per_device_and_refuses_bad_input,
    a_simulated_history_is_stored_only_when_opted_in_and_only_once,
    the_loopback_phone_s_history_is_stored_by_a_device_that_opted_in,
    the_loopback_phone_s_history_is_not_stored_without_the_opt_in,
);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const BUDI: &str = "6281300000011";
const SARI: &str = "6281300000012";

async fn set_history(app: &TestApp, tok: &str, dev: &str, on: bool) {
    let r = app
        .put(
            &format!("{DEV}/{dev}/history-sync"),
            Some(tok),
            json!({ "historySync": on }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["historySync"], on, "{}", r.body);
}

/// The messages of a chat, as the chat-history route shows them.
async fn chat(app: &TestApp, tok: &str, dev: &str, phone: &str) -> Vec<Value> {
    let r = app
        .get(
            &format!("{DEV}/{dev}/chat-history/{phone}@s.whatsapp.net"),
            Some(tok),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data()["messages"].as_array().cloned().unwrap_or_default()
}

fn history_event(e: &Value) -> Option<Value> {
    let t = e["type"].as_str()?;
    t.starts_with("history.")
        .then(|| json!({"type": t, "data": e["data"].clone()}))
}

async fn the_history_setting_is_off_by_default_kept_per_device_and_refuses_bad_input(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let kasir = app.device(owner.id, "Kasir").await;
    let gudang = app.device(owner.id, "Gudang").await;
    let path = format!("{DEV}/{kasir}/history-sync");

    let r = app.get(&path, Some(tok)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["deviceId"], kasir.as_str(), "{}", r.body);
    assert_eq!(r.data()["historySync"], false, "{}", r.body);

    set_history(&app, tok, &kasir, true).await;
    let r = app.get(&path, Some(tok)).await;
    assert_eq!(r.data()["historySync"], true, "{}", r.body);
    let r = app
        .get(&format!("{DEV}/{gudang}/history-sync"), Some(tok))
        .await;
    assert_eq!(r.data()["historySync"], false, "{}", r.body);

    for bad in [
        json!({}),
        json!({"historySync": "yes"}),
        json!({"historySync": null}),
    ] {
        let r = app.put(&path, Some(tok), bad.clone()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
        assert!(r.field("historySync").is_some(), "{bad}: {}", r.body);
    }
    let r = app.get(&path, Some(tok)).await;
    assert_eq!(
        r.data()["historySync"],
        true,
        "bad input changed it: {}",
        r.body
    );

    let other = app.user("lain").await;
    let r = app.get(&path, Some(other.token.as_str())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app
        .put(
            &path,
            Some(other.token.as_str()),
            json!({"historySync": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // The setting goes with its device (a row left behind would block the delete).
    let r = app.delete(&format!("{DEV}/{kasir}"), app.admin()).await;
    assert!(r.status.is_success(), "{}", r.body);
    let r = app.get(&path, app.admin()).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

/// Two chats of three messages, in 2024, with a reply from the device's own phone in each.
fn sim_history() -> Value {
    let mut messages = Vec::new();
    for (c, phone) in [BUDI, SARI].iter().enumerate() {
        for i in 0..3 {
            messages.push(json!({
                "id": format!("HIST{c}{i}"),
                "chat": phone,
                "fromMe": i == 1,
                "text": format!("pesan lama {c}-{i}"),
                "timestamp": format!("2024-03-0{}T10:0{i}:00Z", c + 1),
            }));
        }
    }
    json!({ "messages": messages })
}

/// Waits until the device has handled everything sent before: a fresh inbound text is stored
/// after the history parts the device got before it (a device's events are handled in order).
async fn settle(app: &TestApp, tok: &str, dev: &str, sse: &mut Sse, text: &str) {
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/inbound"),
            Some(tok),
            json!({"from": "6281300000099", "text": text}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id = r.data()["messageId"].as_str().unwrap().to_string();
    next_event(sse, "the settling text", |e| {
        (e["type"] == "message.new" && e["data"]["messageId"] == id.as_str()).then_some(())
    })
    .await;
}

async fn a_simulated_history_is_stored_only_when_opted_in_and_only_once(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    let own = app.link(&dev).await;
    let mut sse = Sse::open(&app, &format!("?deviceId={dev}"), tok, None).await;
    let push = |body: Value| {
        let app = &app;
        let dev = dev.clone();
        async move {
            let r = app
                .post(&format!("/api/sim/devices/{dev}/history"), Some(tok), body)
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            assert_eq!(r.data()["chunks"], 2, "{}", r.body);
            assert_eq!(r.data()["simulated"], true, "{}", r.body);
        }
    };

    // Off (the default): the phone's history is dropped.
    push(sim_history()).await;
    settle(&app, tok, &dev, &mut sse, "satu").await;
    assert!(chat(&app, tok, &dev, BUDI).await.is_empty());
    assert!(chat(&app, tok, &dev, SARI).await.is_empty());

    // Bad input names the field and sends nothing.
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/history"),
            Some(tok),
            json!({"messages": [{"chat": "bukan nomor", "text": "x", "timestamp": "2024-01-01T00:00:00Z"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("messages[0].chat").is_some(), "{}", r.body);

    // On: both parts are stored, told by progress events and no message.new each.
    set_history(&app, tok, &dev, true).await;
    push(sim_history()).await;
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while seen.iter().all(|e: &Value| e["type"] != "history.complete") {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no history.complete: {seen:?}"
        );
        let (_, e) = sse.next(Duration::from_secs(30)).await.expect("an event");
        assert!(
            !(e["type"] == "message.new"
                && e["data"]["messageId"]
                    .as_str()
                    .is_some_and(|id| id.starts_with("HIST"))),
            "an old message was announced as new: {e}"
        );
        if let Some(h) = history_event(&e) {
            seen.push(h);
        }
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
    for (i, e) in seen[..2].iter().enumerate() {
        assert_eq!(e["type"], "history.progress", "{e}");
        assert_eq!(e["data"]["deviceId"], dev.as_str(), "{e}");
        assert_eq!(e["data"]["chunk"], i + 1, "{e}");
        assert_eq!(e["data"]["progress"], (i + 1) * 50, "{e}");
        assert_eq!(e["data"]["messages"], 3, "{e}");
        assert_eq!(e["data"]["messagesStored"], 3, "{e}");
    }
    assert_eq!(seen[2]["data"]["deviceId"], dev.as_str(), "{:?}", seen[2]);

    for (c, phone) in [BUDI, SARI].iter().enumerate() {
        let mut messages = chat(&app, tok, &dev, phone).await;
        messages.sort_by_key(|m| m["messageId"].as_str().unwrap().to_string());
        assert_eq!(messages.len(), 3, "{messages:?}");
        for (i, m) in messages.iter().enumerate() {
            assert_eq!(m["messageId"], format!("HIST{c}{i}"), "{m}");
            assert_eq!(m["body"], format!("pesan lama {c}-{i}"), "{m}");
            assert_eq!(m["fromMe"], i == 1, "{m}");
            let at = m["timestamp"].as_str().unwrap();
            assert!(
                at.starts_with(&format!("2024-03-0{}T10:0{i}:00", c + 1)),
                "{m}"
            );
            let sender = if i == 1 { own.as_str() } else { phone };
            assert_eq!(m["senderPhone"], sender, "{m}");
        }
    }
    let chats = app.get(&format!("{DEV}/{dev}/chats"), Some(tok)).await;
    for phone in [BUDI, SARI] {
        let jid = format!("{phone}@s.whatsapp.net");
        let c = chats
            .data()
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["chatJid"] == jid.as_str())
            .unwrap_or_else(|| panic!("{jid} not in the chat list: {}", chats.body))
            .clone();
        assert_eq!(c["messageCount"], 3, "{c}");
        assert_eq!(c["unreadCount"], 0, "old messages are not unread: {c}");
        assert!(
            c["lastMessageTime"]
                .as_str()
                .unwrap()
                .starts_with("2024-03-0"),
            "{c}"
        );
    }

    // The phone sends the same history again: nothing is doubled.
    push(sim_history()).await;
    let again = next_event(&mut sse, "history.progress again", history_event).await;
    assert_eq!(again["type"], "history.progress", "{again}");
    assert_eq!(again["data"]["messagesStored"], 0, "{again}");
    settle(&app, tok, &dev, &mut sse, "dua").await;
    assert_eq!(chat(&app, tok, &dev, BUDI).await.len(), 3);
    assert_eq!(chat(&app, tok, &dev, SARI).await.len(), 3);
}

const PHONE_A: &str = "6281200000001";

/// The loopback phone's history: two chats of three messages, the middle one its own.
fn loopback_history() -> Vec<HistoryMessage> {
    let mut out = Vec::new();
    for (c, phone) in [BUDI, SARI].iter().enumerate() {
        for i in 0..3u64 {
            out.push(HistoryMessage {
                id: format!("3EB0HIST{c}{i}"),
                chat: phone.to_string(),
                from_me: i == 1,
                text: format!("riwayat {c}-{i}"),
                timestamp: 1_700_000_000 + c as u64 * 86_400 + i * 60,
            });
        }
    }
    out
}

async fn the_loopback_phone_s_history_is_stored_by_a_device_that_opted_in(b: Backend) {
    let server = LoopbackServer::start().await;
    server.phone_history(PHONE_A, loopback_history()).unwrap();
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir A").await;
    set_history(&app, tok, &dev, true).await;
    let mut sse = Sse::open(
        &app,
        &format!("?deviceId={dev}&types=history.progress,history.complete,message.new"),
        tok,
        None,
    )
    .await;
    link(&app, &server, tok, &dev, PHONE_A).await;

    let mut progress = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no history.complete: {progress:?}"
        );
        let (_, e) = sse.next(Duration::from_secs(60)).await.expect("an event");
        assert_ne!(
            e["type"], "message.new",
            "an old message was announced as new: {e}"
        );
        if e["type"] == "history.complete" {
            break;
        }
        if e["type"] == "history.progress" {
            progress.push(e["data"].clone());
        }
    }
    // whatsapp-rust processes two parts at once: they may be stored in either order, and
    // history.complete follows both.
    progress.sort_by_key(|p| p["chunk"].as_u64());
    assert_eq!(progress.len(), 2, "{progress:?}");
    assert_eq!(progress[0]["chunk"], 1, "{progress:?}");
    assert_eq!(progress[0]["progress"], 50, "{progress:?}");
    assert_eq!(progress[1]["progress"], 100, "{progress:?}");
    for p in &progress {
        assert_eq!(p["messagesStored"], 3, "{p}");
    }

    for (c, phone) in [BUDI, SARI].iter().enumerate() {
        let mut messages = chat(&app, tok, &dev, phone).await;
        messages.sort_by_key(|m| m["messageId"].as_str().unwrap().to_string());
        assert_eq!(messages.len(), 3, "{messages:?}");
        for (i, m) in messages.iter().enumerate() {
            assert_eq!(m["messageId"], format!("3EB0HIST{c}{i}"), "{m}");
            assert_eq!(m["body"], format!("riwayat {c}-{i}"), "{m}");
            assert_eq!(m["fromMe"], i == 1, "{m}");
            let at = chrono::DateTime::parse_from_rfc3339(m["timestamp"].as_str().unwrap())
                .unwrap()
                .timestamp();
            assert_eq!(at, 1_700_000_000 + c as i64 * 86_400 + i as i64 * 60, "{m}");
            let sender = if i == 1 { PHONE_A } else { phone };
            assert_eq!(m["senderPhone"], sender, "{m}");
        }
    }
}

async fn the_loopback_phone_s_history_is_not_stored_without_the_opt_in(b: Backend) {
    let server = LoopbackServer::start().await;
    server.phone_history(PHONE_A, loopback_history()).unwrap();
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir A").await;
    let mut sse = Sse::open(&app, &format!("?deviceId={dev}"), tok, None).await;
    link(&app, &server, tok, &dev, PHONE_A).await;

    // A text the phone sends after linking arrives after its history notifications did.
    let id = server.phone_send_text(BUDI, PHONE_A, "pesan baru").unwrap();
    let mut events = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the new text did not arrive: {events:?}"
        );
        let (_, e) = sse.next(Duration::from_secs(30)).await.expect("an event");
        events.push(e["type"].clone());
        if e["type"] == "message.new" && e["data"]["messageId"] == id.as_str() {
            break;
        }
    }
    // whatsapp-rust acknowledges skipped history at once; give a stray download time to show.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let budi = wait_for(5, "the chat with the new text", || async {
        let m = chat(&app, tok, &dev, BUDI).await;
        (!m.is_empty()).then_some(m)
    })
    .await;
    assert_eq!(budi.len(), 1, "history was stored: {budi:?}");
    assert_eq!(budi[0]["messageId"], id.as_str());
    assert!(chat(&app, tok, &dev, SARI).await.is_empty());
    while let Some((_, e)) = sse.next(Duration::from_millis(500)).await {
        events.push(e["type"].clone());
    }
    assert!(
        events
            .iter()
            .all(|t| !t.as_str().unwrap_or_default().starts_with("history.")),
        "{events:?}"
    );
}
