//! Channels (newsletters): WhatsApp's GraphQL service (`<iq xmlns="w:mex">`, a persisted query
//! id and JSON variables in, JSON out) for a channel's metadata, the followed list, follow and
//! unfollow; and the `<iq xmlns="newsletter">` that reads a channel's posts. Posts travel in
//! plaintext (channels are not end-to-end encrypted). Tests create channels and post to them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};
use whatsapp_rust::buffa::Message as _;
use whatsapp_rust::wacore::iq::mex_operations::{
    fetch_all_newsletters_metadata, fetch_newsletter, join_newsletter, leave_newsletter,
};
use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Node, NodeContent};
use whatsapp_rust::waproto::whatsapp as wa;

use super::accounts::DeviceAddr;
use super::connection::attr;
use super::{LoopbackServer, World};

pub(crate) struct Channel {
    name: String,
    description: String,
    invite: String,
    created: u64,
    followers: BTreeSet<String>,
    /// Oldest first; a post's server id is its place here, from 1.
    posts: Vec<Post>,
}

struct Post {
    id: String,
    t: u64,
    text: String,
}

/// By JID (`…@newsletter`).
pub(crate) type Channels = BTreeMap<String, Channel>;

fn now() -> u64 {
    whatsapp_rust::wacore::time::now_secs() as u64
}

impl Channel {
    /// The channel as the MEX service describes it to `viewer` (a phone number).
    fn metadata(&self, jid: &str, viewer: &str) -> Value {
        let role = if self.followers.contains(viewer) {
            "subscriber"
        } else {
            "guest"
        };
        json!({
            "id": jid,
            "state": {"type": "active"},
            "thread_metadata": {
                "name": {"text": self.name},
                "description": {"text": self.description},
                "subscribers_count": self.followers.len().to_string(),
                "verification": "UNVERIFIED",
                "invite": self.invite,
                "creation_time": self.created.to_string(),
            },
            "viewer_metadata": {"role": role},
        })
    }
}

/// `<iq xmlns="w:mex"><query query_id="…">{"variables":…}</query></iq>`: answers
/// `<result>{"data":…}</result>`, or GraphQL errors for what it does not know.
pub(crate) fn mex(world: &World, from: &DeviceAddr, node: &Node) -> Vec<Node> {
    let query = node.get_optional_child("query");
    let id = query.and_then(|q| attr(q, "query_id")).unwrap_or_default();
    let variables = query
        .and_then(|q| match &q.content {
            Some(NodeContent::Bytes(b)) => serde_json::from_slice::<Value>(b).ok(),
            Some(NodeContent::String(s)) => serde_json::from_str::<Value>(s).ok(),
            _ => None,
        })
        .map(|v| v["variables"].clone())
        .unwrap_or(Value::Null);
    let answer = answer(world, &from.phone, &id, &variables);
    vec![NodeBuilder::new("result")
        .bytes(answer.to_string().into_bytes())
        .build()]
}

fn error(code: i32, message: &str) -> Value {
    json!({"errors": [{"message": message, "extensions": {"error_code": code, "is_summary": true}}]})
}

fn answer(world: &World, viewer: &str, id: &str, variables: &Value) -> Value {
    let mut state = world.lock();
    let channels = &mut state.channels;
    match id {
        fetch_all_newsletters_metadata::DOC_ID => {
            let followed: Vec<Value> = channels
                .iter()
                .filter(|(_, c)| c.followers.contains(viewer))
                .map(|(jid, c)| c.metadata(jid, viewer))
                .collect();
            json!({"data": {"xwa2_newsletter_subscribed": followed}})
        }
        fetch_newsletter::DOC_ID => {
            let key = variables["input"]["key"].as_str().unwrap_or_default();
            let found = match variables["input"]["type"].as_str() {
                Some("INVITE") => channels.iter().find(|(_, c)| c.invite == key),
                _ => channels.iter().find(|(jid, _)| jid.as_str() == key),
            };
            let metadata = found.map_or(Value::Null, |(jid, c)| c.metadata(jid, viewer));
            json!({"data": {"xwa2_newsletter": metadata}})
        }
        join_newsletter::DOC_ID | leave_newsletter::DOC_ID => {
            let jid = variables["newsletter_id"].as_str().unwrap_or_default();
            let Some(channel) = channels.get_mut(jid) else {
                return error(404, "newsletter not found");
            };
            if id == join_newsletter::DOC_ID {
                channel.followers.insert(viewer.to_string());
                json!({"data": {"xwa2_newsletter_join_v2": channel.metadata(jid, viewer)}})
            } else {
                channel.followers.remove(viewer);
                json!({"data": {"xwa2_newsletter_leave_v2": {"id": jid, "state": {"type": "active"}}}})
            }
        }
        _ => error(400, "unknown query"),
    }
}

