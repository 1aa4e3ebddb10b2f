//! Bulk-send jobs and scheduled messages: a durable queue in the database, paced per device.

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::user::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    /// Sending (or waiting for its next slot).
    Running,
    Paused,
    Completed,
    Cancelled,
    /// Stopped by the gateway: the device was banned or logged out.
    Stopped,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Running => "running",
            JobStatus::Paused => "paused",
            JobStatus::Completed => "completed",
            JobStatus::Cancelled => "cancelled",
            JobStatus::Stopped => "stopped",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Running,
            Self::Paused,
            Self::Completed,
            Self::Cancelled,
            Self::Stopped,
        ]
        .into_iter()
        .find(|j| j.as_str() == s)
    }

    pub fn is_finished(self) -> bool {
        matches!(
            self,
            JobStatus::Completed | JobStatus::Cancelled | JobStatus::Stopped
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RecipientStatus {
    Pending,
    /// Handed to the engine; becomes `sent` or `failed`, or `uncertain` after a crash.
    Sending,
    Sent,
    Failed,
    /// Not on WhatsApp, or not a valid number.
    Skipped,
    /// Was being sent when the gateway stopped: never re-sent automatically.
    Uncertain,
    Cancelled,
}

impl RecipientStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientStatus::Pending => "pending",
            RecipientStatus::Sending => "sending",
            RecipientStatus::Sent => "sent",
            RecipientStatus::Failed => "failed",
            RecipientStatus::Skipped => "skipped",
            RecipientStatus::Uncertain => "uncertain",
            RecipientStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Sending,
            Self::Sent,
            Self::Failed,
            Self::Skipped,
            Self::Uncertain,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// Quiet hours in the job's time zone: nothing is sent from `start` until `end` (which may be
/// on the next day, e.g. 21:00–08:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuietHours {
    #[schema(value_type = String, example = "21:00")]
    pub start: NaiveTime,
    #[schema(value_type = String, example = "08:00")]
    pub end: NaiveTime,
}

/// How a job paces itself. Defaults keep a number safe: 3 s ± 2 s apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Pacing {
    /// Seconds between two sends (before jitter).
    pub delay_secs: f64,
    /// Up to this many seconds are added or removed at random.
    pub jitter_secs: f64,
    /// At most this many job messages per device per day (in the time zone); none when absent.
    pub daily_cap: Option<u32>,
    pub quiet_hours: Option<QuietHours>,
    /// IANA time zone for quiet hours and days, e.g. `Asia/Jakarta`.
    pub timezone: String,
    /// Show "typing…" before each message.
    pub typing: bool,
    /// New numbers start slowly: a daily cap of 20 on the device's first day, doubling each
    /// day (never above `dailyCap`).
    pub warmup: bool,
    /// Tries for a failure that is safe to retry (not connected, rate limited) before the
    /// recipient is `failed`; without it such a recipient waits and is tried again, however often.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
}

