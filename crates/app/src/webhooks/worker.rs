//! The outbox worker. It fills the outbox (events after each webhook's cursor become delivery
//! rows, cursor and rows in one transaction) and dispatches it (claims due deliveries with a
//! lease, sends them concurrently, records each attempt). Everything it knows is in the
//! database, so a crash loses nothing: claims run out and are taken again.
//!
//! It wakes when the event log grows, when a delivery finishes (the next one of its chat may
//! go), when a retry falls due, when someone asks for a redelivery, and every second regardless
//! (other nodes sharing a PostgreSQL database append events and schedule retries too).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::Instant;

use gerbang_core::webhook::{AttemptRecord, DeliveryJob, DeliveryStatus, Webhook};
use gerbang_core::Store;

use super::retry::{decide, Answer};
use super::send::Sender;
use super::WebhookSettings;
use crate::App;

/// Deliveries in flight at once, per process (across chats and webhooks).
const CONCURRENCY: usize = 16;
/// Events turned into deliveries per transaction.
const BATCH: i64 = 500;
/// Batches per webhook per pass, so that one busy webhook does not hold back dispatching.
const BATCHES_PER_PASS: usize = 10;
const POLL: Duration = Duration::from_secs(1);
const CLEANUP_EVERY: Duration = Duration::from_secs(3600);

/// Wakes the workers of this process (after a redelivery request).
static WAKE: Notify = Notify::const_new();

pub(crate) fn wake() {
    WAKE.notify_waiters();
}

/// Starts the worker; it runs until the handle is aborted (when the server stops).
pub fn spawn(app: App) -> JoinHandle<()> {
    tokio::spawn(async move {
        tracing::info!(
            timeout_secs = app.settings.webhooks.timeout.as_secs_f64(),
            retry_base_ms = app.settings.webhooks.retry_base.as_millis() as u64,
            max_age_hours = app.settings.webhooks.max_age.as_secs() / 3600,
            "webhook worker started"
        );
        Worker::new(app).run().await
    })
}

struct Worker {
    app: App,
    store: Arc<dyn Store>,
    settings: WebhookSettings,
    sender: Arc<Sender>,
    inflight: JoinSet<Option<DateTime<Utc>>>,
    /// The earliest retry this process scheduled and has not yet woken for.
    next_retry: Option<DateTime<Utc>>,
    last_cleanup: Option<Instant>,
}

impl Worker {
    fn new(app: App) -> Self {
        let settings = app.settings.webhooks.clone();
        Self {
            store: app.store.clone(),
            sender: Arc::new(Sender::new(&settings)),
            settings,
            app,
            inflight: JoinSet::new(),
            next_retry: None,
            last_cleanup: None,
        }
    }

    async fn run(mut self) {
        let mut events = self.app.runtime.events.subscribe();
        let mut tick = tokio::time::interval(POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut fill = true;
        loop {
            while let Some(done) = self.inflight.try_join_next() {
                self.finished(done);
            }
            if fill {
                fill = self.fill().await;
            }
            self.dispatch().await;
            self.cleanup().await;
            // More events than one pass takes: go round again at once.
            let wait = match self.next_retry {
                _ if fill => Duration::ZERO,
                Some(at) => (at - Utc::now()).to_std().unwrap_or(Duration::ZERO),
                None => POLL,
            };
            tokio::select! {
                changed = events.changed() => {
                    if changed.is_err() {
                        tokio::time::sleep(POLL).await;
                    }
                    fill = true;
                }
                _ = tick.tick() => fill = true,
                Some(done) = self.inflight.join_next(), if !self.inflight.is_empty() => {
                    self.finished(done);
                }
                _ = tokio::time::sleep(wait), if fill || self.next_retry.is_some() => {
                    if !fill {
                        self.next_retry = None;
                    }
                }
                _ = WAKE.notified() => {}
            }
        }
    }

    /// Notes when a finished delivery wants to be retried (or its webhook's retries hastened).
    fn finished(&mut self, done: Result<Option<DateTime<Utc>>, tokio::task::JoinError>) {
        if let Ok(Some(at)) = done {
            self.next_retry = Some(self.next_retry.map_or(at, |n| n.min(at)));
        }
    }

    /// Turns new events into deliveries for every active webhook. Returns whether more remain.
    async fn fill(&self) -> bool {
        let webhooks = match self.store.active_webhooks().await {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!(error = %e, "webhook outbox: cannot list webhooks");
                return false;
            }
        };
        let newest = match self.store.latest_event_id().await {
            Ok(id) => id,
            Err(e) => {
                tracing::warn!(error = %e, "webhook outbox: cannot read the event log");
                return false;
            }
        };
        let mut more = false;
        for webhook in webhooks.into_iter().filter(|w| w.last_event_id < newest) {
            more |= self.fill_one(webhook).await;
        }
        more
    }

    #[tracing::instrument(name = "webhook_enqueue", skip_all, fields(webhook = webhook.id, cursor = webhook.last_event_id))]
    async fn fill_one(&self, mut webhook: Webhook) -> bool {
        for _ in 0..BATCHES_PER_PASS {
            match self.store.enqueue_deliveries(&webhook, BATCH).await {
                Ok(r) if r.raced => match self.store.webhook(webhook.id).await {
                    // Another node moved the cursor; carry on from where it is now.
                    Ok(Some(fresh)) if fresh.active => webhook = fresh,
                    _ => return false,
                },
                Ok(r) => {
                    if r.added > 0 {
                        tracing::debug!(
                            webhook = webhook.id,
                            added = r.added,
                            cursor = r.cursor,
                            "webhook deliveries queued"
                        );
                    }
                    if !r.more {
                        return false;
                    }
                    webhook.last_event_id = r.cursor;
                }
                Err(e) => {
                    tracing::warn!(webhook = webhook.id, error = %e, "webhook outbox: cannot queue deliveries");
                    return false;
                }
            }
        }
        true
    }

