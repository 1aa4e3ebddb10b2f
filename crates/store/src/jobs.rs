//! Bulk-send jobs and scheduled messages, in SQL both backends read alike.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::job::*;
use gerbang_core::{Page, PageRequest, StoreResult};
use sqlx::types::Json;

use crate::cluster::{check_once, Fences};
use crate::db::{query, Bind, Query, Tx};
use crate::SqlStore;

/// A job with its progress, read from the counters `job_counts` keeps (migration 0028): each
/// figure is one primary-key lookup, however many recipients the database holds.
const JOB_SELECT: &str =
    "SELECT j.job_id, j.device_id, j.user_id, j.kind, j.status, j.message, \
     j.media, j.pacing, j.stop_reason, j.next_send_at, j.created_at, j.finished_at, \
     (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM job_counts c WHERE c.job_id = j.job_id) AS total, \
     (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM job_counts c WHERE c.job_id = j.job_id AND c.status = 'sent') AS sent, \
     (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM job_counts c WHERE c.job_id = j.job_id AND c.status = 'failed') AS failed, \
     (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM job_counts c WHERE c.job_id = j.job_id AND c.status = 'skipped') AS skipped, \
     (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM job_counts c WHERE c.job_id = j.job_id AND c.status = 'uncertain') AS uncertain, \
     (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM job_counts c WHERE c.job_id = j.job_id AND c.status = 'cancelled') AS cancelled, \
     (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM job_counts c WHERE c.job_id = j.job_id AND c.status IN ('pending', 'sending')) AS pending \
     FROM jobs j";

#[derive(sqlx::FromRow)]
struct JobRow {
    job_id: String,
    device_id: String,
    user_id: i64,
    kind: String,
    status: String,
    message: String,
    media: Option<Json<serde_json::Value>>,
    pacing: Json<Pacing>,
    stop_reason: Option<String>,
    next_send_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    total: i64,
    sent: i64,
    failed: i64,
    skipped: i64,
    uncertain: i64,
    cancelled: i64,
    pending: i64,
}

impl From<JobRow> for Job {
    fn from(r: JobRow) -> Self {
        Job {
            id: r.job_id.clone(),
            job_id: r.job_id,
            device_id: r.device_id,
            user_id: r.user_id,
            kind: r.kind,
            status: JobStatus::parse(&r.status).unwrap_or(JobStatus::Paused),
            message: r.message,
            media: r.media.map(|m| m.0),
            pacing: r.pacing.0,
            progress: JobProgress {
                total: r.total,
                sent: r.sent,
                failed: r.failed,
                skipped: r.skipped,
                uncertain: r.uncertain,
                cancelled: r.cancelled,
                pending: r.pending,
            },
            stop_reason: r.stop_reason,
            next_send_at: r.next_send_at,
            created_at: r.created_at,
            finished_at: r.finished_at,
        }
    }
}

const RECIPIENT_COLUMNS: &str =
    "id, position, phone, variables, status, message_id, error, sent_at";

#[derive(sqlx::FromRow)]
struct RecipientRow {
    id: i64,
    position: i64,
    phone: String,
    variables: Json<serde_json::Value>,
    status: String,
    message_id: Option<String>,
    error: Option<String>,
    sent_at: Option<DateTime<Utc>>,
}

impl From<RecipientRow> for JobRecipient {
    fn from(r: RecipientRow) -> Self {
        // The column holds the chat's JID (named `phone` from before groups were recipients).
        let phone = gerbang_core::jid::Jid::parse(&r.phone)
            .ok()
            .and_then(|j| j.phone())
            .map(|p| p.as_str().to_string());
        JobRecipient {
            id: r.id,
            position: r.position,
            jid: r.phone,
            phone,
            variables: r.variables.0,
            status: RecipientStatus::parse(&r.status).unwrap_or(RecipientStatus::Pending),
            message_id: r.message_id,
            error: r.error,
            sent_at: r.sent_at,
        }
    }
}

