//! The real WhatsApp engine behind Gerbang's engine port, on the whatsapp-rust crate (0.7).
//!
//! One whatsapp-rust client per device, its session state (keys, credentials) in Gerbang's own
//! database through [`store::SqlBackend`]. whatsapp-rust reconnects by itself with backoff;
//! this crate reports each attempt and failure as events, holds WhatsApp's acknowledgement of
//! every inbound message until Gerbang has stored it, and ends the client when WhatsApp ends the
//! session (logged out, banned, replaced, QR codes exhausted).
//!
//! Message ids are Gerbang's: every send passes the stored row's id to WhatsApp, except a
//! delete-for-everyone, whose stanza id whatsapp-rust 0.7 chooses and does not report (the ack
//! then carries Gerbang's id for the action).

mod appstate;
mod calls;
mod channels;
mod emitter;
mod events;
mod group_events;
mod groups;
mod history;
mod http;
mod inbound;
mod jid;
mod outbound;
mod presence;
mod profiles;
pub mod proxy;
mod recent;
mod session;
mod state;
mod status;
pub mod store;
#[cfg(test)]
mod tests;
mod transport;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use gerbang_core::appstate::{ChatAction, Label};
use gerbang_core::channel::{ChannelInfo, ChannelPost, ChannelRef};
use gerbang_core::engine::{
    BusinessProfile, ChatState, ContactProfile, EncryptedVote, Engine, EngineError, EngineEvent,
    EngineEvents, EngineKind, EngineResult, OnWhatsapp, OutboundMessage, OwnProfile, SendAck,
    StatusContent,
};
use gerbang_core::group::{GroupInfo, GroupSetting, ParticipantAction, ParticipantOutcome};
use gerbang_core::jid::{Jid, Phone};
use whatsapp_rust::pair_code::PairCodeOptions;
use whatsapp_rust::{ChatStateType, Client, PresenceError, PresenceStatus};

pub use gerbang_store::WaSessionDb;
pub use proxy::{Proxy, ProxyKind, ProxyUrlError};
use session::Session;
pub use store::SqlBackend;

const STOPPED: &str = "disconnected by request";
/// How long an operation waits for the socket before it gives up.
const SOCKET_WAIT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone)]
pub struct WhatsappConfig {
    /// The WebSocket endpoint; `None` is WhatsApp's own. Tests point it at a fake server.
    pub url: Option<String>,
    /// The WhatsApp Web version announced at login. Fixed, so that connecting needs no request
    /// to web.whatsapp.com; the default is the one whatsapp-rust 0.7 ships with. When WhatsApp
    /// calls the client outdated, a newer one is configured here (`whatsapp_version`).
    pub version: (u32, u32, u32),
    /// The name the phone shows for this linked device.
    pub device_name: String,
    /// Every device's WebSocket and media go through this proxy (`GERBANG_PROXY_URL`).
    pub proxy: Option<Proxy>,
}

impl Default for WhatsappConfig {
    fn default() -> Self {
        WhatsappConfig {
            url: None,
            version: (2, 3000, 1_042_742_319),
            device_name: "Gerbang".into(),
            proxy: None,
        }
    }
}

/// A WhatsApp Web version as WhatsApp writes it, `2.3000.1042742319`: three whole numbers.
pub fn parse_version(text: &str) -> Result<(u32, u32, u32), String> {
    let bad = || {
        format!(
            "{text:?} is not a WhatsApp Web version: expected three numbers like 2.3000.1042742319"
        )
    };
    let parts = text
        .trim()
        .split('.')
        .map(|p| {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse::<u32>().map_err(|_| bad())
        })
        .collect::<Result<Vec<u32>, String>>()?;
    match parts[..] {
        [major, minor, patch] if major > 0 => Ok((major, minor, patch)),
        _ => Err(bad()),
    }
}

/// The version as [`parse_version`] reads it.
pub fn format_version((major, minor, patch): (u32, u32, u32)) -> String {
    format!("{major}.{minor}.{patch}")
}

/// The engine for every device on the real WhatsApp network.
pub struct WhatsappEngine {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub db: WaSessionDb,
    pub config: WhatsappConfig,
    sessions: Mutex<HashMap<String, Session>>,
    /// Start, stop and logout of a device run one at a time, so a device never has two
    /// clients; different devices do not wait for each other.
    turns: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    generations: AtomicU64,
}

