//! Groups at seed 001's paths (`…/devices/{deviceId}/groups…`, `send-group-message`) and
//! Gerbang's extras beside them. Authorization is the device rule (owner, admin, the device's
//! API key); only `group-chat-history` stays admin-only (see chats.rs).

use axum::extract::{DefaultBodyLimit, State};
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::groups::{
    AdminGroupQuery, CreateGroupInput, GroupDetails, GroupJobInput, GroupList, GroupListQuery,
    GroupMediaJobInput, GroupSettingsInput, InviteLink, JoinInput, Joined, MentionInput,
    ParticipantsInput, ParticipantsResult, SendGroupInput, UpdateGroupInput,
};
use gerbang_app::messages::{MediaUrlInput, SendResult};
use gerbang_core::group::{CachedGroup, ParticipantAction};
use gerbang_core::job::Job;
use gerbang_core::Page;

use super::messaging::{read_media_body_for, MediaBody, MediaForm, MEDIA_BODY_LIMIT};
use crate::auth::{AdminAuth, Auth};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, Query};
use crate::reply::{Created, Data, Done, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_media))
        .layer(DefaultBodyLimit::max(MEDIA_BODY_LIMIT))
        .routes(routes!(list, create))
        .routes(routes!(info))
        .routes(routes!(send_message))
        .routes(routes!(mention))
        .routes(routes!(media_job))
        .routes(routes!(text_job))
        .routes(routes!(add))
        .routes(routes!(kick))
        .routes(routes!(promote))
        .routes(routes!(demote))
        .routes(routes!(update))
        .routes(routes!(settings))
        .routes(routes!(invite_link))
        .routes(routes!(revoke_invite))
        .routes(routes!(join))
        .routes(routes!(leave))
        .routes(routes!(admin_list))
}

/// The device's groups, from WhatsApp (refreshing the cache), or from the cache while the device
/// is offline or with `refresh=false`: `cached` says which.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), GroupListQuery),
    responses((status = 200, body = Envelope<GroupList>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 502, body = ErrorBody)))]
async fn list(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<GroupListQuery>,
) -> ApiResult<Data<GroupList>> {
    Ok(Data(s.app.list_groups(&who, &id, q).await?))
}

/// Creates a group with this device as its owner and the given members.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = CreateGroupInput,
    responses((status = 201, body = Envelope<CachedGroup>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "also `group_refused`: WhatsApp said no"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn create(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<CreateGroupInput>,
) -> ApiResult<Created<CachedGroup>> {
    Ok(Created(s.app.create_group(&who, &id, input).await?))
}

/// Subject, description, owner, members with roles, settings; the invite link when this device
/// is an admin. From the cache (`cached: true`) while the device is offline.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/info", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path, description = "with or without @g.us")),
    responses((status = 200, body = Envelope<GroupDetails>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "no such device, or a group this device is not in"),
        (status = 502, body = ErrorBody)))]
async fn info(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group)): Path<(String, String)>,
) -> ApiResult<Data<GroupDetails>> {
    Ok(Data(s.app.group_details(&who, &id, &group).await?))
}

/// Sends a text to a group (with mentions and replies as `send-message`).
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/send-group-message", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = SendGroupInput,
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 429, body = ErrorBody), (status = 502, body = ErrorBody, description = "`send_failed` (e.g. only admins may send)")))]
async fn send_message(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<SendGroupInput>,
) -> ApiResult<Data<SendResult>> {
    Ok(Data(s.app.send_group_message(&who, &id, input).await?))
}

/// Sends a text that mentions every member (but this device), or the listed ones; their
/// `@numbers` are appended to the text unless it holds them already.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/mention-message", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path)), request_body = MentionInput,
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 429, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn mention(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group)): Path<(String, String)>,
    Json(input): Json<MentionInput>,
) -> ApiResult<Data<SendResult>> {
    Ok(Data(
        s.app.send_group_mention(&who, &id, &group, input).await?,
    ))
}

/// Sends media to the group: uploaded as `multipart/form-data` (no `phone` needed) or fetched
/// from a URL given as JSON; limits as `send-media`.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/send-media", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path)),
    request_body(content((MediaForm = "multipart/form-data"), (MediaUrlInput = "application/json"))),
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn send_media(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group)): Path<(String, String)>,
    request: axum::extract::Request,
) -> ApiResult<Data<SendResult>> {
    let body = read_media_body_for(&s, request, Some(group.as_str())).await?;
    Ok(Data(match body {
        MediaBody::Url(input) => s.app.send_group_media_url(&who, &id, &group, input).await?,
        MediaBody::Upload(upload) => s.app.send_group_media(&who, &id, &group, upload).await?,
    }))
}

/// A paced media job whose recipients are the group's members, each messaged privately (not in
/// the group); `participants` picks some; this device's own number is left out.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/jobs/send-media", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path)), request_body = GroupMediaJobInput,
    responses((status = 201, body = Envelope<Job>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn media_job(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group)): Path<(String, String)>,
    Json(input): Json<GroupMediaJobInput>,
) -> ApiResult<Created<Job>> {
    Ok(Created(
        s.app
            .create_group_media_job(&who, &id, &group, input)
            .await?,
    ))
}

