//! What one running session shares between whatsapp-rust's callbacks (event handler,
//! durability hook, transport factory) and the engine: its event queue, its connection
//! attempts, and why it ended.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use chrono::{DateTime, Utc};
use gerbang_core::engine::EngineEvent;
use whatsapp_rust::Client;

use crate::emitter::Emitter;
use crate::recent::Recent;

/// Why a session ended by itself (the client stopped reconnecting).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum End {
    LoggedOut(String),
    Banned {
        reason: String,
        expires_at: Option<DateTime<Utc>>,
    },
    QrExhausted,
    /// Any other final refusal (replaced, outdated client, connect failure); the reason says it.
    Refused(String),
}

#[derive(Default)]
struct Attempt {
    /// The server answered past the handshake (a QR, a login, …): from here on whatsapp-rust
    /// reports a lost connection itself.
    established: bool,
    /// This attempt's failure has been reported already.
    reported: bool,
}

pub(crate) struct Shared {
    pub device_id: String,
    pub generation: u64,
    pub emitter: Arc<Emitter>,
    pub client: OnceLock<Weak<Client>>,
    pub recent: Recent,
    /// Calls ringing now, to tell a missed call from one declined.
    pub calls: crate::calls::Ringing,
    /// App-state changes this session sent, so their echo is not reported as the phone's.
    pub own_changes: crate::appstate::OwnChanges,
    stopping: AtomicBool,
    attempts: AtomicU32,
    attempt: Mutex<Attempt>,
    qr_index: AtomicU32,
    end: Mutex<Option<End>>,
    stream_error: Mutex<Option<String>>,
}

impl Shared {
    pub fn new(device_id: &str, generation: u64, emitter: Arc<Emitter>) -> Shared {
        Shared {
            device_id: device_id.to_string(),
            generation,
            emitter,
            client: OnceLock::new(),
            recent: Recent::default(),
            calls: Default::default(),
            own_changes: Default::default(),
            stopping: AtomicBool::new(false),
            attempts: AtomicU32::new(0),
            attempt: Mutex::new(Attempt::default()),
            qr_index: AtomicU32::new(0),
            end: Mutex::new(None),
            stream_error: Mutex::new(None),
        }
    }

    pub fn client(&self) -> Option<Arc<Client>> {
        self.client.get().and_then(Weak::upgrade)
    }

    pub fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    pub fn set_stopping(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }

    fn ended(&self) -> bool {
        self.lock_end().is_some()
    }

    fn lock_end(&self) -> std::sync::MutexGuard<'_, Option<End>> {
        self.end.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_attempt(&self) -> std::sync::MutexGuard<'_, Attempt> {
        self.attempt.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Events of a live session; quiet once it is stopping or has ended.
    pub fn emit(&self, event: EngineEvent) {
        if !self.stopping() && !self.ended() {
            self.emitter.emit(event);
        }
    }

    /// A new connection attempt begins (whatsapp-rust asks for a transport).
    pub fn begin_attempt(&self) -> u32 {
        let attempt = self.attempts.fetch_add(1, Ordering::SeqCst) + 1;
        *self.lock_attempt() = Attempt::default();
        self.stream_error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        self.emit(EngineEvent::Connecting { attempt });
        attempt
    }

    pub fn established(&self) {
        self.lock_attempt().established = true;
    }

    /// A transport closed. Only the current attempt's transport, closed before the server
    /// answered past the handshake, is news: whatsapp-rust reports later drops itself, and it
    /// closes an old transport in the background after a reconnect has begun.
    pub fn transport_closed(&self, attempt: u32) {
        if self.stopping() || self.attempts.load(Ordering::SeqCst) != attempt {
            return;
        }
        if !self.lock_attempt().established {
            self.connection_lost("the connection to WhatsApp closed during the handshake".into());
        }
    }

    /// The connection failed or dropped and whatsapp-rust will try again; reported once per
    /// attempt, with the stream error that preceded it when there was one.
    pub fn connection_lost(&self, reason: String) {
        {
            let mut attempt = self.lock_attempt();
            if attempt.reported {
                return;
            }
            attempt.reported = true;
        }
        let stream_error = self
            .stream_error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let reason = match stream_error {
            Some(code) => format!("{reason} (after WhatsApp stream error {code})"),
            None => reason,
        };
        tracing::info!(engine = "whatsapp", device_id = %self.device_id, %reason, "connection lost; reconnecting");
        self.emit(EngineEvent::Disconnected {
            reason,
            will_retry: true,
        });
    }

    pub fn stream_error(&self, code: String) {
        *self.stream_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(code);
    }

    pub fn next_qr_index(&self) -> u32 {
        self.qr_index.fetch_add(1, Ordering::SeqCst)
    }

    /// Records why the session is over; the first reason stands.
    pub fn set_end(&self, end: End) {
        let mut slot = self.lock_end();
        if slot.is_none() {
            tracing::info!(engine = "whatsapp", device_id = %self.device_id, ?end, "session ending");
            *slot = Some(end);
        }
    }

    pub fn take_end(&self) -> Option<End> {
        self.lock_end().take()
    }
}
