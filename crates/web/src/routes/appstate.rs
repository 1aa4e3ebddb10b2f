//! Chat actions and labels, WhatsApp's app state, under the device's path: `PUT` sets a flag
//! (pin, archive, mute, unread, a star, a label on a chat or a message), `DELETE` clears it, as other device
//! settings do. WhatsApp keeps these per account, so the phone and every linked device see the
//! change; changes made there arrive as `chat.updated`, `message.starred` and `label.updated`
//! events. Authorization is the device rule (owner, admin, the device's API key).

use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::appstate::{
    ChatUpdated, LabelDone, LabelInput, LabelList, MessageLabelDone, MuteInput, StarDone,
    StarredMessage, StarredQuery,
};
use gerbang_core::appstate::ChatAction;

use crate::auth::Auth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, OptionalJson, Path, Query};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(pin, unpin))
        .routes(routes!(archive, unarchive))
        .routes(routes!(mute, unmute))
        .routes(routes!(mark_unread, clear_unread))
        .routes(routes!(star, unstar))
        .routes(routes!(starred))
        .routes(routes!(labels, create_label))
        .routes(routes!(update_label, delete_label))
        .routes(routes!(label_chat, unlabel_chat))
        .routes(routes!(label_message, unlabel_message))
}

/// Pins the chat to the top of the chat list (WhatsApp allows three).
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/pin", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "the chat: a phone number (`628…`), a person's JID or a group's")),
    responses((status = 200, body = Envelope<ChatUpdated>),
        (status = 400, body = ErrorBody, description = "`jid` is not a number or a JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn pin(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid)): Path<(String, String)>,
) -> ApiResult<Data<ChatUpdated>> {
    Ok(Data(
        s.app
            .chat_action(&who, &id, &jid, ChatAction::Pin(true))
            .await?,
    ))
}

/// Unpins the chat.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/pin", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "the chat: a phone number (`628…`), a person's JID or a group's")),
    responses((status = 200, body = Envelope<ChatUpdated>),
        (status = 400, body = ErrorBody, description = "`jid` is not a number or a JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn unpin(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid)): Path<(String, String)>,
) -> ApiResult<Data<ChatUpdated>> {
    Ok(Data(
        s.app
            .chat_action(&who, &id, &jid, ChatAction::Pin(false))
            .await?,
    ))
}

/// Archives the chat (WhatsApp also unpins it).
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/archive", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "the chat: a phone number (`628…`), a person's JID or a group's")),
    responses((status = 200, body = Envelope<ChatUpdated>),
        (status = 400, body = ErrorBody, description = "`jid` is not a number or a JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn archive(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid)): Path<(String, String)>,
) -> ApiResult<Data<ChatUpdated>> {
    Ok(Data(
        s.app
            .chat_action(&who, &id, &jid, ChatAction::Archive(true))
            .await?,
    ))
}

/// Takes the chat out of the archive.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/archive", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "the chat: a phone number (`628…`), a person's JID or a group's")),
    responses((status = 200, body = Envelope<ChatUpdated>),
        (status = 400, body = ErrorBody, description = "`jid` is not a number or a JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn unarchive(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid)): Path<(String, String)>,
) -> ApiResult<Data<ChatUpdated>> {
    Ok(Data(
        s.app
            .chat_action(&who, &id, &jid, ChatAction::Archive(false))
            .await?,
    ))
}

/// Marks the chat unread, as "mark as unread" on the phone does.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/unread", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "the chat: a phone number (`628…`), a person's JID or a group's")),
    responses((status = 200, body = Envelope<ChatUpdated>),
        (status = 400, body = ErrorBody, description = "`jid` is not a number or a JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn mark_unread(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid)): Path<(String, String)>,
) -> ApiResult<Data<ChatUpdated>> {
    Ok(Data(
        s.app
            .chat_action(&who, &id, &jid, ChatAction::MarkUnread(true))
            .await?,
    ))
}

/// Clears the unread mark.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/unread", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "the chat: a phone number (`628…`), a person's JID or a group's")),
    responses((status = 200, body = Envelope<ChatUpdated>),
        (status = 400, body = ErrorBody, description = "`jid` is not a number or a JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn clear_unread(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid)): Path<(String, String)>,
) -> ApiResult<Data<ChatUpdated>> {
    Ok(Data(
        s.app
            .chat_action(&who, &id, &jid, ChatAction::MarkUnread(false))
            .await?,
    ))
}

/// Mutes the chat: until `until` (RFC 3339, in the future), or for good without it (an
/// empty body too).
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/mute", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "the chat: a phone number (`628…`), a person's JID or a group's")),
    request_body(content = Option<MuteInput>),
    responses((status = 200, body = Envelope<ChatUpdated>),
        (status = 400, body = ErrorBody, description = "`jid` is not a number or a JID, or `until` is not in the future"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn mute(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid)): Path<(String, String)>,
    OptionalJson(input): OptionalJson<MuteInput>,
) -> ApiResult<Data<ChatUpdated>> {
    let until = input.unwrap_or_default().until;
    let action = ChatAction::Mute { muted: true, until };
    Ok(Data(s.app.chat_action(&who, &id, &jid, action).await?))
}

/// Unmutes the chat.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/mute", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "the chat: a phone number (`628…`), a person's JID or a group's")),
    responses((status = 200, body = Envelope<ChatUpdated>),
        (status = 400, body = ErrorBody, description = "`jid` is not a number or a JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn unmute(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid)): Path<(String, String)>,
) -> ApiResult<Data<ChatUpdated>> {
    Ok(Data(
        s.app
            .chat_action(
                &who,
                &id,
                &jid,
                ChatAction::Mute {
                    muted: false,
                    until: None,
                },
            )
            .await?,
    ))
}

/// Stars a stored message of the chat.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/messages/{messageId}/star", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "the chat: a phone number, a person's JID or a group's"), ("messageId" = String, Path, description = "WhatsApp's id of a stored message of the chat")),
    responses((status = 200, body = Envelope<StarDone>),
        (status = 400, body = ErrorBody, description = "`jid` is not a number or a JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "the device, or no such message in the chat"),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn star(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid, message_id)): Path<(String, String, String)>,
) -> ApiResult<Data<StarDone>> {
    Ok(Data(
        s.app
            .star_message(&who, &id, &jid, &message_id, true)
            .await?,
    ))
}

/// Unstars a message.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/messages/{messageId}/star", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "the chat: a phone number, a person's JID or a group's"), ("messageId" = String, Path, description = "WhatsApp's id of a stored message of the chat")),
    responses((status = 200, body = Envelope<StarDone>),
        (status = 400, body = ErrorBody, description = "`jid` is not a number or a JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "the device, or no such message in the chat"),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn unstar(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid, message_id)): Path<(String, String, String)>,
) -> ApiResult<Data<StarDone>> {
    Ok(Data(
        s.app
            .star_message(&who, &id, &jid, &message_id, false)
            .await?,
    ))
}

/// Starred messages, the most recently starred first, each with the stored message (stars
/// made on the phone included). Read from what this device stored: no connection needed.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/starred-messages", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), StarredQuery),
    responses((status = 200, body = Envelope<Vec<StarredMessage>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn starred(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<StarredQuery>,
) -> ApiResult<Data<Vec<StarredMessage>>> {
    Ok(Data(s.app.starred_messages(&who, &id, q).await?))
}

/// The account's WhatsApp Business labels as this device last synced them, each with the
/// chats it is on. No connection needed.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/labels", tag = "labels",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<LabelList>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn labels(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<LabelList>> {
    Ok(Data(s.app.labels(&who, &id).await?))
}

/// Creates a label (WhatsApp Business) under the next free label id.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/labels", tag = "labels",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = LabelInput,
    responses((status = 200, body = Envelope<LabelDone>),
        (status = 400, body = ErrorBody, description = "`name` empty or too long, `color` not 0 to 19"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn create_label(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<LabelInput>,
) -> ApiResult<Data<LabelDone>> {
    Ok(Data(s.app.create_label(&who, &id, input).await?))
}

/// Renames or recolours a label.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/labels/{labelId}", tag = "labels",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), ("labelId" = String, Path)),
    request_body = LabelInput,
    responses((status = 200, body = Envelope<LabelDone>),
        (status = 400, body = ErrorBody, description = "`name` empty or too long, `color` not 0 to 19"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "the device, or no such label"),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn update_label(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, label_id)): Path<(String, String)>,
    Json(input): Json<LabelInput>,
) -> ApiResult<Data<LabelDone>> {
    Ok(Data(s.app.update_label(&who, &id, &label_id, input).await?))
}

/// Deletes a label; it comes off every chat.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/labels/{labelId}", tag = "labels",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), ("labelId" = String, Path)),
    responses((status = 200, body = Envelope<LabelDone>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "the device, or no such label"),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn delete_label(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, label_id)): Path<(String, String)>,
) -> ApiResult<Data<LabelDone>> {
    Ok(Data(s.app.delete_label(&who, &id, &label_id).await?))
}

/// Puts a label on the chat.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/labels/{labelId}", tag = "labels",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "the chat: a phone number, a person's JID or a group's"), ("labelId" = String, Path)),
    responses((status = 200, body = Envelope<ChatUpdated>),
        (status = 400, body = ErrorBody, description = "`jid` is not a number or a JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "the device, or no such label"),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn label_chat(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid, label_id)): Path<(String, String, String)>,
) -> ApiResult<Data<ChatUpdated>> {
    let action = ChatAction::Label {
        label_id,
        labeled: true,
    };
    Ok(Data(s.app.chat_action(&who, &id, &jid, action).await?))
}

/// Takes a label off the chat.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/labels/{labelId}", tag = "labels",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "the chat: a phone number, a person's JID or a group's"), ("labelId" = String, Path)),
    responses((status = 200, body = Envelope<ChatUpdated>),
        (status = 400, body = ErrorBody, description = "`jid` is not a number or a JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "the device, or no such label"),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn unlabel_chat(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid, label_id)): Path<(String, String, String)>,
) -> ApiResult<Data<ChatUpdated>> {
    let action = ChatAction::Label {
        label_id,
        labeled: false,
    };
    Ok(Data(s.app.chat_action(&who, &id, &jid, action).await?))
}

/// Puts a label on a stored message of the chat.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/messages/{messageId}/labels/{labelId}", tag = "labels",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "the chat: a phone number, a person's JID or a group's"), ("messageId" = String, Path, description = "WhatsApp's id of a stored message of the chat"), ("labelId" = String, Path)),
    responses((status = 200, body = Envelope<MessageLabelDone>),
        (status = 400, body = ErrorBody, description = "`jid` is not a number or a JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "the device, no such message in the chat, or no such label"),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn label_message(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid, message_id, label_id)): Path<(String, String, String, String)>,
) -> ApiResult<Data<MessageLabelDone>> {
    Ok(Data(
        s.app
            .label_message(&who, &id, &jid, &message_id, &label_id, true)
            .await?,
    ))
}

/// Takes a label off a message.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/messages/{messageId}/labels/{labelId}", tag = "labels",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "the chat: a phone number, a person's JID or a group's"), ("messageId" = String, Path, description = "WhatsApp's id of a stored message of the chat"), ("labelId" = String, Path)),
    responses((status = 200, body = Envelope<MessageLabelDone>),
        (status = 400, body = ErrorBody, description = "`jid` is not a number or a JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "the device, no such message in the chat, or no such label"),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn unlabel_message(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid, message_id, label_id)): Path<(String, String, String, String)>,
) -> ApiResult<Data<MessageLabelDone>> {
    Ok(Data(
        s.app
            .label_message(&who, &id, &jid, &message_id, &label_id, false)
            .await?,
    ))
}
