//! WhatsApp's group notifications (`w:gp2`, one event per action) as `EngineEvent::Group`:
//! every change is reported, ours included, as WhatsApp notifies every member.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use gerbang_core::engine::EngineEvent;
use gerbang_core::group::{
    GroupChange, GroupChangeKind, GroupInfo, GroupSetting, ParticipantAction,
};
use gerbang_core::jid::Jid;
use whatsapp_rust::types::events::GroupUpdate;
use whatsapp_rust::wacore::iq::groups::GroupInfoResponse;
use whatsapp_rust::wacore::protocol::ProtocolNode;
use whatsapp_rust::wacore::stanza::groups::{
    GroupNotificationAction as Action, GroupParticipantInfo,
};
use whatsapp_rust::wacore_binary::Node;
use whatsapp_rust::{Client, GroupMetadata, Jid as WaJid};

use crate::groups::{error, group_jid, info};
use crate::jid::from_wa;
use crate::state::Shared;

/// Whether a participant of a notification is this device's account.
fn is_me(client: &Client, jid: &WaJid) -> bool {
    [client.pn(), client.lid()]
        .into_iter()
        .flatten()
        .any(|me| me.user == jid.user && me.server == jid.server)
}

fn jids(participants: &[GroupParticipantInfo]) -> Vec<Jid> {
    participants
        .iter()
        .filter_map(|p| from_wa(&p.jid))
        .collect()
}

/// The group a `<create>` notification describes.
pub(crate) fn created(raw: &Node) -> Option<GroupInfo> {
    let group = raw.get_optional_child("group")?;
    let response = GroupInfoResponse::try_from_node_ref(&group.as_node_ref()).ok()?;
    info(&GroupMetadata::from(response))
}

/// One action of a `w:gp2` notification, as Gerbang's group change (ours included).
pub(crate) fn update(shared: &Arc<Shared>, u: &GroupUpdate) {
    let Some(group) = from_wa(&u.group_jid) else {
        return;
    };
    let Some(client) = shared.client() else {
        return;
    };
    let change = |kind| {
        EngineEvent::Group(GroupChange {
            group: group.clone(),
            author: u.participant.as_ref().and_then(from_wa),
            at: Utc
                .timestamp_millis_opt(u.timestamp.timestamp_millis())
                .single()
                .unwrap_or_else(Utc::now),
            kind,
        })
    };
    let participants = |action, list: &[GroupParticipantInfo]| GroupChangeKind::Participants {
        action,
        participants: jids(list),
    };
    let mine = |list: &[GroupParticipantInfo]| list.iter().any(|p| is_me(&client, &p.jid));
    let kind = match &u.action {
        Action::Create { raw } => match created(raw) {
            Some(info) => GroupChangeKind::Joined(info),
            None => return joined(shared, client, change(GroupChangeKind::Left)),
        },
        // Added (or joined by link): WhatsApp names only the newcomers; the group is read.
        Action::Add { participants, .. } if mine(participants) => {
            return joined(shared, client, change(GroupChangeKind::Left));
        }
        Action::Add {
            participants: p, ..
        } => participants(ParticipantAction::Add, p),
        Action::Remove { participants, .. } if mine(participants) => GroupChangeKind::Left,
        Action::Remove {
            participants: p, ..
        } => participants(ParticipantAction::Remove, p),
        Action::Promote { participants: p } => participants(ParticipantAction::Promote, p),
        Action::Demote { participants: p } => participants(ParticipantAction::Demote, p),
        Action::Subject { subject, .. } => GroupChangeKind::Subject(subject.clone()),
        Action::Description { description, .. } => {
            GroupChangeKind::Description(description.clone())
        }
        Action::Locked { .. } => GroupChangeKind::Setting(GroupSetting::Locked(true)),
        Action::Unlocked => GroupChangeKind::Setting(GroupSetting::Locked(false)),
        Action::Announce => GroupChangeKind::Setting(GroupSetting::Announce(true)),
        Action::NotAnnounce => GroupChangeKind::Setting(GroupSetting::Announce(false)),
        Action::RevokeInvite => GroupChangeKind::InviteRevoked,
        Action::Delete { .. } => GroupChangeKind::Left,
        _ => return,
    };
    shared.emit(change(kind));
}

/// We are in a group WhatsApp did not describe: read it, then report `Joined` with the
/// notification's author and time (`template` carries them).
fn joined(shared: &Arc<Shared>, client: Arc<Client>, template: EngineEvent) {
    let shared = shared.clone();
    tokio::spawn(async move {
        let EngineEvent::Group(mut change) = template else {
            return;
        };
        let Ok(jid) = group_jid(&change.group) else {
            return;
        };
        match client.groups().get_metadata(&jid).await.map_err(error) {
            Ok(meta) => {
                if let Some(info) = info(&meta) {
                    change.kind = GroupChangeKind::Joined(info);
                    shared.emit(EngineEvent::Group(change));
                }
            }
            Err(e) => {
                tracing::warn!(engine = "whatsapp", device_id = %shared.device_id, error = %e,
                    "joined a group but could not read it")
            }
        }
    });
}
