//! The engine port: what Gerbang needs from a WhatsApp implementation. Two adapters implement
//! it: `engine-whatsapp` (the real protocol, on the whatsapp-rust crate) and `engine-sim` (an
//! in-process simulated network for tests, demos and webhook development).
//!
//! Shaped after whatsapp-rust 0.7: sessions reconnect from stored credentials or pair by QR (a
//! first code valid 60 s, then 20 s each, six in all, then exhausted) or by a pairing code typed
//! on the phone; inbound messages reach us through a hook that must return before WhatsApp is
//! acknowledged.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::appstate::{ChatAction, Label};
use crate::channel::{ChannelInfo, ChannelPost, ChannelRef};
use crate::group::{GroupChange, GroupInfo, GroupSetting, ParticipantAction, ParticipantOutcome};
use crate::jid::{Jid, Phone};
use crate::StoreResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    /// The real WhatsApp network.
    Whatsapp,
    /// The simulated network: nothing reaches WhatsApp.
    Sim,
}

impl EngineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EngineKind::Whatsapp => "whatsapp",
            EngineKind::Sim => "sim",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "whatsapp" => Some(EngineKind::Whatsapp),
            "sim" => Some(EngineKind::Sim),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    #[error("the device is not connected")]
    NotConnected,
    #[error("WhatsApp is rate limiting this number")]
    RateLimited { retry_after: Option<Duration> },
    /// WhatsApp (or the simulated network) refused the operation; the text says why.
    #[error("{0}")]
    Rejected(String),
    #[error("this engine cannot {0}")]
    Unsupported(&'static str),
    /// Pairing asked of a device that is linked to a phone already.
    #[error("the device is already paired")]
    AlreadyPaired,
    #[error("{0}")]
    Other(String),
}

pub type EngineResult<T> = Result<T, EngineError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    /// A voice note (push-to-talk audio, shown with a waveform).
    Voice,
    Document,
    Sticker,
}

impl MediaKind {
    pub const ALL: [MediaKind; 6] = [
        MediaKind::Image,
        MediaKind::Video,
        MediaKind::Audio,
        MediaKind::Voice,
        MediaKind::Document,
        MediaKind::Sticker,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            MediaKind::Voice => "voice",
            MediaKind::Document => "document",
            MediaKind::Sticker => "sticker",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Media bytes as they travel to or from an engine.
#[derive(Clone, PartialEq)]
pub struct MediaData {
    pub kind: MediaKind,
    pub mime: String,
    pub file_name: Option<String>,
    pub data: Arc<[u8]>,
}

impl std::fmt::Debug for MediaData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaData")
            .field("kind", &self.kind)
            .field("mime", &self.mime)
            .field("file_name", &self.file_name)
            .field("len", &self.data.len())
            .finish()
    }
}

/// What a message carries, in either direction.
#[derive(Debug, Clone, PartialEq)]
pub enum MessageContent {
    Text {
        body: String,
    },
    Media {
        media: MediaData,
        caption: Option<String>,
    },
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    },
    Contact {
        display_name: String,
        vcard: String,
    },
    /// An emoji reaction to another message; an empty emoji removes the reaction.
    Reaction {
        target_id: String,
        emoji: String,
    },
    /// A new text for one of our earlier messages.
    Edit {
        target_id: String,
        body: String,
    },
    /// Delete for everyone.
    Revoke {
        target_id: String,
    },
    /// A poll: 2 to 12 distinct options, of which a voter picks up to `selectable` (1 for a
    /// single-choice poll).
    Poll {
        question: String,
        options: Vec<String>,
        selectable: u32,
        /// The 32 random bytes every vote is encrypted with: made by the creator, carried
        /// by the poll message to each recipient.
        secret: Vec<u8>,
    },
    /// The chat's disappearing-message timer was set (0 turns it off), by either side.
    DisappearingTimer {
        seconds: u32,
    },
    /// A vote in a poll (an empty selection takes the vote back). Only the current vote of
    /// each voter counts.
    PollVote {
        poll_id: String,
        /// The chosen options by name: what an outbound vote sends, and an inbound vote
        /// once decrypted (the simulator's arrive so).
        selected: Vec<String>,
        /// An inbound vote as WhatsApp carries it, to be opened with the poll's secret
        /// ([`Engine::decrypt_poll_vote`]).
        encrypted: Option<EncryptedVote>,
        /// For an outbound vote: the poll it votes in.
        poll: Option<PollRef>,
    },
}