/// `<iq xmlns="newsletter" to="…@newsletter"><messages count="n" [before="server id"]/></iq>`:
/// the channel's newest `n` posts older than `before`, oldest first, each in plaintext.
pub(crate) fn messages(world: &World, node: &Node) -> Result<Vec<Node>, (u16, &'static str)> {
    let jid = attr(node, "to").unwrap_or_default();
    let asked = node
        .get_optional_child("messages")
        .ok_or((400, "bad-request"))?;
    let count: usize = attr(asked, "count")
        .and_then(|c| c.parse().ok())
        .unwrap_or(20);
    let before: u64 = attr(asked, "before")
        .and_then(|b| b.parse().ok())
        .unwrap_or(u64::MAX);
    let state = world.lock();
    let channel = state.channels.get(&jid).ok_or((404, "item-not-found"))?;
    let newest: Vec<(u64, &Post)> = channel
        .posts
        .iter()
        .enumerate()
        .map(|(i, p)| (i as u64 + 1, p))
        .filter(|(server_id, _)| *server_id < before)
        .rev()
        .take(count)
        .collect();
    let posts: Vec<Node> = newest
        .into_iter()
        .rev()
        .map(|(server_id, p)| {
            let plain = wa::Message {
                conversation: Some(p.text.clone()),
                ..Default::default()
            }
            .encode_to_vec();
            NodeBuilder::new("message")
                .attr("id", p.id.clone())
                .attr("server_id", server_id.to_string())
                .attr("t", p.t.to_string())
                .attr("type", "text")
                .children([NodeBuilder::new("plaintext").bytes(plain).build()])
                .build()
        })
        .collect();
    let mut list = NodeBuilder::new("messages")
        .attr("jid", jid)
        .attr("t", now().to_string());
    if !posts.is_empty() {
        list = list.children(posts);
    }
    Ok(vec![list.build()])
}

impl LoopbackServer {
    /// Creates a channel; returns its JID and invite code.
    pub fn create_channel(&self, name: &str, description: &str) -> (String, String) {
        let mut state = self.world.lock();
        let jid = format!("1203630{:011}@newsletter", state.channels.len() + 1);
        let invite = format!("0029Loop{:016X}", rand::random::<u64>());
        state.channels.insert(
            jid.clone(),
            Channel {
                name: name.to_string(),
                description: description.to_string(),
                invite: invite.clone(),
                created: now(),
                followers: BTreeSet::new(),
                posts: Vec::new(),
            },
        );
        (jid, invite)
    }

    /// The channel's owner posts `text`; returns the post's server id.
    pub fn channel_post(&self, jid: &str, text: &str) -> Result<u64, String> {
        let mut state = self.world.lock();
        let channel = state
            .channels
            .get_mut(jid)
            .ok_or_else(|| format!("no channel {jid}"))?;
        channel.posts.push(Post {
            id: format!("{:016X}", rand::random::<u64>()),
            t: now(),
            text: text.to_string(),
        });
        Ok(channel.posts.len() as u64)
    }

    /// The phone numbers that follow a channel.
    pub fn channel_followers(&self, jid: &str) -> Vec<String> {
        let state = self.world.lock();
        state
            .channels
            .get(jid)
            .map(|c| c.followers.iter().cloned().collect())
            .unwrap_or_default()
    }
}
