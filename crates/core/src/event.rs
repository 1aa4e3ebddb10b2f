//! The event log: everything a client may be told, appended with an increasing id, so that
//! SSE, WebSocket and webhooks can all resume from where they were without losing anything.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::user::UserId;

/// Event names, as clients see them (the first ones as earlier gateways named them).
pub mod types {
    /// A device's connection status changed.
    pub const STATUS: &str = "whatsapp-status";
    /// A new QR code to scan.
    pub const QR: &str = "qr-code";
    /// A message was stored: inbound, or sent by this gateway.
    pub const MESSAGE_NEW: &str = "message.new";
    /// An outbound message moved on: sent, delivered, read, played, failed.
    pub const MESSAGE_STATUS: &str = "message.status";
    pub const MESSAGE_EDITED: &str = "message.edited";
    pub const MESSAGE_DELETED: &str = "message.deleted";
    /// Someone (or this gateway) reacted to a stored message, or took the reaction back.
    pub const MESSAGE_REACTION: &str = "message.reaction";
    /// A chat was marked read.
    pub const CHAT_READ: &str = "chat.read";
    /// An inbound message the database refused to store; it is kept aside with the reason
    /// (and acknowledged, so the messages after it are not held up).
    pub const MESSAGE_UNSTORED: &str = "message.unstored";

    /// A bulk job moved on (after every recipient, and on pause, resume, cancel, retry).
    pub const JOB_PROGRESS: &str = "job.progress";
    /// A bulk job finished: completed, or stopped by the gateway (ban, logout).
    pub const JOB_COMPLETED: &str = "job.completed";

    /// A test message an administrator broadcast to a device's listeners (seed 004's
    /// `test-broadcast`), to check that streams and webhooks arrive.
    pub const TEST: &str = "test.broadcast";

    /// This device joined a group: created it, was added, or joined by invite.
    pub const GROUP_JOINED: &str = "group.joined";
    /// This device left a group or was removed from it.
    pub const GROUP_LEFT: &str = "group.left";
    /// Members were added, removed, promoted or demoted.
    pub const GROUP_PARTICIPANTS: &str = "group.participants";
    /// The subject, description or a setting changed.
    pub const GROUP_UPDATED: &str = "group.updated";
    /// The group's invite link was reset; the old one no longer works.
    pub const GROUP_INVITE_REVOKED: &str = "group.invite_revoked";

    /// A contact came online or went offline, or is typing / recording / paused in a chat.
    pub const PRESENCE_UPDATE: &str = "presence.update";

    /// A message arrived that could not be decrypted yet; the sender was asked to send it
    /// again, and `message.new` with the same id follows when that works.
    pub const MESSAGE_UNDECRYPTABLE: &str = "message.undecryptable";

    /// A call rings the device.
    pub const CALL_OFFER: &str = "call.offer";
    /// A call was not answered: the caller hung up, it rang while the device was away, or the
    /// gateway rejected it (`rejected: true`).
    pub const CALL_MISSED: &str = "call.missed";

    /// A contact's security code changed (they reinstalled WhatsApp or changed phones).
    pub const CONTACT_IDENTITY_CHANGED: &str = "contact.identity_changed";
    /// A contact or group set, changed or removed its profile picture.
    pub const CONTACT_PICTURE_CHANGED: &str = "contact.picture_changed";
    /// A contact changed its about text.
    pub const CONTACT_ABOUT_CHANGED: &str = "contact.about_changed";

    /// A part of the phone's history was stored (history sync after linking, when the device
    /// opted in); its messages get no `message.new`.
    pub const HISTORY_PROGRESS: &str = "history.progress";
    /// The phone has sent all of its history.
    pub const HISTORY_COMPLETE: &str = "history.complete";

    /// Someone voted in a poll of a chat of this device (or changed or took back their vote),
    /// decrypted, with the poll's new tally.
    pub const POLL_VOTE: &str = "poll.vote";
    /// A chat's disappearing-message timer was set or turned off, here or by the contact.
    pub const CHAT_DISAPPEARING: &str = "chat.disappearing";

