//! Faults a test turns on to see real clients recover from them, as they must from what
//! WhatsApp's servers and other people's phones do to them: a ciphertext that fails its MAC
//! check, a one-time pre-key handed out twice.

use std::collections::HashSet;

use whatsapp_rust::wacore_binary::{Node, NodeContent};

use super::connection::attr;
use super::LoopbackServer;

#[derive(Default)]
pub(crate) struct Faults {
    /// Accounts whose next `<enc type="msg">` arrives with one byte of its MAC flipped.
    corrupt_next: HashSet<String>,
    /// Accounts whose bundles keep handing out the same one-time pre-key.
    reuse_prekeys: HashSet<String>,
    /// How many `<enc>` were corrupted so far.
    pub corrupted: usize,
    /// How many retry receipts the relay carried back to a sender.
    pub retry_receipts: usize,
}

impl Faults {
    /// Breaks the MAC of `enc` when a fault for `phone` is pending (once per fault).
    pub fn corrupt(&mut self, phone: &str, enc: &mut Node) {
        let established = attr(enc, "type").as_deref() == Some("msg");
        if !established || !self.corrupt_next.remove(phone) {
            return;
        }
        // A Signal message ends with its 8-byte MAC: the ciphertext still parses, and the
        // receiver's check fails as it does for a real bad MAC.
        if let Some(NodeContent::Bytes(bytes)) = enc.content.as_mut() {
            if let Some(last) = bytes.last_mut() {
                *last ^= 0x5a;
                self.corrupted += 1;
            }
        }
    }

    pub fn reuses_prekeys(&self, phone: &str) -> bool {
        self.reuse_prekeys.contains(phone)
    }
}

impl LoopbackServer {
    /// The next established-session message to a device of `phone` arrives with a bad MAC.
    pub fn corrupt_next_message_to(&self, phone: &str) {
        self.world
            .lock()
            .faults
            .corrupt_next
            .insert(phone.to_string());
    }

    /// From now on, every bundle fetched for `phone`'s devices offers the same one-time
    /// pre-key, so the second sender to use it finds it already consumed.
    pub fn reuse_prekeys_of(&self, phone: &str) {
        self.world
            .lock()
            .faults
            .reuse_prekeys
            .insert(phone.to_string());
    }

    /// How many messages were corrupted on the way so far.
    pub fn corrupted(&self) -> usize {
        self.world.lock().faults.corrupted
    }

    /// How many retry receipts (a device asking its sender to encrypt again) were relayed.
    pub fn retry_receipts(&self) -> usize {
        self.world.lock().faults.retry_receipts
    }
}
