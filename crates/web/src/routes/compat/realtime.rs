//! Seed 004's real-time REST helpers and its per-session send.

use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::messages::{SendResult, SendTextInput};
use gerbang_app::realtime::{RealtimeStatus, TestBroadcastInput};
use gerbang_core::event::Event;

use crate::auth::{AdminAuth, Auth, ClientIp, UserAuth};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(status))
        .routes(routes!(test_broadcast))
        .routes(routes!(session_send))
}

/// The event log's transports, how many readers wait on it in this process, and its newest id.
#[utoipa::path(get, path = "/api/v1/realtime/status", tag = "compat",
    security(("bearer" = [])),
    responses((status = 200, body = Envelope<RealtimeStatus>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn status(
    State(s): State<AppState>,
    UserAuth(_user): UserAuth,
) -> ApiResult<Data<RealtimeStatus>> {
    Ok(Data(s.app.realtime_status().await?))
}

/// Puts a `test.broadcast` event for a device in the event log (administrators): every stream
/// and webhook following that device gets it.
#[utoipa::path(post, path = "/api/v1/realtime/test-broadcast", tag = "compat",
    security(("bearer" = [])), request_body = TestBroadcastInput,
    responses((status = 200, body = Envelope<Event>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn test_broadcast(
    State(s): State<AppState>,
    AdminAuth(admin): AdminAuth,
    ip: ClientIp,
    Json(input): Json<TestBroadcastInput>,
) -> ApiResult<Data<Event>> {
    Ok(Data(s.app.test_broadcast(ip.actor(&admin), input).await?))
}

/// Seed 004's body: `{phoneNumber, message}` (every recipient name `send-message` takes works).
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
struct SessionSend {
    #[serde(rename = "phoneNumber")]
    phone_number: String,
    message: String,
}

/// Seed 004's send: the session id is the device id.
#[utoipa::path(post, path = "/api/v1/sessions/{sessionId}/send-message", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])), params(("sessionId" = String, Path)),
    request_body = SessionSend,
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 429, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn session_send(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<SendTextInput>,
) -> ApiResult<Data<SendResult>> {
    Ok(Data(s.app.send_text(&who, &id, input).await?))
}
