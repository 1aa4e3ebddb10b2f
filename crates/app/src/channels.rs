//! Channels (newsletters), read-only: the channels a number follows, one channel's details,
//! following and unfollowing, and its recent posts. Nothing is stored: WhatsApp is asked each
//! time, as it holds the channel and the follow.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use gerbang_core::channel::{ChannelInfo, ChannelPost, ChannelRef};
use gerbang_core::engine::{Engine, EngineKind};

use crate::{App, AppError, AppResult, Principal};

/// How many posts one read returns at most, and by default.
pub const MAX_POSTS: u32 = 100;
pub const DEFAULT_POSTS: u32 = 20;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChannelList {
    pub device_id: String,
    pub channels: Vec<ChannelInfo>,
    /// True when the device runs on the simulator: nothing reached WhatsApp.
    pub simulated: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChannelView {
    pub device_id: String,
    pub channel: ChannelInfo,
    /// Whether this number follows the channel (after a follow or unfollow: the new state).
    pub following: bool,
    pub simulated: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChannelPosts {
    pub device_id: String,
    #[schema(example = "120363012345678901@newsletter")]
    pub jid: String,
    /// Newest first.
    pub posts: Vec<ChannelPost>,
    /// Pass as `before` to read the posts older than these; `null` when there are none.
    pub next_before: Option<u64>,
    pub simulated: bool,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChannelPostsQuery {
    /// 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub count: Option<u32>,
    /// Only posts older than the post with this `serverId` (the `nextBefore` of the last page).
    #[param(minimum = 1)]
    pub before: Option<u64>,
}

fn channel_ref(input: &str) -> AppResult<ChannelRef> {
    ChannelRef::parse(input).map_err(|e| AppError::field("channel", e))
}

impl App {
    /// The channels this number follows.
    pub async fn channels(&self, who: &Principal, device_id: &str) -> AppResult<ChannelList> {
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        let mut channels = engine.channels(&device.device_id).await?;
        channels.sort_by_key(|c| c.name.to_lowercase());
        Ok(ChannelList {
            device_id: device.device_id,
            channels,
            simulated: device.engine == EngineKind::Sim,
        })
    }

    /// One channel, by JID, number, invite code or invite link.
    pub async fn channel(
        &self,
        who: &Principal,
        device_id: &str,
        channel: &str,
    ) -> AppResult<ChannelView> {
        let which = channel_ref(channel)?;
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        let channel = find(engine.as_ref(), &device.device_id, &which).await?;
        Ok(ChannelView {
            device_id: device.device_id,
            following: channel.following(),
            channel,
            simulated: device.engine == EngineKind::Sim,
        })
    }

    /// Follows (`follow`) or unfollows a channel; doing what is already done changes nothing.
    pub async fn set_following_channel(
        &self,
        who: &Principal,
        device_id: &str,
        channel: &str,
        follow: bool,
    ) -> AppResult<ChannelView> {
        let which = channel_ref(channel)?;
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        let before = find(engine.as_ref(), &device.device_id, &which).await?;
        if before.following() != follow {
            if follow {
                engine
                    .follow_channel(&device.device_id, &before.jid)
                    .await?;
            } else {
                engine
                    .unfollow_channel(&device.device_id, &before.jid)
                    .await?;
            }
        }
        let after = find(
            engine.as_ref(),
            &device.device_id,
            &ChannelRef::Jid(before.jid),
        )
        .await?;
        tracing::info!(device_id = %device.device_id, channel = %after.jid, follow, "channel followed or left");
        Ok(ChannelView {
            device_id: device.device_id,
            following: after.following(),
            channel: after,
            simulated: device.engine == EngineKind::Sim,
        })
    }

    /// Up to `count` posts of a channel (followed or not), newest first, older than the post
    /// numbered `before` when given.
    pub async fn channel_posts(
        &self,
        who: &Principal,
        device_id: &str,
        channel: &str,
        query: ChannelPostsQuery,
    ) -> AppResult<ChannelPosts> {
        let which = channel_ref(channel)?;
        let before = query.before;
        let count = query.count.unwrap_or(DEFAULT_POSTS);
        if !(1..=MAX_POSTS).contains(&count) {
            return Err(AppError::field(
                "count",
                format!("must be 1 to {MAX_POSTS}"),
            ));
        }
        if before == Some(0) {
            return Err(AppError::field(
                "before",
                "must be a post's serverId (1 or more)",
            ));
        }
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        // Looked up first so that an unknown channel is a 404, not WhatsApp's error.
        let jid = find(engine.as_ref(), &device.device_id, &which).await?.jid;
        let posts = engine
            .channel_posts(&device.device_id, &jid, count, before)
            .await?;
        let next_before = match posts.iter().map(|p| p.server_id).min() {
            Some(oldest) if posts.len() as u32 == count && oldest > 1 => Some(oldest),
            _ => None,
        };
        Ok(ChannelPosts {
            device_id: device.device_id,
            jid,
            posts,
            next_before,
            simulated: device.engine == EngineKind::Sim,
        })
    }
}

async fn find(engine: &dyn Engine, device_id: &str, which: &ChannelRef) -> AppResult<ChannelInfo> {
    engine
        .channel(device_id, which)
        .await?
        .ok_or(AppError::NotFound("channel"))
}