const SCHEDULED_COLUMNS: &str = "id, device_id, user_id, recipient, message, send_at, timezone, \
     status, message_id, error, created_at, sent_at";

#[derive(sqlx::FromRow)]
struct ScheduledRow {
    id: i64,
    device_id: String,
    user_id: i64,
    recipient: String,
    message: String,
    send_at: DateTime<Utc>,
    timezone: String,
    status: String,
    message_id: Option<String>,
    error: Option<String>,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
}

impl From<ScheduledRow> for ScheduledMessage {
    fn from(r: ScheduledRow) -> Self {
        ScheduledMessage {
            id: r.id,
            device_id: r.device_id,
            user_id: r.user_id,
            to: r.recipient,
            message: r.message,
            send_at: r.send_at,
            timezone: r.timezone,
            status: ScheduleStatus::parse(&r.status).unwrap_or(ScheduleStatus::Failed),
            message_id: r.message_id,
            error: r.error,
            created_at: r.created_at,
            sent_at: r.sent_at,
        }
    }
}

/// Recipients in `from` whose message is known sent (or further) become `sent`, and those
/// whose message failed become `failed`.
async fn settle_by_message(tx: &mut Tx, from: &str, device: Option<&str>) -> StoreResult<()> {
    let reached = "('sent', 'delivered', 'read', 'played')";
    query(format!(
        "UPDATE job_recipients SET status = 'sent', error = NULL, \
         sent_at = COALESCE(sent_at, (SELECT m.updated_at FROM messages m JOIN jobs j \
           ON j.device_id = m.device_id WHERE j.job_id = job_recipients.job_id \
           AND m.message_id = job_recipients.message_id)) \
         WHERE status = $1 AND message_id IS NOT NULL AND EXISTS (SELECT 1 FROM messages m \
           JOIN jobs j ON j.device_id = m.device_id WHERE j.job_id = job_recipients.job_id \
           AND m.message_id = job_recipients.message_id AND m.status IN {reached}) \
         AND ($2 IS NULL OR job_id IN (SELECT job_id FROM jobs WHERE device_id = $2))"
    ))
    .bind(from)
    .bind(device)
    .execute(&mut *tx)
    .await?;
    query(
        "UPDATE job_recipients SET status = 'failed', error = (SELECT m.failure_reason \
           FROM messages m JOIN jobs j ON j.device_id = m.device_id \
           WHERE j.job_id = job_recipients.job_id AND m.message_id = job_recipients.message_id) \
         WHERE status = $1 AND message_id IS NOT NULL AND EXISTS (SELECT 1 FROM messages m \
           JOIN jobs j ON j.device_id = m.device_id WHERE j.job_id = job_recipients.job_id \
           AND m.message_id = job_recipients.message_id AND m.status = 'failed') \
         AND ($2 IS NULL OR job_id IN (SELECT job_id FROM jobs WHERE device_id = $2))",
    )
    .bind(from)
    .bind(device)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// In a cluster, refuses the write when the job's device (found by `lookup` from `key`) is
/// served by another node now.
async fn fence_job<'k>(
    fences: &Fences,
    tx: &mut Tx,
    lookup: &'k str,
    key: impl Bind<'k>,
) -> StoreResult<()> {
    if !fences.active() {
        return Ok(());
    }
    let device: Option<String> = query(lookup).bind(key).scalar_optional(&mut *tx).await?;
    if let Some(device) = device {
        check_once(fences, tx, &mut Vec::new(), &device).await?;
    }
    Ok(())
}

/// ` AND <column> IN ($n, …)` over `values`. An empty list is left to the database to judge,
/// as it always was.
fn push_in<'q>(q: &mut Query<'q>, column: &str, values: impl IntoIterator<Item = impl Bind<'q>>) {
    q.push(format_args!(" AND {column} IN ")).push_list(values);
}

