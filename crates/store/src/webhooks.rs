//! The webhook outbox, in SQL both backends read alike.
//!
//! Claims are one conditional `UPDATE` of the rows a materialized `SELECT … LIMIT n` chose,
//! setting a lease, so it is atomic on SQLite (one writer) and, with `FOR UPDATE … SKIP LOCKED`
//! on PostgreSQL, lets several nodes claim side by side without waiting on or double-claiming
//! each other's rows.

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::event::EventFilter;
use gerbang_core::store::{DeviceStore, EventStore};
use gerbang_core::webhook::{
    chat_key, secret_prefix, AttemptRecord, Delivery, DeliveryAttempt, DeliveryFilter, DeliveryJob,
    DeliveryStatus, Enqueued, NewWebhook, Webhook, WebhookPatch, WebhookStore,
};
use gerbang_core::{Page, StoreResult};
use sqlx::types::Json;

use crate::db::{query, Db, Query};
use crate::SqlStore;

/// The rows a claim may take: only the oldest pending delivery of each chat key (per webhook),
/// so that a delivery in flight or waiting for a retry holds back the later ones of its chat;
/// and of those, the ones due and not claimed. The heads come from one pass over the pending
/// rows (a partial index), not a probe per pending row.
const CLAIMABLE: &str = "SELECT d.id FROM webhook_deliveries d \
     JOIN (SELECT webhook_id, chat_key, MIN(event_id) AS event_id FROM webhook_deliveries \
     WHERE status = 'pending' GROUP BY webhook_id, chat_key) h \
     ON h.webhook_id = d.webhook_id AND h.event_id = d.event_id \
     JOIN webhooks w ON w.id = d.webhook_id \
     WHERE w.active AND d.status = 'pending' AND d.next_attempt_at <= $1 \
     AND (d.locked_until IS NULL OR d.locked_until <= $1)";

const WEBHOOK_COLUMNS: &str = "id, device_id, url, events, secret, headers, active, \
     last_event_id, created_by, created_at, updated_at";

