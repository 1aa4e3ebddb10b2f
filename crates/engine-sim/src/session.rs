//! A device's session lifecycle: connecting with a stored session or showing QR codes,
//! reconnecting, stopping and logging out.

use std::sync::Arc;
use std::time::Duration;

use gerbang_core::engine::{EngineError, EngineEvent, EngineEvents, EngineKind, EngineResult};

use crate::codes;
use crate::emitter::{self, start_delivery};
use crate::pairing::decode;
use crate::state::{Inner, Pairing, Phase, Session};

const STOPPED: &str = "disconnected by request";

impl Inner {
    fn is_running(&self, device_id: &str) -> bool {
        self.lock()
            .devices
            .get(device_id)
            .is_some_and(|d| d.session.is_some())
    }

    pub async fn start(
        self: &Arc<Self>,
        device_id: &str,
        events: Arc<dyn EngineEvents>,
    ) -> EngineResult<()> {
        if self.is_running(device_id) {
            return Ok(());
        }
        let stored = self
            .sessions
            .load_session(device_id, EngineKind::Sim)
            .await
            .map_err(|e| {
                EngineError::Other(format!("could not load the simulated session: {e}"))
            })?;
        let link = match stored {
            Some(bytes) => Some(decode(&bytes).map_err(|e| {
                EngineError::Other(format!("the stored simulated session is unreadable: {e}"))
            })?),
            None => None,
        };

        let mut st = self.lock();
        let generation = st.next_generation();
        let device = emitter::device(self, &mut st, device_id);
        // A concurrent start got here first while we were loading.
        if device.session.is_some() {
            return Ok(());
        }
        if let Some(ban) = device.ban.as_ref().filter(|b| b.active()) {
            let expires_at = ban.expires_at;
            device.emit(
                &events,
                EngineEvent::Banned {
                    reason: crate::faults::BANNED.into(),
                    expires_at,
                },
            );
            tracing::info!(
                engine = "sim",
                device_id,
                "[simulated] start refused: the device is banned"
            );
            return Ok(());
        }
        device.ban = None;
        device.phone = link.as_ref().map(|l| l.phone.clone());
        device.emit(&events, EngineEvent::Connecting { attempt: 1 });

        let mut session = Session {
            generation,
            events: events.clone(),
            link: link.clone(),
            phase: Phase::Connecting { attempt: 1 },
            lifecycle: None,
            delivery: None,
            timers: Vec::new(),
        };
        if link.is_some() {
            tracing::info!(
                engine = "sim",
                device_id,
                "[simulated] connecting with the stored session"
            );
            let task = tokio::spawn(connect(
                self.clone(),
                device_id.to_string(),
                generation,
                1,
                Duration::ZERO,
            ));
            session.lifecycle = Some(task.abort_handle());
        } else if self.config.qr_count == 0 {
            device.emit(&events, EngineEvent::QrExhausted);
            return Ok(());
        } else {
            tracing::info!(
                engine = "sim",
                device_id,
                "[simulated] not paired: showing QR codes"
            );
            // The first code goes out before start() returns, so a caller can scan right away.
            let code = codes::qr_code(&mut self.rng());
            device.emit(
                &events,
                EngineEvent::Qr {
                    code,
                    index: 0,
                    valid_for: self.config.qr_first,
                },
            );
            session.phase = Phase::Pairing(Pairing::default());
            let task = tokio::spawn(rotate_qr(self.clone(), device_id.to_string(), generation));
            session.lifecycle = Some(task.abort_handle());
        }
        device.session = Some(session);
        Ok(())
    }

    pub fn stop(&self, device_id: &str) {
        let mut st = self.lock();
        let Some(device) = st.devices.get_mut(device_id) else {
            return;
        };
        let last = EngineEvent::Disconnected {
            reason: STOPPED.into(),
            will_retry: false,
        };
        if device.end_session(Some(last)).is_some() {
            tracing::info!(engine = "sim", device_id, "[simulated] device stopped");
        }
    }

