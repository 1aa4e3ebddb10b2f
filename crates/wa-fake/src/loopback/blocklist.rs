//! Blocklists (`<iq xmlns="blocklist">`): an account blocks another by LID (with its number),
//! reads its list back, unblocks; and, as WhatsApp's servers do, what a blocked sender writes
//! to the blocker is acknowledged to the sender but never delivered.

use std::collections::BTreeMap;

use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Jid, Node};

use super::accounts::{phone_of, DeviceAddr};
use super::connection::attr;
use super::{LoopbackServer, State, World};

/// Each account's blocklist: the blocked account's phone number, with when it was blocked.
#[derive(Default)]
pub(crate) struct Blocklists {
    lists: BTreeMap<String, BTreeMap<String, u64>>,
    /// Messages the relay kept from a blocker.
    pub withheld: usize,
}

impl Blocklists {
    /// Whether the account of `phone` blocked the account of `sender`.
    pub fn blocks(&self, phone: &str, sender: &str) -> bool {
        self.lists
            .get(phone)
            .is_some_and(|list| list.contains_key(sender))
    }
}

/// `get`: the list, each entry by its LID; `set`: one `<item action="block|unblock">`.
pub(crate) fn iq(
    world: &World,
    from: &DeviceAddr,
    node: &Node,
) -> Result<Vec<Node>, (u16, &'static str)> {
    let mut state = world.lock();
    if attr(node, "type").as_deref() == Some("get") {
        let items: Vec<Node> = state
            .blocklists
            .lists
            .get(&from.phone)
            .into_iter()
            .flatten()
            .map(|(phone, t)| {
                let lid = Jid::lid(super::accounts::lid_of(phone));
                NodeBuilder::new("item")
                    .attr("jid", lid)
                    .attr("t", t.to_string())
                    .build()
            })
            .collect();
        return Ok(vec![NodeBuilder::new("list").children(items).build()]);
    }
    let item = node
        .get_optional_child("item")
        .ok_or((400, "bad-request"))?;
    let jid = item
        .attrs()
        .optional_jid("jid")
        .ok_or((400, "bad-request"))?;
    let target = target(&state, &jid).ok_or((404, "item-not-found"))?;
    let list = state
        .blocklists
        .lists
        .entry(from.phone.clone())
        .or_default();
    match attr(item, "action").as_deref() {
        Some("block") => {
            // WhatsApp wants both addresses on a block: a number-only block is refused.
            if jid.is_pn() || item.attrs().optional_jid("pn_jid").is_none() {
                return Err((400, "bad-request"));
            }
            list.insert(target, whatsapp_rust::wacore::time::now_secs() as u64);
        }
        Some("unblock") => {
            list.remove(&target);
        }
        _ => return Err((400, "bad-request")),
    }
    Ok(Vec::new())
}

/// The phone number of the account a blocklist item names (it must exist).
fn target(state: &State, jid: &Jid) -> Option<String> {
    let phone = phone_of(state, jid)?;
    state.accounts.contains_key(&phone).then_some(phone)
}

impl LoopbackServer {
    /// The phone numbers the account of `phone` blocked, in order.
    pub fn blocked_by(&self, phone: &str) -> Vec<String> {
        let state = self.world.lock();
        state
            .blocklists
            .lists
            .get(phone)
            .map(|l| l.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// How many messages the relay kept from an account that blocked their sender.
    pub fn withheld(&self) -> usize {
        self.world.lock().blocklists.withheld
    }
}
