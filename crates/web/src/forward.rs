//! Requests for a device that another node of the cluster runs go to that node (see
//! `gerbang_app::cluster::forward`); everything else is served here.

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use gerbang_app::cluster::forward::{device_in_path, Outgoing, NODE_HEADER};

use crate::auth::{Auth, ClientIp};
use crate::error::ApiError;
use crate::AppState;

/// The largest body forwarded (media uploads included).
const MAX_FORWARDED_BODY: usize = 100 * 1024 * 1024;

/// Routes without a device id that act on the caller's default device (seed 003's
/// `/api/whatsapp/…` and the single-device APIs): they run where that device runs.
fn acts_on_default_device(path: &str) -> bool {
    path.starts_with("/api/whatsapp/")
        || matches!(
            path,
            "/api/qr"
                | "/api/qr/generate"
                | "/api/send"
                | "/api/send-media"
                | "/api/send-message"
                | "/api/status"
                | "/status"
        )
}

/// The caller's default device, for a route that acts on it; `None` lets the route itself
/// answer (no credentials, no default device, …).
async fn default_device(state: &AppState, req: Request) -> (Request, Option<String>) {
    let (mut parts, body) = req.into_parts();
    let device = match Auth::from_request_parts(&mut parts, state).await {
        Ok(Auth(who)) => state
            .app
            .default_device_for(&who)
            .await
            .ok()
            .flatten()
            .map(|(d, _)| d.device_id),
        Err(_) => None,
    };
    (Request::from_parts(parts, body), device)
}

pub async fn to_owner(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Forwarded once at most: the node that receives it serves it.
    if req.headers().contains_key(NODE_HEADER) {
        return next.run(req).await;
    }
    let path = req.uri().path();
    let (req, device) = match device_in_path(path) {
        Some(device) => {
            let device = device.to_string();
            (req, Some(device))
        }
        None if acts_on_default_device(path) && state.app.runtime.cluster().is_some() => {
            default_device(&state, req).await
        }
        None => (req, None),
    };
    let Some(device) = device else {
        return next.run(req).await;
    };
    let node = match state.app.device_node(&device).await {
        Ok(Some(node)) => node,
        Ok(None) => return next.run(req).await,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_FORWARDED_BODY).await else {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "the request body is too large",
        )
        .into_response();
    };
    tracing::debug!(node = %node.node_id, path = %parts.uri.path(), "forwarding to the device's node");
    let out = Outgoing {
        method: parts.method.as_str().to_string(),
        target: parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string()),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), v.as_bytes().to_vec()))
            .collect(),
        body: body.to_vec(),
        client_ip: parts.extensions.get::<ClientIp>().map(|c| c.0.clone()),
    };
    let answer = match state.app.forward(&node, out).await {
        Ok(answer) => answer,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let mut res = Response::new(Body::from(answer.body));
    *res.status_mut() = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::BAD_GATEWAY);
    for (name, value) in answer.headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(&value),
        ) {
            res.headers_mut().append(n, v);
        }
    }
    res
}
