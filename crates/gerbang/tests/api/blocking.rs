//! Blocking over HTTP on the simulated network: a blocked contact's messages never reach the
//! device, the list shows them, unblocking lets them through again; bad input is a 400
//! naming the field and changes nothing. The send answer names the recipient's LID.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{Backend, TestApp};
use crate::loopback::next_event;

db_tests!(
    a_blocked_contacts_messages_do_not_arrive_until_unblocked,
    the_send_answer_names_the_recipients_lid,
);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const CONTACT: &str = "6281300000201";

async fn inbound(app: &TestApp, dev: &str, text: &str) {
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/inbound"),
            app.admin(),
            json!({"from": CONTACT, "text": text}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn blocked(app: &TestApp, tok: &str, dev: &str) -> Vec<Value> {
    let r = app.get(&format!("{DEV}/{dev}/blocked"), Some(tok)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["simulated"], true, "{}", r.body);
    r.data()["blocked"].as_array().cloned().unwrap()
}

async fn a_blocked_contacts_messages_do_not_arrive_until_unblocked(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    app.link(&dev).await;
    let mut sse = Sse::open(
        &app,
        &format!("?deviceId={dev}&types=message.new"),
        tok,
        None,
    )
    .await;
    let contact = format!("{CONTACT}@s.whatsapp.net");
    assert!(blocked(&app, tok, &dev).await.is_empty());

    let r = app
        .post(
            &format!("{DEV}/{dev}/contacts/{CONTACT}/block"),
            Some(tok),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["jid"], contact.as_str(), "{}", r.body);
    assert_eq!(r.data()["blocked"], true, "{}", r.body);
    assert_eq!(r.data()["simulated"], true, "{}", r.body);
    let list = blocked(&app, tok, &dev).await;
    assert_eq!(list, vec![json!({"jid": contact, "phone": CONTACT})]);

    // The network drops what the blocked contact writes: nothing arrives, nothing is stored.
    inbound(&app, &dev, "halo, ini diblokir").await;
    while let Some((_, e)) = sse.next(Duration::from_secs(2)).await {
        assert_ne!(
            e["type"], "message.new",
            "a blocked contact's message arrived: {e}"
        );
    }
    let history = app
        .get(&format!("{DEV}/{dev}/chat-history/{contact}"), Some(tok))
        .await;
    assert_eq!(history.data()["messages"], json!([]), "{}", history.body);

    // Bad input: a group, or not an address at all; the list is unchanged.
    for (bad, why) in [("120363025246125486@g.us", "group"), ("bukan-nomor", "")] {
        let r = app
            .post(
                &format!("{DEV}/{dev}/contacts/{bad}/unblock"),
                Some(tok),
                json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.field("phone").unwrap().contains(why), "{}", r.body);
    }
    assert_eq!(blocked(&app, tok, &dev).await.len(), 1);

    let r = app
        .post(
            &format!("{DEV}/{dev}/contacts/{CONTACT}/unblock"),
            Some(tok),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["blocked"], false, "{}", r.body);
    assert!(blocked(&app, tok, &dev).await.is_empty());
    inbound(&app, &dev, "sudah tidak diblokir").await;
    let got = next_event(&mut sse, "the message after unblocking", |e| {
        (e["type"] == "message.new").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(got["message"]["body"], "sudah tidak diblokir", "{got}");
}

async fn the_send_answer_names_the_recipients_lid(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    app.link(&dev).await;
    let send = |to: String| {
        let (app, dev) = (&app, &dev);
        async move {
            let r = app
                .post(
                    &format!("{DEV}/{dev}/send-message"),
                    Some(tok),
                    json!({"phone": to, "message": "halo"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.data()["recipientLid"].clone()
        }
    };
    // The simulator's LID of a number is what its number check answers.
    let check = app
        .post(
            &format!("{DEV}/{dev}/check-numbers"),
            Some(tok),
            json!({"numbers": [CONTACT]}),
        )
        .await;
    let lid = check.data()["results"][0]["lid"].clone();
    assert!(
        lid.as_str().is_some_and(|l| l.ends_with("@lid")),
        "{}",
        check.body
    );
    assert_eq!(send(CONTACT.to_string()).await, lid);
    // Sent to the LID itself: that LID.
    assert_eq!(send(lid.as_str().unwrap().to_string()).await, lid);
}
