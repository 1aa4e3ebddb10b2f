//! Seed 003's message queue, seen through the job machinery: one queued message is a job of
//! kind `queue` with one recipient, so it is paced, durable and crash-safe like every job.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::job::{Job, JobStatus, NewJob, Pacing};
use crate::StoreResult;

/// The job kind of a queued message.
pub const QUEUE_KIND: &str = "queue";

/// A queued message's state in seed 003's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum QueueState {
    /// Will be sent in its turn.
    Waiting,
    /// Being handed to WhatsApp now.
    Active,
    Completed,
    /// Failed, skipped (not on WhatsApp), cancelled, stopped with its device, or uncertain.
    Failed,
    /// Waiting for a later moment: a retry's backoff, pacing, or the device to come back.
    Delayed,
    Paused,
}

impl QueueState {
    pub const ALL: [QueueState; 6] = [
        QueueState::Waiting,
        QueueState::Active,
        QueueState::Completed,
        QueueState::Failed,
        QueueState::Delayed,
        QueueState::Paused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueState::Waiting => "waiting",
            QueueState::Active => "active",
            QueueState::Completed => "completed",
            QueueState::Failed => "failed",
            QueueState::Delayed => "delayed",
            QueueState::Paused => "paused",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.as_str() == s)
    }
}

/// How one device's queue sends: `batch` messages every `interval_ms` (so one every
/// `interval_ms / batch`), and up to `max_attempts` tries for a failure that is safe to retry.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueSettings {
    pub device_id: String,
    pub max_attempts: u32,
    pub interval_ms: u64,
    pub batch_size: u32,
    /// Paused: waiting messages stay, new ones are queued paused.
    pub paused: bool,
    pub updated_at: Option<DateTime<Utc>>,
}

impl QueueSettings {
    /// Seed 003's processor defaults: three messages every five seconds, three tries.
    pub fn defaults(device_id: &str) -> Self {
        Self {
            device_id: device_id.to_string(),
            max_attempts: 3,
            interval_ms: 5_000,
            batch_size: 3,
            paused: false,
            updated_at: None,
        }
    }

    /// The job pacing these settings give: a fixed gap, no jitter, the attempt limit.
    pub fn pacing(&self) -> Pacing {
        Pacing {
            delay_secs: self.interval_ms as f64 / f64::from(self.batch_size.max(1)) / 1000.0,
            jitter_secs: 0.0,
            max_attempts: Some(self.max_attempts),
            ..Pacing::default()
        }
    }
}

/// One queued message, as the queue routes show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueItem {
    /// The job's id (`/api/whatsapp-multi-device/jobs/{jobId}` shows the same job).
    pub job_id: String,
    pub device_id: String,
    /// WhatsApp's message id, once a send was tried.
    pub message_id: Option<String>,
    /// The chat, e.g. `6281234567890@s.whatsapp.net`.
    pub chat_id: String,
    /// The number (digits), absent for a group.
    pub number: Option<String>,
    pub message: String,
    pub status: QueueState,
    /// Gerbang's own state of the recipient (`pending`, `sending`, `sent`, `failed`,
    /// `skipped`, `uncertain`, `cancelled`) and of the job.
    pub recipient_status: String,
    pub job_status: JobStatus,
    /// Tries that failed in a way safe to retry.
    pub attempts: i64,
    pub max_attempts: Option<u32>,
    pub failed_reason: Option<String>,
    /// When it may be tried next.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub timestamp: DateTime<Utc>,
    pub finished_on: Option<DateTime<Utc>>,
}

/// How many queued messages are in each state.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueCounts {
    pub total: i64,
    pub waiting: i64,
    pub active: i64,
    pub completed: i64,
    pub failed: i64,
    pub delayed: i64,
    pub paused: i64,
}

#[async_trait]
pub trait QueueStore: Send + Sync {
    async fn queue_settings(&self, device_id: &str) -> StoreResult<Option<QueueSettings>>;
    /// Saves the settings and gives the device's waiting and paused messages their pacing.
    async fn save_queue_settings(&self, s: &QueueSettings) -> StoreResult<()>;
    /// Writes the job (`running` or `paused`) with its one recipient.
    async fn enqueue(&self, job: &NewJob, status: JobStatus, at: DateTime<Utc>)
        -> StoreResult<Job>;
    async fn queue_items(
        &self,
        device_id: &str,
        state: Option<QueueState>,
        offset: i64,
        limit: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<QueueItem>>;
    async fn queue_item(
        &self,
        device_id: &str,
        job_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<QueueItem>>;
    async fn queue_counts(&self, device_id: &str, now: DateTime<Utc>) -> StoreResult<QueueCounts>;
    /// Moves the device's queued jobs from `from` to `to`; how many moved.
    async fn set_queue_status(
        &self,
        device_id: &str,
        from: JobStatus,
        to: JobStatus,
    ) -> StoreResult<u64>;
    /// Deletes the device's queued messages, except one being handed over right now.
    async fn clear_queue(&self, device_id: &str) -> StoreResult<u64>;
    /// Deletes the device's finished queued messages that finished before `before`.
    async fn clean_queue(&self, device_id: &str, before: DateTime<Utc>) -> StoreResult<u64>;
    /// A try failed in a way safe to retry: the recipient is pending again (its failed
    /// message unlinked), with one more attempt counted and the reason kept. The count.
    async fn count_failed_attempt(&self, recipient_id: i64, error: &str) -> StoreResult<i64>;
}