/// A poll vote as it travels: encrypted with the poll's secret, for the poll's creator and the
/// voter as WhatsApp addressed them (the key depends on both).
#[derive(Debug, Clone, PartialEq)]
pub struct EncryptedVote {
    pub payload: Vec<u8>,
    pub iv: Vec<u8>,
    /// The poll's creator and the voter, in the engine's own addressing (number or LID).
    pub creator: String,
    pub voter: String,
}

/// The poll an outbound vote is for.
#[derive(Debug, Clone, PartialEq)]
pub struct PollRef {
    pub secret: Vec<u8>,
    /// The poll is this account's own.
    pub from_me: bool,
    /// Who created it, when someone else did.
    pub creator: Option<Jid>,
}

/// A message to send. The id is chosen by us (WhatsApp ids are client-chosen), so the row can be
/// written before the engine is called.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboundMessage {
    pub id: String,
    pub to: Jid,
    pub content: MessageContent,
    /// The message this one replies to.
    pub quoted: Option<QuotedRef>,
    pub mentions: Vec<Jid>,
    pub flags: MessageFlags,
}

/// How a message travels besides its content.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MessageFlags {
    /// Forwarded from another chat (WhatsApp shows "Forwarded").
    pub forwarded: bool,
    /// Media to be viewed once (received only: Gerbang sends none).
    pub view_once: bool,
    /// The chat's disappearing-message timer the message was sent under, in seconds.
    pub expiration: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuotedRef {
    pub id: String,
    /// Who wrote the quoted message (needed by WhatsApp for replies in groups).
    pub sender: Option<Jid>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SendAck {
    pub id: String,
    pub timestamp: DateTime<Utc>,
    /// The recipient's `@lid`, when the engine knows it (never for a group).
    pub recipient_lid: Option<Jid>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InboundMessage {
    pub id: String,
    /// The conversation: the other person, or the group.
    pub chat: Jid,
    /// Who wrote it (in a group, a member); for a person it equals `chat` or its `@lid` form.
    pub sender: Jid,
    /// The sender's phone number when WhatsApp gives it (also for `@lid` senders).
    pub sender_phone: Option<Phone>,
    /// The sender's `@lid` when known.
    pub sender_lid: Option<Jid>,
    pub push_name: Option<String>,
    /// Sent from the phone (or another linked device) of this account.
    pub from_me: bool,
    pub timestamp: DateTime<Utc>,
    pub content: MessageContent,
    pub quoted_id: Option<String>,
    pub mentions: Vec<Jid>,
    pub flags: MessageFlags,
}

/// What a contact is doing, as `presence.update` reports it: online or not (to subscribers),
/// or a chat state shown in one chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PresenceState {
    Available,
    Unavailable,
    Typing,
    Recording,
    Paused,
}

impl PresenceState {
    pub fn as_str(self) -> &'static str {
        match self {
            PresenceState::Available => "available",
            PresenceState::Unavailable => "unavailable",
            PresenceState::Typing => "typing",
            PresenceState::Recording => "recording",
            PresenceState::Paused => "paused",
        }
    }
}

/// The indicator this device shows in a chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChatState {
    /// "typing…"
    Typing,
    /// "recording audio…"
    Recording,
    /// Clears the indicator.
    Paused,
}

