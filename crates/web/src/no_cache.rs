//! Seed 000's gateway answered every API call with headers that stop browsers and proxies from
//! caching (and its dashboard from reloading); its clients expect them, and an API answer is
//! never worth caching anyway. A route that sets its own `Cache-Control` keeps it.

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

const X_NO_RELOAD: HeaderName = HeaderName::from_static("x-no-reload");

pub(crate) async fn no_cache(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    // The docs UI is static and may be cached like any page.
    let api = (path == "/api" || path.starts_with("/api/")) && !path.starts_with("/api/docs");
    let mut response = next.run(request).await;
    if api {
        let h = response.headers_mut();
        h.entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static(
                "no-store, no-cache, must-revalidate, proxy-revalidate",
            ));
        h.entry(header::PRAGMA)
            .or_insert(HeaderValue::from_static("no-cache"));
        h.entry(header::EXPIRES)
            .or_insert(HeaderValue::from_static("0"));
        h.entry(X_NO_RELOAD)
            .or_insert(HeaderValue::from_static("true"));
    }
    response
}
