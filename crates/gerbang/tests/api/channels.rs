//! Channels (newsletters) over HTTP on the simulated network: a device follows a channel by its
//! invite code, lists it, reads its posts newest first and pages back, unfollows it; an unknown
//! channel is a 404 and bad input a 400 naming the field, changing nothing.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(a_device_follows_reads_and_unfollows_a_channel);

const DEV: &str = "/api/whatsapp-multi-device/devices";

/// Checks a channel listing, newest first, against the texts expected.
pub fn assert_posts(body: &Value, texts: &[&str]) {
    let posts = body["data"]["posts"].as_array().expect("posts");
    let got: Vec<&str> = posts
        .iter()
        .map(|p| p["text"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(got, texts, "{body}");
    let ids: Vec<u64> = posts
        .iter()
        .map(|p| p["serverId"].as_u64().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {body}");
}

async fn a_device_follows_reads_and_unfollows_a_channel(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    app.link(&dev).await;

    let r = app
        .post(
            "/api/sim/channels",
            Some(tok),
            json!({"name": "Info Promo", "description": "Diskon tiap Jumat"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let jid = r.data()["jid"].as_str().unwrap().to_string();
    let code = r.data()["inviteCode"].as_str().unwrap().to_string();
    for text in ["Promo 1", "Promo 2", "Promo 3"] {
        let r = app
            .post(
                &format!("/api/sim/channels/{jid}/posts"),
                Some(tok),
                json!({"text": text}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }

    let r = app.get(&format!("{DEV}/{dev}/channels"), Some(tok)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["channels"], json!([]), "{}", r.body);
    let r = app
        .get(&format!("{DEV}/{dev}/channels/{code}"), Some(tok))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["following"], false, "{}", r.body);
    assert_eq!(r.data()["channel"]["jid"], jid.as_str(), "{}", r.body);

    let r = app
        .post(
            &format!("{DEV}/{dev}/channels/{code}/follow"),
            Some(tok),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["following"], true, "{}", r.body);
    assert_eq!(r.data()["simulated"], true, "{}", r.body);
    assert_eq!(r.data()["channel"]["subscribers"], 1, "{}", r.body);
    let r = app.get(&format!("{DEV}/{dev}/channels"), Some(tok)).await;
    let list = r.data()["channels"].as_array().cloned().unwrap();
    assert_eq!(list.len(), 1, "{}", r.body);
    assert_eq!(list[0]["name"], "Info Promo", "{}", r.body);
    assert_eq!(list[0]["description"], "Diskon tiap Jumat", "{}", r.body);
    assert_eq!(list[0]["role"], "subscriber", "{}", r.body);

    let r = app
        .get(
            &format!("{DEV}/{dev}/channels/{jid}/posts?count=2"),
            Some(tok),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_posts(&r.body, &["Promo 3", "Promo 2"]);
    let before = r.data()["nextBefore"].as_u64().expect("a next page");
    let r = app
        .get(
            &format!("{DEV}/{dev}/channels/{jid}/posts?count=2&before={before}"),
            Some(tok),
        )
        .await;
    assert_posts(&r.body, &["Promo 1"]);
    assert_eq!(r.data()["nextBefore"], Value::Null, "{}", r.body);

    // Bad input names the field; an unknown channel is a 404; neither changes the follow.
    for (path, field) in [
        (
            format!("{DEV}/{dev}/channels/6281234567890@s.whatsapp.net"),
            "channel",
        ),
        (format!("{DEV}/{dev}/channels/{jid}/posts?count=0"), "count"),
        (
            format!("{DEV}/{dev}/channels/{jid}/posts?count=101"),
            "count",
        ),
        (
            format!("{DEV}/{dev}/channels/{jid}/posts?before=0"),
            "before",
        ),
    ] {
        let r = app.get(&path, Some(tok)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
        assert!(
            r.body["error"]["fields"][field].is_string(),
            "{path}: {}",
            r.body
        );
    }
    let r = app
        .post(
            &format!("{DEV}/{dev}/channels/120363999999999999@newsletter/follow"),
            Some(tok),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = app
        .post(
            "/api/sim/channels/120363999999999999/posts",
            Some(tok),
            json!({"text": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    let r = app
        .post(
            &format!("{DEV}/{dev}/channels/{jid}/unfollow"),
            Some(tok),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["following"], false, "{}", r.body);
    let r = app.get(&format!("{DEV}/{dev}/channels"), Some(tok)).await;
    assert_eq!(r.data()["channels"], json!([]), "{}", r.body);
    // Unfollowed channels can still be read.
    let r = app
        .get(&format!("{DEV}/{dev}/channels/{jid}/posts"), Some(tok))
        .await;
    assert_posts(&r.body, &["Promo 3", "Promo 2", "Promo 1"]);
}