impl From<ChatState> for PresenceState {
    fn from(s: ChatState) -> Self {
        match s {
            ChatState::Typing => PresenceState::Typing,
            ChatState::Recording => PresenceState::Recording,
            ChatState::Paused => PresenceState::Paused,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReceiptKind {
    Delivered,
    Read,
    /// A voice note or video was played.
    Played,
}

/// Which part of an incoming call WhatsApp reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallEventKind {
    /// It rings.
    Offer,
    /// The caller hung up before it was answered or rejected (or it rang while we were away).
    Missed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CallEvent {
    pub kind: CallEventKind,
    pub call_id: String,
    /// The caller.
    pub from: Jid,
    pub video: bool,
    pub at: DateTime<Utc>,
}

// An event is built once and handed over once; boxing the large message variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum EngineEvent {
    /// Opening a connection (also each reconnect attempt).
    Connecting {
        attempt: u32,
    },
    /// A pairing QR code to show; `index` counts from 0, `valid_for` is its lifetime.
    Qr {
        code: String,
        index: u32,
        valid_for: Duration,
    },
    /// No more QR codes: the pairing attempt is over until the next `start`.
    QrExhausted,
    /// The phone accepted the pairing; `Connected` follows.
    Paired {
        phone: Phone,
        push_name: Option<String>,
    },
    Connected {
        phone: Phone,
        push_name: Option<String>,
    },
    /// The connection dropped; `will_retry` when the engine reconnects by itself.
    Disconnected {
        reason: String,
        will_retry: bool,
    },
    /// Unlinked from the phone (or by WhatsApp): the stored session is gone.
    LoggedOut {
        reason: String,
    },
    Banned {
        reason: String,
        expires_at: Option<DateTime<Utc>>,
    },
    Message(InboundMessage),
    Receipt {
        chat: Jid,
        message_ids: Vec<String>,
        kind: ReceiptKind,
        at: DateTime<Utc>,
    },
    /// A message the engine accepted could not be delivered after all.
    SendFailed {
        message_id: String,
        reason: String,
    },
    /// Something changed in a group this device is in (a WhatsApp notification).
    Group(GroupChange),
    /// A message arrived that could not be decrypted (yet): the engine asked the sender to
    /// encrypt it again, and a `Message` with the same id follows when that works.
    Undecryptable {
        chat: Jid,
        sender: Jid,
        message_id: String,
        /// Why, in a few words (`decryption failed`, `unavailable: view_once`, …).
        reason: String,
    },
    /// A contact came online or went offline (we subscribed), or shows a chat state to us.
    Presence {
        /// Who: the contact (in a group chat state, the member).
        jid: Jid,
        /// The group a chat state was shown in; `None` for a chat with `jid` itself.
        chat: Option<Jid>,
        state: PresenceState,
        last_seen: Option<DateTime<Utc>>,
    },
    /// A call rings this device, or was missed.
    Call(CallEvent),
    /// A contact's security code changed (WhatsApp reinstalled, a new phone): the engine
    /// dropped its sessions with them and opens new ones with their new identity.
    IdentityChanged {
        jid: Jid,
        lid: Option<Jid>,
        /// Noticed while decrypting a message from them, not announced by WhatsApp.
        implicit: bool,
    },
    /// Part of the phone's message history, sent after linking when the device opted in.
    History(HistoryBatch),
    /// Another device of the account (the phone) pinned, archived, muted, marked, starred or
    /// labelled a chat: an app-state patch reached this device.
    ChatAction {
        chat: Jid,
        action: ChatAction,
        at: DateTime<Utc>,
    },
    /// Another device of the account created, changed or deleted a label.
    LabelEdited {
        label: Label,
        deleted: bool,
    },
    /// A contact (or group) changed its profile picture or about text.
    ProfileChanged(ProfileChange),
    /// A contact posted a status update (story) this account may see.
    Status(StatusUpdate),
}

/// What a status update (story) carries: text on a coloured background, or a photo or video
/// with a caption.
#[derive(Debug, Clone, PartialEq)]
pub enum StatusContent {
    Text {
        text: String,
        /// The background as 0xAARRGGBB.
        background_argb: u32,
    },
    Media {
        media: MediaData,
        caption: Option<String>,
    },
}

/// A contact's status update as it arrived. Media is described, not downloaded: statuses
/// vanish after a day and are not part of any chat.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusUpdate {
    pub id: String,
    /// Who posted it, as WhatsApp addressed them (often their `@lid`).
    pub sender: Jid,
    pub sender_phone: Option<Phone>,
    pub push_name: Option<String>,
    pub timestamp: DateTime<Utc>,
    /// `text`, `image`, `video`, … as for messages.
    pub kind: String,
    /// The text, or the media's caption.
    pub text: Option<String>,
    pub mime: Option<String>,
    pub size: Option<u64>,
}

/// What WhatsApp announced about a contact's or group's profile.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileChange {
    /// A new picture (`removed: false`) or none any more.
    Picture {
        jid: Jid,
        /// Who changed it, for a group (the admin).
        author: Option<Jid>,
        removed: bool,
        at: DateTime<Utc>,
    },
    About {
        jid: Jid,
        about: String,
        at: DateTime<Utc>,
    },
}

