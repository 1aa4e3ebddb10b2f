//! Per-client request limits: a global one for every route and a tighter one for the routes
//! that take passwords or refresh tokens (brute force).

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use gerbang_app::cluster::forward::{CLIENT_HEADER, NODE_HEADER};

use crate::auth::ClientIp;
use crate::error::ApiError;
use crate::AppState;

pub struct Limiter {
    inner: Option<DefaultKeyedRateLimiter<IpAddr>>,
    per_minute: u32,
}

impl Limiter {
    /// `per_minute == 0` turns the limit off.
    pub fn per_minute(per_minute: u32) -> Self {
        Self {
            inner: NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n))),
            per_minute,
        }
    }

    /// `Err(seconds to wait)` when the client is over its limit.
    fn check(&self, ip: IpAddr) -> Result<(), u64> {
        let Some(limiter) = &self.inner else {
            return Ok(());
        };
        // Forget idle clients now and then, so the table cannot grow without bound.
        if limiter.len() > 10_000 {
            limiter.retain_recent();
        }
        limiter.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

pub struct Limits {
    pub global: Limiter,
    pub auth: Limiter,
}

/// Resolves the client address once (a forwarded one only when the proxy is trusted), records
/// it for handlers and logs, and applies the global limit.
pub async fn global(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let forwarded = state
        .web
        .trust_proxy
        .then(|| {
            req.headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse::<IpAddr>().ok())
        })
        .flatten();
    // A request another node of the cluster forwarded was counted there, against its client.
    let node_key = req.headers().get(NODE_HEADER).map(|v| v.as_bytes());
    let from_a_node = state.app.from_a_node(node_key);
    if !from_a_node {
        req.headers_mut().remove(NODE_HEADER);
    }
    let client = from_a_node
        .then(|| {
            req.headers()
                .get(CLIENT_HEADER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<IpAddr>().ok())
        })
        .flatten();
    let ip = client
        .or(forwarded)
        .or(peer)
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    if !from_a_node {
        if let Err(secs) = state.limits.global.check(ip) {
            return ApiError::rate_limited(secs).into_response();
        }
    }
    req.extensions_mut().insert(ClientIp(ip.to_string()));
    next.run(req).await
}

/// Put in the arguments of a handler to apply the sign-in limit to it.
pub struct AuthThrottle;

impl FromRequestParts<AppState> for AuthThrottle {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ip = parts
            .extensions
            .get::<ClientIp>()
            .and_then(|c| c.0.parse::<IpAddr>().ok())
            .unwrap_or(IpAddr::from([127, 0, 0, 1]));
        let auth = &state.limits.auth;
        auth.check(ip).map_err(ApiError::rate_limited)?;
        // In a cluster the limit holds across nodes too (a load balancer spreads the attempts).
        state
            .app
            .shared_sign_in_attempt(&ip.to_string(), auth.per_minute)
            .await
            .map_err(ApiError::rate_limited)?;
        Ok(AuthThrottle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_client_and_can_be_off() {
        let l = Limiter::per_minute(2);
        let a = IpAddr::from([10, 0, 0, 1]);
        assert!(l.check(a).is_ok() && l.check(a).is_ok());
        let wait = l.check(a).unwrap_err();
        assert!((1..=60).contains(&wait), "{wait}");
        assert!(l.check(IpAddr::from([10, 0, 0, 2])).is_ok());
        let off = Limiter::per_minute(0);
        assert!((0..100).all(|_| off.check(a).is_ok()));
    }
}
