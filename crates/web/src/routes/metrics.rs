//! `GET /metrics` in Prometheus' text format. With a metrics token configured, a scrape must
//! carry it as a bearer token; without one only this machine may scrape (the counters name
//! devices, which strangers need not see).

use std::net::IpAddr;
use std::sync::OnceLock;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use sha2::{Digest, Sha256};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::ClientIp;
use crate::error::{ApiError, ErrorBody};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(scrape))
}

/// The process-wide recorder, installed on first use: the `metrics` facade has one recorder per
/// process, and several routers (tests) share it.
pub(crate) fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let seconds = [
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
            60.0,
        ];
        let recorder = PrometheusBuilder::new()
            .set_buckets(&seconds)
            .expect("bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        // Fails only when another recorder is installed, which Gerbang never does.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Prometheus metrics: devices by status, messages by device, direction and status, send
/// latency, events and each consumer's delivery lag, webhook attempts, job recipients,
/// scheduler lag, HTTP requests by route template, the database pool and process memory.
/// See README › Metrics.
#[utoipa::path(get, path = "/metrics", tag = "health",
    security((), ("metricsToken" = [])),
    responses(
        (status = 200, description = "Prometheus text exposition format (version 0.0.4)",
            content_type = "text/plain", body = String),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
async fn scrape(
    State(state): State<AppState>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    match &state.web.metrics_token {
        Some(token) => {
            let given = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            // Compared as digests, so the time taken says nothing about the token.
            let matches = given
                .is_some_and(|g| Sha256::digest(g.as_bytes()) == Sha256::digest(token.as_bytes()));
            if !matches {
                return Err(ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "a scrape needs the metrics token as a bearer token",
                ));
            }
        }
        None => {
            let local = ip.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
            if !local {
                return Err(ApiError::forbidden(
                    "without a metrics token only this machine may scrape; set GERBANG_METRICS_TOKEN",
                ));
            }
        }
    }
    if let Err(e) = state.app.refresh_gauges().await {
        tracing::warn!(error = %e, "metrics: cannot read the store");
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "the database did not answer",
        ));
    }
    let open = state.streams.counts().open;
    metrics::gauge!("gerbang_open_streams").set(open as f64);
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle().render(),
    )
        .into_response())
}