/// One part of the history a phone sends its newly linked device: old messages (each as it
/// would have arrived, with its original time) and how far the transfer is.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryBatch {
    pub messages: Vec<InboundMessage>,
    /// Which part this is, counting from 1, when the phone numbers them.
    pub chunk: Option<u32>,
    /// How much of the whole history has been sent, 0 to 100, when the phone says.
    pub progress: Option<u32>,
}

impl EngineEvent {
    /// A short name, for logs, spans and metrics.
    pub fn name(&self) -> &'static str {
        match self {
            EngineEvent::Connecting { .. } => "connecting",
            EngineEvent::Qr { .. } => "qr",
            EngineEvent::QrExhausted => "qr_exhausted",
            EngineEvent::Paired { .. } => "paired",
            EngineEvent::Connected { .. } => "connected",
            EngineEvent::Disconnected { .. } => "disconnected",
            EngineEvent::LoggedOut { .. } => "logged_out",
            EngineEvent::Banned { .. } => "banned",
            EngineEvent::Message(_) => "message",
            EngineEvent::Receipt { .. } => "receipt",
            EngineEvent::SendFailed { .. } => "send_failed",
            EngineEvent::Group(_) => "group",
            EngineEvent::Presence { .. } => "presence",
            EngineEvent::Undecryptable { .. } => "undecryptable",
            EngineEvent::Call(_) => "call",
            EngineEvent::IdentityChanged { .. } => "identity_changed",
            EngineEvent::History(_) => "history",
            EngineEvent::ProfileChanged(_) => "profile_changed",
            EngineEvent::ChatAction { .. } => "chat_action",
            EngineEvent::LabelEdited { .. } => "label_edited",
            EngineEvent::Status(_) => "status",
        }
    }
}

/// Receives every event of a device session. For `EngineEvent::Message` the engine waits for
/// this call before it acknowledges the message to WhatsApp: `Err` means "not stored; do not
/// acknowledge", and WhatsApp will deliver it again.
#[async_trait]
pub trait EngineEvents: Send + Sync {
    async fn on_event(&self, device_id: &str, event: EngineEvent) -> Result<(), String>;

    /// Several events of one device, in order, with one answer each (what `on_event` would
    /// have answered). An engine that has several inbound messages waiting hands them over
    /// here, so that they can be stored together. By default they are handled one by one,
    /// and after one fails the rest are not handled (answered `Err`), so that they are offered
    /// again in their order.
    async fn on_events(
        &self,
        device_id: &str,
        events: Vec<EngineEvent>,
    ) -> Vec<Result<(), String>> {
        one_by_one(self, device_id, events).await
    }
}

/// [`EngineEvents::on_events`] by default: each event through `on_event`, in order; once one
/// fails, the rest are answered `Err` without being handled.
pub async fn one_by_one<H: EngineEvents + ?Sized>(
    handler: &H,
    device_id: &str,
    events: Vec<EngineEvent>,
) -> Vec<Result<(), String>> {
    let mut answers = Vec::with_capacity(events.len());
    let mut failed = false;
    for event in events {
        let answer = match failed {
            true => Err("not handled: an earlier event of the same batch failed".to_string()),
            false => handler.on_event(device_id, event).await,
        };
        failed |= answer.is_err();
        answers.push(answer);
    }
    answers
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OnWhatsapp {
    pub phone: Phone,
    pub exists: bool,
    pub jid: Option<Jid>,
    /// The account's `@lid`, when WhatsApp tells it.
    pub lid: Option<Jid>,
}

/// This account's own profile as WhatsApp shows it to others.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnProfile {
    /// The name shown to contacts who have not saved the number.
    pub push_name: Option<String>,
    /// The "about" text.
    pub about: Option<String>,
    /// Where WhatsApp serves the profile picture now; `None` without one.
    pub picture_url: Option<String>,
}

