//! Sending from linked devices: what the network records, the receipts it sends back and the
//! auto-replies of virtual contacts.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use gerbang_core::engine::{
    EngineError, EngineEvent, EngineResult, InboundMessage, MediaKind, MessageContent, OnWhatsapp,
    OutboundMessage, ReceiptKind, SendAck,
};
use gerbang_core::jid::{Jid, JidKind, Phone};

use crate::network::{SimAccount, SimDelivery, ECHO};
use crate::state::{Inner, Link};

/// The `kind` and readable text of a message, as the sent log shows them.
fn describe(content: &MessageContent) -> (&'static str, Option<String>) {
    match content {
        MessageContent::Text { body } => ("text", Some(body.clone())),
        MessageContent::Media { media, caption } => (media.kind.as_str(), caption.clone()),
        MessageContent::Location {
            latitude,
            longitude,
            name,
            ..
        } => (
            "location",
            Some(
                name.clone()
                    .unwrap_or_else(|| format!("{latitude},{longitude}")),
            ),
        ),
        MessageContent::Contact { display_name, .. } => ("contact", Some(display_name.clone())),
        MessageContent::Reaction { emoji, .. } => ("reaction", Some(emoji.clone())),
        MessageContent::Edit { body, .. } => ("edit", Some(body.clone())),
        MessageContent::Revoke { .. } => ("revoke", None),
        MessageContent::Poll { question, .. } => ("poll", Some(question.clone())),
        MessageContent::PollVote { selected, .. } => ("poll_vote", Some(selected.join(", "))),
        MessageContent::DisappearingTimer { seconds } => {
            ("disappearing", Some(seconds.to_string()))
        }
    }
}

/// Receipts a message earns: people read (and play voice notes); groups only confirm delivery,
/// since "read" there depends on every member. Reactions, edits and revokes earn none.
fn receipt_plan(inner: &Inner, to: &Jid, content: &MessageContent) -> Vec<(Duration, ReceiptKind)> {
    let config = &inner.config;
    match content {
        MessageContent::Reaction { .. }
        | MessageContent::Edit { .. }
        | MessageContent::Revoke { .. }
        | MessageContent::PollVote { .. }
        | MessageContent::DisappearingTimer { .. } => Vec::new(),
        _ if to.kind() == JidKind::Group => vec![(config.delivered_after, ReceiptKind::Delivered)],
        _ => {
            let mut plan = vec![
                (config.delivered_after, ReceiptKind::Delivered),
                (config.read_after, ReceiptKind::Read),
            ];
            if matches!(content, MessageContent::Media { media, .. } if media.kind == MediaKind::Voice)
            {
                plan.push((config.read_after, ReceiptKind::Played));
            }
            plan
        }
    }
}

impl Inner {
    /// The device's link, if it is connected right now.
    pub(crate) fn connected(&self, device_id: &str) -> EngineResult<Link> {
        self.lock()
            .devices
            .get(device_id)
            .and_then(|d| d.session.as_ref())
            .and_then(|s| s.connected_link().cloned())
            .ok_or(EngineError::NotConnected)
    }

    pub fn send(
        self: &Arc<Self>,
        device_id: &str,
        message: &OutboundMessage,
    ) -> EngineResult<SendAck> {
        if message.id.trim().is_empty() {
            return Err(EngineError::Rejected("a message needs an id".into()));
        }
        let mut st = self.lock();
        let device = st
            .devices
            .get_mut(device_id)
            .ok_or(EngineError::NotConnected)?;
        let session = device.session.as_ref().ok_or(EngineError::NotConnected)?;
        let link = session
            .connected_link()
            .cloned()
            .ok_or(EngineError::NotConnected)?;
        let generation = session.generation;
        if let Some(error) = device.take_send_fault() {
            tracing::info!(engine = "sim", device_id, message_id = message.id, %error, "[simulated] send failed by an injected fault");
            return Err(error);
        }
        let target = message.to.phone();
        if let Some(phone) = target.as_ref().filter(|p| st.absent.contains(*p)) {
            return Err(EngineError::Rejected(format!("{phone} is not on WhatsApp")));
        }

        if message.to.is_group() {
            st.may_post(&link.phone, &message.to)
                .map_err(EngineError::Rejected)?;
        }

        let (kind, text) = describe(&message.content);
        let now = Utc::now();
        let delivery = SimDelivery {
            device_id: device_id.to_string(),
            message_id: message.id.clone(),
            from: link.phone.jid().to_string(),
            to: message.to.to_string(),
            kind: kind.to_string(),
            text: text.clone(),
            at: now,
        };
        st.sent_log.push(delivery.clone());
        if message.to.is_group() {
            let inbound = InboundMessage {
                id: message.id.clone(),
                chat: message.to.clone(),
                sender: link.phone.jid(),
                sender_phone: Some(link.phone.clone()),
                sender_lid: None,
                push_name: link.push_name.clone(),
                from_me: false,
                timestamp: now,
                content: message.content.clone(),
                quoted_id: message.quoted.as_ref().map(|q| q.id.clone()),
                mentions: message.mentions.clone(),
                flags: message.flags,
            };
            st.fan_out(&message.to, &inbound, &link.phone);
            // The virtual members' view: what each of them received.
            let members = st
                .sim_group(&message.to)
                .map(|g| g.participants)
                .unwrap_or_default();
            for member in members.into_iter().filter_map(|p| p.phone) {
                if member != link.phone {
                    st.inboxes.entry(member).or_default().push(delivery.clone());
                }
            }
            self.mail_changed.notify_waiters();
        }
        let account = target.map(|phone| st.account(&phone));
        if let Some(account) = &account {
            st.inboxes
                .entry(account.phone.clone())
                .or_default()
                .push(delivery);
        }

        let plan = receipt_plan(self, &message.to, &message.content);
        if !plan.is_empty() {
            let task = tokio::spawn(send_receipts(
                self.clone(),
                device_id.to_string(),
                generation,
                message.to.clone(),
                message.id.clone(),
                plan,
            ));
            if let Some(session) = st
                .current(device_id, generation)
                .and_then(|d| d.session.as_mut())
            {
                session.track_timer(task.abort_handle());
            }
        }

        let conversational = !matches!(
            message.content,
            MessageContent::Reaction { .. }
                | MessageContent::Edit { .. }
                | MessageContent::Revoke { .. }
                | MessageContent::PollVote { .. }
                | MessageContent::DisappearingTimer { .. }
        );
        if let Some((account, reply)) = account
            .and_then(|a| a.auto_reply.clone().map(|r| (a, r)))
            .filter(|_| conversational)
        {
            let reply = if reply == ECHO {
                format!(
                    "echo: {}",
                    text.clone().unwrap_or_else(|| format!("[{kind}]"))
                )
            } else {
                reply
            };
            let task = tokio::spawn(auto_reply(self.clone(), account, link.phone.clone(), reply));
            st.track_background(task.abort_handle());
        }

        tracing::info!(engine = "sim", device_id, message_id = message.id, to = %message.to, kind, "[simulated] message sent");
        tracing::debug!(
            engine = "sim",
            device_id,
            message_id = message.id,
            text,
            "[simulated] message body"
        );
        // The simulated network knows every account's LID, as WhatsApp does once it has
        // been asked; a number absent from it has none.
        let recipient_lid = match message.to.kind() {
            JidKind::Lid => Some(message.to.clone()),
            JidKind::Group => None,
            JidKind::User => message
                .to
                .phone()
                .filter(|p| !st.absent.contains(p))
                .map(|p| sim_lid(&p)),
        };
        Ok(SendAck {
            id: message.id.clone(),
            timestamp: now,
            recipient_lid,
        })
    }

