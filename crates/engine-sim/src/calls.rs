//! Calls on the simulated network: a virtual contact rings a device, and then either the
//! device rejects it (the gateway's call setting) or the caller hangs up unanswered, which the
//! device sees as a missed call. Nothing can be answered: a gateway has no one to pick up.

use std::collections::HashMap;

use chrono::Utc;
use gerbang_core::engine::{CallEvent, CallEventKind, EngineError, EngineEvent, EngineResult};
use gerbang_core::jid::{Jid, Phone};

use crate::codes;
use crate::error::SimError;
use crate::state::Inner;

pub use gerbang_core::sim::CallOutcome;

pub(crate) struct SimCall {
    pub from: Jid,
    pub video: bool,
    pub outcome: CallOutcome,
}

/// The calls each device received, by call id.
pub(crate) type Calls = HashMap<String, SimCall>;

impl Inner {
    /// `from` rings the device; the call id, or `None` when the device is not connected (the
    /// caller hears nothing ring, as with a phone that is off).
    pub fn ring(
        &self,
        device_id: &str,
        from: &Phone,
        video: bool,
    ) -> Result<Option<String>, SimError> {
        let run = self.lock().run;
        let id = format!("CALL{}", codes::message_id(run, &mut self.rng()));
        let mut st = self.lock();
        if st.absent.contains(from) {
            return Err(SimError::AbsentNumber(from.clone()));
        }
        let device = st
            .devices
            .get_mut(device_id)
            .ok_or(SimError::NoSuchDevice)?;
        if device
            .session
            .as_ref()
            .and_then(|s| s.connected_link())
            .is_none()
        {
            return Ok(None);
        }
        let jid = from.jid();
        device.calls.insert(
            id.clone(),
            SimCall {
                from: jid.clone(),
                video,
                outcome: CallOutcome::Ringing,
            },
        );
        device.emit_session(EngineEvent::Call(CallEvent {
            kind: CallEventKind::Offer,
            call_id: id.clone(),
            from: jid,
            video,
            at: Utc::now(),
        }));
        tracing::info!(engine = "sim", device_id, from = %from, "[simulated] call ringing");
        Ok(Some(id))
    }

    /// The caller gives up: a call still ringing becomes missed (and the device is told).
    pub fn hang_up(&self, device_id: &str, call_id: &str) -> Result<CallOutcome, SimError> {
        let mut st = self.lock();
        let device = st
            .devices
            .get_mut(device_id)
            .ok_or(SimError::NoSuchDevice)?;
        let call = device
            .calls
            .get_mut(call_id)
            .ok_or_else(|| SimError::Refused(format!("no call {call_id} rang this device")))?;
        if call.outcome != CallOutcome::Ringing {
            return Ok(call.outcome);
        }
        call.outcome = CallOutcome::Missed;
        let event = EngineEvent::Call(CallEvent {
            kind: CallEventKind::Missed,
            call_id: call_id.to_string(),
            from: call.from.clone(),
            video: call.video,
            at: Utc::now(),
        });
        device.emit_session(event);
        Ok(CallOutcome::Missed)
    }

    /// The device declines a ringing call; the caller sees it rejected.
    pub fn reject_call(&self, device_id: &str, call_id: &str, from: &Jid) -> EngineResult<()> {
        self.connected(device_id)?;
        let mut st = self.lock();
        let call = st
            .devices
            .get_mut(device_id)
            .and_then(|d| d.calls.get_mut(call_id))
            .filter(|c| &c.from == from)
            .ok_or_else(|| EngineError::Rejected(format!("no call {call_id} from {from}")))?;
        if call.outcome == CallOutcome::Ringing {
            call.outcome = CallOutcome::Rejected;
        }
        tracing::info!(
            engine = "sim",
            device_id,
            call_id,
            "[simulated] call rejected"
        );
        Ok(())
    }
}