#[derive(sqlx::FromRow)]
struct WebhookRow {
    id: i64,
    device_id: Option<String>,
    url: String,
    events: Json<Vec<String>>,
    secret: String,
    headers: Json<BTreeMap<String, String>>,
    active: bool,
    last_event_id: i64,
    created_by: Option<i64>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<WebhookRow> for Webhook {
    fn from(r: WebhookRow) -> Self {
        Webhook {
            id: r.id,
            device_id: r.device_id,
            url: r.url,
            events: r.events.0,
            secret_prefix: secret_prefix(&r.secret),
            secret: r.secret,
            headers: r.headers.0,
            active: r.active,
            last_event_id: r.last_event_id,
            created_by: r.created_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const DELIVERY_COLUMNS: &str = "id, webhook_id, event_id, event_type, chat_key, \
     payload, status, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at";

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    id: i64,
    webhook_id: i64,
    event_id: i64,
    event_type: String,
    chat_key: String,
    payload: String,
    status: String,
    attempts: i64,
    next_attempt_at: DateTime<Utc>,
    last_status: Option<i32>,
    last_error: Option<String>,
    created_at: DateTime<Utc>,
    delivered_at: Option<DateTime<Utc>>,
}

impl From<DeliveryRow> for Delivery {
    fn from(r: DeliveryRow) -> Self {
        // The CHECK constraint admits only the three statuses.
        let status = DeliveryStatus::parse(&r.status).unwrap_or(DeliveryStatus::Pending);
        Delivery {
            id: r.id,
            webhook_id: r.webhook_id,
            event_id: r.event_id,
            event_type: r.event_type,
            chat_key: r.chat_key,
            status,
            attempt_count: r.attempts,
            next_attempt_at: (status == DeliveryStatus::Pending).then_some(r.next_attempt_at),
            last_status_code: r.last_status,
            last_error: r.last_error,
            created_at: r.created_at,
            delivered_at: r.delivered_at,
            event: serde_json::from_str(&r.payload).unwrap_or(serde_json::Value::Null),
            attempts: Vec::new(),
        }
    }
}

const DELIVERY_JOB_COLUMNS: &str =
    "id, webhook_id, event_id, event_type, payload, attempts, queued_at, lock_token";

#[derive(sqlx::FromRow)]
struct DeliveryJobRow {
    id: i64,
    webhook_id: i64,
    event_id: i64,
    event_type: String,
    payload: String,
    attempts: i64,
    queued_at: DateTime<Utc>,
    lock_token: Option<String>,
}

impl From<DeliveryJobRow> for DeliveryJob {
    fn from(r: DeliveryJobRow) -> Self {
        DeliveryJob {
            id: r.id,
            webhook_id: r.webhook_id,
            event_id: r.event_id,
            event_type: r.event_type,
            payload: r.payload,
            attempts: r.attempts,
            queued_at: r.queued_at,
            lock_token: r.lock_token.unwrap_or_default(),
        }
    }
}

const ATTEMPT_COLUMNS: &str =
    "id, delivery_id, attempted_at, status_code, error, response, duration_ms";

#[derive(sqlx::FromRow)]
struct AttemptRow {
    id: i64,
    delivery_id: i64,
    attempted_at: DateTime<Utc>,
    status_code: Option<i32>,
    error: Option<String>,
    response: Option<String>,
    duration_ms: i64,
}

impl From<AttemptRow> for DeliveryAttempt {
    fn from(r: AttemptRow) -> Self {
        DeliveryAttempt {
            id: r.id,
            attempted_at: r.attempted_at,
            status_code: r.status_code,
            error: r.error,
            response: r.response,
            duration_ms: r.duration_ms,
        }
    }
}

#[async_trait]
impl<B: sqlx::Database> WebhookStore for SqlStore<B> {
    async fn create_webhook(&self, new: &NewWebhook) -> StoreResult<Webhook> {
        let now = Utc::now();
        query(format!(
            "INSERT INTO webhooks (device_id, url, events, secret, headers, active, \
             last_event_id, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, \
             $5, $6, (SELECT COALESCE(MAX(id), 0) FROM events), $7, $8, $8) \
             RETURNING {WEBHOOK_COLUMNS}"
        ))
        .bind(&new.device_id)
        .bind(&new.url)
        .bind(Json(&new.events))
        .bind(&new.secret)
        .bind(Json(&new.headers))
        .bind(new.active)
        .bind(new.created_by)
        .bind(now)
        .fetch_one::<WebhookRow>(&self.db)
        .await
        .map(Webhook::from)
    }

    async fn webhook(&self, id: i64) -> StoreResult<Option<Webhook>> {
        query(format!(
            "SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional::<WebhookRow>(&self.db)
        .await
        .map(|r| r.map(Webhook::from))
    }

    async fn list_webhooks(&self, device_id: Option<&str>) -> StoreResult<Vec<Webhook>> {
        let mut q = query(format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE "));
        match device_id {
            Some(d) => q.push("device_id = ").push_bind(d.to_string()),
            None => q.push("device_id IS NULL"),
        };
        q.push(" ORDER BY id");
        q.fetch_all::<WebhookRow>(&self.db)
            .await
            .map(|rows| rows.into_iter().map(Webhook::from).collect())
    }

    async fn update_webhook(&self, id: i64, p: &WebhookPatch) -> StoreResult<Option<Webhook>> {
        let mut q = query("UPDATE webhooks SET updated_at = ");
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
        q.push(format_args!(" RETURNING {WEBHOOK_COLUMNS}"));
        q.fetch_optional::<WebhookRow>(&self.db)
            .await
            .map(|r| r.map(Webhook::from))
    }

    async fn delete_webhook(&self, id: i64) -> StoreResult<bool> {
        query("DELETE FROM webhooks WHERE id = $1")
            .bind(id)
            .execute(&self.db)
            .await
            .map(|n| n == 1)
    }

    async fn active_webhooks(&self) -> StoreResult<Vec<Webhook>> {
        query(format!(
            "SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE active ORDER BY id"
        ))
        .fetch_all::<WebhookRow>(&self.db)
        .await
        .map(|rows| rows.into_iter().map(Webhook::from).collect())
    }

    async fn enqueue_deliveries(&self, w: &Webhook, limit: i64) -> StoreResult<Enqueued> {
        // Read the newest final id first: every event up to it is visible to the read
        // that follows (and no later commit lands below it), and the cursor may move past the
        // events that do not match without missing one that commits later.
        let newest = self.latest_event_id().await?;
        let idle = Enqueued {
            cursor: w.last_event_id,
            ..Enqueued::default()
        };
        if newest <= w.last_event_id {
            return Ok(idle);
        }
        let mut filter = EventFilter {
            types: w.events.clone(),
            ..EventFilter::default()
        };
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

        let mut tx = self.db.begin_write().await?;
        // Compare-and-set: a concurrent worker that moved the cursor first wins.
        let moved = query(
            "UPDATE webhooks SET last_event_id = $1 WHERE id = $2 AND last_event_id = $3 \
             AND active",
        )
        .bind(cursor)
        .bind(w.id)
        .bind(w.last_event_id)
        .execute(&mut tx)
        .await?;
        if moved == 0 {
            // Dropped uncommitted: rolled back.
            drop(tx);
            return Ok(Enqueued {
                raced: true,
                ..idle
            });
        }
        let mut added = 0;
        let now = Utc::now();
        for chunk in events.chunks(200) {
            let mut q = query(
                "INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, chat_key, \
                 payload, next_attempt_at, queued_at, created_at, updated_at) VALUES ",
            );
            for (i, e) in chunk.iter().enumerate() {
                let payload = serde_json::to_string(e).unwrap_or_default();
                q.push(if i == 0 { "(" } else { ", (" })
                    .push_bind(w.id)
                    .push(", ")
                    .push_bind(e.id)
                    .push(", ")
                    .push_bind(e.event_type.clone())
                    .push(", ")
                    .push_bind(chat_key(e))
                    .push(", ")
                    .push_bind(payload);
                for _ in 0..4 {
                    q.push(", ").push_bind(now);
                }
                q.push(")");
            }
            q.push(" ON CONFLICT (webhook_id, event_id) DO NOTHING");
            added += q.execute(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(Enqueued {
            added,
            cursor,
            more: full,
            raced: false,
        })
    }

    async fn claim_deliveries(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        lock_token: &str,
        limit: i64,
    ) -> StoreResult<Vec<DeliveryJob>> {
        let lock = self.db.backend().row_lock("FOR UPDATE OF d SKIP LOCKED");
        // The rows to take are chosen once, in a materialized CTE: as an `IN (…)` subquery
        // PostgreSQL may run the `LIMIT … SKIP LOCKED` again for every row it updates, each run
        // skipping the rows already taken, so a claim of 3 could take the whole backlog.
        let mut jobs: Vec<DeliveryJob> = query(format!(
            "WITH claim AS MATERIALIZED ({CLAIMABLE} ORDER BY d.id LIMIT $4 {lock}) \
             UPDATE webhook_deliveries SET locked_until = $2, lock_token = $3, updated_at = $1 \
             WHERE id IN (SELECT id FROM claim) \
             AND status = 'pending' AND (locked_until IS NULL OR locked_until <= $1) \
             RETURNING {DELIVERY_JOB_COLUMNS}"
        ))
        .bind(now)
        .bind(lease_until)
        .bind(lock_token)
        .bind(limit)
        .fetch_all::<DeliveryJobRow>(&self.db)
        .await?
        .into_iter()
        .map(DeliveryJob::from)
        .collect();
        jobs.sort_by_key(|j| j.id);
        Ok(jobs)
    }

    async fn record_attempt(&self, job: &DeliveryJob, a: &AttemptRecord) -> StoreResult<()> {
        let mut tx = self.db.begin_write().await?;
        let delivered_at = (a.outcome == DeliveryStatus::Delivered).then_some(a.attempted_at);
        let error = a.error.clone().or_else(|| {
            a.status_code
                .map(|c| format!("HTTP {c}"))
                .filter(|_| a.outcome != DeliveryStatus::Delivered)
        });
        // Only while the claim holds: a claim that outlived its lease changes nothing.
        query(
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
        .execute(&mut tx)
        .await?;
        // The attempt happened either way; record it unless the delivery is gone.
        query(
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
        .execute(&mut tx)
        .await?;
        tx.commit().await
    }

    async fn hasten_retries(&self, webhook_id: i64, now: DateTime<Utc>) -> StoreResult<u64> {
        query(
            "UPDATE webhook_deliveries SET next_attempt_at = $1, updated_at = $1 \
             WHERE webhook_id = $2 AND status = 'pending' AND attempts > 0 \
             AND next_attempt_at > $1",
        )
        .bind(now)
        .bind(webhook_id)
        .execute(&self.db)
        .await
    }

    async fn list_deliveries(
        &self,
        webhook_id: i64,
        f: &DeliveryFilter,
    ) -> StoreResult<Page<Delivery>> {
        let push_where = |q: &mut Query| {
            q.push(" WHERE webhook_id = ").push_bind(webhook_id);
            if let Some(status) = f.status {
                q.push(" AND status = ").push_bind(status.as_str());
            }
        };
        let mut page = crate::paging::page::<DeliveryRow, Delivery>(
            &self.db,
            "SELECT COUNT(*) FROM webhook_deliveries",
            &format!("SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries"),
            push_where,
            "ORDER BY id DESC",
            f.page,
        )
        .await?;
        attach_attempts(&self.db, &mut page.items).await?;
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
        let row: Option<DeliveryRow> = query(format!(
            "UPDATE webhook_deliveries SET \
             attempts = CASE WHEN status = 'pending' THEN attempts ELSE 0 END, \
             queued_at = CASE WHEN status = 'pending' THEN queued_at ELSE $1 END, \
             status = 'pending', next_attempt_at = $1, updated_at = $1 \
             WHERE id = $2 AND webhook_id = $3 RETURNING {DELIVERY_COLUMNS}"
        ))
        .bind(now)
        .bind(delivery_id)
        .bind(webhook_id)
        .fetch_optional(&self.db)
        .await?;
        let mut items: Vec<Delivery> = row.into_iter().map(Delivery::from).collect();
        attach_attempts(&self.db, &mut items).await?;
        Ok(items.pop())
    }

    async fn redeliver_dead(&self, webhook_id: i64, now: DateTime<Utc>) -> StoreResult<u64> {
        query(
            "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, queued_at = $1, \
             next_attempt_at = $1, updated_at = $1 WHERE webhook_id = $2 AND status = 'dead'",
        )
        .bind(now)
        .bind(webhook_id)
        .execute(&self.db)
        .await
    }

    async fn delete_finished_deliveries(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        query("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1")
            .bind(before)
            .execute(&self.db)
            .await
    }
}

/// Fills in each delivery's attempts, oldest first, with one query.
async fn attach_attempts(db: &Db, items: &mut [Delivery]) -> StoreResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    let mut q = query(format!(
        "SELECT {ATTEMPT_COLUMNS} FROM webhook_attempts WHERE delivery_id IN "
    ));
    q.push_list(items.iter().map(|d| d.id)).push(" ORDER BY id");
    let rows: Vec<AttemptRow> = q.fetch_all(db).await?;
    let mut by_delivery: HashMap<i64, Vec<DeliveryAttempt>> = HashMap::new();
    for r in rows {
        by_delivery.entry(r.delivery_id).or_default().push(r.into());
    }
    for d in items.iter_mut() {
        d.attempts = by_delivery.remove(&d.id).unwrap_or_default();
    }
    Ok(())
}
