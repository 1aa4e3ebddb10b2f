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
