//! Chat actions and labels on the real engine through the loopback WhatsApp server (the
//! simulator's version is `appstate.rs`): each change the API makes goes out as an app-state
//! patch sealed with the key the phone shared, and the account's phone reads it, every MAC
//! checked; the gateway does not report its own changes back as the phone's. Changes the phone
//! makes reach the gateway as patches after a `server_sync` notice, and the chat list follows.

use reqwest::StatusCode;
use serde_json::{json, Value};
use whatsapp_rust::buffa::MessageField;
use whatsapp_rust::schemas;
use whatsapp_rust::waproto::whatsapp as wa;

use gerbang_wa_fake::{AppStateChange, LoopbackServer};

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend, TestApp};
use crate::loopback::{gateway, link, next_event, send_text};

db_tests!(chat_actions_and_labels_cross_whatsapp_as_app_state_patches);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000071";
const PHONE_B: &str = "6281200000072";

/// The change the phone read whose index is `index`, once it has.
async fn phone_read(server: &LoopbackServer, index: &[&str]) -> AppStateChange {
    let what = format!("the phone reading {index:?}");
    wait_for(30, &what, || async {
        server
            .phone_app_state(PHONE_A)
            .into_iter()
            .rev()
            .find(|c| c.index == index)
    })
    .await
}

async fn put(app: &TestApp, tok: &str, path: &str, body: Value) -> Value {
    let r = app.put(path, Some(tok), body).await;
    assert_eq!(r.status, StatusCode::OK, "PUT {path}: {}", r.body);
    r.data().clone()
}