    /// A chat was pinned, archived, muted or marked unread (or the reverse), or a label was
    /// put on or taken off it: through the API, or on another device of the account.
    pub const CHAT_UPDATED: &str = "chat.updated";
    /// A message was starred or unstarred.
    pub const MESSAGE_STARRED: &str = "message.starred";
    /// A label was put on or taken off a message.
    pub const MESSAGE_LABELED: &str = "message.labeled";
    /// A label was created, renamed, recoloured or deleted.
    pub const LABEL_UPDATED: &str = "label.updated";

    /// A scheduled message was created, taken for sending, sent, failed or cancelled.
    pub const SCHEDULED_UPDATED: &str = "scheduled.updated";

    /// A contact posted a status update (story); only for devices that opted in.
    pub const STATUS_RECEIVED: &str = "status.received";

    pub const ALL: [&str; 34] = [
        STATUS,
        QR,
        MESSAGE_NEW,
        MESSAGE_STATUS,
        MESSAGE_EDITED,
        MESSAGE_DELETED,
        MESSAGE_REACTION,
        CHAT_READ,
        MESSAGE_UNSTORED,
        JOB_PROGRESS,
        JOB_COMPLETED,
        TEST,
        GROUP_JOINED,
        GROUP_LEFT,
        GROUP_PARTICIPANTS,
        GROUP_UPDATED,
        GROUP_INVITE_REVOKED,
        PRESENCE_UPDATE,
        MESSAGE_UNDECRYPTABLE,
        CALL_OFFER,
        CALL_MISSED,
        CONTACT_IDENTITY_CHANGED,
        CONTACT_PICTURE_CHANGED,
        CONTACT_ABOUT_CHANGED,
        HISTORY_PROGRESS,
        HISTORY_COMPLETE,
        POLL_VOTE,
        CHAT_DISAPPEARING,
        CHAT_UPDATED,
        MESSAGE_STARRED,
        MESSAGE_LABELED,
        LABEL_UPDATED,
        SCHEDULED_UPDATED,
        STATUS_RECEIVED,
    ];
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// Increasing; resume after it with `Last-Event-ID`.
    pub id: i64,
    #[serde(rename = "type")]
    pub event_type: String,
    pub device_id: Option<String>,
    /// The owner of the device when the event happened (who may see it, besides admins).
    #[serde(skip)]
    pub user_id: Option<UserId>,
    /// The conversation, for message and chat events (webhooks keep order per chat).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat_jid: Option<String>,
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewEvent {
    pub event_type: &'static str,
    pub device_id: Option<String>,
    pub user_id: Option<UserId>,
    pub chat_jid: Option<String>,
    pub data: serde_json::Value,
}

/// Which events a reader may and wants to see.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Only events of this user's devices (`None`: all, for admins).
    pub user_id: Option<UserId>,
    pub device_id: Option<String>,
    /// Only these types; empty for all.
    pub types: Vec<String>,
}

impl EventFilter {
    /// Whether `event` passes: the same rule the store's `events_after` applies in SQL, for
    /// readers served from events already in memory.
    pub fn matches(&self, event: &Event) -> bool {
        self.user_id.is_none_or(|u| event.user_id == Some(u))
            && self
                .device_id
                .as_ref()
                .is_none_or(|d| event.device_id.as_ref() == Some(d))
            && (self.types.is_empty() || self.types.contains(&event.event_type))
    }
}

#[cfg(test)]
mod docs {
    use super::types;

    /// The user's manual lists every event type a webhook may ask for, and the catalogue
    /// describes each one.
    #[test]
    fn every_event_type_is_documented() {
        let readme = include_str!("../../../README.md");
        let bullet = readme
            .split("- `events`: the types to deliver")
            .nth(1)
            .and_then(|rest| rest.split("\n- ").next())
            .expect("the README's webhook `events` bullet");
        let catalogue = include_str!("../../../docs/events.md");
        for t in types::ALL {
            assert!(
                bullet.contains(&format!("`{t}`")),
                "README webhook events lack {t}"
            );
            assert!(
                catalogue.contains(&format!("| `{t}` |")),
                "docs/events.md lacks {t}"
            );
        }
    }
}
