//! The simulator's history control: the device's phone sends it a history, as a real phone
//! does after linking. Only when the simulator is enabled; every answer says `"simulated": true`.

use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_core::sim::SimHistoryMessage;

use super::sim::{phone, sim, sim_device, sim_error};
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

/// More than a test needs, small enough for one request.
const MAX_MESSAGES: usize = 10_000;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(push_history))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct HistoryInput {
    messages: Vec<HistoryMessageInput>,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct HistoryMessageInput {
    /// The WhatsApp id; made up when absent (give ids to send the same history again).
    id: Option<String>,
    /// The other person of the chat (a phone number).
    chat: String,
    #[serde(default)]
    from_me: bool,
    text: String,
    /// When it was sent (RFC 3339).
    timestamp: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct HistorySent {
    /// How many parts the phone sent: one per chat.
    chunks: usize,
    simulated: bool,
}

/// The device's phone sends it this history (one part per chat), as after linking; stored only
/// when the device's history sync is on.
#[utoipa::path(post, path = "/api/sim/devices/{deviceId}/history", tag = "simulator",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = HistoryInput,
    responses((status = 200, body = Envelope<HistorySent>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not a simulated device, or not connected")))]
async fn push_history(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<HistoryInput>,
) -> ApiResult<Data<HistorySent>> {
    let sim = sim(&s)?;
    if input.messages.len() > MAX_MESSAGES {
        return Err(ApiError::invalid_field(
            "messages",
            "at most 10000 messages",
        ));
    }
    let mut messages = Vec::with_capacity(input.messages.len());
    for (i, m) in input.messages.into_iter().enumerate() {
        let chat = phone(&format!("messages[{i}].chat"), &m.chat)?;
        if m.text.is_empty() {
            return Err(ApiError::invalid_field(
                format!("messages[{i}].text"),
                "must not be empty",
            ));
        }
        if m.id.as_deref().is_some_and(|id| id.trim().is_empty()) {
            return Err(ApiError::invalid_field(
                format!("messages[{i}].id"),
                "must not be blank",
            ));
        }
        messages.push(SimHistoryMessage {
            id: m.id,
            chat,
            from_me: m.from_me,
            text: m.text,
            timestamp: m.timestamp,
        });
    }
    sim_device(&s, &who, &id).await?;
    let chunks = sim.push_history(&id, messages).map_err(sim_error)?;
    Ok(Data(HistorySent {
        chunks,
        simulated: true,
    }))
}
