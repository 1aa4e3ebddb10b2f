//! Gerbang's services. Each module owns one domain; handlers call exactly one service function
//! and get back domain types or an [`AppError`].

pub mod accounts;
pub mod admin;
pub mod api_keys;
pub mod audit;
pub mod devices;
mod error;
pub mod passwords;
pub mod principal;
pub mod tokens;
pub mod validate;

use std::sync::Arc;

use gerbang_core::Store;

pub use error::{AppError, AppResult};
pub use principal::{Actor, Principal};
pub use tokens::TokenSettings;

/// Everything the services need, shared by every request.
#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub tokens: Arc<TokenSettings>,
    pub settings: Arc<AppSettings>,
}

#[derive(Debug, Clone)]
pub struct AppSettings {
    /// Whether `POST /api/auth/register` is open to anyone.
    pub registration_enabled: bool,
}

impl App {
    pub fn new(store: Arc<dyn Store>, tokens: TokenSettings, settings: AppSettings) -> Self {
        Self {
            store,
            tokens: Arc::new(tokens),
            settings: Arc::new(settings),
        }
    }
}
