use std::collections::BTreeMap;

use gerbang_core::StoreError;

/// What a service can refuse, in terms the API maps one-to-one onto status codes.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that breaks a rule; each entry names the field (as the API spells it) and why.
    #[error("validation failed")]
    Validation(BTreeMap<String, String>),
    /// No valid credentials. `code` is machine-readable (`invalid_token`, `token_expired`, ...).
    #[error("{message}")]
    Unauthorized { code: &'static str, message: String },
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request contradicts existing state; `field` names the input at fault when there is one.
    #[error("{message}")]
    Conflict {
        field: Option<String>,
        message: String,
    },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation(BTreeMap::from([(field.to_string(), message.into())]))
    }

    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Unauthorized {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden(message.into())
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::Conflict {
            field: None,
            message: message.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(field) => AppError::Conflict {
                field: Some(field.to_string()),
                message: format!("{field} is already taken"),
            },
            StoreError::Unavailable(msg) => AppError::Unavailable(msg),
            StoreError::Other(msg) => AppError::Internal(msg),
        }
    }
}
