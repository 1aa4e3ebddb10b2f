//! The simulator's presence control: a virtual contact comes online, goes offline, or types /
//! records / pauses in its chat with a device (or in a group). Only when the simulator is
//! enabled; every answer says `"simulated": true`.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_core::engine::PresenceState;

use super::sim::{phone, sim, sim_device, sim_error};
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(presence))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct PresenceInput {
    /// The simulated account (a phone number).
    from: String,
    /// `available`, `unavailable`, `typing`, `recording` or `paused`.
    state: String,
    /// A group the chat state is shown in (`…@g.us`); without it, the contact's own chat.
    group: Option<String>,
    /// `unavailable`: when the contact was last online (default now).
    last_seen: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct PresenceSent {
    /// False when it did not reach the device: not connected, or online/offline the device
    /// did not subscribe to (WhatsApp sends those to subscribers only).
    delivered: bool,
    simulated: bool,
}

/// A simulated contact's presence or chat state, sent to this device.
#[utoipa::path(post, path = "/api/sim/devices/{deviceId}/presence", tag = "simulator",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = PresenceInput,
    responses((status = 200, body = Envelope<PresenceSent>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not a simulated device, never started, or `from` is not on WhatsApp")))]
async fn presence(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<PresenceInput>,
) -> ApiResult<Data<PresenceSent>> {
    let sim = sim(&s)?;
    let from = phone("from", &input.from)?;
    let state = match input.state.trim() {
        "available" => PresenceState::Available,
        "unavailable" => PresenceState::Unavailable,
        "typing" => PresenceState::Typing,
        "recording" => PresenceState::Recording,
        "paused" => PresenceState::Paused,
        _ => {
            return Err(ApiError::invalid_field(
                "state",
                "must be available, unavailable, typing, recording or paused",
            ))
        }
    };
    let group = input
        .group
        .as_deref()
        .map(|g| gerbang_app::groups::group_jid("group", g))
        .transpose()?;
    sim_device(&s, &who, &id).await?;
    let last_seen = input.last_seen.or_else(|| Some(chrono::Utc::now()));
    let delivered = sim
        .account_presence(&id, &from, group, state, last_seen)
        .map_err(sim_error)?;
    Ok(Data(PresenceSent {
        delivered,
        simulated: true,
    }))
}
