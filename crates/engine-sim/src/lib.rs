//! A simulated WhatsApp network behind Gerbang's engine port, for tests, demos and webhook
//! development. Nothing here reaches WhatsApp: codes are prefixed `SIMULATED-`, every log line
//! says `[simulated]`, and the "phones" are virtual accounts living in this process.
//!
//! The lifecycle mirrors whatsapp-rust's: a stored session reconnects, otherwise QR codes rotate
//! (60 s, then 20 s each, six in all) until scanned or exhausted; a pairing code is the
//! alternative. Inbound messages wait in the network until the device's event hook accepts
//! them, like WhatsApp's offline queue. Timers use `tokio::time`, so tests can pause the clock,
//! and one seeded generator makes every code, id and number reproducible.
//!
//! Receipts only reach a connected session: one that falls due while the device is
//! disconnected or stopped is dropped. Auto-replies are ordinary messages and wait for the device.
//! The simulation assumes one linked device per phone: two devices paired to the same number
//! share its mailbox, and each message reaches only one of them.

mod appstate;
mod blocking;
mod calls;
mod channels;
mod codes;
mod config;
mod control;
mod emitter;
mod error;
mod faults;
mod group_ops;
mod groups;
mod history;
mod messaging;
mod network;
mod pairing;
pub use calls::CallOutcome;
mod presence;
mod profiles;
mod session;
mod state;
mod status;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use async_trait::async_trait;
use gerbang_core::channel::{ChannelInfo, ChannelPost, ChannelRef};
use gerbang_core::engine::{
    BusinessProfile, ChatState, ContactProfile, Engine, EngineEvents, EngineKind, EngineResult,
    OnWhatsapp, OutboundMessage, OwnProfile, PresenceState, SendAck, SessionStore,
};
use gerbang_core::group::{GroupInfo, GroupSetting, ParticipantAction, ParticipantOutcome};
use gerbang_core::jid::{Jid, Phone};

pub use config::SimConfig;
pub use error::SimError;
pub use faults::Fault;
pub use history::SimHistoryMessage;
pub use network::{SimAccount, SimDelivery};

use state::Inner;

/// The simulated network and the engine of every device linked to it.
pub struct SimEngine {
    inner: Arc<Inner>,
}

impl SimEngine {
    pub fn new(config: SimConfig, sessions: Arc<dyn SessionStore>) -> Arc<SimEngine> {
        tracing::info!(
            engine = "sim",
            seed = config.seed,
            "[simulated] WhatsApp network created"
        );
        Arc::new(SimEngine {
            inner: Arc::new(Inner::new(config, sessions)),
        })
    }

    pub fn config(&self) -> &SimConfig {
        &self.inner.config
    }

    /// "Scans" the QR the device is showing, from a simulated phone: `phone`, or a fresh number
    /// drawn from the seed. Pairs the device and returns the phone.
    pub async fn scan(&self, device_id: &str, phone: Option<Phone>) -> Result<Phone, SimError> {
        self.inner.scan(device_id, phone).await
    }

    /// Types the code from `Engine::pairing_code` on the simulated phone (case and the dash do
    /// not matter); pairs to the phone it was requested for.
    pub async fn confirm_pairing_code(
        &self,
        device_id: &str,
        code: &str,
    ) -> Result<Phone, SimError> {
        self.inner.confirm_pairing_code(device_id, code).await
    }

    /// Registers (or updates) a virtual contact; `auto_reply` of `{echo}` echoes what it receives.
    pub fn add_account(&self, phone: Phone, name: &str, auto_reply: Option<String>) -> SimAccount {
        self.inner.add_account(phone, name, auto_reply)
    }

    /// What a virtual contact shows others: its about text and, for a business, its profile.
    pub fn set_contact_profile(
        &self,
        phone: &Phone,
        about: Option<String>,
        business: Option<BusinessProfile>,
    ) {
        self.inner.set_contact_profile(phone, about, business)
    }

    pub fn accounts(&self) -> Vec<SimAccount> {
        self.inner.accounts()
    }

    /// Marks a number as not on WhatsApp (and forgets its account); `add_account` undoes it.
    pub fn set_absent(&self, phone: Phone) {
        self.inner.set_absent(phone)
    }

    /// A virtual contact sends a text to the device linked to `to`; it waits in the network
    /// until that device is connected and has accepted it.
    pub async fn account_send(
        &self,
        from: &Phone,
        to: &Phone,
        text: &str,
    ) -> Result<String, SimError> {
        self.inner.account_send(from, to, text)
    }

