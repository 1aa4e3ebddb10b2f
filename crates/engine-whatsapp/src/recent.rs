//! What a session remembers about recent messages, so that a reaction or a reply naming only a
//! message id can be addressed the way WhatsApp wants (author, direction, a quote preview).
//! Bounded, in memory: after a restart, older messages are addressed with defaults.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use whatsapp_rust::prelude::{wa, MessageBuilderExt, MessageExt};
use whatsapp_rust::Jid as WaJid;

const CAPACITY: usize = 1024;
const PREVIEW_CHARS: usize = 256;

#[derive(Clone)]
pub(crate) struct Known {
    pub from_me: bool,
    /// The author (a group member, or the other person); `None` for our own messages.
    pub sender: Option<WaJid>,
    /// A text-only stand-in for the message, for reply previews (no media, no thumbnails).
    pub preview: String,
}

#[derive(Default)]
pub(crate) struct Recent {
    inner: Mutex<(HashMap<String, Known>, VecDeque<String>)>,
}

impl Recent {
    pub fn remember(&self, id: &str, known: Known) {
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let (map, order) = &mut *guard;
        if map.insert(id.to_string(), known).is_none() {
            order.push_back(id.to_string());
        }
        while order.len() > CAPACITY {
            if let Some(old) = order.pop_front() {
                map.remove(&old);
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<Known> {
        let guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        guard.0.get(id).cloned()
    }
}

/// A short text standing for a message in a reply preview.
pub(crate) fn preview(message: &wa::Message) -> String {
    let base = message.get_base_message();
    let text = base
        .text_content()
        .or_else(|| base.get_caption())
        .map(str::to_string)
        .unwrap_or_else(|| {
            let kind = if base.image_message.is_set() {
                "photo"
            } else if base.video_message.is_set() {
                "video"
            } else if base.audio_message.is_set() {
                "audio"
            } else if base.document_message.is_set() {
                "document"
            } else if base.sticker_message.is_set() {
                "sticker"
            } else if base.location_message.is_set() {
                "location"
            } else if base.contact_message.is_set() {
                "contact"
            } else {
                "message"
            };
            format!("[{kind}]")
        });
    text.chars().take(PREVIEW_CHARS).collect()
}

pub(crate) fn quoted_stub(known: Option<&Known>) -> wa::Message {
    wa::Message::text(known.map_or_else(String::new, |k| k.preview.clone()))
}
