//! Channels on the real engine through the loopback server: whatsapp-rust looks a channel up by
//! its invite code and follows it over WhatsApp's GraphQL service (MEX), lists the followed
//! channels, reads the posts over the `newsletter` IQ (plaintext protobufs), and unfollows; the
//! server's follower list moves with it, and an unknown channel is a 404.

use reqwest::StatusCode;
use serde_json::json;

use gerbang_wa_fake::LoopbackServer;

use crate::channels::assert_posts;
use crate::db_tests;
use crate::harness::Backend;
use crate::loopback::{gateway, link};

db_tests!(a_real_device_follows_reads_and_unfollows_a_channel);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE: &str = "6281200000091";

async fn a_real_device_follows_reads_and_unfollows_a_channel(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    link(&app, &server, tok, &dev, PHONE).await;
    let (jid, code) = server.create_channel("Info Promo", "Diskon tiap Jumat");
    for text in ["Promo 1", "Promo 2", "Promo 3"] {
        server.channel_post(&jid, text).unwrap();
    }

    let r = app
        .post(
            &format!("{DEVICES}/{dev}/channels/{code}/follow"),
            Some(tok),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["simulated"], false, "{}", r.body);
    assert_eq!(r.data()["following"], true, "{}", r.body);
    assert_eq!(r.data()["channel"]["jid"], jid.as_str(), "{}", r.body);
    assert_eq!(
        r.data()["channel"]["inviteCode"],
        code.as_str(),
        "{}",
        r.body
    );
    assert_eq!(server.channel_followers(&jid), vec![PHONE.to_string()]);

    let r = app
        .get(&format!("{DEVICES}/{dev}/channels"), Some(tok))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let list = r.data()["channels"].as_array().cloned().unwrap();
    assert_eq!(list.len(), 1, "{}", r.body);
    assert_eq!(list[0]["name"], "Info Promo", "{}", r.body);
    assert_eq!(list[0]["description"], "Diskon tiap Jumat", "{}", r.body);
    assert_eq!(list[0]["subscribers"], 1, "{}", r.body);

    let r = app
        .get(
            &format!("{DEVICES}/{dev}/channels/{jid}/posts?count=2"),
            Some(tok),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_posts(&r.body, &["Promo 3", "Promo 2"]);
    let before = r.data()["nextBefore"].as_u64().expect("a next page");
    let r = app
        .get(
            &format!("{DEVICES}/{dev}/channels/{jid}/posts?count=2&before={before}"),
            Some(tok),
        )
        .await;
    assert_posts(&r.body, &["Promo 1"]);

    let r = app
        .get(
            &format!("{DEVICES}/{dev}/channels/120363999999999999@newsletter"),
            Some(tok),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    let r = app
        .post(
            &format!("{DEVICES}/{dev}/channels/{jid}/unfollow"),
            Some(tok),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["following"], false, "{}", r.body);
    assert!(server.channel_followers(&jid).is_empty());
    let r = app
        .get(&format!("{DEVICES}/{dev}/channels"), Some(tok))
        .await;
    assert_eq!(r.data()["channels"], json!([]), "{}", r.body);
}
