//! The caller's activity log, signing out, and the administrators' message list.

use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::accounts::RefreshInput;
use gerbang_app::activity::{Activity, ActivityQuery, LoggedOut, MessageLogQuery, MessagePage};

use crate::auth::{AdminAuth, Auth, UserAuth};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Query};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(activity))
        .routes(routes!(logout))
        .routes(routes!(admin_messages))
        .routes(routes!(message_log))
}

/// Your own audited actions and your devices' connection history, newest first.
#[utoipa::path(get, path = "/api/auth/activity", tag = "auth", security(("bearer" = [])),
    params(ActivityQuery),
    responses((status = 200, body = Envelope<Activity>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn activity(
    State(s): State<AppState>,
    UserAuth(user): UserAuth,
    Query(q): Query<ActivityQuery>,
) -> ApiResult<Data<Activity>> {
    Ok(Data(s.app.activity(&user, &q).await?))
}

/// Signs out: revokes the refresh token's family (the sign-in it came from and every token
/// refreshed from it), so none of them can be refreshed again.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth", security(("bearer" = [])),
    request_body = RefreshInput,
    responses((status = 200, body = Envelope<LoggedOut>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn logout(
    State(s): State<AppState>,
    UserAuth(user): UserAuth,
    Json(input): Json<RefreshInput>,
) -> ApiResult<Data<LoggedOut>> {
    Ok(Data(s.app.logout(&user, input).await?))
}

/// Every device's messages, newest first, with filters; page with `before` (administrators).
#[utoipa::path(get, path = "/api/admin/messages", tag = "admin", security(("bearer" = [])),
    params(MessageLogQuery),
    responses((status = 200, body = Envelope<MessagePage>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn admin_messages(
    State(s): State<AppState>,
    AdminAuth(admin): AdminAuth,
    Query(q): Query<MessageLogQuery>,
) -> ApiResult<Data<MessagePage>> {
    Ok(Data(s.app.admin_messages(&admin, q).await?))
}

/// The message log: your devices' messages (an API key: its device's), newest first, searched
/// by text (`q`) and filtered; page with `before`.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/messages", tag = "messages",
    security(("bearer" = []), ("apiKey" = [])), params(MessageLogQuery),
    responses((status = 200, body = Envelope<MessagePage>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn message_log(
    State(s): State<AppState>,
    Auth(who): Auth,
    Query(q): Query<MessageLogQuery>,
) -> ApiResult<Data<MessagePage>> {
    Ok(Data(s.app.message_log(&who, q).await?))
}
