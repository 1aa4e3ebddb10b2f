//! Seed 001's legacy single-device routes (`/api/whatsapp/*`), kept there "for backward
//! compatibility"; they act on the caller's default device.

use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::chats::ChatQuery;
use gerbang_app::contacts::DeviceContactQuery;
use gerbang_app::lifecycle::ConnectResult;
use gerbang_core::contact::DeviceContact;
use gerbang_core::message::ChatSummary;
use gerbang_core::Page;

use super::shapes::{default_device, SeedQr, SeedStatus};
use super::single::regenerate;
use crate::auth::{AdminAuth, Auth, ClientIp};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Query;
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(status))
        .routes(routes!(connect))
        .routes(routes!(regenerate_qr))
        .routes(routes!(qr))
        .routes(routes!(disconnect))
        .routes(routes!(messages))
        .routes(routes!(contacts))
        .routes(routes!(reset_session))
}

/// Seed 003's `reset-session`: logs the default device out of WhatsApp and deletes its session,
/// like `cancel-and-wipe` (administrators); the answer carries the next QR when one is ready.
#[utoipa::path(post, path = "/api/whatsapp/reset-session", tag = "compat",
    security(("bearer" = [])),
    responses((status = 200, body = Envelope<ConnectResult>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn reset_session(
    state: State<AppState>,
    admin: AdminAuth,
    ip: ClientIp,
) -> ApiResult<Data<ConnectResult>> {
    super::single::logout(state, admin, ip).await
}

/// The default device's connection.
#[utoipa::path(get, path = "/api/whatsapp/status", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<SeedStatus>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn status(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<SeedStatus>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(SeedStatus::of(&d)))
}

/// Connects the default device (the answer carries the first QR code when a scan is needed).
#[utoipa::path(post, path = "/api/whatsapp/connect", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<ConnectResult>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn connect(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<ConnectResult>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(s.app.connect_device(&who, &d.device_id).await?))
}

/// A fresh QR code for the default device (`qrCode` as a PNG data URL); `409` while connected.
#[utoipa::path(post, path = "/api/whatsapp/regenerate-qr", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<SeedQr>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn regenerate_qr(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<SeedQr>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(regenerate(&s, &who, &d.device_id).await?))
}

/// The default device's current QR code (seed 003's `GET /api/whatsapp/qr`).
#[utoipa::path(get, path = "/api/whatsapp/qr", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<SeedQr>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn qr(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<SeedQr>> {
    let d = default_device(&s, &who).await?;
    let code = s.app.device_qr(&who, &d.device_id).await?;
    Ok(Data(SeedQr::of(&d.device_id, &code)?))
}

/// Disconnects the default device; its session is kept.
#[utoipa::path(post, path = "/api/whatsapp/disconnect", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<ConnectResult>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn disconnect(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<ConnectResult>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(s.app.disconnect_device(&who, &d.device_id).await?))
}

/// The default device's conversations with their last message, most recent first.
#[utoipa::path(get, path = "/api/whatsapp/messages", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])), params(ChatQuery),
    responses((status = 200, body = Envelope<Vec<ChatSummary>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn messages(
    State(s): State<AppState>,
    Auth(who): Auth,
    Query(q): Query<ChatQuery>,
) -> ApiResult<Data<Vec<ChatSummary>>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(s.app.chats(&who, &d.device_id, q).await?))
}

/// The people the default device has talked with.
#[utoipa::path(get, path = "/api/whatsapp/contacts", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])), params(DeviceContactQuery),
    responses((status = 200, body = Envelope<Page<DeviceContact>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn contacts(
    State(s): State<AppState>,
    Auth(who): Auth,
    Query(q): Query<DeviceContactQuery>,
) -> ApiResult<Data<Page<DeviceContact>>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(s.app.device_contacts(&who, &d.device_id, q).await?))
}
