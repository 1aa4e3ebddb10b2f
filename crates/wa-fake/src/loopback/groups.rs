//! Groups, as WhatsApp's `w:g2` service keeps them: a registry of groups (subject, description,
//! creator, members with roles, settings, invite code), the IQs whatsapp-rust sends to read and
//! change them, with WhatsApp's permission rules and per-member answers, and a
//! `<notification type="w:gp2">` to every device of every member for each change (the author's
//! own devices included, as WhatsApp does). Group messages are fanned out by [`super::group_relay`].
//!
//! Groups are phone-number addressed (`addressing_mode="pn"`); LID-addressed groups, communities,
//! join approval and disappearing messages are not modelled.

use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Jid, JidExt, Node, NodeContent};

use super::accounts::{phone_of, DeviceAddr};
use super::connection::attr;
use super::{relay, State, World};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Role {
    Member,
    Admin,
    /// The creator: WhatsApp's "superadmin".
    Owner,
}

pub(crate) struct Group {
    subject: String,
    subject_owner: String,
    subject_time: u64,
    /// The description's id (the token a change must name as `prev`) and its text.
    description: Option<(String, String)>,
    creator: String,
    created: u64,
    /// Phone numbers in the order they joined.
    members: Vec<(String, Role)>,
    pub announce: bool,
    locked: bool,
    /// Whether members who are not admins may add others (`member_add_mode`).
    all_member_add: bool,
    invite: String,
    /// Codes reset since: joining with one is "gone" (410), not "not found".
    revoked: Vec<String>,
}

impl Group {
    pub fn role(&self, phone: &str) -> Option<Role> {
        self.members
            .iter()
            .find(|(p, _)| p == phone)
            .map(|(_, r)| *r)
    }

    pub fn phones(&self) -> Vec<String> {
        self.members.iter().map(|(p, _)| p.clone()).collect()
    }

    pub fn roles(&self) -> Vec<(String, &'static str)> {
        self.members
            .iter()
            .map(|(p, r)| {
                let role = match r {
                    Role::Member => "member",
                    Role::Admin => "admin",
                    Role::Owner => "superadmin",
                };
                (p.clone(), role)
            })
            .collect()
    }

    fn set_role(&mut self, phone: &str, role: Role) {
        if let Some(m) = self.members.iter_mut().find(|(p, _)| p == phone) {
            m.1 = role;
        }
    }
}

/// An IQ refused: WhatsApp's `<error code text>`.
pub(crate) type Refusal = (u16, &'static str);

const BAD_REQUEST: Refusal = (400, "bad-request");
/// Asked by someone who is not an admin.
const NOT_AUTHORIZED: Refusal = (401, "not-authorized");
/// Asked by someone who is not a member.
const FORBIDDEN: Refusal = (403, "forbidden");
const NOT_FOUND: Refusal = (404, "item-not-found");
const CONFLICT: Refusal = (409, "conflict");

pub(crate) fn now() -> u64 {
    whatsapp_rust::wacore::time::now_secs() as u64
}

fn text(node: &Node) -> Option<String> {
    match &node.content {
        Some(NodeContent::String(s)) => Some(s.to_string()),
        Some(NodeContent::Bytes(b)) => String::from_utf8(b.clone()).ok(),
        _ => None,
    }
}

fn code() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    (0..22)
        .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
        .collect()
}

/// The tags this module answers and notifies with, as the node builder wants them.
fn known(tag: &str) -> &'static str {
    [
        "add",
        "remove",
        "promote",
        "demote",
        "locked",
        "unlocked",
        "announcement",
        "not_announcement",
    ]
    .into_iter()
    .find(|t| *t == tag)
    .unwrap_or("unknown")
}

/// An `<iq xmlns="w:g2">` from `from`: the children of the result, or the refusal.
pub(crate) fn iq(world: &World, from: &DeviceAddr, node: &Node) -> Result<Vec<Node>, Refusal> {
    let Some(child) = node.children().and_then(|c| c.first()) else {
        return Err(BAD_REQUEST);
    };
    let set = attr(node, "type").as_deref() == Some("set");
    let group = node
        .attrs()
        .optional_jid("to")
        .filter(|j| j.is_group() && !j.user.is_empty())
        .map(|j| j.user.to_string());
    let mut state = world.lock();
    match (child.tag.as_ref(), group) {
        ("create", None) => create(&mut state, from, child),
        ("participating", None) => Ok(vec![NodeBuilder::new("groups")
            .children(
                state
                    .groups
                    .iter()
                    .filter(|(_, g)| g.role(&from.phone).is_some())
                    .map(|(id, g)| describe(id, g)),
            )
            .build()]),
        ("invite", None) => join(&mut state, from, child),
        ("leave", None) => leave(&mut state, from, child),
        (tag, Some(id)) => on_group(&mut state, from, &id, tag, child, set),
        _ => Err(BAD_REQUEST),
    }
}