#[async_trait]
impl<B: sqlx::Database> JobStore for SqlStore<B> {
    async fn create_job(&self, job: &NewJob, next_send_at: DateTime<Utc>) -> StoreResult<Job> {
        let mut tx = self.db.begin_write().await?;
        query(
            "INSERT INTO jobs (job_id, device_id, user_id, kind, status, message, media, pacing, \
             next_send_at, created_at) VALUES ($1, $2, $3, $4, 'running', $5, $6, $7, $8, $9)",
        )
        .bind(&job.job_id)
        .bind(&job.device_id)
        .bind(job.user_id)
        .bind(&job.kind)
        .bind(&job.message)
        .bind(job.media.as_ref().map(Json))
        .bind(Json(&job.pacing))
        .bind(next_send_at)
        .bind(Utc::now())
        .execute(&mut tx)
        .await?;
        // Batches keep each statement under the backends' bind-parameter limits.
        for (chunk_no, chunk) in job.recipients.chunks(500).enumerate() {
            let mut q =
                query("INSERT INTO job_recipients (job_id, position, phone, variables, status) ");
            q.push("VALUES ");
            for (i, r) in chunk.iter().enumerate() {
                q.push(if i == 0 { "(" } else { ", (" })
                    .push_bind(&job.job_id)
                    .push(", ")
                    .push_bind((chunk_no * 500 + i) as i64)
                    .push(", ")
                    .push_bind(&r.phone)
                    .push(", ")
                    .push_bind(Json(&r.variables))
                    .push(", ")
                    .push_bind("pending")
                    .push(")");
            }
            q.execute(&mut tx).await?;
        }
        tx.commit().await?;
        self.job(&job.job_id)
            .await?
            .ok_or_else(|| gerbang_core::StoreError::Other("job vanished".into()))
    }

    async fn job(&self, job_id: &str) -> StoreResult<Option<Job>> {
        query(format!("{JOB_SELECT} WHERE j.job_id = $1"))
            .bind(job_id)
            .fetch_optional::<JobRow>(&self.db)
            .await
            .map(|r| r.map(Job::from))
    }

    async fn list_jobs(&self, f: &JobFilter) -> StoreResult<Page<Job>> {
        let filter = |q: &mut Query| {
            q.push(" WHERE 1 = 1");
            if let Some(owner) = f.owner {
                q.push(" AND j.user_id = ").push_bind(owner);
            }
            if let Some(d) = &f.device_id {
                q.push(" AND j.device_id = ").push_bind(d.clone());
            }
            if let Some(s) = f.status {
                q.push(" AND j.status = ").push_bind(s.as_str());
            }
        };
        crate::paging::page::<JobRow, Job>(
            &self.db,
            "SELECT COUNT(*) FROM jobs j",
            JOB_SELECT,
            filter,
            "ORDER BY j.created_at DESC",
            f.page,
        )
        .await
    }

    async fn set_job_status(
        &self,
        job_id: &str,
        from: &[JobStatus],
        to: JobStatus,
        reason: Option<&str>,
    ) -> StoreResult<bool> {
        let mut q = query("UPDATE jobs SET status = ");
        q.push_bind(to.as_str())
            .push(", stop_reason = COALESCE(")
            .push_bind(reason);
        q.push(", stop_reason), finished_at = ");
        q.push_bind(to.is_finished().then(Utc::now));
        if to == JobStatus::Running {
            // Resuming (or retrying) never sends earlier than the pacing allowed when the job
            // last sent: the time it set still holds, only a past one moves up.
            let now = Utc::now();
            q.push(", next_send_at = CASE WHEN next_send_at IS NULL OR next_send_at < ")
                .push_bind(now)
                .push(" THEN ")
                .push_bind(now)
                .push(" ELSE next_send_at END");
        }
        q.push(" WHERE job_id = ").push_bind(job_id);
        push_in(&mut q, "status", from.iter().map(|st| st.as_str()));
        q.execute(&self.db).await.map(|n| n == 1)
    }

