//! Successful answers: `{"success": true, "data": ...}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Envelope<T> {
    /// Always `true`.
    pub success: bool,
    pub data: T,
}

/// 200 with the envelope.
pub struct Data<T>(pub T);

/// 201 with the envelope.
pub struct Created<T>(pub T);

impl<T: Serialize> IntoResponse for Data<T> {
    fn into_response(self) -> Response {
        let body = Envelope {
            success: true,
            data: self.0,
        };
        (StatusCode::OK, axum::Json(body)).into_response()
    }
}

impl<T: Serialize> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        let body = Envelope {
            success: true,
            data: self.0,
        };
        (StatusCode::CREATED, axum::Json(body)).into_response()
    }
}

/// The answer to an action with nothing else to return.
#[derive(Serialize, ToSchema)]
pub struct Done {
    pub message: String,
}

impl Done {
    pub fn new(message: impl Into<String>) -> Data<Done> {
        Data(Done {
            message: message.into(),
        })
    }
}

/// An answer that carries a secret (tokens, a new API key): no cache, shared or private, may
/// keep it (RFC 6749 §5.1 asks this of token answers).
pub struct Secret<R>(pub R);

impl<R: IntoResponse> IntoResponse for Secret<R> {
    fn into_response(self) -> Response {
        use axum::http::{header, HeaderValue};
        let mut res = self.0.into_response();
        let headers = res.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        res
    }
}
