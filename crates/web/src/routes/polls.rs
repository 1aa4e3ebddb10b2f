//! Polls: send one, read its tally, vote in one (the device's own or a contact's).

use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::disappearing::{DisappearingInput, DisappearingTimer};
use gerbang_app::messages::SendResult;
use gerbang_app::polls::{PollTally, PollVoteInput, SendPollInput};

use crate::auth::Auth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_poll))
        .routes(routes!(poll_tally))
        .routes(routes!(vote))
        .routes(routes!(disappearing))
}

/// Sends a poll: a question and 2 to 12 distinct options, single choice or (with
/// `multipleAnswers`) several. Votes arrive as `poll.vote` events and are tallied.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/send-poll", tag = "messages",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = SendPollInput,
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`, with the status"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 502, body = ErrorBody, description = "`send_failed`")))]
async fn send_poll(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<SendPollInput>,
) -> ApiResult<Data<SendResult>> {
    Ok(Data(s.app.send_poll(&who, &id, input).await?))
}

/// A poll of the device (sent or received) with its current votes: per option the count and
/// the voters.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/messages/{messageId}/poll", tag = "messages",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("messageId" = String, Path, description = "the poll message's WhatsApp id")),
    responses((status = 200, body = Envelope<PollTally>),
        (status = 400, body = ErrorBody, description = "the message is not a poll"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "no such device or message")))]
async fn poll_tally(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, message_id)): Path<(String, String)>,
) -> ApiResult<Data<PollTally>> {
    Ok(Data(s.app.poll_tally(&who, &id, &message_id).await?))
}

/// Votes in a poll with the names of the chosen options (an empty list takes the vote back);
/// a new vote replaces the device's earlier one. Answers the new tally.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/messages/{messageId}/poll/vote", tag = "messages",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("messageId" = String, Path, description = "the poll message's WhatsApp id")),
    request_body = PollVoteInput,
    responses((status = 200, body = Envelope<PollTally>),
        (status = 400, body = ErrorBody, description = "not a poll, or `options` names no option of it or too many"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "no such device or message"),
        (status = 409, body = ErrorBody, description = "`device_not_connected`, or the poll's secret is unknown"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 502, body = ErrorBody, description = "`send_failed`")))]
async fn vote(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, message_id)): Path<(String, String)>,
    Json(input): Json<PollVoteInput>,
) -> ApiResult<Data<PollTally>> {
    Ok(Data(s.app.vote_poll(&who, &id, &message_id, input).await?))
}

/// Sets a chat's disappearing-message timer (`0` turns it off): WhatsApp tells the contact
/// (for a group, the device must be an admin when the group says so), and every message sent
/// in the chat from now on carries it. Changes made by the contact arrive as
/// `chat.disappearing` events, like this one.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{chatId}/disappearing", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("chatId" = String, Path, description = "a phone number or JID (person or group)")),
    request_body = DisappearingInput,
    responses((status = 200, body = Envelope<DisappearingTimer>),
        (status = 400, body = ErrorBody, description = "`chatId` is no address, or `seconds` is not one of WhatsApp's timers"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 502, body = ErrorBody)))]
async fn disappearing(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, chat)): Path<(String, String)>,
    Json(input): Json<DisappearingInput>,
) -> ApiResult<Data<DisappearingTimer>> {
    Ok(Data(s.app.set_disappearing(&who, &id, &chat, input).await?))
}
