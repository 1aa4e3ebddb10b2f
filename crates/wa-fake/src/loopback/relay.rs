//! The relay: a `<message>` is cut into one stanza per addressed device (each gets only its
//! own `<enc>`), queued for that device until its receipt or ack names it, and sent at once
//! when the device is online; receipts travel back to the sender's devices the same way.
//! A device coming back (`<active/>`) gets its whole queue, oldest first, then the end of the
//! offline backlog.

use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Jid, JidExt, Node};

use super::accounts::{phone_of, DeviceAddr};
use super::connection::attr;
use super::{Out, State, World};

fn now() -> String {
    whatsapp_rust::wacore::time::now_secs().to_string()
}

/// Queues `node` for `to` and sends it now if `to` is online and active.
pub(crate) fn deliver(state: &mut State, to: &DeviceAddr, node: Node) {
    // The phone is not a connection: it takes what reaches it at once.
    if to.device == 0 && state.phones.contains_key(&to.phone) {
        return super::phone::receive(state, to, node);
    }
    let Some(device) = state.devices.get_mut(to) else {
        return;
    };
    device.queue.push_back(node.clone());
    if !device.active {
        return;
    }
    if let Some(conn) = device.conn.and_then(|c| state.conns.get(&c)) {
        let _ = conn.tx.send(Out::Send(node));
    }
}

/// The device asked for live delivery: everything it has not acknowledged, then the end of
/// the offline backlog.
pub(crate) fn activate(world: &World, addr: &DeviceAddr) {
    let mut state = world.lock();
    let Some(device) = state.devices.get_mut(addr) else {
        return;
    };
    device.active = true;
    let backlog: Vec<Node> = device.queue.iter().cloned().collect();
    let Some(conn) = device.conn.and_then(|c| state.conns.get(&c)) else {
        return;
    };
    let count = backlog.len();
    for node in backlog {
        let _ = conn.tx.send(Out::Send(node));
    }
    let done = NodeBuilder::new("ib")
        .attr("from", "s.whatsapp.net")
        .children([NodeBuilder::new("offline")
            .attr("count", count.to_string())
            .build()])
        .build();
    let _ = conn.tx.send(Out::Send(done));
}

/// A `<message>` from `from`: one stanza per `<participants><to jid>`, and the server's ack.
pub(crate) fn message(world: &World, from: &DeviceAddr, node: &Node, send: &dyn Fn(Node)) {
    let id = attr(node, "id").unwrap_or_default();
    let Some(to) = node.attrs().optional_jid("to") else {
        return;
    };
    if to.is_group() {
        return super::group_relay::message(world, from, node, &to, send);
    }
    if to.is_status_broadcast() {
        return super::status_relay::message(world, from, node, send);
    }
    let mut state = world.lock();
    let shared: Vec<Node> = node
        .children()
        .unwrap_or_default()
        .iter()
        .filter(|c| c.tag != "participants" && c.tag != "enc")
        .cloned()
        .collect();
    let targets: Vec<(Jid, Vec<Node>)> = match node.get_optional_child("participants") {
        Some(_) => participants(node),
        // A resend after a retry receipt goes to the one device that asked, its `<enc>`
        // directly under the message.
        None => {
            let encs: Vec<Node> = node.get_children_by_tag("enc").cloned().collect();
            vec![(to.clone(), encs)]
        }
    };
    let to_phone = phone_of(&state, &to).unwrap_or_default();
    for (jid, mut encs) in targets {
        let Some(phone) = phone_of(&state, &jid) else {
            continue;
        };
        // The recipient blocked the sender: acknowledged, never delivered.
        if state.blocklists.blocks(&phone, &from.phone) {
            state.blocklists.withheld += 1;
            continue;
        }
        for enc in &mut encs {
            state.faults.corrupt(&phone, enc);
        }
        let target = DeviceAddr::new(&phone, jid.device);
        let mut out = super::lid::sender(&state, from, NodeBuilder::new("message"))
            .attr("id", id.clone())
            .attr("t", now());
        for key in ["type", "edit", "category"] {
            if let Some(value) = attr(node, key) {
                out = out.attr(key, value);
            }
        }
        // A copy for the sender's own other devices names the chat it belongs to.
        if phone == from.phone {
            out = out.attr("recipient", Jid::pn(to_phone.clone()));
        }
        let children: Vec<Node> = encs.into_iter().chain(shared.iter().cloned()).collect();
        deliver(&mut state, &target, out.children(children).build());
    }
    drop(state);
    send(
        NodeBuilder::new("ack")
            .attr("class", "message")
            .attr("id", id)
            .attr("from", to.to_non_ad())
            .attr("t", now())
            .build(),
    );
}

