//! What the group routes take and answer.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use gerbang_core::group::{CachedGroup, ParticipantAction, ParticipantOutcome};
use gerbang_core::jid::Jid;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupList {
    pub groups: Vec<CachedGroup>,
    /// True when this list is the cache (the device is offline, or `refresh=false`), not a fresh
    /// answer from WhatsApp.
    pub cached: bool,
    pub simulated: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupDetails {
    #[serde(flatten)]
    pub group: CachedGroup,
    /// This device's role in the group (`member`, `admin`, `owner`), when known.
    pub my_role: Option<gerbang_core::group::ParticipantRole>,
    /// `https://chat.whatsapp.com/…`, when this device is an admin and connected.
    pub invite_link: Option<String>,
    pub cached: bool,
    pub simulated: bool,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct GroupListQuery {
    /// `false` answers from the cache without asking WhatsApp (default `true`; the cache is
    /// used anyway while the device is offline).
    pub refresh: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateGroupInput {
    /// 1 to 100 characters; also accepted as `name`.
    #[serde(alias = "name")]
    pub subject: String,
    /// Phone numbers or JIDs of the first members (at most 1024).
    #[serde(default)]
    pub participants: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantsInput {
    /// Phone numbers or JIDs (at most 1024); also accepted as `participant` (one) or `admins`.
    #[serde(default, alias = "admins", alias = "members")]
    pub participants: Vec<String>,
    /// One member, for clients that name one.
    #[serde(alias = "participantJid", alias = "adminJid", alias = "phone")]
    pub participant: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantsResult {
    pub group_jid: Jid,
    pub action: ParticipantAction,
    /// One outcome per member named: WhatsApp answers member by member.
    pub results: Vec<ParticipantOutcome>,
    pub simulated: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateGroupInput {
    /// 1 to 100 characters; also accepted as `name`.
    #[serde(alias = "name")]
    pub subject: Option<String>,
    /// At most 2048 characters; an empty text removes the description.
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupSettingsInput {
    /// Only admins may send messages.
    pub announce: Option<bool>,
    /// Only admins may edit the subject, description and settings.
    pub locked: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InviteLink {
    pub group_jid: Jid,
    pub code: String,
    pub link: String,
    pub simulated: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JoinInput {
    /// `https://chat.whatsapp.com/<code>` or the code alone; also accepted as `code`, `link`.
    #[serde(alias = "code", alias = "link", alias = "inviteCode")]
    pub invite: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Joined {
    pub group_jid: Jid,
    pub simulated: bool,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct AdminGroupQuery {
    #[serde(default, deserialize_with = "gerbang_core::page::page")]
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[serde(alias = "limit")]
    #[serde(default, deserialize_with = "gerbang_core::page::per_page")]
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    pub device_id: Option<String>,
    pub user_id: Option<gerbang_core::user::UserId>,
    /// Matches the subject or the group jid.
    pub search: Option<String>,
}
