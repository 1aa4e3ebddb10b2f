//! Publishing to the event log, and waking whoever streams it.

use std::sync::Arc;

use tokio::sync::watch;

use gerbang_core::cluster::EventSignal;
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
    /// The newest id this process appended (announced to the other nodes).
    published: Arc<watch::Sender<i64>>,
    /// Other nodes' wake-ups, in a cluster.
    signal: Arc<std::sync::OnceLock<Arc<dyn EventSignal>>>,
}

impl EventBus {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            newest: Arc::new(watch::channel(0).0),
            recent: Arc::new(RecentEvents::new()),
            credentials: CredentialChanges::default(),
            published: Arc::new(watch::channel(0).0),
            signal: Arc::default(),
        }
    }

    /// Wakes this process's streams when another node appends, and the other nodes' when this
    /// one does (see [`Self::spawn_watch`]).
    pub fn set_signal(&self, signal: Arc<dyn EventSignal>) {
        let _ = self.signal.set(signal);
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
        announce(&self.published, event.id);
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
        let signal = self.signal.get().cloned();
        let (published, newest) = (self.published.subscribe(), self.newest.clone());
        let signals = async move {
            if let Some(signal) = signal {
                tokio::join!(
                    tell_others(signal.clone(), published),
                    hear_others(signal, newest)
                );
            }
        };
        tokio::spawn(async move {
            tokio::join!(fill, watch, signals);
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

/// Announces this process's appends to the other nodes; a burst of appends is one
/// announcement of the newest id, since a watch keeps only the latest value.
async fn tell_others(signal: Arc<dyn EventSignal>, mut published: watch::Receiver<i64>) {
    while published.changed().await.is_ok() {
        let newest = *published.borrow_and_update();
        if let Err(e) = signal.announce(newest).await {
            tracing::debug!(error = %e, "cannot announce new events to the other nodes");
        }
    }
}

/// Wakes this process's streams when another node appended.
async fn hear_others(signal: Arc<dyn EventSignal>, newest: Arc<watch::Sender<i64>>) {
    loop {
        match signal.next().await {
            Ok(id) => {
                newest.send_if_modified(|n| {
                    let newer = id > *n;
                    *n = (*n).max(id);
                    newer
                });
            }
            Err(e) => {
                // The one-second read of the log carries on meanwhile.
                tracing::warn!(error = %e, "lost the other nodes' event wake-ups; listening again");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        }
    }
}

/// Raises the newest id to `id` and wakes the readers, also when it is not newer: on PostgreSQL
/// an older event may commit after a newer one, and readers waiting for it to be final must
/// look again.
fn announce(newest: &watch::Sender<i64>, id: i64) {
    newest.send_modify(|n| *n = (*n).max(id));
}