/// Each device a `<message>` names under `<participants>`, with what was encrypted for it
/// alone (its `<enc>`, a sender-key distribution).
pub(crate) fn participants(node: &Node) -> Vec<(Jid, Vec<Node>)> {
    node.get_optional_child("participants")
        .map(|p| {
            p.get_children_by_tag("to")
                .filter_map(|t| {
                    let jid = t.attrs().optional_jid("jid")?;
                    Some((jid, t.children().unwrap_or_default().to_vec()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The ids a receipt or ack names: its `id` and any `<list><item id>`.
fn ids(node: &Node) -> Vec<String> {
    let mut ids: Vec<String> = attr(node, "id").into_iter().collect();
    if let Some(list) = node.get_optional_child("list") {
        ids.extend(
            list.get_children_by_tag("item")
                .filter_map(|i| attr(i, "id")),
        );
    }
    ids
}

/// A `<receipt>` from `from`: it settles the messages it names in `from`'s queue and goes to
/// the devices of the account it is addressed to.
pub(crate) fn receipt(world: &World, from: &DeviceAddr, node: &Node, send: &dyn Fn(Node)) {
    let named = ids(node);
    let kind = attr(node, "type");
    let mut state = world.lock();
    if let Some(device) = state.devices.get_mut(from) {
        device.queue.retain(|queued| {
            !(queued.tag == "message" && attr(queued, "id").is_some_and(|i| named.contains(&i)))
        });
    }
    let to = node.attrs().optional_jid("to");
    // A receipt about the sender's own copy ("sender"), or from a passive device, tells the
    // other side nothing.
    let relayed = !matches!(kind.as_deref(), Some("sender" | "inactive" | "peer_msg"));
    if let (Some(to), true) = (&to, relayed) {
        // About a group message: it goes to the author (`participant`), naming the reader.
        let group = to.is_group();
        let author = if group {
            node.attrs().optional_jid("participant")
        } else {
            Some(to.clone())
        };
        let phone = author
            .as_ref()
            .and_then(|a| phone_of(&state, a))
            .unwrap_or_default();
        let mut out = NodeBuilder::new("receipt").attr("t", now());
        out = if group && kind.as_deref() == Some("retry") {
            // The author re-encrypts for exactly the member device that could not decrypt.
            out.attr("from", to.to_non_ad())
                .attr("participant", from.jid())
        } else if group {
            out.attr("from", to.to_non_ad())
                .attr("participant", Jid::pn(from.phone.clone()))
        } else if kind.as_deref() == Some("retry") {
            // The sender re-encrypts for exactly the device that could not decrypt.
            out.attr("from", from.jid())
        } else {
            out.attr("from", Jid::pn(from.phone.clone()))
        };
        for key in ["id", "type", "participant"] {
            if group && key == "participant" {
                continue;
            }
            if let Some(value) = attr(node, key) {
                out = out.attr(key, value);
            }
        }
        let out = out
            .children(node.children().unwrap_or_default().to_vec())
            .build();
        // A retry asks one device (the sender's) to send again; the rest go to the account.
        let targets: Vec<DeviceAddr> = if kind.as_deref() == Some("retry") {
            let device = author.as_ref().map_or(0, |a| a.device);
            state.faults.retry_receipts += 1;
            vec![DeviceAddr::new(&phone, device)]
        } else {
            state
                .devices
                .keys()
                .filter(|a| a.phone == phone && *a != from)
                .cloned()
                .collect()
        };
        for target in targets {
            deliver(&mut state, &target, out.clone());
        }
    }
    drop(state);
    let mut ack = NodeBuilder::new("ack")
        .attr("class", "receipt")
        .attr("id", attr(node, "id").unwrap_or_default())
        .attr("t", now());
    if let Some(to) = to {
        ack = ack.attr("from", to.to_non_ad());
    }
    if let Some(kind) = kind {
        ack = ack.attr("type", kind);
    }
    send(ack.build());
}

/// An `<ack>` from a device settles the stanza of that class and id in its queue.
pub(crate) fn ack(world: &World, from: &DeviceAddr, node: &Node) {
    let class = attr(node, "class").unwrap_or_default();
    let id = attr(node, "id").unwrap_or_default();
    let kind = attr(node, "type");
    let mut state = world.lock();
    if let Some(device) = state.devices.get_mut(from) {
        device.queue.retain(|queued| {
            let same = queued.tag == class.as_str()
                && attr(queued, "id").as_deref() == Some(id.as_str())
                && (kind.is_none() || attr(queued, "type") == kind);
            !same
        });
    }
}
