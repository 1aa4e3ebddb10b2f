//! Publishing to the event log, and waking whoever streams it.

use std::sync::Arc;

use tokio::sync::watch;

use gerbang_core::event::{Event, NewEvent};
use gerbang_core::Store;

use crate::credential_changes::CredentialChanges;
use crate::recent_events::RecentEvents;
use crate::AppResult;

/// Appends events and announces the newest id; readers (SSE, WebSocket, webhooks) re-read the
/// log from their own position, so a wake-up carries no data and cannot pile up.
#[derive(Clone)]
pub struct EventBus {
    store: Arc<dyn Store>,
    newest: Arc<watch::Sender<i64>>,
    /// The log's newest events, read once for every stream of this process.
    pub(crate) recent: Arc<RecentEvents>,
    /// Wakes open streams to check their credential again.
    pub credentials: CredentialChanges,
}

impl EventBus {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            newest: Arc::new(watch::channel(0).0),
            recent: Arc::new(RecentEvents::new()),
            credentials: CredentialChanges::default(),
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
    /// streams too, with one query per process instead of one per stream. Also keeps the log's
    /// newest events in memory for the streams ([`RecentEvents`]).
    pub fn spawn_watch(&self) -> tokio::task::JoinHandle<()> {
        let (store, newest) = (self.store.clone(), self.newest.clone());
        let fill = self.recent.clone().fill(store.clone(), newest.subscribe());
        let watch = async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                match store.latest_event_id().await {
                    Ok(id) => {
                        newest.send_if_modified(|n| {
                            let newer = id > *n;
                            *n = (*n).max(id);
                            newer
                        });
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot read the event log's newest id"),
                }
            }
        };
        tokio::spawn(async move {
            tokio::join!(fill, watch);
        })
    }

    pub fn subscribe(&self) -> watch::Receiver<i64> {
        self.newest.subscribe()
    }

    /// For streams ([`crate::App::next_events`]): woken when the shared window has read the
    /// log, or by each append when no window is kept.
    pub fn subscribe_streams(&self) -> watch::Receiver<i64> {
        if self.recent.running() {
            self.recent.subscribe()
        } else {
            self.newest.subscribe()
        }
    }

    /// The newest event id announced in this process.
    pub fn newest(&self) -> i64 {
        *self.newest.borrow()
    }

    /// How many readers wait on the log now: open streams (SSE, WebSocket) and the server's
    /// own readers (webhooks, bot).
    pub fn listeners(&self) -> usize {
        let filler = usize::from(self.recent.running());
        self.newest.receiver_count() + self.recent.waiting() - filler
    }
}

/// Raises the newest id to `id` and wakes the readers, also when it is not newer: on PostgreSQL
/// an older event may commit after a newer one, and readers waiting for it to be final must
/// look again.
fn announce(newest: &watch::Sender<i64>, id: i64) {
    newest.send_modify(|n| *n = (*n).max(id));
}
