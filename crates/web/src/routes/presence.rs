//! Presence, chat states and the number check, under the device's path. Authorization is the
//! device rule (owner, admin, the device's API key).

use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::numbers::{CheckNumbersInput, CheckNumbersResult};
use gerbang_app::presence::{
    ChatStateInput, PresenceDone, SetPresenceInput, SubscribePresenceInput,
};

use crate::auth::Auth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(set_presence))
        .routes(routes!(subscribe))
        .routes(routes!(chat_state))
        .routes(routes!(check_numbers))
}

/// Shows this device online (`available`) or offline (`unavailable`) to the contacts subscribed
/// to it. WhatsApp sends this device's pushes to its phone only while it is offline.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/presence", tag = "presence",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = SetPresenceInput,
    responses((status = 200, body = Envelope<PresenceDone>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 501, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn set_presence(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<SetPresenceInput>,
) -> ApiResult<Data<PresenceDone>> {
    Ok(Data(s.app.set_presence(&who, &id, input).await?))
}

/// Subscribes to a contact's online/offline: they arrive as `presence.update` events (with
/// `lastSeen` when the contact shares it). WhatsApp forgets subscriptions when the device
/// disconnects; the real engine renews them on reconnect.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/presence/subscribe", tag = "presence",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = SubscribePresenceInput,
    responses((status = 200, body = Envelope<PresenceDone>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 501, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn subscribe(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<SubscribePresenceInput>,
) -> ApiResult<Data<PresenceDone>> {
    Ok(Data(s.app.subscribe_presence(&who, &id, input).await?))
}

/// Shows "typing…" (`typing`), "recording audio…" (`recording`) or nothing (`paused`) in a
/// chat. WhatsApp clears an indicator by itself after a while.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/chat-state", tag = "presence",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = ChatStateInput,
    responses((status = 200, body = Envelope<PresenceDone>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 501, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn chat_state(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<ChatStateInput>,
) -> ApiResult<Data<PresenceDone>> {
    Ok(Data(s.app.send_chat_state(&who, &id, input).await?))
}

/// Which of up to 1,000 numbers are on WhatsApp, with their JID and LID, in the order given.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/check-numbers", tag = "presence",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = CheckNumbersInput,
    responses((status = 200, body = Envelope<CheckNumbersResult>),
        (status = 400, body = ErrorBody, description = "no numbers, more than 1,000, or one that is not a number (`numbers[i]`)"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 413, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn check_numbers(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<CheckNumbersInput>,
) -> ApiResult<Data<CheckNumbersResult>> {
    Ok(Data(s.app.check_numbers(&who, &id, input).await?))
}
