//! The simulated world outside the linked devices: virtual contacts, who is on WhatsApp, what
//! they received, and what they send.

use chrono::Utc;
use gerbang_core::engine::{InboundMessage, MessageContent, MessageFlags};
use gerbang_core::jid::Phone;
use rand::rngs::StdRng;

use crate::codes;
use crate::error::SimError;
use crate::state::{Inner, Mail, State};

pub use gerbang_core::sim::{SimAccount, SimDelivery};

pub(crate) const ECHO: &str = "{echo}";

impl State {
    /// Every number not marked absent is on WhatsApp; its account appears on first contact.
    pub fn account(&mut self, phone: &Phone) -> SimAccount {
        self.accounts
            .entry(phone.clone())
            .or_insert_with(|| SimAccount {
                phone: phone.clone(),
                name: format!("Sim {phone}"),
                auto_reply: None,
            })
            .clone()
    }

    fn phone_in_use(&self, phone: &Phone) -> bool {
        self.accounts.contains_key(phone)
            || self.absent.contains(phone)
            || self.devices.values().any(|d| {
                d.phone.as_ref() == Some(phone)
                    || d.session
                        .as_ref()
                        .and_then(|s| s.pairing_code_phone())
                        .is_some_and(|p| p == phone)
            })
    }

    pub fn allocate_phone(&self, rng: &mut StdRng) -> Phone {
        loop {
            if let Some(phone) = codes::phone(rng) {
                if !self.phone_in_use(&phone) {
                    return phone;
                }
            }
        }
    }

    /// Queues a text from `from` for the device linked to `to`; returns the message id.
    pub fn post_text(
        &mut self,
        rng: &mut StdRng,
        from: &SimAccount,
        to: &Phone,
        text: String,
    ) -> String {
        self.post(
            rng,
            from,
            to,
            MessageContent::Text { body: text },
            MessageFlags::default(),
        )
    }

    /// A virtual contact's message of any kind to the device linked to `to`.
    pub fn post(
        &mut self,
        rng: &mut StdRng,
        from: &SimAccount,
        to: &Phone,
        content: MessageContent,
        flags: MessageFlags,
    ) -> String {
        let id = codes::message_id(self.run, rng);
        // As WhatsApp's servers do, a blocked sender's messages never reach the blocker.
        if self.blocks(to, &from.phone) {
            tracing::info!(engine = "sim", from = %from.phone, to = %to, "[simulated] message from a blocked contact dropped");
            return id;
        }
        let jid = from.phone.jid();
        let message = InboundMessage {
            id: id.clone(),
            chat: jid.clone(),
            sender: jid,
            sender_phone: Some(from.phone.clone()),
            sender_lid: None,
            push_name: Some(from.name.clone()),
            from_me: false,
            timestamp: Utc::now(),
            content,
            quoted_id: None,
            mentions: Vec::new(),
            flags,
        };
        self.mailboxes
            .entry(to.clone())
            .or_default()
            .push_back(Mail {
                message,
                in_flight: false,
            });
        id
    }
}

impl Inner {
    pub fn add_account(&self, phone: Phone, name: &str, auto_reply: Option<String>) -> SimAccount {
        let name = match name.trim() {
            "" => format!("Sim {phone}"),
            name => name.to_string(),
        };
        let account = SimAccount {
            phone: phone.clone(),
            name,
            auto_reply,
        };
        let mut st = self.lock();
        st.absent.remove(&phone);
        st.accounts.insert(phone.clone(), account.clone());
        tracing::info!(engine = "sim", phone = %phone, "[simulated] account registered");
        account
    }

    pub fn accounts(&self) -> Vec<SimAccount> {
        self.lock().accounts.values().cloned().collect()
    }

    pub fn set_absent(&self, phone: Phone) {
        let mut st = self.lock();
        st.accounts.remove(&phone);
        tracing::info!(engine = "sim", phone = %phone, "[simulated] number marked as not on WhatsApp");
        st.absent.insert(phone);
    }

    pub fn sent_log(&self) -> Vec<SimDelivery> {
        self.lock().sent_log.clone()
    }

    pub fn inbox(&self, phone: &Phone) -> Vec<SimDelivery> {
        self.lock().inboxes.get(phone).cloned().unwrap_or_default()
    }

    /// A virtual contact sends a message of any kind (a poll, a vote, view-once media).
    pub fn account_send_content(
        &self,
        from: &Phone,
        to: &Phone,
        content: MessageContent,
        flags: MessageFlags,
    ) -> Result<String, SimError> {
        let id = {
            let mut st = self.lock();
            if let Some(absent) = [from, to].into_iter().find(|p| st.absent.contains(*p)) {
                return Err(SimError::AbsentNumber(absent.clone()));
            }
            let account = st.account(from);
            st.post(&mut self.rng(), &account, to, content, flags)
        };
        tracing::info!(engine = "sim", from = %from, to = %to, message_id = id, "[simulated] account sent a message");
        self.mail_changed.notify_waiters();
        Ok(id)
    }

    pub fn account_send(&self, from: &Phone, to: &Phone, text: &str) -> Result<String, SimError> {
        let id = {
            let mut st = self.lock();
            if let Some(absent) = [from, to].into_iter().find(|p| st.absent.contains(*p)) {
                return Err(SimError::AbsentNumber(absent.clone()));
            }
            let account = st.account(from);
            st.post_text(&mut self.rng(), &account, to, text.to_string())
        };
        tracing::info!(engine = "sim", from = %from, to = %to, message_id = id, "[simulated] account sent a message");
        tracing::debug!(
            engine = "sim",
            message_id = id,
            text,
            "[simulated] message body"
        );
        self.mail_changed.notify_waiters();
        Ok(id)
    }
}
