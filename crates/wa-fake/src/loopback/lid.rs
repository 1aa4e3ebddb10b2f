//! Addressing by LID, as WhatsApp does more and more: an account's messages reach others from
//! its LID (`…@lid`), with its phone number beside it in `sender_pn`.

use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::Jid;

use super::accounts::{lid_of, DeviceAddr};
use super::{LoopbackServer, State};

/// The `from` of a message relayed from `from`: its LID device JID and `sender_pn` when its
/// account is addressed by LID, its phone-number device JID otherwise.
pub(crate) fn sender(state: &State, from: &DeviceAddr, out: NodeBuilder) -> NodeBuilder {
    if !state.lid_senders.contains(&from.phone) {
        return out.attr("from", from.jid());
    }
    out.attr("from", Jid::lid_device(lid_of(&from.phone), from.device))
        .attr("sender_pn", Jid::pn(from.phone.clone()))
}

impl LoopbackServer {
    /// The LID of the account of `phone`.
    pub fn lid_of(&self, phone: &str) -> String {
        lid_of(phone)
    }

    /// From now on, messages from the account of `phone` reach others from its LID.
    pub fn address_by_lid(&self, phone: &str) {
        self.world.lock().lid_senders.insert(phone.to_string());
    }
}