/// What WhatsApp shows this account of a contact or group: a picture and, for a person, the
/// about text. Either is `None` when there is none or the owner's privacy settings hide it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactProfile {
    pub picture_url: Option<String>,
    pub about: Option<String>,
}

/// A WhatsApp Business account's public profile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BusinessProfile {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub websites: Vec<String>,
    #[serde(default)]
    pub address: Option<String>,
    /// Category names, as WhatsApp gives them (`Shopping & Retail`, …).
    #[serde(default)]
    pub categories: Vec<String>,
}

#[async_trait]
pub trait Engine: Send + Sync {
    fn kind(&self) -> EngineKind;

    /// Opens the device's session: reconnects with stored credentials, or begins pairing
    /// (`Qr` events). Returns once the attempt is under way; progress arrives as events.
    async fn start(&self, device_id: &str, events: Arc<dyn EngineEvents>) -> EngineResult<()>;

    /// Closes the connection and stops reconnecting; the stored session stays.
    async fn stop(&self, device_id: &str) -> EngineResult<()>;

    /// Unlinks from the phone when connected, stops, and deletes the stored session.
    async fn logout(&self, device_id: &str) -> EngineResult<()>;

    /// Pairs by phone number instead of QR (the session must be started and unpaired):
    /// returns the code to type on the phone.
    async fn pairing_code(&self, device_id: &str, phone: &Phone) -> EngineResult<String>;

    async fn send(&self, device_id: &str, message: &OutboundMessage) -> EngineResult<SendAck>;

    /// Sends read receipts for messages of a chat (`sender` is the author in a group).
    async fn mark_read(
        &self,
        device_id: &str,
        chat: &Jid,
        sender: Option<&Jid>,
        message_ids: &[String],
    ) -> EngineResult<()>;

    /// Shows (or clears) "typing…" in a chat.
    async fn typing(&self, device_id: &str, chat: &Jid, typing: bool) -> EngineResult<()>;

    async fn on_whatsapp(&self, device_id: &str, phones: &[Phone])
        -> EngineResult<Vec<OnWhatsapp>>;

    // Presence. Updates arrive as `EngineEvent::Presence`.

    /// Shows this device online (`true`) or offline to those subscribed to it.
    async fn set_presence(&self, _device_id: &str, _available: bool) -> EngineResult<()> {
        Err(EngineError::Unsupported("set presence"))
    }

    /// Asks WhatsApp for the contact's online/offline updates.
    async fn subscribe_presence(&self, _device_id: &str, _jid: &Jid) -> EngineResult<()> {
        Err(EngineError::Unsupported("subscribe to presence"))
    }

    /// Shows typing, recording or nothing (paused) in a chat.
    async fn chat_state(&self, device_id: &str, chat: &Jid, state: ChatState) -> EngineResult<()> {
        match state {
            ChatState::Typing => self.typing(device_id, chat, true).await,
            ChatState::Paused => self.typing(device_id, chat, false).await,
            ChatState::Recording => Err(EngineError::Unsupported("show recording")),
        }
    }

    /// Blocks (`true`) or unblocks a contact: a blocked contact's messages and calls no
    /// longer reach this account.
    async fn set_blocked(
        &self,
        _device_id: &str,
        _contact: &Jid,
        _blocked: bool,
    ) -> EngineResult<()> {
        Err(EngineError::Unsupported("block contacts"))
    }

