//! The simulator's controls, as a port: what the simulated network lets a test, a demo or an
//! integrator do from outside (scan a QR, inject a fault, make a virtual contact write, ring or
//! post). The HTTP layer drives the simulator only through [`SimControl`], so it does not depend
//! on the simulator's crate; `engine-sim` implements it.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::appstate::{ChatAction, Label};
use crate::channel::ChannelPost;
use crate::engine::{BusinessProfile, MessageContent, MessageFlags, PresenceState, StatusUpdate};
use crate::group::{GroupInfo, ParticipantAction, ParticipantOutcome};
use crate::jid::{Jid, Phone};

/// A fault to inject into a running simulated device.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Fault {
    /// Drop the connection; the engine reconnects with backoff (`Disconnected{will_retry: true}`,
    /// `Connecting{attempt}`, `Connected`). During a reconnect attempt it fails that attempt, so
    /// the backoff doubles.
    Disconnect,
    /// The next `count` sends fail with `EngineError::Rejected(reason)`.
    SendFailure { count: u32, reason: Option<String> },
    /// The next `count` sends fail with `EngineError::RateLimited { retry_after: Some(60 s) }`.
    RateLimit { count: u32 },
    /// The next `count` sends take `millis` longer (a slow network), then go through.
    SlowSend { count: u32, millis: u64 },
    /// Temporary ban: `Banned{expires_at}` (none when no duration is given: banned until the
    /// device logs out); the session stops, and a start() before expiry is banned again.
    Ban { duration_secs: Option<u64> },
    /// The user unlinks the device from the phone: `LoggedOut`, stored session deleted, stops.
    LogoutFromPhone,
    /// The next `count` messages to the device first arrive unreadable (`Undecryptable`, as a
    /// bad MAC or a missing session gives), then as the message, as after the sender's resend.
    Undecryptable { count: u32 },
}

/// A virtual WhatsApp user.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimAccount {
    pub phone: Phone,
    pub name: String,
    /// Replies this text to every message from a linked device; `{echo}` echoes it instead.
    pub auto_reply: Option<String>,
}

/// One message the network accepted from a linked device.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SimDelivery {
    pub device_id: String,
    pub message_id: String,
    /// The sending device's JID.
    pub from: String,
    /// The recipient's JID (a person or a group).
    pub to: String,
    /// `text`, a media kind (`image`, `voice`, …), `location`, `contact`, `reaction`, `edit` or `revoke`.
    pub kind: String,
    pub text: Option<String>,
    pub at: DateTime<Utc>,
}

/// One old message of the phone's history.
#[derive(Debug, Clone)]
pub struct SimHistoryMessage {
    /// The WhatsApp id; made up when `None`. Give ids to send the same history twice.
    pub id: Option<String>,
    /// The other person of the one-to-one chat.
    pub chat: Phone,
    pub from_me: bool,
    pub text: String,
    pub timestamp: DateTime<Utc>,
}

/// What became of a simulated call, as the caller learns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOutcome {
    Ringing,
    /// The device declined it.
    Rejected,
    /// The caller hung up before anyone declined it.
    Missed,
}

impl CallOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            CallOutcome::Ringing => "ringing",
            CallOutcome::Rejected => "rejected",
            CallOutcome::Missed => "missed",
        }
    }
}

/// Errors of the simulation's own controls (scanning, faults, virtual contacts). Engine-port
/// calls answer with `EngineError` like any engine.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("the simulated network has never seen this device; start it first")]
    NoSuchDevice,
    #[error("the device is not showing a QR code (start it, and pair before the codes run out)")]
    NotShowingQr,
    #[error("no pairing code was requested for this device")]
    NoPairingCode,
    #[error("the pairing code does not match the one the device showed")]
    WrongPairingCode,
    #[error("the device is not connected to the simulated network")]
    NotConnected,
    #[error("the simulated network has no such channel")]
    NoSuchChannel,
    #[error("{0} is not on WhatsApp")]
    AbsentNumber(Phone),
    /// The network refused a group operation (not a member, not an admin, …).
    #[error("{0}")]
    Refused(String),
    #[error("session store error: {0}")]
    Store(String),
}

