//! The loop every sink runs: read the events after its cursor, publish them, wait for the
//! broker's acknowledgement, then move the cursor. A failure (broker away, database away) is
//! retried with a doubling delay; nothing is skipped, so the next success starts where the
//! last one ended.

use std::future::Future;
use std::time::Duration;

use gerbang_core::event::{Event, EventFilter};
use gerbang_core::StoreError;

use crate::App;

/// Events published per round trip to the broker.
const BATCH: i64 = 200;
/// How often the log is read when nothing woke the sink (other nodes append events too).
const POLL: Duration = Duration::from_secs(1);
const RETRY_FIRST: Duration = Duration::from_millis(500);
/// Short enough that a broker back from a restart gets its backlog soon.
const RETRY_MAX: Duration = Duration::from_secs(10);

/// What a sink failed at; the broker's own words, for the log.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SinkError {
    #[error("{0}")]
    Broker(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One broker's side of a sink.
pub(crate) trait Publisher: Send + 'static {
    /// `nats` or `amqp`: the cursor's name and the metrics' label.
    const NAME: &'static str;
    /// Publishes `events` in order and returns once the broker acknowledged every one. On an
    /// error some may have been taken; they are published again (with the same ids).
    fn publish(&mut self, events: &[Event]) -> impl Future<Output = Result<(), String>> + Send;
}

pub(crate) async fn run<P: Publisher>(app: App, mut sink: P) {
    let mut woken = app.runtime.events.subscribe();
    let mut cursor = None;
    let mut delay = RETRY_FIRST;
    let mut failing = false;
    loop {
        match step(&app, &mut sink, &mut cursor).await {
            Ok(more) => {
                if failing {
                    tracing::info!(sink = P::NAME, "event sink is publishing again");
                    failing = false;
                }
                delay = RETRY_FIRST;
                if more {
                    continue;
                }
                tokio::select! {
                    changed = woken.changed() => if changed.is_err() {
                        tokio::time::sleep(POLL).await;
                    },
                    _ = tokio::time::sleep(POLL) => {}
                }
            }
            Err(e) => {
                crate::metrics::sink_failure(P::NAME);
                // Said once at warn when it starts failing; the retries go to debug.
                if failing {
                    tracing::debug!(sink = P::NAME, error = %e, retry_ms = delay.as_millis() as u64, "event sink still failing");
                } else {
                    tracing::warn!(sink = P::NAME, error = %e, "event sink cannot publish; retrying with backoff");
                    failing = true;
                }
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(RETRY_MAX);
            }
        }
    }
}

/// Publishes one batch after the cursor; returns whether more may be waiting.
#[tracing::instrument(name = "sink_publish", skip_all, fields(sink = P::NAME, cursor = ?cursor))]
async fn step<P: Publisher>(
    app: &App,
    sink: &mut P,
    cursor: &mut Option<i64>,
) -> Result<bool, SinkError> {
    let from = match *cursor {
        Some(c) => c,
        None => app.store.sink_cursor(P::NAME).await?,
    };
    *cursor = Some(from);
    let events = app
        .store
        .events_after(from, &EventFilter::default(), BATCH)
        .await?;
    let newest = app.store.latest_event_id().await?;
    let step = app.store.event_id_step();
    crate::metrics::sink_lag(P::NAME, (newest - from) / step);
    let Some(last) = events.last() else {
        return Ok(false);
    };
    let to = last.id;
    sink.publish(&events).await.map_err(SinkError::Broker)?;
    for e in &events {
        crate::metrics::delivered(P::NAME, e.created_at);
    }
    crate::metrics::sink_published(P::NAME, events.len() as u64);
    if app.store.advance_sink_cursor(P::NAME, from, to).await? {
        *cursor = Some(to);
        crate::metrics::sink_lag(P::NAME, (newest - to).max(0) / step);
    } else {
        // Another node sharing the database moved it: read where it is now.
        *cursor = None;
    }
    Ok(events.len() as i64 == BATCH)
}
