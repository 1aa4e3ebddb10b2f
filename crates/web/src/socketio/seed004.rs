//! Seed 004 (WaBox): the requests `chat:get-list`, `chat:get-history`, `chat:mark-read`,
//! `whatsapp:get-status`, answered through the acknowledgement and pushed as the seed's event,
//! and the pushes `message:new`, `chat:updated`, `chat:read`, `whatsapp:status`, `whatsapp:qr`,
//! `message:status`. A chat's id is its JID; `whatsappNumberId` is the device id.

use serde::Deserialize;
use serde_json::{json, Value};
use socketioxide::extract::{AckSender, SocketRef, TryData};

use gerbang_app::chats::{ChatQuery, HistoryQuery};
use gerbang_app::{AppError, Principal};
use gerbang_core::device::Device;
use gerbang_core::event::{types, Event};
use gerbang_core::message::ChatSummary;

use super::{reply, rooms, still_admitted, Session};
use crate::error::ApiError;
use crate::AppState;

/// The fields seed 004's requests carry (`whatsappNumberId` is read apart: string or number).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Request {
    #[serde(alias = "chatJid", alias = "jid")]
    chat_id: Option<String>,
    #[serde(default, deserialize_with = "gerbang_core::page::limit")]
    limit: Option<i64>,
    #[serde(default, deserialize_with = "gerbang_core::page::non_negative")]
    offset: Option<i64>,
    search: Option<String>,
}

const REQUESTS: [&str; 4] = [
    "chat:get-list",
    "chat:get-history",
    "chat:mark-read",
    "whatsapp:get-status",
];

pub(super) fn register(state: &AppState, s: &SocketRef, session: &Session) {
    for name in REQUESTS {
        let (state, session) = (state.clone(), session.clone());
        s.on(
            name,
            move |s: SocketRef, TryData(data): TryData<Value>, ack: AckSender| {
                let (state, session) = (state.clone(), session.clone());
                async move {
                    if !still_admitted(&state, &s, &session).await {
                        return;
                    }
                    let data = data.unwrap_or(Value::Null);
                    let (push, result) = answer(&state, &s, &session, name, &data).await;
                    reply(&s, ack, push, result);
                }
            },
        );
    }
}

async fn answer(
    state: &AppState,
    s: &SocketRef,
    session: &Session,
    name: &str,
    data: &Value,
) -> (Option<&'static str>, Result<Value, ApiError>) {
    let request = match parse(data) {
        Ok(r) => r,
        Err(e) => return (None, Err(e)),
    };
    let device = match device(state, s, session, data).await {
        Ok(d) => d,
        Err(e) => return (None, Err(e.into())),
    };
    let app = &state.app;
    let who = &session.who;
    let id = device.device_id.clone();
    let chat = || {
        request
            .chat_id
            .clone()
            .filter(|c| !c.trim().is_empty())
            .ok_or_else(|| ApiError::invalid_field("chatId", "required"))
    };
    match name {
        "chat:get-list" => {
            let q = ChatQuery {
                search: request.search.clone(),
                limit: request.limit,
                offset: request.offset,
            };
            let result = app.chats(who, &id, q).await.map(|chats| {
                let chats: Vec<Value> = chats.iter().map(chat_of).collect();
                json!({"whatsappNumberId": id, "chats": chats})
            });
            (Some("chat:list"), result.map_err(Into::into))
        }
        "chat:get-history" => {
            let chat_id = match chat() {
                Ok(c) => c,
                Err(e) => return (None, Err(e)),
            };
            let q = HistoryQuery {
                before: None,
                limit: request.limit,
                offset: request.offset,
            };
            let result = app.chat_history(who, &id, &chat_id, q).await.map(|h| {
                let messages: Vec<Value> = h
                    .messages
                    .iter()
                    .map(|m| message_of(&serde_json::to_value(m).unwrap_or_default()))
                    .collect();
                json!({"whatsappNumberId": id, "chatId": h.chat_jid, "messages": messages})
            });
            (Some("chat:history"), result.map_err(Into::into))
        }
        "chat:mark-read" => {
            let chat_id = match chat() {
                Ok(c) => c,
                Err(e) => return (None, Err(e)),
            };
            match app.mark_chat_read(who, &id, &chat_id).await {
                // Something was marked: the log's `chat.read` event brings `chat:read` to every
                // follower, this socket included; otherwise it is pushed here, so the seed's
                // client sees its answer either way, once.
                Ok(read) => {
                    let push = (read.marked == 0).then_some("chat:read");
                    let payload = json!({"whatsappNumberId": id, "chatId": read.chat_jid,
                        "marked": read.marked, "receiptsSent": read.receipts_sent});
                    (push, Ok(payload))
                }
                Err(e) => (None, Err(e.into())),
            }
        }
        _ => (Some("whatsapp:status"), Ok(status_of(&device))),
    }
}

