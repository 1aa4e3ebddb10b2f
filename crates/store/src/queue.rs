//! Seed 003's queue over the `jobs` tables, in SQL both backends read alike.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::job::{Job, JobStatus, JobStore, NewJob, Pacing};
use gerbang_core::queue::*;
use gerbang_core::StoreResult;
use sqlx::types::Json;

use crate::db::query;
use crate::SqlStore;

/// A queued message's state in seed 003's words, from its recipient and its job (`$2` is now).
const ITEM_SELECT: &str = "SELECT j.job_id, j.device_id, r.message_id, r.phone, \
     j.message, r.status AS recipient_status, j.status AS job_status, r.attempts, j.pacing, \
     COALESCE(r.error, j.stop_reason) AS error, j.next_send_at, j.created_at, \
     COALESCE(r.sent_at, j.finished_at) AS finished_at, \
     CASE WHEN r.status = 'sent' THEN 'completed' \
       WHEN r.status IN ('failed', 'skipped', 'uncertain', 'cancelled') THEN 'failed' \
       WHEN r.status = 'sending' THEN 'active' \
       WHEN j.status = 'paused' THEN 'paused' \
       WHEN j.status <> 'running' THEN 'failed' \
       WHEN j.next_send_at > $2 THEN 'delayed' \
       ELSE 'waiting' END AS state \
     FROM jobs j JOIN job_recipients r ON r.job_id = j.job_id \
     WHERE j.device_id = $1 AND j.kind = 'queue'";

#[derive(sqlx::FromRow)]
struct ItemRow {
    job_id: String,
    device_id: String,
    message_id: Option<String>,
    phone: String,
    message: String,
    recipient_status: String,
    job_status: String,
    attempts: i64,
    pacing: Json<Pacing>,
    error: Option<String>,
    next_send_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    state: String,
}

impl From<ItemRow> for QueueItem {
    fn from(r: ItemRow) -> Self {
        let number = gerbang_core::jid::Jid::parse(&r.phone)
            .ok()
            .and_then(|j| j.phone().map(|_| j.user_part().to_string()));
        let pending = matches!(r.state.as_str(), "waiting" | "delayed");
        QueueItem {
            job_id: r.job_id,
            device_id: r.device_id,
            message_id: r.message_id,
            chat_id: r.phone,
            number,
            message: r.message,
            status: QueueState::parse(&r.state).unwrap_or(QueueState::Failed),
            recipient_status: r.recipient_status,
            job_status: JobStatus::parse(&r.job_status).unwrap_or(JobStatus::Stopped),
            attempts: r.attempts,
            max_attempts: r.pacing.0.max_attempts,
            failed_reason: r.error,
            next_attempt_at: if pending { r.next_send_at } else { None },
            timestamp: r.created_at,
            finished_on: r.finished_at,
        }
    }
}

#[async_trait]
impl<B: sqlx::Database> QueueStore for SqlStore<B> {
    async fn queue_settings(&self, device_id: &str) -> StoreResult<Option<QueueSettings>> {
        let row: Option<(i64, i64, i64, bool, DateTime<Utc>)> = query(
            "SELECT max_attempts, interval_ms, batch_size, paused, updated_at \
             FROM queue_settings WHERE device_id = $1",
        )
        .bind(device_id)
        .fetch_optional(&self.db)
        .await?;
        Ok(row.map(
            |(max_attempts, interval_ms, batch_size, paused, updated_at)| QueueSettings {
                device_id: device_id.to_string(),
                max_attempts: max_attempts.clamp(1, i64::from(u32::MAX)) as u32,
                interval_ms: interval_ms.max(0) as u64,
                batch_size: batch_size.clamp(1, i64::from(u32::MAX)) as u32,
                paused,
                updated_at: Some(updated_at),
            },
        ))
    }

    async fn save_queue_settings(&self, s: &QueueSettings) -> StoreResult<()> {
        let mut tx = self.db.begin_write().await?;
        query(
            "INSERT INTO queue_settings (device_id, max_attempts, interval_ms, batch_size, \
             paused, updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (device_id) DO \
             UPDATE SET max_attempts = excluded.max_attempts, interval_ms = excluded.interval_ms, \
             batch_size = excluded.batch_size, paused = excluded.paused, \
             updated_at = excluded.updated_at",
        )
        .bind(&s.device_id)
        .bind(i64::from(s.max_attempts))
        .bind(s.interval_ms as i64)
        .bind(i64::from(s.batch_size))
        .bind(s.paused)
        .bind(Utc::now())
        .execute(&mut tx)
        .await?;
        // Messages already waiting take the new pace and attempt limit too.
        query(
            "UPDATE jobs SET pacing = $1 WHERE device_id = $2 AND kind = 'queue' \
             AND status IN ('running', 'paused')",
        )
        .bind(Json(s.pacing()))
        .bind(&s.device_id)
        .execute(&mut tx)
        .await?;
        tx.commit().await
    }

