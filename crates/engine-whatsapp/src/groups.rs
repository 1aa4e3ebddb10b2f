//! Groups: the engine port's group operations on whatsapp-rust's `client.groups()`, with
//! WhatsApp's refusals mapped to Gerbang's errors. Notifications are in [`crate::group_events`].

use chrono::{TimeZone, Utc};
use gerbang_core::engine::EngineError;
use gerbang_core::group::{
    GroupInfo, GroupParticipant, GroupSetting, ParticipantAction, ParticipantOutcome,
    ParticipantRole,
};
use gerbang_core::jid::Jid;
use whatsapp_rust::request::IqError;
use whatsapp_rust::{
    Client, GroupCreateOptions, GroupDescription, GroupError, GroupMetadata,
    GroupParticipantOptions, GroupSubject, Jid as WaJid, JoinGroupResult,
    ParticipantChangeResponse, ParticipantType, PreviousDescription,
};

use crate::jid::{from_wa, phone_of, to_wa};

/// What WhatsApp's refusal codes mean for a group operation.
pub(crate) fn error(e: GroupError) -> EngineError {
    match e {
        GroupError::Iq(IqError::ServerError { code, text, .. }) => match code {
            401 => EngineError::Rejected("not a group admin".into()),
            403 => EngineError::Rejected("not a member of the group".into()),
            404 => EngineError::Rejected("no such group, or no such invite code".into()),
            304 => EngineError::Rejected("already a member of the group".into()),
            406 => EngineError::Rejected("not allowed for this group".into()),
            409 => EngineError::Rejected("the group changed meanwhile; try again".into()),
            410 => EngineError::Rejected("the invite link was reset".into()),
            419 => EngineError::Rejected("the group is full".into()),
            400 => EngineError::Rejected(format!("WhatsApp refused the request ({text})")),
            _ => EngineError::Other(format!("WhatsApp answered error {code} ({text})")),
        },
        GroupError::Iq(
            IqError::NotConnected | IqError::Disconnected(_) | IqError::InternalChannelClosed,
        ) => EngineError::NotConnected,
        GroupError::DescriptionConflict => {
            EngineError::Rejected("the description changed meanwhile; try again".into())
        }
        GroupError::InvalidRequest(why) => EngineError::Rejected(why),
        other => EngineError::Other(format!("group request failed: {other}")),
    }
}

/// A group JID from Gerbang's form; anything but `…@g.us` is refused before WhatsApp is asked.
pub(crate) fn group_jid(group: &Jid) -> Result<WaJid, EngineError> {
    let jid = to_wa(group)?;
    if jid.server != whatsapp_rust::Server::Group {
        return Err(EngineError::Rejected(format!("{group} is not a group")));
    }
    Ok(jid)
}

fn role(t: ParticipantType) -> ParticipantRole {
    match t {
        ParticipantType::SuperAdmin => ParticipantRole::Owner,
        ParticipantType::Admin => ParticipantRole::Admin,
        _ => ParticipantRole::Member,
    }
}

pub(crate) fn info(meta: &GroupMetadata) -> Option<GroupInfo> {
    Some(GroupInfo {
        jid: from_wa(&meta.id)?,
        subject: meta.subject.clone(),
        description: meta.description.clone(),
        owner: meta.creator.as_ref().and_then(from_wa),
        created_at: meta
            .creation_time
            .and_then(|t| i64::try_from(t).ok())
            .and_then(|t| Utc.timestamp_opt(t, 0).single()),
        announce: meta.is_announcement,
        locked: meta.is_locked,
        participants: meta
            .participants
            .iter()
            .filter_map(|p| {
                Some(GroupParticipant {
                    jid: from_wa(&p.jid)?,
                    phone: phone_of(&p.jid).or_else(|| p.phone_number.as_ref().and_then(phone_of)),
                    role: role(p.participant_type),
                })
            })
            .collect(),
    })
}

fn described(meta: &GroupMetadata) -> Result<GroupInfo, EngineError> {
    info(meta)
        .ok_or_else(|| EngineError::Other(format!("WhatsApp named an odd group: {}", meta.id)))
}

pub(crate) async fn list(client: &Client) -> Result<Vec<GroupInfo>, EngineError> {
    let groups = client.groups().get_participating().await.map_err(error)?;
    let mut found: Vec<GroupInfo> = groups.values().filter_map(info).collect();
    found.sort_by(|a, b| a.jid.as_str().cmp(b.jid.as_str()));
    Ok(found)
}

pub(crate) async fn read(client: &Client, group: &Jid) -> Result<GroupInfo, EngineError> {
    let meta = client
        .groups()
        .get_metadata(&group_jid(group)?)
        .await
        .map_err(error)?;
    described(&meta)
}

