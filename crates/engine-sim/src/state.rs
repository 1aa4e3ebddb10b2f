//! The network's memory: accounts, mailboxes, logs and the devices with their sessions. One
//! `std::sync::Mutex` guards all of it; it is never held across an `.await`, and events leave
//! through each device's emitter queue, so nothing user-supplied runs under the lock.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Utc};
use gerbang_core::engine::{EngineEvent, EngineEvents, InboundMessage, SessionStore};
use gerbang_core::jid::{Jid, Phone};
use rand::rngs::StdRng;
use rand::SeedableRng;
use tokio::sync::{mpsc, Notify};
use tokio::task::AbortHandle;

use crate::config::SimConfig;
use crate::emitter::Emission;
use crate::faults::SendFault;
use crate::network::{SimAccount, SimDelivery};

pub(crate) struct Inner {
    pub config: SimConfig,
    pub sessions: Arc<dyn SessionStore>,
    state: Mutex<State>,
    /// The one generator behind every made-up value. Lock order: `state` before `rng`, never
    /// the other way round.
    rng: Mutex<StdRng>,
    /// Wakes the inbound-delivery loops whenever a mailbox changes.
    pub mail_changed: Notify,
}

impl Inner {
    pub fn new(config: SimConfig, sessions: Arc<dyn SessionStore>) -> Inner {
        let rng = Mutex::new(StdRng::seed_from_u64(config.seed));
        let state = State {
            accounts: BTreeMap::new(),
            absent: HashSet::new(),
            blocked: HashMap::new(),
            profiles: HashMap::new(),
            sent_log: Vec::new(),
            inboxes: HashMap::new(),
            mailboxes: HashMap::new(),
            devices: HashMap::new(),
            groups: Default::default(),
            channels: Default::default(),
            background: Vec::new(),
            next_generation: 0,
            run: rand::random(),
        };
        Inner {
            config,
            sessions,
            state: Mutex::new(state),
            rng,
            mail_changed: Notify::new(),
        }
    }

    /// A panic elsewhere must not wedge the whole simulated network, and every mutation here
    /// leaves the state consistent at each statement, so a poisoned lock is still usable.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn rng(&self) -> MutexGuard<'_, StdRng> {
        self.rng.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stops every task the network runs; used when the engine is dropped, since tasks hold the
    /// network alive otherwise.
    pub fn abort_all(&self) {
        let mut st = self.lock();
        for handle in st.background.drain(..) {
            handle.abort();
        }
        for device in st.devices.values_mut() {
            if let Some(session) = device.session.as_mut() {
                session.cancel_tasks();
            }
            device.emitter_task.abort();
        }
    }
}

pub(crate) struct State {
    pub accounts: BTreeMap<Phone, SimAccount>,
    pub absent: HashSet<Phone>,
    /// Each account's blocklist (JIDs as given: numbers and LIDs).
    pub blocked: HashMap<Phone, std::collections::BTreeSet<String>>,
    /// Each account's push name, about text, picture and business profile.
    pub profiles: crate::profiles::Profiles,
    pub sent_log: Vec<SimDelivery>,
    pub inboxes: HashMap<Phone, Vec<SimDelivery>>,
    /// Messages waiting for the linked device of a phone, oldest first. A message leaves only
    /// when the device's event hook accepted it.
    pub mailboxes: HashMap<Phone, VecDeque<Mail>>,
    pub devices: HashMap<String, Device>,
    pub groups: crate::groups::Groups,
    pub channels: crate::channels::Channels,
    /// Network-level tasks (auto-replies), which outlive any one session.
    pub background: Vec<AbortHandle>,
    next_generation: u64,
    /// Drawn from the system's entropy, not the seed: tells this run's message ids apart
    /// from those of earlier runs over the same database.
    pub run: u32,
}

impl State {
    pub fn next_generation(&mut self) -> u64 {
        self.next_generation += 1;
        self.next_generation
    }

    /// The device, if `generation` is still its running session: tasks of a stopped session
    /// must not touch the one that replaced it.
    pub fn current(&mut self, device_id: &str, generation: u64) -> Option<&mut Device> {
        self.devices.get_mut(device_id).filter(|d| {
            d.session
                .as_ref()
                .is_some_and(|s| s.generation == generation)
        })
    }

    pub fn track_background(&mut self, handle: AbortHandle) {
        self.background.retain(|h| !h.is_finished());
        self.background.push(handle);
    }
}

pub(crate) struct Mail {
    pub message: InboundMessage,
    /// Handed to an emitter and not yet answered; nobody else may deliver it meanwhile.
    pub in_flight: bool,
}

