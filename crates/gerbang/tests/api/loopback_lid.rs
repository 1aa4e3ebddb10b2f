//! One account, two addresses: its phone number and its LID. On the real engine through the
//! loopback server, a message sent to `…@lid` reaches the account, and a message from an
//! account WhatsApp addresses by LID (with `sender_pn`) lands in its phone-number chat.

use serde_json::Value;

use gerbang_wa_fake::LoopbackServer;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{Backend, TestApp};
use crate::loopback::{gateway, link, next_event, send_text};

db_tests!(
    the_send_answer_names_the_recipients_lid_once_the_engine_knows_it,
    a_message_sent_to_a_lid_reaches_its_account,
    a_message_from_a_lid_sender_lands_in_its_phone_number_chat,
);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000041";
const PHONE_B: &str = "6281200000042";

/// The next message the device received (not one it sent).
async fn received(sse: &mut Sse, what: &str) -> Value {
    next_event(sse, what, |e: &Value| {
        (e["type"] == "message.new" && e["data"]["message"]["fromMe"] == false)
            .then(|| e["data"].clone())
    })
    .await
}

async fn chats(app: &TestApp, token: &str, dev: &str) -> Vec<String> {
    let r = app
        .get(&format!("{DEVICES}/{dev}/chats"), Some(token))
        .await;
    let data = r.data();
    let list = data["chats"].as_array().or(data.as_array()).cloned();
    list.unwrap_or_default()
        .iter()
        .map(|c| {
            c["chatJid"]
                .as_str()
                .or(c["jid"].as_str())
                .unwrap_or("?")
                .to_string()
        })
        .collect()
}

async fn two_linked(b: Backend, server: &LoopbackServer) -> (TestApp, String, String, String) {
    let app = gateway(b, server).await;
    let owner = app.user("toko").await;
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    link(&app, server, &owner.token, &dev_a, PHONE_A).await;
    link(&app, server, &owner.token, &dev_b, PHONE_B).await;
    (app, owner.token, dev_a, dev_b)
}

async fn a_message_sent_to_a_lid_reaches_its_account(b: Backend) {
    let server = LoopbackServer::start().await;
    let (app, tok, dev_a, dev_b) = two_linked(b, &server).await;
    let mut at_b = Sse::open(
        &app,
        &format!("?deviceId={dev_b}&types=message.new"),
        &tok,
        None,
    )
    .await;

    let lid_b = format!("{}@lid", server.lid_of(PHONE_B));
    let id = send_text(&app, &tok, &dev_a, &lid_b, "halo lewat LID").await;
    let got = received(&mut at_b, "the LID-addressed message at B").await;
    assert_eq!(got["messageId"], id.as_str(), "{got}");
    assert_eq!(got["message"]["body"], "halo lewat LID", "{got}");
    assert_eq!(got["chatJid"], format!("{PHONE_A}@s.whatsapp.net"), "{got}");
    // A keeps the chat under the address it wrote to: it has not learnt B's number.
    assert_eq!(chats(&app, &tok, &dev_a).await, vec![lid_b]);
}

async fn a_message_from_a_lid_sender_lands_in_its_phone_number_chat(b: Backend) {
    let server = LoopbackServer::start().await;
    let (app, tok, dev_a, dev_b) = two_linked(b, &server).await;
    let mut at_b = Sse::open(
        &app,
        &format!("?deviceId={dev_b}&types=message.new"),
        &tok,
        None,
    )
    .await;

    // The first message by number, the next ones from A's LID: one chat at B, not two.
    let first = send_text(&app, &tok, &dev_a, PHONE_B, "pertama").await;
    assert_eq!(
        received(&mut at_b, "first at B").await["messageId"],
        first.as_str()
    );
    server.address_by_lid(PHONE_A);
    let second = send_text(&app, &tok, &dev_a, PHONE_B, "kedua, dari LID").await;
    let got = received(&mut at_b, "the LID sender's message at B").await;
    assert_eq!(got["messageId"], second.as_str(), "{got}");
    assert_eq!(got["message"]["body"], "kedua, dari LID", "{got}");
    assert_eq!(got["chatJid"], format!("{PHONE_A}@s.whatsapp.net"), "{got}");
    assert_eq!(got["message"]["senderPhone"], PHONE_A, "{got}");

    let history = app
        .get(
            &format!("{DEVICES}/{dev_b}/chat-history/{PHONE_A}@s.whatsapp.net"),
            Some(&tok),
        )
        .await;
    assert_eq!(history.data()["messages"].as_array().map(Vec::len), Some(2));
    let lid_a = server.lid_of(PHONE_A);
    let at_b_chats = chats(&app, &tok, &dev_b).await;
    assert!(
        !at_b_chats.iter().any(|c| c.contains(&lid_a)),
        "a second chat under A's LID: {at_b_chats:?}"
    );
}

/// `recipientLid` comes from whatsapp-rust's LID mapping, which it fills as it sends (its
/// device query learns the account's LID), and agrees with the number check; for a send to
/// a LID it is that LID.
async fn the_send_answer_names_the_recipients_lid_once_the_engine_knows_it(b: Backend) {
    let server = LoopbackServer::start().await;
    let (app, tok, dev_a, _dev_b) = two_linked(b, &server).await;
    let lid_b = format!("{}@lid", server.lid_of(PHONE_B));
    let send = |to: String| {
        let (app, tok, dev_a) = (&app, &tok, &dev_a);
        async move {
            let r = app
                .post(
                    &format!("{DEVICES}/{dev_a}/send-message"),
                    Some(tok),
                    serde_json::json!({"phone": to, "message": "halo"}),
                )
                .await;
            assert_eq!(r.status, reqwest::StatusCode::OK, "{}", r.body);
            assert_eq!(r.data()["simulated"], false, "{}", r.body);
            r.data()["recipientLid"].clone()
        }
    };
    assert_eq!(send(PHONE_B.to_string()).await, lid_b.as_str());
    let check = app
        .post(
            &format!("{DEVICES}/{dev_a}/check-numbers"),
            Some(&tok),
            serde_json::json!({"numbers": [PHONE_B]}),
        )
        .await;
    assert_eq!(
        check.data()["results"][0]["lid"],
        lid_b.as_str(),
        "{}",
        check.body
    );
    assert_eq!(send(PHONE_B.to_string()).await, lid_b.as_str());
    assert_eq!(send(lid_b.clone()).await, lid_b.as_str());
}
