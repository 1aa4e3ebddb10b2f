//! Webhooks: per-device and global subscriptions to the event log, delivered from a durable
//! outbox (see `gerbang_core::webhook`): at-least-once, in order per chat, HMAC-signed, retried
//! with backoff and dead-lettered.
//!
//! - `manage`: the services behind the routes (create, list, update, delete, redeliver);
//! - `rules`: what a webhook's URL, event types, headers and secret may be;
//! - `sign`: the signature receivers verify;
//! - `send`: one HTTP attempt, with SSRF-safe name resolution;
//! - `probe`: a test delivery sent on request, outside the log;
//! - `retry`: what an attempt's result means (delivered, retry when, dead);
//! - `worker`: the loop that fills the outbox and dispatches it.

mod manage;
mod probe;
mod retry;
pub(crate) mod rules;
pub(crate) mod send;
pub mod sign;
mod worker;

use std::time::Duration;

pub use manage::{
    CreateWebhookInput, CreatedWebhook, DeliveryQuery, Redelivered, UpdateWebhookInput,
};
pub use probe::{WebhookTest, TEST_EVENT};
pub use worker::spawn;

/// How deliveries behave; from the configuration.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// Allow webhook URLs on internal addresses (loopback, private ranges).
    pub allow_internal: bool,
    /// How long one delivery attempt may take.
    pub timeout: Duration,
    /// The first retry's delay; each later one doubles (with jitter).
    pub retry_base: Duration,
    /// After this long a delivery that keeps failing is dead-lettered.
    pub max_age: Duration,
}

impl WebhookSettings {
    /// How long a claimed delivery stays with its dispatcher: longer than an attempt can take,
    /// so that only a dispatcher that died loses its claims (to another node, or to itself after
    /// a restart).
    pub fn lease(&self) -> Duration {
        self.timeout * 3 / 2 + Duration::from_secs(2)
    }
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            allow_internal: false,
            timeout: Duration::from_secs(10),
            retry_base: Duration::from_secs(1),
            max_age: Duration::from_secs(24 * 3600),
        }
    }
}
