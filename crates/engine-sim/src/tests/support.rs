//! An in-memory session store and an event recorder, for the tests only.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use gerbang_core::engine::{
    Engine, EngineEvent, EngineEvents, EngineKind, MessageContent, OutboundMessage, SessionStore,
};
use gerbang_core::jid::Phone;
use gerbang_core::StoreResult;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::{SimConfig, SimEngine};

pub const DEVICE: &str = "dev-1";

#[derive(Default)]
pub struct MemStore {
    sessions: Mutex<HashMap<String, Vec<u8>>>,
}

impl MemStore {
    pub fn get(&self, device_id: &str) -> Option<Vec<u8>> {
        self.sessions
            .lock()
            .expect("store lock")
            .get(device_id)
            .cloned()
    }
}

#[async_trait]
impl SessionStore for MemStore {
    async fn load_session(
        &self,
        device_id: &str,
        engine: EngineKind,
    ) -> StoreResult<Option<Vec<u8>>> {
        assert_eq!(engine, EngineKind::Sim);
        Ok(self.get(device_id))
    }

    async fn save_session(
        &self,
        device_id: &str,
        engine: EngineKind,
        data: &[u8],
    ) -> StoreResult<()> {
        assert_eq!(engine, EngineKind::Sim);
        self.sessions
            .lock()
            .expect("store lock")
            .insert(device_id.to_string(), data.to_vec());
        Ok(())
    }

    async fn delete_session(&self, device_id: &str) -> StoreResult<()> {
        self.sessions.lock().expect("store lock").remove(device_id);
        Ok(())
    }
}

/// Records every event with the (virtual) time it arrived, relative to the recorder's creation.
pub struct Recorder {
    t0: Instant,
    events: Mutex<Vec<(Duration, EngineEvent)>>,
    arrived: Notify,
    /// `Message` deliveries still to refuse, like a database that is down.
    fail_messages: AtomicU32,
    refused: Mutex<Vec<(Duration, String)>>,
    /// The size of each batch handed over with `on_events`.
    batches: Mutex<Vec<usize>>,
}

impl Recorder {
    pub fn new() -> Arc<Recorder> {
        Recorder::failing_messages(0)
    }

    pub fn failing_messages(count: u32) -> Arc<Recorder> {
        Arc::new(Recorder {
            t0: Instant::now(),
            events: Mutex::new(Vec::new()),
            arrived: Notify::new(),
            fail_messages: AtomicU32::new(count),
            refused: Mutex::new(Vec::new()),
            batches: Mutex::new(Vec::new()),
        })
    }

    pub fn now(&self) -> Duration {
        self.t0.elapsed()
    }

    pub fn timed(&self) -> Vec<(Duration, EngineEvent)> {
        self.events.lock().expect("recorder lock").clone()
    }

    pub fn events(&self) -> Vec<EngineEvent> {
        self.timed().into_iter().map(|(_, e)| e).collect()
    }

    pub fn len(&self) -> usize {
        self.events.lock().expect("recorder lock").len()
    }

    pub fn refused(&self) -> Vec<(Duration, String)> {
        self.refused.lock().expect("recorder lock").clone()
    }

    /// The size of each batch of events handed over together.
    pub fn batches(&self) -> Vec<usize> {
        self.batches.lock().expect("recorder lock").clone()
    }

    /// Waits (in virtual time) until `count` events match; returns the last one and its time.
    pub async fn wait_nth(
        &self,
        count: usize,
        pred: impl Fn(&EngineEvent) -> bool,
    ) -> (Duration, EngineEvent) {
        let found = tokio::time::timeout(Duration::from_secs(3600), async {
            loop {
                let arrived = self.arrived.notified();
                tokio::pin!(arrived);
                arrived.as_mut().enable();
                let matching: Vec<_> = self.timed().into_iter().filter(|(_, e)| pred(e)).collect();
                if matching.len() >= count {
                    return matching[count - 1].clone();
                }
                arrived.await;
            }
        })
        .await;
        found.unwrap_or_else(|_| panic!("expected event never arrived; got {:#?}", self.events()))
    }

    pub async fn wait_for(&self, pred: impl Fn(&EngineEvent) -> bool) -> (Duration, EngineEvent) {
        self.wait_nth(1, pred).await
    }

    /// Lets every pending timer run, then says whether anything new was emitted.
    pub async fn quiet_for(&self, span: Duration) -> Vec<EngineEvent> {
        let before = self.len();
        tokio::time::sleep(span).await;
        self.events().split_off(before)
    }
}

#[async_trait]
impl EngineEvents for Recorder {
    async fn on_event(&self, device_id: &str, event: EngineEvent) -> Result<(), String> {
        assert_eq!(device_id, DEVICE);
        if let EngineEvent::Message(m) = &event {
            let refuse = self
                .fail_messages
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
            if refuse.is_ok() {
                self.refused
                    .lock()
                    .expect("recorder lock")
                    .push((self.now(), m.id.clone()));
                return Err("database unavailable (test)".into());
            }
        }
        self.events
            .lock()
            .expect("recorder lock")
            .push((self.now(), event));
        self.arrived.notify_waiters();
        Ok(())
    }

    async fn on_events(
        &self,
        device_id: &str,
        events: Vec<EngineEvent>,
    ) -> Vec<Result<(), String>> {
        self.batches
            .lock()
            .expect("recorder lock")
            .push(events.len());
        gerbang_core::engine::one_by_one(self, device_id, events).await
    }
}

pub fn phone(s: &str) -> Phone {
    Phone::parse(s).expect("valid phone")
}

pub fn text(id: &str, to: &Phone, body: &str) -> OutboundMessage {
    OutboundMessage {
        id: id.into(),
        to: to.jid(),
        content: MessageContent::Text { body: body.into() },
        quoted: None,
        mentions: Vec::new(),
        flags: Default::default(),
    }
}

pub fn sim() -> (Arc<SimEngine>, Arc<MemStore>) {
    sim_with(SimConfig::default())
}

pub fn sim_with(config: SimConfig) -> (Arc<SimEngine>, Arc<MemStore>) {
    let store = Arc::new(MemStore::default());
    (SimEngine::new(config, store.clone()), store)
}

/// Starts the device, scans its QR, and waits until it is connected.
pub async fn paired(sim: &SimEngine, rec: &Arc<Recorder>) -> Phone {
    sim.start(DEVICE, rec.clone()).await.expect("start");
    let phone = sim.scan(DEVICE, None).await.expect("scan");
    rec.wait_for(|e| matches!(e, EngineEvent::Connected { .. }))
        .await;
    phone
}

pub fn is_qr(e: &EngineEvent) -> bool {
    matches!(e, EngineEvent::Qr { .. })
}

pub fn qr_codes(events: &[EngineEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            EngineEvent::Qr { code, .. } => Some(code.clone()),
            _ => None,
        })
        .collect()
}
