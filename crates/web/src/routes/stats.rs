//! Statistics: per device, per user, and the administrators' system-wide views.

use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::insights::{DeviceHealth, GlobalStats, HealthQuery, UserInsights};
use gerbang_app::stats::{DayCounts, PeriodQuery, Statistics};

use crate::auth::{AdminAuth, Auth, UserAuth};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Path, Query};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(device_statistics))
        .routes(routes!(device_daily))
        .routes(routes!(user_statistics))
        .routes(routes!(global_stats))
        .routes(routes!(user_insights))
        .routes(routes!(device_health))
}

/// A device's messages sent, received and failed per day and per hour, active chats, response
/// rate, median first-response time and jobs, over a period of local days (default: the last
/// 30 in the caller's time zone). The device's owner, an administrator, or the device's key.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/statistics", tag = "statistics",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), PeriodQuery),
    responses((status = 200, body = Envelope<Statistics>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn device_statistics(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> ApiResult<Data<Statistics>> {
    Ok(Data(s.app.device_statistics(&who, &id, &q).await?))
}

/// The device's daily activity only: one row per local day of the period.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/statistics/daily", tag = "statistics",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), PeriodQuery),
    responses((status = 200, body = Envelope<Vec<DayCounts>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn device_daily(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> ApiResult<Data<Vec<DayCounts>>> {
    Ok(Data(s.app.device_statistics(&who, &id, &q).await?.daily))
}

/// The same statistics over all of the caller's own devices.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/user/statistics", tag = "statistics",
    security(("bearer" = [])), params(PeriodQuery),
    responses((status = 200, body = Envelope<Statistics>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn user_statistics(
    State(s): State<AppState>,
    UserAuth(user): UserAuth,
    Query(q): Query<PeriodQuery>,
) -> ApiResult<Data<Statistics>> {
    Ok(Data(s.app.user_statistics(&user, &q).await?))
}

/// Users, devices by status, messages and jobs in the whole system, and the period's statistics
/// over every device (administrators).
#[utoipa::path(get, path = "/api/admin/stats", tag = "statistics", security(("bearer" = [])),
    params(PeriodQuery),
    responses((status = 200, body = Envelope<GlobalStats>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn global_stats(
    State(s): State<AppState>,
    AdminAuth(admin): AdminAuth,
    Query(q): Query<PeriodQuery>,
) -> ApiResult<Data<GlobalStats>> {
    Ok(Data(s.app.global_stats(&admin, &q).await?))
}

/// One user's devices, statistics, latest actions and connection changes (administrators).
#[utoipa::path(get, path = "/api/admin/users/{userId}/insights", tag = "statistics", security(("bearer" = [])),
    params(("userId" = i64, Path), PeriodQuery),
    responses((status = 200, body = Envelope<UserInsights>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn user_insights(
    State(s): State<AppState>,
    AdminAuth(admin): AdminAuth,
    Path(user_id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> ApiResult<Data<UserInsights>> {
    Ok(Data(s.app.user_insights(&admin, user_id, &q).await?))
}

/// A device's uptime and reconnects over a window, its latest disconnection reasons and the
/// work queued for it (administrators).
#[utoipa::path(get, path = "/api/admin/devices/{deviceId}/health", tag = "statistics", security(("bearer" = [])),
    params(("deviceId" = String, Path), HealthQuery),
    responses((status = 200, body = Envelope<DeviceHealth>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn device_health(
    State(s): State<AppState>,
    _admin: AdminAuth,
    Path(id): Path<String>,
    Query(q): Query<HealthQuery>,
) -> ApiResult<Data<DeviceHealth>> {
    Ok(Data(s.app.device_health(&id, &q).await?))
}
