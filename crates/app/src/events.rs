//! Publishing to the event log, and waking whoever streams it.

use std::sync::Arc;

use tokio::sync::watch;

use gerbang_core::event::{Event, NewEvent};
use gerbang_core::Store;

use crate::AppResult;

/// Appends events and announces the newest id; readers (SSE, WebSocket, webhooks) re-read the
/// log from their own position, so a wake-up carries no data and cannot pile up.
#[derive(Clone)]
pub struct EventBus {
    store: Arc<dyn Store>,
    newest: Arc<watch::Sender<i64>>,
}

impl EventBus {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            newest: Arc::new(watch::channel(0).0),
        }
    }

    pub async fn publish(&self, event: NewEvent) -> AppResult<Event> {
        let stored = self.store.append_event(&event).await?;
        self.notify(&stored);
        Ok(stored)
    }

    /// For events the store appended together with the change they report.
    pub fn notify(&self, event: &Event) {
        crate::metrics::event(event);
        announce(&self.newest, event.id);
    }

    pub fn notify_all<'a>(&self, events: impl IntoIterator<Item = &'a Event>) {
        for event in events {
            self.notify(event);
        }
    }

    /// Reads the log's newest id once a second and announces it when it grew: events other
    /// processes append (another node on the same PostgreSQL, `gerbang` commands) wake the
    /// streams too, with one query per process instead of one per stream.
    pub fn spawn_watch(&self) -> tokio::task::JoinHandle<()> {
        let (store, newest) = (self.store.clone(), self.newest.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                match store.latest_event_id().await {
                    Ok(id) => announce(&newest, id),
                    Err(e) => tracing::warn!(error = %e, "cannot read the event log's newest id"),
                }
            }
        })
    }

    pub fn subscribe(&self) -> watch::Receiver<i64> {
        self.newest.subscribe()
    }

    /// How many readers wait on the log now: open streams (SSE, WebSocket) and the server's
    /// own readers (webhooks, bot).
    pub fn listeners(&self) -> usize {
        self.newest.receiver_count()
    }
}

/// Raises the newest id to `id` and wakes the readers, only when it is newer.
fn announce(newest: &watch::Sender<i64>, id: i64) {
    newest.send_if_modified(|n| {
        let newer = id > *n;
        if newer {
            *n = id;
        }
        newer
    });
}
