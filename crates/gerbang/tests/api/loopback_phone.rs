//! The loopback server's scripted phone (device 0 of an account) against the real engine:
//! the phone writes to a gateway device, reads what a gateway device sent it, and a wrong
//! pairing code typed on it links nothing.

use serde_json::Value;

use gerbang_wa_fake::LoopbackServer;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend};
use crate::loopback::{gateway, link, linked_by_code, next_event, pairing_code, send_text};

db_tests!(
    a_text_from_b_s_phone_reaches_a_and_b_s_device_stores_it_as_sent,
    a_wrong_pairing_code_links_nothing_and_the_right_one_then_links,
    the_phone_reads_a_text_from_a_and_a_sees_it_read,
);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000001";
const PHONE_B: &str = "6281200000002";

fn new_message(e: &Value) -> Option<Value> {
    (e["type"] == "message.new").then(|| e["data"].clone())
}

/// The phone of B writes to A: A stores it from B, and B's linked device gets the phone's
/// copy, stored as sent by the account (WhatsApp's "sent from my phone").
async fn a_text_from_b_s_phone_reaches_a_and_b_s_device_stores_it_as_sent(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    link(&app, &server, &owner.token, &dev_a, PHONE_A).await;
    link(&app, &server, &owner.token, &dev_b, PHONE_B).await;
    let query = |dev: &str| format!("?deviceId={dev}&types=message.new");
    let mut at_a = Sse::open(&app, &query(&dev_a), &owner.token, None).await;
    let mut at_b = Sse::open(&app, &query(&dev_b), &owner.token, None).await;

    let id = server
        .phone_send_text(PHONE_B, PHONE_A, "Dari HP: stok habis")
        .unwrap();

    let got = next_event(&mut at_a, "message.new at A", new_message).await;
    assert_eq!(got["messageId"], id.as_str(), "{got}");
    assert_eq!(got["chatJid"], format!("{PHONE_B}@s.whatsapp.net"), "{got}");
    assert_eq!(got["message"]["body"], "Dari HP: stok habis", "{got}");
    assert_eq!(got["message"]["fromMe"], false, "{got}");
    assert_eq!(got["message"]["senderPhone"], PHONE_B, "{got}");

    let copy = next_event(&mut at_b, "the phone's copy at B", new_message).await;
    assert_eq!(copy["messageId"], id.as_str(), "{copy}");
    assert_eq!(
        copy["chatJid"],
        format!("{PHONE_A}@s.whatsapp.net"),
        "{copy}"
    );
    assert_eq!(copy["message"]["body"], "Dari HP: stok habis", "{copy}");
    assert_eq!(copy["message"]["fromMe"], true, "{copy}");

    // Each stored once, in the right chat.
    for (dev, chat) in [(&dev_a, PHONE_B), (&dev_b, PHONE_A)] {
        let history = app
            .get(
                &format!("{DEVICES}/{dev}/chat-history/{chat}@s.whatsapp.net"),
                Some(&owner.token),
            )
            .await;
        let messages = history.data()["messages"].as_array().unwrap().clone();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert_eq!(messages[0]["messageId"], id.as_str());
    }
}

/// A writes to B, whose only device is its phone: the phone decrypts the text, and when it
/// reads it, A's message becomes read.
async fn the_phone_reads_a_text_from_a_and_a_sees_it_read(b: Backend) {
    let server = LoopbackServer::start().await;
    server.phone_start(PHONE_B).unwrap();
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let dev_a = app.device(owner.id, "Kasir A").await;
    link(&app, &server, &owner.token, &dev_a, PHONE_A).await;
    let mut at_a = Sse::open(
        &app,
        &format!("?deviceId={dev_a}&types=message.status"),
        &owner.token,
        None,
    )
    .await;

    let id = send_text(&app, &owner.token, &dev_a, PHONE_B, "Halo HP B").await;
    let got = wait_for(30, "the text at B's phone", || async {
        server.phone_inbox(PHONE_B).into_iter().find(|m| m.id == id)
    })
    .await;
    assert_eq!(got.text.as_deref(), Some("Halo HP B"));
    assert_eq!(got.from, PHONE_A);
    assert!(!got.from_me);

    let status_of = |want: &'static str| {
        let id = id.clone();
        move |e: &Value| {
            (e["data"]["messageId"] == id.as_str() && e["data"]["status"] == want).then_some(())
        }
    };
    next_event(&mut at_a, "delivered at A", status_of("delivered")).await;
    server
        .phone_read(PHONE_B, PHONE_A, std::slice::from_ref(&id))
        .unwrap();
    next_event(&mut at_a, "read at A", status_of("read")).await;
    let history = app
        .get(
            &format!("{DEVICES}/{dev_a}/chat-history/{PHONE_B}@s.whatsapp.net"),
            Some(&owner.token),
        )
        .await;
    assert_eq!(
        history.data()["messages"][0]["status"],
        "read",
        "{}",
        history.body
    );
}

/// The phone's user mistypes the code the gateway shows: the device does not link and the
/// gateway says it still waits for the code; typing the right one then links it.
async fn a_wrong_pairing_code_links_nothing_and_the_right_one_then_links(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let dev = app.device(owner.id, "Kasir A").await;
    let code = pairing_code(&app, &owner.token, &dev, PHONE_A).await;
    let code = code.data()["code"].as_str().unwrap().to_string();
    let wrong: String = code
        .chars()
        .map(|c| if c == 'A' { 'B' } else { 'A' })
        .collect();

    // The phone cannot tell a wrong code at once (the code only unwraps a key); the
    // companion's key bundle then does not open and nothing is linked.
    let _ = server.enter_code(PHONE_A, &wrong);
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let st = app.status(&dev).await;
    assert_ne!(st["status"], "connected", "{st}");
    assert!(st["phoneNumber"].is_null(), "{st}");
    assert!(server.devices(PHONE_A).is_empty());

    server.enter_code(PHONE_A, &code).unwrap();
    let st = linked_by_code(&app, &server, &dev, PHONE_A).await;
    assert_eq!(st["phoneNumber"], PHONE_A, "{st}");
}
