//! Status updates (stories) on the simulated network: a device posts one to its contacts, and
//! a contact's status reaches a device as WhatsApp would deliver it.

use chrono::Utc;
use gerbang_core::engine::{
    EngineError, EngineEvent, EngineResult, SendAck, StatusContent, StatusUpdate,
};
use gerbang_core::jid::Jid;

use crate::error::SimError;
use crate::state::Inner;

/// WhatsApp's limit on a text status.
const MAX_TEXT: usize = 700;

impl Inner {
    pub fn post_status(
        &self,
        device_id: &str,
        id: &str,
        content: &StatusContent,
        recipients: &[Jid],
    ) -> EngineResult<SendAck> {
        self.connected(device_id)?;
        if recipients.is_empty() {
            return Err(EngineError::Rejected(
                "a status needs at least one recipient".into(),
            ));
        }
        if let StatusContent::Text { text, .. } = content {
            if text.chars().count() > MAX_TEXT {
                return Err(EngineError::Rejected(format!(
                    "a text status holds at most {MAX_TEXT} characters"
                )));
            }
        }
        tracing::info!(
            engine = "sim",
            device_id,
            id,
            recipients = recipients.len(),
            "[simulated] status posted"
        );
        Ok(SendAck {
            id: id.to_string(),
            timestamp: Utc::now(),
            recipient_lid: None,
        })
    }

    /// A contact's status reaches the device; `false` when it is not connected.
    pub fn contact_status(&self, device_id: &str, status: StatusUpdate) -> Result<bool, SimError> {
        self.phone_app_state(device_id, EngineEvent::Status(status))
    }
}