pub(crate) struct Device {
    /// One queue per device for its whole life, so events of consecutive sessions (a stop's
    /// `Disconnected`, the next start's `Connecting`) can never overtake each other.
    emitter: mpsc::UnboundedSender<Emission>,
    pub emitter_task: AbortHandle,
    pub session: Option<Session>,
    pub send_faults: VecDeque<(SendFault, u32)>,
    /// How many of the next messages to this device arrive unreadable first.
    pub undecryptable: u32,
    pub ban: Option<Ban>,
    /// The phone this device was last linked to, kept while it is stopped so made-up numbers
    /// never collide with it.
    pub phone: Option<Phone>,
    /// Contacts whose online/offline this device asked for.
    pub presence_subscriptions: HashSet<Jid>,
    /// Calls that rang this device, for the caller's side of the simulator.
    pub calls: crate::calls::Calls,
}

impl Device {
    pub fn new(emitter: mpsc::UnboundedSender<Emission>, emitter_task: AbortHandle) -> Device {
        Device {
            emitter,
            emitter_task,
            session: None,
            send_faults: VecDeque::new(),
            undecryptable: 0,
            ban: None,
            phone: None,
            presence_subscriptions: HashSet::new(),
            calls: Default::default(),
        }
    }

    pub fn enqueue(&self, emission: Emission) {
        // The receiver only goes away when the engine is dropped; nobody is listening then.
        let _ = self.emitter.send(emission);
    }

    pub fn emit(&self, events: &Arc<dyn EngineEvents>, event: EngineEvent) {
        self.enqueue(Emission::plain(events.clone(), event));
    }

    /// Emits through the running session; a no-op when none runs.
    pub fn emit_session(&self, event: EngineEvent) {
        if let Some(session) = &self.session {
            self.emit(&session.events, event);
        }
    }

    /// Ends the running session: cancels its tasks and emits `last` as its final event.
    /// Returns the ended session so callers can tell whether one was running.
    pub fn end_session(&mut self, last: Option<EngineEvent>) -> Option<Session> {
        let mut session = self.session.take()?;
        session.cancel_tasks();
        if let Some(event) = last {
            self.emit(&session.events, event);
        }
        Some(session)
    }
}

pub(crate) struct Ban {
    /// Checked against tokio's clock, so paused-time tests can step past an expiry.
    pub until: Option<tokio::time::Instant>,
    pub expires_at: Option<DateTime<Utc>>,
}

impl Ban {
    pub fn active(&self) -> bool {
        self.until
            .is_none_or(|until| tokio::time::Instant::now() < until)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Link {
    pub phone: Phone,
    pub push_name: Option<String>,
}

pub(crate) struct Session {
    /// Tells this run of the device apart from earlier and later ones.
    pub generation: u64,
    pub events: Arc<dyn EngineEvents>,
    /// The paired phone; `None` while pairing.
    pub link: Option<Link>,
    pub phase: Phase,
    /// The QR rotation or the current connect attempt.
    pub lifecycle: Option<AbortHandle>,
    /// Inbound delivery; runs only while connected.
    pub delivery: Option<AbortHandle>,
    /// Receipt timers of messages sent in this session.
    pub timers: Vec<AbortHandle>,
}

impl Session {
    pub fn cancel_tasks(&mut self) {
        for handle in self
            .lifecycle
            .take()
            .into_iter()
            .chain(self.delivery.take())
        {
            handle.abort();
        }
        for handle in self.timers.drain(..) {
            handle.abort();
        }
    }

    pub fn track_timer(&mut self, handle: AbortHandle) {
        self.timers.retain(|h| !h.is_finished());
        self.timers.push(handle);
    }

    pub fn replace_lifecycle(&mut self, handle: Option<AbortHandle>) {
        if let Some(old) = std::mem::replace(&mut self.lifecycle, handle) {
            old.abort();
        }
    }

    pub fn stop_delivery(&mut self) {
        if let Some(old) = self.delivery.take() {
            old.abort();
        }
    }

    /// The linked phone, only while connected.
    pub fn connected_link(&self) -> Option<&Link> {
        match self.phase {
            Phase::Connected => self.link.as_ref(),
            _ => None,
        }
    }

    /// The phone a handed-out pairing code would link.
    pub fn pairing_code_phone(&self) -> Option<&Phone> {
        match &self.phase {
            Phase::Pairing(p) => p.code.as_ref().map(|(_, phone)| phone),
            _ => None,
        }
    }

    pub fn pairing_mut(&mut self) -> Option<&mut Pairing> {
        match &mut self.phase {
            Phase::Pairing(p) => Some(p),
            _ => None,
        }
    }
}

pub(crate) enum Phase {
    /// Unpaired, showing QR codes.
    Pairing(Pairing),
    /// Linked, connection down, waiting before attempt `attempt`.
    Backoff {
        attempt: u32,
    },
    /// Linked, connect attempt `attempt` under way.
    Connecting {
        attempt: u32,
    },
    Connected,
}

#[derive(Default)]
pub(crate) struct Pairing {
    /// The pairing code handed out and the phone it pairs to.
    pub code: Option<(String, Phone)>,
    /// A scan is saving the session; a second one must not race it.
    pub linking: bool,
}