fn parse(data: &Value) -> Result<Request, ApiError> {
    if has_nul(data) {
        return Err(ApiError::bad_request(
            "validation_failed",
            "a request must not contain the character U+0000 (NUL)",
        ));
    }
    if data.is_null() {
        return Ok(Request::default());
    }
    serde_path_to_error::deserialize::<_, Request>(data).map_err(|e| {
        let field = e.path().to_string();
        ApiError::invalid_field(field, e.inner().to_string())
    })
}

fn has_nul(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(has_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || has_nul(v)),
        _ => false,
    }
}

/// The device a request acts on: the one it names (then followed and remembered), else the
/// socket's current one.
async fn device(
    state: &AppState,
    s: &SocketRef,
    session: &Session,
    data: &Value,
) -> Result<Device, AppError> {
    let id = match super::named_device(data) {
        Some(id) => id,
        None => session
            .current_device()
            .ok_or_else(|| AppError::field("whatsappNumberId", "required: no device chosen yet"))?,
    };
    let device = state.app.device_for(&session.who, &id).await?;
    s.join(rooms::device_room(&device.device_id));
    session.set_current_device(&device.device_id);
    Ok(device)
}

/// The pushes for one log event (empty when seed 004 has no name for it).
pub(super) async fn events(
    state: &AppState,
    session: &Session,
    event: &Event,
) -> Vec<(&'static str, Value)> {
    let d = &event.data;
    let id = event.device_id.clone().unwrap_or_default();
    match event.event_type.as_str() {
        types::STATUS => vec![(
            "whatsapp:status",
            json!({"whatsappNumberId": id, "status": seed_status(d["status"].as_str(),
                       d["phoneNumber"].is_string()),
                   "deviceStatus": d["status"], "lastConnected": d["lastSeen"],
                   "phoneNumber": plus(&d["phoneNumber"])}),
        )],
        types::QR => match d["qr"].as_str().map(crate::qr::png_data_url) {
            Some(Ok(image)) => vec![(
                "whatsapp:qr",
                json!({"whatsappNumberId": id, "qrCode": image, "expiresAt": d["expiresAt"]}),
            )],
            _ => vec![],
        },
        types::MESSAGE_NEW => {
            let mut out = vec![(
                "message:new",
                json!({"whatsappNumberId": id, "chatId": event.chat_jid,
                       "message": message_of(&d["message"])}),
            )];
            out.extend(chat_updated(state, &session.who, event).await);
            out
        }
        types::MESSAGE_STATUS => vec![(
            "message:status",
            json!({"whatsappNumberId": id, "chatId": event.chat_jid,
                   "messageId": d["messageId"], "status": message_status(d["status"].as_str())}),
        )],
        types::CHAT_READ => {
            let mut out = vec![(
                "chat:read",
                json!({"whatsappNumberId": id, "chatId": event.chat_jid, "count": d["count"]}),
            )];
            out.extend(chat_updated(state, &session.who, event).await);
            out
        }
        // The rest under their log names, `.` written `:` (`job:progress`, `test:broadcast`, …).
        other => {
            let name = match other {
                types::MESSAGE_EDITED => "message:edited",
                types::MESSAGE_DELETED => "message:deleted",
                types::MESSAGE_UNSTORED => "message:unstored",
                types::JOB_PROGRESS => "job:progress",
                types::JOB_COMPLETED => "job:completed",
                types::TEST => "test:broadcast",
                types::GROUP_JOINED => "group:joined",
                types::GROUP_LEFT => "group:left",
                types::GROUP_PARTICIPANTS => "group:participants",
                types::GROUP_UPDATED => "group:updated",
                types::GROUP_INVITE_REVOKED => "group:invite_revoked",
                types::PRESENCE_UPDATE => "presence:update",
                types::MESSAGE_UNDECRYPTABLE => "message:undecryptable",
                types::CALL_OFFER => "call:offer",
                types::CALL_MISSED => "call:missed",
                types::CONTACT_IDENTITY_CHANGED => "contact:identity_changed",
                types::CONTACT_PICTURE_CHANGED => "contact:picture_changed",
                types::CONTACT_ABOUT_CHANGED => "contact:about_changed",
                types::HISTORY_PROGRESS => "history:progress",
                types::HISTORY_COMPLETE => "history:complete",
                types::POLL_VOTE => "poll:vote",
                types::CHAT_DISAPPEARING => "chat:disappearing",
                types::CHAT_UPDATED => "chat:updated",
                types::MESSAGE_STARRED => "message:starred",
                types::MESSAGE_LABELED => "message:labeled",
                types::LABEL_UPDATED => "label:updated",
                types::SCHEDULED_UPDATED => "scheduled:updated",
                types::STATUS_RECEIVED => "status:received",
                _ => return vec![],
            };
            let mut payload = d.clone();
            if let Value::Object(map) = &mut payload {
                map.insert("whatsappNumberId".into(), id.into());
            }
            vec![(name, payload)]
        }
    }
}

