use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::history::{HistorySyncInput, HistorySyncView};

use crate::auth::Auth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_history_sync, set_history_sync))
}

/// Whether the device stores the message history its phone sends right after linking
/// (off unless set).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/history-sync",
    tag = "devices", security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<HistorySyncView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_history_sync(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<HistorySyncView>> {
    Ok(Data(s.app.history_sync(&who, &id).await?))
}

/// Turns history sync on or off for the device. It applies when the device next links (and
/// on the next start of a linked device): the phone sends its history once, after linking.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/history-sync",
    tag = "devices", security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = HistorySyncInput,
    responses((status = 200, body = Envelope<HistorySyncView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn set_history_sync(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<HistorySyncInput>,
) -> ApiResult<Data<HistorySyncView>> {
    Ok(Data(s.app.set_history_sync(&who, &id, input).await?))
}
