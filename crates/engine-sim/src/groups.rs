//! Groups in the simulated network: members with roles, announce and locked settings, invite
//! codes, and the notifications WhatsApp sends every member device (the maker included) for
//! each change. Linked devices and virtual accounts act through the same rules, so a test can
//! play any member.
//!
//! Notifications reach member devices that are connected at the time; a device that was offline
//! learns the current state from the next `groups` listing (the gateway refreshes its cache
//! from it), not from a replay.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use gerbang_core::engine::{EngineEvent, InboundMessage, MessageContent};
use gerbang_core::group::{
    GroupChange, GroupChangeKind, GroupInfo, GroupParticipant, GroupSetting, ParticipantAction,
    ParticipantOutcome, ParticipantRole,
};
use gerbang_core::jid::{Jid, Phone};
use rand::rngs::StdRng;
use rand::Rng;

use crate::codes;
use crate::state::{Mail, State};

/// WhatsApp's limits: a subject of at most 100 characters, a description of 2048.
pub(crate) const MAX_SUBJECT: usize = 100;
pub(crate) const MAX_DESCRIPTION: usize = 2048;

const INVITE_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

pub(crate) struct SimGroup {
    pub jid: Jid,
    pub subject: String,
    pub description: Option<String>,
    pub owner: Phone,
    pub created_at: DateTime<Utc>,
    pub announce: bool,
    pub locked: bool,
    /// In joining order, as WhatsApp lists them.
    pub members: Vec<(Phone, ParticipantRole)>,
    pub invite: String,
}

impl SimGroup {
    pub fn role(&self, phone: &Phone) -> Option<ParticipantRole> {
        self.members
            .iter()
            .find(|(p, _)| p == phone)
            .map(|(_, r)| *r)
    }

    fn is_admin(&self, phone: &Phone) -> bool {
        self.role(phone).is_some_and(ParticipantRole::is_admin)
    }

    pub fn info(&self) -> GroupInfo {
        GroupInfo {
            jid: self.jid.clone(),
            subject: self.subject.clone(),
            description: self.description.clone(),
            owner: Some(self.owner.jid()),
            created_at: Some(self.created_at),
            announce: self.announce,
            locked: self.locked,
            participants: self
                .members
                .iter()
                .map(|(p, role)| GroupParticipant {
                    jid: p.jid(),
                    phone: Some(p.clone()),
                    role: *role,
                })
                .collect(),
        }
    }

    fn phones(&self) -> Vec<Phone> {
        self.members.iter().map(|(p, _)| p.clone()).collect()
    }
}

/// Why the network refused a group operation (WhatsApp's answer, in words).
pub(crate) type Refusal = String;

fn invite_code(rng: &mut StdRng) -> String {
    (0..22)
        .map(|_| char::from(INVITE_ALPHABET[rng.gen_range(0..INVITE_ALPHABET.len())]))
        .collect()
}

pub(crate) fn check_subject(subject: &str) -> Result<String, Refusal> {
    let subject = subject.trim();
    if subject.is_empty() {
        return Err("a group needs a subject".into());
    }
    if subject.chars().count() > MAX_SUBJECT {
        return Err(format!(
            "a group subject has at most {MAX_SUBJECT} characters"
        ));
    }
    Ok(subject.to_string())
}

impl State {
    fn group_mut(&mut self, jid: &Jid) -> Result<&mut SimGroup, Refusal> {
        self.groups
            .get_mut(jid)
            .ok_or_else(|| "no such group".to_string())
    }

    /// The group as a member sees it; a non-member is told it does not exist, like WhatsApp.
    pub fn group_for(&self, jid: &Jid, actor: &Phone) -> Result<&SimGroup, Refusal> {
        self.groups
            .get(jid)
            .filter(|g| g.role(actor).is_some())
            .ok_or_else(|| "no such group, or not a member".to_string())
    }

    pub fn groups_of(&self, phone: &Phone) -> Vec<GroupInfo> {
        self.groups
            .values()
            .filter(|g| g.role(phone).is_some())
            .map(SimGroup::info)
            .collect()
    }

