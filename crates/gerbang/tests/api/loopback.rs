//! The real engine end to end: one gateway with two devices, linked to two accounts of the
//! loopback WhatsApp server (`gerbang_wa_fake::LoopbackServer`), which relays between the two
//! real whatsapp-rust clients. Everything is driven and observed through the gateway's own API
//! and event stream: what a user of the gateway would see with real WhatsApp.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use gerbang_wa_fake::LoopbackServer;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    a_device_links_by_pairing_code,
    a_freshly_linked_device_is_connected_without_waiting_for_app_state_keys,
    a_text_from_a_reaches_b_and_a_sees_it_delivered_then_read,
    fifty_messages_sent_while_b_is_away_arrive_once_in_order,
);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000001";
const PHONE_B: &str = "6281200000002";
/// Linking waits for whatsapp-rust's first app-state sync, so connecting takes longer than the
/// rest (the loopback phone shares its app-state key at once; a slow machine still needs time).
const LINK_WAIT: u64 = 60;

/// A gateway whose real engine connects to the loopback server.
pub(crate) async fn gateway(backend: Backend, server: &LoopbackServer) -> TestApp {
    let url = server.url.clone();
    TestApp::spawn_with(backend, move |c| {
        c.engine = "whatsapp".into();
        c.whatsapp_url = Some(url);
    })
    .await
}

/// Connects the device, has the phone of `phone` scan the QR code the API shows, and waits
/// until the device is connected as that account.
pub(crate) async fn link(
    app: &TestApp,
    server: &LoopbackServer,
    token: &str,
    dev: &str,
    phone: &str,
) {
    let c = app
        .post(&format!("{DEVICES}/{dev}/connect"), Some(token), json!({}))
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    assert_eq!(c.data()["simulated"], false, "{}", c.body);
    let code = c.data()["qr"]["code"].as_str().unwrap().to_string();
    server.scan(&code, phone).unwrap();
    let st = wait_for(LINK_WAIT, &format!("{dev} connected"), || async {
        let s = app.status(dev).await;
        (s["status"] == "connected" && !server.devices(phone).is_empty()).then_some(s)
    })
    .await;
    assert_eq!(st["phoneNumber"], phone, "{st}");
}

/// The next event on the stream that `pick` accepts (earlier ones are skipped).
pub(crate) async fn next_event<T>(
    sse: &mut Sse,
    what: &str,
    pick: impl Fn(&Value) -> Option<T>,
) -> T {
    let found = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let (_, event) = sse.next(Duration::from_secs(30)).await?;
            if let Some(found) = pick(&event) {
                return Some(found);
            }
        }
    })
    .await;
    match found {
        Ok(Some(found)) => found,
        _ => panic!("no event: {what}"),
    }
}