fn subject(text: &str) -> Result<GroupSubject, EngineError> {
    if text.trim().is_empty() {
        return Err(EngineError::Rejected(
            "a group subject cannot be empty".into(),
        ));
    }
    GroupSubject::new(text).map_err(|e| EngineError::Rejected(e.to_string()))
}

pub(crate) async fn create(
    client: &Client,
    name: &str,
    participants: &[Jid],
) -> Result<GroupInfo, EngineError> {
    let name = subject(name)?;
    let members = participants
        .iter()
        .map(|p| to_wa(p).map(GroupParticipantOptions::new))
        .collect::<Result<Vec<_>, _>>()?;
    let options = GroupCreateOptions::new(name.as_str()).with_participants(members);
    let created = client.groups().create_group(options).await.map_err(error)?;
    described(&created.metadata)
}

fn outcome(r: &ParticipantChangeResponse) -> Option<ParticipantOutcome> {
    Some(ParticipantOutcome {
        jid: from_wa(&r.jid)?,
        ok: r.is_ok(),
        error: r.error.as_deref().map(|code| {
            match code {
                "403" => "not allowed (the group's creator, or the member's privacy settings)",
                "404" => "not on WhatsApp, or not a member",
                "408" => "left the group recently",
                "409" => "already a member",
                "500" => "the group is full",
                _ => "refused by WhatsApp",
            }
            .to_string()
        }),
    })
}

pub(crate) async fn change(
    client: &Client,
    group: &Jid,
    action: ParticipantAction,
    participants: &[Jid],
) -> Result<Vec<ParticipantOutcome>, EngineError> {
    let jid = group_jid(group)?;
    let members = participants
        .iter()
        .map(to_wa)
        .collect::<Result<Vec<_>, _>>()?;
    let groups = client.groups();
    let answers = match action {
        ParticipantAction::Add => groups.add_participants(jid, &members).await,
        ParticipantAction::Remove => groups.remove_participants(jid, &members).await,
        ParticipantAction::Promote => groups.promote_participants(jid, &members).await,
        ParticipantAction::Demote => groups.demote_participants(jid, &members).await,
    }
    .map_err(error)?;
    Ok(answers.iter().filter_map(outcome).collect())
}

pub(crate) async fn rename(client: &Client, group: &Jid, name: &str) -> Result<(), EngineError> {
    let name = subject(name)?;
    client
        .groups()
        .set_subject(group_jid(group)?, name)
        .await
        .map_err(error)
}

pub(crate) async fn describe(
    client: &Client,
    group: &Jid,
    text: Option<&str>,
) -> Result<(), EngineError> {
    let text = text
        .map(|t| GroupDescription::new(t).map_err(|e| EngineError::Rejected(e.to_string())))
        .transpose()?;
    client
        .groups()
        .set_description(group_jid(group)?, text, PreviousDescription::Resolve)
        .await
        .map_err(error)
}

pub(crate) async fn setting(
    client: &Client,
    group: &Jid,
    setting: GroupSetting,
) -> Result<(), EngineError> {
    let jid = group_jid(group)?;
    match setting {
        GroupSetting::Announce(on) => client.groups().set_announce(jid, on).await,
        GroupSetting::Locked(on) => client.groups().set_locked(jid, on).await,
    }
    .map_err(error)
}

pub(crate) async fn invite(
    client: &Client,
    group: &Jid,
    reset: bool,
) -> Result<String, EngineError> {
    let link = client
        .groups()
        .get_invite_link(group_jid(group)?, reset)
        .await
        .map_err(error)?;
    Ok(link.rsplit('/').next().unwrap_or_default().to_string())
}

pub(crate) async fn join(client: &Client, code: &str) -> Result<Jid, EngineError> {
    let code = code.trim();
    let code = code.rsplit('/').next().unwrap_or_default();
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    if code.is_empty() || code.len() > 64 || !code.bytes().all(allowed) {
        return Err(EngineError::Rejected("not a WhatsApp invite code".into()));
    }
    let joined = client
        .groups()
        .join_with_invite_code(code)
        .await
        .map_err(error)?;
    let jid = match &joined {
        JoinGroupResult::Joined(jid) | JoinGroupResult::PendingApproval(jid) => jid,
    };
    from_wa(jid).ok_or_else(|| EngineError::Other(format!("WhatsApp named an odd group: {jid}")))
}

pub(crate) async fn leave(client: &Client, group: &Jid) -> Result<(), EngineError> {
    client
        .groups()
        .leave(group_jid(group)?)
        .await
        .map_err(error)
}
