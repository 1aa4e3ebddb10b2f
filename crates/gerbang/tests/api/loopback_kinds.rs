//! Every other kind of message on the real engine, A to B through the loopback WhatsApp server:
//! a reply, a mention, a location, a contact card, then a reaction, an edit and a deletion for
//! everyone, each arriving at B as docs/events.md says, on the right message.

use reqwest::StatusCode;
use serde_json::{json, Value};

use gerbang_wa_fake::LoopbackServer;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{Backend, TestApp};
use crate::loopback::{gateway, link, next_event, send_text};

db_tests!(replies_mentions_places_cards_reactions_edits_and_deletions_reach_b);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000021";
const PHONE_B: &str = "6281200000022";

async fn post_ok(app: &TestApp, token: &str, dev: &str, route: &str, body: Value) -> String {
    let r = app
        .post(&format!("{DEVICES}/{dev}/{route}"), Some(token), body)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{route}: {}", r.body);
    assert_eq!(r.data()["simulated"], false, "{}", r.body);
    r.data()["messageId"].as_str().unwrap().to_string()
}

/// The next event of `kind` at B about message `id`.
async fn at(sse: &mut Sse, kind: &'static str, id: &str) -> Value {
    next_event(sse, &format!("{kind} {id} at B"), |e| {
        (e["type"] == kind && e["data"]["messageId"] == id).then(|| e["data"].clone())
    })
    .await
}

async fn replies_mentions_places_cards_reactions_edits_and_deletions_reach_b(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = &owner.token;
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    link(&app, &server, tok, &dev_a, PHONE_A).await;
    link(&app, &server, tok, &dev_b, PHONE_B).await;
    let mut at_b = Sse::open(&app, &format!("?deviceId={dev_b}"), tok, None).await;
    let mut at_a = Sse::open(
        &app,
        &format!("?deviceId={dev_a}&types=message.new"),
        tok,
        None,
    )
    .await;

    // B asks; A answers quoting B's question.
    let question = send_text(&app, tok, &dev_b, PHONE_A, "Stok kopi masih ada?").await;
    next_event(&mut at_a, "B's question at A", |e| {
        (e["data"]["messageId"] == question.as_str()).then_some(())
    })
    .await;
    let reply = post_ok(
        &app,
        tok,
        &dev_a,
        "send-message",
        json!({"phone": PHONE_B, "message": "Masih, 12 bungkus", "replyTo": question}),
    )
    .await;
    let m = at(&mut at_b, "message.new", &reply).await["message"].clone();
    assert_eq!(m["body"], "Masih, 12 bungkus", "{m}");
    assert_eq!(
        m["quotedId"],
        question.as_str(),
        "the reply quotes B's question: {m}"
    );

    // A mention of B, by number.
    let mention = post_ok(
        &app,
        tok,
        &dev_a,
        "send-message",
        json!({"phone": PHONE_B, "message": format!("@{PHONE_B} cek ya"), "mentions": [PHONE_B]}),
    )
    .await;
    let m = at(&mut at_b, "message.new", &mention).await["message"].clone();
    assert_eq!(
        m["mentions"],
        json!([format!("{PHONE_B}@s.whatsapp.net")]),
        "{m}"
    );

    let place = post_ok(
        &app,
        tok,
        &dev_a,
        "send-location",
        json!({"phone": PHONE_B, "latitude": -6.2, "longitude": 106.816666,
               "name": "Toko Kopi", "address": "Jl. Sudirman 1, Jakarta"}),
    )
    .await;
    let m = at(&mut at_b, "message.new", &place).await["message"].clone();
    assert_eq!(m["messageType"], "location", "{m}");
    assert_eq!(m["extra"]["latitude"], -6.2, "{m}");
    assert_eq!(m["extra"]["longitude"], 106.816666, "{m}");
    assert_eq!(m["extra"]["name"], "Toko Kopi", "{m}");
    assert_eq!(m["extra"]["address"], "Jl. Sudirman 1, Jakarta", "{m}");

    let card = post_ok(
        &app,
        tok,
        &dev_a,
        "send-contact",
        json!({"phone": PHONE_B, "contactName": "Pak Budi", "contactPhone": "081234567890"}),
    )
    .await;
    let m = at(&mut at_b, "message.new", &card).await["message"].clone();
    assert_eq!(m["messageType"], "contact", "{m}");
    assert_eq!(m["body"], "Pak Budi", "{m}");
    let vcard = m["extra"]["vcard"].as_str().unwrap_or_default();
    assert!(vcard.contains("FN:Pak Budi"), "{vcard}");
    assert!(vcard.contains("6281234567890"), "{vcard}");

    // A reacts to B's question: B hears it on the question itself.
    let reaction = post_ok(
        &app,
        tok,
        &dev_a,
        "send-reaction",
        json!({"messageId": question, "emoji": "👍"}),
    )
    .await;
    let r = at(&mut at_b, "message.reaction", &question).await;
    assert_eq!(r["message"]["body"], "Stok kopi masih ada?", "{r}");
    assert_eq!(r["message"]["fromMe"], true, "{r}");
    assert_eq!(r["reaction"]["emoji"], "👍", "{r}");
    assert_eq!(r["reaction"]["messageId"], reaction.as_str(), "{r}");
    assert_eq!(r["reaction"]["fromMe"], false, "{r}");
    assert_eq!(r["reaction"]["senderPhone"], PHONE_A, "{r}");

    // A edits its reply: B's copy of that reply changes.
    post_ok(
        &app,
        tok,
        &dev_a,
        "edit-message",
        json!({"messageId": reply, "message": "Masih, 10 bungkus"}),
    )
    .await;
    let e = at(&mut at_b, "message.edited", &reply).await;
    assert_eq!(e["message"]["body"], "Masih, 10 bungkus", "{e}");
    assert_eq!(e["message"]["edited"], true, "{e}");

    // A deletes the mention for everyone: B's copy is gone, the rest stays.
    post_ok(
        &app,
        tok,
        &dev_a,
        "delete-message",
        json!({"messageId": mention}),
    )
    .await;
    let d = at(&mut at_b, "message.deleted", &mention).await;
    assert_eq!(d["message"]["deleted"], true, "{d}");
    assert!(d["message"]["body"].is_null(), "{d}");

    let history = app
        .get(
            &format!("{DEVICES}/{dev_b}/chat-history/{PHONE_A}@s.whatsapp.net?limit=50"),
            Some(tok),
        )
        .await;
    let messages = history.data()["messages"].as_array().unwrap().clone();
    let find = |id: &str| {
        messages
            .iter()
            .find(|m| m["messageId"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} not in B's history: {messages:?}"))
    };
    assert_eq!(find(&reply)["body"], "Masih, 10 bungkus");
    assert_eq!(find(&mention)["deleted"], true);
    assert_eq!(find(&question)["deleted"], false);
    assert_eq!(find(&place)["deleted"], false);
}
