//! Presence, chat states and the number check over HTTP on the simulated network: a contact's
//! online/offline reaches the device only after it subscribed, chat states always, each as one
//! `presence.update` (repeats dropped) and never as a message; bad input is a 400 naming the
//! field and changes nothing.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{Backend, TestApp};
use crate::loopback::next_event;

db_tests!(
    a_contact_online_and_typing_reaches_the_device_as_presence_updates,
    the_number_check_answers_per_number_and_refuses_bad_lists,
);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const CONTACT: &str = "6281300000101";
const ABSENT: &str = "6281300000102";

async fn sim_presence(app: &TestApp, tok: &str, dev: &str, state: &str) -> bool {
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/presence"),
            Some(tok),
            json!({"from": CONTACT, "state": state}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["simulated"], true, "{}", r.body);
    r.data()["delivered"].as_bool().unwrap()
}

fn presence(e: &Value) -> Option<Value> {
    (e["type"] == "presence.update").then(|| e["data"].clone())
}

async fn a_contact_online_and_typing_reaches_the_device_as_presence_updates(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    app.link(&dev).await;
    let r = app
        .post(
            "/api/sim/accounts",
            Some(tok),
            json!({"phone": CONTACT, "name": "Bu Sari"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let mut sse = Sse::open(&app, &format!("?deviceId={dev}"), tok, None).await;
    let contact = format!("{CONTACT}@s.whatsapp.net");

    // Online/offline goes to subscribers only, as on WhatsApp.
    assert!(!sim_presence(&app, tok, &dev, "available").await);
    let r = app
        .post(
            &format!("{DEV}/{dev}/presence/subscribe"),
            Some(tok),
            json!({"jid": CONTACT}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["jid"], contact.as_str(), "{}", r.body);
    assert_eq!(r.data()["simulated"], true, "{}", r.body);
    assert!(sim_presence(&app, tok, &dev, "available").await);
    let got = next_event(&mut sse, "available", presence).await;
    assert_eq!(got["jid"], contact.as_str(), "{got}");
    assert_eq!(got["state"], "available", "{got}");
    assert_eq!(got["lastSeen"], Value::Null, "{got}");

    // A chat state needs no subscription; WhatsApp's repeats while typing are dropped.
    for state in ["typing", "typing", "recording", "paused", "unavailable"] {
        assert!(sim_presence(&app, tok, &dev, state).await);
    }
    for state in ["typing", "recording", "paused", "unavailable"] {
        let got = next_event(&mut sse, state, presence).await;
        assert_eq!(got["state"], state, "{got}");
        assert_eq!(got["jid"], contact.as_str(), "{got}");
        assert_eq!(got["chatJid"], contact.as_str(), "{got}");
        if state == "unavailable" {
            assert!(got["lastSeen"].is_string(), "{got}");
        }
    }
    // Not a message: the chat list stays empty.
    let chats = app.get(&format!("{DEV}/{dev}/chats"), Some(tok)).await;
    assert_eq!(chats.status, StatusCode::OK, "{}", chats.body);
    assert_eq!(
        chats.data().as_array().map(Vec::len),
        Some(0),
        "{}",
        chats.body
    );

    // This device's own presence and chat states.
    for (path, body) in [
        ("presence", json!({"state": "available"})),
        ("presence", json!({"state": "unavailable"})),
        ("chat-state", json!({"chat": CONTACT, "state": "typing"})),
        ("chat-state", json!({"chat": CONTACT, "state": "recording"})),
        ("chat-state", json!({"chat": CONTACT, "state": "paused"})),
    ] {
        let r = app
            .post(&format!("{DEV}/{dev}/{path}"), Some(tok), body)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        assert_eq!(r.data()["simulated"], true, "{}", r.body);
    }
    for (path, body, field) in [
        ("presence", json!({"state": "busy"}), "state"),
        (
            "chat-state",
            json!({"chat": CONTACT, "state": "dancing"}),
            "state",
        ),
        (
            "chat-state",
            json!({"chat": "not a number", "state": "typing"}),
            "chat",
        ),
        (
            "presence/subscribe",
            json!({"jid": "120363000000000001@g.us"}),
            "jid",
        ),
    ] {
        let r = app
            .post(&format!("{DEV}/{dev}/{path}"), Some(tok), body)
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
        assert!(r.field(field).is_some(), "{path}: {}", r.body);
    }
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/presence"),
            Some(tok),
            json!({"from": CONTACT, "state": "asleep"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("state").is_some(), "{}", r.body);

    // In the event log like any other event (so streams resume), once per change.
    let log = app.get("/api/logs?types=presence.update", Some(tok)).await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    let states: Vec<&str> = log.data()["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["data"]["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        ["available", "typing", "recording", "paused", "unavailable"]
    );
}

async fn the_number_check_answers_per_number_and_refuses_bad_lists(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    app.link(&dev).await;
    let r = app
        .post(
            "/api/sim/accounts",
            Some(tok),
            json!({"phone": ABSENT, "name": "Tidak ada", "onWhatsapp": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let url = format!("{DEV}/{dev}/check-numbers");

    let r = app
        .post(
            &url,
            Some(tok),
            json!({"numbers": ["081300000101", ABSENT]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let results = r.data()["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{}", r.body);
    assert_eq!(results[0]["number"], "081300000101", "{}", r.body);
    assert_eq!(results[0]["phone"], CONTACT, "{}", r.body);
    assert_eq!(results[0]["exists"], true, "{}", r.body);
    assert_eq!(
        results[0]["jid"],
        format!("{CONTACT}@s.whatsapp.net"),
        "{}",
        r.body
    );
    assert!(
        results[0]["lid"].as_str().unwrap().ends_with("@lid"),
        "{}",
        r.body
    );
    assert_eq!(results[1]["exists"], false, "{}", r.body);
    assert_eq!(results[1]["jid"], Value::Null, "{}", r.body);
    assert_eq!(results[1]["lid"], Value::Null, "{}", r.body);

    // A full list of 1,000 in one call; one more is refused.
    let many: Vec<String> = (0..1000).map(|i| format!("62813{i:08}")).collect();
    let r = app.post(&url, Some(tok), json!({"numbers": many})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["results"].as_array().unwrap().len(), 1000);
    let too_many: Vec<String> = (0..1001).map(|i| format!("62813{i:08}")).collect();
    for (body, field) in [
        (json!({"numbers": too_many}), "numbers"),
        (json!({"numbers": []}), "numbers"),
        (json!({"numbers": [CONTACT, "halo"]}), "numbers[1]"),
    ] {
        let r = app.post(&url, Some(tok), body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.field(field).is_some(), "{field}: {}", r.body);
    }
}
