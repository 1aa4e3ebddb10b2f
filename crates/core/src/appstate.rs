//! What WhatsApp keeps in "app state" (syncd) and shares between an account's devices: a
//! chat's pin, archive, mute and unread mark, starred messages, and (WhatsApp Business) labels.
//! A change made on one device reaches the others as an encrypted patch; the gateway keeps
//! the last known state per device so the chat list can show it.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::jid::Jid;
use crate::StoreResult;

/// One change to a chat (or to a message in it), made here or on another device.
#[derive(Debug, Clone, PartialEq)]
pub enum ChatAction {
    Pin(bool),
    Archive(bool),
    /// `muted: false` unmutes; `until: None` with `muted` mutes for good.
    Mute {
        muted: bool,
        until: Option<DateTime<Utc>>,
    },
    /// The "unread" mark a person sets on a chat they have read (`false` clears it).
    MarkUnread(bool),
    Star {
        message_id: String,
        from_me: bool,
        /// Who wrote it, for a group message from someone else.
        sender: Option<Jid>,
        starred: bool,
    },
    /// A label put on (`labeled`) or taken off the chat.
    Label {
        label_id: String,
        labeled: bool,
    },
    /// A label put on (`labeled`) or taken off one message of the chat.
    MessageLabel {
        label_id: String,
        message_id: String,
        from_me: bool,
        /// Who wrote it, for a group message from someone else.
        sender: Option<Jid>,
        labeled: bool,
    },
}

impl ChatAction {
    /// The action's name, as events and logs spell it.
    pub fn name(&self) -> &'static str {
        match self {
            ChatAction::Pin(_) => "pin",
            ChatAction::Archive(_) => "archive",
            ChatAction::Mute { .. } => "mute",
            ChatAction::MarkUnread(_) => "unread",
            ChatAction::Star { .. } => "star",
            ChatAction::Label { .. } => "label",
            ChatAction::MessageLabel { .. } => "message_label",
        }
    }
}

/// A WhatsApp Business label: an id WhatsApp chose (small numbers as text), a name and one of
/// WhatsApp's 20 colours (0 to 19).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Label {
    #[schema(example = "3")]
    pub id: String,
    #[schema(example = "Pesanan baru")]
    pub name: String,
    /// WhatsApp's colour index, 0 to 19.
    #[schema(example = 2)]
    pub color: i32,
}

/// The highest colour index WhatsApp has.
pub const LABEL_COLORS: i32 = 20;

/// What the gateway knows of a chat's app state; the default is a chat nobody touched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatFlags {
    pub pinned: bool,
    pub archived: bool,
    /// Muted now (a mute that ran out is not).
    pub muted: bool,
    /// When the mute ends; absent for a mute without end (or no mute).
    pub muted_until: Option<DateTime<Utc>>,
    /// Marked unread by hand.
    pub marked_unread: bool,
}

impl ChatFlags {
    /// The flags after `action` (stars and labels live elsewhere and leave them alone).
    pub fn apply(&mut self, action: &ChatAction) {
        match action {
            ChatAction::Pin(on) => self.pinned = *on,
            ChatAction::Archive(on) => {
                self.archived = *on;
                // WhatsApp unpins a chat it archives.
                if *on {
                    self.pinned = false;
                }
            }
            ChatAction::Mute { muted, until } => {
                self.muted = *muted;
                self.muted_until = if *muted { *until } else { None };
            }
            ChatAction::MarkUnread(on) => self.marked_unread = *on,
            ChatAction::Star { .. }
            | ChatAction::Label { .. }
            | ChatAction::MessageLabel { .. } => {}
        }
    }

    /// As of `now`: a mute whose end has passed is over.
    pub fn at(mut self, now: DateTime<Utc>) -> Self {
        if self.muted && self.muted_until.is_some_and(|u| u <= now) {
            self.muted = false;
            self.muted_until = None;
        }
        self
    }
}

/// A starred message, as stored: where it is and when it was starred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StarredRef {
    pub chat_jid: String,
    pub message_id: String,
    pub from_me: bool,
    pub starred_at: DateTime<Utc>,
}

/// A label on one message. Like a star, known by the message's WhatsApp id: the phone may
/// label a message this gateway never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageLabelRef {
    pub label_id: String,
    pub chat_jid: String,
    pub message_id: String,
}

#[async_trait]
pub trait AppStateStore: Send + Sync {
    async fn chat_flags(&self, device_id: &str, chat_jid: &str) -> StoreResult<ChatFlags>;
    async fn set_chat_flags(
        &self,
        device_id: &str,
        chat_jid: &str,
        flags: &ChatFlags,
    ) -> StoreResult<()>;
    /// Every chat of the device with a flag set, by JID.
    async fn all_chat_flags(&self, device_id: &str) -> StoreResult<Vec<(String, ChatFlags)>>;

    async fn set_starred(
        &self,
        device_id: &str,
        chat_jid: &str,
        message_id: &str,
        from_me: bool,
        starred: bool,
    ) -> StoreResult<()>;
    /// Starred messages, the most recently starred first; in one chat when `chat_jid` is set.
    async fn starred(
        &self,
        device_id: &str,
        chat_jid: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<StarredRef>>;

    async fn labels(&self, device_id: &str) -> StoreResult<Vec<Label>>;
    /// Creates or renames/recolours a label.
    async fn upsert_label(&self, device_id: &str, label: &Label) -> StoreResult<()>;
    /// Deletes a label and takes it off every chat and message; `false` when there was none.
    async fn delete_label(&self, device_id: &str, label_id: &str) -> StoreResult<bool>;
    async fn set_chat_label(
        &self,
        device_id: &str,
        label_id: &str,
        chat_jid: &str,
        labeled: bool,
    ) -> StoreResult<()>;
    /// Every (chat, label id) pair of the device.
    async fn chat_labels(&self, device_id: &str) -> StoreResult<Vec<(String, String)>>;
    /// Puts a label on (`labeled`) or takes it off one message, known by its WhatsApp id.
    async fn set_message_label(
        &self,
        device_id: &str,
        label: &MessageLabelRef,
        labeled: bool,
    ) -> StoreResult<()>;
    /// Every labelled message of the device, by chat and message id.
    async fn message_labels(&self, device_id: &str) -> StoreResult<Vec<MessageLabelRef>>;

    /// Whether the device reports contacts' status updates (stories); off unless set.
    async fn receive_status(&self, device_id: &str) -> StoreResult<bool>;
    async fn set_receive_status(&self, device_id: &str, on: bool) -> StoreResult<()>;
}
