//! Contacts' presence and chat states from whatsapp-rust, as `EngineEvent::Presence`.

use chrono::{TimeZone, Utc};
use gerbang_core::engine::{EngineEvent, PresenceState};
use whatsapp_rust::types::events::{ChatPresenceUpdate, PresenceUpdate};
use whatsapp_rust::types::presence::{ChatPresence, ChatPresenceMedia};

use crate::jid::from_wa;
use crate::state::Shared;

pub(crate) fn presence(shared: &Shared, p: &PresenceUpdate) {
    let Some(jid) = from_wa(&p.from) else {
        return;
    };
    let state = if p.unavailable {
        PresenceState::Unavailable
    } else {
        PresenceState::Available
    };
    let last_seen = p
        .last_seen
        .and_then(|t| Utc.timestamp_millis_opt(t.timestamp_millis()).single());
    shared.emit(EngineEvent::Presence {
        jid,
        chat: None,
        state,
        last_seen,
    });
}

pub(crate) fn chat_presence(shared: &Shared, c: &ChatPresenceUpdate) {
    let (Some(jid), Some(chat)) = (from_wa(&c.source.sender), from_wa(&c.source.chat)) else {
        return;
    };
    let state = match (c.state, c.media) {
        (ChatPresence::Composing, ChatPresenceMedia::Audio) => PresenceState::Recording,
        (ChatPresence::Composing, _) => PresenceState::Typing,
        (ChatPresence::Paused, _) => PresenceState::Paused,
    };
    shared.emit(EngineEvent::Presence {
        chat: (chat != jid).then_some(chat),
        jid,
        state,
        last_seen: None,
    });
}
