//! Presence and chat states, relayed as WhatsApp does. An account's `<presence type=available>`
//! (or `unavailable`, with the time it was last seen) goes to the devices that subscribed to it
//! with `<presence type="subscribe" to=…>`; a subscriber is told the current state at once.
//! A `<chatstate to=…>` goes to every connected device of the person, or of each other member
//! of a group. Neither is queued: a device that is away misses them, as on WhatsApp.

use std::collections::HashMap;

use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Jid, JidExt, Node};

use super::accounts::{phone_of, DeviceAddr};
use super::connection::attr;
use super::{Out, State, World};

#[derive(Default)]
pub(crate) struct Presence {
    /// Per account (phone number): available or not, and when last seen (unix seconds).
    current: HashMap<String, (bool, u64)>,
    /// Per account: the devices subscribed to it, with the address they subscribed by.
    subscribers: HashMap<String, Vec<(DeviceAddr, Jid)>>,
}

fn now() -> u64 {
    whatsapp_rust::wacore::time::now_secs() as u64
}

/// Sends to the device's open connection, if it has one.
fn push(state: &State, to: &DeviceAddr, node: Node) {
    if let Some(conn) = state
        .devices
        .get(to)
        .and_then(|d| d.conn)
        .and_then(|c| state.conns.get(&c))
    {
        let _ = conn.tx.send(Out::Send(node));
    }
}

fn update(from: &Jid, available: bool, last: u64) -> Node {
    let node = NodeBuilder::new("presence").attr("from", from.clone());
    if available {
        node.build()
    } else {
        node.attr("type", "unavailable")
            .attr("last", last.to_string())
            .build()
    }
}

/// A `<presence>` stanza from a logged-in device.
pub(crate) fn presence(world: &World, from: &DeviceAddr, node: &Node) {
    let kind = attr(node, "type").unwrap_or_default();
    let mut state = world.lock();
    match kind.as_str() {
        "subscribe" => {
            let Some(target) = node.attrs().optional_jid("to") else {
                return;
            };
            let Some(phone) = phone_of(&state, &target) else {
                return;
            };
            let target = target.to_non_ad();
            let subs = state.presence.subscribers.entry(phone.clone()).or_default();
            subs.retain(|(addr, _)| addr != from);
            subs.push((from.clone(), target.clone()));
            if let Some(&(available, last)) = state.presence.current.get(&phone) {
                push(&state, from, update(&target, available, last));
            }
        }
        "unsubscribe" => {
            let phone = node
                .attrs()
                .optional_jid("to")
                .and_then(|t| phone_of(&state, &t));
            if let Some(subs) = phone.and_then(|p| state.presence.subscribers.get_mut(&p)) {
                subs.retain(|(addr, _)| addr != from);
            }
        }
        "available" | "unavailable" => {
            let available = kind == "available";
            let last = now();
            state
                .presence
                .current
                .insert(from.phone.clone(), (available, last));
            let subs = state
                .presence
                .subscribers
                .get(&from.phone)
                .cloned()
                .unwrap_or_default();
            for (addr, by) in subs {
                push(&state, &addr, update(&by, available, last));
            }
        }
        _ => {}
    }
}

/// A `<chatstate to=…>` from a logged-in device: to the person's devices, or in a group to
/// every other member's, with the author as `participant`.
pub(crate) fn chatstate(world: &World, from: &DeviceAddr, node: &Node) {
    let Some(to) = node.attrs().optional_jid("to") else {
        return;
    };
    let children: Vec<Node> = node.children().map(|c| c.to_vec()).unwrap_or_default();
    let state = world.lock();
    let sender = Jid::pn(from.phone.clone());
    let (phones, stanza) = if to.is_group() {
        let Some(group) = state.groups.get(to.user.as_str()) else {
            return;
        };
        let phones: Vec<String> = group.roles().into_iter().map(|(p, _)| p).collect();
        if !phones.contains(&from.phone) {
            return;
        }
        let stanza = NodeBuilder::new("chatstate")
            .attr("from", to.to_non_ad())
            .attr("participant", sender);
        (phones, stanza)
    } else {
        let Some(phone) = phone_of(&state, &to) else {
            return;
        };
        (
            vec![phone],
            NodeBuilder::new("chatstate").attr("from", sender),
        )
    };
    let stanza = stanza.children(children).build();
    for (addr, _) in state.devices.iter().filter(|(addr, d)| {
        phones.contains(&addr.phone) && addr.phone != from.phone && d.conn.is_some()
    }) {
        push(&state, addr, stanza.clone());
    }
}

/// The account's name, told to a device as it logs in (WhatsApp does through app state or an
/// `account_sync`): whatsapp-rust sends no presence until it knows the name.
pub(crate) fn push_name(phone: &str) -> Node {
    NodeBuilder::new("notification")
        .attr("type", "account_sync")
        .attr("from", "s.whatsapp.net")
        .attr("id", format!("pushname-{phone}-{}", now()))
        .attr("t", now().to_string())
        .attr("pushname", format!("Loopback {phone}"))
        .build()
}
