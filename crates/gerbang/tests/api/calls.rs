//! Calls on the simulated network: a ring is a `call.offer`, a hang-up before anyone declined
//! it a `call.missed`; with `rejectCalls` the gateway declines it (the caller sees `rejected`)
//! and sends `rejectMessage` like any text. And the per-device call setting over HTTP: it starts off (calls ring), is kept per device across
//! reads, refuses a blank or oversized reply text naming `rejectMessage` without changing what
//! was stored, and is refused to other users.

use reqwest::StatusCode;
use serde_json::json;

use serde_json::Value;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{Backend, TestApp};
use crate::loopback::next_event;

db_tests!(
    the_call_setting_is_kept_per_device_and_refuses_bad_replies,
    a_call_rings_and_is_missed_or_rejected_with_the_reply_sent,
);

const DEV: &str = "/api/whatsapp-multi-device/devices";

async fn the_call_setting_is_kept_per_device_and_refuses_bad_replies(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let kasir = app.device(owner.id, "Kasir").await;
    let gudang = app.device(owner.id, "Gudang").await;
    let path = format!("{DEV}/{kasir}/call-settings");

    let r = app.get(&path, Some(tok)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["deviceId"], kasir.as_str());
    assert_eq!(r.data()["rejectCalls"], false);
    assert!(r.data()["rejectMessage"].is_null(), "{}", r.body);

    let reply = "Maaf, kami tidak menerima telepon. Silakan kirim pesan.";
    let r = app
        .put(
            &path,
            Some(tok),
            json!({"rejectCalls": true, "rejectMessage": reply}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["rejectCalls"], true);
    assert_eq!(r.data()["rejectMessage"], reply);

    let r = app.get(&path, Some(tok)).await;
    assert_eq!(r.data()["rejectCalls"], true, "{}", r.body);
    assert_eq!(r.data()["rejectMessage"], reply, "{}", r.body);
    // The other device of the same owner is untouched.
    let r = app
        .get(&format!("{DEV}/{gudang}/call-settings"), Some(tok))
        .await;
    assert_eq!(r.data()["rejectCalls"], false, "{}", r.body);

    for bad in [
        json!({"rejectCalls": true, "rejectMessage": "   "}),
        json!({"rejectCalls": true, "rejectMessage": "x".repeat(4097)}),
    ] {
        let r = app.put(&path, Some(tok), bad).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.field("rejectMessage").is_some(), "{}", r.body);
    }
    let r = app
        .put(&path, Some(tok), json!({"rejectMessage": "tanpa flag"}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = app.get(&path, Some(tok)).await;
    assert_eq!(
        r.data()["rejectMessage"],
        reply,
        "bad input changed it: {}",
        r.body
    );

    // Back to ringing, and no reply text.
    let r = app
        .put(
            &path,
            Some(tok),
            json!({"rejectCalls": false, "rejectMessage": null}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.get(&path, Some(tok)).await;
    assert_eq!(r.data()["rejectCalls"], false, "{}", r.body);
    assert!(r.data()["rejectMessage"].is_null(), "{}", r.body);

    // Someone else's device is refused to them.
    let other = app.user("lain").await;
    let r = app.get(&path, Some(other.token.as_str())).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app
        .put(
            &path,
            Some(other.token.as_str()),
            json!({"rejectCalls": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app.get(&path, Some(tok)).await;
    assert_eq!(r.data()["rejectCalls"], false, "{}", r.body);
}

const CALLER: &str = "6281300000201";

async fn ring(app: &TestApp, tok: &str, dev: &str) -> String {
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/calls"),
            Some(tok),
            json!({"from": CALLER, "video": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["simulated"], true, "{}", r.body);
    r.data()["callId"].as_str().expect("rang").to_string()
}

async fn hang_up(app: &TestApp, tok: &str, dev: &str, call: &str) -> String {
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/calls/{call}/hang-up"),
            Some(tok),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data()["outcome"].as_str().unwrap().to_string()
}

fn call_event(e: &Value) -> Option<Value> {
    let t = e["type"].as_str()?;
    t.starts_with("call.")
        .then(|| json!({"type": t, "data": e["data"].clone()}))
}

async fn a_call_rings_and_is_missed_or_rejected_with_the_reply_sent(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    app.link(&dev).await;
    let r = app
        .post(
            "/api/sim/accounts",
            Some(tok),
            json!({"phone": CALLER, "name": "Pak Budi"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let mut sse = Sse::open(&app, &format!("?deviceId={dev}"), tok, None).await;
    let caller = format!("{CALLER}@s.whatsapp.net");

    // Without a setting: it rings, and is missed when the caller gives up.
    let first = ring(&app, tok, &dev).await;
    let e = next_event(&mut sse, "a call event", call_event).await;
    assert_eq!(e["type"], "call.offer", "{e}");
    assert_eq!(e["data"]["callId"], first.as_str(), "{e}");
    assert_eq!(e["data"]["from"], caller.as_str(), "{e}");
    assert_eq!(e["data"]["phone"], CALLER, "{e}");
    assert_eq!(e["data"]["video"], true, "{e}");
    assert_eq!(hang_up(&app, tok, &dev, &first).await, "missed");
    let e = next_event(&mut sse, "a call event", call_event).await;
    assert_eq!(e["type"], "call.missed", "{e}");
    assert_eq!(e["data"]["callId"], first.as_str(), "{e}");
    assert_eq!(e["data"]["rejected"], false, "{e}");

    // Rejecting, with a reply: the caller sees it declined and gets the text.
    let reply = "Maaf, kami tidak menerima telepon. Silakan chat.";
    let r = app
        .put(
            &format!("{DEV}/{dev}/call-settings"),
            Some(tok),
            json!({"rejectCalls": true, "rejectMessage": reply}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let second = ring(&app, tok, &dev).await;
    let e = next_event(&mut sse, "a call event", call_event).await;
    assert_eq!(e["type"], "call.offer", "{e}");
    let e = next_event(&mut sse, "a call event", call_event).await;
    assert_eq!(e["type"], "call.missed", "{e}");
    assert_eq!(e["data"]["callId"], second.as_str(), "{e}");
    assert_eq!(e["data"]["rejected"], true, "{e}");
    assert_eq!(hang_up(&app, tok, &dev, &second).await, "rejected");
    // The reply went out as an ordinary message of the device, to the caller.
    let mut found = None;
    for _ in 0..50 {
        let r = app
            .get(&format!("{DEV}/{dev}/chat-history/{caller}"), Some(tok))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        found = r
            .body
            .to_string()
            .contains(reply)
            .then_some(r.body.to_string());
        if found.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        found.is_some(),
        "the reply text never reached the chat history"
    );
    // The log holds both calls, once each.
    let log = app
        .get("/api/logs?types=call.offer,call.missed", Some(tok))
        .await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    let n = log.body.to_string().matches("call.offer").count();
    assert!(n >= 2, "{}", log.body);

    // A ring to a device that is not connected reaches nothing.
    let r = app
        .delete(&format!("{DEV}/{dev}/disconnect"), Some(tok))
        .await;
    assert_eq!(r.data()["status"], "disconnected", "{}", r.body);
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/calls"),
            Some(tok),
            json!({"from": CALLER}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.data()["callId"].is_null(), "{}", r.body);
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/calls"),
            Some(tok),
            json!({"from": "abc"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("from").is_some(), "{}", r.body);
}