async fn chat_actions_and_labels_cross_whatsapp_as_app_state_patches(b: Backend) {
    let server = LoopbackServer::start().await;
    server.phone_start(PHONE_B).unwrap();
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir A").await;
    link(&app, &server, tok, &dev, PHONE_A).await;
    let mut sse = Sse::open(
        &app,
        &format!(
            "?deviceId={dev}&types=chat.updated,label.updated,message.starred,message.labeled"
        ),
        tok,
        None,
    )
    .await;
    let message_id = send_text(&app, tok, &dev, PHONE_B, "pesanan sudah dikirim").await;
    let chat_jid = format!("{PHONE_B}@s.whatsapp.net");
    let chat = format!("{DEVICES}/{dev}/chats/{PHONE_B}");

    // Pin: a patch on regular_low that the phone decodes.
    let data = put(&app, tok, &format!("{chat}/pin"), json!({})).await;
    assert_eq!(data["simulated"], false, "{data}");
    assert_eq!(data["pinned"], true, "{data}");
    let seen = phone_read(&server, &["pin_v1", &chat_jid]).await;
    assert_eq!(seen.collection, "regular_low");
    assert_ne!(seen.device, 0, "made by the companion");
    assert_eq!(seen.value.pin_action.pinned, Some(true), "{seen:?}");

    // Mute until a time: the phone reads the same millisecond.
    let until = chrono::Utc::now() + chrono::Duration::hours(8);
    put(
        &app,
        tok,
        &format!("{chat}/mute"),
        json!({"until": until.to_rfc3339()}),
    )
    .await;
    let seen = phone_read(&server, &["mute", &chat_jid]).await;
    assert_eq!(seen.value.mute_action.muted, Some(true), "{seen:?}");
    assert_eq!(
        seen.value.mute_action.mute_end_timestamp,
        Some(until.timestamp_millis())
    );

    // Marked unread: WhatsApp's "mark chat as read", with read = false.
    put(&app, tok, &format!("{chat}/unread"), json!({})).await;
    let seen = phone_read(&server, &["markChatAsRead", &chat_jid]).await;
    assert_eq!(seen.value.mark_chat_as_read_action.read, Some(false));

    // A star on our own message: fromMe "1", no author "0".
    put(
        &app,
        tok,
        &format!("{chat}/messages/{message_id}/star"),
        json!({}),
    )
    .await;
    let seen = phone_read(&server, &["star", &chat_jid, &message_id, "1", "0"]).await;
    assert_eq!(seen.value.star_action.starred, Some(true));

    // A label, then on the chat.
    let r = app
        .post(
            &format!("{DEVICES}/{dev}/labels"),
            Some(tok),
            json!({"name": "Pesanan baru", "color": 2}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let label = r.data()["id"].as_str().unwrap().to_string();
    let seen = phone_read(&server, &["label_edit", &label]).await;
    let edit = &seen.value.label_edit_action;
    assert_eq!(edit.name.as_deref(), Some("Pesanan baru"), "{seen:?}");
    assert_eq!((edit.color, edit.deleted), (Some(2), Some(false)));
    let data = put(&app, tok, &format!("{chat}/labels/{label}"), json!({})).await;
    assert_eq!(data["labels"], json!([label]), "{data}");
    let seen = phone_read(&server, &["label_jid", &label, &chat_jid]).await;
    assert_eq!(seen.value.label_association_action.labeled, Some(true));
    // The label on our own message: WhatsApp Web's label_message, indexed like a star.
    let data = put(
        &app,
        tok,
        &format!("{chat}/messages/{message_id}/labels/{label}"),
        json!({}),
    )
    .await;
    assert_eq!(data["labels"], json!([label]), "{data}");
    let seen = phone_read(
        &server,
        &["label_message", &label, &chat_jid, &message_id, "1", "0"],
    )
    .await;
    assert_eq!(seen.collection, "regular");
    assert_eq!(seen.value.label_association_action.labeled, Some(true));

    // The phone archives the chat and deletes the label; each arrives as the phone's change.
    let now = chrono::Utc::now().timestamp_millis();
    server
        .phone_app_state_change(
            PHONE_A,
            &schemas::ARCHIVE,
            &[&chat_jid],
            wa::SyncActionValue {
                archive_chat_action: MessageField::some(wa::sync_action_value::ArchiveChatAction {
                    archived: Some(true),
                    ..Default::default()
                }),
                timestamp: Some(now),
                ..Default::default()
            },
        )
        .unwrap();
    server
        .phone_app_state_change(
            PHONE_A,
            &schemas::LABEL_EDIT,
            &[&label],
            wa::SyncActionValue {
                label_edit_action: MessageField::some(wa::sync_action_value::LabelEditAction {
                    deleted: Some(true),
                    ..Default::default()
                }),
                timestamp: Some(now),
                ..Default::default()
            },
        )
        .unwrap();

    // The two collections sync on their own, so the phone's changes come in either order;
    // every other event is the API's own, none echoed back as the phone's.
    let (mut archived, mut deleted, mut ours) = (None, None, Vec::new());
    while archived.is_none() || deleted.is_none() {
        let e = next_event(&mut sse, "the phone's changes", |e| Some(e.clone())).await;
        let data = e["data"].clone();
        match (e["type"].as_str(), data["origin"].as_str()) {
            (Some("chat.updated"), Some("phone")) if archived.is_none() => archived = Some(data),
            (Some("label.updated"), Some("phone")) if deleted.is_none() => deleted = Some(data),
            _ => ours.push(e),
        }
    }
    let (archived, deleted) = (archived.unwrap(), deleted.unwrap());
    assert_eq!(archived["action"], "archive", "{archived}");
    assert_eq!(
        (archived["archived"].clone(), archived["pinned"].clone()),
        (json!(true), json!(false)),
        "WhatsApp unpins what it archives: {archived}"
    );
    assert_eq!(deleted["deleted"], true, "{deleted}");
    assert_eq!(deleted["label"]["id"], label.as_str(), "{deleted}");
    let seen: Vec<String> = ours
        .iter()
        .map(|e| format!("{} {}", e["type"], e["data"]["origin"]))
        .collect();
    assert!(
        ours.iter().all(|e| e["data"]["origin"] != "phone"),
        "the gateway's own changes came back as the phone's: {seen:?}"
    );
    assert_eq!(
        ours.iter().filter(|e| e["data"]["origin"] == "api").count(),
        7,
        "pin, mute, unread, star, label, label on the chat and on the message, each reported \
         once: {seen:?}"
    );

    let r = app.get(&format!("{DEVICES}/{dev}/chats"), Some(tok)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let row = r
        .data()
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["chatJid"] == chat_jid.as_str())
        .cloned()
        .unwrap_or_else(|| panic!("no chat {chat_jid}: {}", r.body));
    assert_eq!(
        (
            row["archived"].clone(),
            row["muted"].clone(),
            row["markedUnread"].clone(),
            row["labels"].clone()
        ),
        (json!(true), json!(true), json!(true), json!([])),
        "{row}"
    );
    let r = app
        .get(&format!("{DEVICES}/{dev}/starred-messages"), Some(tok))
        .await;
    assert_eq!(r.data()[0]["messageId"], message_id.as_str(), "{}", r.body);
}
