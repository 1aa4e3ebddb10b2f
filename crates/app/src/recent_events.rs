//! The newest part of the event log, read once per process and shared by every stream: a new
//! event costs one query however many streams are open, and each stream picks its own events
//! from memory. A stream further behind than the window reads the log itself, as before.

use std::collections::VecDeque;
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::watch;

use gerbang_core::event::{Event, EventFilter};
use gerbang_core::Store;

/// How many of the newest events are kept (a few seconds of a busy gateway's traffic).
const KEEP: usize = 4_096;
/// How many events one read of the log takes.
const PAGE: i64 = 500;
/// How long a read that found the announced events not final yet waits before looking again.
const STALL_WAIT: Duration = Duration::from_millis(50);

/// An event as streams hand it out: read once, serialised once, and shared (not copied) by
/// every stream it is for. A thousand streams that take one event clone a pointer each.
#[derive(Clone)]
pub struct SharedEvent(Arc<Shared>);

struct Shared {
    event: Event,
    json: OnceLock<String>,
    sse: OnceLock<Bytes>,
}

impl SharedEvent {
    pub fn new(event: Event) -> Self {
        Self(Arc::new(Shared {
            event,
            json: OnceLock::new(),
            sse: OnceLock::new(),
        }))
    }

    /// The event as JSON, made by the first stream that asks.
    pub fn json(&self) -> &str {
        self.0
            .json
            .get_or_init(|| serde_json::to_string(&self.0.event).unwrap_or_default())
    }

    /// The event as one Server-Sent Events frame (its `id:` and `data:` lines), made by the
    /// first stream that sends it: ten thousand streams send the same bytes, not ten thousand
    /// copies. Compact JSON has no line break, so one `data:` line holds it.
    pub fn sse_frame(&self) -> Bytes {
        self.0
            .sse
            .get_or_init(|| {
                Bytes::from(format!(
                    "id: {}\ndata: {}\n\n",
                    self.0.event.id,
                    self.json()
                ))
            })
            .clone()
    }
}

impl Deref for SharedEvent {
    type Target = Event;

    fn deref(&self) -> &Event {
        &self.0.event
    }
}

pub struct RecentEvents {
    window: RwLock<Window>,
    /// The id up to which the window has read the log: streams wait on it, so they wake once the
    /// events are in memory, not before.
    read_upto: watch::Sender<i64>,
    running: AtomicBool,
}

/// The log's events with ids in `(after, upto]`, all of them, in id order.
#[derive(Default)]
struct Window {
    after: i64,
    upto: i64,
    events: VecDeque<SharedEvent>,
}

impl RecentEvents {
    pub(crate) fn new() -> Self {
        Self {
            window: RwLock::default(),
            read_upto: watch::channel(0).0,
            running: AtomicBool::new(false),
        }
    }

    /// Whether a reader is filling the window (the server runs one; commands and tests that
    /// never start it read the log directly).
    pub(crate) fn running(&self) -> bool {
        self.running.load(Ordering::Acquire)
    }

    pub(crate) fn subscribe(&self) -> watch::Receiver<i64> {
        self.read_upto.subscribe()
    }

    pub(crate) fn waiting(&self) -> usize {
        self.read_upto.receiver_count()
    }

    /// Up to `page` events after `scanned` that pass `filter`, from memory, moving `scanned` past
    /// everything looked at; `None` when the window no longer holds what follows `scanned`.
    pub(crate) fn read(
        &self,
        scanned: &mut i64,
        filter: &EventFilter,
        page: usize,
    ) -> Option<Vec<SharedEvent>> {
        if !self.running() {
            return None;
        }
        let window = self.read_window();
        if *scanned < window.after {
            return None;
        }
        let mut found = Vec::new();
        let first = window.events.partition_point(|e| e.id <= *scanned);
        for event in window.events.range(first..) {
            if filter.matches(event) {
                found.push(event.clone());
                if found.len() == page {
                    *scanned = event.id;
                    return Some(found);
                }
            }
        }
        *scanned = (*scanned).max(window.upto);
        Some(found)
    }

