//! Blocking on the simulated network: each account keeps a blocklist (as WhatsApp keeps one
//! per account, shared by its linked devices), and a blocked contact's messages are dropped
//! before they reach the account's mailbox.

use gerbang_core::engine::EngineResult;
use gerbang_core::jid::{Jid, Phone};

use crate::messaging::sim_lid;
use crate::state::{Inner, State};

impl State {
    /// Whether `account` blocked `sender`, by number or by LID.
    pub fn blocks(&self, account: &Phone, sender: &Phone) -> bool {
        self.blocked.get(account).is_some_and(|list| {
            list.contains(sender.jid().as_str()) || list.contains(sim_lid(sender).as_str())
        })
    }
}

impl Inner {
    pub fn set_blocked(&self, device_id: &str, contact: &Jid, blocked: bool) -> EngineResult<()> {
        let link = self.connected(device_id)?;
        let mut st = self.lock();
        let list = st.blocked.entry(link.phone).or_default();
        if blocked {
            list.insert(contact.to_string());
        } else {
            list.remove(contact.as_str());
        }
        tracing::info!(engine = "sim", device_id, contact = %contact, blocked, "[simulated] blocklist changed");
        Ok(())
    }

    pub fn blocklist(&self, device_id: &str) -> EngineResult<Vec<Jid>> {
        let link = self.connected(device_id)?;
        let st = self.lock();
        Ok(st
            .blocked
            .get(&link.phone)
            .map(|list| list.iter().filter_map(|j| Jid::parse(j).ok()).collect())
            .unwrap_or_default())
    }
}
