//! The webhook outbox, in SQL both backends read alike; expanded per backend like `shared.rs`.
//!
//! Claims are one conditional `UPDATE … WHERE id IN (SELECT … LIMIT n)` that sets a lease, so
//! it is atomic on SQLite (one writer) and, with `FOR UPDATE … SKIP LOCKED` on PostgreSQL, lets
//! several nodes claim side by side without waiting on or double-claiming each other's rows.

/// How the claim's inner select locks its rows on each backend.
pub(crate) trait ClaimLock {
    const LOCK: &'static str;
}

impl ClaimLock for sqlx::Sqlite {
    // SQLite has one writer: the whole UPDATE is atomic already.
    const LOCK: &'static str = "";
}

impl ClaimLock for sqlx::Postgres {
    const LOCK: &'static str = "FOR UPDATE OF d SKIP LOCKED";
}

/// The rows a claim may take: only the oldest pending delivery of each chat key (per webhook),
/// so that a delivery in flight or waiting for a retry holds back the later ones of its chat;
/// and of those, the ones due and not claimed. The heads come from one pass over the pending
/// rows (a partial index), not a probe per pending row.
pub(crate) const CLAIMABLE: &str = "SELECT d.id FROM webhook_deliveries d \
     JOIN (SELECT webhook_id, chat_key, MIN(event_id) AS event_id FROM webhook_deliveries \
     WHERE status = 'pending' GROUP BY webhook_id, chat_key) h \
     ON h.webhook_id = d.webhook_id AND h.event_id = d.event_id \
     JOIN webhooks w ON w.id = d.webhook_id \
     WHERE w.active AND d.status = 'pending' AND d.next_attempt_at <= $1 \
     AND (d.locked_until IS NULL OR d.locked_until <= $1)";

