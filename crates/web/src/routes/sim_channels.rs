//! The simulator's channel controls: a channel exists on the simulated network and its
//! publisher posts to it, so that devices can follow and read it. Only when the simulator is
//! enabled; every answer says `"simulated": true`.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_core::channel::{ChannelPost, ChannelRef};

use super::sim::{sim, sim_error};
use crate::auth::UserAuth;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Created, Envelope};
use crate::AppState;

/// WhatsApp's limits on a channel's name and description.
const MAX_NAME: usize = 100;
const MAX_DESCRIPTION: usize = 2048;
const MAX_POST: usize = 65_536;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_channel))
        .routes(routes!(publish))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ChannelInput {
    #[schema(example = "Info Promo Toko")]
    name: String,
    description: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct SimChannel {
    #[schema(example = "120363000000000001@newsletter")]
    jid: String,
    invite_code: String,
    simulated: bool,
}

#[derive(Deserialize, ToSchema)]
struct PostInput {
    text: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct SimChannelPost {
    post: ChannelPost,
    simulated: bool,
}

/// Creates a channel on the simulated network, which any simulated device can then follow.
#[utoipa::path(post, path = "/api/sim/channels", tag = "simulator", security(("bearer" = [])),
    request_body = ChannelInput,
    responses((status = 201, body = Envelope<SimChannel>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn create_channel(
    State(s): State<AppState>,
    _user: UserAuth,
    Json(input): Json<ChannelInput>,
) -> ApiResult<Created<SimChannel>> {
    let sim = sim(&s)?;
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(ApiError::invalid_field(
            "name",
            format!("1 to {MAX_NAME} characters"),
        ));
    }
    let description = input
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    if description.is_some_and(|d| d.chars().count() > MAX_DESCRIPTION) {
        return Err(ApiError::invalid_field(
            "description",
            format!("at most {MAX_DESCRIPTION} characters"),
        ));
    }
    let (jid, invite_code) = sim.create_channel(name, description);
    Ok(Created(SimChannel {
        jid,
        invite_code,
        simulated: true,
    }))
}

/// The channel's publisher posts a text, as the channel's owner would from a phone.
#[utoipa::path(post, path = "/api/sim/channels/{channel}/posts", tag = "simulator", security(("bearer" = [])),
    params(("channel" = String, Path, description = "the channel's JID (`…@newsletter`) or its number")),
    request_body = PostInput,
    responses((status = 201, body = Envelope<SimChannelPost>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "no such channel on the simulated network")))]
async fn publish(
    State(s): State<AppState>,
    _user: UserAuth,
    Path(channel): Path<String>,
    Json(input): Json<PostInput>,
) -> ApiResult<Created<SimChannelPost>> {
    let sim = sim(&s)?;
    let jid = match ChannelRef::parse(&channel) {
        Ok(ChannelRef::Jid(jid)) => jid,
        _ => {
            return Err(ApiError::invalid_field(
                "channel",
                "a channel JID (…@newsletter) or its number",
            ))
        }
    };
    let text = input.text.trim();
    if text.is_empty() || text.len() > MAX_POST {
        return Err(ApiError::invalid_field(
            "text",
            format!("1 to {MAX_POST} bytes"),
        ));
    }
    let post = match sim.channel_publish(&jid, text) {
        Ok(post) => post,
        Err(gerbang_core::sim::SimError::NoSuchChannel) => {
            return Err(ApiError::not_found("channel"));
        }
        Err(e) => return Err(sim_error(e)),
    };
    Ok(Created(SimChannelPost {
        post,
        simulated: true,
    }))
}