    async fn set_next_send_at(&self, job_id: &str, at: DateTime<Utc>) -> StoreResult<()> {
        query("UPDATE jobs SET next_send_at = $1 WHERE job_id = $2")
            .bind(at)
            .bind(job_id)
            .execute(&self.db)
            .await
            .map(|_| ())
    }

    async fn due_jobs(&self, now: DateTime<Utc>) -> StoreResult<Vec<Job>> {
        let ids: Vec<String> = query(
            "SELECT j.job_id FROM jobs j WHERE j.status = 'running' \
             AND (j.next_send_at IS NULL OR j.next_send_at <= $1) \
             AND NOT EXISTS (SELECT 1 FROM jobs o WHERE o.device_id = j.device_id \
               AND o.status = 'running' AND (o.created_at < j.created_at \
               OR (o.created_at = j.created_at AND o.job_id < j.job_id))) \
             ORDER BY j.created_at",
        )
        .bind(now)
        .scalars(&self.db)
        .await?;
        let mut jobs = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(job) = self.job(&id).await? {
                jobs.push(job);
            }
        }
        Ok(jobs)
    }

    async fn claim_recipient(&self, job_id: &str) -> StoreResult<Option<JobRecipient>> {
        // Side-by-side sends of one job claim at the same time: on PostgreSQL each must skip the
        // rows the others hold, or all but one would wait for the same row and find it taken
        // (SQLite has one writer: each claim sees the one before it).
        let skip_locked = self.db.backend().row_lock("FOR UPDATE SKIP LOCKED");
        let sql = format!(
            "UPDATE job_recipients SET status = 'sending' WHERE id = (SELECT id FROM job_recipients \
             WHERE job_id = $1 AND status = 'pending' ORDER BY position LIMIT 1 {skip_locked}) \
             AND status = 'pending' RETURNING {RECIPIENT_COLUMNS}"
        );
        let mut tx = self.db.begin_write().await?;
        fence_job(
            &self.fences,
            &mut tx,
            "SELECT device_id FROM jobs WHERE job_id = $1",
            job_id,
        )
        .await?;
        let claimed = query(sql)
            .bind(job_id)
            .fetch_optional::<RecipientRow>(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(claimed.map(JobRecipient::from))
    }

    async fn finish_recipient(
        &self,
        id: i64,
        status: RecipientStatus,
        message_id: Option<&str>,
        error: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.db.begin_write().await?;
        let lookup = "SELECT j.device_id FROM jobs j JOIN job_recipients r \
                      ON r.job_id = j.job_id WHERE r.id = $1";
        fence_job(&self.fences, &mut tx, lookup, id).await?;
        query(
            "UPDATE job_recipients SET status = $1, message_id = $2, error = $3, sent_at = $4 \
             WHERE id = $5",
        )
        .bind(status.as_str())
        .bind(message_id)
        .bind(error)
        .bind(at)
        .bind(id)
        .execute(&mut tx)
        .await?;
        tx.commit().await
    }

    async fn mark_sending_uncertain(&self, device: Option<&str>) -> StoreResult<u64> {
        let mut tx = self.db.begin_write().await?;
        // A recipient without a message was never handed to the engine (its pending row and
        // the link commit together): it can simply be sent later.
        query(
            "UPDATE job_recipients SET status = 'pending', error = NULL \
             WHERE status = 'sending' AND message_id IS NULL \
             AND ($1 IS NULL OR job_id IN (SELECT job_id FROM jobs WHERE device_id = $1))",
        )
        .bind(device)
        .execute(&mut tx)
        .await?;
        // The message says how far it got.
        settle_by_message(&mut tx, "sending", device).await?;
        let uncertain = query(
            "UPDATE job_recipients SET status = 'uncertain', \
             error = 'the gateway stopped while this was being sent' WHERE status = 'sending' \
             AND ($1 IS NULL OR job_id IN (SELECT job_id FROM jobs WHERE device_id = $1))",
        )
        .bind(device)
        .execute(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(uncertain)
    }

    async fn requeue_recipients(&self, job_id: &str, include_uncertain: bool) -> StoreResult<u64> {
        let mut tx = self.db.begin_write().await?;
        // An uncertain recipient whose message has since been acknowledged (or delivered, or
        // read) was reached: it must not be sent again.
        settle_by_message(&mut tx, "uncertain", None).await?;
        let n = query(
            "UPDATE job_recipients SET status = 'pending', error = NULL, attempts = 0 \
             WHERE job_id = $1 AND (status = 'failed' OR (status = 'uncertain' AND $2))",
        )
        .bind(job_id)
        .bind(include_uncertain)
        .execute(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    async fn cancel_pending(&self, job_id: &str) -> StoreResult<u64> {
        query(
            "UPDATE job_recipients SET status = 'cancelled' WHERE job_id = $1 AND status = 'pending'",
        )
        .bind(job_id)
        .execute(&self.db)
        .await
    }

    async fn device_sends_between(
        &self,
        device_id: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<i64> {
        query(
            "SELECT COUNT(*) FROM job_recipients r JOIN jobs j ON j.job_id = r.job_id \
             WHERE j.device_id = $1 AND r.status IN ('sent', 'failed') \
             AND r.sent_at >= $2 AND r.sent_at < $3",
        )
        .bind(device_id)
        .bind(from)
        .bind(to)
        .scalar(&self.db)
        .await
    }

    async fn recipients(
        &self,
        job_id: &str,
        status: Option<RecipientStatus>,
        page: PageRequest,
    ) -> StoreResult<Page<JobRecipient>> {
        let status = status.map(|s| s.as_str());
        let total: i64 = query(
            "SELECT COUNT(*) FROM job_recipients WHERE job_id = $1 AND ($2 IS NULL OR status = $2)",
        )
        .bind(job_id)
        .bind(status)
        .scalar(&self.db)
        .await?;
        let rows = query(format!(
            "SELECT {RECIPIENT_COLUMNS} FROM job_recipients WHERE job_id = $1 \
             AND ($2 IS NULL OR status = $2) ORDER BY position LIMIT $3 OFFSET $4"
        ))
        .bind(job_id)
        .bind(status)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all::<RecipientRow>(&self.db)
        .await?;
        Ok(Page::new(
            rows.into_iter().map(JobRecipient::from).collect(),
            total,
            page,
        ))
    }

    async fn stop_device_jobs(&self, device_id: &str, reason: &str) -> StoreResult<Vec<String>> {
        query(
            "UPDATE jobs SET status = 'stopped', stop_reason = $1, finished_at = $2 \
             WHERE device_id = $3 AND status IN ('running', 'paused') RETURNING job_id",
        )
        .bind(reason)
        .bind(Utc::now())
        .bind(device_id)
        .scalars(&self.db)
        .await
    }

    async fn clock_offset(&self) -> StoreResult<Option<i64>> {
        query("SELECT offset_ms FROM sim_clock WHERE id = 1")
            .scalar_optional(&self.db)
            .await
    }

    async fn save_clock_offset(&self, offset_ms: i64) -> StoreResult<()> {
        query(
            "INSERT INTO sim_clock (id, offset_ms) VALUES (1, $1) \
             ON CONFLICT (id) DO UPDATE SET offset_ms = excluded.offset_ms",
        )
        .bind(offset_ms)
        .execute(&self.db)
        .await
        .map(|_| ())
    }
}

#[async_trait]
impl<B: sqlx::Database> ScheduleStore for SqlStore<B> {
    async fn create_scheduled(&self, n: &NewScheduled) -> StoreResult<ScheduledMessage> {
        query(format!(
            "INSERT INTO scheduled_messages (device_id, user_id, recipient, message, send_at, \
             timezone, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'scheduled', $7) \
             RETURNING {SCHEDULED_COLUMNS}"
        ))
        .bind(&n.device_id)
        .bind(n.user_id)
        .bind(&n.to)
        .bind(&n.message)
        .bind(n.send_at)
        .bind(&n.timezone)
        .bind(Utc::now())
        .fetch_one::<ScheduledRow>(&self.db)
        .await
        .map(ScheduledMessage::from)
    }

    async fn scheduled(&self, id: i64) -> StoreResult<Option<ScheduledMessage>> {
        query(format!(
            "SELECT {SCHEDULED_COLUMNS} FROM scheduled_messages WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional::<ScheduledRow>(&self.db)
        .await
        .map(|r| r.map(ScheduledMessage::from))
    }

    async fn list_scheduled(&self, f: &ScheduleFilter) -> StoreResult<Page<ScheduledMessage>> {
        let filter = |q: &mut Query| {
            q.push(" WHERE 1 = 1");
            if let Some(owner) = f.owner {
                q.push(" AND user_id = ").push_bind(owner);
            }
            if let Some(d) = &f.device_id {
                q.push(" AND device_id = ").push_bind(d.clone());
            }
            if let Some(s) = f.status {
                q.push(" AND status = ").push_bind(s.as_str());
            }
        };
        crate::paging::page::<ScheduledRow, ScheduledMessage>(
            &self.db,
            "SELECT COUNT(*) FROM scheduled_messages",
            &format!("SELECT {SCHEDULED_COLUMNS} FROM scheduled_messages"),
            filter,
            "ORDER BY send_at, id",
            f.page,
        )
        .await
    }

    async fn due_scheduled(
        &self,
        now: DateTime<Utc>,
        limit: i64,
        devices: Option<&[String]>,
    ) -> StoreResult<Vec<ScheduledMessage>> {
        let mut q = query(format!(
            "SELECT {SCHEDULED_COLUMNS} FROM scheduled_messages WHERE status = 'scheduled' \
             AND send_at <= "
        ));
        q.push_bind(now);
        if let Some(devices) = devices {
            if devices.is_empty() {
                return Ok(Vec::new());
            }
            push_in(&mut q, "device_id", devices);
        }
        q.push(" ORDER BY send_at, id LIMIT ").push_bind(limit);
        q.fetch_all::<ScheduledRow>(&self.db)
            .await
            .map(|rows| rows.into_iter().map(ScheduledMessage::from).collect())
    }

    async fn transition_scheduled(
        &self,
        id: i64,
        from: ScheduleStatus,
        to: ScheduleStatus,
        message_id: Option<&str>,
        error: Option<&str>,
    ) -> StoreResult<bool> {
        let sent_at = (to == ScheduleStatus::Sent).then(Utc::now);
        query(
            "UPDATE scheduled_messages SET status = $1, message_id = COALESCE($2, message_id), \
             error = $3, sent_at = COALESCE($4, sent_at) WHERE id = $5 AND status = $6",
        )
        .bind(to.as_str())
        .bind(message_id)
        .bind(error)
        .bind(sent_at)
        .bind(id)
        .bind(from.as_str())
        .execute(&self.db)
        .await
        .map(|n| n == 1)
    }

    async fn settle_scheduled_after_restart(
        &self,
        before: DateTime<Utc>,
        device: Option<&str>,
    ) -> StoreResult<u64> {
        let missed = query(
            "UPDATE scheduled_messages SET status = 'missed', \
             error = 'the gateway was down when this was due' \
             WHERE status = 'scheduled' AND send_at < $1 \
             AND ($2 IS NULL OR device_id = $2)",
        )
        .bind(before)
        .bind(device)
        .execute(&self.db)
        .await?;
        let interrupted = query(
            "UPDATE scheduled_messages SET status = 'failed', \
             error = 'the gateway stopped while this was being sent; it may have gone out' \
             WHERE status = 'sending' AND ($1 IS NULL OR device_id = $1)",
        )
        .bind(device)
        .execute(&self.db)
        .await?;
        Ok(missed + interrupted)
    }
}
