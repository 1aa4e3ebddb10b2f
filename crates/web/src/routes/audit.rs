use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::audit::AuditQuery;
use gerbang_core::audit::{AuditEntry, AuditFilterValues};
use gerbang_core::Page;

use crate::auth::AdminAuth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Query;
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_logs))
        .routes(routes!(log_filters))
}

/// The audit log, newest first.
#[utoipa::path(get, path = "/api/admin/logs", tag = "admin", security(("bearer" = [])),
    params(AuditQuery),
    responses((status = 200, body = Envelope<Page<AuditEntry>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_logs(
    State(s): State<AppState>,
    _admin: AdminAuth,
    Query(q): Query<AuditQuery>,
) -> ApiResult<Data<Page<AuditEntry>>> {
    Ok(Data(s.app.audit_log(q).await?))
}

/// The actions, target types and actors present in the log, for filter menus.
#[utoipa::path(get, path = "/api/admin/logs/filters", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Envelope<AuditFilterValues>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn log_filters(
    State(s): State<AppState>,
    _admin: AdminAuth,
) -> ApiResult<Data<AuditFilterValues>> {
    Ok(Data(s.app.audit_filter_values().await?))
}
