//! Profiles: an account's about text (`<iq xmlns="status">`, read back through usync's
//! `<status>`), its picture (`<iq xmlns="w:profile:picture">`, set, removed, or read by
//! anyone as a URL) and, for a business, its profile (`<iq xmlns="w:biz">`). A new about text
//! or picture is announced to every other account's online devices with a
//! `<notification type="status|picture">`, as WhatsApp announces it to contacts.

use std::collections::HashMap;

use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Jid, JidExt, Node, NodeContent};

use super::accounts::{phone_of, DeviceAddr};
use super::connection::attr;
use super::{LoopbackServer, Out, State, World};

/// A business account's public profile, as a test sets it.
#[derive(Debug, Clone, Default)]
pub struct LoopbackBusiness {
    pub description: String,
    pub email: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
    pub category: Option<String>,
}

#[derive(Default)]
pub(crate) struct Profile {
    pub about: Option<String>,
    /// The picture's id and bytes.
    pub picture: Option<(u64, Vec<u8>)>,
    pub business: Option<LoopbackBusiness>,
}

/// By phone number, or by group id for a group's picture.
pub(crate) type Profiles = HashMap<String, Profile>;

fn now() -> String {
    whatsapp_rust::wacore::time::now_secs().to_string()
}

/// The usync `<status>` of an account, when it has an about text.
pub(crate) fn status(state: &State, phone: &str) -> Option<Node> {
    let about = state.profiles.get(phone)?.about.clone()?;
    Some(NodeBuilder::new("status").string_content(about).build())
}

/// Sends `node` to every online device except those of `owner`.
fn announce(state: &State, owner: &str, node: Node) {
    for (addr, device) in &state.devices {
        if addr.phone == owner || addr.device == 0 {
            continue;
        }
        if let Some(conn) = device.conn.and_then(|c| state.conns.get(&c)) {
            let _ = conn.tx.send(Out::Send(node.clone()));
        }
    }
}

fn notification(kind: &str, from: &str, children: Vec<Node>) -> Node {
    let mut n = NodeBuilder::new("notification")
        .attr("type", kind.to_string())
        .attr("from", Jid::pn(from.to_string()))
        .attr("id", format!("{:016X}", rand::random::<u64>()))
        .attr("t", now());
    if !children.is_empty() {
        n = n.children(children);
    }
    n.build()
}

/// `<iq xmlns="status" type="set"><status>text</status></iq>`: the account's about text.
pub(crate) fn set_status(world: &World, from: &DeviceAddr, node: &Node) -> Vec<Node> {
    let text = node
        .get_optional_child("status")
        .and_then(|s| match &s.content {
            Some(NodeContent::String(t)) => Some(t.to_string()),
            Some(NodeContent::Bytes(b)) => Some(String::from_utf8_lossy(b).into_owned()),
            _ => None,
        })
        .unwrap_or_default();
    let mut state = world.lock();
    state.profiles.entry(from.phone.clone()).or_default().about = Some(text.clone());
    let set = NodeBuilder::new("set").string_content(text).build();
    announce(
        &state,
        &from.phone,
        notification("status", &from.phone, vec![set]),
    );
    Vec::new()
}

fn url(host: &str, owner: &str, id: u64) -> String {
    format!("https://{host}/v/t61/pp/{owner}/{id}.jpg")
}

