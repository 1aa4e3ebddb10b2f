//! Blocking on the real engine through the loopback server: B blocks A (whatsapp-rust sends
//! the blocklist IQ with A's LID and number), the server keeps what A writes from B while A
//! still sees it accepted, B's list shows A by LID; after the unblock A's messages arrive
//! again, and the withheld one never does.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use gerbang_wa_fake::LoopbackServer;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend, TestApp};
use crate::loopback::{gateway, link, next_event, send_text};

db_tests!(a_contact_b_blocked_cannot_reach_b_until_unblocked);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000061";
const PHONE_B: &str = "6281200000062";

async fn received(sse: &mut Sse, what: &str) -> String {
    next_event(sse, what, |e: &Value| {
        (e["type"] == "message.new" && e["data"]["message"]["fromMe"] == false).then(|| {
            e["data"]["message"]["body"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
    })
    .await
}

async fn set_blocked(app: &TestApp, tok: &str, dev: &str, phone: &str, action: &str) -> Value {
    let r = app
        .post(
            &format!("{DEVICES}/{dev}/contacts/{phone}/{action}"),
            Some(tok),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["simulated"], false, "{}", r.body);
    r.data().clone()
}

async fn blocked(app: &TestApp, tok: &str, dev: &str) -> Vec<Value> {
    let r = app
        .get(&format!("{DEVICES}/{dev}/blocked"), Some(tok))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["simulated"], false, "{}", r.body);
    r.data()["blocked"].as_array().cloned().unwrap()
}

async fn a_contact_b_blocked_cannot_reach_b_until_unblocked(b: Backend) {
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
    send_text(&app, tok, &dev_a, PHONE_B, "sebelum").await;
    assert_eq!(received(&mut at_b, "the first at B").await, "sebelum");
    assert!(blocked(&app, tok, &dev_b).await.is_empty());

    let done = set_blocked(&app, tok, &dev_b, PHONE_A, "block").await;
    assert_eq!(done["jid"], format!("{PHONE_A}@s.whatsapp.net"), "{done}");
    assert_eq!(done["blocked"], true, "{done}");
    assert_eq!(server.blocked_by(PHONE_B), vec![PHONE_A.to_string()]);
    let lid_a = format!("{}@lid", server.lid_of(PHONE_A));
    assert_eq!(
        blocked(&app, tok, &dev_b).await,
        vec![json!({"jid": lid_a, "phone": null})]
    );

    // A's send is accepted (WhatsApp does not tell a blocked sender), and never reaches B.
    send_text(&app, tok, &dev_a, PHONE_B, "saat diblokir").await;
    wait_for(20, "the server withholds A's message", || async {
        (server.withheld() >= 1).then_some(())
    })
    .await;
    while let Some((_, e)) = at_b.next(Duration::from_secs(3)).await {
        assert_ne!(
            e["type"], "message.new",
            "a blocked contact's message reached B: {e}"
        );
    }

    let done = set_blocked(&app, tok, &dev_b, PHONE_A, "unblock").await;
    assert_eq!(done["blocked"], false, "{done}");
    assert!(server.blocked_by(PHONE_B).is_empty());
    assert!(blocked(&app, tok, &dev_b).await.is_empty());
    send_text(&app, tok, &dev_a, PHONE_B, "sesudah").await;
    assert_eq!(
        received(&mut at_b, "the message after unblocking").await,
        "sesudah"
    );
    let history = app
        .get(
            &format!("{DEVICES}/{dev_b}/chat-history/{PHONE_A}@s.whatsapp.net"),
            Some(tok),
        )
        .await;
    let bodies: Vec<Value> = history.data()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].clone())
        .collect();
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    assert!(!bodies.contains(&json!("saat diblokir")), "{bodies:?}");
}
