//! The simulator's polls: a virtual contact sends a poll to a device, or votes in one of the
//! device's polls. Only when the simulator is enabled; every answer says `"simulated": true`.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_core::engine::MessageContent;
use gerbang_core::jid::Phone;

use super::sim::{phone, sim, sim_device, sim_error};
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_poll))
        .routes(routes!(vote))
        .routes(routes!(disappearing))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct SimTimerInput {
    /// The simulated account that sets the timer of its chat with the device.
    from: String,
    /// 0 (off), 86400, 604800 or 7776000.
    seconds: u32,
}

/// A simulated contact sets the disappearing-message timer of its chat with this device.
#[utoipa::path(post, path = "/api/sim/devices/{deviceId}/disappearing", tag = "simulator",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = SimTimerInput,
    responses((status = 200, body = Envelope<SimPosted>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the device was never linked")))]
async fn disappearing(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<SimTimerInput>,
) -> ApiResult<Data<SimPosted>> {
    let sim = sim(&s)?;
    let from = phone("from", &input.from)?;
    if !gerbang_app::disappearing::TIMERS.contains(&input.seconds) {
        return Err(ApiError::invalid_field(
            "seconds",
            "must be 0, 86400, 604800 or 7776000",
        ));
    }
    let to = linked(&s, &who, &id).await?;
    let content = MessageContent::DisappearingTimer {
        seconds: input.seconds,
    };
    let message_id = sim
        .account_send_content(&from, &to, content, Default::default())
        .await
        .map_err(sim_error)?;
    Ok(Data(SimPosted {
        message_id,
        simulated: true,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct SimPollInput {
    /// The simulated account that writes (made on first use).
    from: String,
    question: String,
    /// 2 to 12 distinct options.
    options: Vec<String>,
    #[serde(default)]
    multiple_answers: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct SimVoteInput {
    /// The simulated account that votes.
    from: String,
    /// Option names; empty takes the vote back.
    options: Vec<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct SimPosted {
    message_id: String,
    simulated: bool,
}

/// The device's linked number, which simulated accounts write to.
async fn linked(s: &AppState, who: &gerbang_app::Principal, id: &str) -> ApiResult<Phone> {
    let device = sim_device(s, who, id).await?;
    device
        .phone_number
        .as_deref()
        .and_then(|p| Phone::parse(p).ok())
        .ok_or_else(|| {
            ApiError::from(gerbang_app::AppError::conflict(
                "the device has no linked phone yet; scan its QR first",
            ))
        })
}

/// A simulated contact sends a poll to this device (delivered when it is connected).
#[utoipa::path(post, path = "/api/sim/devices/{deviceId}/polls", tag = "simulator",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = SimPollInput,
    responses((status = 200, body = Envelope<SimPosted>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the device was never linked")))]
async fn send_poll(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<SimPollInput>,
) -> ApiResult<Data<SimPosted>> {
    let sim = sim(&s)?;
    let from = phone("from", &input.from)?;
    if input.question.trim().is_empty() {
        return Err(ApiError::invalid_field("question", "must not be empty"));
    }
    let n = input.options.len();
    let mut distinct = input.options.clone();
    distinct.sort();
    distinct.dedup();
    if !(2..=12).contains(&n) || distinct.len() != n || distinct.iter().any(|o| o.is_empty()) {
        return Err(ApiError::invalid_field(
            "options",
            "must be 2 to 12 distinct, non-empty options",
        ));
    }
    let to = linked(&s, &who, &id).await?;
    let mut secret = vec![0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut secret);
    let content = MessageContent::Poll {
        question: input.question,
        selectable: if input.multiple_answers { n as u32 } else { 1 },
        options: input.options,
        secret,
    };
    let message_id = sim
        .account_send_content(&from, &to, content, Default::default())
        .await
        .map_err(sim_error)?;
    Ok(Data(SimPosted {
        message_id,
        simulated: true,
    }))
}

/// A simulated contact votes in a poll of its chat with this device (the device counts it
/// when it is connected).
#[utoipa::path(post, path = "/api/sim/devices/{deviceId}/polls/{messageId}/vote", tag = "simulator",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("messageId" = String, Path, description = "the poll")),
    request_body = SimVoteInput,
    responses((status = 200, body = Envelope<SimPosted>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the device was never linked")))]
async fn vote(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, poll_id)): Path<(String, String)>,
    Json(input): Json<SimVoteInput>,
) -> ApiResult<Data<SimPosted>> {
    let sim = sim(&s)?;
    let from = phone("from", &input.from)?;
    let to = linked(&s, &who, &id).await?;
    let content = MessageContent::PollVote {
        poll_id,
        selected: input.options,
        encrypted: None,
        poll: None,
    };
    let message_id = sim
        .account_send_content(&from, &to, content, Default::default())
        .await
        .map_err(sim_error)?;
    Ok(Data(SimPosted {
        message_id,
        simulated: true,
    }))
}
