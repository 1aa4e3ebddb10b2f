//! The Chatwoot bridge against a loopback fake of Chatwoot's Application API (an axum server in
//! the test that answers as Chatwoot's API reference says and records every call): a customer's
//! WhatsApp message becomes a contact, a conversation in the inbox and an `incoming` message
//! there, once, across a failing call and a gateway restart; an agent's reply through Chatwoot's
//! `message_created` webhook is sent to the customer on (simulated) WhatsApp and is not copied
//! back; notes, customers' messages and the bridge's own messages are ignored; a bad token is
//! 401 and a bad configuration 400 naming the field, both changing nothing.

use std::sync::{Arc, Mutex};

use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode as AxStatus};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    chatwoot_bridges_both_ways_once_and_without_echo,
    a_device_whose_chatwoot_is_away_holds_up_no_other,
);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const TOKEN: &str = "cw-agent-token-7788";
const ACCOUNT: i64 = 3;
const INBOX: i64 = 7;
const CUSTOMER: &str = "6281300000377";
/// A 1×1 PNG, for an agent's attachment.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

/// What the fake Chatwoot holds and was asked.
#[derive(Default)]
struct Fake {
    contacts: Vec<Value>,
    conversations: Vec<Value>,
    messages: Vec<Value>,
    /// `METHOD path` of every call, in order.
    calls: Vec<String>,
    /// Message posts still to answer 503 (Chatwoot overloaded).
    fail_next: u32,
}

type Shared = Arc<Mutex<Fake>>;

fn authorized(h: &HeaderMap) -> bool {
    h.get("api_access_token").and_then(|v| v.to_str().ok()) == Some(TOKEN)
}

fn unauthorized() -> Response {
    (
        AxStatus::UNAUTHORIZED,
        axum::Json(json!({"error": "Invalid Access Token"})),
    )
        .into_response()
}

async fn search(
    State(f): State<Shared>,
    h: HeaderMap,
    Path(_a): Path<i64>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    if !authorized(&h) {
        return unauthorized();
    }
    let mut f = f.lock().unwrap();
    f.calls.push("GET contacts/search".into());
    let q = q.get("q").cloned().unwrap_or_default();
    let found: Vec<Value> = f
        .contacts
        .iter()
        .filter(|c| c["phone_number"] == q.as_str())
        .cloned()
        .collect();
    axum::Json(json!({"meta": {"count": found.len()}, "payload": found})).into_response()
}

async fn create_contact(
    State(f): State<Shared>,
    h: HeaderMap,
    Path(_a): Path<i64>,
    axum::Json(b): axum::Json<Value>,
) -> Response {
    if !authorized(&h) {
        return unauthorized();
    }
    let mut f = f.lock().unwrap();
    f.calls.push("POST contacts".into());
    let id = 100 + f.contacts.len() as i64;
    let source = format!("src-{id}");
    let contact = json!({
        "id": id, "name": b["name"], "phone_number": b["phone_number"],
        "identifier": b["identifier"],
        "contact_inboxes": [{"source_id": source, "inbox": {"id": b["inbox_id"]}}],
    });
    f.contacts.push(contact.clone());
    axum::Json(json!({"payload": {"contact": contact,
        "contact_inbox": {"source_id": source, "inbox": {"id": b["inbox_id"]}}}}))
    .into_response()
}

async fn contact_conversations(
    State(f): State<Shared>,
    h: HeaderMap,
    Path((_a, id)): Path<(i64, i64)>,
) -> Response {
    if !authorized(&h) {
        return unauthorized();
    }
    let mut f = f.lock().unwrap();
    f.calls.push("GET contacts/conversations".into());
    let list: Vec<Value> = f
        .conversations
        .iter()
        .filter(|c| c["contact_id"] == id)
        .cloned()
        .collect();
    axum::Json(json!({"payload": list})).into_response()
}