/// The group as `<group>` describes it in answers and in the `<create>` notification.
fn describe(id: &str, g: &Group) -> Node {
    let mut children = Vec::new();
    if let Some((desc_id, body)) = &g.description {
        children.push(
            NodeBuilder::new("description")
                .attr("id", desc_id.clone())
                .children([NodeBuilder::new("body")
                    .string_content(body.clone())
                    .build()])
                .build(),
        );
    }
    if g.locked {
        children.push(NodeBuilder::new("locked").build());
    }
    if g.announce {
        children.push(NodeBuilder::new("announcement").build());
    }
    let mode = if g.all_member_add {
        "all_member_add"
    } else {
        "admin_add"
    };
    children.push(
        NodeBuilder::new("member_add_mode")
            .string_content(mode)
            .build(),
    );
    for (phone, role) in &g.members {
        let p = NodeBuilder::new("participant").attr("jid", Jid::pn(phone.clone()));
        children.push(match role {
            Role::Member => p.build(),
            Role::Admin => p.attr("type", "admin").build(),
            Role::Owner => p.attr("type", "superadmin").build(),
        });
    }
    NodeBuilder::new("group")
        .attr("id", id.to_string())
        .attr("subject", g.subject.clone())
        .attr("s_o", Jid::pn(g.subject_owner.clone()))
        .attr("s_t", g.subject_time.to_string())
        .attr("creator", Jid::pn(g.creator.clone()))
        .attr("creation", g.created.to_string())
        .attr("size", g.members.len().to_string())
        .attr("addressing_mode", "pn")
        .children(children)
        .build()
}

/// Tells every device of `phones` about a change in group `id` made by `actor`.
fn notify(state: &mut State, id: &str, actor: &str, action: Node, phones: &[String]) {
    let node = NodeBuilder::new("notification")
        .attr("from", Jid::group(id.to_string()))
        .attr("type", "w:gp2")
        .attr("id", format!("{:X}", rand::random::<u64>()))
        .attr("participant", Jid::pn(actor.to_string()))
        .attr("t", now().to_string())
        .children([action])
        .build();
    let targets: Vec<DeviceAddr> = state
        .devices
        .keys()
        .filter(|a| phones.contains(&a.phone))
        .cloned()
        .collect();
    for target in targets {
        relay::deliver(state, &target, node.clone());
    }
}

/// The account a participant JID names, if it is on WhatsApp (has an account here).
fn account_of(state: &State, jid: &Jid) -> Option<String> {
    phone_of(state, jid).filter(|p| state.accounts.contains_key(p))
}

fn participant_jids(node: &Node) -> Vec<Jid> {
    node.get_children_by_tag("participant")
        .filter_map(|p| p.attrs().optional_jid("jid"))
        .collect()
}

fn create(state: &mut State, from: &DeviceAddr, child: &Node) -> Result<Vec<Node>, Refusal> {
    let subject = attr(child, "subject").unwrap_or_default();
    if subject.trim().is_empty() {
        return Err(BAD_REQUEST);
    }
    let mut members = vec![(from.phone.clone(), Role::Owner)];
    for jid in participant_jids(child) {
        // Numbers not on WhatsApp are left out, as WhatsApp does.
        if let Some(phone) = account_of(state, &jid) {
            if !members.iter().any(|(p, _)| *p == phone) {
                members.push((phone, Role::Member));
            }
        }
    }
    let all_member_add = child
        .get_optional_child("member_add_mode")
        .and_then(text)
        .is_some_and(|m| m == "all_member_add");
    let description = child.get_optional_child("description").and_then(|d| {
        let body = d.get_optional_child("body").and_then(text)?;
        Some((attr(d, "id").unwrap_or_default(), body))
    });
    let id = loop {
        let id = format!("120363{:012}", rand::random::<u64>() % 1_000_000_000_000);
        if !state.groups.contains_key(&id) {
            break id;
        }
    };
    let created = now();
    let group = Group {
        subject,
        subject_owner: from.phone.clone(),
        subject_time: created,
        description,
        creator: from.phone.clone(),
        created,
        members,
        announce: false,
        locked: false,
        all_member_add,
        invite: code(),
        revoked: Vec::new(),
    };
    let described = describe(&id, &group);
    let phones = group.phones();
    state.groups.insert(id.clone(), group);
    let action = NodeBuilder::new("create")
        .children([described.clone()])
        .build();
    notify(state, &id, &from.phone, action, &phones);
    Ok(vec![described])
}

