//! What a message's content means for the store, the same whether it was sent from here or
//! arrived: its row's type, text and details, and what an edit, deletion or reaction changes on
//! the message it points at. Used by both `messages` (sending) and `ingest` (arriving).

use serde_json::json;

use gerbang_core::engine::{MessageContent, MessageFlags};
use gerbang_core::message::Message;
use gerbang_core::Store;

use crate::events::EventBus;
use crate::AppResult;

/// What a row shows of how its message travelled: `forwarded`, `viewOnce` and the
/// disappearing timer (`expiration`, seconds) in its details, when they apply.
pub(crate) fn mark_flags(extra: &mut serde_json::Value, flags: &MessageFlags) {
    let Some(map) = extra.as_object_mut() else {
        return;
    };
    if flags.forwarded {
        map.insert("forwarded".into(), json!(true));
    }
    if flags.view_once {
        map.insert("viewOnce".into(), json!(true));
    }
    if let Some(seconds) = flags.expiration.filter(|s| *s > 0) {
        map.insert("expiration".into(), json!(seconds));
    }
}

/// The row fields a content implies: type, text, and details.
pub(crate) fn describe(content: &MessageContent) -> (String, Option<String>, serde_json::Value) {
    match content {
        MessageContent::Text { body } => ("text".into(), Some(body.clone()), json!({})),
        MessageContent::Media { media, caption } => {
            (media.kind.as_str().into(), caption.clone(), json!({}))
        }
        MessageContent::Location {
            latitude,
            longitude,
            name,
            address,
        } => (
            "location".into(),
            name.clone(),
            json!({"latitude": latitude, "longitude": longitude, "name": name, "address": address}),
        ),
        MessageContent::Contact {
            display_name,
            vcard,
        } => (
            "contact".into(),
            Some(display_name.clone()),
            json!({"vcard": vcard}),
        ),
        MessageContent::Reaction { target_id, emoji } => (
            "reaction".into(),
            Some(emoji.clone()),
            json!({"targetId": target_id}),
        ),
        MessageContent::Edit { target_id, body } => (
            "edit".into(),
            Some(body.clone()),
            json!({"targetId": target_id}),
        ),
        MessageContent::Revoke { target_id } => {
            ("revoke".into(), None, json!({"targetId": target_id}))
        }
        // The secret stays out of the row (see `polls::keep_secret`).
        MessageContent::Poll {
            question,
            options,
            selectable,
            ..
        } => (
            "poll".into(),
            Some(question.clone()),
            json!({"options": options, "selectableCount": selectable}),
        ),
        // Timer changes and votes are kept apart, not stored as messages: never written.
        MessageContent::DisappearingTimer { seconds } => {
            ("disappearing".into(), None, json!({"seconds": seconds}))
        }
        // Votes are counted, not stored as messages; this row is never written.
        MessageContent::PollVote { poll_id, .. } => {
            ("poll_vote".into(), None, json!({"pollId": poll_id}))
        }
    }
}

/// Edits and deletions change the message they point at, and a reaction is told on the
/// message it reacts to (each says so on the event log). `action_id` is the stored row of the
/// edit, deletion or reaction itself.
///
/// Only the author of a message may edit or delete it, and only in its own chat: message ids
/// are known to everyone in a group, so an edit naming someone else's message is ignored.
pub(crate) async fn apply_action(
    store: &dyn Store,
    events: &EventBus,
    device_id: &str,
    action_id: &str,
    content: &MessageContent,
) -> AppResult<()> {
    let target_id = match content {
        MessageContent::Edit { target_id, .. }
        | MessageContent::Revoke { target_id }
        | MessageContent::Reaction { target_id, .. } => target_id,
        _ => return Ok(()),
    };
    let (Some(action), Some(target)) = (
        store.message(device_id, action_id).await?,
        store.message(device_id, target_id).await?,
    ) else {
        return Ok(());
    };
    if action.chat_jid != target.chat_jid {
        tracing::debug!(
            device_id,
            action_id,
            target_id,
            "action on a message of another chat ignored"
        );
        return Ok(());
    }
    let changed = match content {
        MessageContent::Edit { body, .. } if same_author(&action, &target) => {
            store.edit_message_body(device_id, target_id, body).await?
        }
        MessageContent::Revoke { .. } if same_author(&action, &target) => {
            store.mark_message_deleted(device_id, target_id).await?
        }
        MessageContent::Reaction { emoji, .. } => {
            let event = store
                .append_event(&reaction_event(&action, &target, emoji))
                .await?;
            Some((target, event))
        }
        _ => {
            tracing::debug!(
                device_id,
                action_id,
                target_id,
                "edit or deletion by another author ignored"
            );
            None
        }
    };
    if let Some((_, event)) = changed {
        events.notify(&event);
    }
    Ok(())
}

/// Whether two messages of one chat were written by the same person.
fn same_author(a: &Message, b: &Message) -> bool {
    if a.from_me || b.from_me {
        return a.from_me == b.from_me;
    }
    match (&a.sender_phone, &b.sender_phone) {
        (Some(x), Some(y)) => x == y,
        _ => a.sender_jid.is_some() && a.sender_jid == b.sender_jid,
    }
}

/// `message.reaction`: the message reacted to, as `message.new` shows it, and the reaction.
fn reaction_event(
    action: &Message,
    target: &Message,
    emoji: &str,
) -> gerbang_core::event::NewEvent {
    gerbang_core::event::NewEvent {
        event_type: gerbang_core::event::types::MESSAGE_REACTION,
        device_id: Some(target.device_id.clone()),
        user_id: None,
        chat_jid: Some(target.chat_jid.clone()),
        data: json!({
            "deviceId": target.device_id,
            "chatJid": target.chat_jid,
            "messageId": target.message_id,
            "status": target.status,
            "message": target,
            "reaction": {
                "messageId": action.message_id,
                // Empty when the reaction was taken back.
                "emoji": emoji,
                "fromMe": action.from_me,
                "senderJid": action.sender_jid,
                "senderPhone": action.sender_phone,
                "timestamp": action.timestamp,
            },
        }),
    }
}