impl Default for Pacing {
    fn default() -> Self {
        Self {
            delay_secs: 3.0,
            jitter_secs: 2.0,
            daily_cap: None,
            quiet_hours: None,
            timezone: "Asia/Jakarta".into(),
            typing: false,
            warmup: false,
            max_attempts: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobProgress {
    pub total: i64,
    pub sent: i64,
    pub failed: i64,
    pub skipped: i64,
    pub uncertain: i64,
    pub cancelled: i64,
    /// Not yet tried.
    pub pending: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    /// The job's id: use this one.
    pub id: String,
    /// The same as `id`, as earlier versions answered it; kept for their clients.
    #[schema(deprecated)]
    pub job_id: String,
    pub device_id: String,
    /// Who created it.
    pub user_id: UserId,
    /// `text` or `media`.
    pub kind: String,
    pub status: JobStatus,
    /// The message (variables and spintax are applied per recipient).
    pub message: String,
    /// For media jobs: the stored file and how to send it; `null` for text jobs.
    #[schema(value_type = Option<Object>)]
    pub media: Option<serde_json::Value>,
    pub pacing: Pacing,
    pub progress: JobProgress,
    /// Why the gateway stopped it, when it did.
    pub stop_reason: Option<String>,
    /// When the next message may go out.
    pub next_send_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobRecipient {
    pub id: i64,
    pub position: i64,
    /// The chat the message goes to, e.g. `6281234567890@s.whatsapp.net` or a group's JID.
    pub jid: String,
    /// The phone number of a person's chat (digits, country code first); absent for groups.
    pub phone: Option<String>,
    #[schema(value_type = Object)]
    pub variables: serde_json::Value,
    pub status: RecipientStatus,
    pub message_id: Option<String>,
    pub error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewJob {
    pub job_id: String,
    pub device_id: String,
    pub user_id: UserId,
    pub kind: String,
    pub message: String,
    pub media: Option<serde_json::Value>,
    pub pacing: Pacing,
    /// (phone, variables, message override)
    pub recipients: Vec<NewRecipient>,
}

#[derive(Debug, Clone)]
pub struct NewRecipient {
    pub phone: String,
    pub variables: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ScheduleStatus {
    Scheduled,
    /// Handed to the engine; if the gateway stops now it becomes `failed` (never re-sent).
    Sending,
    Sent,
    Failed,
    Cancelled,
    /// Fell due while the gateway was down, longer ago than the grace period.
    Missed,
}

impl ScheduleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ScheduleStatus::Scheduled => "scheduled",
            ScheduleStatus::Sending => "sending",
            ScheduleStatus::Sent => "sent",
            ScheduleStatus::Failed => "failed",
            ScheduleStatus::Cancelled => "cancelled",
            ScheduleStatus::Missed => "missed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Scheduled,
            Self::Sending,
            Self::Sent,
            Self::Failed,
            Self::Cancelled,
            Self::Missed,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledMessage {
    pub id: i64,
    pub device_id: String,
    pub user_id: UserId,
    /// The recipient (phone or JID as given, normalised).
    pub to: String,
    pub message: String,
    pub send_at: DateTime<Utc>,
    pub timezone: String,
    pub status: ScheduleStatus,
    pub message_id: Option<String>,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewScheduled {
    pub device_id: String,
    pub user_id: UserId,
    pub to: String,
    pub message: String,
    pub send_at: DateTime<Utc>,
    pub timezone: String,
}

use async_trait::async_trait;

use crate::{Page, PageRequest, StoreResult};

#[derive(Debug, Clone, Default)]
pub struct JobFilter {
    pub owner: Option<UserId>,
    pub device_id: Option<String>,
    pub status: Option<JobStatus>,
    pub page: PageRequest,
}

#[async_trait]
pub trait JobStore: Send + Sync {
    /// Writes the job and all its recipients at once.
    async fn create_job(&self, job: &NewJob, next_send_at: DateTime<Utc>) -> StoreResult<Job>;
    async fn job(&self, job_id: &str) -> StoreResult<Option<Job>>;
    async fn list_jobs(&self, filter: &JobFilter) -> StoreResult<Page<Job>>;
    /// Changes the status; `from` guards against races (only from one of these).
    async fn set_job_status(
        &self,
        job_id: &str,
        from: &[JobStatus],
        to: JobStatus,
        reason: Option<&str>,
    ) -> StoreResult<bool>;
    async fn set_next_send_at(&self, job_id: &str, at: DateTime<Utc>) -> StoreResult<()>;
    /// Running jobs whose next send is due, at most one per device (the oldest).
    async fn due_jobs(&self, now: DateTime<Utc>) -> StoreResult<Vec<Job>>;
    /// Marks the next pending recipient `sending` and returns it.
    async fn claim_recipient(&self, job_id: &str) -> StoreResult<Option<JobRecipient>>;
    async fn finish_recipient(
        &self,
        id: i64,
        status: RecipientStatus,
        message_id: Option<&str>,
        error: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Start-up after a crash: `sending` recipients become `uncertain`; of one device's jobs, or
    /// with `None` of every device's (a node that is alone).
    async fn mark_sending_uncertain(&self, device: Option<&str>) -> StoreResult<u64>;
    /// Puts failed (and, when asked, uncertain) recipients back to pending.
    async fn requeue_recipients(&self, job_id: &str, include_uncertain: bool) -> StoreResult<u64>;
    async fn cancel_pending(&self, job_id: &str) -> StoreResult<u64>;
    /// Job messages the device sent in `[from, to)`, for daily caps.
    async fn device_sends_between(
        &self,
        device_id: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<i64>;
    async fn recipients(
        &self,
        job_id: &str,
        status: Option<RecipientStatus>,
        page: PageRequest,
    ) -> StoreResult<Page<JobRecipient>>;
    /// Running and paused jobs of the device become `stopped` with the reason.
    async fn stop_device_jobs(&self, device_id: &str, reason: &str) -> StoreResult<Vec<String>>;
    /// How far the simulator moved the schedulers' clock ahead of real time, in ms (`None`
    /// when it never did).
    async fn clock_offset(&self) -> StoreResult<Option<i64>>;
    async fn save_clock_offset(&self, offset_ms: i64) -> StoreResult<()>;
}

#[derive(Debug, Clone, Default)]
pub struct ScheduleFilter {
    pub owner: Option<UserId>,
    pub device_id: Option<String>,
    pub status: Option<ScheduleStatus>,
    pub page: PageRequest,
}

#[async_trait]
pub trait ScheduleStore: Send + Sync {
    async fn create_scheduled(&self, new: &NewScheduled) -> StoreResult<ScheduledMessage>;
    async fn scheduled(&self, id: i64) -> StoreResult<Option<ScheduledMessage>>;
    async fn list_scheduled(&self, filter: &ScheduleFilter) -> StoreResult<Page<ScheduledMessage>>;
    /// Scheduled messages due at `now`, oldest first; with `devices`, only theirs (the devices
    /// a node of a cluster runs).
    async fn due_scheduled(
        &self,
        now: DateTime<Utc>,
        limit: i64,
        devices: Option<&[String]>,
    ) -> StoreResult<Vec<ScheduledMessage>>;
    /// Moves one from `from` to `to`; `false` when it was not in `from` (someone else took it).
    async fn transition_scheduled(
        &self,
        id: i64,
        from: ScheduleStatus,
        to: ScheduleStatus,
        message_id: Option<&str>,
        error: Option<&str>,
    ) -> StoreResult<bool>;
    /// Start-up: due ones older than `before` become `missed`; `sending` ones become `failed`.
    /// One device's, or with `None` every device's.
    async fn settle_scheduled_after_restart(
        &self,
        before: DateTime<Utc>,
        device: Option<&str>,
    ) -> StoreResult<u64>;
}
