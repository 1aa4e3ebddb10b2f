//! The MCP server (Model Context Protocol) for AI agents at `/mcp`: a few tools over the same
//! services the HTTP API calls, so validation, the pending row and the events are the API's own.
//! Only device API keys get in, and a key sees only its device.

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
    next.run(Request::from_parts(parts, body)).await
}
