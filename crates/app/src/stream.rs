//! Reading the event log for one client: who may see what, and where to start.

use std::time::Duration;

use gerbang_core::event::{types, EventFilter};

use crate::recent_events::SharedEvent;
use crate::{App, AppError, AppResult, Principal};

/// How many events a stream may fall behind the log before it is dropped (it resumes with
/// `Last-Event-ID`): a client that does not read cannot make the server hold more. Measured as
/// id distance over [`gerbang_core::store::EventStore::event_id_step`]: on PostgreSQL that
/// counts the database server's transactions in between (an overestimate: the stream is dropped
/// early at worst, and resumes).
pub const MAX_LAG: i64 = 50_000;

impl App {
    /// The events `who` may see, narrowed to a device and to types when asked.
    pub async fn event_filter(
        &self,
        who: &Principal,
        device_id: Option<&str>,
        types_csv: Option<&str>,
    ) -> AppResult<EventFilter> {
        let mut filter = EventFilter::default();
        if let Some(csv) = types_csv.filter(|s| !s.trim().is_empty()) {
            for t in csv.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                if !types::ALL.contains(&t) {
                    return Err(AppError::field(
                        "types",
                        format!("unknown event type {t:?}"),
                    ));
                }
                filter.types.push(t.to_string());
            }
        }
        match who {
            Principal::ApiKey { key, .. } => filter.device_id = Some(key.device_id.clone()),
            Principal::User(u) if !who.is_admin() => filter.user_id = Some(u.id),
            Principal::User(_) => {}
        }
        if let Some(device_id) = device_id.filter(|d| !d.is_empty()) {
            self.device_for(who, device_id).await?;
            filter.device_id = Some(device_id.to_string());
        }
        Ok(filter)
    }

    /// The newest `limit` (at most 500) events `who` may see, narrowed as in
    /// [`Self::event_filter`], oldest first: what a monitor shows before live events arrive.
    pub async fn newest_events(
        &self,
        who: &Principal,
        device_id: Option<&str>,
        types_csv: Option<&str>,
        limit: i64,
    ) -> AppResult<Vec<gerbang_core::event::Event>> {
        let filter = self.event_filter(who, device_id, types_csv).await?;
        Ok(self
            .store
            .newest_events(&filter, limit.clamp(1, 500))
            .await?)
    }

    /// Where a stream starts: after the id the client last saw, or at the newest event.
    pub async fn stream_start(&self, last_event_id: Option<&str>) -> AppResult<i64> {
        match last_event_id.map(str::trim).filter(|s| !s.is_empty()) {
            Some(id) => id
                .parse::<i64>()
                .map(|id| id.max(0))
                .map_err(|_| AppError::field("Last-Event-ID", "must be an event id (a number)")),
            None => Ok(self.store.latest_event_id().await?),
        }
    }

    /// The stream's next events, waiting (up to `wait`) for the log to grow. `scanned` is the
    /// id up to which the log has been read for this stream (at least the last event handed
    /// out): the log is read only when its newest id is past it, so an idle stream costs no
    /// query, and a stream close to the newest events takes them from the window every stream
    /// of this process shares ([`crate::recent_events`]). The store hands out final events only
    /// and says how far the log is final (on PostgreSQL an event announced here may have an
    /// older, still running transaction before it), so nothing is skipped.
    pub async fn next_events(
        &self,
        scanned: &mut i64,
        filter: &EventFilter,
        newest: &mut tokio::sync::watch::Receiver<i64>,
        wait: Duration,
    ) -> AppResult<Vec<SharedEvent>> {
        const PAGE: i64 = 200;
        let bus = &self.runtime.events;
        let mut known = *newest.borrow_and_update();
        if !bus.recent.running() {
            known = known.max(bus.newest());
        }
        if known > *scanned {
            let shared = bus.recent.read(scanned, filter, PAGE as usize);
            let events = match shared {
                Some(events) => events,
                None => {
                    let (events, read_to) = self.store.events_read(*scanned, filter, PAGE).await?;
                    let known = crate::recent_events::final_known(known, read_to);
                    *scanned = crate::recent_events::read_up_to(*scanned, &events, PAGE, known);
                    events.into_iter().map(SharedEvent::new).collect()
                }
            };
            if !events.is_empty() {
                return Ok(events);
            }
        }
        let _ = tokio::time::timeout(wait, newest.changed()).await;
        Ok(Vec::new())
    }

    /// Deletes events older than the retention, every hour, for as long as the server runs.
    pub fn spawn_event_cleanup(&self) -> tokio::task::JoinHandle<()> {
        let store = self.store.clone();
        let retention = chrono::Duration::from_std(self.settings.event_retention)
            .unwrap_or(chrono::Duration::days(7));
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(3600));
            loop {
                tick.tick().await;
                match store
                    .delete_events_before(chrono::Utc::now() - retention)
                    .await
                {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(deleted = n, "old events removed from the log"),
                    Err(e) => tracing::warn!(error = %e, "event clean-up failed"),
                }
            }
        })
    }
}