async fn create_conversation(
    State(f): State<Shared>,
    h: HeaderMap,
    Path(a): Path<i64>,
    axum::Json(b): axum::Json<Value>,
) -> Response {
    if !authorized(&h) {
        return unauthorized();
    }
    let mut f = f.lock().unwrap();
    f.calls.push("POST conversations".into());
    let id = 500 + f.conversations.len() as i64;
    let c = json!({"id": id, "account_id": a, "inbox_id": b["inbox_id"],
        "contact_id": b["contact_id"], "source_id": b["source_id"], "status": "open"});
    f.conversations.push(c.clone());
    axum::Json(c).into_response()
}

/// A message as JSON, or as multipart with a file in `attachments[]` (how files are uploaded).
async fn message_body(h: &HeaderMap, req: Request) -> Value {
    let multipart = h
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let bytes = axum::body::to_bytes(req.into_body(), 1 << 20)
            .await
            .unwrap();
        return serde_json::from_slice(&bytes).unwrap();
    }
    let mut form = Multipart::from_request(req, &()).await.unwrap();
    let mut v = json!({});
    while let Some(field) = form.next_field().await.unwrap() {
        let name = field.name().unwrap_or_default().to_string();
        if name == "attachments[]" {
            let mime = field.content_type().map(str::to_string);
            let file = field.file_name().map(str::to_string);
            let data = field.bytes().await.unwrap();
            v["attachment"] = json!({"contentType": mime, "fileName": file,
                "size": data.len(), "isThePng": data.as_ref() == PNG});
        } else {
            let text = field.text().await.unwrap();
            v[name.as_str()] = if name == "private" {
                json!(text == "true")
            } else {
                json!(text)
            };
        }
    }
    v
}

async fn create_message(
    State(f): State<Shared>,
    h: HeaderMap,
    Path((_a, conversation)): Path<(i64, i64)>,
    req: Request,
) -> Response {
    let b = message_body(&h, req).await;
    if !authorized(&h) {
        return unauthorized();
    }
    let mut f = f.lock().unwrap();
    f.calls.push("POST messages".into());
    if f.fail_next > 0 {
        f.fail_next -= 1;
        return (AxStatus::SERVICE_UNAVAILABLE, "busy").into_response();
    }
    if !f.conversations.iter().any(|c| c["id"] == conversation) {
        return (
            AxStatus::NOT_FOUND,
            axum::Json(json!({"error": "not found"})),
        )
            .into_response();
    }
    if b["content"].as_str().is_some_and(|c| c.contains("TOLAK")) {
        return (
            AxStatus::UNPROCESSABLE_ENTITY,
            axum::Json(json!({"message": "Content is invalid"})),
        )
            .into_response();
    }
    let id = 9000 + f.messages.len() as i64;
    let m = json!({"id": id, "conversation_id": conversation, "content": b["content"],
        "message_type": b["message_type"], "private": b["private"], "source_id": b["source_id"],
        "attachment": b["attachment"]});
    f.messages.push(m.clone());
    axum::Json(m).into_response()
}

async fn start_fake() -> (String, Shared) {
    let state: Shared = Arc::default();
    let acc = "/api/v1/accounts/{a}";
    let app = Router::new()
        .route(&format!("{acc}/contacts/search"), get(search))
        .route(&format!("{acc}/contacts"), post(create_contact))
        .route(
            &format!("{acc}/contacts/{{id}}/conversations"),
            get(contact_conversations),
        )
        .route(&format!("{acc}/conversations"), post(create_conversation))
        .route(
            &format!("{acc}/conversations/{{id}}/messages"),
            post(create_message),
        )
        .route(
            "/files/foto.png",
            get(|| async { ([("content-type", "image/png")], PNG) }),
        )
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, state)
}