/// Joining by invite code (`<invite code>` to `g.us`).
fn join(state: &mut State, from: &DeviceAddr, child: &Node) -> Result<Vec<Node>, Refusal> {
    let code = attr(child, "code").unwrap_or_default();
    let found = state
        .groups
        .iter_mut()
        .find(|(_, g)| !code.is_empty() && g.invite == code);
    let Some((id, group)) = found else {
        let reset = state.groups.values().any(|g| g.revoked.contains(&code));
        return Err(if reset { (410, "gone") } else { NOT_FOUND });
    };
    if group.role(&from.phone).is_some() {
        return Err((304, "already-member"));
    }
    let id = id.clone();
    group.members.push((from.phone.clone(), Role::Member));
    let phones = group.phones();
    let action = NodeBuilder::new("add")
        .attr("reason", "invite")
        .children([NodeBuilder::new("participant")
            .attr("jid", Jid::pn(from.phone.clone()))
            .build()])
        .build();
    notify(state, &id, &from.phone, action, &phones);
    Ok(vec![NodeBuilder::new("group")
        .attr("jid", Jid::group(id))
        .build()])
}

/// Leaving (`<leave><group id>` to `g.us`): the others, and the leaver's devices, are told.
fn leave(state: &mut State, from: &DeviceAddr, child: &Node) -> Result<Vec<Node>, Refusal> {
    let mut left = Vec::new();
    for g in child.get_children_by_tag("group") {
        let raw = attr(g, "id").unwrap_or_default();
        let id = raw.split('@').next().unwrap_or_default().to_string();
        let group = state.groups.get_mut(&id).ok_or(NOT_FOUND)?;
        if group.role(&from.phone).is_none() {
            return Err(FORBIDDEN);
        }
        let phones = group.phones();
        group.members.retain(|(p, _)| *p != from.phone);
        let action = NodeBuilder::new("remove")
            .attr("reason", "leave")
            .children([NodeBuilder::new("participant")
                .attr("jid", Jid::pn(from.phone.clone()))
                .build()])
            .build();
        notify(state, &id, &from.phone, action, &phones);
        left.push(NodeBuilder::new("group").attr("id", raw).build());
    }
    Ok(vec![NodeBuilder::new("leave").children(left).build()])
}

