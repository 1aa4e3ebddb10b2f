//! History sync: the phone sends a newly linked device its recent conversations, as
//! `HISTORY_SYNC_NOTIFICATION`s naming an encrypted blob. Unless the session was built with
//! `skip_history_sync()` (a device that did not opt in), whatsapp-rust downloads and inflates
//! each blob on its sync worker and dispatches `Event::HistorySync` with the chunk's number
//! and progress; the conversations are decoded here into Gerbang's messages, one batch each.

use chrono::{TimeZone, Utc};
use gerbang_core::engine::{EngineEvent, HistoryBatch, InboundMessage, MessageContent};
use gerbang_core::jid::{Jid, JidKind};
use whatsapp_rust::prelude::{wa, MessageExt};
use whatsapp_rust::types::events::LazyHistorySync;

use crate::inbound::{classify, context_info, mentions, Parsed};
use crate::jid::{from_wa, phone_of};
use crate::state::Shared;

/// Turns one history chunk into a batch; `None` when it cannot be read.
pub(crate) fn batch(shared: &Shared, lazy: &LazyHistorySync) -> Option<EngineEvent> {
    let Some(sync) = lazy.get() else {
        tracing::warn!(engine = "whatsapp", device_id = %shared.device_id, "a history chunk could not be decoded");
        return None;
    };
    // WhatsApp also sends syncs of push names and other data without conversations: nothing
    // to store and no progress to tell.
    if sync.conversations.is_empty() && lazy.progress().is_none() {
        return None;
    }
    let own = shared
        .client()
        .and_then(|c| c.pn())
        .as_ref()
        .and_then(phone_of);
    let messages: Vec<InboundMessage> = sync
        .conversations
        .iter()
        .flat_map(|c| c.messages.iter())
        .filter_map(|m| m.message.as_option())
        .filter_map(|info| message(info, own.as_ref().map(|p| p.jid())))
        .collect();
    tracing::info!(engine = "whatsapp", device_id = %shared.device_id,
        chunk = ?lazy.chunk_order(), progress = ?lazy.progress(), messages = messages.len(),
        "history chunk received");
    Some(EngineEvent::History(HistoryBatch {
        messages,
        chunk: lazy.chunk_order(),
        progress: lazy.progress(),
    }))
}

/// One stored message of the history; `None` for what Gerbang does not keep (system notices,
/// status updates, kinds it has no type for).
pub(crate) fn message(info: &wa::WebMessageInfo, own: Option<Jid>) -> Option<InboundMessage> {
    let key = info.key.as_option()?;
    let id = key.id.clone().filter(|id| !id.is_empty())?;
    let chat_wa = key.remote_jid.as_deref()?.parse().ok()?;
    let chat = from_wa(&chat_wa)?;
    let from_me = key.from_me.unwrap_or(false);
    let base = info.message.as_option()?.get_base_message();
    let content = match classify(base)? {
        Parsed::Ready(content) => content,
        // Old media is not fetched: the history may hold years of it, and its download links
        // have often expired. The text says what was there.
        Parsed::Media { kind, caption, .. } => {
            let mut body = format!("[{} from history, not downloaded]", kind.as_str());
            if let Some(c) = caption {
                body.push('\n');
                body.push_str(&c);
            }
            MessageContent::Text { body }
        }
    };
    let participant = key
        .participant
        .as_deref()
        .or(info.participant.as_deref())
        .and_then(|p| p.parse().ok())
        .and_then(|p| from_wa(&p));
    let sender = if from_me {
        own.unwrap_or_else(|| chat.clone())
    } else if chat.kind() == JidKind::Group {
        participant.unwrap_or_else(|| chat.clone())
    } else {
        chat.clone()
    };
    let seconds = info.message_timestamp.unwrap_or_default() as i64;
    let context = context_info(base);
    Some(InboundMessage {
        id,
        sender_phone: sender.phone(),
        sender_lid: (sender.kind() == JidKind::Lid).then(|| sender.clone()),
        sender,
        chat,
        push_name: info.push_name.clone().filter(|n| !n.is_empty()),
        from_me,
        timestamp: Utc
            .timestamp_opt(seconds, 0)
            .single()
            .unwrap_or_else(Utc::now),
        content,
        quoted_id: context.and_then(|c| c.stanza_id.clone()),
        mentions: mentions(context),
        flags: Default::default(),
    })
}
