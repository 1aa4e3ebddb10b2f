//! Webhooks: subscriptions to the event log, and the durable outbox their deliveries come from.
//!
//! A webhook keeps a cursor into the event log (`last_event_id`). A worker turns the events after
//! it into delivery rows and moves the cursor in one transaction; a dispatcher then claims due
//! deliveries with a lease, sends them, and records every attempt. Nothing lives only in memory.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::event::Event;
use crate::user::UserId;
use crate::{Page, PageRequest, StoreResult};

/// A subscription: where to POST which events, signed with which secret.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    pub id: i64,
    /// The device whose events it receives; `null` for a global webhook (every device).
    pub device_id: Option<String>,
    pub url: String,
    /// Event types it wants; empty for all.
    pub events: Vec<String>,
    /// The start of the signing secret, to tell secrets apart (the secret is shown once).
    pub secret_prefix: String,
    /// The signing secret itself: never serialized.
    #[serde(skip)]
    pub secret: String,
    /// Extra request headers sent with every delivery.
    pub headers: BTreeMap<String, String>,
    /// Inactive webhooks receive nothing (events while inactive are skipped).
    pub active: bool,
    /// The outbox cursor: events up to this id have been turned into deliveries.
    pub last_event_id: i64,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewWebhook {
    pub device_id: Option<String>,
    pub url: String,
    pub events: Vec<String>,
    pub secret: String,
    pub headers: BTreeMap<String, String>,
    pub active: bool,
    pub created_by: UserId,
}

/// A change; `None` fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct WebhookPatch {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub secret: Option<String>,
    pub headers: Option<BTreeMap<String, String>>,
    pub active: Option<bool>,
    /// Moves the cursor (to the newest event, when a webhook is switched back on).
    pub last_event_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its turn, in flight, or waiting to be retried.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Given up: a 4xx other than 408/429, or still failing after the maximum age.
    Dead,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Dead => "dead",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Delivered, Self::Dead]
            .into_iter()
            .find(|st| st.as_str() == s)
    }
}

/// One event on its way to one webhook, with what happened each time it was sent.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    /// Sent as `X-Gerbang-Delivery-Id`; the same on every retry.
    pub id: i64,
    pub webhook_id: i64,
    pub event_id: i64,
    pub event_type: String,
    /// Deliveries with the same key go out in event order (the chat, or the device).
    pub chat_key: String,
    pub status: DeliveryStatus,
    /// Attempts since it was (re-)queued.
    pub attempt_count: i64,
    /// When it is due next (pending only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The body that is sent, exactly (the event as the API shows it).
    #[schema(value_type = Object)]
    pub event: serde_json::Value,
    /// Every attempt, oldest first.
    pub attempts: Vec<DeliveryAttempt>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryAttempt {
    pub id: i64,
    pub attempted_at: DateTime<Utc>,
    /// The receiver's HTTP status, when it answered.
    pub status_code: Option<i32>,
    /// Why there was no answer (refused, timed out, ...).
    pub error: Option<String>,
    /// The first 500 bytes of the receiver's answer.
    pub response: Option<String>,
    pub duration_ms: i64,
}

#[derive(Debug, Clone, Default)]
pub struct DeliveryFilter {
    pub status: Option<DeliveryStatus>,
    pub page: PageRequest,
}

/// A delivery claimed by one dispatcher until `locked_until`.
#[derive(Debug, Clone)]
pub struct DeliveryJob {
    pub id: i64,
    pub webhook_id: i64,
    pub event_id: i64,
    pub event_type: String,
    /// The exact body to send.
    pub payload: String,
    /// Attempts since it was (re-)queued, before this one.
    pub attempts: i64,
    /// When it was (re-)queued: the maximum age counts from here.
    pub queued_at: DateTime<Utc>,
    /// Proves the claim when the result is recorded.
    pub lock_token: String,
}

/// What one attempt did and what becomes of the delivery.
#[derive(Debug, Clone)]
pub struct AttemptRecord {
    pub attempted_at: DateTime<Utc>,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub response: Option<String>,
    pub duration_ms: i64,
    /// `Pending` with `next_attempt_at` for a retry.
    pub outcome: DeliveryStatus,
    pub next_attempt_at: DateTime<Utc>,
}

/// The first characters of a secret, shown instead of it.
pub fn secret_prefix(secret: &str) -> String {
    let head: String = secret.chars().take(10).collect();
    format!("{head}…")
}

