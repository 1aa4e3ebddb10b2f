//! The simulator's controls behind core's `SimControl` port, so the HTTP layer can drive the
//! simulated network without depending on this crate. Each method is the engine's own.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::appstate::{ChatAction, Label};
use gerbang_core::channel::ChannelPost;
use gerbang_core::engine::{
    BusinessProfile, MessageContent, MessageFlags, PresenceState, StatusUpdate,
};
use gerbang_core::group::{GroupInfo, ParticipantAction, ParticipantOutcome};
use gerbang_core::jid::{Jid, Phone};
use gerbang_core::sim::{
    CallOutcome, Fault, SimAccount, SimControl, SimDelivery, SimError, SimHistoryMessage,
};

use crate::SimEngine;

#[async_trait]
impl SimControl for SimEngine {
    async fn scan(&self, device_id: &str, phone: Option<Phone>) -> Result<Phone, SimError> {
        SimEngine::scan(self, device_id, phone).await
    }

    async fn confirm_pairing_code(&self, device_id: &str, code: &str) -> Result<Phone, SimError> {
        SimEngine::confirm_pairing_code(self, device_id, code).await
    }

    async fn inject(&self, device_id: &str, fault: Fault) -> Result<(), SimError> {
        SimEngine::inject(self, device_id, fault).await
    }

    fn add_account(&self, phone: Phone, name: &str, auto_reply: Option<String>) -> SimAccount {
        SimEngine::add_account(self, phone, name, auto_reply)
    }

    fn set_contact_profile(
        &self,
        phone: &Phone,
        about: Option<String>,
        business: Option<BusinessProfile>,
    ) {
        SimEngine::set_contact_profile(self, phone, about, business)
    }

    fn accounts(&self) -> Vec<SimAccount> {
        SimEngine::accounts(self)
    }

    fn set_absent(&self, phone: Phone) {
        SimEngine::set_absent(self, phone)
    }

    async fn account_send(&self, from: &Phone, to: &Phone, text: &str) -> Result<String, SimError> {
        SimEngine::account_send(self, from, to, text).await
    }

    async fn account_send_content(
        &self,
        from: &Phone,
        to: &Phone,
        content: MessageContent,
        flags: MessageFlags,
    ) -> Result<String, SimError> {
        SimEngine::account_send_content(self, from, to, content, flags).await
    }

    fn sent_log(&self) -> Vec<SimDelivery> {
        SimEngine::sent_log(self)
    }

    fn inbox(&self, phone: &Phone) -> Vec<SimDelivery> {
        SimEngine::inbox(self, phone)
    }

    fn account_create_group(
        &self,
        creator: &Phone,
        subject: &str,
        members: &[Phone],
    ) -> Result<GroupInfo, SimError> {
        SimEngine::account_create_group(self, creator, subject, members)
    }

    fn account_group_post(
        &self,
        from: &Phone,
        group: &Jid,
        text: &str,
    ) -> Result<String, SimError> {
        SimEngine::account_group_post(self, from, group, text)
    }

    fn account_update_participants(
        &self,
        actor: &Phone,
        group: &Jid,
        action: ParticipantAction,
        participants: &[Jid],
    ) -> Result<Vec<ParticipantOutcome>, SimError> {
        SimEngine::account_update_participants(self, actor, group, action, participants)
    }

    fn group(&self, group: &Jid) -> Option<GroupInfo> {
        SimEngine::group(self, group)
    }

    fn account_presence(
        &self,
        device_id: &str,
        from: &Phone,
        group: Option<Jid>,
        state: PresenceState,
        last_seen: Option<DateTime<Utc>>,
    ) -> Result<bool, SimError> {
        SimEngine::account_presence(self, device_id, from, group, state, last_seen)
    }

    fn ring(&self, device_id: &str, from: &Phone, video: bool) -> Result<Option<String>, SimError> {
        SimEngine::ring(self, device_id, from, video)
    }

    fn hang_up(&self, device_id: &str, call_id: &str) -> Result<CallOutcome, SimError> {
        SimEngine::hang_up(self, device_id, call_id)
    }

    fn push_history(
        &self,
        device_id: &str,
        messages: Vec<SimHistoryMessage>,
    ) -> Result<usize, SimError> {
        SimEngine::push_history(self, device_id, messages)
    }

    fn phone_chat_action(
        &self,
        device_id: &str,
        chat: Jid,
        action: ChatAction,
    ) -> Result<bool, SimError> {
        SimEngine::phone_chat_action(self, device_id, chat, action)
    }

    fn phone_label(&self, device_id: &str, label: Label, deleted: bool) -> Result<bool, SimError> {
        SimEngine::phone_label(self, device_id, label, deleted)
    }

    fn contact_status(&self, device_id: &str, status: StatusUpdate) -> Result<bool, SimError> {
        SimEngine::contact_status(self, device_id, status)
    }

    fn create_channel(&self, name: &str, description: Option<&str>) -> (String, String) {
        SimEngine::create_channel(self, name, description)
    }

    fn channel_publish(&self, jid: &str, text: &str) -> Result<ChannelPost, SimError> {
        SimEngine::channel_publish(self, jid, text)
    }
}
