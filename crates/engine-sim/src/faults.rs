//! Trouble on demand: the failures a real WhatsApp session meets, injected into a running device.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use gerbang_core::engine::{EngineError, EngineEvent};

use crate::error::SimError;
use crate::session::connect;
use crate::state::{Ban, Device, Inner, Phase};

pub(crate) const BANNED: &str = "temporarily banned (simulated)";
/// What WhatsApp tells a client that sends too fast to wait, roughly.
const RATE_LIMIT_RETRY: Duration = Duration::from_secs(60);

pub use gerbang_core::sim::Fault;

pub(crate) enum SendFault {
    Reject(Option<String>),
    RateLimit,
    Slow(Duration),
}

impl Device {
    /// Spends one injected send failure, oldest fault first.
    pub fn take_send_fault(&mut self) -> Option<EngineError> {
        let (fault, remaining) = self.send_faults.front_mut()?;
        let error = match fault {
            SendFault::Slow(_) => return None,
            SendFault::Reject(reason) => EngineError::Rejected(
                reason
                    .clone()
                    .unwrap_or_else(|| "message rejected (simulated)".into()),
            ),
            SendFault::RateLimit => EngineError::RateLimited {
                retry_after: Some(RATE_LIMIT_RETRY),
            },
        };
        *remaining = remaining.saturating_sub(1);
        if *remaining == 0 {
            self.send_faults.pop_front();
        }
        Some(error)
    }
}

impl Device {
    /// Spends one injected slow send when it is the oldest fault.
    pub fn take_send_delay(&mut self) -> Option<Duration> {
        let (SendFault::Slow(delay), remaining) = self.send_faults.front_mut()? else {
            return None;
        };
        let delay = *delay;
        *remaining = remaining.saturating_sub(1);
        if *remaining == 0 {
            self.send_faults.pop_front();
        }
        Some(delay)
    }
}

impl Inner {
    /// The delay of an injected slow send, spent.
    pub fn send_delay(&self, device_id: &str) -> Option<Duration> {
        self.lock().devices.get_mut(device_id)?.take_send_delay()
    }

    pub async fn inject(self: &Arc<Self>, device_id: &str, fault: Fault) -> Result<(), SimError> {
        tracing::info!(
            engine = "sim",
            device_id,
            ?fault,
            "[simulated] fault injected"
        );
        let delete_session = {
            let mut st = self.lock();
            let device = st
                .devices
                .get_mut(device_id)
                .ok_or(SimError::NoSuchDevice)?;
            let session = device.session.as_mut().ok_or(SimError::NotConnected)?;
            let linked = session.link.is_some();
            match fault {
                Fault::Disconnect => {
                    let attempt = match session.phase {
                        Phase::Connected => 2,
                        Phase::Connecting { attempt } => attempt.saturating_add(1),
                        Phase::Backoff { .. } | Phase::Pairing(_) => {
                            return Err(SimError::NotConnected)
                        }
                    };
                    let backoff = self.config.reconnect_delay(attempt);
                    session.stop_delivery();
                    session.phase = Phase::Backoff { attempt };
                    let task = tokio::spawn(connect(
                        self.clone(),
                        device_id.to_string(),
                        session.generation,
                        attempt,
                        backoff,
                    ));
                    session.replace_lifecycle(Some(task.abort_handle()));
                    let reason = "connection lost (simulated)".into();
                    device.emit_session(EngineEvent::Disconnected {
                        reason,
                        will_retry: true,
                    });
                    false
                }
                Fault::SendFailure { count, reason } => {
                    if count > 0 {
                        device
                            .send_faults
                            .push_back((SendFault::Reject(reason), count));
                    }
                    false
                }
                Fault::RateLimit { count } => {
                    if count > 0 {
                        device.send_faults.push_back((SendFault::RateLimit, count));
                    }
                    false
                }
                Fault::SlowSend { count, millis } => {
                    if count > 0 {
                        let delay = Duration::from_millis(millis);
                        device
                            .send_faults
                            .push_back((SendFault::Slow(delay), count));
                    }
                    false
                }
                Fault::Undecryptable { count } => {
                    device.undecryptable = device.undecryptable.saturating_add(count);
                    false
                }
                Fault::Ban { .. } | Fault::LogoutFromPhone if !linked => {
                    return Err(SimError::NotConnected)
                }
                Fault::Ban { duration_secs } => {
                    let duration = duration_secs.map(Duration::from_secs);
                    // A duration too large for the clocks is as good as no expiry.
                    let until = duration.and_then(|d| tokio::time::Instant::now().checked_add(d));
                    let expires_at = duration
                        .and_then(|d| chrono::Duration::from_std(d).ok())
                        .and_then(|d| Utc::now().checked_add_signed(d))
                        .filter(|_| until.is_some());
                    device.ban = Some(Ban { until, expires_at });
                    device.end_session(Some(EngineEvent::Banned {
                        reason: BANNED.into(),
                        expires_at,
                    }));
                    false
                }
                Fault::LogoutFromPhone => {
                    let reason = "logged out from the phone (simulated)".into();
                    device.end_session(Some(EngineEvent::LoggedOut { reason }));
                    device.send_faults.clear();
                    device.phone = None;
                    true
                }
            }
        };
        if delete_session {
            self.sessions
                .delete_session(device_id)
                .await
                .map_err(|e| SimError::Store(e.to_string()))?;
        }
        Ok(())
    }
}
