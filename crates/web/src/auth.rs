//! Who is calling: `Authorization: Bearer <access token>` for people, `X-Api-Key` for machine
//! clients acting on one device. Tokens in the query string are refused here; only the event
//! stream (which browsers cannot give headers) will read `?token=`.

use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};

use gerbang_app::{Actor, Principal};
use gerbang_core::user::{Role, User};

use crate::error::ApiError;
use crate::AppState;

/// Any authenticated caller: a user or a device API key.
pub struct Auth(pub Principal);

/// A signed-in user (API keys are refused with 403).
pub struct UserAuth(pub User);

/// A signed-in administrator.
pub struct AdminAuth(pub User);

/// The caller's address as the rate limiter saw it (behind a trusted proxy: the forwarded one).
#[derive(Clone, Debug)]
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // Once per request: the cluster's forwarding layer authenticates device-less routes to
        // find the caller's default device, and a handler may ask again (`UserAuth`, `Auth`).
        if let Some(Authenticated(who)) = parts.extensions.get::<Authenticated>() {
            return Ok(Auth(who.clone()));
        }
        let who = authenticate(parts, state).await?;
        parts.extensions.insert(Authenticated(who.clone()));
        Ok(Auth(who))
    }
}

/// The caller, once authenticated in this request (only the server sets request extensions).
#[derive(Clone)]
struct Authenticated(Principal);

async fn authenticate(parts: &Parts, state: &AppState) -> Result<Principal, ApiError> {
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ApiError::new(
                    axum::http::StatusCode::UNAUTHORIZED,
                    "invalid_token",
                    "the Authorization header must be `Bearer <token>`",
                )
            })?;
        let user = state.app.authenticate(token).await?;
        return Ok(Principal::User(user));
    }
    if let Some(value) = parts.headers.get("x-api-key") {
        let key = value.to_str().unwrap_or("").trim();
        return Ok(state.app.authenticate_api_key(key).await?);
    }
    Err(ApiError::new(
        axum::http::StatusCode::UNAUTHORIZED,
        "unauthorized",
        "sign in first: send `Authorization: Bearer <token>` (or `X-Api-Key` on device routes)",
    ))
}

impl FromRequestParts<AppState> for UserAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match Auth::from_request_parts(parts, state).await?.0 {
            Principal::User(user) => Ok(UserAuth(user)),
            Principal::ApiKey { .. } => Err(ApiError::forbidden(
                "API keys cannot use this route; sign in as a user (Authorization: Bearer)",
            )),
        }
    }
}

impl FromRequestParts<AppState> for AdminAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let UserAuth(user) = UserAuth::from_request_parts(parts, state).await?;
        if user.role == Role::Admin {
            Ok(AdminAuth(user))
        } else {
            Err(ApiError::forbidden("administrators only"))
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<ClientIp>()
            .cloned()
            .unwrap_or_else(|| ClientIp("unknown".into())))
    }
}

impl ClientIp {
    pub fn actor<'a>(&'a self, user: &'a User) -> Actor<'a> {
        Actor {
            user,
            ip: Some(&self.0),
        }
    }
}

/// Like [`Auth`], but also takes `?token=<access token>` or the dashboard's session cookie:
/// only for the event stream and the WebSocket, which browsers open without custom headers.
/// The cookie counts only on the event stream (a read-only GET, so no CSRF token is needed),
/// never on a WebSocket upgrade, whose messages can change things.
pub struct StreamAuth(pub Principal, pub Credential);

/// What a stream was opened with, kept so the stream can check it again while it stays open:
/// locking the account, changing or resetting the password, ending the session or revoking the
/// key must end the streams it opened, not only refuse new requests.
#[derive(Clone)]
pub enum Credential {
    AccessToken(String),
    Session(String),
    ApiKey(String),
}

impl Credential {
    fn from_headers(headers: &axum::http::HeaderMap) -> Option<Credential> {
        if let Some(v) = headers.get(header::AUTHORIZATION) {
            let v = v.to_str().ok()?;
            let token = v
                .strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))?;
            return Some(Credential::AccessToken(token.trim().to_string()));
        }
        let key = headers.get("x-api-key")?.to_str().ok()?;
        Some(Credential::ApiKey(key.trim().to_string()))
    }

    /// Identifies the credential without holding its text (the key of shared checks).
    pub(crate) fn digest(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let (kind, secret) = match self {
            Credential::AccessToken(t) => ("access", t),
            Credential::Session(s) => ("session", s),
            Credential::ApiKey(k) => ("key", k),
        };
        Sha256::new()
            .chain_update(kind)
            .chain_update([0])
            .chain_update(secret)
            .finalize()
            .into()
    }

    /// Whether the credential still admits its holder (without recording a use).
    pub async fn check(&self, app: &gerbang_app::App) -> Result<(), gerbang_app::AppError> {
        match self {
            Credential::AccessToken(t) => app.authenticate(t).await.map(drop),
            Credential::Session(s) => app.web_session_user(s).await.map(drop),
            Credential::ApiKey(k) => app.check_api_key(k).await.map(drop),
        }
    }
}

impl FromRequestParts<AppState> for StreamAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let has_header = parts.headers.contains_key(header::AUTHORIZATION)
            || parts.headers.contains_key("x-api-key");
        let query_token = parts.uri.query().and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "token")
                .map(|(_, v)| v.into_owned())
        });
        let session = crate::dashboard::session::session_secret(&parts.headers)
            .filter(|_| !parts.headers.contains_key(header::UPGRADE));
        match (has_header, query_token, session) {
            (false, Some(token), _) => {
                let user = state.app.authenticate(&token).await?;
                Ok(StreamAuth(
                    Principal::User(user),
                    Credential::AccessToken(token),
                ))
            }
            (false, None, Some(secret)) => {
                let user = state.app.web_session_user(&secret).await?;
                Ok(StreamAuth(
                    Principal::User(user),
                    Credential::Session(secret),
                ))
            }
            _ => {
                let who = Auth::from_request_parts(parts, state).await?.0;
                let credential =
                    Credential::from_headers(&parts.headers).ok_or_else(ApiError::internal)?;
                Ok(StreamAuth(who, credential))
            }
        }
    }
}