/// Sends a text from `dev` to `phone` through the API; returns its message id.
pub(crate) async fn send_text(
    app: &TestApp,
    token: &str,
    dev: &str,
    phone: &str,
    text: &str,
) -> String {
    let sent = app
        .post(
            &format!("{DEVICES}/{dev}/send-message"),
            Some(token),
            json!({"phone": phone, "message": text}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert_eq!(sent.data()["simulated"], false, "{}", sent.body);
    sent.data()["messageId"].as_str().unwrap().to_string()
}

/// whatsapp-rust calls a new companion connected only once its first app-state sync is done,
/// and waits up to 10 s for the phone to share the app-state key first. The loopback phone
/// shares it as soon as the companion has uploaded its pre-keys, so linking is quick.
async fn a_freshly_linked_device_is_connected_without_waiting_for_app_state_keys(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let dev = app.device(owner.id, "Kasir A").await;
    let started = std::time::Instant::now();
    link(&app, &server, &owner.token, &dev, PHONE_A).await;
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(8),
        "linking took {took:?}: the client waited for the app-state key"
    );
}

/// Linking by phone number: the gateway answers a code, the phone's user types it, and the
/// device is linked to that account.
async fn a_device_links_by_pairing_code(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let dev = app.device(owner.id, "Kasir A").await;
    let code = pairing_code(&app, &owner.token, &dev, "0812-0000-0001").await;
    assert_eq!(code.data()["simulated"], false, "{}", code.body);
    let code = code.data()["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 8, "{code}");

    server.enter_code(PHONE_A, &code).unwrap();
    let st = linked_by_code(&app, &server, &dev, PHONE_A).await;
    assert_eq!(st["phoneNumber"], PHONE_A, "{st}");
}

/// Starts linking `dev` and asks for a pairing code for `phone`; the answer, checked to be 200.
pub(crate) async fn pairing_code(
    app: &TestApp,
    token: &str,
    dev: &str,
    phone: &str,
) -> crate::harness::Reply {
    let c = app
        .post(&format!("{DEVICES}/{dev}/connect"), Some(token), json!({}))
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let code = app
        .post(
            &format!("{DEVICES}/{dev}/pairing-code"),
            app.admin(),
            json!({ "phone": phone }),
        )
        .await;
    assert_eq!(code.status, StatusCode::OK, "{}", code.body);
    code
}

/// Waits until `dev` is connected and the loopback server holds a device of `phone`.
pub(crate) async fn linked_by_code(
    app: &TestApp,
    server: &LoopbackServer,
    dev: &str,
    phone: &str,
) -> Value {
    wait_for(LINK_WAIT, "linked by code", || async {
        let s = app.status(dev).await;
        (s["status"] == "connected" && !server.devices(phone).is_empty()).then_some(s)
    })
    .await
}

async fn a_text_from_a_reaches_b_and_a_sees_it_delivered_then_read(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    link(&app, &server, &owner.token, &dev_a, PHONE_A).await;
    link(&app, &server, &owner.token, &dev_b, PHONE_B).await;
    let mut at_b = Sse::open(
        &app,
        &format!("?deviceId={dev_b}&types=message.new"),
        &owner.token,
        None,
    )
    .await;
    let mut at_a = Sse::open(
        &app,
        &format!("?deviceId={dev_a}&types=message.status"),
        &owner.token,
        None,
    )
    .await;

    let id = send_text(
        &app,
        &owner.token,
        &dev_a,
        PHONE_B,
        "Halo dari A, pesanan siap?",
    )
    .await;

    // A's stream tells each step, in order: sent, then delivered, then (below) read.
    // B stores it and says so on the stream, with the text and who sent it.
    let got = next_event(&mut at_b, "message.new at B", |e| {
        (e["type"] == "message.new").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(got["messageId"], id.as_str(), "{got}");
    assert_eq!(got["chatJid"], format!("{PHONE_A}@s.whatsapp.net"), "{got}");
    assert_eq!(
        got["message"]["body"], "Halo dari A, pesanan siap?",
        "{got}"
    );
    assert_eq!(got["message"]["fromMe"], false, "{got}");
    assert_eq!(got["message"]["senderPhone"], PHONE_A, "{got}");
    assert_eq!(got["message"]["messageType"], "text", "{got}");

    let status_of = |want: &'static str| {
        let id = id.clone();
        move |e: &Value| {
            (e["data"]["messageId"] == id.as_str() && e["data"]["status"] == want).then_some(())
        }
    };
    next_event(&mut at_a, "sent at A", status_of("sent")).await;
    next_event(&mut at_a, "delivered at A", status_of("delivered")).await;

    // B's user reads the chat: B sends the read receipt, A's message becomes read.
    let read = app
        .post(
            &format!("{DEVICES}/{dev_b}/chats/{PHONE_A}@s.whatsapp.net/read"),
            Some(&owner.token),
            json!({}),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_eq!(read.data()["marked"], 1, "{}", read.body);
    assert_eq!(read.data()["receiptsSent"], true, "{}", read.body);
    next_event(&mut at_a, "read at A", status_of("read")).await;

    // The whole way, in order, on A's history.
    let history = app
        .get(
            &format!("{DEVICES}/{dev_a}/chat-history/{PHONE_B}@s.whatsapp.net"),
            Some(&owner.token),
        )
        .await;
    let messages = history.data()["messages"].as_array().unwrap().clone();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0]["status"], "read");
    assert_eq!(messages[0]["fromMe"], true);
    // B's copy is stored once, and acknowledged: the server holds nothing more for B.
    let history = app
        .get(
            &format!("{DEVICES}/{dev_b}/chat-history/{PHONE_A}@s.whatsapp.net"),
            Some(&owner.token),
        )
        .await;
    assert_eq!(history.data()["messages"].as_array().unwrap().len(), 1);
    let b_device = server.devices(PHONE_B)[0];
    wait_for(10, "B's queue settled", || async {
        (server.queued(PHONE_B, b_device) == 0).then_some(())
    })
    .await;
}

async fn fifty_messages_sent_while_b_is_away_arrive_once_in_order(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    link(&app, &server, &owner.token, &dev_a, PHONE_A).await;
    link(&app, &server, &owner.token, &dev_b, PHONE_B).await;
    let b_device = server.devices(PHONE_B)[0];

    let d = app
        .delete(&format!("{DEVICES}/{dev_b}/disconnect"), Some(&owner.token))
        .await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.body);
    wait_for(10, "B offline at the server", || async {
        (!server.online(PHONE_B, b_device)).then_some(())
    })
    .await;
    let mut at_b = Sse::open(
        &app,
        &format!("?deviceId={dev_b}&types=message.new"),
        &owner.token,
        None,
    )
    .await;
    let mut ids = Vec::new();
    for i in 0..50 {
        ids.push(
            send_text(
                &app,
                &owner.token,
                &dev_a,
                PHONE_B,
                &format!("pesan {i:02}"),
            )
            .await,
        );
    }
    // The server holds them all for B.
    wait_for(30, "50 queued for B", || async {
        (server.queued(PHONE_B, b_device) == 50).then_some(())
    })
    .await;

    let c = app
        .post(
            &format!("{DEVICES}/{dev_b}/connect"),
            Some(&owner.token),
            json!({}),
        )
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let mut bodies = Vec::new();
    while bodies.len() < 50 {
        let got = next_event(&mut at_b, "the backlog at B", |e| {
            (e["type"] == "message.new").then(|| e["data"].clone())
        })
        .await;
        bodies.push(got["message"]["body"].as_str().unwrap().to_string());
    }
    let expected: Vec<String> = (0..50).map(|i| format!("pesan {i:02}")).collect();
    assert_eq!(bodies, expected, "all 50, in the order they were sent");
    // Once: nothing more comes, B's history has 50, and the server holds nothing for B.
    assert!(
        at_b.next(Duration::from_secs(2)).await.is_none(),
        "a message came twice"
    );
    let history = app
        .get(
            &format!("{DEVICES}/{dev_b}/chat-history/{PHONE_A}@s.whatsapp.net?limit=200"),
            Some(&owner.token),
        )
        .await;
    assert_eq!(history.data()["messages"].as_array().unwrap().len(), 50);
    wait_for(10, "B's queue settled", || async {
        (server.queued(PHONE_B, b_device) == 0).then_some(())
    })
    .await;
    // And A hears every one delivered.
    wait_for(20, "all 50 delivered at A", || async {
        let h = app
            .get(
                &format!("{DEVICES}/{dev_a}/chat-history/{PHONE_B}@s.whatsapp.net?limit=200"),
                Some(&owner.token),
            )
            .await;
        let msgs = h.data()["messages"].as_array().cloned().unwrap_or_default();
        let delivered = msgs
            .iter()
            .filter(|m| {
                m["status"] == "delivered"
                    && ids.contains(&m["messageId"].as_str().unwrap_or("").to_string())
            })
            .count();
        (delivered == 50).then_some(())
    })
    .await;
}
