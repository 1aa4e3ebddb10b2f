//! Groups: read from WhatsApp through the engine and kept in a per-device cache, changed through
//! the engine. Changes come back as `EngineEvent::Group` notifications (ours too), and
//! [`record_change`] is the one way into the cache and the `group.*` events.

use gerbang_core::device::{Device, DeviceStatus};
use gerbang_core::engine::{EngineError, EngineKind};
use gerbang_core::group::{CachedGroup, GroupFilter, GroupSetting, ParticipantAction};
use gerbang_core::jid::{Jid, JidKind, Phone};
use gerbang_core::{Page, PageRequest};

use crate::validate::Fields;
use crate::{App, AppError, AppResult, Principal};

mod events;
mod sending;
mod types;

pub use events::record_change;
pub use sending::{GroupJobInput, GroupMediaJobInput, MentionInput, SendGroupInput};
pub use types::{
    AdminGroupQuery, CreateGroupInput, GroupDetails, GroupList, GroupListQuery, GroupSettingsInput,
    InviteLink, JoinInput, Joined, ParticipantsInput, ParticipantsResult, UpdateGroupInput,
};

/// WhatsApp's limits.
pub const MAX_SUBJECT: usize = 100;
pub const MAX_DESCRIPTION: usize = 2048;
/// WhatsApp groups hold at most 1024 members; no one request names more.
pub const MAX_PARTICIPANTS: usize = 1024;
pub const INVITE_PREFIX: &str = "https://chat.whatsapp.com/";

/// A group id from a path or body: `120363…@g.us` or just `120363…`.
pub fn group_jid(field: &str, input: &str) -> AppResult<Jid> {
    let input = input.trim();
    let full = if input.contains('@') {
        input.to_string()
    } else {
        format!("{input}@g.us")
    };
    match Jid::parse(&full) {
        Ok(j) if j.is_group() => Ok(j),
        _ => Err(AppError::field(field, "not a group id (120363…@g.us)")),
    }
}

/// Members named in a request: people (`…@s.whatsapp.net`, `…@lid`), 1 to 1024 of them.
pub(crate) fn members(f: &mut Fields, field: &str, list: &[String], required: bool) -> Vec<Jid> {
    if list.len() > MAX_PARTICIPANTS {
        f.add(field, format!("at most {MAX_PARTICIPANTS} members"));
        return Vec::new();
    }
    if required && list.is_empty() {
        f.add(field, "name at least one member");
    }
    let mut out: Vec<Jid> = Vec::with_capacity(list.len());
    for (i, m) in list.iter().enumerate() {
        match Jid::parse(m) {
            Ok(j) if j.kind() == JidKind::Group => {
                f.add(&format!("{field}[{i}]"), "a group cannot be a member");
            }
            Ok(j) => {
                if !out.contains(&j) {
                    out.push(j);
                }
            }
            Err(e) => {
                f.add(&format!("{field}[{i}]"), e);
            }
        }
    }
    out
}

fn subject(f: &mut Fields, field: &str, s: &str) -> String {
    let s = s.trim();
    if s.is_empty() {
        f.add(field, "must not be empty");
    } else if s.chars().count() > MAX_SUBJECT {
        f.add(field, format!("must be at most {MAX_SUBJECT} characters"));
    }
    s.to_string()
}

/// What the engine's refusal means here: WhatsApp said no to this device (not an admin, …).
pub(crate) fn refused(e: EngineError) -> AppError {
    match e {
        EngineError::Rejected(reason) => AppError::Refused {
            code: "group_refused",
            message: reason,
        },
        other => other.into(),
    }
}

/// The invite code from a link or a bare code.
fn invite_code(input: &str) -> AppResult<String> {
    let s = input.trim();
    let code = s
        .strip_prefix(INVITE_PREFIX)
        .or_else(|| s.strip_prefix("http://chat.whatsapp.com/"))
        .or_else(|| s.strip_prefix("chat.whatsapp.com/"))
        .unwrap_or(s)
        .trim_end_matches('/');
    if code.is_empty() || code.len() > 64 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(AppError::field(
            "invite",
            "give https://chat.whatsapp.com/<code> or the code (letters and digits)",
        ));
    }
    Ok(code.to_string())
}

fn own_phone(device: &Device) -> Option<Phone> {
    device
        .phone_number
        .as_deref()
        .and_then(|p| Phone::parse(p).ok())
}

impl App {
    fn simulated(device: &Device) -> bool {
        device.engine == EngineKind::Sim
    }

