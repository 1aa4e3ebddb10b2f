//! Status updates (stories): a `<message to="status@broadcast">` is a sender-key message like a
//! group's, addressed by LID. Its audience is whoever the poster distributed the key to; the
//! server remembers them, since a later post names only the devices that still need the key.

use std::collections::{HashMap, HashSet};

use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Jid, Node};

use super::accounts::{lid_of, phone_of, DeviceAddr};
use super::connection::attr;
use super::phone::now;
use super::{relay, World};

/// Each poster's audience: the devices it ever gave its status sender key to.
#[derive(Default)]
pub(crate) struct Audiences {
    by_poster: HashMap<String, HashSet<DeviceAddr>>,
    /// Status posts relayed, for tests.
    pub posts: usize,
}

pub(crate) fn message(world: &World, from: &DeviceAddr, node: &Node, send: &dyn Fn(Node)) {
    let id = attr(node, "id").unwrap_or_default();
    let mut state = world.lock();
    let mut own: Vec<(DeviceAddr, Vec<Node>)> = relay::participants(node)
        .into_iter()
        .filter_map(|(jid, encs)| {
            Some((DeviceAddr::new(&phone_of(&state, &jid)?, jid.device), encs))
        })
        .collect();
    let shared: Vec<Node> = node
        .children()
        .unwrap_or_default()
        .iter()
        .filter(|c| c.tag != "participants")
        .cloned()
        .collect();
    let audience = state
        .status_audiences
        .by_poster
        .entry(from.phone.clone())
        .or_default();
    audience.extend(own.iter().map(|(a, _)| a.clone()));
    let mut targets: Vec<DeviceAddr> = audience.iter().filter(|a| *a != from).cloned().collect();
    targets.sort_by(|a, b| (&a.phone, a.device).cmp(&(&b.phone, b.device)));
    state.status_audiences.posts += 1;
    let poster_lid = lid_of(&from.phone);
    for target in targets {
        let mut out = NodeBuilder::new("message")
            .attr("from", Jid::status_broadcast())
            .attr(
                "participant",
                Jid::lid_device(poster_lid.clone(), from.device),
            )
            .attr("participant_pn", Jid::pn(from.phone.clone()))
            .attr("id", id.clone())
            .attr("t", now())
            .attr("addressing_mode", "lid");
        for key in ["type", "category"] {
            if let Some(value) = attr(node, key) {
                out = out.attr(key, value);
            }
        }
        let mut children: Vec<Node> = Vec::new();
        if let Some(i) = own.iter().position(|(a, _)| *a == target) {
            children.extend(own.swap_remove(i).1);
        }
        children.extend(shared.iter().filter(|c| c.tag != "meta").cloned());
        relay::deliver(&mut state, &target, out.children(children).build());
    }
    drop(state);
    send(
        NodeBuilder::new("ack")
            .attr("class", "message")
            .attr("id", id)
            .attr("from", Jid::status_broadcast())
            .attr("t", now())
            .build(),
    );
}
