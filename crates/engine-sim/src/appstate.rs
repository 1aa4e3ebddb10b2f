//! App state on the simulated network: chat actions and labels are accepted from a connected
//! device (WhatsApp does not echo them back), and the simulated phone can make its own, which
//! reach the device as the patches of a real phone would.

use chrono::Utc;
use gerbang_core::appstate::{ChatAction, Label};
use gerbang_core::engine::{EngineError, EngineEvent, EngineResult};
use gerbang_core::jid::Jid;

use crate::error::SimError;
use crate::state::Inner;

impl Inner {
    pub fn chat_action(
        &self,
        device_id: &str,
        chat: &Jid,
        action: &ChatAction,
    ) -> EngineResult<()> {
        self.connected(device_id)?;
        if let ChatAction::Mute {
            until: Some(until), ..
        } = action
        {
            if *until <= Utc::now() {
                return Err(EngineError::Rejected(
                    "a mute must end in the future".into(),
                ));
            }
        }
        tracing::info!(engine = "sim", device_id, chat = %chat, action = action.name(), "[simulated] chat action");
        Ok(())
    }

    pub fn edit_label(&self, device_id: &str, label: &Label) -> EngineResult<()> {
        self.connected(device_id)?;
        tracing::info!(engine = "sim", device_id, label = %label.id, "[simulated] label edited");
        Ok(())
    }

    pub fn delete_label(&self, device_id: &str, label_id: &str) -> EngineResult<()> {
        self.connected(device_id)?;
        tracing::info!(
            engine = "sim",
            device_id,
            label = label_id,
            "[simulated] label deleted"
        );
        Ok(())
    }

    /// The device's phone makes a change; `false` when the device is not connected (the
    /// change is not queued: a real device would fetch it at its next app-state sync, which
    /// the simulator does not model).
    pub fn phone_app_state(&self, device_id: &str, event: EngineEvent) -> Result<bool, SimError> {
        let st = self.lock();
        let device = st.devices.get(device_id).ok_or(SimError::NoSuchDevice)?;
        let connected = device
            .session
            .as_ref()
            .and_then(|s| s.connected_link())
            .is_some();
        if !connected {
            return Ok(false);
        }
        tracing::info!(
            engine = "sim",
            device_id,
            kind = event.name(),
            "[simulated] phone changed app state"
        );
        device.emit_session(event);
        Ok(true)
    }
}
