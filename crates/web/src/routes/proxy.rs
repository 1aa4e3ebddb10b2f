use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::proxies::{DeviceProxyInput, DeviceProxyView};

use crate::auth::Auth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_proxy, set_proxy, clear_proxy))
}

/// The device's own proxy, password left out (`hasPassword`). `configured: false`: the device
/// uses the global `proxy_url`, if one is set.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/proxy", tag = "devices",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<DeviceProxyView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_proxy(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<DeviceProxyView>> {
    Ok(Data(s.app.device_proxy(&who, &id).await?))
}

/// Sets the device's proxy (HTTP CONNECT or SOCKS5, with an optional username and password)
/// for its WebSocket and media. It applies from the device's next connection: reconnect it.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/proxy", tag = "devices",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = DeviceProxyInput,
    responses((status = 200, body = Envelope<DeviceProxyView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn set_proxy(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<DeviceProxyInput>,
) -> ApiResult<Data<DeviceProxyView>> {
    Ok(Data(s.app.set_device_proxy(&who, &id, input).await?))
}

/// Removes the device's own proxy; from its next connection it uses the global one, if any.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/proxy", tag = "devices",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<DeviceProxyView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn clear_proxy(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<DeviceProxyView>> {
    Ok(Data(s.app.clear_device_proxy(&who, &id).await?))
}