    async fn enqueue(
        &self,
        job: &NewJob,
        status: JobStatus,
        at: DateTime<Utc>,
    ) -> StoreResult<Job> {
        let Some(r) = job.recipients.first() else {
            return Err(gerbang_core::StoreError::Other(
                "a queued message needs a recipient".into(),
            ));
        };
        let mut tx = self.db.begin_write().await?;
        query(
            "INSERT INTO jobs (job_id, device_id, user_id, kind, status, message, media, pacing, \
             next_send_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8, $9)",
        )
        .bind(&job.job_id)
        .bind(&job.device_id)
        .bind(job.user_id)
        .bind(&job.kind)
        .bind(status.as_str())
        .bind(&job.message)
        .bind(Json(&job.pacing))
        .bind(at)
        .bind(Utc::now())
        .execute(&mut tx)
        .await?;
        query(
            "INSERT INTO job_recipients (job_id, position, phone, variables, status) \
             VALUES ($1, 0, $2, $3, 'pending')",
        )
        .bind(&job.job_id)
        .bind(&r.phone)
        .bind(Json(&r.variables))
        .execute(&mut tx)
        .await?;
        tx.commit().await?;
        JobStore::job(self, &job.job_id)
            .await?
            .ok_or_else(|| gerbang_core::StoreError::Other("queued job vanished".into()))
    }

    async fn queue_items(
        &self,
        device_id: &str,
        state: Option<QueueState>,
        offset: i64,
        limit: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<QueueItem>> {
        let rows = query(format!(
            "SELECT * FROM ({ITEM_SELECT}) q WHERE ($3 IS NULL OR q.state = $3) \
             ORDER BY q.created_at, q.job_id LIMIT $4 OFFSET $5"
        ))
        .bind(device_id)
        .bind(now)
        .bind(state.map(QueueState::as_str))
        .bind(limit)
        .bind(offset)
        .fetch_all::<ItemRow>(&self.db)
        .await?;
        Ok(rows.into_iter().map(QueueItem::from).collect())
    }

    async fn queue_item(
        &self,
        device_id: &str,
        job_id: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<QueueItem>> {
        query(format!("{ITEM_SELECT} AND j.job_id = $3"))
            .bind(device_id)
            .bind(now)
            .bind(job_id)
            .fetch_optional::<ItemRow>(&self.db)
            .await
            .map(|r| r.map(QueueItem::from))
    }

    async fn queue_counts(&self, device_id: &str, now: DateTime<Utc>) -> StoreResult<QueueCounts> {
        let rows: Vec<(String, i64)> = query(format!(
            "SELECT q.state, COUNT(*) FROM ({ITEM_SELECT}) q GROUP BY q.state"
        ))
        .bind(device_id)
        .bind(now)
        .fetch_all(&self.db)
        .await?;
        let mut c = QueueCounts::default();
        for (state, n) in rows {
            c.total += n;
            match QueueState::parse(&state) {
                Some(QueueState::Waiting) => c.waiting = n,
                Some(QueueState::Active) => c.active = n,
                Some(QueueState::Completed) => c.completed = n,
                Some(QueueState::Delayed) => c.delayed = n,
                Some(QueueState::Paused) => c.paused = n,
                Some(QueueState::Failed) | None => c.failed += n,
            }
        }
        Ok(c)
    }

    async fn set_queue_status(
        &self,
        device_id: &str,
        from: JobStatus,
        to: JobStatus,
    ) -> StoreResult<u64> {
        // Only messages still to send: a sent one's job completes on its own. A resumed message
        // never goes out before the time its pacing set.
        let now = Utc::now();
        query(
            "UPDATE jobs SET status = $1, next_send_at = CASE WHEN next_send_at IS NULL \
             OR next_send_at < $2 THEN $2 ELSE next_send_at END \
             WHERE device_id = $3 AND kind = 'queue' AND status = $4 AND EXISTS (SELECT 1 \
             FROM job_recipients r WHERE r.job_id = jobs.job_id AND r.status = 'pending')",
        )
        .bind(to.as_str())
        .bind(now)
        .bind(device_id)
        .bind(from.as_str())
        .execute(&self.db)
        .await
    }

    async fn clear_queue(&self, device_id: &str) -> StoreResult<u64> {
        query(
            "DELETE FROM jobs WHERE device_id = $1 AND kind = 'queue' AND NOT EXISTS \
             (SELECT 1 FROM job_recipients r WHERE r.job_id = jobs.job_id AND r.status = 'sending')",
        )
        .bind(device_id)
        .execute(&self.db)
        .await
    }

    async fn clean_queue(&self, device_id: &str, before: DateTime<Utc>) -> StoreResult<u64> {
        query(
            "DELETE FROM jobs WHERE device_id = $1 AND kind = 'queue' \
             AND status IN ('completed', 'cancelled', 'stopped') AND finished_at < $2",
        )
        .bind(device_id)
        .bind(before)
        .execute(&self.db)
        .await
    }

    async fn count_failed_attempt(&self, recipient_id: i64, error: &str) -> StoreResult<i64> {
        query(
            "UPDATE job_recipients SET status = 'pending', message_id = NULL, error = $1, \
             attempts = attempts + 1 WHERE id = $2 RETURNING attempts",
        )
        .bind(error)
        .bind(recipient_id)
        .scalar(&self.db)
        .await
    }
}
