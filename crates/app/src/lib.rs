//! Gerbang's services. Each module owns one domain; handlers call exactly one service function
//! and get back domain types or an [`AppError`].

pub mod accounts;
pub mod admin;
pub mod api_keys;
pub mod audit;
pub mod chats;
pub mod devices;
pub mod engines;
mod error;
pub mod fetch;
pub mod lifecycle;
pub mod media;
pub mod messages;
pub mod passwords;
pub mod principal;
pub mod runtime;
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
    pub runtime: Arc<runtime::DeviceRuntime>,
    pub tokens: Arc<TokenSettings>,
    pub settings: Arc<AppSettings>,
}

#[derive(Debug, Clone)]
pub struct AppSettings {
    /// Whether `POST /api/auth/register` is open to anyone.
    pub registration_enabled: bool,
    /// Let `send-media` fetch URLs on internal addresses (loopback, private ranges).
    pub fetch_internal_urls: bool,
}

impl App {
    pub fn new(
        store: Arc<dyn Store>,
        tokens: TokenSettings,
        settings: AppSettings,
        engines: engines::Engines,
        media: media::MediaStore,
    ) -> Self {
        Self {
            runtime: runtime::DeviceRuntime::new(store.clone(), engines, media),
            store,
            tokens: Arc::new(tokens),
            settings: Arc::new(settings),
        }
    }
}