    /// Tells every connected device linked to one of `phones` about a change.
    fn notify(
        &self,
        phones: &[Phone],
        group: &Jid,
        author: Option<&Phone>,
        kind: &GroupChangeKind,
    ) {
        for device in self.devices.values() {
            let Some(link) = device.session.as_ref().and_then(|s| s.connected_link()) else {
                continue;
            };
            if phones.contains(&link.phone) {
                device.emit_session(EngineEvent::Group(GroupChange {
                    group: group.clone(),
                    author: author.map(Phone::jid),
                    at: Utc::now(),
                    kind: kind.clone(),
                }));
            }
        }
    }

    fn is_absent(&self, phone: &Phone) -> bool {
        self.absent.contains(phone)
    }

    pub fn create_group(
        &mut self,
        rng: &mut StdRng,
        creator: &Phone,
        subject: &str,
        members: &[Phone],
    ) -> Result<GroupInfo, Refusal> {
        let subject = check_subject(subject)?;
        let jid = loop {
            let candidate = Jid::parse(&format!(
                "120363{:012}@g.us",
                rng.gen_range(0..1_000_000_000_000u64)
            ))
            .map_err(|e| e.to_string())?;
            if !self.groups.contains_key(&candidate) {
                break candidate;
            }
        };
        let mut list = vec![(creator.clone(), ParticipantRole::Owner)];
        for phone in members {
            if phone != creator && !self.is_absent(phone) && !list.iter().any(|(p, _)| p == phone) {
                list.push((phone.clone(), ParticipantRole::Member));
            }
        }
        let group = SimGroup {
            jid: jid.clone(),
            subject,
            description: None,
            owner: creator.clone(),
            created_at: Utc::now(),
            announce: false,
            locked: false,
            members: list,
            invite: invite_code(rng),
        };
        let info = group.info();
        let phones = group.phones();
        self.groups.insert(jid.clone(), group);
        self.notify(
            &phones,
            &jid,
            Some(creator),
            &GroupChangeKind::Joined(info.clone()),
        );
        tracing::info!(engine = "sim", group = %jid, members = phones.len(), "[simulated] group created");
        Ok(info)
    }

    pub fn update_participants(
        &mut self,
        actor: &Phone,
        jid: &Jid,
        action: ParticipantAction,
        targets: &[Jid],
    ) -> Result<Vec<ParticipantOutcome>, Refusal> {
        let absent = targets
            .iter()
            .map(|t| t.phone().is_some_and(|p| self.is_absent(&p)))
            .collect::<Vec<_>>();
        let group = self.group_for(jid, actor)?;
        if !group.is_admin(actor) {
            return Err("only group admins can change members".into());
        }
        let owner = group.owner.clone();
        let group = self.group_mut(jid)?;
        let mut outcomes = Vec::with_capacity(targets.len());
        let mut changed: Vec<Phone> = Vec::new();
        for (target, absent) in targets.iter().zip(absent) {
            let outcome = |error: Option<&str>| ParticipantOutcome {
                jid: target.clone(),
                ok: error.is_none(),
                error: error.map(str::to_string),
            };
            let Some(phone) = target.phone() else {
                outcomes.push(outcome(Some("not a phone number")));
                continue;
            };
            let role = group.role(&phone);
            let error = match (action, role) {
                (ParticipantAction::Add, Some(_)) => Some("already a member"),
                (ParticipantAction::Add, None) if absent => Some("not on WhatsApp"),
                (ParticipantAction::Add, None) => {
                    group.members.push((phone.clone(), ParticipantRole::Member));
                    None
                }
                (_, None) => Some("not a member"),
                (ParticipantAction::Remove | ParticipantAction::Demote, Some(_))
                    if phone == owner =>
                {
                    Some("the group's creator cannot be removed or demoted")
                }
                (ParticipantAction::Remove, Some(_)) => {
                    group.members.retain(|(p, _)| *p != phone);
                    None
                }
                (ParticipantAction::Promote, Some(r)) if r.is_admin() => Some("already an admin"),
                (ParticipantAction::Demote, Some(ParticipantRole::Member)) => Some("not an admin"),
                (ParticipantAction::Promote | ParticipantAction::Demote, Some(_)) => {
                    let new = match action {
                        ParticipantAction::Promote => ParticipantRole::Admin,
                        _ => ParticipantRole::Member,
                    };
                    if let Some(m) = group.members.iter_mut().find(|(p, _)| *p == phone) {
                        m.1 = new;
                    }
                    None
                }
            };
            if error.is_none() && !changed.contains(&phone) {
                changed.push(phone.clone());
            }
            outcomes.push(outcome(error));
        }
        if changed.is_empty() {
            return Ok(outcomes);
        }
        let info = group.info();
        let remaining = group.phones();
        let participants: Vec<Jid> = changed.iter().map(Phone::jid).collect();
        let kind = GroupChangeKind::Participants {
            action,
            participants,
        };
        match action {
            ParticipantAction::Add => {
                let before: Vec<Phone> = remaining
                    .iter()
                    .filter(|p| !changed.contains(p))
                    .cloned()
                    .collect();
                self.notify(&before, jid, Some(actor), &kind);
                self.notify(&changed, jid, Some(actor), &GroupChangeKind::Joined(info));
            }
            ParticipantAction::Remove => {
                self.notify(&remaining, jid, Some(actor), &kind);
                self.notify(&changed, jid, Some(actor), &GroupChangeKind::Left);
            }
            _ => self.notify(&remaining, jid, Some(actor), &kind),
        }
        tracing::info!(engine = "sim", group = %jid, action = action.as_str(), count = changed.len(), "[simulated] group members changed");
        Ok(outcomes)
    }

