//! Forwarding, disappearing timers and view-once photos on the real engine through the loopback
//! WhatsApp server (the simulator's versions are in `chatops.rs`): B's phone sees A's forward
//! marked as forwarded, A's timer change and the expiration later messages carry; B's phone
//! turns the timer off and A reports it; B's phone sends a view-once photo and A keeps it as
//! one, with the exact bytes.

use reqwest::StatusCode;
use serde_json::json;

use gerbang_wa_fake::{LoopbackServer, PhoneMessage};

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend, TestApp};
use crate::loopback::{gateway, link, next_event};
use crate::loopback_media::received;

db_tests!(forwards_timers_and_view_once_photos_cross_whatsapp);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000051";
const PHONE_B: &str = "6281200000052";

async fn send_text(app: &TestApp, tok: &str, dev: &str, text: &str) -> String {
    let r = app
        .post(
            &format!("{DEVICES}/{dev}/send-message"),
            Some(tok),
            json!({"phone": PHONE_B, "message": text}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["simulated"], false, "{}", r.body);
    r.data()["messageId"].as_str().unwrap().to_string()
}

async fn at_b(
    server: &LoopbackServer,
    what: &str,
    pick: impl Fn(&PhoneMessage) -> bool,
) -> PhoneMessage {
    wait_for(30, what, || async {
        server.phone_inbox(PHONE_B).into_iter().find(|m| pick(m))
    })
    .await
}

async fn forwards_timers_and_view_once_photos_cross_whatsapp(b: Backend) {
    let server = LoopbackServer::start().await;
    server.phone_start(PHONE_B).unwrap();
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir A").await;
    link(&app, &server, tok, &dev, PHONE_A).await;
    let mut at_a = Sse::open(&app, &format!("?deviceId={dev}"), tok, None).await;

    // A forwards its own message: B's phone sees the copy marked as forwarded, not the original.
    let original = send_text(&app, tok, &dev, "promo hari ini").await;
    let r = app
        .post(
            &format!("{DEVICES}/{dev}/messages/{original}/forward"),
            Some(tok),
            json!({"to": PHONE_B}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let copy = r.data()["messageId"].as_str().unwrap().to_string();
    let seen = at_b(&server, "the forwarded copy at B", |m| m.id == copy).await;
    assert!(seen.forwarded, "{seen:?}");
    assert_eq!(seen.text.as_deref(), Some("promo hari ini"));
    let first = at_b(&server, "the original at B", |m| m.id == original).await;
    assert!(!first.forwarded, "{first:?}");

    // A turns on a one-day timer: B's phone gets the change, and A's next message expires.
    let r = app
        .put(
            &format!("{DEVICES}/{dev}/chats/{PHONE_B}/disappearing"),
            Some(tok),
            json!({"seconds": 86400}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    at_b(&server, "the timer change at B", |m| {
        m.from == PHONE_A && m.disappearing == Some(86400)
    })
    .await;
    let later = send_text(&app, tok, &dev, "hilang besok").await;
    let seen = at_b(&server, "the expiring message at B", |m| m.id == later).await;
    assert_eq!(seen.expiration, Some(86400), "{seen:?}");

    // B's phone turns it off: A reports the change as B's, and stops sending the expiration.
    server.phone_set_disappearing(PHONE_B, PHONE_A, 0).unwrap();
    let change = next_event(&mut at_a, "chat.disappearing from B at A", |e| {
        (e["type"] == "chat.disappearing" && e["data"]["seconds"] == 0).then(|| e["data"].clone())
    })
    .await;
    assert_eq!(change["fromMe"], false, "{change}");
    assert_eq!(
        change["chatJid"],
        format!("{PHONE_B}@s.whatsapp.net"),
        "{change}"
    );
    let kept = send_text(&app, tok, &dev, "sekarang tetap").await;
    let seen = at_b(&server, "the lasting message at B", |m| m.id == kept).await;
    assert_eq!(seen.expiration, None, "{seen:?}");

    // B's phone sends a view-once photo: A stores it as one, and serves the same bytes.
    let jpeg: Vec<u8> = [0xFF, 0xD8, 0xFF, 0xE0]
        .into_iter()
        .chain((0..2_000).map(|i| (i % 251) as u8))
        .collect();
    let id = server
        .phone_send_view_once_image(PHONE_B, PHONE_A, &jpeg, "sekali lihat")
        .unwrap();
    let (message, bytes) = received(&app, &mut at_a, tok, &dev, &id).await;
    assert_eq!(message["messageType"], "image", "{message}");
    assert_eq!(message["body"], "sekali lihat", "{message}");
    assert_eq!(message["extra"]["viewOnce"], true, "{message}");
    assert_eq!(bytes, jpeg);
}
