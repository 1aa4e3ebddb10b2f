//! Exports as files, streamed: the response starts with the first page of rows and never holds
//! the whole table. Served at `/api/export/*` and at the seed's `/api/admin/export/*`.

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::exports::{ExportKind, ExportQuery, Exporter};

use crate::auth::{ClientIp, UserAuth};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Query;
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_users))
        .routes(routes!(export_devices))
        .routes(routes!(export_messages))
        .routes(routes!(export_audit_logs))
        .routes(routes!(admin_export_users))
        .routes(routes!(admin_export_devices))
        .routes(routes!(admin_export_messages))
        .routes(routes!(admin_export_logs))
}

/// The exporter's chunks as a response body; an error after the first byte can only cut the
/// file short (the log says why), since the status has gone out.
fn stream(exporter: Exporter) -> Response {
    let filename = exporter.filename(Utc::now());
    let content_type = exporter.content_type();
    let body = futures_util::stream::unfold(Some(exporter), |state| async move {
        let mut exporter = state?;
        match exporter.next_chunk().await {
            Ok(Some(chunk)) => Some((Ok(chunk), Some(exporter))),
            Ok(None) => None,
            Err(e) => {
                tracing::error!(error = %e, kind = exporter.kind.name(), "export cut short");
                Some((Err(std::io::Error::other("export failed")), None))
            }
        }
    });
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

macro_rules! export_route {
    ($name:ident, $path:literal, $kind:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(get, path = $path, tag = "exports", security(("bearer" = [])),
            params(ExportQuery),
            responses(
                (status = 200, description = "The file, streamed, with `Content-Disposition: attachment`",
                    content((Vec<serde_json::Value> = "application/json"), (String = "text/csv"))),
                (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
                (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
        async fn $name(
            State(s): State<AppState>,
            UserAuth(user): UserAuth,
            ip: ClientIp,
            Query(q): Query<ExportQuery>,
        ) -> ApiResult<Response> {
            let exporter = s.app.export(ip.actor(&user), $kind, q).await?;
            Ok(stream(exporter))
        }
    };
}

export_route!(
    export_users,
    "/api/export/users",
    ExportKind::Users,
    "Every user account (administrators); filters `role`, `isActive`, `from`/`to` (created)."
);
export_route!(export_devices, "/api/export/devices", ExportKind::Devices,
    "Devices: your own, or everyone's for administrators (`userId` picks one user); filter `status`.");
export_route!(
    export_messages,
    "/api/export/messages",
    ExportKind::Messages,
    "Messages of your devices (administrators: all); filters `deviceId`, `userId`, `chatJid`, \
     `direction`, `status`, `from`/`to`."
);
export_route!(export_audit_logs, "/api/export/audit-logs", ExportKind::AuditLogs,
    "The audit log (administrators); filters `action`, `targetType`, `userId` (actor), `from`/`to`.");
export_route!(
    admin_export_users,
    "/api/admin/export/users",
    ExportKind::Users,
    "The seed's path for `/api/export/users`."
);
export_route!(
    admin_export_devices,
    "/api/admin/export/devices",
    ExportKind::Devices,
    "The seed's path for `/api/export/devices`."
);
export_route!(
    admin_export_messages,
    "/api/admin/export/messages",
    ExportKind::Messages,
    "The seed's path for `/api/export/messages`."
);
export_route!(
    admin_export_logs,
    "/api/admin/export/logs",
    ExportKind::AuditLogs,
    "The seed's path for `/api/export/audit-logs`."
);