/// The key that orders deliveries: the chat (qualified by its device), else the device, else
/// nothing in particular. One webhook sends a key's deliveries one at a time, in event order.
pub fn chat_key(event: &Event) -> String {
    match (&event.device_id, &event.chat_jid) {
        (Some(device), Some(chat)) => format!("{device}/{chat}"),
        (None, Some(chat)) => chat.clone(),
        (Some(device), None) => device.clone(),
        (None, None) => String::new(),
    }
}

/// The result of turning a webhook's share of the event log into deliveries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Enqueued {
    /// Deliveries added.
    pub added: u64,
    /// The cursor now.
    pub cursor: i64,
    /// More matching events may follow (the batch was full).
    pub more: bool,
    /// Another worker moved the cursor first; nothing was done.
    pub raced: bool,
}

/// The webhook outbox's storage.
#[async_trait]
pub trait WebhookStore: Send + Sync {
    /// Creates a webhook whose cursor starts at the newest event.
    async fn create_webhook(&self, new: &NewWebhook) -> StoreResult<Webhook>;
    async fn webhook(&self, id: i64) -> StoreResult<Option<Webhook>>;
    /// A device's webhooks, or (`None`) the global ones; oldest first.
    async fn list_webhooks(&self, device_id: Option<&str>) -> StoreResult<Vec<Webhook>>;
    async fn update_webhook(&self, id: i64, patch: &WebhookPatch) -> StoreResult<Option<Webhook>>;
    /// Deletes a webhook with its deliveries.
    async fn delete_webhook(&self, id: i64) -> StoreResult<bool>;
    async fn active_webhooks(&self) -> StoreResult<Vec<Webhook>>;
    /// Turns up to `limit` matching events after the webhook's cursor into deliveries and moves
    /// the cursor, in one transaction. The cursor read with `webhook` must still be current:
    /// otherwise nothing happens and `raced` is set.
    async fn enqueue_deliveries(&self, webhook: &Webhook, limit: i64) -> StoreResult<Enqueued>;
    /// Claims up to `limit` due deliveries of active webhooks until `lease_until`: only the
    /// oldest pending delivery of each chat key, so that a chat's events go out in order.
    async fn claim_deliveries(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        lock_token: &str,
        limit: i64,
    ) -> StoreResult<Vec<DeliveryJob>>;
    /// Records an attempt and, while the claim still holds, the delivery's new state.
    async fn record_attempt(&self, job: &DeliveryJob, attempt: &AttemptRecord) -> StoreResult<()>;
    /// Newest first, each with its attempts.
    async fn list_deliveries(
        &self,
        webhook_id: i64,
        filter: &DeliveryFilter,
    ) -> StoreResult<Page<Delivery>>;
    /// Makes the webhook's deliveries that wait for a retry due now (its receiver has just
    /// answered a retry with 2xx: it is back); returns how many.
    async fn hasten_retries(&self, webhook_id: i64, now: DateTime<Utc>) -> StoreResult<u64>;
    /// Queues a delivery again, due now; `None` when the webhook has no such delivery.
    async fn redeliver(
        &self,
        webhook_id: i64,
        delivery_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<Delivery>>;
    /// Queues every dead delivery of the webhook again; returns how many.
    async fn redeliver_dead(&self, webhook_id: i64, now: DateTime<Utc>) -> StoreResult<u64>;
    /// Deletes delivered and dead deliveries created before `before`; returns how many.
    async fn delete_finished_deliveries(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for st in [
            DeliveryStatus::Pending,
            DeliveryStatus::Delivered,
            DeliveryStatus::Dead,
        ] {
            assert_eq!(DeliveryStatus::parse(st.as_str()), Some(st));
        }
        assert_eq!(DeliveryStatus::parse("failed"), None);
    }

    #[test]
    fn chat_keys_and_prefixes() {
        let mut e = Event {
            id: 1,
            event_type: "message.new".into(),
            device_id: Some("toko".into()),
            user_id: Some(2),
            chat_jid: Some("62811@s.whatsapp.net".into()),
            data: serde_json::json!({}),
            created_at: Utc::now(),
        };
        assert_eq!(chat_key(&e), "toko/62811@s.whatsapp.net");
        e.chat_jid = None;
        assert_eq!(chat_key(&e), "toko");
        e.device_id = None;
        assert_eq!(chat_key(&e), "");
        assert_eq!(secret_prefix("whsec_abcdefghijkl"), "whsec_abcd…");
    }
}
