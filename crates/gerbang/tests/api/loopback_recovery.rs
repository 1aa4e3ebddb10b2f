//! Broken Signal sessions on the real engine, mended by retry receipts: the loopback server
//! breaks a message on purpose (a bad MAC; a one-time pre-key handed out twice), B's
//! whatsapp-rust asks the sender to encrypt again, the server carries the retry receipt to the
//! sending device, and the message reaches B's gateway once, as `message.new`.

use std::time::Duration;

use serde_json::Value;

use gerbang_wa_fake::LoopbackServer;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{Backend, TestApp};
use crate::loopback::{gateway, link, next_event, send_text};

db_tests!(
    a_message_with_a_bad_mac_is_sent_again_and_arrives_once,
    a_sender_given_a_consumed_prekey_rebuilds_its_session_and_the_message_arrives_once,
);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000031";
const PHONE_B: &str = "6281200000032";
const PHONE_C: &str = "6281200000033";

/// The next `message.new` the device received (not one it sent): its message id and body.
async fn next_message(sse: &mut Sse, what: &str) -> (String, String) {
    next_event(sse, what, |e: &Value| {
        let received = e["type"] == "message.new" && e["data"]["message"]["fromMe"] == false;
        received.then(|| {
            (
                e["data"]["messageId"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                e["data"]["message"]["body"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
    })
    .await
}

/// Nothing more arrives from the other side: no message was stored twice.
async fn no_more(sse: &mut Sse) {
    while let Some((_, e)) = sse.next(Duration::from_secs(3)).await {
        assert_eq!(e["data"]["message"]["fromMe"], true, "an extra event: {e}");
    }
}

async fn history(app: &TestApp, token: &str, dev: &str, phone: &str) -> Vec<Value> {
    let h = app
        .get(
            &format!("{DEVICES}/{dev}/chat-history/{phone}@s.whatsapp.net?limit=50"),
            Some(token),
        )
        .await;
    h.data()["messages"].as_array().cloned().unwrap_or_default()
}

async fn a_message_with_a_bad_mac_is_sent_again_and_arrives_once(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = &owner.token;
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    link(&app, &server, tok, &dev_a, PHONE_A).await;
    link(&app, &server, tok, &dev_b, PHONE_B).await;
    let mut at_b = Sse::open(
        &app,
        &format!("?deviceId={dev_b}&types=message.new"),
        tok,
        None,
    )
    .await;
    let mut at_a = Sse::open(
        &app,
        &format!("?deviceId={dev_a}&types=message.new"),
        tok,
        None,
    )
    .await;

    // A's first messages open the session with a pre-key; once B has answered, A writes on
    // the established session (`msg`), whose MAC the server can break.
    let first = send_text(&app, tok, &dev_a, PHONE_B, "satu").await;
    assert_eq!(next_message(&mut at_b, "satu at B").await.0, first);
    let answer = send_text(&app, tok, &dev_b, PHONE_A, "siap").await;
    assert_eq!(next_message(&mut at_a, "siap at A").await.0, answer);

    server.corrupt_next_message_to(PHONE_B);
    let second = send_text(&app, tok, &dev_a, PHONE_B, "dua").await;
    let (id, body) = next_message(&mut at_b, "dua at B, after the retry").await;
    assert_eq!((id.as_str(), body.as_str()), (second.as_str(), "dua"));
    assert_eq!(server.corrupted(), 1, "the server broke A's message");
    // B told its integrator something arrived it could not read yet, without the text.
    let mut told = Sse::open(
        &app,
        &format!("?deviceId={dev_b}&types=message.undecryptable"),
        tok,
        Some(0),
    )
    .await;
    let unreadable = next_event(&mut told, "message.undecryptable at B", |e| {
        (e["type"] == "message.undecryptable").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(unreadable["messageId"], second.as_str(), "{unreadable}");
    assert_eq!(unreadable["senderPhone"], PHONE_A, "{unreadable}");
    assert!(!unreadable.to_string().contains("dua"), "{unreadable}");
    assert!(
        server.retry_receipts() >= 1,
        "B asked A to send it again, through the server"
    );
    no_more(&mut at_b).await;

    let bodies: Vec<Value> = history(&app, tok, &dev_b, PHONE_A)
        .await
        .iter()
        .filter(|m| m["fromMe"] == false)
        .map(|m| m["body"].clone())
        .collect();
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    assert!(bodies.contains(&"dua".into()), "{bodies:?}");
    // The session works on: the next message needs no retry.
    let retries = server.retry_receipts();
    let third = send_text(&app, tok, &dev_a, PHONE_B, "tiga").await;
    assert_eq!(next_message(&mut at_b, "tiga at B").await.0, third);
    assert_eq!(server.retry_receipts(), retries);
}

async fn a_sender_given_a_consumed_prekey_rebuilds_its_session_and_the_message_arrives_once(
    b: Backend,
) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = &owner.token;
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    let dev_c = app.device(owner.id, "Kasir C").await;
    link(&app, &server, tok, &dev_a, PHONE_A).await;
    link(&app, &server, tok, &dev_b, PHONE_B).await;
    link(&app, &server, tok, &dev_c, PHONE_C).await;
    server.reuse_prekeys_of(PHONE_B);
    let mut at_b = Sse::open(
        &app,
        &format!("?deviceId={dev_b}&types=message.new"),
        tok,
        None,
    )
    .await;

    // A uses B's one-time pre-key first; C is handed the same one, which B no longer has.
    let from_a = send_text(&app, tok, &dev_a, PHONE_B, "dari A").await;
    assert_eq!(next_message(&mut at_b, "A's message at B").await.0, from_a);
    assert_eq!(server.retry_receipts(), 0);
    let from_c = send_text(&app, tok, &dev_c, PHONE_B, "dari C").await;
    let (id, body) = next_message(&mut at_b, "C's message at B, after the retries").await;
    assert_eq!((id.as_str(), body.as_str()), (from_c.as_str(), "dari C"));
    assert!(server.retry_receipts() >= 1, "B asked C to send it again");
    no_more(&mut at_b).await;
    assert_eq!(history(&app, tok, &dev_b, PHONE_C).await.len(), 1);

    // C's new session is the one B has: its next message goes straight through.
    let retries = server.retry_receipts();
    let again = send_text(&app, tok, &dev_c, PHONE_B, "lagi dari C").await;
    assert_eq!(next_message(&mut at_b, "C's next at B").await.0, again);
    assert_eq!(server.retry_receipts(), retries);
}
