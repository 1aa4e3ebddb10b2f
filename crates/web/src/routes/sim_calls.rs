//! The simulator's call controls: a virtual contact rings a device, then hangs up. Only when
//! the simulator is enabled; every answer says `"simulated": true`.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::sim::{phone, sim, sim_device, sim_error};
use crate::auth::Auth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ring))
        .routes(routes!(hang_up))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct RingInput {
    /// The simulated caller (a phone number).
    from: String,
    #[serde(default)]
    video: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct Ringing {
    /// `null` when the device is not connected: nothing rang.
    call_id: Option<String>,
    simulated: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct HungUp {
    /// `missed` (nobody declined it before the caller hung up) or `rejected` (the device did).
    outcome: String,
    simulated: bool,
}

/// A simulated contact calls this device (`call.offer`).
#[utoipa::path(post, path = "/api/sim/devices/{deviceId}/calls", tag = "simulator",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = RingInput,
    responses((status = 200, body = Envelope<Ringing>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not a simulated device, never started, or `from` is not on WhatsApp")))]
async fn ring(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<RingInput>,
) -> ApiResult<Data<Ringing>> {
    let sim = sim(&s)?;
    let from = phone("from", &input.from)?;
    sim_device(&s, &who, &id).await?;
    let call_id = sim.ring(&id, &from, input.video).map_err(sim_error)?;
    Ok(Data(Ringing {
        call_id,
        simulated: true,
    }))
}

/// The caller hangs up: a call still ringing becomes `call.missed`; the answer says whether the
/// device had rejected it.
#[utoipa::path(post, path = "/api/sim/devices/{deviceId}/calls/{callId}/hang-up", tag = "simulator",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), ("callId" = String, Path)),
    responses((status = 200, body = Envelope<HungUp>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not a simulated device, or no such call")))]
async fn hang_up(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, call_id)): Path<(String, String)>,
) -> ApiResult<Data<HungUp>> {
    let sim = sim(&s)?;
    sim_device(&s, &who, &id).await?;
    let outcome = sim.hang_up(&id, &call_id).map_err(sim_error)?;
    Ok(Data(HungUp {
        outcome: outcome.as_str().to_string(),
        simulated: true,
    }))
}
