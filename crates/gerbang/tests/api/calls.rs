//! The per-device call setting over HTTP: it starts off (calls ring), is kept per device across
//! reads, refuses a blank or oversized reply text naming `rejectMessage` without changing what
//! was stored, and is refused to other users.

use reqwest::StatusCode;
use serde_json::json;

use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(the_call_setting_is_kept_per_device_and_refuses_bad_replies);

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
