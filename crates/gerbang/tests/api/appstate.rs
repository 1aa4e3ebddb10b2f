//! Chat actions and labels over HTTP on the simulated network: what the API sets shows in the
//! chat list, stars are listed, labels go on chats and messages, a change the phone makes arrives as an
//! event and is stored alike; bad input is a 400 naming the field and changes nothing.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{Backend, TestApp};
use crate::loopback::next_event;

db_tests!(chat_actions_labels_and_phone_changes_reach_the_chat_list);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const CONTACT: &str = "6281300000301";

async fn chat_row(app: &TestApp, tok: &str, dev: &str) -> Value {
    let r = app.get(&format!("{DEV}/{dev}/chats"), Some(tok)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let jid = format!("{CONTACT}@s.whatsapp.net");
    r.data()
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["chatJid"] == jid.as_str())
        .cloned()
        .unwrap_or_else(|| panic!("no chat {jid}: {}", r.body))
}

async fn chat_actions_labels_and_phone_changes_reach_the_chat_list(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    app.link(&dev).await;
    let mut sse = Sse::open(
        &app,
        &format!("?deviceId={dev}&types=message.new,chat.updated,message.starred,message.labeled,label.updated"),
        tok,
        None,
    )
    .await;
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/inbound"),
            app.admin(),
            json!({"from": CONTACT, "text": "mau pesan"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let msg = next_event(&mut sse, "the inbound message", |e| {
        (e["type"] == "message.new").then(|| e["data"].clone())
    })
    .await;
    let message_id = msg["message"]["messageId"].as_str().unwrap().to_string();
    let row = chat_row(&app, tok, &dev).await;
    assert_eq!(row["pinned"], false, "{row}");
    assert_eq!(row["labels"], json!([]), "{row}");

    // Pin, mute until a time, mark unread.
    let chat = format!("{DEV}/{dev}/chats/{CONTACT}");
    let r = app.put(&format!("{chat}/pin"), Some(tok), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["pinned"], true, "{}", r.body);
    assert_eq!(r.data()["simulated"], true, "{}", r.body);
    let until = (chrono::Utc::now() + chrono::Duration::hours(8)).to_rfc3339();
    let r = app
        .put(&format!("{chat}/mute"), Some(tok), json!({"until": until}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["muted"], true, "{}", r.body);
    assert!(r.data()["mutedUntil"].is_string(), "{}", r.body);
    let r = app
        .put(&format!("{chat}/unread"), Some(tok), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let ev = next_event(&mut sse, "chat.updated for the unread mark", |e| {
        (e["type"] == "chat.updated" && e["data"]["action"] == "unread").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(ev["origin"], "api", "{ev}");
    assert_eq!(ev["pinned"], true, "{ev}");
    let row = chat_row(&app, tok, &dev).await;
    assert_eq!(
        (
            row["pinned"].clone(),
            row["muted"].clone(),
            row["markedUnread"].clone()
        ),
        (json!(true), json!(true), json!(true)),
        "{row}"
    );

    // Bad input changes nothing: a mute in the past, a chat that is no address.
    let r = app
        .put(
            &format!("{chat}/mute"),
            Some(tok),
            json!({"until": "2001-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("until").is_some(), "{}", r.body);
    let r = app
        .put(
            &format!("{DEV}/{dev}/chats/bukan-nomor/pin"),
            Some(tok),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("jid").is_some(), "{}", r.body);
    assert_eq!(
        chat_row(&app, tok, &dev).await["mutedUntil"],
        row["mutedUntil"]
    );

    // Star the message; it is listed with the stored message. Unknown messages are 404.
    let r = app
        .put(
            &format!("{chat}/messages/{message_id}/star"),
            Some(tok),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .get(&format!("{DEV}/{dev}/starred-messages"), Some(tok))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()[0]["messageId"], message_id.as_str(), "{}", r.body);
    assert_eq!(r.data()[0]["message"]["body"], "mau pesan", "{}", r.body);
    let r = app
        .put(
            &format!("{chat}/messages/TIDAKADA/star"),
            Some(tok),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    // A label, on the chat.
    let r = app
        .post(
            &format!("{DEV}/{dev}/labels"),
            Some(tok),
            json!({"name": "Pesanan baru", "color": 2}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let label = r.data()["id"].as_str().unwrap().to_string();
    let r = app
        .post(
            &format!("{DEV}/{dev}/labels"),
            Some(tok),
            json!({"name": "x", "color": 20}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("color").is_some(), "{}", r.body);
    let r = app
        .put(&format!("{chat}/labels/{label}"), Some(tok), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["labels"], json!([label]), "{}", r.body);
    let r = app.get(&format!("{DEV}/{dev}/labels"), Some(tok)).await;
    assert_eq!(
        r.data()["labels"][0]["chats"],
        json!([format!("{CONTACT}@s.whatsapp.net")]),
        "{}",
        r.body
    );

    // The label on the message; an unknown label or message is a 404 and changes nothing.
    let r = app
        .put(
            &format!("{chat}/messages/{message_id}/labels/{label}"),
            Some(tok),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["labels"], json!([label]), "{}", r.body);
    assert_eq!(r.data()["labeled"], true, "{}", r.body);
    let ev = next_event(&mut sse, "message.labeled", |e| {
        (e["type"] == "message.labeled").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(
        (
            ev["messageId"].as_str(),
            ev["labelId"].as_str(),
            ev["origin"].as_str()
        ),
        (Some(message_id.as_str()), Some(label.as_str()), Some("api")),
        "{ev}"
    );
    for path in [
        format!("{chat}/messages/{message_id}/labels/999"),
        format!("{chat}/messages/TIDAKADA/labels/{label}"),
    ] {
        let r = app.put(&path, Some(tok), json!({})).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
    }
    let r = app.get(&format!("{DEV}/{dev}/labels"), Some(tok)).await;
    assert_eq!(
        r.data()["labels"][0]["messages"],
        json!([{"chatJid": format!("{CONTACT}@s.whatsapp.net"), "messageId": message_id}]),
        "{}",
        r.body
    );
    // The phone takes it off again.
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/app-state"),
            Some(tok),
            json!({"action": "unlabel-message", "chat": CONTACT, "messageId": message_id, "labelId": label}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let ev = next_event(&mut sse, "message.labeled from the phone", |e| {
        (e["type"] == "message.labeled" && e["data"]["origin"] == "phone")
            .then(|| e["data"].clone())
    })
    .await;
    assert_eq!(
        (ev["labeled"].clone(), ev["labels"].clone()),
        (json!(false), json!([])),
        "{ev}"
    );
    let r = app.get(&format!("{DEV}/{dev}/labels"), Some(tok)).await;
    assert_eq!(r.data()["labels"][0]["messages"], json!([]), "{}", r.body);

    // The phone archives the chat and deletes the label: events, and the chat list follows.
    for body in [
        json!({"action": "archive", "chat": CONTACT}),
        json!({"action": "label-delete", "labelId": label}),
    ] {
        let r = app
            .post(
                &format!("/api/sim/devices/{dev}/app-state"),
                Some(tok),
                body,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.data()["delivered"], true, "{}", r.body);
    }
    let ev = next_event(&mut sse, "chat.updated from the phone", |e| {
        (e["type"] == "chat.updated" && e["data"]["origin"] == "phone").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(
        (ev["archived"].clone(), ev["pinned"].clone()),
        (json!(true), json!(false)),
        "{ev}"
    );
    let ev = next_event(&mut sse, "label.updated from the phone", |e| {
        (e["type"] == "label.updated").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(ev["deleted"], true, "{ev}");
    let row = chat_row(&app, tok, &dev).await;
    assert_eq!(
        (row["archived"].clone(), row["labels"].clone()),
        (json!(true), json!([])),
        "{row}"
    );
}
