use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::schedule::{ScheduleInput, ScheduleQuery};
use gerbang_core::job::ScheduledMessage;
use gerbang_core::Page;

use crate::auth::Auth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, Query};
use crate::reply::{Created, Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(schedule))
        .routes(routes!(device_scheduled))
        .routes(routes!(all_scheduled))
        .routes(routes!(cancel))
}

/// Schedules a text for a time (in a time zone). It fires within a second of the time; one
/// that fell due while the gateway was down is sent at start-up if it is at most
/// `GERBANG_SCHEDULE_GRACE_SECS` late, otherwise it is marked `missed`.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/schedule-message", tag = "scheduled",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = ScheduleInput,
    responses((status = 201, body = Envelope<ScheduledMessage>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn schedule(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<ScheduleInput>,
) -> ApiResult<Created<ScheduledMessage>> {
    Ok(Created(s.app.schedule_message(&who, &id, input).await?))
}

/// The device's scheduled messages, soonest first.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/scheduled-messages", tag = "scheduled",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), ScheduleQuery),
    responses((status = 200, body = Envelope<Page<ScheduledMessage>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn device_scheduled(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<ScheduleQuery>,
) -> ApiResult<Data<Page<ScheduledMessage>>> {
    Ok(Data(s.app.list_scheduled(&who, Some(&id), q).await?))
}

/// Scheduled messages of all the caller's devices (admins: all).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/scheduled-messages", tag = "scheduled",
    security(("bearer" = []), ("apiKey" = [])), params(ScheduleQuery),
    responses((status = 200, body = Envelope<Page<ScheduledMessage>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody)))]
async fn all_scheduled(
    State(s): State<AppState>,
    Auth(who): Auth,
    Query(q): Query<ScheduleQuery>,
) -> ApiResult<Data<Page<ScheduledMessage>>> {
    Ok(Data(s.app.list_scheduled(&who, None, q).await?))
}

/// Cancels a message that has not been sent yet.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/scheduled-messages/{messageId}/cancel", tag = "scheduled",
    security(("bearer" = []), ("apiKey" = [])), params(("messageId" = i64, Path)),
    responses((status = 200, body = Envelope<ScheduledMessage>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already sent, failed, missed or cancelled")))]
async fn cancel(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<i64>,
) -> ApiResult<Data<ScheduledMessage>> {
    Ok(Data(s.app.cancel_scheduled(&who, id).await?))
}
