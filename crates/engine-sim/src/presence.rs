//! Presence on the simulated network: devices subscribe to virtual contacts' presence, and a
//! contact "comes online" or "types" through the simulator's controls. As on WhatsApp, online
//! and offline reach only devices that subscribed; a chat state reaches the chat it is shown in.

use chrono::{DateTime, Utc};
use gerbang_core::engine::{ChatState, EngineEvent, EngineResult, PresenceState};
use gerbang_core::jid::{Jid, Phone};

use crate::error::SimError;
use crate::state::Inner;

impl Inner {
    pub fn set_presence(&self, device_id: &str, available: bool) -> EngineResult<()> {
        self.connected(device_id)?;
        tracing::debug!(
            engine = "sim",
            device_id,
            available,
            "[simulated] own presence"
        );
        Ok(())
    }

    pub fn subscribe_presence(&self, device_id: &str, jid: &Jid) -> EngineResult<()> {
        self.connected(device_id)?;
        if let Some(device) = self.lock().devices.get_mut(device_id) {
            device.presence_subscriptions.insert(jid.clone());
        }
        tracing::debug!(engine = "sim", device_id, jid = %jid, "[simulated] presence subscribed");
        Ok(())
    }

    pub fn chat_state(&self, device_id: &str, chat: &Jid, state: ChatState) -> EngineResult<()> {
        self.connected(device_id)?;
        tracing::debug!(engine = "sim", device_id, chat = %chat, ?state, "[simulated] chat state");
        Ok(())
    }

    /// A virtual contact's presence reaches the device: online/offline when the device
    /// subscribed to it, a chat state (in `group`, or their chat) always. Returns whether it was
    /// delivered; nothing is queued for a device that is away, as on WhatsApp.
    pub fn account_presence(
        &self,
        device_id: &str,
        from: &Phone,
        group: Option<Jid>,
        state: PresenceState,
        last_seen: Option<DateTime<Utc>>,
    ) -> Result<bool, SimError> {
        let st = self.lock();
        if st.absent.contains(from) {
            return Err(SimError::AbsentNumber(from.clone()));
        }
        let device = st.devices.get(device_id).ok_or(SimError::NoSuchDevice)?;
        let connected = device
            .session
            .as_ref()
            .and_then(|s| s.connected_link())
            .is_some();
        let jid = from.jid();
        let online_state = matches!(state, PresenceState::Available | PresenceState::Unavailable);
        if !connected || (online_state && !device.presence_subscriptions.contains(&jid)) {
            return Ok(false);
        }
        device.emit_session(EngineEvent::Presence {
            jid,
            chat: if online_state { None } else { group },
            state,
            last_seen: if state == PresenceState::Unavailable {
                last_seen
            } else {
                None
            },
        });
        tracing::info!(engine = "sim", device_id, from = %from, state = state.as_str(), "[simulated] presence sent");
        Ok(true)
    }
}
