//! Group notifications into the cache and the event log, in one transaction per change.

use serde_json::{json, Value};

use gerbang_core::event::{types, NewEvent};
use gerbang_core::group::{
    CachedGroup, GroupChange, GroupChangeKind, GroupParticipant, GroupSetting, ParticipantAction,
    ParticipantRole,
};
use gerbang_core::jid::{Jid, Phone};

use crate::runtime::DeviceRuntime;
use crate::AppResult;

fn event(event_type: &'static str, device_id: &str, change: &GroupChange, data: Value) -> NewEvent {
    let mut body = json!({
        "deviceId": device_id,
        "groupJid": change.group,
        "author": change.author,
        "at": change.at,
    });
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), data) {
        body.extend(extra);
    }
    NewEvent {
        event_type,
        device_id: Some(device_id.to_string()),
        user_id: None,
        chat_jid: Some(change.group.to_string()),
        data: body,
    }
}

/// Applies a members change to the cached list.
fn apply(group: &mut CachedGroup, action: ParticipantAction, jids: &[Jid]) {
    let list = &mut group.info.participants;
    for jid in jids {
        let pos = list.iter().position(|p| &p.jid == jid);
        match (action, pos) {
            (ParticipantAction::Add, None) => list.push(GroupParticipant {
                jid: jid.clone(),
                phone: jid.phone(),
                role: ParticipantRole::Member,
            }),
            (ParticipantAction::Remove, Some(i)) => {
                list.remove(i);
            }
            (ParticipantAction::Promote, Some(i)) if list[i].role == ParticipantRole::Member => {
                list[i].role = ParticipantRole::Admin;
            }
            (ParticipantAction::Demote, Some(i)) if list[i].role == ParticipantRole::Admin => {
                list[i].role = ParticipantRole::Member;
            }
            _ => {}
        }
    }
}

/// Records what WhatsApp reported about a group of this device: the cache follows, and the
/// matching `group.*` event commits with it.
pub async fn record_change(
    rt: &DeviceRuntime,
    device_id: &str,
    change: GroupChange,
) -> AppResult<()> {
    let store = &rt.store;
    let cached = store.cached_group(device_id, &change.group).await?;
    let own = store
        .device(device_id)
        .await?
        .and_then(|d| d.phone_number)
        .and_then(|p| Phone::parse(&p).ok())
        .map(|p| p.jid());
    let appended = match &change.kind {
        GroupChangeKind::Joined(info) => {
            let data = json!({"subject": info.subject, "group": info});
            let e = event(types::GROUP_JOINED, device_id, &change, data);
            store.save_group(device_id, info, Some(&e)).await?
        }
        GroupChangeKind::Left => {
            let e = event(types::GROUP_LEFT, device_id, &change, json!({}));
            store
                .forget_group(device_id, &change.group, Some(&e))
                .await?
        }
        GroupChangeKind::Participants {
            action,
            participants,
        } => {
            let data = json!({"action": action, "participants": participants});
            let e = event(types::GROUP_PARTICIPANTS, device_id, &change, data);
            let we_left = *action == ParticipantAction::Remove
                && own.as_ref().is_some_and(|me| participants.contains(me));
            if we_left {
                // Removed ourselves: the members change is told, then the group leaves the list.
                let told = store.append_event(&e).await?;
                rt.events.notify(&told);
                let left = event(types::GROUP_LEFT, device_id, &change, json!({}));
                store
                    .forget_group(device_id, &change.group, Some(&left))
                    .await?
            } else if let Some(mut group) = cached {
                apply(&mut group, *action, participants);
                store.save_group(device_id, &group.info, Some(&e)).await?
            } else {
                Some(store.append_event(&e).await?)
            }
        }
        GroupChangeKind::Subject(_)
        | GroupChangeKind::Description(_)
        | GroupChangeKind::Setting(_) => {
            let changes = match &change.kind {
                GroupChangeKind::Subject(s) => json!({"subject": s}),
                GroupChangeKind::Description(d) => json!({"description": d}),
                GroupChangeKind::Setting(GroupSetting::Announce(on)) => json!({"announce": on}),
                GroupChangeKind::Setting(GroupSetting::Locked(on)) => json!({"locked": on}),
                _ => json!({}),
            };
            let e = event(
                types::GROUP_UPDATED,
                device_id,
                &change,
                json!({"changes": changes}),
            );
            match cached {
                Some(mut group) => {
                    match &change.kind {
                        GroupChangeKind::Subject(s) => group.info.subject = s.clone(),
                        GroupChangeKind::Description(d) => group.info.description = d.clone(),
                        GroupChangeKind::Setting(GroupSetting::Announce(on)) => {
                            group.info.announce = *on
                        }
                        GroupChangeKind::Setting(GroupSetting::Locked(on)) => {
                            group.info.locked = *on
                        }
                        _ => {}
                    }
                    store.save_group(device_id, &group.info, Some(&e)).await?
                }
                None => Some(store.append_event(&e).await?),
            }
        }
        GroupChangeKind::InviteRevoked => {
            let e = event(types::GROUP_INVITE_REVOKED, device_id, &change, json!({}));
            Some(store.append_event(&e).await?)
        }
    };
    if let Some(e) = appended {
        rt.events.notify(&e);
    }
    tracing::debug!(device_id, group = %change.group, "group change recorded");
    Ok(())
}