    /// The contacts this account blocked, as WhatsApp lists them.
    async fn blocklist(&self, _device_id: &str) -> EngineResult<Vec<Jid>> {
        Err(EngineError::Unsupported("list blocked contacts"))
    }

    /// Opens an inbound poll vote with the poll's secret: the names of the chosen options
    /// (those of `options` whose hash the vote carries).
    async fn decrypt_poll_vote(
        &self,
        _device_id: &str,
        _poll_id: &str,
        _vote: &EncryptedVote,
        _secret: &[u8],
        _options: &[String],
    ) -> EngineResult<Vec<String>> {
        Err(EngineError::Unsupported("decrypt poll votes"))
    }

    /// Sets a chat's disappearing-message timer (seconds; 0 turns it off): a 1:1 chat tells
    /// the contact, a group needs admin rights.
    async fn set_disappearing_timer(
        &self,
        _device_id: &str,
        _chat: &Jid,
        _seconds: u32,
    ) -> EngineResult<()> {
        Err(EngineError::Unsupported("set disappearing messages"))
    }

    /// Declines a ringing call (from an `EngineEvent::Call` offer); the caller sees it rejected.
    async fn reject_call(&self, _device_id: &str, _call_id: &str, _from: &Jid) -> EngineResult<()> {
        Err(EngineError::Unsupported("reject calls"))
    }

    // Profiles. Changes to contacts' profiles arrive as `EngineEvent::ProfileChanged`.

    /// This account's push name, about text and picture.
    async fn own_profile(&self, _device_id: &str) -> EngineResult<OwnProfile> {
        Err(EngineError::Unsupported("read the profile"))
    }

    async fn set_push_name(&self, _device_id: &str, _name: &str) -> EngineResult<()> {
        Err(EngineError::Unsupported("change the push name"))
    }

    async fn set_about(&self, _device_id: &str, _about: &str) -> EngineResult<()> {
        Err(EngineError::Unsupported("change the about text"))
    }

    /// Sets this account's profile picture (a JPEG), or removes it (`None`).
    async fn set_profile_picture(
        &self,
        _device_id: &str,
        _jpeg: Option<&[u8]>,
    ) -> EngineResult<()> {
        Err(EngineError::Unsupported("change the profile picture"))
    }

    /// A person's or group's picture URL and (for a person) about text.
    async fn contact_profile(&self, _device_id: &str, _jid: &Jid) -> EngineResult<ContactProfile> {
        Err(EngineError::Unsupported("read contacts' profiles"))
    }

    /// A business account's profile; `None` for an account that is not a business.
    async fn business_profile(
        &self,
        _device_id: &str,
        _jid: &Jid,
    ) -> EngineResult<Option<BusinessProfile>> {
        Err(EngineError::Unsupported("read business profiles"))
    }

    // Groups. Each change made here is also reported back as an `EngineEvent::Group`, as
    // WhatsApp notifies every member (the maker included), so the cache has one way in.

    /// The groups this device is a member of, from WhatsApp.
    async fn groups(&self, _device_id: &str) -> EngineResult<Vec<GroupInfo>> {
        Err(EngineError::Unsupported("list groups"))
    }

    async fn group_info(&self, _device_id: &str, _group: &Jid) -> EngineResult<GroupInfo> {
        Err(EngineError::Unsupported("read a group"))
    }

    /// Creates a group with us as its owner and the given members.
    async fn create_group(
        &self,
        _device_id: &str,
        _subject: &str,
        _participants: &[Jid],
    ) -> EngineResult<GroupInfo> {
        Err(EngineError::Unsupported("create groups"))
    }

    async fn update_participants(
        &self,
        _device_id: &str,
        _group: &Jid,
        _action: ParticipantAction,
        _participants: &[Jid],
    ) -> EngineResult<Vec<ParticipantOutcome>> {
        Err(EngineError::Unsupported("change group members"))
    }

    async fn set_group_subject(
        &self,
        _device_id: &str,
        _group: &Jid,
        _subject: &str,
    ) -> EngineResult<()> {
        Err(EngineError::Unsupported("rename groups"))
    }