/// `chat:updated` with the chat as the list shows it now (its unread count included).
async fn chat_updated(
    state: &AppState,
    who: &Principal,
    event: &Event,
) -> Option<(&'static str, Value)> {
    let (device, jid) = (event.device_id.as_deref()?, event.chat_jid.as_deref()?);
    let q = ChatQuery {
        search: Some(jid.to_string()),
        limit: Some(200),
        offset: None,
    };
    let chats = match state.app.chats(who, device, q).await {
        Ok(c) => c,
        Err(e) => {
            tracing::debug!(error = %e, "chat:updated skipped");
            return None;
        }
    };
    let chat = chats.iter().find(|c| c.chat_jid == jid)?;
    Some((
        "chat:updated",
        json!({"whatsappNumberId": device, "chat": chat_of(chat)}),
    ))
}

fn chat_of(c: &ChatSummary) -> Value {
    json!({
        "id": c.chat_jid,
        "contactName": c.contact_name,
        "contactNumber": c.contact_number,
        "contactJid": c.chat_jid,
        "lastMessage": c.last_message,
        "lastMessageTime": c.last_message_time,
        "unreadCount": c.unread_count,
        "isGroup": c.is_group,
        "isPinned": false,
        "isArchived": false,
    })
}

/// A stored message (as the event log and the history serialize it) in seed 004's shape.
fn message_of(m: &Value) -> Value {
    let from_me = m["fromMe"].as_bool().unwrap_or(false);
    let from_jid = if from_me {
        Value::Null
    } else {
        m.get("senderJid")
            .filter(|v| v.is_string())
            .unwrap_or(&m["chatJid"])
            .clone()
    };
    json!({
        "id": m["id"],
        "messageId": m["messageId"],
        "chatId": m["chatJid"],
        "fromJid": from_jid,
        "fromNumber": plus(&m["senderPhone"]),
        "fromName": m["pushName"],
        "content": m["body"],
        "type": m["messageType"].as_str().unwrap_or("text").to_uppercase(),
        "isFromMe": from_me,
        "status": message_status(m["status"].as_str()),
        "timestamp": m["timestamp"],
    })
}

/// `+628…` from `628…`, as seed 004 writes numbers.
fn plus(phone: &Value) -> Value {
    match phone.as_str() {
        Some(p) if !p.starts_with('+') => json!(format!("+{p}")),
        _ => phone.clone(),
    }
}

/// Seed 004's message states: `PENDING`, `SENT`, `DELIVERED`, `READ`, `FAILED`. An inbound
/// message is `DELIVERED` (as the seed shows it), a played voice note `READ`; one whose sending
/// was interrupted stays `UNCERTAIN` rather than pretend.
fn message_status(status: Option<&str>) -> String {
    match status.unwrap_or("pending") {
        "received" => "DELIVERED".into(),
        "played" => "READ".into(),
        other => other.to_uppercase(),
    }
}

/// Seed 004's device states: `PENDING`, `PAIRING`, `CONNECTED`, `DISCONNECTED`, `RECONNECTING`.
fn seed_status(status: Option<&str>, linked: bool) -> &'static str {
    match status {
        Some("connected") => "CONNECTED",
        Some("qr_required") => "PAIRING",
        Some("connecting") if linked => "RECONNECTING",
        Some("connecting") => "PENDING",
        _ => "DISCONNECTED",
    }
}

fn status_of(d: &Device) -> Value {
    let status = serde_json::to_value(d.status).unwrap_or_default();
    json!({
        "whatsappNumberId": d.device_id,
        "status": seed_status(status.as_str(), d.phone_number.is_some()),
        "deviceStatus": status,
        "lastConnected": d.last_seen,
        "phoneNumber": plus(&json!(d.phone_number)),
        "simulated": d.simulated,
    })
}