macro_rules! webhook_store_impl {
    ($store:ty, $db:ty) => {
        use std::collections::HashMap;

        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use gerbang_core::event::EventFilter;
        use gerbang_core::store::{DeviceStore, EventStore};
        use gerbang_core::webhook::{
            chat_key, AttemptRecord, Delivery, DeliveryFilter, DeliveryJob, DeliveryStatus,
            Enqueued, NewWebhook, Webhook, WebhookPatch, WebhookStore,
        };
        use gerbang_core::{Page, StoreResult};
        use sqlx::types::Json;
        use sqlx::QueryBuilder;

        use crate::errors::map;
        use crate::rows::*;
        use crate::webhooks::{ClaimLock, CLAIMABLE};

        #[async_trait]
        impl WebhookStore for $store {
            async fn create_webhook(&self, new: &NewWebhook) -> StoreResult<Webhook> {
                let now = Utc::now();
                let sql = format!(
                    "INSERT INTO webhooks (device_id, url, events, secret, headers, active, \
                     last_event_id, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, \
                     $5, $6, (SELECT COALESCE(MAX(id), 0) FROM events), $7, $8, $8) \
                     RETURNING {WEBHOOK_COLUMNS}"
                );
                sqlx::query_as::<_, WebhookRow>(&sql)
                    .bind(&new.device_id)
                    .bind(&new.url)
                    .bind(Json(&new.events))
                    .bind(&new.secret)
                    .bind(Json(&new.headers))
                    .bind(new.active)
                    .bind(new.created_by)
                    .bind(now)
                    .fetch_one(&self.pool)
                    .await
                    .map(Webhook::from)
                    .map_err(map)
            }

            async fn webhook(&self, id: i64) -> StoreResult<Option<Webhook>> {
                let sql = format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1");
                sqlx::query_as::<_, WebhookRow>(&sql)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map(|r| r.map(Webhook::from))
                    .map_err(map)
            }

            async fn list_webhooks(&self, device_id: Option<&str>) -> StoreResult<Vec<Webhook>> {
                let mut q = QueryBuilder::<$db>::new(format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE "));
                match device_id {
                    Some(d) => q.push("device_id = ").push_bind(d.to_string()),
                    None => q.push("device_id IS NULL"),
                };
                q.push(" ORDER BY id");
                q.build_query_as::<WebhookRow>()
                    .fetch_all(&self.pool)
                    .await
                    .map(|rows| rows.into_iter().map(Webhook::from).collect())
                    .map_err(map)
            }

            async fn update_webhook(&self, id: i64, p: &WebhookPatch) -> StoreResult<Option<Webhook>> {
                let mut q = QueryBuilder::<$db>::new("UPDATE webhooks SET updated_at = ");
                q.push_bind(Utc::now());
                if let Some(url) = &p.url {
                    q.push(", url = ").push_bind(url.clone());
                }
                if let Some(events) = &p.events {
                    q.push(", events = ").push_bind(Json(events.clone()));
                }
                if let Some(secret) = &p.secret {
                    q.push(", secret = ").push_bind(secret.clone());
                }
                if let Some(headers) = &p.headers {
                    q.push(", headers = ").push_bind(Json(headers.clone()));
                }
                if let Some(active) = p.active {
                    q.push(", active = ").push_bind(active);
                }
                if let Some(cursor) = p.last_event_id {
                    q.push(", last_event_id = ").push_bind(cursor);
                }
                q.push(" WHERE id = ").push_bind(id);
                q.push(format!(" RETURNING {WEBHOOK_COLUMNS}"));
                q.build_query_as::<WebhookRow>()
                    .fetch_optional(&self.pool)
                    .await
                    .map(|r| r.map(Webhook::from))
                    .map_err(map)
            }

            async fn delete_webhook(&self, id: i64) -> StoreResult<bool> {
                sqlx::query("DELETE FROM webhooks WHERE id = $1")
                    .bind(id)
                    .execute(&self.pool)
                    .await
                    .map(|r| r.rows_affected() == 1)
                    .map_err(map)
            }

            async fn active_webhooks(&self) -> StoreResult<Vec<Webhook>> {
                let sql = format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE active ORDER BY id");
                sqlx::query_as::<_, WebhookRow>(&sql)
                    .fetch_all(&self.pool)
                    .await
                    .map(|rows| rows.into_iter().map(Webhook::from).collect())
                    .map_err(map)
            }

            async fn enqueue_deliveries(&self, w: &Webhook, limit: i64) -> StoreResult<Enqueued> {
                // Read the newest final id first: every event up to it is visible to the read
                // that follows (and no later commit lands below it), and the cursor may move past the events
                // that do not match without missing one that commits later.
                let newest = self.latest_event_id().await?;
                let idle = Enqueued { cursor: w.last_event_id, ..Enqueued::default() };
                if newest <= w.last_event_id {
                    return Ok(idle);
                }
                let mut filter = EventFilter { types: w.events.clone(), ..EventFilter::default() };
                if let Some(device_id) = &w.device_id {
                    let Some(device) = self.device(device_id).await? else {
                        return Ok(idle);
                    };
                    filter.device_id = Some(device.device_id);
                    filter.user_id = Some(device.user_id);
                }
                let found = self.events_after(w.last_event_id, &filter, limit).await?;
                let full = found.len() as i64 == limit;
                let cursor = match found.last() {
                    Some(last) if full && last.id <= newest => last.id,
                    _ => newest,
                };
                let events: Vec<_> = found.into_iter().filter(|e| e.id <= cursor).collect();

                let mut tx = crate::WriteBegin::begin_write(&self.pool).await.map_err(map)?;
                // Compare-and-set: a concurrent worker that moved the cursor first wins.
                let moved = sqlx::query(
                    "UPDATE webhooks SET last_event_id = $1 WHERE id = $2 AND last_event_id = $3 AND active",
                )
                .bind(cursor)
                .bind(w.id)
                .bind(w.last_event_id)
                .execute(&mut *tx)
                .await
                .map_err(map)?
                .rows_affected();
                if moved == 0 {
                    tx.rollback().await.map_err(map)?;
                    return Ok(Enqueued { raced: true, ..idle });
                }
                let mut added = 0;
                let now = Utc::now();
                for chunk in events.chunks(200) {
                    let mut q = QueryBuilder::<$db>::new(
                        "INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, chat_key, \
                         payload, next_attempt_at, queued_at, created_at, updated_at) ",
                    );
                    q.push_values(chunk, |mut b, e| {
                        let payload = serde_json::to_string(e).unwrap_or_default();
                        b.push_bind(w.id)
                            .push_bind(e.id)
                            .push_bind(e.event_type.clone())
                            .push_bind(chat_key(e))
                            .push_bind(payload)
                            .push_bind(now)
                            .push_bind(now)
                            .push_bind(now)
                            .push_bind(now);
                    });
                    q.push(" ON CONFLICT (webhook_id, event_id) DO NOTHING");
                    added += q.build().execute(&mut *tx).await.map_err(map)?.rows_affected();
                }
                tx.commit().await.map_err(map)?;
                Ok(Enqueued { added, cursor, more: full, raced: false })
            }

            async fn claim_deliveries(
                &self,
                now: DateTime<Utc>,
                lease_until: DateTime<Utc>,
                lock_token: &str,
                limit: i64,
            ) -> StoreResult<Vec<DeliveryJob>> {
                let lock = <$db as ClaimLock>::LOCK;
                let sql = format!(
                    "UPDATE webhook_deliveries SET locked_until = $2, lock_token = $3, updated_at = $1 \
                     WHERE id IN ({CLAIMABLE} ORDER BY d.id LIMIT $4 {lock}) \
                     AND status = 'pending' AND (locked_until IS NULL OR locked_until <= $1) \
                     RETURNING {DELIVERY_JOB_COLUMNS}"
                );
                let mut jobs: Vec<DeliveryJob> = sqlx::query_as::<_, DeliveryJobRow>(&sql)
                    .bind(now)
                    .bind(lease_until)
                    .bind(lock_token)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map)?
                    .into_iter()
                    .map(DeliveryJob::from)
                    .collect();
                jobs.sort_by_key(|j| j.id);
                Ok(jobs)
            }

            async fn record_attempt(&self, job: &DeliveryJob, a: &AttemptRecord) -> StoreResult<()> {
                let mut tx = crate::WriteBegin::begin_write(&self.pool).await.map_err(map)?;
                let delivered_at = (a.outcome == DeliveryStatus::Delivered).then_some(a.attempted_at);
                let error = a.error.clone().or_else(|| {
                    a.status_code.map(|c| format!("HTTP {c}")).filter(|_| a.outcome != DeliveryStatus::Delivered)
                });
                // Only while the claim holds: a claim that outlived its lease changes nothing.
                sqlx::query(
                    "UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, \
                     next_attempt_at = $2, locked_until = NULL, lock_token = NULL, last_status = $3, \
                     last_error = $4, delivered_at = COALESCE($5, delivered_at), updated_at = $6 \
                     WHERE id = $7 AND lock_token = $8",
                )
                .bind(a.outcome.as_str())
                .bind(a.next_attempt_at)
                .bind(a.status_code)
                .bind(error)
                .bind(delivered_at)
                .bind(Utc::now())
                .bind(job.id)
                .bind(&job.lock_token)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
                // The attempt happened either way; record it unless the delivery is gone.
                sqlx::query(
                    "INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, error, \
                     response, duration_ms) SELECT $1, $2, $3, $4, $5, $6 \
                     WHERE EXISTS (SELECT 1 FROM webhook_deliveries WHERE id = $1)",
                )
                .bind(job.id)
                .bind(a.attempted_at)
                .bind(a.status_code)
                .bind(&a.error)
                .bind(&a.response)
                .bind(a.duration_ms)
                .execute(&mut *tx)
                .await
                .map_err(map)?;
                tx.commit().await.map_err(map)
            }

            async fn hasten_retries(&self, webhook_id: i64, now: DateTime<Utc>) -> StoreResult<u64> {
                sqlx::query(
                    "UPDATE webhook_deliveries SET next_attempt_at = $1, updated_at = $1 \
                     WHERE webhook_id = $2 AND status = 'pending' AND attempts > 0 AND next_attempt_at > $1",
                )
                .bind(now)
                .bind(webhook_id)
                .execute(&self.pool)
                .await
                .map(|r| r.rows_affected())
                .map_err(map)
            }

            async fn list_deliveries(&self, webhook_id: i64, f: &DeliveryFilter) -> StoreResult<Page<Delivery>> {
                fn push_where(q: &mut QueryBuilder<'_, $db>, webhook_id: i64, f: &DeliveryFilter) {
                    q.push(" WHERE webhook_id = ").push_bind(webhook_id);
                    if let Some(status) = f.status {
                        q.push(" AND status = ").push_bind(status.as_str());
                    }
                }
                let mut page = crate::paging::page::<_, DeliveryRow, Delivery>(
                    &self.pool,
                    "SELECT COUNT(*) FROM webhook_deliveries",
                    &format!("SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries"),
                    |q| push_where(q, webhook_id, f),
                    "ORDER BY id DESC",
                    f.page,
                )
                .await?;
                attach_attempts(&self.pool, &mut page.items).await?;
                Ok(page)
            }

            async fn redeliver(
                &self,
                webhook_id: i64,
                delivery_id: i64,
                now: DateTime<Utc>,
            ) -> StoreResult<Option<Delivery>> {
                // A delivery in flight keeps its claim; a finished one starts afresh (its age
                // and backoff count again from now).
                let sql = format!(
                    "UPDATE webhook_deliveries SET \
                     attempts = CASE WHEN status = 'pending' THEN attempts ELSE 0 END, \
                     queued_at = CASE WHEN status = 'pending' THEN queued_at ELSE $1 END, \
                     status = 'pending', next_attempt_at = $1, updated_at = $1 \
                     WHERE id = $2 AND webhook_id = $3 RETURNING {DELIVERY_COLUMNS}"
                );
                let row = sqlx::query_as::<_, DeliveryRow>(&sql)
                    .bind(now)
                    .bind(delivery_id)
                    .bind(webhook_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map)?;
                let mut items: Vec<Delivery> = row.into_iter().map(Delivery::from).collect();
                attach_attempts(&self.pool, &mut items).await?;
                Ok(items.pop())
            }

            async fn redeliver_dead(&self, webhook_id: i64, now: DateTime<Utc>) -> StoreResult<u64> {
                sqlx::query(
                    "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, queued_at = $1, \
                     next_attempt_at = $1, updated_at = $1 WHERE webhook_id = $2 AND status = 'dead'",
                )
                .bind(now)
                .bind(webhook_id)
                .execute(&self.pool)
                .await
                .map(|r| r.rows_affected())
                .map_err(map)
            }

            async fn delete_finished_deliveries(&self, before: DateTime<Utc>) -> StoreResult<u64> {
                sqlx::query("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1")
                    .bind(before)
                    .execute(&self.pool)
                    .await
                    .map(|r| r.rows_affected())
                    .map_err(map)
            }
        }

        /// Fills in each delivery's attempts, oldest first, with one query.
        async fn attach_attempts(pool: &sqlx::Pool<$db>, items: &mut [Delivery]) -> StoreResult<()> {
            if items.is_empty() {
                return Ok(());
            }
            let mut q = QueryBuilder::<$db>::new(format!(
                "SELECT {ATTEMPT_COLUMNS} FROM webhook_attempts WHERE delivery_id IN ("
            ));
            let mut ids = q.separated(", ");
            for d in items.iter() {
                ids.push_bind(d.id);
            }
            ids.push_unseparated(") ORDER BY id");
            let rows = q.build_query_as::<AttemptRow>().fetch_all(pool).await.map_err(map)?;
            let mut by_delivery: HashMap<i64, Vec<_>> = HashMap::new();
            for r in rows {
                by_delivery.entry(r.delivery_id).or_default().push(r.into());
            }
            for d in items.iter_mut() {
                d.attempts = by_delivery.remove(&d.id).unwrap_or_default();
            }
            Ok(())
        }
    };
}

pub(crate) use webhook_store_impl;