    /// A virtual contact sends a message of any kind (a poll, a vote in one of the device's
    /// polls, …) to the device linked to `to`.
    pub async fn account_send_content(
        &self,
        from: &Phone,
        to: &Phone,
        content: gerbang_core::engine::MessageContent,
        flags: gerbang_core::engine::MessageFlags,
    ) -> Result<String, SimError> {
        self.inner.account_send_content(from, to, content, flags)
    }

    pub async fn inject(&self, device_id: &str, fault: Fault) -> Result<(), SimError> {
        self.inner.inject(device_id, fault).await
    }

    /// Everything the network accepted from linked devices, in order.
    pub fn sent_log(&self) -> Vec<SimDelivery> {
        self.inner.sent_log()
    }

    /// Messages a virtual account received.
    pub fn inbox(&self, phone: &Phone) -> Vec<SimDelivery> {
        self.inner.inbox(phone)
    }

    /// A virtual account creates a group with the given members (linked devices' numbers too);
    /// numbers not on WhatsApp are left out, as WhatsApp does.
    pub fn account_create_group(
        &self,
        creator: &Phone,
        subject: &str,
        members: &[Phone],
    ) -> Result<GroupInfo, SimError> {
        self.inner.account_create_group(creator, subject, members)
    }

    /// A member (a virtual account) writes in a group; every linked member device receives it.
    pub fn account_group_post(
        &self,
        from: &Phone,
        group: &Jid,
        text: &str,
    ) -> Result<String, SimError> {
        self.inner.account_group_post(from, group, text)
    }

    /// A member (a virtual account, an admin for the change to pass) changes members.
    pub fn account_update_participants(
        &self,
        actor: &Phone,
        group: &Jid,
        action: ParticipantAction,
        participants: &[Jid],
    ) -> Result<Vec<ParticipantOutcome>, SimError> {
        self.inner
            .account_update_participants(actor, group, action, participants)
    }

    /// A group as the network holds it (whoever asks).
    pub fn group(&self, group: &Jid) -> Option<GroupInfo> {
        self.inner.sim_group(group)
    }

    /// A virtual contact comes online, goes offline or shows a chat state to the device (in
    /// `group` for a group chat state); `false` when it did not reach the device (not
    /// connected, or online/offline without a subscription).
    pub fn account_presence(
        &self,
        device_id: &str,
        from: &Phone,
        group: Option<Jid>,
        state: PresenceState,
        last_seen: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<bool, SimError> {
        self.inner
            .account_presence(device_id, from, group, state, last_seen)
    }

    /// `from` rings the device; the call id, `None` when the device is not connected.
    pub fn ring(
        &self,
        device_id: &str,
        from: &Phone,
        video: bool,
    ) -> Result<Option<String>, SimError> {
        self.inner.ring(device_id, from, video)
    }

    /// The caller hangs up; what became of the call (missed unless the device rejected it).
    pub fn hang_up(&self, device_id: &str, call_id: &str) -> Result<CallOutcome, SimError> {
        self.inner.hang_up(device_id, call_id)
    }

    /// The device's phone sends it `messages` as its history, one part per chat; how many parts.
    pub fn push_history(
        &self,
        device_id: &str,
        messages: Vec<SimHistoryMessage>,
    ) -> Result<usize, SimError> {
        self.inner.push_history(device_id, messages)
    }

    /// The device's phone pins, archives, mutes, marks, stars or labels a chat; `false` when
    /// the device is not connected.
    pub fn phone_chat_action(
        &self,
        device_id: &str,
        chat: Jid,
        action: gerbang_core::appstate::ChatAction,
    ) -> Result<bool, SimError> {
        self.inner.phone_app_state(
            device_id,
            gerbang_core::engine::EngineEvent::ChatAction {
                chat,
                action,
                at: chrono::Utc::now(),
            },
        )
    }

    /// Creates a channel on the simulated network; returns its JID and invite code.
    pub fn create_channel(&self, name: &str, description: Option<&str>) -> (String, String) {
        self.inner.create_channel(name, description)
    }

    /// The channel's publisher posts `text` to its followers' feed.
    pub fn channel_publish(
        &self,
        jid: &str,
        text: &str,
    ) -> Result<gerbang_core::channel::ChannelPost, SimError> {
        self.inner.publish(jid, text)
    }

    /// A contact posts a status update the device may see; `false` when the device is not
    /// connected.
    pub fn contact_status(
        &self,
        device_id: &str,
        status: gerbang_core::engine::StatusUpdate,
    ) -> Result<bool, SimError> {
        self.inner.contact_status(device_id, status)
    }

    /// The device's phone creates, changes or deletes a label; `false` when the device is not
    /// connected.
    pub fn phone_label(
        &self,
        device_id: &str,
        label: gerbang_core::appstate::Label,
        deleted: bool,
    ) -> Result<bool, SimError> {
        self.inner.phone_app_state(
            device_id,
            gerbang_core::engine::EngineEvent::LabelEdited { label, deleted },
        )
    }

    /// The phone a device is linked to, from its stored session.
    pub async fn linked_phone(&self, device_id: &str) -> Option<Phone> {
        self.inner.linked_phone(device_id).await
    }
}

impl Drop for SimEngine {
    /// The tasks hold the network alive; without this they would outlive the engine.
    fn drop(&mut self) {
        self.inner.abort_all();
    }
}

#[async_trait]
impl Engine for SimEngine {
    fn kind(&self) -> EngineKind {
        EngineKind::Sim
    }

