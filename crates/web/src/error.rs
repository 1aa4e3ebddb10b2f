//! The one place where failures become HTTP: status, machine-readable code, message, fields.

use std::collections::BTreeMap;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use gerbang_app::AppError;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Option<BTreeMap<String, String>>,
    pub retry_after_secs: Option<u64>,
}

/// `{"success": false, "error": {...}}`
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// Always `false`.
    pub success: bool,
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable and machine-readable, e.g. `validation_failed`, `invalid_token`, `not_found`.
    pub code: String,
    /// For people; may change between versions.
    pub message: String,
    /// Per-field problems, keyed by the field's name as sent (`username`, `deviceId`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            fields: None,
            retry_after_secs: None,
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            fields: Some(BTreeMap::from([(field.into(), message.clone())])),
            ..Self::bad_request("validation_failed", message)
        }
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self {
            retry_after_secs: Some(retry_after_secs.max(1)),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "too many requests; retry after the number of seconds in Retry-After",
            )
        }
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal server error",
        )
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Validation(fields) => Self {
                fields: Some(fields),
                ..Self::bad_request("validation_failed", "some fields are not valid")
            },
            AppError::Unauthorized { code, message } => {
                Self::new(StatusCode::UNAUTHORIZED, code, message)
            }
            AppError::Forbidden(msg) => Self::forbidden(msg),
            AppError::NotFound(what) => Self::not_found(format!("{what} not found")),
            AppError::Conflict { field, message } => Self {
                fields: field.map(|f| BTreeMap::from([(f, message.clone())])),
                ..Self::new(StatusCode::CONFLICT, "conflict", message)
            },
            AppError::Unavailable(detail) => {
                tracing::error!(%detail, "service unavailable");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "the database is unavailable; try again shortly",
                )
            }
            AppError::EngineUnavailable(msg) => {
                Self::new(StatusCode::SERVICE_UNAVAILABLE, "engine_unavailable", msg)
            }
            AppError::Upstream { code, message } => {
                Self::new(StatusCode::BAD_GATEWAY, code, message)
            }
            AppError::Refused { code, message } => Self::new(StatusCode::FORBIDDEN, code, message),
            AppError::RateLimited { retry_after_secs } => Self {
                message: "WhatsApp is rate limiting this number; retry later".into(),
                ..Self::rate_limited(retry_after_secs.unwrap_or(60))
            },
            AppError::TooManyRequests {
                retry_after_secs,
                message,
            } => Self {
                message,
                ..Self::rate_limited(retry_after_secs)
            },
            AppError::PayloadTooLarge(msg) => {
                Self::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", msg)
            }
            AppError::UnsupportedMediaType(msg) => Self::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                msg,
            ),
            AppError::Unsupported(msg) => {
                Self::new(StatusCode::NOT_IMPLEMENTED, "not_implemented", msg)
            }
            AppError::DeviceNotConnected { status } => Self {
                fields: Some(BTreeMap::from([(
                    "deviceStatus".to_string(),
                    status.as_str().to_string(),
                )])),
                ..Self::new(
                    StatusCode::CONFLICT,
                    "device_not_connected",
                    format!("the device is {}, not connected", status.as_str()),
                )
            },
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                Self::internal()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            success: false,
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message,
                fields: self.fields,
            },
        };
        let mut res = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
