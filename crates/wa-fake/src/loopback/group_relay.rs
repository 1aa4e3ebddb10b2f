//! Group messages: the sender-key message every member device gets, with its own sender-key
//! distribution when the sender addressed one to it.

use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Jid, Node};

use super::accounts::{phone_of, DeviceAddr};
use super::connection::attr;
use super::groups::{now, Role};
use super::{relay, World};

/// A `<message to="…@g.us">`: the sender-key message (`skmsg`) to every device of every member
/// but the sending one, each with its own sender-key distribution (`pkmsg`/`msg`) when the
/// sender addressed one to it; `participant` names the sender. A resend after a retry receipt
/// (`participant` on the way in) goes only to the device that asked. Refused with an error ack when
/// the group does not exist, the sender is not in it, or only admins may send.
pub(crate) fn message(
    world: &World,
    from: &DeviceAddr,
    node: &Node,
    to: &Jid,
    send: &dyn Fn(Node),
) {
    let id = attr(node, "id").unwrap_or_default();
    let ack = NodeBuilder::new("ack")
        .attr("class", "message")
        .attr("id", id.clone())
        .attr("from", to.to_non_ad())
        .attr("t", now().to_string());
    let mut state = world.lock();
    let phones = match state.groups.get(to.user.as_str()) {
        None => Err("404"),
        Some(g) => match g.role(&from.phone) {
            None => Err("403"),
            Some(Role::Member) if g.announce => Err("403"),
            Some(_) => Ok(g.phones()),
        },
    };
    let phones = match phones {
        Ok(p) => p,
        Err(code) => {
            drop(state);
            send(ack.attr("error", code).build());
            return;
        }
    };
    let mut own = relay::participants(node);
    // The skmsg and whatever else (device identity…) every member gets after its own part.
    let shared: Vec<Node> = node
        .children()
        .unwrap_or_default()
        .iter()
        .filter(|c| c.tag != "participants")
        .cloned()
        .collect();
    let lid = state
        .accounts
        .get(&from.phone)
        .map(|a| a.signer.lid.clone());
    // A resend after a retry receipt names the one member device it was encrypted for.
    let only: Option<DeviceAddr> = node
        .attrs()
        .optional_jid("participant")
        .and_then(|p| Some(DeviceAddr::new(&phone_of(&state, &p)?, p.device)));
    let targets: Vec<DeviceAddr> = state
        .devices
        .iter()
        .filter(|(a, d)| phones.contains(&a.phone) && *a != from && d.keys.is_some())
        .filter(|(a, _)| only.as_ref().is_none_or(|o| o == *a))
        .map(|(a, _)| a.clone())
        .collect();
    for target in targets {
        let mut out = NodeBuilder::new("message")
            .attr("from", to.to_non_ad())
            .attr("participant", from.jid())
            .attr("id", id.clone())
            .attr("t", now().to_string())
            .attr("addressing_mode", "pn");
        if let Some(lid) = &lid {
            out = out.attr("participant_lid", Jid::lid(lid.clone()));
        }
        for key in ["type", "edit", "category"] {
            if let Some(value) = attr(node, key) {
                out = out.attr(key, value);
            }
        }
        let mut children: Vec<Node> = Vec::new();
        if let Some(i) = own.iter().position(|(jid, _)| {
            jid.device == target.device && phone_of(&state, jid).as_deref() == Some(&target.phone)
        }) {
            let mut encs = own.swap_remove(i).1;
            for enc in &mut encs {
                state.faults.corrupt(&target.phone, enc);
            }
            children.extend(encs);
        }
        children.extend(shared.iter().cloned());
        relay::deliver(&mut state, &target, out.children(children).build());
    }
    drop(state);
    send(ack.build());
}