    /// The group as WhatsApp describes it now (refreshing the cache), or from the cache while the
    /// device is offline; 404 when neither knows it (a group we are not in is invisible).
    pub(crate) async fn fetch_group(
        &self,
        device: &Device,
        group: &Jid,
    ) -> AppResult<(CachedGroup, bool)> {
        if device.status == DeviceStatus::Connected {
            let engine = self.runtime.engines.get(device.engine)?;
            match engine.group_info(&device.device_id, group).await {
                Ok(info) => {
                    self.store
                        .save_group(&device.device_id, &info, None)
                        .await?;
                    // WhatsApp's answer, not the row read back: a notification being recorded
                    // meanwhile may briefly hold the row at an older state.
                    let updated_at = self
                        .store
                        .cached_group(&device.device_id, group)
                        .await?
                        .map_or_else(chrono::Utc::now, |g| g.updated_at);
                    let fresh = CachedGroup {
                        device_id: device.device_id.clone(),
                        info,
                        updated_at,
                    };
                    return Ok((fresh, false));
                }
                Err(EngineError::Rejected(_)) => return Err(AppError::NotFound("group")),
                Err(EngineError::NotConnected | EngineError::Unsupported(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
        match self.store.cached_group(&device.device_id, group).await? {
            Some(g) => Ok((g, true)),
            None => Err(AppError::NotFound("group")),
        }
    }

    /// A connected device and a group it knows: what every change needs first.
    async fn group_target(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
    ) -> AppResult<(Device, Jid)> {
        let jid = group_jid("groupId", group)?;
        let device = self.connected_device(who, device_id).await?;
        if self
            .store
            .cached_group(&device.device_id, &jid)
            .await?
            .is_none()
        {
            self.fetch_group(&device, &jid).await?;
        }
        Ok((device, jid))
    }

    pub async fn list_groups(
        &self,
        who: &Principal,
        device_id: &str,
        q: GroupListQuery,
    ) -> AppResult<GroupList> {
        let device = self.device_for(who, device_id).await?;
        let mut cached = true;
        if q.refresh != Some(false) && device.status == DeviceStatus::Connected {
            let engine = self.runtime.engines.get(device.engine)?;
            match engine.groups(&device.device_id).await {
                Ok(groups) => {
                    self.store
                        .replace_groups(&device.device_id, &groups)
                        .await?;
                    cached = false;
                }
                Err(EngineError::NotConnected | EngineError::Unsupported(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(GroupList {
            groups: self.store.cached_groups(&device.device_id).await?,
            cached,
            simulated: Self::simulated(&device),
        })
    }

    pub async fn group_details(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
    ) -> AppResult<GroupDetails> {
        let jid = group_jid("groupId", group)?;
        let device = self.device_for(who, device_id).await?;
        let (group, cached) = self.fetch_group(&device, &jid).await?;
        let my_role = own_phone(&device).and_then(|me| {
            group
                .info
                .participants
                .iter()
                .find(|p| p.phone.as_ref() == Some(&me) || p.jid == me.jid())
                .map(|p| p.role)
        });
        let mut invite_link = None;
        if !cached && my_role.is_some_and(|r| r.is_admin()) {
            let engine = self.runtime.engines.get(device.engine)?;
            if let Ok(code) = engine
                .group_invite_code(&device.device_id, &jid, false)
                .await
            {
                invite_link = Some(format!("{INVITE_PREFIX}{code}"));
            }
        }
        Ok(GroupDetails {
            group,
            my_role,
            invite_link,
            cached,
            simulated: Self::simulated(&device),
        })
    }

    pub async fn create_group(
        &self,
        who: &Principal,
        device_id: &str,
        input: CreateGroupInput,
    ) -> AppResult<CachedGroup> {
        let mut f = Fields::new();
        let subject = subject(&mut f, "subject", &input.subject);
        let participants = members(&mut f, "participants", &input.participants, false);
        f.finish()?;
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        let info = engine
            .create_group(&device.device_id, &subject, &participants)
            .await
            .map_err(refused)?;
        // Cached now so the answer and an immediate list agree; the `Joined` notification that
        // follows records `group.joined`.
        self.store
            .save_group(&device.device_id, &info, None)
            .await?;
        self.store
            .cached_group(&device.device_id, &info.jid)
            .await?
            .ok_or(AppError::NotFound("group"))
    }

    pub async fn change_participants(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
        action: ParticipantAction,
        input: ParticipantsInput,
    ) -> AppResult<ParticipantsResult> {
        let mut list = input.participants;
        list.extend(input.participant);
        let mut f = Fields::new();
        let targets = members(&mut f, "participants", &list, true);
        f.finish()?;
        let (device, jid) = self.group_target(who, device_id, group).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        let results = engine
            .update_participants(&device.device_id, &jid, action, &targets)
            .await
            .map_err(refused)?;
        Ok(ParticipantsResult {
            group_jid: jid,
            action,
            results,
            simulated: Self::simulated(&device),
        })
    }

    /// One member from a path (`DELETE …/participants/{participantJid}`).
    pub async fn change_participant(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
        action: ParticipantAction,
        member: &str,
        field: &str,
    ) -> AppResult<ParticipantsResult> {
        match Jid::parse(member) {
            Ok(j) if j.kind() != JidKind::Group => {}
            Ok(_) => return Err(AppError::field(field, "a group cannot be a member")),
            Err(e) => return Err(AppError::field(field, e)),
        }
        let input = ParticipantsInput {
            participants: vec![member.to_string()],
            participant: None,
        };
        self.change_participants(who, device_id, group, action, input)
            .await
    }

    pub async fn update_group(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
        input: UpdateGroupInput,
    ) -> AppResult<GroupDetails> {
        let mut f = Fields::new();
        let new_subject = input
            .subject
            .as_deref()
            .map(|s| subject(&mut f, "subject", s));
        if let Some(d) = &input.description {
            if d.chars().count() > MAX_DESCRIPTION {
                f.add(
                    "description",
                    format!("must be at most {MAX_DESCRIPTION} characters"),
                );
            }
        }
        if input.subject.is_none() && input.description.is_none() {
            f.add("subject", "give subject or description");
        }
        f.finish()?;
        let (device, jid) = self.group_target(who, device_id, group).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        if let Some(s) = &new_subject {
            engine
                .set_group_subject(&device.device_id, &jid, s)
                .await
                .map_err(refused)?;
        }
        if let Some(d) = &input.description {
            let d = Some(d.trim()).filter(|d| !d.is_empty());
            engine
                .set_group_description(&device.device_id, &jid, d)
                .await
                .map_err(refused)?;
        }
        self.group_details(who, device_id, jid.as_str()).await
    }

    pub async fn group_settings(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
        input: GroupSettingsInput,
    ) -> AppResult<GroupDetails> {
        if input.announce.is_none() && input.locked.is_none() {
            return Err(AppError::field("announce", "give announce or locked"));
        }
        let (device, jid) = self.group_target(who, device_id, group).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        let settings = input
            .announce
            .map(GroupSetting::Announce)
            .into_iter()
            .chain(input.locked.map(GroupSetting::Locked));
        for setting in settings {
            engine
                .set_group_setting(&device.device_id, &jid, setting)
                .await
                .map_err(refused)?;
        }
        self.group_details(who, device_id, jid.as_str()).await
    }

    pub async fn invite_link(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
        reset: bool,
    ) -> AppResult<InviteLink> {
        let (device, jid) = self.group_target(who, device_id, group).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        let code = engine
            .group_invite_code(&device.device_id, &jid, reset)
            .await
            .map_err(refused)?;
        Ok(InviteLink {
            group_jid: jid,
            link: format!("{INVITE_PREFIX}{code}"),
            code,
            simulated: Self::simulated(&device),
        })
    }

    pub async fn join_group(
        &self,
        who: &Principal,
        device_id: &str,
        input: JoinInput,
    ) -> AppResult<Joined> {
        let code = invite_code(&input.invite)?;
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        let jid = engine
            .join_group(&device.device_id, &code)
            .await
            .map_err(|e| match e {
                EngineError::Rejected(reason) => AppError::Conflict {
                    field: Some("invite".into()),
                    message: reason,
                },
                other => other.into(),
            })?;
        Ok(Joined {
            group_jid: jid,
            simulated: Self::simulated(&device),
        })
    }

    pub async fn leave_group(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
    ) -> AppResult<Jid> {
        let (device, jid) = self.group_target(who, device_id, group).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        engine
            .leave_group(&device.device_id, &jid)
            .await
            .map_err(refused)?;
        Ok(jid)
    }

    pub async fn admin_groups(&self, q: AdminGroupQuery) -> AppResult<Page<CachedGroup>> {
        let filter = GroupFilter {
            device_id: q.device_id.filter(|d| !d.trim().is_empty()),
            user_id: q.user_id,
            search: q.search.filter(|s| !s.trim().is_empty()),
            page: PageRequest::new(q.page.unwrap_or(1), q.per_page.unwrap_or(20)),
        };
        Ok(self.store.admin_groups(&filter).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_ids_with_or_without_the_server() {
        assert_eq!(
            group_jid("g", "120363001").unwrap().as_str(),
            "120363001@g.us"
        );
        assert_eq!(
            group_jid("g", " 120363001@g.us ").unwrap().as_str(),
            "120363001@g.us"
        );
        assert!(group_jid("g", "6281234567890@s.whatsapp.net").is_err());
        assert!(group_jid("g", "").is_err());
        assert!(group_jid("g", "abc").is_err());
    }

    #[test]
    fn invite_links_and_codes() {
        assert_eq!(
            invite_code("https://chat.whatsapp.com/AbC123").unwrap(),
            "AbC123"
        );
        assert_eq!(invite_code("AbC123").unwrap(), "AbC123");
        assert!(invite_code("https://chat.whatsapp.com/").is_err());
        assert!(invite_code("a b").is_err());
        assert!(invite_code(&"a".repeat(65)).is_err());
    }
}
