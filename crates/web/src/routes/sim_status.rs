//! The simulator's status control: a virtual contact posts a status update (story), and it
//! reaches the device as WhatsApp would deliver it. Only when the simulator is enabled; every
//! answer says `"simulated": true`.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_core::engine::StatusUpdate;

use super::sim::{phone, sim, sim_device, sim_error};
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(contact_status))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ContactStatusInput {
    /// The simulated contact posting it (a phone number).
    from: String,
    /// The text, or the photo's caption.
    text: Option<String>,
    /// `text` (default) or `image`.
    r#type: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ContactStatusSent {
    /// False when the device is not connected (nothing is queued).
    delivered: bool,
    #[schema(example = "3EB0A1B2C3D4E5F6A7B8C9D0")]
    message_id: String,
    simulated: bool,
}

/// A simulated contact posts a status update that this device may see.
#[utoipa::path(post, path = "/api/sim/devices/{deviceId}/status", tag = "simulator",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = ContactStatusInput,
    responses((status = 200, body = Envelope<ContactStatusSent>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not a simulated device, or never started")))]
async fn contact_status(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<ContactStatusInput>,
) -> ApiResult<Data<ContactStatusSent>> {
    let sim = sim(&s)?;
    let from = phone("from", &input.from)?;
    let kind = input.r#type.as_deref().unwrap_or("text").trim().to_string();
    let (mime, size) = match kind.as_str() {
        "text" => (None, None),
        "image" => (Some("image/jpeg".to_string()), Some(1024)),
        _ => return Err(ApiError::invalid_field("type", "must be text or image")),
    };
    let text = input.text.filter(|t| !t.trim().is_empty());
    if kind == "text" && text.is_none() {
        return Err(ApiError::invalid_field(
            "text",
            "a text status needs its text",
        ));
    }
    sim_device(&s, &who, &id).await?;
    let message_id = gerbang_app::messages::new_message_id();
    let status = StatusUpdate {
        id: message_id.clone(),
        sender: from.jid(),
        sender_phone: Some(from),
        push_name: None,
        timestamp: chrono::Utc::now(),
        kind,
        text,
        mime,
        size,
    };
    let delivered = sim.contact_status(&id, status).map_err(sim_error)?;
    Ok(Data(ContactStatusSent {
        delivered,
        message_id,
        simulated: true,
    }))
}
