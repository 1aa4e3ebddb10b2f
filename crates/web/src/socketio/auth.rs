//! The Socket.IO handshake: who connects, from which event on, following which device.
//!
//! The credential is an access token (JWT) or a device API key, in `auth.token` (what the seeds'
//! clients send), the `token` query parameter, or the usual `Authorization: Bearer` /
//! `X-Api-Key` headers. A refused handshake is a `connect_error` whose message starts with the
//! error code (`invalid_token: …`), so a client can tell why without parsing prose.

use std::fmt;
use std::sync::{Arc, Mutex};

use axum::http::header;
use serde_json::Value;
use socketioxide::extract::SocketRef;

use gerbang_app::Principal;

use super::Session;
use crate::auth::Credential;
use crate::error::ApiError;
use crate::AppState;

/// Why a handshake was refused (`code: message`, the `connect_error` message).
pub(crate) struct Refused(ApiError);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.fields {
            // The field named, as the HTTP API names it in `fields`.
            Some(fields) => {
                let named: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                write!(f, "{}: {}", self.0.code, named.join("; "))
            }
            None => write!(f, "{}: {}", self.0.code, self.0.message),
        }
    }
}

impl From<gerbang_app::AppError> for Refused {
    fn from(e: gerbang_app::AppError) -> Self {
        Refused(e.into())
    }
}

fn query_param(s: &SocketRef, name: &str) -> Option<String> {
    let q = s.req_parts().uri.query()?;
    form_urlencoded::parse(q.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.trim().is_empty())
}

/// A string or number field of the handshake's `auth` object.
fn auth_field(auth: Option<&Value>, name: &str) -> Option<String> {
    match auth?.get(name)? {
        Value::String(v) if !v.trim().is_empty() => Some(v.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn credential(s: &SocketRef, auth: Option<&Value>) -> Option<Credential> {
    let token = auth_field(auth, "token").or_else(|| query_param(s, "token"));
    if let Some(token) = token {
        let token = token
            .strip_prefix("Bearer ")
            .unwrap_or(&token)
            .trim()
            .to_string();
        // Device API keys carry a fixed prefix; anything else is taken for an access token.
        return Some(if token.starts_with("gbk_") {
            Credential::ApiKey(token)
        } else {
            Credential::AccessToken(token)
        });
    }
    let headers = &s.req_parts().headers;
    if let Some(v) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let token = v
            .strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))?;
        return Some(Credential::AccessToken(token.trim().to_string()));
    }
    let key = headers.get("x-api-key")?.to_str().ok()?;
    Some(Credential::ApiKey(key.trim().to_string()))
}

async fn principal(state: &AppState, credential: &Credential) -> Result<Principal, Refused> {
    Ok(match credential {
        Credential::AccessToken(t) => Principal::User(state.app.authenticate(t).await?),
        Credential::ApiKey(k) => state.app.authenticate_api_key(k).await?,
        Credential::Session(_) => return Err(unauthorized()),
    })
}

fn unauthorized() -> Refused {
    Refused(ApiError::new(
        axum::http::StatusCode::UNAUTHORIZED,
        "unauthorized",
        "send an access token or a device API key in `auth.token`",
    ))
}

/// The connect middleware: on success the socket carries a [`Session`].
pub(crate) async fn handshake(
    state: &AppState,
    s: &SocketRef,
    auth: Option<Value>,
) -> Result<(), Refused> {
    let auth = auth.as_ref();
    let credential = credential(s, auth).ok_or_else(unauthorized)?;
    let who = principal(state, &credential).await?;
    let last = auth_field(auth, "lastEventId").or_else(|| query_param(s, "lastEventId"));
    let start = state
        .app
        .stream_start(last.as_deref())
        .await
        .map_err(|e| match e {
            gerbang_app::AppError::Validation(_) => Refused(ApiError::invalid_field(
                "lastEventId",
                "must be an event id (a number)",
            )),
            e => e.into(),
        })?;
    // The device to follow and act on: named in the handshake (checked now), else the default.
    let named = auth_field(auth, "whatsappNumberId")
        .or_else(|| auth_field(auth, "deviceId"))
        .or_else(|| query_param(s, "whatsappNumberId"))
        .or_else(|| query_param(s, "deviceId"));
    let current = match named {
        Some(id) => Some(state.app.device_for(&who, &id).await?.device_id),
        None => state
            .app
            .resolve_device(&who)
            .await
            .ok()
            .map(|d| d.device_id),
    };
    s.extensions.insert(Session {
        who,
        credential,
        start,
        current: Arc::new(Mutex::new(current)),
        gone: Default::default(),
    });
    Ok(())
}
