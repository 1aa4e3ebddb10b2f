//! Channels (newsletters), read-only, under the device's path: the channels the number
//! follows, one channel, follow / unfollow, recent posts. `{channel}` is a channel's JID
//! (`…@newsletter`), its number, or the code of its invite link. Authorization is the device
//! rule (owner, admin, the device's API key).

use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::channels::{ChannelList, ChannelPosts, ChannelPostsQuery, ChannelView};

use crate::auth::Auth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Path, Query};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(followed))
        .routes(routes!(channel))
        .routes(routes!(follow))
        .routes(routes!(unfollow))
        .routes(routes!(posts))
}

/// The channels this number follows, by name.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/channels", tag = "channels",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<ChannelList>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn followed(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<ChannelList>> {
    Ok(Data(s.app.channels(&who, &id).await?))
}

/// One channel, followed or not: name, description, followers, invite code, and whether this
/// number follows it.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/channels/{channel}", tag = "channels",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("channel" = String, Path, description = "the channel's JID (`…@newsletter`), its number, or its invite code")),
    responses((status = 200, body = Envelope<ChannelView>),
        (status = 400, body = ErrorBody, description = "`channel` is not a channel JID or invite code"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "no such device, or WhatsApp knows no such channel"),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn channel(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, channel)): Path<(String, String)>,
) -> ApiResult<Data<ChannelView>> {
    Ok(Data(s.app.channel(&who, &id, &channel).await?))
}

/// Follows a channel; following one already followed changes nothing.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/channels/{channel}/follow", tag = "channels",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("channel" = String, Path, description = "the channel's JID (`…@newsletter`), its number, or its invite code")),
    responses((status = 200, body = Envelope<ChannelView>),
        (status = 400, body = ErrorBody, description = "`channel` is not a channel JID or invite code"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "no such device, or WhatsApp knows no such channel"),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn follow(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, channel)): Path<(String, String)>,
) -> ApiResult<Data<ChannelView>> {
    Ok(Data(
        s.app
            .set_following_channel(&who, &id, &channel, true)
            .await?,
    ))
}

/// Unfollows a channel; unfollowing one not followed changes nothing.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/channels/{channel}/unfollow", tag = "channels",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("channel" = String, Path, description = "the channel's JID (`…@newsletter`), its number, or its invite code")),
    responses((status = 200, body = Envelope<ChannelView>),
        (status = 400, body = ErrorBody, description = "`channel` is not a channel JID or invite code"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "no such device, or WhatsApp knows no such channel"),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn unfollow(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, channel)): Path<(String, String)>,
) -> ApiResult<Data<ChannelView>> {
    Ok(Data(
        s.app
            .set_following_channel(&who, &id, &channel, false)
            .await?,
    ))
}

/// A channel's recent posts, newest first (text, captions, reaction counts); page back with
/// `before`. A channel need not be followed to be read.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/channels/{channel}/posts", tag = "channels",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("channel" = String, Path, description = "the channel's JID (`…@newsletter`), its number, or its invite code"), ChannelPostsQuery),
    responses((status = 200, body = Envelope<ChannelPosts>),
        (status = 400, body = ErrorBody, description = "`channel`, `count` or `before` is invalid"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "no such device, or WhatsApp knows no such channel"),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn posts(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, channel)): Path<(String, String)>,
    Query(q): Query<ChannelPostsQuery>,
) -> ApiResult<Data<ChannelPosts>> {
    Ok(Data(s.app.channel_posts(&who, &id, &channel, q).await?))
}
