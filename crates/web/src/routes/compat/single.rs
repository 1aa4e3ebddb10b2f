//! Seed 000, 002 and 003's single-device routes, acting on the caller's default device.

use axum::extract::{DefaultBodyLimit, State};
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::contacts::ContactQuery;
use gerbang_app::lifecycle::ConnectResult;
use gerbang_app::messages::{MediaUrlInput, SendResult, SendTextInput};
use gerbang_app::realtime::{ActivityPage, ActivityQuery};
use gerbang_core::contact::Contact;
use gerbang_core::device::DeviceStatus;
use gerbang_core::Page;

use super::shapes::{default_device, SeedQr, SeedStatus};
use crate::auth::{AdminAuth, Auth, ClientIp, UserAuth};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Query};
use crate::reply::{Data, Envelope};
use crate::routes::messaging::{read_media_body, send_media_body, MediaForm, MEDIA_BODY_LIMIT};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_media))
        .layer(DefaultBodyLimit::max(MEDIA_BODY_LIMIT))
        .routes(routes!(send_message))
        .routes(routes!(send))
        .routes(routes!(status))
        .routes(routes!(root_status))
        .routes(routes!(qr))
        .routes(routes!(qr_generate))
        .routes(routes!(logout))
        .routes(routes!(contacts))
        .routes(routes!(logs))
}

/// Seed 000's send: `{recipient, message}` (or any of the recipient names `phone` takes) to the
/// default device.
#[utoipa::path(post, path = "/api/send-message", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])), request_body = SendTextInput,
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`no_default_device` or `device_not_connected`"),
        (status = 429, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn send_message(
    State(s): State<AppState>,
    Auth(who): Auth,
    Json(input): Json<SendTextInput>,
) -> ApiResult<Data<SendResult>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(s.app.send_text(&who, &d.device_id, input).await?))
}

/// Seed 002's send (`{to, message}`), the same as `/api/send-message`.
#[utoipa::path(post, path = "/api/send", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])), request_body = SendTextInput,
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn send(
    State(s): State<AppState>,
    Auth(who): Auth,
    Json(input): Json<SendTextInput>,
) -> ApiResult<Data<SendResult>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(s.app.send_text(&who, &d.device_id, input).await?))
}

/// Seed 000's media send to the default device: multipart (`file` and `recipient`/`phone`,
/// `caption`/`message`) or JSON with a `url`.
#[utoipa::path(post, path = "/api/send-media", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    request_body(content((MediaForm = "multipart/form-data"), (MediaUrlInput = "application/json"))),
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 429, body = ErrorBody),
        (status = 502, body = ErrorBody)))]
async fn send_media(
    State(s): State<AppState>,
    Auth(who): Auth,
    request: axum::extract::Request,
) -> ApiResult<Data<SendResult>> {
    // The body first: bad input is a 400 whatever the device.
    let body = read_media_body(&s, request).await?;
    let d = default_device(&s, &who).await?;
    Ok(Data(send_media_body(&s, &who, &d.device_id, body).await?))
}

/// The default device's connection (seed 000/002): `status` is `connected`, `connecting` or
/// `disconnected`; `user` is the linked account while connected.
#[utoipa::path(get, path = "/api/status", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<SeedStatus>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn status(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<SeedStatus>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(SeedStatus::of(&d)))
}

/// Seed 002's `GET /status` (outside `/api`), the same as `/api/status`.
#[utoipa::path(get, path = "/status", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<SeedStatus>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn root_status(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<SeedStatus>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(SeedStatus::of(&d)))
}

/// The default device's current QR code, `qrCode` as a PNG data URL; `409` when there is none
/// (connected, or not connecting: `POST /api/qr/generate` starts one).
#[utoipa::path(get, path = "/api/qr", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<SeedQr>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn qr(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<SeedQr>> {
    let d = default_device(&s, &who).await?;
    let code = s.app.device_qr(&who, &d.device_id).await?;
    Ok(Data(SeedQr::of(&d.device_id, &code)?))
}

/// Seed 002's "Generate QR": restarts the default device's linking and answers the new code
/// (also pushed to event streams). `409` while connected: log out first.
#[utoipa::path(post, path = "/api/qr/generate", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<SeedQr>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn qr_generate(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<SeedQr>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(regenerate(&s, &who, &d.device_id).await?))
}

/// Stops any linking in progress and starts again, so the code answered is a fresh one.
pub(super) async fn regenerate(
    s: &AppState,
    who: &gerbang_app::Principal,
    device_id: &str,
) -> ApiResult<SeedQr> {
    let d = s.app.device_for(who, device_id).await?;
    if d.status == DeviceStatus::Connected {
        return Err(ApiError::from(gerbang_app::AppError::Conflict {
            field: None,
            message: "the device is connected; log out first to link another phone".into(),
        }));
    }
    s.app.disconnect_device(who, device_id).await?;
    let r: ConnectResult = s.app.connect_device(who, device_id).await?;
    match r.qr {
        Some(code) => SeedQr::of(device_id, &code),
        None => Err(ApiError::from(gerbang_app::AppError::Conflict {
            field: None,
            message: format!(
                "no QR code: the device is {} (a stored session reconnected it, or the engine is slow)",
                r.status.as_str()
            ),
        })),
    }
}

/// Seed 000/002's logout: logs the default device out of WhatsApp and deletes its session, like
/// `cancel-and-wipe` (administrators; a new scan is needed).
#[utoipa::path(post, path = "/api/logout", tag = "compat",
    security(("bearer" = [])),
    responses((status = 200, body = Envelope<ConnectResult>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn logout(
    State(s): State<AppState>,
    AdminAuth(admin): AdminAuth,
    ip: ClientIp,
) -> ApiResult<Data<ConnectResult>> {
    let who = gerbang_app::Principal::User(admin.clone());
    let d = default_device(&s, &who).await?;
    Ok(Data(
        s.app.wipe_device(ip.actor(&admin), &d.device_id).await?,
    ))
}

/// Seed 000's address book: the caller's saved contacts (the same as
/// `GET /api/whatsapp-multi-device/contacts`).
#[utoipa::path(get, path = "/api/contacts", tag = "compat",
    security(("bearer" = [])), params(ContactQuery),
    responses((status = 200, body = Envelope<Page<Contact>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn contacts(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Query(q): Query<ContactQuery>,
) -> ApiResult<Data<Page<Contact>>> {
    Ok(Data(s.app.list_contacts(&u, q).await?))
}

/// Seed 000's activity log: the events of the devices the caller may see (messages in and out,
/// statuses, QR codes, jobs), oldest first; page on with `after`.
#[utoipa::path(get, path = "/api/logs", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])), params(ActivityQuery),
    responses((status = 200, body = Envelope<ActivityPage>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody)))]
async fn logs(
    State(s): State<AppState>,
    Auth(who): Auth,
    Query(q): Query<ActivityQuery>,
) -> ApiResult<Data<ActivityPage>> {
    Ok(Data(s.app.event_log(&who, q).await?))
}
