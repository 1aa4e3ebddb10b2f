//! Seed 003's durable message queue. It is not a second queue: a queued message is a job of
//! kind `queue` with one recipient, sent by the job worker with the device's queue pacing, so
//! it survives restarts, is never sent twice, and a send in flight at a crash is `uncertain`.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};

use gerbang_core::event::types;
use gerbang_core::jid::Jid;
use gerbang_core::job::{JobStatus, NewJob, NewRecipient};
use gerbang_core::queue::{QueueCounts, QueueItem, QueueSettings, QueueState, QUEUE_KIND};

use crate::jobs::{JobAction, RetryInput};
use crate::validate::Fields;
use crate::{App, AppError, AppResult, Principal};

/// Seed 003's `priority`; accepted and echoed. Messages go out first in, first out.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "UPPERCASE")]
pub enum Priority {
    High,
    #[default]
    Normal,
    Low,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnqueueInput {
    /// Phone number (`0812…`, `+62 812-…`) or JID. Also accepted as `number` (seed 003's name),
    /// `to`, `jid`, `recipient`, `phoneNumber`, `targetNumber` or `chatId`.
    #[serde(
        alias = "to",
        alias = "jid",
        alias = "recipient",
        alias = "number",
        alias = "phoneNumber",
        alias = "targetNumber",
        alias = "chatId"
    )]
    pub phone: String,
    /// Also accepted as `text`.
    #[serde(alias = "text")]
    pub message: String,
    #[serde(default)]
    pub priority: Priority,
}

/// The answer to a queued send (seed 003's fields).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Enqueued {
    /// Always `true`.
    pub queued: bool,
    /// The queued message's id (a job id): `/api/whatsapp/queue/job/{id}`.
    pub id: String,
    /// The same as `id`, as seed 003 named it.
    pub job_id: String,
    pub device_id: String,
    /// The number (digits), absent for a group.
    pub to: Option<String>,
    pub chat_id: String,
    /// `waiting`, or `paused` while the queue is paused.
    pub status: QueueState,
    pub priority: Priority,
    /// Always `queued`.
    pub delivery: &'static str,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Only messages in this state (seed 003's default: `waiting`; `all` for every state).
    pub status: Option<String>,
    /// The first one to show, counted from 0.
    pub start: Option<i64>,
    /// One past the last one to show (at most 100 after `start`).
    pub end: Option<i64>,
}

/// Seed 003's queue status: the counts and one page of messages.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueOverview {
    pub device_id: String,
    /// All messages in the queue, whatever their state.
    pub queue_size: i64,
    pub waiting: i64,
    pub active: i64,
    pub completed: i64,
    pub failed: i64,
    pub delayed: i64,
    pub paused: i64,
    /// Whether the queue is paused.
    pub queue_paused: bool,
    /// The state listed (`all` for every state).
    pub status: String,
    pub messages: Vec<QueueItem>,
    pub stats: QueueCounts,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueStats {
    pub device_id: String,
    pub queue_paused: bool,
    #[serde(flatten)]
    pub counts: QueueCounts,
}

