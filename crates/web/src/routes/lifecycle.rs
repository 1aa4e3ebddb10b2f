use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::lifecycle::{ConnectResult, PairingCode, PairingCodeInput};
use gerbang_app::runtime::QrCode;

use crate::auth::{AdminAuth, Auth, ClientIp, UserAuth};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::{qr, AppState};

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(connect))
        .routes(routes!(disconnect))
        .routes(routes!(cancel_and_wipe))
        .routes(routes!(delete_session))
        .routes(routes!(get_qr))
        .routes(routes!(qr_image))
        .routes(routes!(qr_base64))
        .routes(routes!(qr_svg))
        .routes(routes!(pairing_code))
}

/// Connects the device: with a stored session it reconnects; otherwise the answer carries the
/// first QR code to scan (it rotates: follow `qr` or the event stream for the next ones). It
/// answers with the first outcome (a QR code, `connected`, or a failed attempt: `connecting`),
/// within 3 s at most; later progress comes as events.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/connect", tag = "devices",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<ConnectResult>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the device is banned"),
        (status = 503, body = ErrorBody, description = "`engine_unavailable`")))]
async fn connect(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<ConnectResult>> {
    Ok(Data(s.app.connect_device(&who, &id).await?))
}

/// Disconnects; the session is kept, so `connect` later needs no new scan.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/disconnect", tag = "devices",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<ConnectResult>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn disconnect(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<ConnectResult>> {
    Ok(Data(s.app.disconnect_device(&who, &id).await?))
}

/// Logs the device out of WhatsApp and deletes its session (admins); a new scan is needed.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/cancel-and-wipe", tag = "devices",
    security(("bearer" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<ConnectResult>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn cancel_and_wipe(
    State(s): State<AppState>,
    AdminAuth(admin): AdminAuth,
    ip: ClientIp,
    Path(id): Path<String>,
) -> ApiResult<Data<ConnectResult>> {
    Ok(Data(s.app.wipe_device(ip.actor(&admin), &id).await?))
}

/// Alias of `cancel-and-wipe`.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/session", tag = "devices",
    security(("bearer" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<ConnectResult>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_session(
    State(s): State<AppState>,
    AdminAuth(admin): AdminAuth,
    ip: ClientIp,
    Path(id): Path<String>,
) -> ApiResult<Data<ConnectResult>> {
    Ok(Data(s.app.wipe_device(ip.actor(&admin), &id).await?))
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct QrView {
    device_id: String,
    #[serde(flatten)]
    qr: QrCode,
    /// Present on the image routes: a `data:image/png;base64,…` URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    qr_image: Option<String>,
}

/// The current QR code as text (render it yourself), while the device waits for a scan.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/qr", tag = "devices",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<QrView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "no QR code now (not connecting, or already connected)")))]
async fn get_qr(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<QrView>> {
    let qr = s.app.device_qr(&who, &id).await?;
    Ok(Data(QrView {
        device_id: id,
        qr,
        qr_image: None,
    }))
}

async fn qr_with_image(
    s: &AppState,
    who: &gerbang_app::Principal,
    id: String,
) -> ApiResult<Data<QrView>> {
    let qr = s.app.device_qr(who, &id).await?;
    let image = qr::png_data_url(&qr.code).map_err(|e| {
        tracing::error!(error = %e, "QR rendering failed");
        ApiError::internal()
    })?;
    Ok(Data(QrView {
        device_id: id,
        qr,
        qr_image: Some(image),
    }))
}

/// The current QR code as a PNG data URL.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/qr-image", tag = "devices",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<QrView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn qr_image(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<QrView>> {
    qr_with_image(&s, &who, id).await
}

/// Alias of `qr-image`.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/qr-base64", tag = "devices",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<QrView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn qr_base64(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<QrView>> {
    qr_with_image(&s, &who, id).await
}

/// The current QR code as an SVG image (`image/svg+xml`).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/qr-svg", tag = "devices",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, content_type = "image/svg+xml", body = String), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn qr_svg(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<impl IntoResponse> {
    let qr = s.app.device_qr(&who, &id).await?;
    let svg = qr::svg(&qr.code).map_err(|_| ApiError::internal())?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        svg,
    ))
}

/// Links by phone number instead of QR, e.g. from the phone that will be linked: type the
/// answered code on it. For the device's owner and administrators (not API keys); each code
/// makes WhatsApp notify that number, so a user gets 5 codes and a number 3 in 10 minutes
/// (`429 rate_limited` with `Retry-After`). Audited. The device must not be linked yet; one
/// that cannot reach WhatsApp answers `409` at once.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/pairing-code", tag = "devices",
    security(("bearer" = [])), params(("deviceId" = String, Path)), request_body = PairingCodeInput,
    responses((status = 200, body = Envelope<PairingCode>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "not the device's owner or an administrator, or an API key"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the device is already paired (wipe it first), or not waiting to be linked yet (still `connecting`)"),
        (status = 429, body = ErrorBody, description = "too many codes for this user or this number lately (the gateway's limit), or WhatsApp asks to wait; `Retry-After` says how long"),
        (status = 502, body = ErrorBody, description = "WhatsApp refused the request"),
        (status = 503, body = ErrorBody)))]
async fn pairing_code(
    State(s): State<AppState>,
    UserAuth(user): UserAuth,
    ip: ClientIp,
    Path(id): Path<String>,
    Json(input): Json<PairingCodeInput>,
) -> ApiResult<Data<PairingCode>> {
    Ok(Data(s.app.pairing_code(ip.actor(&user), &id, input).await?))
}
