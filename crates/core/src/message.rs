//! Stored messages and the chat views built from them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MessageStatus {
    /// Written, not yet accepted by the engine.
    Pending,
    /// Was being sent when the gateway stopped: it may or may not have gone out. Never re-sent
    /// automatically.
    Uncertain,
    Sent,
    Delivered,
    Read,
    Played,
    Failed,
    /// An inbound message.
    Received,
}

impl MessageStatus {
    pub const ALL: [MessageStatus; 8] = [
        MessageStatus::Pending,
        MessageStatus::Uncertain,
        MessageStatus::Sent,
        MessageStatus::Delivered,
        MessageStatus::Read,
        MessageStatus::Played,
        MessageStatus::Failed,
        MessageStatus::Received,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Pending => "pending",
            MessageStatus::Uncertain => "uncertain",
            MessageStatus::Sent => "sent",
            MessageStatus::Delivered => "delivered",
            MessageStatus::Read => "read",
            MessageStatus::Played => "played",
            MessageStatus::Failed => "failed",
            MessageStatus::Received => "received",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Progress order of outbound statuses: a receipt may only move a message forward.
    pub fn rank(self) -> i32 {
        match self {
            MessageStatus::Pending => 0,
            MessageStatus::Uncertain => 1,
            MessageStatus::Sent => 2,
            MessageStatus::Delivered => 3,
            MessageStatus::Read => 4,
            MessageStatus::Played => 5,
            MessageStatus::Failed | MessageStatus::Received => 9,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MediaInfo {
    /// Content hash; the file is served at `…/devices/{deviceId}/media/{sha256}`.
    pub sha256: String,
    pub mime: String,
    pub size: i64,
    pub file_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: i64,
    pub device_id: String,
    /// WhatsApp's message id.
    pub message_id: String,
    /// The conversation: the other person's or the group's JID.
    pub chat_jid: String,
    /// Who wrote it (a group member in groups); absent for our own messages.
    pub sender_jid: Option<String>,
    pub sender_phone: Option<String>,
    pub sender_lid: Option<String>,
    /// The sender's WhatsApp display name.
    pub push_name: Option<String>,
    pub from_me: bool,
    /// `text`, `image`, `video`, `audio`, `voice`, `document`, `sticker`, `location`, `contact`,
    /// `reaction`, `edit`, `revoke`.
    pub message_type: String,
    /// Text, or the caption of media.
    pub body: Option<String>,
    pub media: Option<MediaInfo>,
    /// Type-specific details: location coordinates, contact vCard, reaction emoji and target.
    #[schema(value_type = Object)]
    pub extra: serde_json::Value,
    pub quoted_id: Option<String>,
    pub mentions: Vec<String>,
    pub status: MessageStatus,
    pub failure_reason: Option<String>,
    /// Inbound only: whether the chat was marked read since it arrived.
    pub is_read: bool,
    pub edited: bool,
    pub deleted: bool,
    pub timestamp: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An inbound message the database refused, kept aside with the reason instead of blocking
/// the messages after it.
#[derive(Debug, Clone)]
pub struct ParkedInbound {
    pub device_id: String,
    pub message_id: String,
    pub chat_jid: String,
    pub sender_jid: Option<String>,
    /// The message as received, as JSON bytes (kept byte for byte, NUL included).
    pub payload: Vec<u8>,
    pub reason: String,
}

/// A message row to write.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub device_id: String,
    pub message_id: String,
    pub chat_jid: String,
    pub sender_jid: Option<String>,
    pub sender_phone: Option<String>,
    pub sender_lid: Option<String>,
    pub push_name: Option<String>,
    pub from_me: bool,
    pub message_type: String,
    pub body: Option<String>,
    pub media: Option<MediaInfo>,
    pub extra: serde_json::Value,
    pub quoted_id: Option<String>,
    pub mentions: Vec<String>,
    pub status: MessageStatus,
    /// Outbound messages and inbound ones from our own phone start read.
    pub is_read: bool,
    pub timestamp: DateTime<Utc>,
}

/// One conversation in a device's chat list.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatSummary {
    pub chat_jid: String,
    pub is_group: bool,
    /// The best name known: the contact's WhatsApp display name, else the number.
    pub contact_name: Option<String>,
    /// `+628…` for a person, absent for groups and hidden numbers.
    pub contact_number: Option<String>,
    pub last_message: Option<String>,
    pub last_message_type: String,
    pub last_message_from_me: bool,
    pub last_message_time: DateTime<Utc>,
    pub unread_count: i64,
    pub message_count: i64,
    /// Pinned, archived, muted, marked unread: the chat's app state as this device knows it.
    #[serde(flatten)]
    pub flags: crate::appstate::ChatFlags,
    /// The ids of the WhatsApp Business labels on the chat.
    pub labels: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ChatFilter {
    pub search: Option<String>,
    /// Only chats with a message on this day (UTC).
    pub day: Option<NaiveDate>,
    pub limit: i64,
    pub offset: i64,
}

/// Newest-first history paging: messages strictly older than the cursor.
#[derive(Debug, Clone, Copy)]
pub struct HistoryCursor {
    pub before_id: Option<i64>,
    pub limit: i64,
    /// Messages to skip first (seed 004's `offset` paging); 0 with the `before_id` cursor.
    pub offset: i64,
}

/// A window of message traffic: what the overview shows.
#[derive(Debug, Clone, Default)]
pub struct Activity {
    pub sent: i64,
    pub received: i64,
    /// The newest messages of the window, newest first.
    pub recent: Vec<Message>,
}