/// How many messages an action touched.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueChange {
    pub device_id: String,
    /// How many messages were removed, paused or resumed.
    pub count: u64,
    pub queue_paused: bool,
    pub message: String,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CleanInput {
    /// Remove finished messages older than this many milliseconds (seed 003's `grace`;
    /// default 24 hours).
    pub grace: Option<i64>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueConfigInput {
    /// Messages per interval, 1 to 10 (seed 003's `concurrency`; also `batchSize`).
    #[serde(alias = "batchSize")]
    pub concurrency: Option<i64>,
    /// The interval in milliseconds, 2000 to 86400000 (seed 003's `processInterval`; also
    /// `interval`).
    #[serde(alias = "interval")]
    pub process_interval: Option<i64>,
    /// Tries for a failure that is safe to retry, 1 to 20 (also `retries`, `maxRetries`).
    #[serde(alias = "retries", alias = "maxRetries")]
    pub max_attempts: Option<i64>,
    /// Accepted (at least 60000) for seed 003's clients and not used: a send that stalls is
    /// never repeated automatically here; after a crash it is `uncertain`.
    pub stalled_timeout: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueConfig {
    #[serde(flatten)]
    pub settings: QueueSettings,
    /// Seconds between two messages: `intervalMs / batchSize / 1000`.
    pub delay_secs: f64,
    /// The fields given that Gerbang does not use (`stalledTimeout`).
    pub ignored: Vec<&'static str>,
}

const DAY_MS: i64 = 86_400_000;

impl App {
    async fn queue_settings_of(&self, device_id: &str) -> AppResult<QueueSettings> {
        Ok(self
            .store
            .queue_settings(device_id)
            .await?
            .unwrap_or_else(|| QueueSettings::defaults(device_id)))
    }

    /// Queues a text for the device; the job worker sends it in its turn.
    pub async fn enqueue_text(
        &self,
        who: &Principal,
        device_id: &str,
        input: EnqueueInput,
    ) -> AppResult<Enqueued> {
        let mut f = Fields::new();
        let to = f.take("phone", Jid::parse(&input.phone));
        if input.message.trim().is_empty() {
            f.add("message", "must not be empty");
        } else if input.message.chars().count() > 65_536 {
            f.add("message", "must be at most 65536 characters");
        }
        f.finish()?;
        let to = to.ok_or_else(|| AppError::field("phone", "missing"))?;
        let device = self.device_for(who, device_id).await?;
        let settings = self.queue_settings_of(&device.device_id).await?;
        let mut vars = Map::new();
        // Digits, country code first, as in a bulk job's `{{phone}}`.
        let number = to.phone().map(|_| to.user_part().to_string());
        if let Some(n) = &number {
            vars.insert("phone".into(), Value::String(n.clone()));
        }
        let new = NewJob {
            job_id: crate::jobs::new_job_id(),
            device_id: device.device_id.clone(),
            user_id: who.user_id(),
            kind: QUEUE_KIND.into(),
            message: input.message,
            media: None,
            pacing: settings.pacing(),
            recipients: vec![NewRecipient {
                phone: to.to_string(),
                variables: Value::Object(vars),
            }],
        };
        let status = if settings.paused {
            JobStatus::Paused
        } else {
            JobStatus::Running
        };
        let job = self.store.enqueue(&new, status, self.clock.now()).await?;
        self.job_event(&job, types::JOB_PROGRESS).await?;
        self.clock.moved.notify_waiters();
        Ok(Enqueued {
            queued: true,
            id: job.job_id.clone(),
            job_id: job.job_id,
            device_id: device.device_id,
            to: number,
            chat_id: to.to_string(),
            status: if settings.paused {
                QueueState::Paused
            } else {
                QueueState::Waiting
            },
            priority: input.priority,
            delivery: "queued",
        })
    }

    pub async fn queue_overview(
        &self,
        who: &Principal,
        device_id: &str,
        q: QueueQuery,
    ) -> AppResult<QueueOverview> {
        let mut f = Fields::new();
        let status = q.status.unwrap_or_else(|| "waiting".into());
        let state = match status.as_str() {
            "all" => None,
            s => {
                let st = QueueState::parse(s);
                if st.is_none() {
                    f.add(
                        "status",
                        "one of waiting, active, completed, failed, delayed, paused, all",
                    );
                }
                st
            }
        };
        let start = q.start.unwrap_or(0);
        // Saturating: any i64 may arrive in the query, and overflow must be a 400, not a panic.
        let end = q.end.unwrap_or(start.saturating_add(10));
        if start < 0 {
            f.add("start", "must be 0 or more");
        }
        if end <= start || end.saturating_sub(start) > 100 {
            f.add("end", "must be more than start, by at most 100");
        }
        f.finish()?;
        let device = self.device_for(who, device_id).await?;
        let now = self.clock.now();
        let messages = self
            .store
            .queue_items(&device.device_id, state, start, end - start, now)
            .await?;
        let stats = self.store.queue_counts(&device.device_id, now).await?;
        let settings = self.queue_settings_of(&device.device_id).await?;
        Ok(QueueOverview {
            device_id: device.device_id,
            queue_size: stats.total,
            waiting: stats.waiting,
            active: stats.active,
            completed: stats.completed,
            failed: stats.failed,
            delayed: stats.delayed,
            paused: stats.paused,
            queue_paused: settings.paused,
            status,
            messages,
            stats,
        })
    }

    pub async fn queue_stats(&self, who: &Principal, device_id: &str) -> AppResult<QueueStats> {
        let device = self.device_for(who, device_id).await?;
        let counts = self
            .store
            .queue_counts(&device.device_id, self.clock.now())
            .await?;
        let settings = self.queue_settings_of(&device.device_id).await?;
        Ok(QueueStats {
            device_id: device.device_id,
            queue_paused: settings.paused,
            counts,
        })
    }

    pub async fn queue_item(
        &self,
        who: &Principal,
        device_id: &str,
        job_id: &str,
    ) -> AppResult<QueueItem> {
        let device = self.device_for(who, device_id).await?;
        self.store
            .queue_item(&device.device_id, job_id, self.clock.now())
            .await?
            .ok_or(AppError::NotFound("queued message"))
    }

    /// Removes every queued message of the device, waiting or finished (one being handed to
    /// WhatsApp at this moment stays, to finish).
    pub async fn clear_queue(&self, who: &Principal, device_id: &str) -> AppResult<QueueChange> {
        let device = self.device_for(who, device_id).await?;
        let n = self.store.clear_queue(&device.device_id).await?;
        self.queue_change(&device.device_id, n, format!("{n} queued messages removed"))
            .await
    }

    /// Removes finished messages (sent, failed, cancelled) older than `grace` ms.
    pub async fn clean_queue(
        &self,
        who: &Principal,
        device_id: &str,
        input: CleanInput,
    ) -> AppResult<QueueChange> {
        let grace = input.grace.unwrap_or(DAY_MS);
        if !(0..=365 * DAY_MS).contains(&grace) {
            return Err(AppError::field(
                "grace",
                "milliseconds, from 0 to 31536000000 (a year)",
            ));
        }
        let device = self.device_for(who, device_id).await?;
        let before = Utc::now() - chrono::Duration::milliseconds(grace);
        let n = self.store.clean_queue(&device.device_id, before).await?;
        self.queue_change(
            &device.device_id,
            n,
            format!("{n} old queued messages removed"),
        )
        .await
    }

    /// Pauses (or resumes) the queue: its waiting messages, and the ones queued later.
    pub async fn pause_queue(
        &self,
        who: &Principal,
        device_id: &str,
        pause: bool,
    ) -> AppResult<QueueChange> {
        let device = self.device_for(who, device_id).await?;
        let mut settings = self.queue_settings_of(&device.device_id).await?;
        settings.paused = pause;
        self.store.save_queue_settings(&settings).await?;
        let (from, to) = if pause {
            (JobStatus::Running, JobStatus::Paused)
        } else {
            (JobStatus::Paused, JobStatus::Running)
        };
        let n = self
            .store
            .set_queue_status(&device.device_id, from, to)
            .await?;
        self.clock.moved.notify_waiters();
        let what = if pause { "paused" } else { "resumed" };
        self.queue_change(&device.device_id, n, format!("queue {what}: {n} messages"))
            .await
    }

    /// Sends a failed message again (an uncertain one only with `includeUncertain`), or
    /// resumes a paused one.
    pub async fn retry_queued(
        &self,
        who: &Principal,
        device_id: &str,
        job_id: &str,
        retry: RetryInput,
    ) -> AppResult<QueueItem> {
        let item = self.queue_item(who, device_id, job_id).await?;
        let action = match item.job_status {
            JobStatus::Paused if item.recipient_status == "pending" => JobAction::Resume,
            _ => JobAction::Retry,
        };
        self.control_job(who, job_id, action, retry).await?;
        self.queue_item(who, device_id, job_id).await
    }

    pub async fn queue_config(&self, who: &Principal, device_id: &str) -> AppResult<QueueConfig> {
        let device = self.device_for(who, device_id).await?;
        let settings = self.queue_settings_of(&device.device_id).await?;
        Ok(config_answer(settings, Vec::new()))
    }

    /// Seed 003's `POST /queue/config`: at least one setting; each one out of range is named.
    pub async fn set_queue_config(
        &self,
        who: &Principal,
        device_id: &str,
        input: QueueConfigInput,
    ) -> AppResult<QueueConfig> {
        let mut f = Fields::new();
        if input.concurrency.is_some_and(|n| !(1..=10).contains(&n)) {
            f.add("concurrency", "must be 1 to 10");
        }
        if input
            .process_interval
            .is_some_and(|n| !(2_000..=DAY_MS).contains(&n))
        {
            f.add("processInterval", "milliseconds, 2000 to 86400000");
        }
        if input.max_attempts.is_some_and(|n| !(1..=20).contains(&n)) {
            f.add("maxAttempts", "must be 1 to 20");
        }
        if input.stalled_timeout.is_some_and(|n| n < 60_000) {
            f.add("stalledTimeout", "milliseconds, at least 60000");
        }
        if input.concurrency.is_none()
            && input.process_interval.is_none()
            && input.max_attempts.is_none()
            && input.stalled_timeout.is_none()
        {
            f.add(
                "concurrency",
                "give concurrency (1-10), processInterval (ms, at least 2000) or maxAttempts (1-20)",
            );
        }
        f.finish()?;
        let device = self.device_for(who, device_id).await?;
        let mut s = self.queue_settings_of(&device.device_id).await?;
        if let Some(n) = input.concurrency {
            s.batch_size = n as u32;
        }
        if let Some(n) = input.process_interval {
            s.interval_ms = n as u64;
        }
        if let Some(n) = input.max_attempts {
            s.max_attempts = n as u32;
        }
        self.store.save_queue_settings(&s).await?;
        let saved = self.queue_settings_of(&device.device_id).await?;
        let ignored = if input.stalled_timeout.is_some() {
            vec!["stalledTimeout"]
        } else {
            Vec::new()
        };
        Ok(config_answer(saved, ignored))
    }

    async fn queue_change(
        &self,
        device_id: &str,
        count: u64,
        message: String,
    ) -> AppResult<QueueChange> {
        let settings = self.queue_settings_of(device_id).await?;
        Ok(QueueChange {
            device_id: device_id.to_string(),
            count,
            queue_paused: settings.paused,
            message,
        })
    }
}

fn config_answer(settings: QueueSettings, ignored: Vec<&'static str>) -> QueueConfig {
    QueueConfig {
        delay_secs: settings.pacing().delay_secs,
        settings,
        ignored,
    }
}
