//! Statistics: the counters the store keeps (per device, in 15-minute slots) and what services
//! read from them. Periods are given in Unix seconds or instants; time zones are the service's
//! business, the store speaks UTC only.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::user::UserId;
use crate::StoreResult;

/// Which devices a statistic covers.
#[derive(Debug, Clone)]
pub enum StatsScope {
    Device(String),
    /// Every device of one user.
    User(UserId),
    All,
}

/// Message counts of one 15-minute slot (summed over the scope's devices).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Slot {
    /// Unix seconds at the start of the slot.
    pub start: i64,
    /// Every outbound message, failed ones included.
    pub outbound: i64,
    pub inbound: i64,
    pub failed: i64,
}

/// Conversations that waited for a first answer in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Waits {
    pub asked: i64,
    pub answered: i64,
    pub median_response_secs: Option<f64>,
}

/// One change of a device's connection status.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionEntry {
    pub id: i64,
    pub device_id: String,
    pub status: String,
    /// Why it disconnected, when it did.
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// Work waiting for a device.
#[derive(Debug, Clone, Copy, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueDepth {
    /// Outbound messages not yet handed to WhatsApp.
    pub pending_messages: i64,
    /// Recipients of running or paused jobs not yet sent.
    pub pending_job_recipients: i64,
    pub pending_scheduled: i64,
}

/// Whole-system counts for the admin overview.
#[derive(Debug, Clone, Default)]
pub struct GlobalCounts {
    pub users: i64,
    pub active_users: i64,
    pub admins: i64,
    pub devices_by_status: Vec<(String, i64)>,
    pub messages: i64,
    pub jobs_by_status: Vec<(String, i64)>,
}

#[async_trait]
pub trait StatsStore: Send + Sync {
    /// Non-empty slots in `[from, to)` (Unix seconds), oldest first.
    async fn message_slots(&self, scope: &StatsScope, from: i64, to: i64)
        -> StoreResult<Vec<Slot>>;
    /// Chats with at least one message in `[from, to)`.
    async fn active_chats(
        &self,
        scope: &StatsScope,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// Waits opened in `[from, to)` (Unix seconds), how many were answered and how fast.
    async fn waits(&self, scope: &StatsScope, from: i64, to: i64) -> StoreResult<Waits>;
    /// Jobs created in `[from, to)` by status.
    async fn job_counts(
        &self,
        scope: &StatsScope,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<(String, i64)>>;
    /// Connection changes of the scope's devices, newest first, only those before the entry id
    /// `before` when given.
    async fn connection_history(
        &self,
        scope: &StatsScope,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<ConnectionEntry>>;
    /// The last connection change before `at` (the state a window starts in).
    async fn connection_at(
        &self,
        device_id: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<ConnectionEntry>>;
    /// Connection changes of one device in `[from, now)`, oldest first.
    async fn connections_since(
        &self,
        device_id: &str,
        from: DateTime<Utc>,
    ) -> StoreResult<Vec<ConnectionEntry>>;
    async fn queue_depth(&self, device_id: &str) -> StoreResult<QueueDepth>;
    async fn global_counts(&self) -> StoreResult<GlobalCounts>;
}
