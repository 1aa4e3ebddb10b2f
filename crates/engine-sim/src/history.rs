//! History sync on the simulator: the device's phone sends it a history, as a real phone does
//! right after linking, so integrators can see what their gateway does with one. Like the real
//! phone, it sends one part per chat, each saying how far the whole transfer is.

use gerbang_core::engine::{EngineEvent, HistoryBatch, InboundMessage, MessageContent};
use gerbang_core::jid::Phone;

use crate::codes;
use crate::error::SimError;
use crate::state::Inner;

pub use gerbang_core::sim::SimHistoryMessage;

impl Inner {
    /// Sends the connected device `messages` as its phone's history; returns how many parts.
    pub fn push_history(
        &self,
        device_id: &str,
        messages: Vec<SimHistoryMessage>,
    ) -> Result<usize, SimError> {
        let run = self.lock().run;
        let ids: Vec<String> = messages
            .iter()
            .map(|m| match &m.id {
                Some(id) => id.clone(),
                None => codes::message_id(run, &mut self.rng()),
            })
            .collect();
        let st = self.lock();
        let device = st.devices.get(device_id).ok_or(SimError::NoSuchDevice)?;
        let own = device
            .session
            .as_ref()
            .and_then(|s| s.connected_link())
            .map(|l| l.phone.clone())
            .ok_or_else(|| SimError::Refused("the device is not connected".into()))?;
        let mut chats: Vec<&Phone> = messages.iter().map(|m| &m.chat).collect();
        chats.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        chats.dedup();
        let total = chats.len();
        for (i, chat) in chats.iter().enumerate() {
            let part = messages
                .iter()
                .zip(&ids)
                .filter(|(m, _)| &m.chat == *chat)
                .map(|(m, id)| {
                    let sender = if m.from_me { &own } else { &m.chat };
                    InboundMessage {
                        id: id.clone(),
                        chat: m.chat.jid(),
                        sender: sender.jid(),
                        sender_phone: Some(sender.clone()),
                        sender_lid: None,
                        push_name: None,
                        from_me: m.from_me,
                        timestamp: m.timestamp,
                        content: MessageContent::Text {
                            body: m.text.clone(),
                        },
                        quoted_id: None,
                        mentions: Vec::new(),
                        flags: Default::default(),
                    }
                })
                .collect();
            device.emit_session(EngineEvent::History(HistoryBatch {
                messages: part,
                chunk: Some(i as u32 + 1),
                progress: Some(((i + 1) * 100 / total) as u32),
            }));
        }
        tracing::info!(
            engine = "sim",
            device_id,
            parts = total,
            "[simulated] history sent"
        );
        Ok(total)
    }
}
