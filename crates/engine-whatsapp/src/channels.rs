//! Channels (newsletters) on the real engine, through whatsapp-rust's newsletter API: metadata,
//! follow and unfollow over WhatsApp's GraphQL service (MEX), posts over the `newsletter` IQ.
//! Channel posts are not end-to-end encrypted, so they arrive readable.

use gerbang_core::channel::{ChannelInfo, ChannelPost, ChannelReaction, ChannelRef};
use gerbang_core::engine::{EngineError, EngineResult, MessageContent};
use whatsapp_rust::{
    Client, Jid as WaJid, MexError, NewsletterError, NewsletterMessage, NewsletterMessageType,
    NewsletterMetadata, NewsletterRole, NewsletterState, NewsletterVerification,
};

use crate::inbound::{classify, Parsed};

fn channel_jid(jid: &str) -> EngineResult<WaJid> {
    jid.parse()
        .map_err(|_| EngineError::Rejected(format!("{jid} is not a channel JID")))
}

fn failed(what: &str, e: NewsletterError) -> EngineError {
    EngineError::Other(format!("WhatsApp could not {what}: {e}"))
}

fn not_found(e: &NewsletterError) -> bool {
    match e {
        NewsletterError::InvalidRequest(why) => why.starts_with("newsletter not found"),
        NewsletterError::Mex(MexError::ExtensionError { code, .. }) => *code == 404,
        _ => false,
    }
}

pub(crate) async fn followed(client: &Client) -> EngineResult<Vec<ChannelInfo>> {
    let list = client
        .newsletter()
        .list_subscribed()
        .await
        .map_err(|e| failed("list the followed channels", e))?;
    Ok(list.iter().map(info).collect())
}

pub(crate) async fn find(client: &Client, which: &ChannelRef) -> EngineResult<Option<ChannelInfo>> {
    let newsletters = client.newsletter();
    let found = match which {
        ChannelRef::Jid(jid) => newsletters.get_metadata(&channel_jid(jid)?).await,
        ChannelRef::Invite(code) => newsletters.get_metadata_by_invite(code).await,
    };
    match found {
        Ok(metadata) => Ok(Some(info(&metadata))),
        Err(e) if not_found(&e) => Ok(None),
        Err(e) => Err(failed("look up the channel", e)),
    }
}

pub(crate) async fn set_following(client: &Client, jid: &str, follow: bool) -> EngineResult<()> {
    let jid = channel_jid(jid)?;
    let newsletters = client.newsletter();
    if follow {
        newsletters.join(&jid).await.map(|_| ())
    } else {
        newsletters.leave(&jid).await
    }
    .map_err(|e| {
        failed(
            if follow {
                "follow the channel"
            } else {
                "unfollow the channel"
            },
            e,
        )
    })
}

pub(crate) async fn posts(
    client: &Client,
    jid: &str,
    count: u32,
    before: Option<u64>,
) -> EngineResult<Vec<ChannelPost>> {
    let mut posts: Vec<ChannelPost> = client
        .newsletter()
        .get_messages(channel_jid(jid)?, count, before)
        .await
        .map_err(|e| failed("read the channel", e))?
        .iter()
        .map(post)
        .collect();
    posts.sort_by_key(|p| std::cmp::Reverse(p.server_id));
    Ok(posts)
}

fn info(m: &NewsletterMetadata) -> ChannelInfo {
    ChannelInfo {
        jid: m.jid.to_string(),
        name: m.name.clone(),
        description: m.description.clone(),
        subscribers: m.subscriber_count,
        verified: m.verification == NewsletterVerification::Verified,
        state: match m.state {
            NewsletterState::Suspended => "suspended",
            NewsletterState::Geosuspended => "geosuspended",
            _ => "active",
        }
        .into(),
        invite_code: m.invite_code.clone(),
        role: m.role.as_ref().map(|r| {
            match r {
                NewsletterRole::Owner => "owner",
                NewsletterRole::Admin => "admin",
                NewsletterRole::Subscriber => "subscriber",
                _ => "guest",
            }
            .to_string()
        }),
        created_at: m.creation_time,
    }
}

fn post(m: &NewsletterMessage) -> ChannelPost {
    let (text, mime) = match m.message.as_ref().and_then(classify) {
        Some(Parsed::Ready(MessageContent::Text { body })) => (Some(body), None),
        Some(Parsed::Ready(MessageContent::Poll { question, .. })) => (Some(question), None),
        Some(Parsed::Media { caption, mime, .. }) => (caption, mime),
        _ => (None, None),
    };
    ChannelPost {
        id: m.message_id.clone(),
        server_id: m.server_id,
        timestamp: m.timestamp,
        kind: match &m.message_type {
            NewsletterMessageType::Text => "text",
            NewsletterMessageType::Media => "media",
            NewsletterMessageType::Reaction => "reaction",
            NewsletterMessageType::Revoke => "revoke",
            NewsletterMessageType::PollCreation => "poll_creation",
            NewsletterMessageType::PollVote => "poll_vote",
            NewsletterMessageType::Edit => "edit",
            NewsletterMessageType::Other(other) => other.as_str(),
            _ => "other",
        }
        .to_string(),
        text,
        mime,
        reactions: m
            .reactions
            .iter()
            .map(|r| ChannelReaction {
                emoji: r.code.clone(),
                count: r.count,
            })
            .collect(),
    }
}
