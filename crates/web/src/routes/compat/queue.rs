//! Seed 003's durable message queue (`/api/whatsapp/send-message`, `/retry-queue`,
//! `/queue/*`) on the caller's default device. The queue is the job machinery: a queued
//! message is a one-recipient job (`gerbang_app::queue`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::jobs::RetryInput;
use gerbang_app::queue::{
    CleanInput, EnqueueInput, Enqueued, QueueChange, QueueConfig, QueueConfigInput, QueueOverview,
    QueueQuery, QueueStats,
};
use gerbang_core::queue::QueueItem;

use super::shapes::default_device;
use crate::auth::Auth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, OptionalJson, Path, Query};
use crate::reply::{Data, Envelope};
use crate::routes::jobs::{retry_input, RetryQuery};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_message))
        .routes(routes!(retry_queue))
        .routes(routes!(stats))
        .routes(routes!(job))
        .routes(routes!(clear))
        .routes(routes!(clean))
        .routes(routes!(pause))
        .routes(routes!(resume))
        .routes(routes!(retry))
        .routes(routes!(get_config, set_config))
}

/// Seed 003 answers a queued send with `200 {success: true, queued: true}`; its clients read
/// `queued` at the top, so it is there beside Gerbang's usual `data`.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct QueuedReply {
    success: bool,
    queued: bool,
    data: Enqueued,
}

impl IntoResponse for QueuedReply {
    fn into_response(self) -> Response {
        (StatusCode::OK, axum::Json(self)).into_response()
    }
}

/// Queues a text for the default device and answers at once (seed 003: `{number, message,
/// priority}`). The message waits while the device is offline or the queue is paused; a send
/// that fails before WhatsApp takes it is tried again with backoff.
#[utoipa::path(post, path = "/api/whatsapp/send-message", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])), request_body = EnqueueInput,
    responses((status = 200, body = QueuedReply), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "no default device"),
        (status = 415, body = ErrorBody)))]
async fn send_message(
    State(s): State<AppState>,
    Auth(who): Auth,
    Json(input): Json<EnqueueInput>,
) -> ApiResult<QueuedReply> {
    let d = default_device(&s, &who).await?;
    Ok(QueuedReply {
        success: true,
        queued: true,
        data: s.app.enqueue_text(&who, &d.device_id, input).await?,
    })
}

/// The queue's counts and one page of its messages in one state (`?status=waiting&start=0&end=10`).
#[utoipa::path(get, path = "/api/whatsapp/retry-queue", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])), params(QueueQuery),
    responses((status = 200, body = Envelope<QueueOverview>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn retry_queue(
    State(s): State<AppState>,
    Auth(who): Auth,
    Query(q): Query<QueueQuery>,
) -> ApiResult<Data<QueueOverview>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(s.app.queue_overview(&who, &d.device_id, q).await?))
}

/// How many queued messages are in each state.
#[utoipa::path(get, path = "/api/whatsapp/queue/stats", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<QueueStats>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn stats(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<QueueStats>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(s.app.queue_stats(&who, &d.device_id).await?))
}

/// One queued message.
#[utoipa::path(get, path = "/api/whatsapp/queue/job/{queueJobId}", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])), params(("queueJobId" = String, Path)),
    responses((status = 200, body = Envelope<QueueItem>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn job(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<QueueItem>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(s.app.queue_item(&who, &d.device_id, &id).await?))
}

/// Removes every queued message (waiting or finished; one being handed over right now stays).
#[utoipa::path(post, path = "/api/whatsapp/queue/clear", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<QueueChange>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn clear(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<QueueChange>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(s.app.clear_queue(&who, &d.device_id).await?))
}

/// Removes finished messages older than `grace` milliseconds (default 24 hours).
#[utoipa::path(post, path = "/api/whatsapp/queue/clean", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    request_body(content = Option<CleanInput>, description = "optional; `{\"grace\": 86400000}`"),
    responses((status = 200, body = Envelope<QueueChange>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 415, body = ErrorBody)))]
async fn clean(
    State(s): State<AppState>,
    Auth(who): Auth,
    body: OptionalJson<CleanInput>,
) -> ApiResult<Data<QueueChange>> {
    let d = default_device(&s, &who).await?;
    let input = body.0.unwrap_or_default();
    Ok(Data(s.app.clean_queue(&who, &d.device_id, input).await?))
}

/// Pauses the queue: waiting messages stay, and new ones are queued paused.
#[utoipa::path(post, path = "/api/whatsapp/queue/pause", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<QueueChange>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn pause(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<QueueChange>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(s.app.pause_queue(&who, &d.device_id, true).await?))
}

/// Resumes the queue and every paused message in it.
#[utoipa::path(post, path = "/api/whatsapp/queue/resume", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<QueueChange>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn resume(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<QueueChange>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(s.app.pause_queue(&who, &d.device_id, false).await?))
}

/// Sends a failed message again, or resumes a paused one. An uncertain one (it may have
/// reached the phone) only with `includeUncertain`.
#[utoipa::path(post, path = "/api/whatsapp/queue/retry/{queueJobId}", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])), params(("queueJobId" = String, Path), RetryQuery),
    request_body(content = Option<RetryInput>, description = "optional; `{\"includeUncertain\": true}`"),
    responses((status = 200, body = Envelope<QueueItem>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "no default device, or nothing to retry"),
        (status = 415, body = ErrorBody)))]
async fn retry(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<RetryQuery>,
    body: OptionalJson<RetryInput>,
) -> ApiResult<Data<QueueItem>> {
    let d = default_device(&s, &who).await?;
    let r = retry_input(q, body).await;
    Ok(Data(s.app.retry_queued(&who, &d.device_id, &id, r).await?))
}

/// The queue's settings.
#[utoipa::path(get, path = "/api/whatsapp/queue/config", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<QueueConfig>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn get_config(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<QueueConfig>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(s.app.queue_config(&who, &d.device_id).await?))
}

/// Changes the queue's pace and attempts: `concurrency` messages every `processInterval` ms,
/// `maxAttempts` tries; waiting messages take them too.
#[utoipa::path(post, path = "/api/whatsapp/queue/config", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])), request_body = QueueConfigInput,
    responses((status = 200, body = Envelope<QueueConfig>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 415, body = ErrorBody)))]
async fn set_config(
    State(s): State<AppState>,
    Auth(who): Auth,
    Json(input): Json<QueueConfigInput>,
) -> ApiResult<Data<QueueConfig>> {
    let d = default_device(&s, &who).await?;
    Ok(Data(
        s.app.set_queue_config(&who, &d.device_id, input).await?,
    ))
}