    /// Subject, description and settings: anyone unless the group is locked (settings: admins).
    fn editable(
        &mut self,
        actor: &Phone,
        jid: &Jid,
        admins_only: bool,
    ) -> Result<&mut SimGroup, Refusal> {
        let group = self.group_for(jid, actor)?;
        if (admins_only || group.locked) && !group.is_admin(actor) {
            return Err("only group admins can change this group's info".into());
        }
        self.group_mut(jid)
    }

    pub fn set_subject(&mut self, actor: &Phone, jid: &Jid, subject: &str) -> Result<(), Refusal> {
        let subject = check_subject(subject)?;
        let group = self.editable(actor, jid, false)?;
        group.subject = subject.clone();
        let phones = group.phones();
        self.notify(
            &phones,
            jid,
            Some(actor),
            &GroupChangeKind::Subject(subject),
        );
        Ok(())
    }

    pub fn set_description(
        &mut self,
        actor: &Phone,
        jid: &Jid,
        description: Option<&str>,
    ) -> Result<(), Refusal> {
        let description = description.map(str::trim).filter(|d| !d.is_empty());
        if description.is_some_and(|d| d.chars().count() > MAX_DESCRIPTION) {
            return Err(format!(
                "a group description has at most {MAX_DESCRIPTION} characters"
            ));
        }
        let group = self.editable(actor, jid, false)?;
        group.description = description.map(str::to_string);
        let (phones, description) = (group.phones(), group.description.clone());
        self.notify(
            &phones,
            jid,
            Some(actor),
            &GroupChangeKind::Description(description),
        );
        Ok(())
    }

    pub fn set_setting(
        &mut self,
        actor: &Phone,
        jid: &Jid,
        setting: GroupSetting,
    ) -> Result<(), Refusal> {
        let group = self.editable(actor, jid, true)?;
        match setting {
            GroupSetting::Announce(on) => group.announce = on,
            GroupSetting::Locked(on) => group.locked = on,
        }
        let phones = group.phones();
        self.notify(
            &phones,
            jid,
            Some(actor),
            &GroupChangeKind::Setting(setting),
        );
        Ok(())
    }

    pub fn invite_code(
        &mut self,
        rng: &mut StdRng,
        actor: &Phone,
        jid: &Jid,
        reset: bool,
    ) -> Result<String, Refusal> {
        let group = self.group_for(jid, actor)?;
        if !group.is_admin(actor) {
            return Err("only group admins can see or reset the invite link".into());
        }
        let group = self.group_mut(jid)?;
        if !reset {
            return Ok(group.invite.clone());
        }
        group.invite = invite_code(rng);
        let (code, phones) = (group.invite.clone(), group.phones());
        self.notify(&phones, jid, Some(actor), &GroupChangeKind::InviteRevoked);
        Ok(code)
    }