impl Inner {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn turn(&self, device_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut turns = self.turns.lock().unwrap_or_else(|e| e.into_inner());
        turns.entry(device_id.to_string()).or_default().clone()
    }

    fn take(&self, device_id: &str) -> Option<Session> {
        self.lock().remove(device_id)
    }

    /// The session, if it is still the one of that generation.
    pub(crate) fn take_session(&self, device_id: &str, generation: u64) -> Option<Session> {
        let mut sessions = self.lock();
        match sessions.get(device_id) {
            Some(s) if s.shared.generation == generation => sessions.remove(device_id),
            _ => None,
        }
    }

    fn client(&self, device_id: &str) -> EngineResult<Arc<Client>> {
        self.lock()
            .get(device_id)
            .map(|s| s.client.clone())
            .ok_or(EngineError::NotConnected)
    }

    fn logged_in(&self, device_id: &str) -> EngineResult<(Arc<Client>, Arc<state::Shared>)> {
        let sessions = self.lock();
        let session = sessions.get(device_id).ok_or(EngineError::NotConnected)?;
        if !session.client.is_logged_in() {
            return Err(EngineError::NotConnected);
        }
        Ok((session.client.clone(), session.shared.clone()))
    }
}

impl WhatsappEngine {
    pub fn new(db: WaSessionDb, config: WhatsappConfig) -> Arc<WhatsappEngine> {
        Arc::new(WhatsappEngine {
            inner: Arc::new(Inner {
                db,
                config,
                sessions: Mutex::new(HashMap::new()),
                turns: Mutex::new(HashMap::new()),
                generations: AtomicU64::new(1),
            }),
        })
    }

    /// Devices with a running client.
    pub fn running(&self) -> Vec<String> {
        self.inner.lock().keys().cloned().collect()
    }
}

impl Drop for WhatsappEngine {
    /// Sessions are normally stopped first; whatever is left must not outlive the engine.
    fn drop(&mut self) {
        for (_, session) in self.inner.lock().drain() {
            session.shared.set_stopping();
            session.abort();
        }
    }
}

#[async_trait]
impl Engine for WhatsappEngine {
    fn kind(&self) -> EngineKind {
        EngineKind::Whatsapp
    }

    async fn start(&self, device_id: &str, events: Arc<dyn EngineEvents>) -> EngineResult<()> {
        let turn = self.inner.turn(device_id);
        let _turn = turn.lock().await;
        if self.inner.lock().contains_key(device_id) {
            return Ok(());
        }
        let generation = self.inner.generations.fetch_add(1, Ordering::SeqCst);
        let session = Session::open(&self.inner, device_id, generation, events).await?;
        tracing::info!(engine = "whatsapp", device_id, "session started");
        self.inner.lock().insert(device_id.to_string(), session);
        Ok(())
    }

    async fn stop(&self, device_id: &str) -> EngineResult<()> {
        let turn = self.inner.turn(device_id);
        let _turn = turn.lock().await;
        if let Some(session) = self.inner.take(device_id) {
            session
                .close(Some(EngineEvent::Disconnected {
                    reason: STOPPED.into(),
                    will_retry: false,
                }))
                .await;
            tracing::info!(engine = "whatsapp", device_id, "session stopped");
        }
        Ok(())
    }

    async fn logout(&self, device_id: &str) -> EngineResult<()> {
        let turn = self.inner.turn(device_id);
        let _turn = turn.lock().await;
        let db = &self.inner.db;
        let linked = store::is_paired(db, device_id).await.unwrap_or(false);
        let mut session = self.inner.take(device_id);
        if let Some(session) = &mut session {
            session.shared.set_stopping();
            if session.client.is_logged_in() {
                // Tells WhatsApp to unlink this device, so the phone's list is right.
                let _ = tokio::time::timeout(SOCKET_WAIT, session.client.logout()).await;
            }
            // The client writes its state back as it closes: wipe after that, not before.
            session.shut().await;
        }
        let wiped = store::wipe(db, device_id).await;
        if let Some(session) = session {
            let last = if linked {
                EngineEvent::LoggedOut {
                    reason: "logged out by request".into(),
                }
            } else {
                EngineEvent::Disconnected {
                    reason: STOPPED.into(),
                    will_retry: false,
                }
            };
            session.finish(Some(last)).await;
        }
        tracing::info!(
            engine = "whatsapp",
            device_id,
            "session logged out and wiped"
        );
        wiped.map_err(|e| EngineError::Other(format!("could not delete the WhatsApp session: {e}")))
    }