    /// Follows the log from its newest event on, for as long as the server runs: woken by
    /// `newest` (this process's appends and the once-a-second watch of the log).
    pub(crate) async fn fill(
        self: Arc<Self>,
        store: Arc<dyn Store>,
        mut newest: watch::Receiver<i64>,
    ) {
        let start = loop {
            match store.latest_event_id().await {
                Ok(id) => break id,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the event log's newest id");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        };
        {
            let mut window = self.write_window();
            window.after = start;
            window.upto = start;
        }
        self.read_upto.send_replace(start);
        self.running.store(true, Ordering::Release);
        let _stop = StopOnDrop(&self.running);
        loop {
            let known = *newest.borrow_and_update();
            let upto = self.read_window().upto;
            if known > upto {
                match store.events_read(upto, &EventFilter::default(), PAGE).await {
                    Ok((events, read_to)) => {
                        let reached = final_known(known, read_to);
                        let stalled = events.is_empty() && reached <= upto;
                        self.push(events, reached);
                        if stalled {
                            // An event announced here is not final yet (an older transaction
                            // has not committed): wait for the next commit, or briefly.
                            let _ = tokio::time::timeout(STALL_WAIT, newest.changed()).await;
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot read the event log");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
                continue;
            }
            if newest.changed().await.is_err() {
                return;
            }
        }
    }

    /// Adds what one read returned; a short page means the log was read up to `known`.
    fn push(&self, events: Vec<Event>, known: i64) {
        let upto = {
            let mut window = self.write_window();
            window.upto = read_up_to(window.upto, &events, PAGE, known);
            window
                .events
                .extend(events.into_iter().map(SharedEvent::new));
            while window.events.len() > KEEP {
                if let Some(old) = window.events.pop_front() {
                    window.after = old.id;
                }
            }
            window.upto
        };
        self.read_upto.send_replace(upto);
    }

    fn read_window(&self) -> RwLockReadGuard<'_, Window> {
        self.window.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write_window(&self) -> RwLockWriteGuard<'_, Window> {
        self.window.write().unwrap_or_else(|p| p.into_inner())
    }
}

/// The newest id a read may count as covered: the announced one, unless the log says events
/// before it may still commit (`read_to`, PostgreSQL).
pub(crate) fn final_known(known: i64, read_to: Option<i64>) -> i64 {
    read_to.map_or(known, |r| r.min(known))
}

/// How far the log has been read after a read of up to `page` events after `from` returned
/// `events` while `known` was the newest id: a short page reached the newest id (the ids in
/// between belong to rolled-back transactions), a full one only its last event.
pub(crate) fn read_up_to(from: i64, events: &[Event], page: i64, known: i64) -> i64 {
    let last = events.last().map_or(from, |e| e.id);
    if (events.len() as i64) < page {
        last.max(known)
    } else {
        last
    }
}

/// Streams fall back to reading the log themselves once the filler is gone (server stopping).
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: i64, device: &str, event_type: &str) -> Event {
        Event {
            id,
            event_type: event_type.into(),
            device_id: Some(device.into()),
            user_id: None,
            chat_jid: None,
            data: serde_json::Value::Null,
            created_at: chrono::Utc::now(),
        }
    }

    /// A window that starts after event 10, as `fill` would set it up.
    fn window() -> RecentEvents {
        let recent = RecentEvents::new();
        {
            let mut w = recent.write_window();
            w.after = 10;
            w.upto = 10;
        }
        recent.running.store(true, Ordering::Release);
        recent
    }

    fn ids(events: &[SharedEvent]) -> Vec<i64> {
        events.iter().map(|e| e.id).collect()
    }

    #[test]
    fn a_stream_takes_only_its_own_events_and_moves_past_the_others() {
        let recent = window();
        let events = (11..=20)
            .map(|id| event(id, if id % 2 == 0 { "a" } else { "b" }, "message.new"))
            .collect();
        recent.push(events, 20);
        assert_eq!(*recent.subscribe().borrow(), 20);
        let only_a = EventFilter {
            device_id: Some("a".into()),
            ..EventFilter::default()
        };
        let mut scanned = 10;
        let got = recent.read(&mut scanned, &only_a, 100).unwrap();
        assert_eq!(ids(&got), vec![12, 14, 16, 18, 20]);
        assert_eq!(scanned, 20);
        let mut scanned = 15;
        let typed = EventFilter {
            types: vec!["message.status".into()],
            ..EventFilter::default()
        };
        assert_eq!(
            recent.read(&mut scanned, &typed, 100).map(|e| ids(&e)),
            Some(vec![])
        );
        assert_eq!(
            scanned, 20,
            "nothing of that type: the stream is past all of it"
        );
    }

    #[test]
    fn an_event_is_one_sse_frame_shared_by_every_stream() {
        let mut e = event(42, "a", "message.new");
        e.data = serde_json::json!({"text": "baris satu\nbaris dua"});
        let shared = SharedEvent::new(e);
        let frame = shared.sse_frame();
        let text = std::str::from_utf8(&frame).unwrap();
        assert!(text.starts_with("id: 42\ndata: {"), "{text}");
        assert!(text.ends_with("}\n\n"), "{text}");
        assert_eq!(
            text.matches('\n').count(),
            3,
            "the line break stays escaped: {text}"
        );
        let data: serde_json::Value =
            serde_json::from_str(text.lines().nth(1).unwrap().strip_prefix("data: ").unwrap())
                .unwrap();
        assert_eq!(data["data"]["text"], "baris satu\nbaris dua");
        assert_eq!(
            shared.clone().sse_frame().as_ptr(),
            frame.as_ptr(),
            "made once"
        );
    }

    #[test]
    fn a_full_page_stops_at_its_last_event() {
        let recent = window();
        recent.push((11..=20).map(|id| event(id, "a", "x")).collect(), 20);
        let mut scanned = 10;
        let got = recent
            .read(&mut scanned, &EventFilter::default(), 3)
            .unwrap();
        assert_eq!(ids(&got), vec![11, 12, 13]);
        assert_eq!(scanned, 13);
    }

    #[test]
    fn a_short_read_covers_the_log_up_to_the_announced_id() {
        let recent = window();
        // Ids 12..=15 belong to transactions that were rolled back: the log has none.
        recent.push(vec![event(11, "a", "x")], 15);
        assert_eq!(recent.read_window().upto, 15);
        let mut scanned = 11;
        let got = recent.read(&mut scanned, &EventFilter::default(), 10);
        assert_eq!(got.map(|e| ids(&e)), Some(vec![]));
        assert_eq!(scanned, 15);
    }

    #[test]
    fn a_stream_behind_the_window_or_without_a_filler_reads_the_log_itself() {
        let recent = window();
        let total = KEEP as i64 + 100;
        recent.push(
            (11..11 + total).map(|id| event(id, "a", "x")).collect(),
            10 + total,
        );
        assert_eq!(recent.read_window().events.len(), KEEP);
        assert_eq!(recent.read_window().after, 110);
        let mut scanned = 50;
        assert!(recent
            .read(&mut scanned, &EventFilter::default(), 10)
            .is_none());
        assert_eq!(scanned, 50, "untouched: the caller reads from there");
        let mut scanned = 110;
        let got = recent.read(&mut scanned, &EventFilter::default(), 2);
        assert_eq!(ids(&got.unwrap()), vec![111, 112]);

        recent.running.store(false, Ordering::Release);
        let mut scanned = 110;
        assert!(recent
            .read(&mut scanned, &EventFilter::default(), 2)
            .is_none());
    }
}
