//! WhatsApp groups as the engine port sees them: what a group is, what can be changed in it, and
//! the changes WhatsApp reports (notifications). Both engines speak these types; the app caches
//! them in the database and turns changes into `group.*` events.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::jid::{Jid, Phone};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ParticipantRole {
    Member,
    Admin,
    /// The creator (WhatsApp's "superadmin"); also an admin.
    Owner,
}

impl ParticipantRole {
    pub fn is_admin(self) -> bool {
        !matches!(self, ParticipantRole::Member)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ParticipantRole::Member => "member",
            ParticipantRole::Admin => "admin",
            ParticipantRole::Owner => "owner",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "member" => Some(ParticipantRole::Member),
            "admin" => Some(ParticipantRole::Admin),
            "owner" => Some(ParticipantRole::Owner),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupParticipant {
    /// As WhatsApp addresses the member: `…@s.whatsapp.net` or `…@lid`.
    pub jid: Jid,
    /// The member's number when WhatsApp gives it (also for `@lid` members).
    pub phone: Option<Phone>,
    pub role: ParticipantRole,
}

/// A group as WhatsApp describes it to one of its members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupInfo {
    /// `…@g.us`.
    pub jid: Jid,
    pub subject: String,
    pub description: Option<String>,
    pub owner: Option<Jid>,
    pub created_at: Option<DateTime<Utc>>,
    /// Only admins may send messages.
    pub announce: bool,
    /// Only admins may change the subject, description and settings.
    pub locked: bool,
    pub participants: Vec<GroupParticipant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ParticipantAction {
    Add,
    Remove,
    Promote,
    Demote,
}

impl ParticipantAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ParticipantAction::Add => "add",
            ParticipantAction::Remove => "remove",
            ParticipantAction::Promote => "promote",
            ParticipantAction::Demote => "demote",
        }
    }
}

/// What became of one member in a participants change: WhatsApp answers per member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantOutcome {
    pub jid: Jid,
    pub ok: bool,
    /// Why not, when `ok` is false (e.g. "not on WhatsApp", "not a member", "already a member").
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", tag = "setting", content = "enabled")]
pub enum GroupSetting {
    /// Only admins may send messages.
    Announce(bool),
    /// Only admins may edit the group's info.
    Locked(bool),
}

/// A change WhatsApp reported for a group this device is in (made by anyone, us included).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupChange {
    pub group: Jid,
    /// Who made the change, when WhatsApp says.
    pub author: Option<Jid>,
    pub at: DateTime<Utc>,
    pub kind: GroupChangeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum GroupChangeKind {
    /// We were added to (or created) a group; the full description follows.
    Joined(GroupInfo),
    /// We left or were removed: the group no longer belongs in this device's list.
    Left,
    Participants {
        action: ParticipantAction,
        participants: Vec<Jid>,
    },
    Subject(String),
    Description(Option<String>),
    Setting(GroupSetting),
    /// The invite link was reset; the old one no longer works.
    InviteRevoked,
}

/// A group as this gateway last heard of it for one device (the group cache).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CachedGroup {
    pub device_id: String,
    #[serde(flatten)]
    pub info: GroupInfo,
    /// When the cache last changed for this group.
    pub updated_at: DateTime<Utc>,
}

/// Which cached groups an administrator lists.
#[derive(Debug, Clone, Default)]
pub struct GroupFilter {
    pub device_id: Option<String>,
    pub user_id: Option<crate::user::UserId>,
    /// Matches the subject or the group jid.
    pub search: Option<String>,
    pub page: crate::PageRequest,
}

/// The per-device group cache. Writes that report a change take the event to append, so the
/// cache and the event log commit together.
#[async_trait::async_trait]
pub trait GroupStore: Send + Sync {
    /// Replaces the device's whole list with what WhatsApp just listed (groups not in it are
    /// forgotten), without events: a refresh is not news.
    async fn replace_groups(&self, device_id: &str, groups: &[GroupInfo])
        -> crate::StoreResult<()>;
    async fn cached_group(
        &self,
        device_id: &str,
        group: &Jid,
    ) -> crate::StoreResult<Option<CachedGroup>>;
    async fn cached_groups(&self, device_id: &str) -> crate::StoreResult<Vec<CachedGroup>>;
    /// Inserts or replaces one group, appending `event` in the same transaction.
    async fn save_group(
        &self,
        device_id: &str,
        info: &GroupInfo,
        event: Option<&crate::event::NewEvent>,
    ) -> crate::StoreResult<Option<crate::event::Event>>;
    /// Forgets one group, appending `event` in the same transaction.
    async fn forget_group(
        &self,
        device_id: &str,
        group: &Jid,
        event: Option<&crate::event::NewEvent>,
    ) -> crate::StoreResult<Option<crate::event::Event>>;
    async fn admin_groups(
        &self,
        filter: &GroupFilter,
    ) -> crate::StoreResult<crate::Page<CachedGroup>>;
}