    async fn pairing_code(&self, device_id: &str, phone: &Phone) -> EngineResult<String> {
        let client = self.inner.client(device_id).map_err(|_| {
            EngineError::Rejected("the device is not running; start it before pairing".into())
        })?;
        if client.pn().is_some() {
            return Err(EngineError::AlreadyPaired);
        }
        client
            .wait_for_socket(SOCKET_WAIT)
            .await
            .map_err(|e| EngineError::Other(format!("not connected to WhatsApp: {e}")))?;
        let options = PairCodeOptions {
            phone_number: phone.as_str().to_string(),
            ..Default::default()
        };
        client
            .pair_with_code(options)
            .await
            .map_err(|e| match e.backoff() {
                Some(retry_after) => EngineError::RateLimited {
                    retry_after: Some(retry_after),
                },
                None => EngineError::Rejected(format!("WhatsApp refused the pairing code: {e}")),
            })
    }

    async fn send(&self, device_id: &str, message: &OutboundMessage) -> EngineResult<SendAck> {
        let (client, shared) = self.inner.logged_in(device_id)?;
        outbound::send(&client, &shared, message).await?;
        Ok(SendAck {
            id: message.id.clone(),
            timestamp: Utc::now(),
            recipient_lid: outbound::recipient_lid(&client, &message.to).await,
        })
    }

    async fn decrypt_poll_vote(
        &self,
        device_id: &str,
        poll_id: &str,
        vote: &EncryptedVote,
        secret: &[u8],
        options: &[String],
    ) -> EngineResult<Vec<String>> {
        let client = self.inner.client(device_id)?;
        let parse = |j: &str| {
            j.parse::<whatsapp_rust::Jid>()
                .map_err(|e| EngineError::Other(format!("bad JID {j} in a vote: {e}")))
        };
        let (creator, voter) = (parse(&vote.creator)?, parse(&vote.voter)?);
        let hashes = client
            .polls()
            .decrypt_vote(
                whatsapp_rust::PollVoteCiphertext {
                    enc_payload: &vote.payload,
                    enc_iv: &vote.iv,
                },
                secret,
                poll_id,
                &creator,
                &voter,
            )
            .await
            .map_err(|e| EngineError::Other(e.to_string()))?;
        Ok(options
            .iter()
            .filter(|name| {
                let hash = whatsapp_rust::wacore::poll::compute_option_hash(name);
                hashes.iter().any(|h| h.as_slice() == hash)
            })
            .cloned()
            .collect())
    }

