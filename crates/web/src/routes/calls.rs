use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::calls::{CallSettingsInput, CallSettingsView};

use crate::auth::Auth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_call_settings, set_call_settings))
}

/// What the device does with incoming calls. Without a setting calls ring and are only
/// reported (`call.offer`, `call.missed`).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/call-settings",
    tag = "devices", security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<CallSettingsView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_call_settings(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<CallSettingsView>> {
    Ok(Data(s.app.call_settings(&who, &id).await?))
}

/// Rejects (or lets ring) the device's incoming calls; with `rejectMessage` each rejected
/// caller also gets that text, sent like any other message.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/call-settings",
    tag = "devices", security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = CallSettingsInput,
    responses((status = 200, body = Envelope<CallSettingsView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn set_call_settings(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<CallSettingsInput>,
) -> ApiResult<Data<CallSettingsView>> {
    Ok(Data(s.app.set_call_settings(&who, &id, input).await?))
}