/// A paced text job whose recipients are the group's members, each messaged privately;
/// `participants` picks some; this device's own number is left out.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/jobs/send-text", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path)), request_body = GroupJobInput,
    responses((status = 201, body = Envelope<Job>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 502, body = ErrorBody)))]
async fn text_job(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group)): Path<(String, String)>,
    Json(input): Json<GroupJobInput>,
) -> ApiResult<Created<Job>> {
    Ok(Created(
        s.app.create_group_job(&who, &id, &group, input).await?,
    ))
}

/// Adds members (admins of the group only); one outcome per member.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/participants", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path)), request_body = ParticipantsInput,
    responses((status = 200, body = Envelope<ParticipantsResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "also `group_refused`: not a group admin"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn add(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group)): Path<(String, String)>,
    Json(input): Json<ParticipantsInput>,
) -> ApiResult<Data<ParticipantsResult>> {
    let action = ParticipantAction::Add;
    Ok(Data(
        s.app
            .change_participants(&who, &id, &group, action, input)
            .await?,
    ))
}

/// Removes a member (admins of the group only; the creator cannot be removed).
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/participants/{participantJid}", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path), ("participantJid" = String, Path)),
    responses((status = 200, body = Envelope<ParticipantsResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn kick(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group, member)): Path<(String, String, String)>,
) -> ApiResult<Data<ParticipantsResult>> {
    let action = ParticipantAction::Remove;
    Ok(Data(
        s.app
            .change_participant(&who, &id, &group, action, &member, "participantJid")
            .await?,
    ))
}

/// Makes members admins (admins of the group only).
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/admins", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path)), request_body = ParticipantsInput,
    responses((status = 200, body = Envelope<ParticipantsResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn promote(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group)): Path<(String, String)>,
    Json(input): Json<ParticipantsInput>,
) -> ApiResult<Data<ParticipantsResult>> {
    let action = ParticipantAction::Promote;
    Ok(Data(
        s.app
            .change_participants(&who, &id, &group, action, input)
            .await?,
    ))
}

/// Makes an admin a plain member again (admins of the group only; not the creator).
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/admins/{adminJid}", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path), ("adminJid" = String, Path)),
    responses((status = 200, body = Envelope<ParticipantsResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn demote(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group, member)): Path<(String, String, String)>,
) -> ApiResult<Data<ParticipantsResult>> {
    let action = ParticipantAction::Demote;
    Ok(Data(
        s.app
            .change_participant(&who, &id, &group, action, &member, "adminJid")
            .await?,
    ))
}

/// Changes the subject and/or the description (an empty description removes it).
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path)), request_body = UpdateGroupInput,
    responses((status = 200, body = Envelope<GroupDetails>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "also `group_refused`: the group is locked to admins"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn update(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group)): Path<(String, String)>,
    Json(input): Json<UpdateGroupInput>,
) -> ApiResult<Data<GroupDetails>> {
    Ok(Data(s.app.update_group(&who, &id, &group, input).await?))
}

/// `announce` (only admins send) and `locked` (only admins edit the info); admins only.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/settings", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path)), request_body = GroupSettingsInput,
    responses((status = 200, body = Envelope<GroupDetails>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn settings(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group)): Path<(String, String)>,
    Json(input): Json<GroupSettingsInput>,
) -> ApiResult<Data<GroupDetails>> {
    Ok(Data(s.app.group_settings(&who, &id, &group, input).await?))
}

/// The group's invite link (admins of the group only).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/invite-link", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path)),
    responses((status = 200, body = Envelope<InviteLink>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn invite_link(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group)): Path<(String, String)>,
) -> ApiResult<Data<InviteLink>> {
    Ok(Data(s.app.invite_link(&who, &id, &group, false).await?))
}

/// Resets the invite link: the old one stops working; answers the new one.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/invite-link/revoke", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path)),
    responses((status = 200, body = Envelope<InviteLink>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn revoke_invite(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group)): Path<(String, String)>,
) -> ApiResult<Data<InviteLink>> {
    Ok(Data(s.app.invite_link(&who, &id, &group, true).await?))
}

/// Joins a group by invite link or code.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/join", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = JoinInput,
    responses((status = 200, body = Envelope<Joined>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not connected, or the invite is not valid (`fields.invite`)"),
        (status = 502, body = ErrorBody)))]
async fn join(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<JoinInput>,
) -> ApiResult<Data<Joined>> {
    Ok(Data(s.app.join_group(&who, &id, input).await?))
}

/// Leaves the group; it disappears from the device's list (`group.left`).
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/leave", tag = "groups",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path)),
    responses((status = 200, body = Envelope<Done>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn leave(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group)): Path<(String, String)>,
) -> ApiResult<Data<Done>> {
    let jid = s.app.leave_group(&who, &id, &group).await?;
    Ok(Done::new(format!("left {jid}")))
}

/// Every device's cached groups, most recently changed first (administrators).
#[utoipa::path(get, path = "/api/admin/groups", tag = "groups", security(("bearer" = [])),
    params(AdminGroupQuery),
    responses((status = 200, body = Envelope<Page<CachedGroup>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn admin_list(
    State(s): State<AppState>,
    _admin: AdminAuth,
    Query(q): Query<AdminGroupQuery>,
) -> ApiResult<Data<Page<CachedGroup>>> {
    Ok(Data(s.app.admin_groups(q).await?))
}
