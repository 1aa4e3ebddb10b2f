//! Requests by route template: counted, timed, and named in the request's span.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;

pub(crate) async fn record(req: Request, next: Next) -> Response {
    // Unmatched paths (the dashboard's fallback, scanners) share one label: raw paths would
    // make a new series per URL.
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched".to_string(), |m| template(m.as_str()));
    tracing::Span::current().record("route", route.as_str());
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!("gerbang_http_request_duration_seconds", "method" => method.clone(), "route" => route.clone())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!("gerbang_http_requests_total", "method" => method, "route" => route, "status" => status)
        .increment(1);
    response
}

/// `/devices/{deviceId}/status` as `/devices/:deviceId/status`: braces inside label values are
/// valid Prometheus, but several exposition parsers stop at the first `}`.
fn template(path: &str) -> String {
    path.replace('{', ":").replace('}', "")
}
