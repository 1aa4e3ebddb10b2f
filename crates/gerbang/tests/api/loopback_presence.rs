//! Presence, chat states and the number check on the real engine, through the loopback WhatsApp
//! server: gateway device A subscribes to B's presence; B going online, typing, recording and
//! pausing reach A as `presence.update` events; A's number check finds B with its LID and not
//! a number nobody registered.

use reqwest::StatusCode;
use serde_json::{json, Value};

use gerbang_wa_fake::LoopbackServer;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{Backend, TestApp};
use crate::loopback::{gateway, link, next_event};

db_tests!(b_online_and_typing_reach_a_and_the_number_check_finds_b_with_its_lid);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000041";
const PHONE_B: &str = "6281200000042";
const NOBODY: &str = "6281200000049";

async fn post_ok(app: &TestApp, tok: &str, path: &str, body: Value) -> Value {
    let r = app
        .post(&format!("{DEVICES}/{path}"), Some(tok), body)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    assert_eq!(r.data()["simulated"], false, "{}", r.body);
    r.data().clone()
}

async fn b_online_and_typing_reach_a_and_the_number_check_finds_b_with_its_lid(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    link(&app, &server, tok, &dev_a, PHONE_A).await;
    link(&app, &server, tok, &dev_b, PHONE_B).await;
    let mut at_a = Sse::open(
        &app,
        &format!("?deviceId={dev_a}&types=presence.update"),
        tok,
        None,
    )
    .await;
    let b_jid = format!("{PHONE_B}@s.whatsapp.net");
    let a_jid = format!("{PHONE_A}@s.whatsapp.net");

    // The number check: B is on WhatsApp with its LID, NOBODY is not.
    let checked = post_ok(
        &app,
        tok,
        &format!("{dev_a}/check-numbers"),
        json!({"numbers": [PHONE_B, NOBODY]}),
    )
    .await;
    let results = checked["results"].as_array().unwrap();
    let digits: u64 = PHONE_B.parse().unwrap();
    let b_lid = format!(
        "{}@lid",
        100_000_000_000_000u64 + digits % 100_000_000_000_000
    );
    assert_eq!(results[0]["exists"], true, "{checked}");
    assert_eq!(results[0]["jid"], b_jid.as_str(), "{checked}");
    assert_eq!(results[0]["lid"], b_lid.as_str(), "{checked}");
    assert_eq!(results[1]["exists"], false, "{checked}");
    assert_eq!(results[1]["lid"], Value::Null, "{checked}");

    // A subscribes to B; B comes online.
    post_ok(
        &app,
        tok,
        &format!("{dev_a}/presence/subscribe"),
        json!({"jid": PHONE_B}),
    )
    .await;
    post_ok(
        &app,
        tok,
        &format!("{dev_b}/presence"),
        json!({"state": "available"}),
    )
    .await;
    let got = next_event(&mut at_a, "B available at A", |e| {
        (e["data"]["state"] == "available").then(|| e.clone())
    })
    .await;
    assert_eq!(got["data"]["jid"], b_jid.as_str(), "{got}");
    assert_eq!(got["deviceId"], dev_a.as_str(), "{got}");

    // B types, records and pauses in its chat with A.
    for state in ["typing", "recording", "paused"] {
        post_ok(
            &app,
            tok,
            &format!("{dev_b}/chat-state"),
            json!({"chat": a_jid, "state": state}),
        )
        .await;
        let got = next_event(&mut at_a, &format!("B {state} at A"), |e| {
            (e["data"]["state"] == state).then(|| e["data"].clone())
        })
        .await;
        assert_eq!(got["jid"], b_jid.as_str(), "{got}");
        assert_eq!(got["chatJid"], b_jid.as_str(), "{got}");
    }

    // B goes offline: A learns when B was last seen.
    post_ok(
        &app,
        tok,
        &format!("{dev_b}/presence"),
        json!({"state": "unavailable"}),
    )
    .await;
    let got = next_event(&mut at_a, "B unavailable at A", |e| {
        (e["data"]["state"] == "unavailable").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(got["jid"], b_jid.as_str(), "{got}");
    assert!(got["lastSeen"].is_string(), "{got}");
}
