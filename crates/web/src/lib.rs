//! Gerbang's HTTP API: thin handlers over the services in `gerbang-app`, with one error format,
//! request ids, rate limits, CORS and a generated OpenAPI document.

pub mod auth;
mod dashboard;
pub mod error;
pub mod extract;
mod forward;
mod http_metrics;
mod mcp;
mod no_cache;
mod openapi;
mod qr;
pub mod rate_limit;
pub mod reply;
mod routes;
mod socketio;
pub mod streams;

use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use gerbang_app::App;

use crate::error::ApiError;
use crate::rate_limit::{Limiter, Limits};

pub use openapi::openapi_json;

/// What the HTTP layer needs beyond the services.
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// Origins allowed by CORS; empty for none, `*` for any.
    pub cors_origins: Vec<String>,
    /// Believe `X-Forwarded-For` (only behind a reverse proxy you control).
    pub trust_proxy: bool,
    /// Largest JSON body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Requests per minute per client on every route; 0 turns the limit off.
    pub rate_limit_per_minute: u32,
    /// Sign-in, registration and refresh attempts per minute per client; 0 turns it off.
    pub auth_rate_limit_per_minute: u32,
    /// The bearer token `/metrics` asks for; without one only loopback clients may scrape.
    pub metrics_token: Option<String>,
}

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    /// The simulated network, when enabled (its routes exist only then).
    pub sim: Option<Arc<dyn gerbang_core::sim::SimControl>>,
    pub web: Arc<WebSettings>,
    pub limits: Arc<Limits>,
    /// The event streams and WebSockets open on this node.
    pub streams: Arc<streams::OpenStreams>,
}

impl AppState {
    pub fn new(
        app: App,
        web: WebSettings,
        sim: Option<Arc<dyn gerbang_core::sim::SimControl>>,
    ) -> Self {
        let limits = Limits {
            global: Limiter::per_minute(web.rate_limit_per_minute),
            auth: Limiter::per_minute(web.auth_rate_limit_per_minute),
        };
        Self {
            app,
            sim,
            web: Arc::new(web),
            limits: Arc::new(limits),
            streams: Default::default(),
        }
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application: API routes, OpenAPI document and docs UI, and the layers around them.
pub fn router(state: AppState) -> Router {
    let cors = cors_layer(&state.web);
    routes::metrics::handle();
    let (api, doc) = routes::api(state.sim.is_some()).split_for_parts();
    let doc = Arc::new(openapi::finish(doc));
    api.merge(openapi::docs_router(doc))
        .merge(dashboard::router(state.clone()))
        .merge(mcp::router(state.clone()))
        // Inside the router, after routing: the matched route template is known here.
        .layer(axum::middleware::from_fn(http_metrics::record))
        .fallback(dashboard::fallback)
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this route does not accept that method",
            )
        })
        .layer(axum::extract::DefaultBodyLimit::max(
            state.web.max_body_bytes,
        ))
        // After the client's limit, before routing: a device another node runs is served
        // there.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            forward::to_owner,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rate_limit::global,
        ))
        // Socket.IO answers `/socket.io/` itself; its long-polling requests would otherwise
        // count against the per-client request limit.
        .layer(socketio::layer(state.clone()))
        .with_state(state)
        .layer(CatchPanicLayer::custom(|_| {
            tracing::error!("handler panicked");
            ApiError::internal().into_response()
        }))
        .layer(cors)
        .layer(axum::middleware::from_fn(no_cache::no_cache))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            // Only the path is logged: query strings can carry tokens.
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                let id = req
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                // `route` (the template, e.g. /api/devices/{deviceId}) is filled in after
                // routing; traces group by it, not by raw paths full of ids.
                tracing::info_span!("http", method = %req.method(), path = %req.uri().path(),
                    route = tracing::field::Empty, request_id = %id)
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

fn cors_layer(web: &WebSettings) -> CorsLayer {
    if web.cors_origins.is_empty() {
        return CorsLayer::new();
    }
    let base = CorsLayer::new()
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("x-api-key"),
        ])
        .expose_headers([REQUEST_ID, header::RETRY_AFTER])
        .max_age(Duration::from_secs(600));
    if web.cors_origins.iter().any(|o| o == "*") {
        base.allow_origin(Any)
    } else {
        let origins = web
            .cors_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect::<Vec<_>>();
        base.allow_origin(AllowOrigin::list(origins))
    }
}
