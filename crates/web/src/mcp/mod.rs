//! The MCP server (Model Context Protocol) for AI agents at `/mcp`: a few tools over the same
//! services the HTTP API calls, so validation, the pending row and the events are the API's own.
//! Only device API keys get in, and a key sees only its device.

mod doc;
mod media;
mod resources;
mod tools;

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

use gerbang_app::Principal;

use crate::auth::Auth;
use crate::error::ApiError;
use crate::AppState;

pub(crate) use doc::McpDoc;

/// The `/mcp` route: the key is checked here, before the MCP layer reads anything.
pub fn router(state: AppState) -> Router<AppState> {
    let app = state.app.clone();
    let service = StreamableHttpService::new(
        move || Ok(tools::Gateway::new(app.clone())),
        Arc::new(LocalSessionManager::default()),
        StreamableHttpServerConfig::default(),
    );
    Router::new()
        .nest_service("/mcp", service)
        .layer(axum::middleware::from_fn_with_state(state, require_key))
}

/// The largest request `/mcp` reads: a `send_media` call with the largest file as base64, plus
/// room for its other arguments. The MCP layer itself would read a body of any size.
const MAX_BODY: usize = media::MAX_BASE64_LEN + 1024 * 1024;

/// Each request carries its own key (sessions are not trusted to remember who opened them).
async fn require_key(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let principal =
        match <Auth as axum::extract::FromRequestParts<AppState>>::from_request_parts(
            &mut parts, &state,
        )
        .await
        {
            Ok(Auth(p @ Principal::ApiKey { .. })) => p,
            Ok(Auth(Principal::User(_))) => return ApiError::forbidden(
                "the MCP server takes a device API key (X-Api-Key or Authorization: Bearer <key>)",
            )
            .into_response(),
            Err(e) => return e.into_response(),
        };
    parts.extensions.insert(principal);
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => axum::body::Body::from(bytes),
        Err(_) => return crate::extract::too_large().into_response(),
    };
    enveloped(next.run(Request::from_parts(parts, body)).await).await
}

/// rmcp answers its own refusals in plain text; they get the API's error envelope here, with
/// the codes the MCP specification gives for sessions (rmcp says 401 for both cases).
async fn enveloped(response: Response) -> Response {
    use axum::http::{header, StatusCode};
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let text = axum::body::to_bytes(response.into_body(), 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let (status, code) = match status {
        StatusCode::UNAUTHORIZED if text.contains("Session ID is required") => {
            (StatusCode::BAD_REQUEST, "session_required")
        }
        StatusCode::UNAUTHORIZED => (StatusCode::NOT_FOUND, "session_not_found"),
        StatusCode::METHOD_NOT_ALLOWED => (status, "method_not_allowed"),
        StatusCode::NOT_ACCEPTABLE => (status, "not_acceptable"),
        // rmcp says 415 for a body that is not JSON-RPC too; the API answers bad JSON with 400.
        StatusCode::UNSUPPORTED_MEDIA_TYPE if text.starts_with("fail to deserialize") => {
            (StatusCode::BAD_REQUEST, "malformed_json")
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (status, "unsupported_media_type"),
        StatusCode::UNPROCESSABLE_ENTITY => (status, "unexpected_message"),
        s if s.is_server_error() => {
            tracing::error!(status = s.as_u16(), "MCP transport failed: {text}");
            return ApiError::internal().into_response();
        }
        _ => (status, "bad_request"),
    };
    let mut response = ApiError::new(status, code, text).into_response();
    if let Some(allow) = allow {
        response.headers_mut().insert(header::ALLOW, allow);
    }
    response
}
