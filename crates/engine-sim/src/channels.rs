//! Channels (newsletters) on the simulated network: channels exist network-wide, simulated
//! publishers post to them, and a device follows, unfollows and reads them as it would on
//! WhatsApp.

use std::collections::{BTreeMap, BTreeSet};

use gerbang_core::channel::{ChannelInfo, ChannelPost, ChannelRef};
use gerbang_core::engine::{EngineError, EngineResult};
use gerbang_core::jid::Phone;

use crate::error::SimError;
use crate::state::Inner;

pub(crate) struct Channel {
    pub name: String,
    pub description: Option<String>,
    pub invite: String,
    pub created_at: u64,
    pub followers: BTreeSet<Phone>,
    /// Oldest first; a post's `server_id` is its place in this list, from 1.
    pub posts: Vec<ChannelPost>,
}

/// By JID (`…@newsletter`).
pub(crate) type Channels = BTreeMap<String, Channel>;

fn now() -> u64 {
    chrono::Utc::now().timestamp().max(0) as u64
}

impl Channel {
    fn info(&self, jid: &str, viewer: &Phone) -> ChannelInfo {
        ChannelInfo {
            jid: jid.to_string(),
            name: self.name.clone(),
            description: self.description.clone(),
            subscribers: self.followers.len() as u64,
            verified: false,
            state: "active".into(),
            invite_code: Some(self.invite.clone()),
            role: Some(
                if self.followers.contains(viewer) {
                    "subscriber"
                } else {
                    "guest"
                }
                .into(),
            ),
            created_at: Some(self.created_at),
        }
    }
}

impl Inner {
    /// Creates a channel on the simulated network; returns its JID and invite code.
    pub fn create_channel(&self, name: &str, description: Option<&str>) -> (String, String) {
        let mut st = self.lock();
        let number = 120_363_000_000_000_000u64 + st.channels.len() as u64 + 1;
        let jid = format!("{number}@newsletter");
        let invite = format!(
            "0029Sim{:017}",
            rand::random::<u64>() % 100_000_000_000_000_000
        );
        st.channels.insert(
            jid.clone(),
            Channel {
                name: name.to_string(),
                description: description.map(str::to_string),
                invite: invite.clone(),
                created_at: now(),
                followers: BTreeSet::new(),
                posts: Vec::new(),
            },
        );
        (jid, invite)
    }

    /// The channel's publisher posts `text`; returns the post.
    pub fn publish(&self, jid: &str, text: &str) -> Result<ChannelPost, SimError> {
        let mut st = self.lock();
        let channel = st.channels.get_mut(jid).ok_or(SimError::NoSuchChannel)?;
        let post = ChannelPost {
            id: format!("SIM{:016X}", rand::random::<u64>()),
            server_id: channel.posts.len() as u64 + 1,
            timestamp: now(),
            kind: "text".into(),
            text: Some(text.to_string()),
            mime: None,
            reactions: Vec::new(),
        };
        channel.posts.push(post.clone());
        Ok(post)
    }

    pub fn channels(&self, device_id: &str) -> EngineResult<Vec<ChannelInfo>> {
        let me = self.connected(device_id)?.phone;
        let st = self.lock();
        Ok(st
            .channels
            .iter()
            .filter(|(_, c)| c.followers.contains(&me))
            .map(|(jid, c)| c.info(jid, &me))
            .collect())
    }

    pub fn channel(
        &self,
        device_id: &str,
        which: &ChannelRef,
    ) -> EngineResult<Option<ChannelInfo>> {
        let me = self.connected(device_id)?.phone;
        let st = self.lock();
        Ok(st
            .channels
            .iter()
            .find(|(jid, c)| match which {
                ChannelRef::Jid(j) => *jid == j,
                ChannelRef::Invite(code) => c.invite == *code,
            })
            .map(|(jid, c)| c.info(jid, &me)))
    }

    pub fn set_following(&self, device_id: &str, jid: &str, follow: bool) -> EngineResult<()> {
        let me = self.connected(device_id)?.phone;
        let mut st = self.lock();
        let channel = st
            .channels
            .get_mut(jid)
            .ok_or_else(|| EngineError::Rejected(format!("there is no channel {jid}")))?;
        if follow {
            channel.followers.insert(me);
        } else {
            channel.followers.remove(&me);
        }
        tracing::info!(
            engine = "sim",
            device_id,
            channel = jid,
            follow,
            "[simulated] channel followed or left"
        );
        Ok(())
    }

    pub fn channel_posts(
        &self,
        device_id: &str,
        jid: &str,
        count: u32,
        before: Option<u64>,
    ) -> EngineResult<Vec<ChannelPost>> {
        self.connected(device_id)?;
        let st = self.lock();
        let channel = st
            .channels
            .get(jid)
            .ok_or_else(|| EngineError::Rejected(format!("there is no channel {jid}")))?;
        Ok(channel
            .posts
            .iter()
            .rev()
            .filter(|p| before.is_none_or(|b| p.server_id < b))
            .take(count as usize)
            .cloned()
            .collect())
    }
}
