//! The directory: which devices an account has (usync), and the pre-keys each device uploaded
//! so that others can open Signal sessions with it. Only devices that uploaded keys are listed:
//! a device nobody can encrypt to must not be promised to senders.

use whatsapp_rust::buffa::Message as _;
use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Jid, Node, NodeContent};
use whatsapp_rust::waproto::whatsapp as wa;

use super::accounts::{phone_of, DeviceAddr, Keys};
use super::connection::attr;
use super::{State, World};

fn bytes(node: Option<&Node>) -> Vec<u8> {
    match node.and_then(|n| n.content.as_ref()) {
        Some(NodeContent::Bytes(b)) => b.clone(),
        _ => Vec::new(),
    }
}

/// `<iq xmlns="encrypt">`: pre-key count, upload, signed pre-key rotation, bundle fetch.
pub(crate) fn encrypt(world: &World, from: &DeviceAddr, node: &Node) -> Vec<Node> {
    let mut state = world.lock();
    if node.get_optional_child("count").is_some() {
        let count = state
            .devices
            .get(from)
            .and_then(|d| d.keys.as_ref())
            .map_or(0, |k| k.one_time.len());
        return vec![NodeBuilder::new("count")
            .attr("value", count.to_string())
            .build()];
    }
    if node.get_optional_child("registration").is_some() {
        let one_time = node
            .get_optional_child("list")
            .and_then(|l| l.children())
            .unwrap_or_default()
            .to_vec();
        let keys = Keys {
            registration: bytes(node.get_optional_child("registration")),
            identity: bytes(node.get_optional_child("identity")),
            signed: node.get_optional_child("skey").cloned().unwrap_or_default(),
            one_time: one_time.into(),
        };
        let mut first = false;
        if let Some(device) = state.devices.get_mut(from) {
            match &mut device.keys {
                // A top-up keeps the identity and adds one-time keys.
                Some(existing) if existing.identity == keys.identity => {
                    existing.signed = keys.signed;
                    existing.one_time.extend(keys.one_time);
                }
                slot => {
                    *slot = Some(keys);
                    first = true;
                }
            }
        }
        super::keys::uploaded(&mut state, from);
        // A companion's first keys: its phone can now write to it.
        if first {
            super::phone::linked(world, &mut state, from);
        }
        return Vec::new();
    }
    if let Some(rotate) = node.get_optional_child("rotate") {
        if let (Some(skey), Some(keys)) = (
            rotate.get_optional_child("skey"),
            state.devices.get_mut(from).and_then(|d| d.keys.as_mut()),
        ) {
            keys.signed = skey.clone();
        }
        return Vec::new();
    }
    if let Some(key) = node.get_optional_child("key") {
        let users = key
            .get_children_by_tag("user")
            .filter_map(|u| u.attrs().optional_jid("jid"))
            .map(|jid| bundle(&mut state, &jid))
            .collect::<Vec<_>>();
        return vec![NodeBuilder::new("list").children(users).build()];
    }
    Vec::new()
}

/// One device's bundle, taking one of its one-time pre-keys; an `<error>` when it has none.
pub(crate) fn bundle(state: &mut State, jid: &Jid) -> Node {
    let user = NodeBuilder::new("user").attr("jid", jid.clone());
    let phone = phone_of(state, jid).unwrap_or_default();
    let reuse = state.faults.reuses_prekeys(&phone);
    let addr = DeviceAddr::new(&phone, jid.device);
    let Some(device) = state.devices.get_mut(&addr) else {
        return user.children([error(404)]).build();
    };
    let identity = device.identity.clone();
    let Some(keys) = device.keys.as_mut() else {
        return user.children([error(404)]).build();
    };
    let mut children = vec![
        NodeBuilder::new("registration")
            .bytes(keys.registration.clone())
            .build(),
        NodeBuilder::new("type").bytes(vec![5u8]).build(),
        NodeBuilder::new("identity")
            .bytes(keys.identity.clone())
            .build(),
        keys.signed.clone(),
    ];
    let one_time = if reuse {
        keys.one_time.front().cloned()
    } else {
        keys.one_time.pop_front()
    };
    if let Some(one_time) = one_time {
        children.push(one_time);
    }
    if let Some(identity) = identity {
        children.push(NodeBuilder::new("device-identity").bytes(identity).build());
    }
    let left = keys.one_time.len();
    super::keys::fetched(state, &addr, left);
    user.children(children).build()
}