/// The simulated network's controls (see the module's text).
#[async_trait]
pub trait SimControl: Send + Sync {
    /// "Scans" the QR the device is showing, from a simulated phone: `phone`, or a fresh number
    /// drawn from the seed. Pairs the device and returns the phone.
    async fn scan(&self, device_id: &str, phone: Option<Phone>) -> Result<Phone, SimError>;
    /// Types the code the device showed on the simulated phone; pairs to its phone.
    async fn confirm_pairing_code(&self, device_id: &str, code: &str) -> Result<Phone, SimError>;
    async fn inject(&self, device_id: &str, fault: Fault) -> Result<(), SimError>;

    /// Registers (or updates) a virtual contact; `auto_reply` of `{echo}` echoes what it receives.
    fn add_account(&self, phone: Phone, name: &str, auto_reply: Option<String>) -> SimAccount;
    /// What a virtual contact shows others: its about text and, for a business, its profile.
    fn set_contact_profile(
        &self,
        phone: &Phone,
        about: Option<String>,
        business: Option<BusinessProfile>,
    );
    fn accounts(&self) -> Vec<SimAccount>;
    /// Marks a number as not on WhatsApp (and forgets its account).
    fn set_absent(&self, phone: Phone);

    /// A virtual contact sends a text to the device linked to `to`.
    async fn account_send(&self, from: &Phone, to: &Phone, text: &str) -> Result<String, SimError>;
    /// A virtual contact sends a message of any kind to the device linked to `to`.
    async fn account_send_content(
        &self,
        from: &Phone,
        to: &Phone,
        content: MessageContent,
        flags: MessageFlags,
    ) -> Result<String, SimError>;
    /// Everything the network accepted from linked devices, in order.
    fn sent_log(&self) -> Vec<SimDelivery>;
    /// Messages a virtual account received.
    fn inbox(&self, phone: &Phone) -> Vec<SimDelivery>;

    fn account_create_group(
        &self,
        creator: &Phone,
        subject: &str,
        members: &[Phone],
    ) -> Result<GroupInfo, SimError>;
    fn account_group_post(&self, from: &Phone, group: &Jid, text: &str)
        -> Result<String, SimError>;
    fn account_update_participants(
        &self,
        actor: &Phone,
        group: &Jid,
        action: ParticipantAction,
        participants: &[Jid],
    ) -> Result<Vec<ParticipantOutcome>, SimError>;
    /// A group as the network holds it.
    fn group(&self, group: &Jid) -> Option<GroupInfo>;

    /// A virtual contact's presence or chat state reaches the device; `false` when it did not.
    fn account_presence(
        &self,
        device_id: &str,
        from: &Phone,
        group: Option<Jid>,
        state: PresenceState,
        last_seen: Option<DateTime<Utc>>,
    ) -> Result<bool, SimError>;
    /// `from` rings the device; the call id, `None` when the device is not connected.
    fn ring(&self, device_id: &str, from: &Phone, video: bool) -> Result<Option<String>, SimError>;
    fn hang_up(&self, device_id: &str, call_id: &str) -> Result<CallOutcome, SimError>;
    /// The device's phone sends it `messages` as its history; how many parts.
    fn push_history(
        &self,
        device_id: &str,
        messages: Vec<SimHistoryMessage>,
    ) -> Result<usize, SimError>;
    /// The device's phone changes a chat; `false` when the device is not connected.
    fn phone_chat_action(
        &self,
        device_id: &str,
        chat: Jid,
        action: ChatAction,
    ) -> Result<bool, SimError>;
    /// The device's phone creates, changes or deletes a label.
    fn phone_label(&self, device_id: &str, label: Label, deleted: bool) -> Result<bool, SimError>;
    /// A contact posts a status update the device may see.
    fn contact_status(&self, device_id: &str, status: StatusUpdate) -> Result<bool, SimError>;
    /// Creates a channel; its JID and invite code.
    fn create_channel(&self, name: &str, description: Option<&str>) -> (String, String);
    fn channel_publish(&self, jid: &str, text: &str) -> Result<ChannelPost, SimError>;
}