    async fn start(&self, device_id: &str, events: Arc<dyn EngineEvents>) -> EngineResult<()> {
        self.inner.start(device_id, events).await
    }

    async fn stop(&self, device_id: &str) -> EngineResult<()> {
        self.inner.stop(device_id);
        Ok(())
    }

    async fn logout(&self, device_id: &str) -> EngineResult<()> {
        self.inner.logout(device_id).await
    }

    async fn pairing_code(&self, device_id: &str, phone: &Phone) -> EngineResult<String> {
        self.inner.pairing_code(device_id, phone)
    }

    async fn send(&self, device_id: &str, message: &OutboundMessage) -> EngineResult<SendAck> {
        if let Some(delay) = self.inner.send_delay(device_id) {
            tokio::time::sleep(delay).await;
        }
        self.inner.send(device_id, message)
    }

    async fn mark_read(
        &self,
        device_id: &str,
        chat: &Jid,
        _sender: Option<&Jid>,
        message_ids: &[String],
    ) -> EngineResult<()> {
        self.inner.mark_read(device_id, chat, message_ids)
    }

    async fn typing(&self, device_id: &str, chat: &Jid, typing: bool) -> EngineResult<()> {
        self.inner.typing(device_id, chat, typing)
    }

    async fn on_whatsapp(
        &self,
        device_id: &str,
        phones: &[Phone],
    ) -> EngineResult<Vec<OnWhatsapp>> {
        self.inner.on_whatsapp(device_id, phones)
    }

    async fn set_disappearing_timer(
        &self,
        device_id: &str,
        chat: &Jid,
        seconds: u32,
    ) -> EngineResult<()> {
        self.inner.connected(device_id)?;
        tracing::info!(engine = "sim", device_id, chat = %chat, seconds, "[simulated] disappearing timer set");
        Ok(())
    }

    async fn set_blocked(&self, device_id: &str, contact: &Jid, blocked: bool) -> EngineResult<()> {
        self.inner.set_blocked(device_id, contact, blocked)
    }

    async fn blocklist(&self, device_id: &str) -> EngineResult<Vec<Jid>> {
        self.inner.blocklist(device_id)
    }

    async fn channels(&self, device_id: &str) -> EngineResult<Vec<ChannelInfo>> {
        self.inner.channels(device_id)
    }

    async fn channel(
        &self,
        device_id: &str,
        channel: &ChannelRef,
    ) -> EngineResult<Option<ChannelInfo>> {
        self.inner.channel(device_id, channel)
    }

    async fn follow_channel(&self, device_id: &str, jid: &str) -> EngineResult<()> {
        self.inner.set_following(device_id, jid, true)
    }

    async fn unfollow_channel(&self, device_id: &str, jid: &str) -> EngineResult<()> {
        self.inner.set_following(device_id, jid, false)
    }

    async fn channel_posts(
        &self,
        device_id: &str,
        jid: &str,
        count: u32,
        before: Option<u64>,
    ) -> EngineResult<Vec<ChannelPost>> {
        self.inner.channel_posts(device_id, jid, count, before)
    }