/// `w:profile:picture`: `get` (with `target`) answers the picture's URL or 404; `set` with a
/// `<picture>` sets one's own picture, without removes it.
pub(crate) fn picture(
    world: &World,
    from: &DeviceAddr,
    node: &Node,
) -> Result<Vec<Node>, (u16, &'static str)> {
    let mut state = world.lock();
    if attr(node, "type").as_deref() == Some("get") {
        let target = node
            .attrs()
            .optional_jid("target")
            .ok_or((400, "bad-request"))?;
        let owner = if target.is_group() {
            target.user.to_string()
        } else {
            phone_of(&state, &target).ok_or((404, "item-not-found"))?
        };
        let (id, _) = state
            .profiles
            .get(&owner)
            .and_then(|p| p.picture.as_ref())
            .ok_or((404, "item-not-found"))?;
        let link = url(&world.media.host, &owner, *id);
        return Ok(vec![NodeBuilder::new("picture")
            .attr("id", id.to_string())
            .attr("type", "image")
            .attr("url", link)
            .attr("direct_path", format!("/v/t61/pp/{owner}/{id}.jpg"))
            .build()]);
    }
    // Only one's own picture here; groups' pictures are not modelled.
    if node.attrs().optional_jid("target").is_some() {
        return Err((403, "forbidden"));
    }
    let bytes = node
        .get_optional_child("picture")
        .and_then(|p| match &p.content {
            Some(NodeContent::Bytes(b)) => Some(b.to_vec()),
            _ => None,
        })
        .filter(|b| !b.is_empty());
    let me = from.phone.clone();
    match bytes {
        Some(bytes) => {
            let id = rand::random::<u32>() as u64;
            state.profiles.entry(me.clone()).or_default().picture = Some((id, bytes));
            let set = NodeBuilder::new("set")
                .attr("jid", Jid::pn(me.clone()))
                .attr("id", id.to_string())
                .build();
            announce(&state, &me, notification("picture", &me, vec![set]));
            Ok(vec![NodeBuilder::new("picture")
                .attr("id", id.to_string())
                .build()])
        }
        None => {
            state.profiles.entry(me.clone()).or_default().picture = None;
            let delete = NodeBuilder::new("delete")
                .attr("jid", Jid::pn(me.clone()))
                .build();
            announce(&state, &me, notification("picture", &me, vec![delete]));
            Ok(Vec::new())
        }
    }
}

/// `w:biz` `<business_profile><profile jid>`: the profile of a business, nothing otherwise.
pub(crate) fn business(world: &World, node: &Node) -> Vec<Node> {
    let state = world.lock();
    let Some(jid) = node
        .get_optional_child("business_profile")
        .and_then(|b| b.get_optional_child("profile"))
        .and_then(|p| p.attrs().optional_jid("jid"))
    else {
        return Vec::new();
    };
    let Some(phone) = phone_of(&state, &jid) else {
        return Vec::new();
    };
    let Some(biz) = state.profiles.get(&phone).and_then(|p| p.business.clone()) else {
        return vec![NodeBuilder::new("business_profile").build()];
    };
    // As bytes, as WhatsApp sends text: a string with an `@` (an e-mail address) would be
    // packed as a JID otherwise.
    let text = |tag: &'static str, value: &str| {
        NodeBuilder::new(tag)
            .bytes(value.as_bytes().to_vec())
            .build()
    };
    let mut children = vec![text("description", &biz.description)];
    if let Some(e) = &biz.email {
        children.push(text("email", e));
    }
    if let Some(w) = &biz.website {
        children.push(text("website", w));
    }
    if let Some(a) = &biz.address {
        children.push(text("address", a));
    }
    if let Some(c) = &biz.category {
        children.push(
            NodeBuilder::new("categories")
                .children([NodeBuilder::new("category")
                    .attr("id", "1")
                    .bytes(c.as_bytes().to_vec())
                    .build()])
                .build(),
        );
    }
    vec![NodeBuilder::new("business_profile")
        .attr("v", "244")
        .children([NodeBuilder::new("profile")
            .attr("jid", Jid::pn(phone))
            .children(children)
            .build()])
        .build()]
}

impl LoopbackServer {
    /// Makes the account of `phone` a WhatsApp Business account with this profile.
    pub fn set_business(&self, phone: &str, business: LoopbackBusiness) {
        let mut state = self.world.lock();
        state
            .profiles
            .entry(phone.to_string())
            .or_default()
            .business = Some(business);
    }

    /// The account's about text, as the server keeps it.
    pub fn about(&self, phone: &str) -> Option<String> {
        self.world.lock().profiles.get(phone)?.about.clone()
    }

    /// The bytes of the account's picture, as the server keeps them.
    pub fn picture(&self, phone: &str) -> Option<Vec<u8>> {
        let state = self.world.lock();
        state
            .profiles
            .get(phone)?
            .picture
            .as_ref()
            .map(|(_, b)| b.clone())
    }
}