    pub fn join(&mut self, actor: &Phone, code: &str) -> Result<Jid, Refusal> {
        let group = self
            .groups
            .values_mut()
            .find(|g| g.invite == code)
            .ok_or_else(|| "this invite link is not valid (reset or never issued)".to_string())?;
        let jid = group.jid.clone();
        if group.role(actor).is_some() {
            return Ok(jid);
        }
        group.members.push((actor.clone(), ParticipantRole::Member));
        let info = group.info();
        let others: Vec<Phone> = group.phones().into_iter().filter(|p| p != actor).collect();
        let kind = GroupChangeKind::Participants {
            action: ParticipantAction::Add,
            participants: vec![actor.jid()],
        };
        self.notify(&others, &jid, Some(actor), &kind);
        self.notify(
            std::slice::from_ref(actor),
            &jid,
            Some(actor),
            &GroupChangeKind::Joined(info),
        );
        Ok(jid)
    }

    pub fn leave(&mut self, actor: &Phone, jid: &Jid) -> Result<(), Refusal> {
        self.group_for(jid, actor)?;
        let group = self.group_mut(jid)?;
        group.members.retain(|(p, _)| p != actor);
        let remaining = group.phones();
        if remaining.is_empty() {
            self.groups.remove(jid);
        }
        let kind = GroupChangeKind::Participants {
            action: ParticipantAction::Remove,
            participants: vec![actor.jid()],
        };
        self.notify(&remaining, jid, Some(actor), &kind);
        self.notify(
            std::slice::from_ref(actor),
            jid,
            Some(actor),
            &GroupChangeKind::Left,
        );
        Ok(())
    }

    /// Whether `actor` may write in the group now (a member; an admin when announce is on).
    pub fn may_post(&self, actor: &Phone, jid: &Jid) -> Result<&SimGroup, Refusal> {
        let group = self.group_for(jid, actor)?;
        if group.announce && !group.is_admin(actor) {
            return Err("only admins can send messages to this group".into());
        }
        Ok(group)
    }

    /// Delivers a group message to every other member that is linked to a device here, through
    /// its mailbox (so an offline device gets it on reconnect, like WhatsApp's offline queue).
    pub fn fan_out(&mut self, jid: &Jid, message: &InboundMessage, from: &Phone) {
        let Some(group) = self.groups.get(jid) else {
            return;
        };
        let linked: Vec<Phone> = group
            .phones()
            .into_iter()
            .filter(|p| p != from)
            .filter(|p| self.devices.values().any(|d| d.phone.as_ref() == Some(p)))
            .collect();
        for phone in linked {
            self.mailboxes.entry(phone).or_default().push_back(Mail {
                message: message.clone(),
                in_flight: false,
            });
        }
    }

    /// A member (a virtual account) writes in the group; returns the message id.
    pub fn group_post(
        &mut self,
        rng: &mut StdRng,
        from: &Phone,
        jid: &Jid,
        text: &str,
    ) -> Result<String, Refusal> {
        self.may_post(from, jid)?;
        let account = self.account(from);
        let id = codes::message_id(self.run, rng);
        let message = InboundMessage {
            id: id.clone(),
            chat: jid.clone(),
            sender: from.jid(),
            sender_phone: Some(from.clone()),
            sender_lid: None,
            push_name: Some(account.name),
            from_me: false,
            timestamp: Utc::now(),
            content: MessageContent::Text {
                body: text.to_string(),
            },
            quoted_id: None,
            mentions: Vec::new(),
            flags: Default::default(),
        };
        self.fan_out(jid, &message, from);
        Ok(id)
    }

    pub fn sim_group(&self, jid: &Jid) -> Option<GroupInfo> {
        self.groups.get(jid).map(SimGroup::info)
    }
}

/// The groups of the network, by jid.
pub(crate) type Groups = BTreeMap<Jid, SimGroup>;
