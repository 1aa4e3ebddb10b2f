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
    /// The device's engine is not available in this server (not built in, or not enabled).
    #[error("{0}")]
    EngineUnavailable(String),
    /// WhatsApp (or the simulator) refused; `code` is machine-readable (`send_failed`, ...).
    #[error("{message}")]
    Upstream { code: &'static str, message: String },
    /// WhatsApp refused this device an action (not a group admin, …); `code` is machine-readable.
    #[error("{message}")]
    Refused { code: &'static str, message: String },
    #[error("rate limited")]
    RateLimited { retry_after_secs: Option<u64> },
    /// The gateway's own limit (not WhatsApp's): `message` says which one.
    #[error("{message}")]
    TooManyRequests {
        retry_after_secs: u64,
        message: String,
    },
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    Unsupported(String),
    /// The operation needs a connected device.
    #[error("the device is {}, not connected", status.as_str())]
    DeviceNotConnected {
        status: gerbang_core::device::DeviceStatus,
    },
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

impl From<gerbang_core::engine::EngineError> for AppError {
    fn from(e: gerbang_core::engine::EngineError) -> Self {
        use gerbang_core::engine::EngineError as E;
        match e {
            E::NotConnected => AppError::conflict("the device is not connected"),
            E::RateLimited { retry_after } => AppError::RateLimited {
                retry_after_secs: retry_after.map(|d| d.as_secs().max(1)),
            },
            E::Rejected(reason) => AppError::Upstream {
                code: "rejected",
                message: reason,
            },
            E::AlreadyPaired => AppError::conflict(already_paired()),
            E::Unsupported(what) => AppError::Unsupported(format!("this engine cannot {what}")),
            E::Other(reason) => AppError::Upstream {
                code: "engine_error",
                message: reason,
            },
        }
    }
}

/// Why a pairing code is refused for a linked device, and what to do instead.
pub(crate) fn already_paired() -> String {
    "the device is already paired with a phone; to link another phone, wipe its session first \
     (cancel-and-wipe)"
        .to_string()
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(field) => AppError::Conflict {
                field: Some(field.to_string()),
                message: format!("{field} is already taken"),
            },
            StoreError::Unavailable(msg) => AppError::Unavailable(msg),
            e @ StoreError::Fenced(_) => AppError::Unavailable(e.to_string()),
            StoreError::Other(msg) => AppError::Internal(msg),
        }
    }
}
