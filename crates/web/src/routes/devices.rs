use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::devices::{CreateDeviceInput, DeviceQuery};
use gerbang_core::device::{Device, DeviceStatus};
use gerbang_core::Page;

use crate::auth::{AdminAuth, Auth, ClientIp};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, Query};
use crate::reply::{Created, Data, Done, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_devices, create_device))
        .routes(routes!(admin_list_devices))
        .routes(routes!(list_connected))
        .routes(routes!(list_connected_detail))
        .routes(routes!(get_device, delete_device))
        .routes(routes!(device_status))
}

/// Creates a device record (admins). Linking it to WhatsApp is a separate step (`connect`).
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices", tag = "devices",
    security(("bearer" = [])), request_body = CreateDeviceInput,
    responses((status = 201, body = Envelope<Device>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`deviceId` already exists")))]
async fn create_device(
    State(s): State<AppState>,
    AdminAuth(admin): AdminAuth,
    ip: ClientIp,
    Json(input): Json<CreateDeviceInput>,
) -> ApiResult<Created<Device>> {
    Ok(Created(s.app.create_device(ip.actor(&admin), input).await?))
}

/// Lists devices: all of them for admins (optionally one user's), a user's own otherwise.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices", tag = "devices",
    security(("bearer" = [])), params(DeviceQuery),
    responses((status = 200, body = Envelope<Page<Device>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_devices(
    State(s): State<AppState>,
    Auth(who): Auth,
    Query(q): Query<DeviceQuery>,
) -> ApiResult<Data<Page<Device>>> {
    Ok(Data(s.app.list_devices(&who, q).await?))
}

/// Every user's devices with their owners (admins; seed 001's admin table). The same list as
/// `GET /api/whatsapp-multi-device/devices` answers an administrator.
#[utoipa::path(get, path = "/api/admin/devices", tag = "devices",
    security(("bearer" = [])), params(DeviceQuery),
    responses((status = 200, body = Envelope<Page<Device>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn admin_list_devices(
    State(s): State<AppState>,
    AdminAuth(a): AdminAuth,
    Query(q): Query<DeviceQuery>,
) -> ApiResult<Data<Page<Device>>> {
    Ok(Data(
        s.app
            .list_devices(&gerbang_app::Principal::User(a), q)
            .await?,
    ))
}

async fn connected(s: &AppState, who: &gerbang_app::Principal) -> ApiResult<Page<Device>> {
    let q = DeviceQuery {
        status: Some(DeviceStatus::Connected),
        per_page: Some(100),
        ..DeviceQuery::default()
    };
    Ok(s.app.list_devices(who, q).await?)
}

/// The caller's devices that are connected to WhatsApp now.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/connected", tag = "devices",
    security(("bearer" = [])),
    responses((status = 200, body = Envelope<Page<Device>>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn list_connected(
    State(s): State<AppState>,
    Auth(who): Auth,
) -> ApiResult<Data<Page<Device>>> {
    Ok(Data(connected(&s, &who).await?))
}

/// Alias of `/devices/connected`, kept for clients of earlier gateways.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/connected/detail", tag = "devices",
    security(("bearer" = [])),
    responses((status = 200, body = Envelope<Page<Device>>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn list_connected_detail(
    State(s): State<AppState>,
    Auth(who): Auth,
) -> ApiResult<Data<Page<Device>>> {
    Ok(Data(connected(&s, &who).await?))
}

/// One device. Users may read their own; a device API key only its device.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}", tag = "devices",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<Device>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_device(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(device_id): Path<String>,
) -> ApiResult<Data<Device>> {
    Ok(Data(s.app.device_for(&who, &device_id).await?))
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct DeviceStatusView {
    device_id: String,
    status: DeviceStatus,
    connected: bool,
    phone_number: Option<String>,
    last_seen: Option<DateTime<Utc>>,
    last_disconnect_reason: Option<String>,
}

/// The device's connection status.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/status", tag = "devices",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<DeviceStatusView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn device_status(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(device_id): Path<String>,
) -> ApiResult<Data<DeviceStatusView>> {
    let d = s.app.device_for(&who, &device_id).await?;
    Ok(Data(DeviceStatusView {
        connected: d.status == DeviceStatus::Connected,
        device_id: d.device_id,
        status: d.status,
        phone_number: d.phone_number,
        last_seen: d.last_seen,
        last_disconnect_reason: d.last_disconnect_reason,
    }))
}

/// Deletes a device and its API keys (admins).
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}", tag = "devices",
    security(("bearer" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<Done>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_device(
    State(s): State<AppState>,
    AdminAuth(admin): AdminAuth,
    ip: ClientIp,
    Path(device_id): Path<String>,
) -> ApiResult<Data<Done>> {
    s.app.delete_device(ip.actor(&admin), &device_id).await?;
    Ok(Done::new("device deleted"))
}
