use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// Kept in the shape earlier gateways answered (no envelope), so existing probes keep working.
#[derive(Serialize, ToSchema)]
struct Health {
    /// `OK`, or `DEGRADED` when the database does not answer.
    status: &'static str,
    message: &'static str,
    timestamp: DateTime<Utc>,
    /// `ok` or `unavailable`.
    database: &'static str,
    /// `sqlite` or `postgres`.
    backend: &'static str,
    version: &'static str,
}

/// Liveness and database reachability.
#[utoipa::path(get, path = "/api/health", tag = "health",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let db_ok = state.app.store.ping().await.is_ok();
    let body = Health {
        status: if db_ok { "OK" } else { "DEGRADED" },
        message: "Gerbang is running",
        timestamp: Utc::now(),
        database: if db_ok { "ok" } else { "unavailable" },
        backend: state.app.store.backend(),
        version: env!("CARGO_PKG_VERSION"),
    };
    let status = if db_ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    tracing::debug!(db_ok, "health check");
    (status, axum::Json(body))
}
