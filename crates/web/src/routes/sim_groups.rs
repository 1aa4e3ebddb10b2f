//! The simulator's group controls: act as other (virtual) members of the simulated network, so
//! integrators and tests can build group scenarios without a phone. Only when the simulator is
//! enabled; every answer says `"simulated": true`.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_core::group::{GroupInfo, ParticipantAction, ParticipantOutcome};
use gerbang_core::jid::{Jid, Phone};
use gerbang_core::sim::{SimDelivery, SimError};

use super::sim::{phone, sim, sim_error};
use crate::auth::{AdminAuth, UserAuth};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Created, Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(view))
        .routes(routes!(post_message))
        .routes(routes!(participants))
        .routes(routes!(inbox))
}

/// WhatsApp groups hold at most 1024 members.
const MAX_MEMBERS: usize = 1024;

fn group(input: &str) -> ApiResult<Jid> {
    gerbang_app::groups::group_jid("groupJid", input).map_err(ApiError::from)
}

/// A group the network holds (to anyone asking through the simulator's controls).
fn existing(sim: &dyn gerbang_core::sim::SimControl, input: &str) -> ApiResult<Jid> {
    let jid = group(input)?;
    match sim.group(&jid) {
        Some(_) => Ok(jid),
        None => Err(ApiError::not_found("group not found")),
    }
}

fn phones(field: &str, list: &[String]) -> ApiResult<Vec<Phone>> {
    if list.len() > MAX_MEMBERS {
        return Err(ApiError::invalid_field(field, "at most 1024 members"));
    }
    list.iter()
        .enumerate()
        .map(|(i, p)| phone(&format!("{field}[{i}]"), p))
        .collect()
}

/// A refusal by the simulated network is the member's problem, not a server fault.
fn refused(e: SimError) -> ApiError {
    match e {
        SimError::Refused(reason) => ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "group_refused",
            format!("{reason} (simulated)"),
        ),
        other => sim_error(other),
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct SimGroupView {
    #[serde(flatten)]
    group: GroupInfo,
    simulated: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct CreateInput {
    /// The simulated account that creates the group (its owner).
    creator: String,
    subject: String,
    /// Members' numbers (a linked device's number makes that device a member).
    #[serde(default)]
    participants: Vec<String>,
}

/// A simulated account creates a group; member devices are told (`group.joined`).
#[utoipa::path(post, path = "/api/sim/groups", tag = "simulator", security(("bearer" = [])),
    request_body = CreateInput,
    responses((status = 201, body = Envelope<Object>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create(
    State(s): State<AppState>,
    _user: UserAuth,
    Json(input): Json<CreateInput>,
) -> ApiResult<Created<SimGroupView>> {
    let sim = sim(&s)?;
    let creator = phone("creator", &input.creator)?;
    let members = phones("participants", &input.participants)?;
    let subject = input.subject.trim();
    if subject.is_empty() || subject.chars().count() > 100 {
        return Err(ApiError::invalid_field("subject", "1 to 100 characters"));
    }
    let group = sim
        .account_create_group(&creator, subject, &members)
        .map_err(refused)?;
    Ok(Created(SimGroupView {
        group,
        simulated: true,
    }))
}

/// A group as the simulated network holds it.
#[utoipa::path(get, path = "/api/sim/groups/{groupJid}", tag = "simulator", security(("bearer" = [])),
    params(("groupJid" = String, Path)),
    responses((status = 200, body = Envelope<Object>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn view(
    State(s): State<AppState>,
    _user: UserAuth,
    Path(jid): Path<String>,
) -> ApiResult<Data<SimGroupView>> {
    let sim = sim(&s)?;
    let jid = group(&jid)?;
    let group = sim
        .group(&jid)
        .ok_or_else(|| ApiError::not_found("group not found"))?;
    Ok(Data(SimGroupView {
        group,
        simulated: true,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct PostInput {
    /// The member that writes.
    from: String,
    text: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct Posted {
    message_id: String,
    simulated: bool,
}

/// A member writes in the group: every linked member device receives it (chat = the group,
/// sender = the member).
#[utoipa::path(post, path = "/api/sim/groups/{groupJid}/messages", tag = "simulator", security(("bearer" = [])),
    params(("groupJid" = String, Path)), request_body = PostInput,
    responses((status = 200, body = Envelope<Posted>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "`group_refused`: not a member, or announce is on"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn post_message(
    State(s): State<AppState>,
    _user: UserAuth,
    Path(jid): Path<String>,
    Json(input): Json<PostInput>,
) -> ApiResult<Data<Posted>> {
    let sim = sim(&s)?;
    let jid = existing(sim, &jid)?;
    let from = phone("from", &input.from)?;
    if input.text.trim().is_empty() {
        return Err(ApiError::invalid_field("text", "must not be empty"));
    }
    let message_id = sim
        .account_group_post(&from, &jid, &input.text)
        .map_err(refused)?;
    Ok(Data(Posted {
        message_id,
        simulated: true,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ParticipantsInput {
    /// The member making the change (an admin of the group, or it is refused).
    actor: String,
    /// `add`, `remove`, `promote` or `demote`.
    action: ParticipantAction,
    participants: Vec<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct Outcomes {
    results: Vec<ParticipantOutcome>,
    simulated: bool,
}

/// A member changes members; member devices are told (`group.participants`, and
/// `group.joined` / `group.left` to the devices added or removed).
#[utoipa::path(post, path = "/api/sim/groups/{groupJid}/participants", tag = "simulator", security(("bearer" = [])),
    params(("groupJid" = String, Path)), request_body = ParticipantsInput,
    responses((status = 200, body = Envelope<Outcomes>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "`group_refused`: not an admin of the group"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn participants(
    State(s): State<AppState>,
    _user: UserAuth,
    Path(jid): Path<String>,
    Json(input): Json<ParticipantsInput>,
) -> ApiResult<Data<Outcomes>> {
    let sim = sim(&s)?;
    let jid = existing(sim, &jid)?;
    let actor = phone("actor", &input.actor)?;
    if input.participants.is_empty() {
        return Err(ApiError::invalid_field(
            "participants",
            "name at least one member",
        ));
    }
    let members: Vec<Jid> = phones("participants", &input.participants)?
        .iter()
        .map(Phone::jid)
        .collect();
    let results = sim
        .account_update_participants(&actor, &jid, input.action, &members)
        .map_err(refused)?;
    Ok(Data(Outcomes {
        results,
        simulated: true,
    }))
}

/// What a simulated account received from linked devices (administrators: any number's
/// messages), oldest first; group messages appear in every member's inbox.
#[utoipa::path(get, path = "/api/sim/accounts/{phone}/inbox", tag = "simulator", security(("bearer" = [])),
    params(("phone" = String, Path)),
    responses((status = 200, body = Envelope<Vec<Object>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn inbox(
    State(s): State<AppState>,
    _admin: AdminAuth,
    Path(number): Path<String>,
) -> ApiResult<Data<Vec<SimDelivery>>> {
    let sim = sim(&s)?;
    let number = phone("phone", &number)?;
    Ok(Data(sim.inbox(&number)))
}