    pub fn mark_read(
        &self,
        device_id: &str,
        chat: &Jid,
        message_ids: &[String],
    ) -> EngineResult<()> {
        self.connected(device_id)?;
        tracing::debug!(engine = "sim", device_id, chat = %chat, count = message_ids.len(), "[simulated] marked as read");
        Ok(())
    }

    pub fn typing(&self, device_id: &str, chat: &Jid, typing: bool) -> EngineResult<()> {
        self.connected(device_id)?;
        tracing::debug!(engine = "sim", device_id, chat = %chat, typing, "[simulated] typing indicator");
        Ok(())
    }

    pub fn on_whatsapp(&self, device_id: &str, phones: &[Phone]) -> EngineResult<Vec<OnWhatsapp>> {
        self.connected(device_id)?;
        let st = self.lock();
        Ok(phones
            .iter()
            .map(|phone| {
                let exists = !st.absent.contains(phone);
                OnWhatsapp {
                    phone: phone.clone(),
                    exists,
                    jid: exists.then(|| phone.jid()),
                    lid: exists.then(|| sim_lid(phone)),
                }
            })
            .collect())
    }
}

/// The simulated `@lid` of a number: stable, and plainly not a phone number.
pub(crate) fn sim_lid(phone: &Phone) -> Jid {
    let digits: u64 = phone.as_str().parse().unwrap_or(0);
    let lid = 200_000_000_000_000u64 + digits % 100_000_000_000_000;
    Jid::parse(&format!("{lid}@lid")).expect("a lid JID")
}

/// Receipts go out only while the sending session is connected; one that falls due during an
/// outage is dropped (the simulation keeps no offline receipt queue), and a stopped session's
/// timers are cancelled outright.
async fn send_receipts(
    inner: Arc<Inner>,
    device_id: String,
    generation: u64,
    chat: Jid,
    message_id: String,
    plan: Vec<(Duration, ReceiptKind)>,
) {
    let sent_at = tokio::time::Instant::now();
    for (after, kind) in plan {
        tokio::time::sleep_until(sent_at + after).await;
        let mut st = inner.lock();
        let Some(device) = st.current(&device_id, generation) else {
            return;
        };
        if device
            .session
            .as_ref()
            .and_then(|s| s.connected_link())
            .is_none()
        {
            tracing::debug!(
                engine = "sim",
                device_id,
                message_id,
                ?kind,
                "[simulated] receipt dropped: not connected"
            );
            continue;
        }
        let event = EngineEvent::Receipt {
            chat: chat.clone(),
            message_ids: vec![message_id.clone()],
            kind,
            at: Utc::now(),
        };
        device.emit_session(event);
    }
}

/// A virtual contact answering. The reply is an ordinary network message: it waits in the
/// mailbox if the device is offline by then.
async fn auto_reply(inner: Arc<Inner>, from: SimAccount, to: Phone, text: String) {
    tokio::time::sleep(inner.config.reply_after).await;
    let id = {
        let mut st = inner.lock();
        if st.absent.contains(&from.phone) {
            return;
        }
        let account = st.account(&from.phone);
        st.post_text(&mut inner.rng(), &account, &to, text)
    };
    tracing::info!(engine = "sim", from = %from.phone, to = %to, message_id = id, "[simulated] auto-reply sent");
    inner.mail_changed.notify_waiters();
}