    async fn chat_action(
        &self,
        device_id: &str,
        chat: &Jid,
        action: &gerbang_core::appstate::ChatAction,
    ) -> EngineResult<()> {
        self.inner.chat_action(device_id, chat, action)
    }

    async fn edit_label(
        &self,
        device_id: &str,
        label: &gerbang_core::appstate::Label,
    ) -> EngineResult<()> {
        self.inner.edit_label(device_id, label)
    }

    async fn delete_label(&self, device_id: &str, label_id: &str) -> EngineResult<()> {
        self.inner.delete_label(device_id, label_id)
    }

    async fn post_status(
        &self,
        device_id: &str,
        id: &str,
        content: &gerbang_core::engine::StatusContent,
        recipients: &[Jid],
    ) -> EngineResult<SendAck> {
        self.inner.post_status(device_id, id, content, recipients)
    }

    async fn set_presence(&self, device_id: &str, available: bool) -> EngineResult<()> {
        self.inner.set_presence(device_id, available)
    }

    async fn reject_call(&self, device_id: &str, call_id: &str, from: &Jid) -> EngineResult<()> {
        self.inner.reject_call(device_id, call_id, from)
    }

    async fn own_profile(&self, device_id: &str) -> EngineResult<OwnProfile> {
        self.inner.own_profile(device_id)
    }

    async fn set_push_name(&self, device_id: &str, name: &str) -> EngineResult<()> {
        self.inner.set_push_name(device_id, name)
    }

    async fn set_about(&self, device_id: &str, about: &str) -> EngineResult<()> {
        self.inner.set_about(device_id, about)
    }

    async fn set_profile_picture(&self, device_id: &str, jpeg: Option<&[u8]>) -> EngineResult<()> {
        self.inner.set_profile_picture(device_id, jpeg)
    }

    async fn contact_profile(&self, device_id: &str, jid: &Jid) -> EngineResult<ContactProfile> {
        self.inner.contact_profile(device_id, jid)
    }

    async fn business_profile(
        &self,
        device_id: &str,
        jid: &Jid,
    ) -> EngineResult<Option<BusinessProfile>> {
        self.inner.business_profile(device_id, jid)
    }

    async fn subscribe_presence(&self, device_id: &str, jid: &Jid) -> EngineResult<()> {
        self.inner.subscribe_presence(device_id, jid)
    }

    async fn chat_state(&self, device_id: &str, chat: &Jid, state: ChatState) -> EngineResult<()> {
        self.inner.chat_state(device_id, chat, state)
    }

    async fn groups(&self, device_id: &str) -> EngineResult<Vec<GroupInfo>> {
        self.inner.groups(device_id)
    }

    async fn group_info(&self, device_id: &str, group: &Jid) -> EngineResult<GroupInfo> {
        self.inner.group_info(device_id, group)
    }

    async fn create_group(
        &self,
        device_id: &str,
        subject: &str,
        participants: &[Jid],
    ) -> EngineResult<GroupInfo> {
        self.inner.create_group(device_id, subject, participants)
    }

    async fn update_participants(
        &self,
        device_id: &str,
        group: &Jid,
        action: ParticipantAction,
        participants: &[Jid],
    ) -> EngineResult<Vec<ParticipantOutcome>> {
        self.inner
            .update_participants(device_id, group, action, participants)
    }

    async fn set_group_subject(
        &self,
        device_id: &str,
        group: &Jid,
        subject: &str,
    ) -> EngineResult<()> {
        self.inner.set_group_subject(device_id, group, subject)
    }

    async fn set_group_description(
        &self,
        device_id: &str,
        group: &Jid,
        description: Option<&str>,
    ) -> EngineResult<()> {
        self.inner
            .set_group_description(device_id, group, description)
    }

    async fn set_group_setting(
        &self,
        device_id: &str,
        group: &Jid,
        setting: GroupSetting,
    ) -> EngineResult<()> {
        self.inner.set_group_setting(device_id, group, setting)
    }

    async fn group_invite_code(
        &self,
        device_id: &str,
        group: &Jid,
        reset: bool,
    ) -> EngineResult<String> {
        self.inner.group_invite_code(device_id, group, reset)
    }

    async fn join_group(&self, device_id: &str, code: &str) -> EngineResult<Jid> {
        self.inner.join_group(device_id, code)
    }

    async fn leave_group(&self, device_id: &str, group: &Jid) -> EngineResult<()> {
        self.inner.leave_group(device_id, group)
    }
}
