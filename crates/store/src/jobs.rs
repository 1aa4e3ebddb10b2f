//! Bulk-send jobs and scheduled messages, in SQL both backends read alike; expanded per
//! backend like `shared.rs`.

macro_rules! job_store_impl {
    ($store:ty, $db:ty) => {
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use gerbang_core::job::*;
        use gerbang_core::{Page, PageRequest, StoreResult};
        use sqlx::types::Json;
        use sqlx::QueryBuilder;

        use crate::errors::map;
        use crate::rows::{JobRow, RecipientRow, ScheduledRow, JOB_SELECT, RECIPIENT_COLUMNS, SCHEDULED_COLUMNS};

        /// Recipients in `from` whose message is known sent (or further) become `sent`, and
        /// those whose message failed become `failed`.
        async fn settle_by_message(
            tx: &mut sqlx::Transaction<'static, $db>,
            from: &str,
            device: Option<&str>,
        ) -> StoreResult<()> {
            let reached = "('sent', 'delivered', 'read', 'played')";
            let sql = format!(
                "UPDATE job_recipients SET status = 'sent', error = NULL, \
                 sent_at = COALESCE(sent_at, (SELECT m.updated_at FROM messages m JOIN jobs j \
                   ON j.device_id = m.device_id WHERE j.job_id = job_recipients.job_id \
                   AND m.message_id = job_recipients.message_id)) \
                 WHERE status = $1 AND message_id IS NOT NULL AND EXISTS (SELECT 1 FROM messages m \
                   JOIN jobs j ON j.device_id = m.device_id WHERE j.job_id = job_recipients.job_id \
                   AND m.message_id = job_recipients.message_id AND m.status IN {reached}) \
                 AND ($2 IS NULL OR job_id IN (SELECT job_id FROM jobs WHERE device_id = $2))"
            );
            sqlx::query(&sql).bind(from).bind(device).execute(&mut **tx).await.map_err(map)?;
            sqlx::query(
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
            .execute(&mut **tx)
            .await
            .map_err(map)?;
            Ok(())
        }

        impl $store {
            /// In a cluster, refuses the write when the job's device (found by `lookup` from
            /// `key`) is served by another node now.
            async fn fence_job<'k, K>(
                &self,
                tx: &mut sqlx::Transaction<'static, $db>,
                lookup: &'k str,
                key: K,
            ) -> StoreResult<()>
            where
                K: 'k + sqlx::Encode<'k, $db> + sqlx::Type<$db> + Send,
            {
                if !self.fences.active() {
                    return Ok(());
                }
                let device: Option<String> = sqlx::query_scalar(lookup)
                    .bind(key)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(map)?;
                if let Some(device) = device {
                    crate::cluster::check_once::<$db>(&self.fences, &mut **tx, &mut Vec::new(), &device)
                        .await
                        .map_err(map)?;
                }
                Ok(())
            }
        }

        #[async_trait]
        impl JobStore for $store {
            async fn create_job(&self, job: &NewJob, next_send_at: DateTime<Utc>) -> StoreResult<Job> {
                let mut tx = crate::WriteBegin::begin_write(&self.pool).await.map_err(map)?;
                sqlx::query(
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
                .execute(&mut *tx)
                .await
                .map_err(map)?;
                // Batches keep each statement under the backends' bind-parameter limits.
                for (chunk_no, chunk) in job.recipients.chunks(500).enumerate() {
                    let mut q = QueryBuilder::<$db>::new(
                        "INSERT INTO job_recipients (job_id, position, phone, variables, status) ",
                    );
                    q.push_values(chunk.iter().enumerate(), |mut b, (i, r)| {
                        b.push_bind(job.job_id.clone())
                            .push_bind((chunk_no * 500 + i) as i64)
                            .push_bind(r.phone.clone())
                            .push_bind(Json(r.variables.clone()))
                            .push_bind("pending");
                    });
                    q.build().execute(&mut *tx).await.map_err(map)?;
                }
                tx.commit().await.map_err(map)?;
                self.job(&job.job_id).await?.ok_or_else(|| gerbang_core::StoreError::Other("job vanished".into()))
            }

            async fn job(&self, job_id: &str) -> StoreResult<Option<Job>> {
                let sql = format!("{JOB_SELECT} WHERE j.job_id = $1");
                sqlx::query_as::<_, JobRow>(&sql)
                    .bind(job_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map(|r| r.map(Job::from))
                    .map_err(map)
            }

            async fn list_jobs(&self, f: &JobFilter) -> StoreResult<Page<Job>> {
                fn push_where<'a>(q: &mut QueryBuilder<'a, $db>, f: &'a JobFilter) {
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
                }
                crate::paging::page::<_, JobRow, Job>(
                    &self.pool,
                    "SELECT COUNT(*) FROM jobs j",
                    JOB_SELECT,
                    |q| push_where(q, f),
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
                let mut q = QueryBuilder::<$db>::new("UPDATE jobs SET status = ");
                q.push_bind(to.as_str()).push(", stop_reason = COALESCE(").push_bind(reason.map(str::to_string));
                q.push(", stop_reason), finished_at = ");
                q.push_bind(to.is_finished().then(Utc::now));
                if to == JobStatus::Running {
                    // Resuming (or retrying) never sends earlier than the pacing allowed when
                    // the job last sent: the time it set still holds, only a past one moves up.
                    let now = Utc::now();
                    q.push(", next_send_at = CASE WHEN next_send_at IS NULL OR next_send_at < ")
                        .push_bind(now)
                        .push(" THEN ")
                        .push_bind(now)
                        .push(" ELSE next_send_at END");
                }
                q.push(" WHERE job_id = ").push_bind(job_id.to_string()).push(" AND status IN (");
                let mut s = q.separated(", ");
                for st in from {
                    s.push_bind(st.as_str());
                }
                s.push_unseparated(")");
                q.build().execute(&self.pool).await.map(|r| r.rows_affected() == 1).map_err(map)
            }

            async fn set_next_send_at(&self, job_id: &str, at: DateTime<Utc>) -> StoreResult<()> {
                sqlx::query("UPDATE jobs SET next_send_at = $1 WHERE job_id = $2")
                    .bind(at)
                    .bind(job_id)
                    .execute(&self.pool)
                    .await
                    .map(|_| ())
                    .map_err(map)
            }

            async fn due_jobs(&self, now: DateTime<Utc>) -> StoreResult<Vec<Job>> {
                let ids: Vec<String> = sqlx::query_scalar(
                    "SELECT j.job_id FROM jobs j WHERE j.status = 'running' \
                     AND (j.next_send_at IS NULL OR j.next_send_at <= $1) \
                     AND NOT EXISTS (SELECT 1 FROM jobs o WHERE o.device_id = j.device_id \
                       AND o.status = 'running' AND (o.created_at < j.created_at \
                       OR (o.created_at = j.created_at AND o.job_id < j.job_id))) \
                     ORDER BY j.created_at",
                )
                .bind(now)
                .fetch_all(&self.pool)
                .await
                .map_err(map)?;
                let mut jobs = Vec::with_capacity(ids.len());
                for id in ids {
                    if let Some(job) = self.job(&id).await? {
                        jobs.push(job);
                    }
                }
                Ok(jobs)
            }

            async fn claim_recipient(&self, job_id: &str) -> StoreResult<Option<JobRecipient>> {
                let sql = format!(
                    "UPDATE job_recipients SET status = 'sending' WHERE id = (SELECT id FROM job_recipients \
                     WHERE job_id = $1 AND status = 'pending' ORDER BY position LIMIT 1) \
                     AND status = 'pending' RETURNING {RECIPIENT_COLUMNS}"
                );
                let mut tx = crate::WriteBegin::begin_write(&self.pool).await.map_err(map)?;
                self.fence_job(&mut tx, "SELECT device_id FROM jobs WHERE job_id = $1", job_id)
                    .await?;
                let claimed = sqlx::query_as::<_, RecipientRow>(&sql)
                    .bind(job_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(map)?;
                tx.commit().await.map_err(map)?;
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
                let mut tx = crate::WriteBegin::begin_write(&self.pool).await.map_err(map)?;
                let lookup = "SELECT j.device_id FROM jobs j JOIN job_recipients r \
                              ON r.job_id = j.job_id WHERE r.id = $1";
                self.fence_job(&mut tx, lookup, id).await?;
                sqlx::query(
                    "UPDATE job_recipients SET status = $1, message_id = $2, error = $3, sent_at = $4 \
                     WHERE id = $5",
                )
                .bind(status.as_str())
                .bind(message_id)
                .bind(error)
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
                tx.commit().await.map_err(map)
            }

            async fn mark_sending_uncertain(&self, device: Option<&str>) -> StoreResult<u64> {
                let mut tx = crate::WriteBegin::begin_write(&self.pool).await.map_err(map)?;
                // A recipient without a message was never handed to the engine (its pending
                // row and the link commit together): it can simply be sent later.
                sqlx::query(
                    "UPDATE job_recipients SET status = 'pending', error = NULL \
                     WHERE status = 'sending' AND message_id IS NULL \
                     AND ($1 IS NULL OR job_id IN (SELECT job_id FROM jobs WHERE device_id = $1))",
                )
                .bind(device)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
                // The message says how far it got.
                settle_by_message(&mut tx, "sending", device).await?;
                let uncertain = sqlx::query(
                    "UPDATE job_recipients SET status = 'uncertain', \
                     error = 'the gateway stopped while this was being sent' WHERE status = 'sending' \
                     AND ($1 IS NULL OR job_id IN (SELECT job_id FROM jobs WHERE device_id = $1))",
                )
                .bind(device)
                .execute(&mut *tx)
                .await
                .map_err(map)?
                .rows_affected();
                tx.commit().await.map_err(map)?;
                Ok(uncertain)
            }

            async fn requeue_recipients(&self, job_id: &str, include_uncertain: bool) -> StoreResult<u64> {
                let mut tx = crate::WriteBegin::begin_write(&self.pool).await.map_err(map)?;
                // An uncertain recipient whose message has since been acknowledged (or
                // delivered, or read) was reached: it must not be sent again.
                settle_by_message(&mut tx, "uncertain", None).await?;
                let n = sqlx::query(
                    "UPDATE job_recipients SET status = 'pending', error = NULL, attempts = 0 \
                     WHERE job_id = $1 AND (status = 'failed' OR (status = 'uncertain' AND $2))",
                )
                .bind(job_id)
                .bind(include_uncertain)
                .execute(&mut *tx)
                .await
                .map_err(map)?
                .rows_affected();
                tx.commit().await.map_err(map)?;
                Ok(n)
            }

            async fn cancel_pending(&self, job_id: &str) -> StoreResult<u64> {
                sqlx::query("UPDATE job_recipients SET status = 'cancelled' WHERE job_id = $1 AND status = 'pending'")
                    .bind(job_id)
                    .execute(&self.pool)
                    .await
                    .map(|r| r.rows_affected())
                    .map_err(map)
            }

            async fn device_sends_between(
                &self,
                device_id: &str,
                from: DateTime<Utc>,
                to: DateTime<Utc>,
            ) -> StoreResult<i64> {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM job_recipients r JOIN jobs j ON j.job_id = r.job_id \
                     WHERE j.device_id = $1 AND r.status IN ('sent', 'failed') \
                     AND r.sent_at >= $2 AND r.sent_at < $3",
                )
                .bind(device_id)
                .bind(from)
                .bind(to)
                .fetch_one(&self.pool)
                .await
                .map_err(map)
            }

            async fn recipients(
                &self,
                job_id: &str,
                status: Option<RecipientStatus>,
                page: PageRequest,
            ) -> StoreResult<Page<JobRecipient>> {
                let status = status.map(|s| s.as_str());
                let total: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM job_recipients WHERE job_id = $1 AND ($2 IS NULL OR status = $2)",
                )
                .bind(job_id)
                .bind(status)
                .fetch_one(&self.pool)
                .await
                .map_err(map)?;
                let sql = format!(
                    "SELECT {RECIPIENT_COLUMNS} FROM job_recipients WHERE job_id = $1 \
                     AND ($2 IS NULL OR status = $2) ORDER BY position LIMIT $3 OFFSET $4"
                );
                let rows = sqlx::query_as::<_, RecipientRow>(&sql)
                    .bind(job_id)
                    .bind(status)
                    .bind(page.limit())
                    .bind(page.offset())
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map)?;
                Ok(Page::new(rows.into_iter().map(JobRecipient::from).collect(), total, page))
            }

            async fn stop_device_jobs(&self, device_id: &str, reason: &str) -> StoreResult<Vec<String>> {
                sqlx::query_scalar(
                    "UPDATE jobs SET status = 'stopped', stop_reason = $1, finished_at = $2 \
                     WHERE device_id = $3 AND status IN ('running', 'paused') RETURNING job_id",
                )
                .bind(reason)
                .bind(Utc::now())
                .bind(device_id)
                .fetch_all(&self.pool)
                .await
                .map_err(map)
            }

            async fn clock_offset(&self) -> StoreResult<Option<i64>> {
                sqlx::query_scalar("SELECT offset_ms FROM sim_clock WHERE id = 1")
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map)
            }

            async fn save_clock_offset(&self, offset_ms: i64) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO sim_clock (id, offset_ms) VALUES (1, $1) \
                     ON CONFLICT (id) DO UPDATE SET offset_ms = excluded.offset_ms",
                )
                .bind(offset_ms)
                .execute(&self.pool)
                .await
                .map(|_| ())
                .map_err(map)
            }
        }

        #[async_trait]
        impl ScheduleStore for $store {
            async fn create_scheduled(&self, n: &NewScheduled) -> StoreResult<ScheduledMessage> {
                let sql = format!(
                    "INSERT INTO scheduled_messages (device_id, user_id, recipient, message, send_at, \
                     timezone, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'scheduled', $7) \
                     RETURNING {SCHEDULED_COLUMNS}"
                );
                sqlx::query_as::<_, ScheduledRow>(&sql)
                    .bind(&n.device_id)
                    .bind(n.user_id)
                    .bind(&n.to)
                    .bind(&n.message)
                    .bind(n.send_at)
                    .bind(&n.timezone)
                    .bind(Utc::now())
                    .fetch_one(&self.pool)
                    .await
                    .map(ScheduledMessage::from)
                    .map_err(map)
            }

            async fn scheduled(&self, id: i64) -> StoreResult<Option<ScheduledMessage>> {
                let sql = format!("SELECT {SCHEDULED_COLUMNS} FROM scheduled_messages WHERE id = $1");
                sqlx::query_as::<_, ScheduledRow>(&sql)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map(|r| r.map(ScheduledMessage::from))
                    .map_err(map)
            }

            async fn list_scheduled(&self, f: &ScheduleFilter) -> StoreResult<Page<ScheduledMessage>> {
                fn push_where<'a>(q: &mut QueryBuilder<'a, $db>, f: &'a ScheduleFilter) {
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
                }
                crate::paging::page::<_, ScheduledRow, ScheduledMessage>(
                    &self.pool,
                    "SELECT COUNT(*) FROM scheduled_messages",
                    &format!("SELECT {SCHEDULED_COLUMNS} FROM scheduled_messages"),
                    |q| push_where(q, f),
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
                let mut q = QueryBuilder::<$db>::new(format!(
                    "SELECT {SCHEDULED_COLUMNS} FROM scheduled_messages WHERE status = 'scheduled' \
                     AND send_at <= "
                ));
                q.push_bind(now);
                if let Some(devices) = devices {
                    if devices.is_empty() {
                        return Ok(Vec::new());
                    }
                    q.push(" AND device_id IN (");
                    let mut ids = q.separated(", ");
                    for d in devices {
                        ids.push_bind(d.clone());
                    }
                    ids.push_unseparated(")");
                }
                q.push(" ORDER BY send_at, id LIMIT ").push_bind(limit);
                q.build_query_as::<ScheduledRow>()
                    .fetch_all(&self.pool)
                    .await
                    .map(|rows| rows.into_iter().map(ScheduledMessage::from).collect())
                    .map_err(map)
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
                sqlx::query(
                    "UPDATE scheduled_messages SET status = $1, message_id = COALESCE($2, message_id), \
                     error = $3, sent_at = COALESCE($4, sent_at) WHERE id = $5 AND status = $6",
                )
                .bind(to.as_str())
                .bind(message_id)
                .bind(error)
                .bind(sent_at)
                .bind(id)
                .bind(from.as_str())
                .execute(&self.pool)
                .await
                .map(|r| r.rows_affected() == 1)
                .map_err(map)
            }

            async fn settle_scheduled_after_restart(
                &self,
                before: DateTime<Utc>,
                device: Option<&str>,
            ) -> StoreResult<u64> {
                let missed = sqlx::query(
                    "UPDATE scheduled_messages SET status = 'missed', \
                     error = 'the gateway was down when this was due' \
                     WHERE status = 'scheduled' AND send_at < $1 \
                     AND ($2 IS NULL OR device_id = $2)",
                )
                .bind(before)
                .bind(device)
                .execute(&self.pool)
                .await
                .map_err(map)?
                .rows_affected();
                let interrupted = sqlx::query(
                    "UPDATE scheduled_messages SET status = 'failed', \
                     error = 'the gateway stopped while this was being sent; it may have gone out' \
                     WHERE status = 'sending' AND ($1 IS NULL OR device_id = $1)",
                )
                .bind(device)
                .execute(&self.pool)
                .await
                .map_err(map)?
                .rows_affected();
                Ok(missed + interrupted)
            }
        }
    };
}

pub(crate) use job_store_impl;