    pub async fn logout(&self, device_id: &str) -> EngineResult<()> {
        {
            let mut st = self.lock();
            if let Some(device) = st.devices.get_mut(device_id) {
                let linked = device.session.as_ref().is_some_and(|s| s.link.is_some());
                let last = if linked {
                    EngineEvent::LoggedOut {
                        reason: "logged out by request".into(),
                    }
                } else {
                    EngineEvent::Disconnected {
                        reason: STOPPED.into(),
                        will_retry: false,
                    }
                };
                device.end_session(Some(last));
                // A fresh link starts clean: no leftover ban or injected send failures.
                device.ban = None;
                device.send_faults.clear();
                device.phone = None;
            }
        }
        tracing::info!(engine = "sim", device_id, "[simulated] device logged out");
        self.sessions
            .delete_session(device_id)
            .await
            .map_err(|e| EngineError::Other(format!("could not delete the simulated session: {e}")))
    }
}

/// Shows the remaining QR codes, each when the previous one expires, then gives up.
async fn rotate_qr(inner: Arc<Inner>, device_id: String, generation: u64) {
    let config = &inner.config;
    let mut valid_for = config.qr_first;
    for index in 1..=config.qr_count {
        tokio::time::sleep(valid_for).await;
        valid_for = config.qr_next;
        let mut st = inner.lock();
        let Some(device) = st.current(&device_id, generation) else {
            return;
        };
        if !device
            .session
            .as_ref()
            .is_some_and(|s| matches!(s.phase, Phase::Pairing(_)))
        {
            return;
        }
        if index == config.qr_count {
            tracing::info!(
                engine = "sim",
                device_id,
                "[simulated] QR codes exhausted; pairing attempt over"
            );
            device.end_session(Some(EngineEvent::QrExhausted));
            return;
        }
        let code = codes::qr_code(&mut inner.rng());
        device.emit_session(EngineEvent::Qr {
            code,
            index,
            valid_for,
        });
        tracing::debug!(
            engine = "sim",
            device_id,
            index,
            "[simulated] QR code rotated"
        );
    }
}

/// One connect attempt: waits out its backoff (emitting `Connecting` after it), then "connects"
/// after `connect_delay`. A Disconnect fault during the attempt replaces this task.
pub(crate) async fn connect(
    inner: Arc<Inner>,
    device_id: String,
    generation: u64,
    attempt: u32,
    backoff: Duration,
) {
    if !backoff.is_zero() {
        tokio::time::sleep(backoff).await;
        let mut st = inner.lock();
        let Some(device) = st.current(&device_id, generation) else {
            return;
        };
        let Some(session) = device.session.as_mut() else {
            return;
        };
        if !matches!(session.phase, Phase::Backoff { attempt: a } if a == attempt) {
            return;
        }
        session.phase = Phase::Connecting { attempt };
        device.emit_session(EngineEvent::Connecting { attempt });
        tracing::info!(
            engine = "sim",
            device_id,
            attempt,
            "[simulated] reconnecting"
        );
    }
    tokio::time::sleep(inner.config.connect_delay).await;
    let mut st = inner.lock();
    let Some(device) = st.current(&device_id, generation) else {
        return;
    };
    let Some(session) = device.session.as_mut() else {
        return;
    };
    let Some(link) = session.link.clone() else {
        return;
    };
    if !matches!(session.phase, Phase::Connecting { attempt: a } if a == attempt) {
        return;
    }
    session.phase = Phase::Connected;
    // Our own handle: the attempt is over, nothing left to cancel.
    session.lifecycle = None;
    start_delivery(&inner, session, &device_id, link.phone.clone());
    device.emit_session(EngineEvent::Connected {
        phone: link.phone.clone(),
        push_name: link.push_name,
    });
    tracing::info!(engine = "sim", device_id, phone = %link.phone, "[simulated] connected");
}