    /// `None` removes the description.
    async fn set_group_description(
        &self,
        _device_id: &str,
        _group: &Jid,
        _description: Option<&str>,
    ) -> EngineResult<()> {
        Err(EngineError::Unsupported("describe groups"))
    }

    async fn set_group_setting(
        &self,
        _device_id: &str,
        _group: &Jid,
        _setting: GroupSetting,
    ) -> EngineResult<()> {
        Err(EngineError::Unsupported("change group settings"))
    }

    /// The group's invite code (the part after `https://chat.whatsapp.com/`); `reset` revokes
    /// the current one and returns its replacement. Admins only.
    async fn group_invite_code(
        &self,
        _device_id: &str,
        _group: &Jid,
        _reset: bool,
    ) -> EngineResult<String> {
        Err(EngineError::Unsupported("share group invites"))
    }

    /// Joins by invite code; returns the group joined.
    async fn join_group(&self, _device_id: &str, _code: &str) -> EngineResult<Jid> {
        Err(EngineError::Unsupported("join groups"))
    }

    async fn leave_group(&self, _device_id: &str, _group: &Jid) -> EngineResult<()> {
        Err(EngineError::Unsupported("leave groups"))
    }

    /// Posts a status update (story) that `recipients` may see for a day; `id` becomes its
    /// message id.
    async fn post_status(
        &self,
        _device_id: &str,
        _id: &str,
        _content: &StatusContent,
        _recipients: &[Jid],
    ) -> EngineResult<SendAck> {
        Err(EngineError::Unsupported("post status updates"))
    }

    // App state (syncd): changes the account's other devices see. WhatsApp does not echo a
    // change back to the device that made it.

    /// Pins, archives, mutes, marks, stars in or labels a chat.
    async fn chat_action(
        &self,
        _device_id: &str,
        _chat: &Jid,
        _action: &ChatAction,
    ) -> EngineResult<()> {
        Err(EngineError::Unsupported("change chats"))
    }

    /// Creates a label, or renames / recolours the one with this id.
    async fn edit_label(&self, _device_id: &str, _label: &Label) -> EngineResult<()> {
        Err(EngineError::Unsupported("edit labels"))
    }

    async fn delete_label(&self, _device_id: &str, _label_id: &str) -> EngineResult<()> {
        Err(EngineError::Unsupported("delete labels"))
    }

    // Channels (newsletters), read-only: `jid` is always a `…@newsletter` JID.

    /// The channels this account follows.
    async fn channels(&self, _device_id: &str) -> EngineResult<Vec<ChannelInfo>> {
        Err(EngineError::Unsupported("list channels"))
    }

    /// A channel by JID or invite code; `None` when WhatsApp knows no such channel.
    async fn channel(
        &self,
        _device_id: &str,
        _channel: &ChannelRef,
    ) -> EngineResult<Option<ChannelInfo>> {
        Err(EngineError::Unsupported("look up channels"))
    }

    async fn follow_channel(&self, _device_id: &str, _jid: &str) -> EngineResult<()> {
        Err(EngineError::Unsupported("follow channels"))
    }

    async fn unfollow_channel(&self, _device_id: &str, _jid: &str) -> EngineResult<()> {
        Err(EngineError::Unsupported("unfollow channels"))
    }

    /// Up to `count` posts, newest first, older than the post numbered `before` when given.
    async fn channel_posts(
        &self,
        _device_id: &str,
        _jid: &str,
        _count: u32,
        _before: Option<u64>,
    ) -> EngineResult<Vec<ChannelPost>> {
        Err(EngineError::Unsupported("read channels"))
    }
}

/// Where an engine keeps a device's session (credentials, keys), in Gerbang's own database.
#[async_trait]
pub trait SessionStore: Send + Sync {
    async fn load_session(
        &self,
        device_id: &str,
        engine: EngineKind,
    ) -> StoreResult<Option<Vec<u8>>>;
    async fn save_session(
        &self,
        device_id: &str,
        engine: EngineKind,
        data: &[u8],
    ) -> StoreResult<()>;
    async fn delete_session(&self, device_id: &str) -> StoreResult<()>;
}
