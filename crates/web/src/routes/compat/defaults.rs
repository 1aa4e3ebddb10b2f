//! Choosing the device that device-less routes act on, and seed 000's `/api/config`.

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::default_device::{DefaultDeviceInput, DefaultDeviceView};
use gerbang_core::device::Device;

use crate::auth::{AdminAuth, Auth, ClientIp};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Json;
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_default, set_default))
        .routes(routes!(get_global_default, set_global_default))
        .routes(routes!(get_config, set_config))
}

/// The device that routes without a device id (`/api/send-message`, `/api/qr`,
/// `/api/whatsapp/*`, …) act on, and where that choice comes from: an API key's own device,
/// the caller's default, the global default, or the caller's only device.
#[utoipa::path(get, path = "/api/default-device", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<DefaultDeviceView>), (status = 401, body = ErrorBody)))]
async fn get_default(
    State(s): State<AppState>,
    Auth(who): Auth,
) -> ApiResult<Data<DefaultDeviceView>> {
    Ok(Data(s.app.default_device_view(&who).await?))
}

/// Sets (or with `null`, clears) the caller's default device: one they may use.
#[utoipa::path(put, path = "/api/default-device", tag = "compat",
    security(("bearer" = [])), request_body = DefaultDeviceInput,
    responses((status = 200, body = Envelope<DefaultDeviceView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn set_default(
    State(s): State<AppState>,
    Auth(who): Auth,
    Json(input): Json<DefaultDeviceInput>,
) -> ApiResult<Data<DefaultDeviceView>> {
    Ok(Data(s.app.set_default_device(&who, input).await?))
}

/// The global default device (administrators).
#[utoipa::path(get, path = "/api/admin/default-device", tag = "compat",
    security(("bearer" = [])),
    responses((status = 200, body = Envelope<DefaultDeviceView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn get_global_default(
    State(s): State<AppState>,
    AdminAuth(admin): AdminAuth,
) -> ApiResult<Data<DefaultDeviceView>> {
    let who = gerbang_app::Principal::User(admin);
    Ok(Data(s.app.default_device_view(&who).await?))
}

/// Sets (or with `null`, clears) the global default device, used by every caller who has no
/// default of their own and may use that device (administrators; audited).
#[utoipa::path(put, path = "/api/admin/default-device", tag = "compat",
    security(("bearer" = [])), request_body = DefaultDeviceInput,
    responses((status = 200, body = Envelope<DefaultDeviceView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn set_global_default(
    State(s): State<AppState>,
    AdminAuth(admin): AdminAuth,
    ip: ClientIp,
    Json(input): Json<DefaultDeviceInput>,
) -> ApiResult<Data<DefaultDeviceView>> {
    Ok(Data(
        s.app
            .set_global_default_device(ip.actor(&admin), input)
            .await?,
    ))
}

/// Seed 000's gateway configuration: here, which device its routes act on.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ConfigView {
    /// The device device-less routes act on now; `null` when none can be chosen.
    device: Option<Device>,
    default_device: DefaultDeviceView,
}

async fn config(s: &AppState, who: &gerbang_app::Principal) -> ApiResult<ConfigView> {
    let view = s.app.default_device_view(who).await?;
    let device = match &view.device_id {
        Some(id) => Some(s.app.device_for(who, id).await?),
        None => None,
    };
    Ok(ConfigView {
        device,
        default_device: view,
    })
}

/// Seed 000's `GET /api/config`: the device its single-device routes use, with its settings.
#[utoipa::path(get, path = "/api/config", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<ConfigView>), (status = 401, body = ErrorBody)))]
async fn get_config(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<ConfigView>> {
    Ok(Data(config(&s, &who).await?))
}

/// Seed 000's `POST /api/config`: chooses the device (`deviceId`) its routes use; the same as
/// `PUT /api/default-device`.
#[utoipa::path(post, path = "/api/config", tag = "compat",
    security(("bearer" = [])), request_body = DefaultDeviceInput,
    responses((status = 200, body = Envelope<ConfigView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn set_config(
    State(s): State<AppState>,
    Auth(who): Auth,
    Json(input): Json<DefaultDeviceInput>,
) -> ApiResult<Data<ConfigView>> {
    s.app.set_default_device(&who, input).await?;
    Ok(Data(config(&s, &who).await?))
}
