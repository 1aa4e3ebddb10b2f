//! Gerbang's services. Each module owns one domain; handlers call exactly one service function
//! and get back domain types or an [`AppError`].

pub mod accounts;
pub mod activity;
pub mod admin;
pub mod ai;
pub mod api_keys;
pub mod appstate;
pub mod audit;
pub mod blocking;
pub mod bot;
pub mod calls;
pub mod channels;
pub mod chats;
pub mod chatwoot;
pub mod cluster;
pub mod contacts;
mod content;
pub mod credential_changes;
pub mod default_device;
pub mod devices;
pub mod disappearing;
pub mod engines;
mod error;
pub mod events;
pub mod exports;
pub mod fetch;
pub mod groups;
pub mod history;
mod ingest;
pub mod insights;
pub mod jobs;
pub mod lifecycle;
pub mod media;
pub mod messages;
pub mod metrics;
pub mod numbers;
pub mod passwords;
pub mod photos;
pub mod polls;
pub mod presence;
pub mod principal;
pub mod profiles;
pub mod proxies;
pub mod queue;
pub mod realtime;
mod recent_events;
pub mod runtime;
pub mod schedule;
pub mod sinks;
pub mod special_addresses;
pub mod stats;
pub mod status;
pub mod stream;
pub mod templates;
pub mod tokens;
pub mod validate;
pub mod web_sessions;
pub mod webhooks;

use std::sync::Arc;

use gerbang_core::Store;

pub use error::{AppError, AppResult};
pub use principal::{Actor, Principal};
pub use recent_events::SharedEvent;
pub use tokens::TokenSettings;

/// Everything the services need, shared by every request.
#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub runtime: Arc<runtime::DeviceRuntime>,
    /// The schedulers' clock (the simulator may move it forward).
    pub clock: Arc<jobs::clock::Clock>,
    pub tokens: Arc<TokenSettings>,
    pub settings: Arc<AppSettings>,
    /// The auto-reply bot's compiled rules per device.
    pub bot: Arc<bot::BotState>,
    /// Pairing codes asked for lately, per user and per number.
    pub pairing_limits: Arc<lifecycle::PairingLimits>,
}

#[derive(Debug, Clone)]
pub struct AppSettings {
    /// Whether `POST /api/auth/register` is open to anyone.
    pub registration_enabled: bool,
    /// Let `send-media` fetch URLs on internal addresses (loopback, private ranges).
    pub fetch_internal_urls: bool,
    pub webhooks: webhooks::WebhookSettings,
    /// How long events stay in the log (for resuming streams and webhook redelivery).
    pub event_retention: std::time::Duration,
    /// A scheduled message that fell due while the gateway was down is still sent at start-up
    /// when it is at most this late; otherwise it is marked `missed`.
    pub schedule_grace: std::time::Duration,
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
            clock: Arc::new(jobs::clock::Clock::default()),
            store,
            tokens: Arc::new(tokens),
            settings: Arc::new(settings),
            bot: Arc::default(),
            pairing_limits: Arc::default(),
        }
    }
}