/// An IQ to one group (`to="…@g.us"`).
fn on_group(
    state: &mut State,
    from: &DeviceAddr,
    id: &str,
    tag: &str,
    child: &Node,
    set: bool,
) -> Result<Vec<Node>, Refusal> {
    let group = state.groups.get_mut(id).ok_or(NOT_FOUND)?;
    let role = group.role(&from.phone).ok_or(FORBIDDEN)?;
    let admin = role != Role::Member;
    let action = match tag {
        "query" => return Ok(vec![describe(id, group)]),
        "add" | "remove" | "promote" | "demote" => return change(state, from, id, tag, child),
        "subject" => {
            if group.locked && !admin {
                return Err(NOT_AUTHORIZED);
            }
            let subject = text(child).unwrap_or_default();
            if subject.trim().is_empty() {
                return Err(BAD_REQUEST);
            }
            group.subject = subject.clone();
            group.subject_owner = from.phone.clone();
            group.subject_time = now();
            NodeBuilder::new("subject")
                .attr("subject", subject)
                .attr("s_o", Jid::pn(from.phone.clone()))
                .attr("s_t", group.subject_time.to_string())
                .build()
        }
        "description" => {
            if group.locked && !admin {
                return Err(NOT_AUTHORIZED);
            }
            // The change names the description it replaces; another one came first.
            if attr(child, "prev") != group.description.as_ref().map(|d| d.0.clone()) {
                return Err(CONFLICT);
            }
            let new_id = attr(child, "id").unwrap_or_default();
            let described = NodeBuilder::new("description").attr("id", new_id.clone());
            if attr(child, "delete").as_deref() == Some("true") {
                group.description = None;
                described
                    .children([NodeBuilder::new("delete").build()])
                    .build()
            } else {
                let body = child
                    .get_optional_child("body")
                    .and_then(text)
                    .ok_or(BAD_REQUEST)?;
                group.description = Some((new_id, body.clone()));
                described
                    .children([NodeBuilder::new("body").string_content(body).build()])
                    .build()
            }
        }
        "locked" | "unlocked" | "announcement" | "not_announcement" => {
            if !admin {
                return Err(NOT_AUTHORIZED);
            }
            match tag {
                "locked" => group.locked = true,
                "unlocked" => group.locked = false,
                "announcement" => group.announce = true,
                _ => group.announce = false,
            }
            NodeBuilder::new(known(tag)).build()
        }
        "invite" => {
            if !admin {
                return Err(NOT_AUTHORIZED);
            }
            let answer = |code: &str| {
                Ok(vec![NodeBuilder::new("invite")
                    .attr("code", code.to_string())
                    .build()])
            };
            if !set {
                return answer(&group.invite.clone());
            }
            let old = std::mem::replace(&mut group.invite, code());
            group.revoked.push(old);
            let fresh = group.invite.clone();
            let phones = group.phones();
            notify(
                state,
                id,
                &from.phone,
                NodeBuilder::new("revoke").build(),
                &phones,
            );
            return answer(&fresh);
        }
        _ => return Err(BAD_REQUEST),
    };
    let phones = group.phones();
    notify(state, id, &from.phone, action, &phones);
    Ok(Vec::new())
}

/// Add, remove, promote, demote: answered per member (WhatsApp's codes: 404 not on WhatsApp or
/// not a member, 409 already a member, 403 the creator cannot be removed or demoted), and one
/// notification naming those changed.
fn change(
    state: &mut State,
    from: &DeviceAddr,
    id: &str,
    action: &str,
    child: &Node,
) -> Result<Vec<Node>, Refusal> {
    let requested: Vec<(Jid, Option<String>)> = participant_jids(child)
        .into_iter()
        .map(|jid| {
            let phone = account_of(state, &jid);
            (jid, phone)
        })
        .collect();
    if requested.is_empty() {
        return Err(BAD_REQUEST);
    }
    let group = state.groups.get_mut(id).ok_or(NOT_FOUND)?;
    let role = group.role(&from.phone).ok_or(FORBIDDEN)?;
    let admin = role != Role::Member;
    if !(admin || (action == "add" && group.all_member_add)) {
        return Err(NOT_AUTHORIZED);
    }
    let before = group.phones();
    let mut answers = Vec::new();
    let mut changed = Vec::new();
    for (jid, phone) in requested {
        let current = phone.as_deref().and_then(|p| group.role(p));
        let error = match (action, phone, current) {
            (_, None, _) => Some("404"),
            ("add", Some(_), Some(_)) => Some("409"),
            ("add", Some(p), None) => {
                group.members.push((p, Role::Member));
                None
            }
            (_, Some(_), None) => Some("404"),
            (_, Some(_), Some(Role::Owner)) if action != "promote" => Some("403"),
            ("remove", Some(p), Some(_)) => {
                group.members.retain(|(m, _)| *m != p);
                None
            }
            ("promote", Some(p), Some(r)) => {
                if r == Role::Member {
                    group.set_role(&p, Role::Admin);
                }
                None
            }
            (_, Some(p), Some(_)) => {
                group.set_role(&p, Role::Member);
                None
            }
        };
        let mut answer = NodeBuilder::new("participant").attr("jid", jid.clone());
        if let Some(code) = error {
            answer = answer.attr("error", code);
        } else {
            changed.push(NodeBuilder::new("participant").attr("jid", jid).build());
        }
        answers.push(answer.build());
    }
    // The removed hear of it too; the added already count as members.
    let mut phones = before;
    for p in group.phones() {
        if !phones.contains(&p) {
            phones.push(p);
        }
    }
    if !changed.is_empty() {
        let node = NodeBuilder::new(known(action)).children(changed).build();
        notify(state, id, &from.phone, node, &phones);
    }
    Ok(vec![NodeBuilder::new(known(action))
        .children(answers)
        .build()])
}