    async fn set_disappearing_timer(
        &self,
        device_id: &str,
        chat: &Jid,
        seconds: u32,
    ) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        let wa_chat = jid::to_wa(chat)?;
        if chat.is_group() {
            client
                .groups()
                .set_ephemeral(wa_chat, seconds)
                .await
                .map_err(|e| EngineError::Rejected(format!("WhatsApp refused the timer: {e}")))
        } else {
            client
                .set_chat_disappearing_timer(wa_chat, seconds)
                .await
                .map(|_| ())
                .map_err(outbound::send_error)
        }
    }

    async fn mark_read(
        &self,
        device_id: &str,
        chat: &Jid,
        sender: Option<&Jid>,
        message_ids: &[String],
    ) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        let chat = jid::to_wa(chat)?;
        let sender = sender.map(jid::to_wa).transpose()?;
        let ids: Vec<&str> = message_ids.iter().map(String::as_str).collect();
        client
            .mark_as_read(&chat, sender.as_ref(), &ids)
            .await
            .map_err(|e| EngineError::Other(format!("could not send read receipts: {e:#}")))
    }

    async fn typing(&self, device_id: &str, chat: &Jid, typing: bool) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        let chat = jid::to_wa(chat)?;
        let state = if typing {
            ChatStateType::Composing
        } else {
            ChatStateType::Paused
        };
        client
            .chatstate()
            .send(&chat, state)
            .await
            .map_err(|e| EngineError::Other(format!("could not send the typing state: {e}")))
    }

    async fn on_whatsapp(
        &self,
        device_id: &str,
        phones: &[Phone],
    ) -> EngineResult<Vec<OnWhatsapp>> {
        let (client, _) = self.inner.logged_in(device_id)?;
        let jids: Vec<_> = phones.iter().map(jid::pn).collect();
        let found = client
            .contacts()
            .is_on_whatsapp(&jids)
            .await
            .map_err(|e| EngineError::Other(format!("could not ask WhatsApp: {e}")))?;
        Ok(phones
            .iter()
            .map(|phone| {
                let hit = found.iter().find(|r| {
                    r.pn_jid.as_ref().unwrap_or(&r.jid).user.as_str() == phone.as_str()
                        || r.jid.user.as_str() == phone.as_str()
                });
                let exists = hit.is_some_and(|r| r.is_registered);
                let lid = hit
                    .filter(|_| exists)
                    .and_then(|r| r.lid.as_ref().or(r.jid.is_lid().then_some(&r.jid)))
                    .and_then(jid::from_wa);
                OnWhatsapp {
                    phone: phone.clone(),
                    exists,
                    jid: exists.then(|| phone.jid()),
                    lid,
                }
            })
            .collect())
    }

    async fn set_blocked(&self, device_id: &str, contact: &Jid, blocked: bool) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        let target = jid::to_wa(contact)?;
        // WhatsApp blocks by LID and number together: whatsapp-rust needs the mapping, which
        // a number check teaches it.
        if target.is_pn()
            && client
                .get_lid_pn_entry(&target)
                .await
                .ok()
                .flatten()
                .is_none()
        {
            let _ = client
                .contacts()
                .is_on_whatsapp(std::slice::from_ref(&target))
                .await;
        }
        let done = if blocked {
            client.blocking().block(&target).await
        } else {
            client.blocking().unblock(&target).await
        };
        done.map_err(|e| match e {
            whatsapp_rust::features::BlockingError::InvalidJid(why) => {
                EngineError::Rejected(format!("WhatsApp cannot block {contact}: {why}"))
            }
            other => EngineError::Other(format!("WhatsApp did not change the blocklist: {other}")),
        })
    }

    async fn post_status(
        &self,
        device_id: &str,
        id: &str,
        content: &StatusContent,
        recipients: &[Jid],
    ) -> EngineResult<SendAck> {
        let (client, _) = self.inner.logged_in(device_id)?;
        status::post(&client, id, content, recipients).await
    }

    async fn chat_action(
        &self,
        device_id: &str,
        chat: &Jid,
        action: &ChatAction,
    ) -> EngineResult<()> {
        let (client, shared) = self.inner.logged_in(device_id)?;
        appstate::chat_action(&client, &shared, chat, action).await
    }

    async fn edit_label(&self, device_id: &str, label: &Label) -> EngineResult<()> {
        let (client, shared) = self.inner.logged_in(device_id)?;
        appstate::edit_label(&client, &shared, label).await
    }

    async fn delete_label(&self, device_id: &str, label_id: &str) -> EngineResult<()> {
        let (client, shared) = self.inner.logged_in(device_id)?;
        appstate::delete_label(&client, &shared, label_id).await
    }

    async fn channels(&self, device_id: &str) -> EngineResult<Vec<ChannelInfo>> {
        let (client, _) = self.inner.logged_in(device_id)?;
        channels::followed(&client).await
    }

    async fn channel(
        &self,
        device_id: &str,
        channel: &ChannelRef,
    ) -> EngineResult<Option<ChannelInfo>> {
        let (client, _) = self.inner.logged_in(device_id)?;
        channels::find(&client, channel).await
    }

    async fn follow_channel(&self, device_id: &str, jid: &str) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        channels::set_following(&client, jid, true).await
    }

    async fn unfollow_channel(&self, device_id: &str, jid: &str) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        channels::set_following(&client, jid, false).await
    }

    async fn channel_posts(
        &self,
        device_id: &str,
        jid: &str,
        count: u32,
        before: Option<u64>,
    ) -> EngineResult<Vec<ChannelPost>> {
        let (client, _) = self.inner.logged_in(device_id)?;
        channels::posts(&client, jid, count, before).await
    }

    async fn blocklist(&self, device_id: &str) -> EngineResult<Vec<Jid>> {
        let (client, _) = self.inner.logged_in(device_id)?;
        let entries = client
            .blocking()
            .get_blocklist()
            .await
            .map_err(|e| EngineError::Other(format!("could not read the blocklist: {e}")))?;
        Ok(entries
            .iter()
            .filter_map(|e| jid::from_wa(&e.jid))
            .collect())
    }

    async fn reject_call(&self, device_id: &str, call_id: &str, from: &Jid) -> EngineResult<()> {
        let (client, shared) = self.inner.logged_in(device_id)?;
        calls::reject(&client, &shared, call_id, from).await
    }

    async fn own_profile(&self, device_id: &str) -> EngineResult<OwnProfile> {
        let (client, _) = self.inner.logged_in(device_id)?;
        profiles::own(&client).await
    }

    async fn set_push_name(&self, device_id: &str, name: &str) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        profiles::set_push_name(&client, name).await
    }

    async fn set_about(&self, device_id: &str, about: &str) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        profiles::set_about(&client, about).await
    }

    async fn set_profile_picture(&self, device_id: &str, jpeg: Option<&[u8]>) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        profiles::set_picture(&client, jpeg).await
    }

    async fn contact_profile(&self, device_id: &str, jid: &Jid) -> EngineResult<ContactProfile> {
        let (client, _) = self.inner.logged_in(device_id)?;
        profiles::contact(&client, jid).await
    }

    async fn business_profile(
        &self,
        device_id: &str,
        jid: &Jid,
    ) -> EngineResult<Option<BusinessProfile>> {
        let (client, _) = self.inner.logged_in(device_id)?;
        profiles::business(&client, jid).await
    }

    async fn set_presence(&self, device_id: &str, available: bool) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        let status = if available {
            PresenceStatus::Available
        } else {
            PresenceStatus::Unavailable
        };
        client.presence().set(status).await.map_err(|e| match e {
            PresenceError::PushNameEmpty => EngineError::Rejected(
                "WhatsApp has not told this device its name yet; try again shortly".into(),
            ),
            e => EngineError::Other(format!("could not send the presence: {e}")),
        })
    }

    async fn subscribe_presence(&self, device_id: &str, jid: &Jid) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        client
            .presence()
            .subscribe(jid::to_wa(jid)?)
            .await
            .map_err(|e| EngineError::Other(format!("could not subscribe to presence: {e}")))
    }

    async fn chat_state(&self, device_id: &str, chat: &Jid, state: ChatState) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        let chat = jid::to_wa(chat)?;
        let state = match state {
            ChatState::Typing => ChatStateType::Composing,
            ChatState::Recording => ChatStateType::Recording,
            ChatState::Paused => ChatStateType::Paused,
        };
        client
            .chatstate()
            .send(&chat, state)
            .await
            .map_err(|e| EngineError::Other(format!("could not send the chat state: {e}")))
    }

    async fn groups(&self, device_id: &str) -> EngineResult<Vec<GroupInfo>> {
        let (client, _) = self.inner.logged_in(device_id)?;
        groups::list(&client).await
    }

    async fn group_info(&self, device_id: &str, group: &Jid) -> EngineResult<GroupInfo> {
        let (client, _) = self.inner.logged_in(device_id)?;
        groups::read(&client, group).await
    }

    async fn create_group(
        &self,
        device_id: &str,
        subject: &str,
        participants: &[Jid],
    ) -> EngineResult<GroupInfo> {
        let (client, _) = self.inner.logged_in(device_id)?;
        groups::create(&client, subject, participants).await
    }

    async fn update_participants(
        &self,
        device_id: &str,
        group: &Jid,
        action: ParticipantAction,
        participants: &[Jid],
    ) -> EngineResult<Vec<ParticipantOutcome>> {
        let (client, _) = self.inner.logged_in(device_id)?;
        groups::change(&client, group, action, participants).await
    }

    async fn set_group_subject(
        &self,
        device_id: &str,
        group: &Jid,
        subject: &str,
    ) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        groups::rename(&client, group, subject).await
    }

    async fn set_group_description(
        &self,
        device_id: &str,
        group: &Jid,
        description: Option<&str>,
    ) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        groups::describe(&client, group, description).await
    }

    async fn set_group_setting(
        &self,
        device_id: &str,
        group: &Jid,
        setting: GroupSetting,
    ) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        groups::setting(&client, group, setting).await
    }

    async fn group_invite_code(
        &self,
        device_id: &str,
        group: &Jid,
        reset: bool,
    ) -> EngineResult<String> {
        let (client, _) = self.inner.logged_in(device_id)?;
        groups::invite(&client, group, reset).await
    }

    async fn join_group(&self, device_id: &str, code: &str) -> EngineResult<Jid> {
        let (client, _) = self.inner.logged_in(device_id)?;
        groups::join(&client, code).await
    }

    async fn leave_group(&self, device_id: &str, group: &Jid) -> EngineResult<()> {
        let (client, _) = self.inner.logged_in(device_id)?;
        groups::leave(&client, group).await
    }
}