    /// Claims as many due deliveries as there are free slots and sends them.
    async fn dispatch(&mut self) {
        let free = CONCURRENCY.saturating_sub(self.inflight.len());
        if free == 0 {
            return;
        }
        let now = Utc::now();
        let lease = chrono::Duration::from_std(self.settings.lease())
            .unwrap_or(chrono::Duration::seconds(60));
        let token = uuid::Uuid::new_v4().to_string();
        let jobs = match self
            .store
            .claim_deliveries(now, now + lease, &token, free as i64)
            .await
        {
            Ok(jobs) => jobs,
            Err(e) => {
                tracing::warn!(error = %e, "webhook outbox: cannot claim deliveries");
                return;
            }
        };
        let mut webhooks: HashMap<i64, Option<Arc<Webhook>>> = HashMap::new();
        for job in jobs {
            let webhook = match webhooks.get(&job.webhook_id) {
                Some(w) => w.clone(),
                None => {
                    let w = self
                        .store
                        .webhook(job.webhook_id)
                        .await
                        .ok()
                        .flatten()
                        .map(Arc::new);
                    webhooks.insert(job.webhook_id, w.clone());
                    w
                }
            };
            // Deleted meanwhile (its deliveries went with it), or unreadable: the claim lapses.
            let Some(webhook) = webhook else { continue };
            let store = self.store.clone();
            let sender = self.sender.clone();
            let settings = self.settings.clone();
            self.inflight
                .spawn(async move { deliver(store, &sender, &settings, &webhook, job).await });
        }
    }

    /// Drops finished deliveries once the event log has forgotten their events.
    async fn cleanup(&mut self) {
        if self
            .last_cleanup
            .is_some_and(|at| at.elapsed() < CLEANUP_EVERY)
        {
            return;
        }
        self.last_cleanup = Some(Instant::now());
        let Ok(keep) = chrono::Duration::from_std(self.app.settings.event_retention) else {
            return;
        };
        match self
            .store
            .delete_finished_deliveries(Utc::now() - keep)
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "old webhook deliveries removed"),
            Err(e) => tracing::warn!(error = %e, "webhook outbox: cleanup failed"),
        }
    }
}

/// Sends one delivery and records the attempt; returns when to wake for its retry, if any.
#[tracing::instrument(name = "webhook_delivery", skip_all, fields(webhook = webhook.id, delivery = job.id, event = job.event_id, attempt = job.attempts + 1))]
async fn deliver(
    store: Arc<dyn Store>,
    sender: &Sender,
    settings: &WebhookSettings,
    webhook: &Webhook,
    job: DeliveryJob,
) -> Option<DateTime<Utc>> {
    let outcome = sender.send(webhook, &job).await;
    let attempts = job.attempts + 1;
    let (status, next) = decide(
        &outcome.answer,
        attempts,
        job.queued_at,
        Utc::now(),
        outcome.retry_after,
        settings.retry_base,
        settings.max_age,
    );
    let status_code = match outcome.answer {
        Answer::Status(code) => Some(i32::from(code)),
        _ => None,
    };
    let record = AttemptRecord {
        attempted_at: outcome.attempted_at,
        status_code,
        error: outcome.error.clone(),
        response: outcome.response,
        duration_ms: outcome.duration_ms,
        outcome: status,
        next_attempt_at: next,
    };
    let (webhook_id, delivery_id, event_id) = (webhook.id, job.id, job.event_id);
    match status {
        DeliveryStatus::Delivered => tracing::debug!(
            webhook = webhook_id, delivery = delivery_id, event = event_id,
            status = ?status_code, duration_ms = outcome.duration_ms, "webhook delivered"
        ),
        DeliveryStatus::Pending => tracing::info!(
            webhook = webhook_id, delivery = delivery_id, event = event_id, attempts,
            status = ?status_code, error = ?outcome.error, retry_at = %next, "webhook delivery failed; will retry"
        ),
        DeliveryStatus::Dead => tracing::warn!(
            webhook = webhook_id, delivery = delivery_id, event = event_id, attempts,
            status = ?status_code, error = ?outcome.error, "webhook delivery dead-lettered"
        ),
    }
    crate::metrics::webhook_attempt(match status {
        DeliveryStatus::Delivered => "delivered",
        DeliveryStatus::Pending => "failed",
        DeliveryStatus::Dead => "dead",
    });
    if status == DeliveryStatus::Delivered {
        crate::metrics::delivered("webhook", job.queued_at);
    }
    if let Err(e) = store.record_attempt(&job, &record).await {
        // The claim runs out and the delivery is sent again: at least once, never lost.
        tracing::warn!(webhook = webhook_id, delivery = delivery_id, error = %e, "cannot record a webhook attempt");
        return None;
    }
    if status == DeliveryStatus::Delivered && job.attempts > 0 {
        // A retry went through: the receiver is back. The webhook's other retries need not sit
        // out their backoff (they back off further if it fails again).
        return match store.hasten_retries(webhook_id, Utc::now()).await {
            Ok(n) if n > 0 => {
                tracing::info!(
                    webhook = webhook_id,
                    hastened = n,
                    "webhook receiver is back; retrying now"
                );
                Some(Utc::now())
            }
            _ => None,
        };
    }
    (status == DeliveryStatus::Pending).then_some(next)
}