fn error(code: u16) -> Node {
    NodeBuilder::new("error")
        .attr("code", code.to_string())
        .build()
}

/// `<iq xmlns="usync">`: for each user asked about, whichever of the device list and contact
/// status the query wants.
pub(crate) fn usync(world: &World, node: &Node) -> Vec<Node> {
    let Some(usync) = node.get_optional_child("usync") else {
        return Vec::new();
    };
    let query = usync.get_optional_child("query");
    let wants = |tag: &str| query.and_then(|q| q.get_optional_child(tag)).is_some();
    let state = world.lock();
    let users = usync
        .get_optional_child("list")
        .map(|l| l.get_children_by_tag("user").collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|user| {
            // Asked by JID, or by phone number (`<contact>+62…</contact>`).
            let asked = user.attrs().optional_jid("jid");
            let phone = match &asked {
                Some(jid) => phone_of(&state, jid),
                None => user
                    .get_optional_child("contact")
                    .and_then(|c| c.content_as_string())
                    .map(|c| c.chars().filter(char::is_ascii_digit).collect()),
            }
            .unwrap_or_default();
            // The answer names the user as asked: a LID query gets its devices under the LID.
            let named = asked
                .filter(|j| j.is_lid())
                .map(|j| j.to_non_ad())
                .unwrap_or_else(|| Jid::pn(phone.clone()));
            let devices = listed(&state, &phone);
            let mut children = Vec::new();
            if wants("devices") {
                children.push(device_list(&state, &phone, &devices));
            }
            if wants("contact") {
                let kind = if devices.is_empty() { "out" } else { "in" };
                children.push(NodeBuilder::new("contact").attr("type", kind).build());
            }
            // The number check asks for the LID with the contact status.
            if let (true, false, Some(account)) =
                (wants("lid"), devices.is_empty(), state.accounts.get(&phone))
            {
                let lid = Jid::lid(account.signer.lid.clone());
                children.push(NodeBuilder::new("lid").attr("val", lid).build());
            }
            if wants("status") {
                children.extend(super::profiles::status(&state, &phone));
            }
            NodeBuilder::new("user")
                .attr("jid", named)
                .children(children)
                .build()
        })
        .collect::<Vec<_>>();
    let mut answer = NodeBuilder::new("usync");
    for key in ["sid", "mode", "context", "index", "last"] {
        if let Some(value) = attr(usync, key) {
            answer = answer.attr(key, value);
        }
    }
    vec![answer
        .children([NodeBuilder::new("list").children(users).build()])
        .build()]
}

/// The account's devices that can be written to, in order.
fn listed(state: &State, phone: &str) -> Vec<u16> {
    let mut devices: Vec<u16> = state
        .devices
        .iter()
        .filter(|(addr, d)| addr.phone == phone && d.keys.is_some())
        .map(|(addr, _)| addr.device)
        .collect();
    devices.sort();
    devices
}

/// `<devices>` with the device list and the account's signed list of valid key indexes (a
/// companion's key index is its device number, see [`crate::pairing::pair_success_as`]).
fn device_list(state: &State, phone: &str, devices: &[u16]) -> Node {
    let entries = devices.iter().map(|&d| {
        let device = NodeBuilder::new("device").attr("id", d.to_string());
        if d == 0 {
            device.build()
        } else {
            device.attr("key-index", d.to_string()).build()
        }
    });
    let mut children = vec![NodeBuilder::new("device-list").children(entries).build()];
    if let Some(account) = state.accounts.get(phone) {
        let now = whatsapp_rust::wacore::time::now_secs() as u64;
        let indexes: Vec<u32> = devices.iter().map(|&d| d as u32).collect();
        let details = wa::ADVKeyIndexList {
            raw_id: Some(account.signer.raw_id),
            timestamp: Some(now),
            current_index: indexes.iter().copied().max(),
            valid_indexes: indexes,
            ..Default::default()
        }
        .encode_to_vec();
        let signed = wa::ADVSignedKeyIndexList {
            details: Some(details),
            ..Default::default()
        }
        .encode_to_vec();
        children.push(
            NodeBuilder::new("key-index-list")
                .attr("ts", now.to_string())
                .bytes(signed)
                .build(),
        );
    }
    NodeBuilder::new("devices").children(children).build()
}