async fn inbound(app: &TestApp, tok: &str, dev: &str, text: &str) {
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/inbound"),
            Some(tok),
            json!({"from": CUSTOMER, "text": text}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// Waits until the fake holds a message with this text; all such messages.
async fn posted(fake: &Shared, text: &str) -> Vec<Value> {
    wait_for(30, &format!("{text:?} at Chatwoot"), || {
        let found: Vec<Value> = fake
            .lock()
            .unwrap()
            .messages
            .iter()
            .filter(|m| m["content"] == text)
            .cloned()
            .collect();
        async move { (!found.is_empty()).then_some(found) }
    })
    .await
}

fn count(fake: &Shared, text: &str) -> usize {
    let f = fake.lock().unwrap();
    f.messages.iter().filter(|m| m["content"] == text).count()
}

/// What the simulated customer received from the device.
async fn customer_inbox(app: &TestApp) -> String {
    let r = app
        .get(&format!("/api/sim/accounts/{CUSTOMER}/inbox"), app.admin())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data().to_string()
}

async fn webhook(
    app: &TestApp,
    dev: &str,
    token: Option<&str>,
    body: Value,
) -> crate::harness::Reply {
    let path = match token {
        Some(t) => format!("/api/integrations/chatwoot/{dev}/webhook?token={t}"),
        None => format!("/api/integrations/chatwoot/{dev}/webhook"),
    };
    app.post(&path, None, body).await
}

fn agent_reply(id: i64, conversation: i64, content: &str) -> Value {
    json!({
        "event": "message_created", "id": id, "content": content,
        "message_type": "outgoing", "private": false, "source_id": null,
        "content_type": "text", "attachments": [],
        "conversation": {"id": conversation, "inbox_id": INBOX,
            "meta": {"sender": {"id": 100, "phone_number": format!("+{CUSTOMER}")}}},
        "sender": {"id": 1, "name": "Agen Rina", "type": "user"},
        "inbox": {"id": INBOX}, "account": {"id": ACCOUNT},
    })
}

async fn chatwoot_bridges_both_ways_once_and_without_echo(b: Backend) {
    let (base, fake) = start_fake().await;
    let app = TestApp::spawn_with(b, |c| {
        // The fake Chatwoot and its files are on loopback.
        c.webhook_allow_internal = true;
        c.fetch_internal_urls = true;
    })
    .await;
    let owner = app.user("toko").await;
    let tok = owner.token.clone();
    let dev = app.device(owner.id, "Kasir").await;
    app.link(&dev).await;
    let path = format!("{DEV}/{dev}/chatwoot");

    // Nothing configured yet; bad configurations are refused naming the field.
    let r = app.get(&path, Some(&tok)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let good =
        json!({"baseUrl": base, "accountId": ACCOUNT, "inboxId": INBOX, "apiAccessToken": TOKEN});
    for (field, change) in [
        ("baseUrl", json!({"baseUrl": "ftp://chatwoot.example.com"})),
        ("baseUrl", json!({"baseUrl": "bukan url"})),
        ("accountId", json!({"accountId": 0})),
        ("inboxId", json!({"inboxId": null})),
        ("apiAccessToken", json!({"apiAccessToken": null})),
        ("apiAccessToken", json!({"apiAccessToken": "ada spasi"})),
    ] {
        let mut body = good.clone();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = app.put(&path, Some(&tok), body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{field}: {}", r.body);
        assert!(r.field(field).is_some(), "{field}: {}", r.body);
    }
    let r = app.get(&path, Some(&tok)).await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "bad input stored: {}",
        r.body
    );

    // Configured: the webhook secret is shown this once, the access token never.
    let r = app.put(&path, Some(&tok), good.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.body.to_string().contains(TOKEN), "{}", r.body);
    assert_eq!(r.data()["apiAccessTokenHint"], "…7788", "{}", r.body);
    assert_eq!(r.data()["enabled"], true, "{}", r.body);
    let hook_token = r.data()["webhookToken"].as_str().unwrap().to_string();
    assert_eq!(
        r.data()["webhookUrlPath"],
        format!("/api/integrations/chatwoot/{dev}/webhook?token={hook_token}").as_str()
    );
    let r = app.get(&path, Some(&tok)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.data()["webhookToken"].is_null(), "{}", r.body);
    assert!(!r.body.to_string().contains(TOKEN), "{}", r.body);
    // Changing it without a token keeps the stored one and the webhook secret.
    let mut again = good.clone();
    again.as_object_mut().unwrap().remove("apiAccessToken");
    let r = app.put(&path, Some(&tok), again).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.data()["webhookToken"].is_null(), "{}", r.body);
    assert_eq!(r.data()["apiAccessTokenHint"], "…7788", "{}", r.body);

    // WhatsApp → Chatwoot: Chatwoot is busy once; the message still arrives, once.
    fake.lock().unwrap().fail_next = 1;
    inbound(&app, &tok, &dev, "Halo, stok kopi ada?").await;
    let first = posted(&fake, "Halo, stok kopi ada?").await;
    {
        let f = fake.lock().unwrap();
        assert_eq!(f.contacts.len(), 1, "{:?}", f.contacts);
        assert_eq!(
            f.contacts[0]["phone_number"],
            format!("+{CUSTOMER}").as_str()
        );
        assert_eq!(
            f.contacts[0]["identifier"],
            format!("{CUSTOMER}@s.whatsapp.net").as_str()
        );
        assert_eq!(f.conversations.len(), 1, "{:?}", f.conversations);
        assert_eq!(f.conversations[0]["inbox_id"], INBOX);
        assert_eq!(f.conversations[0]["source_id"], "src-100");
        assert!(
            f.calls.contains(&"GET contacts/search".to_string()),
            "{:?}",
            f.calls
        );
    }
    assert_eq!(first[0]["message_type"], "incoming", "{first:?}");
    assert_eq!(first[0]["private"], false, "{first:?}");
    assert!(
        first[0]["source_id"].as_str().unwrap().starts_with("WAID:"),
        "{first:?}"
    );
    let conversation = first[0]["conversation_id"].as_i64().unwrap();

    // After a restart nothing is posted again, and the conversation is reused.
    let app = app.restart().await;
    app.wait_status(&dev, "connected").await;
    inbound(&app, &tok, &dev, "Satu lagi setelah restart").await;
    let second = posted(&fake, "Satu lagi setelah restart").await;
    assert_eq!(second[0]["conversation_id"], conversation);
    assert_eq!(count(&fake, "Halo, stok kopi ada?"), 1);
    {
        let f = fake.lock().unwrap();
        assert_eq!((f.contacts.len(), f.conversations.len()), (1, 1));
    }

    // Chatwoot → WhatsApp: an agent's reply reaches the customer.
    let before = customer_inbox(&app).await;
    let r = webhook(
        &app,
        &dev,
        Some(&hook_token),
        agent_reply(7001, conversation, "Ada, Kak. Mau berapa?"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let sent = r.data()["sent"].as_array().unwrap().clone();
    assert_eq!(sent.len(), 1, "{}", r.body);
    let inbox = wait_for(10, "the reply at the customer", || {
        let app = &app;
        async move {
            let i = customer_inbox(app).await;
            i.contains("Ada, Kak. Mau berapa?").then_some(i)
        }
    })
    .await;
    assert!(!before.contains("Ada, Kak. Mau berapa?"));
    assert!(inbox.contains(sent[0].as_str().unwrap()), "{inbox}");
    let history = app
        .get(
            &format!("{DEV}/{dev}/chat-history/{CUSTOMER}@s.whatsapp.net"),
            Some(&tok),
        )
        .await;
    assert!(
        history.body.to_string().contains("Ada, Kak. Mau berapa?"),
        "{}",
        history.body
    );
    // With an attachment: fetched by its URL and sent as an image with the text as caption.
    let mut with_file = agent_reply(7002, conversation, "Ini fotonya");
    with_file["attachments"] = json!([{"id": 1, "file_type": "image",
        "data_url": format!("{base}/files/foto.png")}]);
    let r = webhook(&app, &dev, Some(&hook_token), with_file).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["sent"].as_array().unwrap().len(), 1, "{}", r.body);

    // The same delivery again, notes, customers' messages, the bridge's own messages, other
    // events: all answered 200 and ignored.
    let mut note = agent_reply(7003, conversation, "catatan internal");
    note["private"] = json!(true);
    let mut incoming = agent_reply(7004, conversation, "dari pelanggan");
    incoming["message_type"] = json!("incoming");
    let mut echo = agent_reply(
        first[0]["id"].as_i64().unwrap(),
        conversation,
        "Halo, stok kopi ada?",
    );
    echo["source_id"] = first[0]["source_id"].clone();
    let mut other = agent_reply(7005, conversation, "status berubah");
    other["event"] = json!("conversation_status_changed");
    let mut elsewhere = agent_reply(7008, conversation, "dari inbox email");
    elsewhere["inbox"]["id"] = json!(INBOX + 1);
    elsewhere["conversation"]["inbox_id"] = json!(INBOX + 1);
    let inbox_before = customer_inbox(&app).await;
    for body in [
        agent_reply(7001, conversation, "Ada, Kak. Mau berapa?"),
        note,
        incoming,
        echo,
        other,
        elsewhere,
    ] {
        let r = webhook(&app, &dev, Some(&hook_token), body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.data()["sent"], json!([]), "{}", r.body);
        assert!(r.data()["ignored"].is_string(), "{}", r.body);
    }
    // A missing or wrong token: 401, nothing sent.
    for t in [None, Some("cwh_salah"), Some("")] {
        let r = webhook(
            &app,
            &dev,
            t,
            agent_reply(7006, conversation, "jangan terkirim"),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    }

    // No echo: a message sent from the API afterwards reaches Chatwoot as `outgoing`, and by
    // then (in order) the agent's replies would have too, had they been copied back.
    let r = app
        .post(
            &format!("{DEV}/{dev}/send-message"),
            Some(&tok),
            json!({"phone": CUSTOMER, "message": "Dari API, bukan dari Chatwoot"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let api = posted(&fake, "Dari API, bukan dari Chatwoot").await;
    assert_eq!(api[0]["message_type"], "outgoing", "{api:?}");
    assert_eq!(count(&fake, "Ada, Kak. Mau berapa?"), 0);
    assert_eq!(count(&fake, "Ini fotonya"), 0);
    assert_eq!(count(&fake, "Halo, stok kopi ada?"), 1);
    // Media the device sends goes to Chatwoot as a file attachment, with its caption.
    let r = app
        .post(
            &format!("{DEV}/{dev}/send-media"),
            Some(&tok),
            json!({"phone": CUSTOMER, "url": format!("{base}/files/foto.png"), "caption": "Foto dari API"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let photo = posted(&fake, "Foto dari API").await;
    assert_eq!(photo[0]["message_type"], "outgoing", "{photo:?}");
    assert_eq!(photo[0]["attachment"]["isThePng"], true, "{photo:?}");
    assert_eq!(
        photo[0]["attachment"]["contentType"], "image/png",
        "{photo:?}"
    );
    let inbox_after = customer_inbox(&app).await;
    for t in [
        "catatan internal",
        "dari pelanggan",
        "jangan terkirim",
        "status berubah",
        "dari inbox email",
    ] {
        assert!(!inbox_after.contains(t), "{t} was sent: {inbox_after}");
    }
    assert_eq!(
        inbox_after.matches("Ada, Kak. Mau berapa?").count(),
        inbox_before.matches("Ada, Kak. Mau berapa?").count()
    );

    // Switched off, nothing is copied; switched back on, it starts from the newest message.
    let mut off = good.clone();
    off.as_object_mut().unwrap().remove("apiAccessToken");
    off["enabled"] = json!(false);
    let r = app.put(&path, Some(&tok), off.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    inbound(&app, &tok, &dev, "Saat dimatikan").await;
    wait_for(10, "the message stored", || {
        let (app, tok, dev) = (&app, &tok, &dev);
        async move {
            let h = app
                .get(
                    &format!("{DEV}/{dev}/chat-history/{CUSTOMER}@s.whatsapp.net"),
                    Some(tok),
                )
                .await;
            h.body.to_string().contains("Saat dimatikan").then_some(())
        }
    })
    .await;
    off["enabled"] = json!(true);
    let r = app.put(&path, Some(&tok), off).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    inbound(&app, &tok, &dev, "Sudah nyala lagi").await;
    posted(&fake, "Sudah nyala lagi").await;
    assert_eq!(count(&fake, "Saat dimatikan"), 0);

    // A message Chatwoot refuses is recorded as failed, not lost silently.
    inbound(&app, &tok, &dev, "TOLAK pesan ini").await;
    let view = wait_for(30, "the failure recorded", || {
        let (app, path, tok) = (&app, &path, &tok);
        async move {
            let r = app.get(path, Some(tok)).await;
            (r.data()["failedMessages"] == 1).then(|| r.data().clone())
        }
    })
    .await;
    assert!(
        view["lastError"].as_str().unwrap().contains("422"),
        "{view}"
    );
    assert!(!view.to_string().contains(TOKEN), "{view}");

    // Removed: the webhook's token no longer opens anything.
    let r = app.delete(&path, Some(&tok)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["deleted"], true, "{}", r.body);
    let r = app.get(&path, Some(&tok)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = webhook(
        &app,
        &dev,
        Some(&hook_token),
        agent_reply(7007, conversation, "sudah putus"),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    // Someone else's device is refused to them.
    let other = app.user("lain").await;
    let r = app.put(&path, Some(&other.token), good).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
}

async fn a_device_whose_chatwoot_is_away_holds_up_no_other(b: Backend) {
    let (base, fake) = start_fake().await;
    let app = TestApp::spawn_with(b, |c| c.webhook_allow_internal = true).await;
    let owner = app.user("toko").await;
    let tok = owner.token.clone();
    let kasir = app.device(owner.id, "Kasir").await;
    let gudang = app.device(owner.id, "Gudang").await;
    app.link(&kasir).await;
    app.link(&gudang).await;
    // Nothing listens on the closed port: every call to "Chatwoot" is refused at once.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    for (dev, url) in [
        (&kasir, base.clone()),
        (&gudang, format!("http://{closed}")),
    ] {
        let r = app
            .put(
                &format!("{DEV}/{dev}/chatwoot"),
                Some(&tok),
                json!({"baseUrl": url, "accountId": ACCOUNT, "inboxId": INBOX, "apiAccessToken": TOKEN}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    inbound(&app, &tok, &gudang, "Ke gudang yang putus").await;
    inbound(&app, &tok, &kasir, "Ke kasir yang jalan").await;
    // The working device's message arrives while the other one is still being retried
    // (its five tries take 7.5 s).
    let started = std::time::Instant::now();
    posted(&fake, "Ke kasir yang jalan").await;
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let r = app
        .get(&format!("{DEV}/{gudang}/chatwoot"), Some(&tok))
        .await;
    assert_eq!(r.data()["failedMessages"], 0, "{}", r.body);
    // The unreachable one is given up on after its retries, and recorded.
    let view = wait_for(30, "the failure recorded", || {
        let (app, tok, gudang) = (&app, &tok, &gudang);
        async move {
            let r = app
                .get(&format!("{DEV}/{gudang}/chatwoot"), Some(tok))
                .await;
            (r.data()["failedMessages"] == 1).then(|| r.data().clone())
        }
    })
    .await;
    assert!(
        view["lastError"]
            .as_str()
            .unwrap()
            .contains("connection failed"),
        "{view}"
    );
    assert_eq!(count(&fake, "Ke gudang yang putus"), 0);
}
