//! Polls: sent like any message, votes decrypted with the poll's secret and tallied (the current
//! vote of each voter counts), the device's own votes sent and counted alike.

use chrono::Utc;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use gerbang_core::device::Device;
use gerbang_core::engine::{InboundMessage, MessageContent, OutboundMessage, PollRef};
use gerbang_core::event::{types, NewEvent};
use gerbang_core::jid::{Jid, Phone};
use gerbang_core::message::Message;
use gerbang_core::poll::PollVote;

use crate::messages::{new_message_id, SendResult, PRESET_MESSAGE_ID};
use crate::runtime::DeviceRuntime;
use crate::validate::Fields;
use crate::{App, AppError, AppResult, Principal};

/// WhatsApp's limits: 2 to 12 options.
pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 12;
const MAX_QUESTION: usize = 255;
const MAX_OPTION: usize = 100;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SendPollInput {
    /// Phone number or JID of the chat; also accepted as `to`, `jid`, `recipient`, `number`,
    /// `phoneNumber`, `targetNumber` or `chatId`.
    #[serde(
        alias = "to",
        alias = "jid",
        alias = "recipient",
        alias = "number",
        alias = "phoneNumber",
        alias = "targetNumber",
        alias = "chatId"
    )]
    pub phone: String,
    /// At most 255 characters. Also accepted as `name`.
    #[serde(alias = "name")]
    pub question: String,
    /// 2 to 12 distinct options of at most 100 characters each.
    pub options: Vec<String>,
    /// Voters may pick several options (as many as there are); otherwise one.
    #[serde(default)]
    pub multiple_answers: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PollVoteInput {
    /// The names of the options chosen (one for a single-choice poll); empty takes the vote back.
    pub options: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PollOptionTally {
    pub name: String,
    pub count: usize,
    /// The JIDs of those who chose it.
    pub voters: Vec<String>,
}

/// A poll and its current votes.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PollTally {
    pub message_id: String,
    pub chat_jid: String,
    pub question: String,
    /// 1 for a single-choice poll.
    pub selectable_count: u32,
    pub from_me: bool,
    pub options: Vec<PollOptionTally>,
    /// Everyone's current vote, oldest first (taken-back votes included, with no options).
    pub votes: Vec<PollVote>,
    /// How many voters have a vote now.
    pub total_voters: usize,
}

/// The options and selectable count a stored poll message carries.
fn poll_shape(m: &Message) -> Option<(Vec<String>, u32)> {
    if m.message_type != "poll" {
        return None;
    }
    let options = m.extra.get("options")?.as_array()?;
    let options = options
        .iter()
        .filter_map(|o| o.as_str().map(str::to_string))
        .collect();
    let selectable = m
        .extra
        .get("selectableCount")
        .and_then(|n| n.as_u64())
        .unwrap_or(1) as u32;
    Some((options, selectable))
}

fn tally(poll: &Message, votes: Vec<PollVote>) -> PollTally {
    let (options, selectable) = poll_shape(poll).unwrap_or_default();
    let mut rows: Vec<PollOptionTally> = options
        .iter()
        .map(|name| PollOptionTally {
            name: name.clone(),
            count: 0,
            voters: Vec::new(),
        })
        .collect();
    for vote in &votes {
        for name in &vote.selected {
            if let Some(row) = rows.iter_mut().find(|r| &r.name == name) {
                row.count += 1;
                row.voters.push(vote.voter_jid.clone());
            }
        }
    }
    PollTally {
        message_id: poll.message_id.clone(),
        chat_jid: poll.chat_jid.clone(),
        question: poll.body.clone().unwrap_or_default(),
        selectable_count: selectable,
        from_me: poll.from_me,
        options: rows,
        total_voters: votes.iter().filter(|v| !v.selected.is_empty()).count(),
        votes,
    }
}

/// Keeps an inbound poll's secret before its message is stored, so that no vote can find
/// the poll without it.
pub(crate) async fn keep_secret(
    rt: &DeviceRuntime,
    device_id: &str,
    message: &InboundMessage,
) -> AppResult<()> {
    if let MessageContent::Poll { secret, .. } = &message.content {
        if !secret.is_empty() {
            rt.store
                .save_poll_secret(device_id, &message.id, secret)
                .await?;
        }
    }
    Ok(())
}

/// An inbound vote: opened with the poll's secret, checked against the poll's options and
/// counted. Votes for polls this device does not have, or that do not open, are dropped (with a
/// note in the log): the device cannot count them.
pub(crate) async fn record_inbound_vote(
    rt: &DeviceRuntime,
    device_id: &str,
    message: &InboundMessage,
) -> AppResult<()> {
    let MessageContent::PollVote {
        poll_id,
        selected,
        encrypted,
        ..
    } = &message.content
    else {
        return Ok(());
    };
    let Some(poll) = rt.store.message(device_id, poll_id).await? else {
        tracing::debug!(device_id, poll_id, "vote for an unknown poll dropped");
        return Ok(());
    };
    let Some((options, selectable)) = poll_shape(&poll) else {
        tracing::debug!(
            device_id,
            poll_id,
            "vote for a message that is no poll dropped"
        );
        return Ok(());
    };
    if poll.chat_jid != message.chat.as_str() {
        tracing::debug!(device_id, poll_id, "vote from another chat dropped");
        return Ok(());
    }
    let names = match encrypted {
        None => selected.clone(),
        Some(vote) => {
            let Some(secret) = rt.store.poll_secret(device_id, poll_id).await? else {
                tracing::warn!(
                    device_id,
                    poll_id,
                    "vote dropped: the poll's secret is unknown"
                );
                return Ok(());
            };
            let Some(device) = rt.store.device(device_id).await? else {
                return Ok(());
            };
            let engine = rt.engines.get(device.engine)?;
            match engine
                .decrypt_poll_vote(device_id, poll_id, vote, &secret, &options)
                .await
            {
                Ok(names) => names,
                Err(e) => {
                    tracing::warn!(device_id, poll_id, error = %e, "vote dropped: it does not open");
                    return Ok(());
                }
            }
        }
    };
    let mut chosen: Vec<String> = Vec::new();
    for name in names {
        if options.contains(&name) && !chosen.contains(&name) {
            chosen.push(name);
        }
    }
    chosen.truncate(selectable.max(1) as usize);
    let vote = PollVote {
        device_id: device_id.to_string(),
        poll_id: poll_id.clone(),
        voter_jid: message.sender.to_string(),
        voter_phone: message
            .sender_phone
            .clone()
            .or_else(|| message.sender.phone())
            .map(|p| p.as_str().to_string()),
        from_me: message.from_me,
        selected: chosen,
        vote_id: message.id.clone(),
        voted_at: message.timestamp,
    };
    counted(rt, &poll, vote).await
}

/// Stores a vote and, when it changed the tally, tells it as `poll.vote`.
async fn counted(rt: &DeviceRuntime, poll: &Message, vote: PollVote) -> AppResult<()> {
    if !rt.store.record_poll_vote(&vote).await? {
        tracing::debug!(device_id = %vote.device_id, vote_id = %vote.vote_id, "repeated or older vote ignored");
        return Ok(());
    }
    let votes = rt
        .store
        .poll_votes(&vote.device_id, &poll.message_id)
        .await?;
    let tally = tally(poll, votes);
    rt.events
        .publish(NewEvent {
            event_type: types::POLL_VOTE,
            device_id: Some(vote.device_id.clone()),
            user_id: None,
            chat_jid: Some(poll.chat_jid.clone()),
            data: json!({
                "deviceId": vote.device_id,
                "chatJid": poll.chat_jid,
                "messageId": poll.message_id,
                "voterJid": vote.voter_jid,
                "voterPhone": vote.voter_phone,
                "fromMe": vote.from_me,
                "selectedOptions": vote.selected,
                "voteId": vote.vote_id,
                "timestamp": vote.voted_at,
                "poll": tally,
            }),
        })
        .await?;
    Ok(())
}

/// The secret of a new poll: 32 random bytes, as WhatsApp's clients make it.
fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    secret
}

impl App {
    pub async fn send_poll(
        &self,
        who: &Principal,
        device_id: &str,
        input: SendPollInput,
    ) -> AppResult<SendResult> {
        let mut f = Fields::new();
        let to = f.take("phone", Jid::parse(&input.phone));
        let question = input.question.trim().to_string();
        if question.is_empty() {
            f.add("question", "must not be empty");
        } else if question.chars().count() > MAX_QUESTION {
            f.add(
                "question",
                format!("must be at most {MAX_QUESTION} characters"),
            );
        }
        let options: Vec<String> = input.options.iter().map(|o| o.trim().to_string()).collect();
        if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&options.len()) {
            f.add(
                "options",
                format!("must have {MIN_OPTIONS} to {MAX_OPTIONS} options"),
            );
        }
        for (i, o) in options.iter().enumerate() {
            if o.is_empty() {
                f.add(&format!("options[{i}]"), "must not be empty");
            } else if o.chars().count() > MAX_OPTION {
                f.add(
                    &format!("options[{i}]"),
                    format!("must be at most {MAX_OPTION} characters"),
                );
            } else if options[..i].contains(o) {
                f.add(&format!("options[{i}]"), "repeats an earlier option");
            }
        }
        f.finish()?;
        let to = to.ok_or_else(|| AppError::field("phone", "missing"))?;
        let device = self.connected_device(who, device_id).await?;
        let selectable = if input.multiple_answers {
            options.len() as u32
        } else {
            1
        };
        let secret = new_secret();
        let id = PRESET_MESSAGE_ID
            .try_with(Clone::clone)
            .unwrap_or_else(|_| new_message_id());
        // Before the message: a vote that comes back at once must find the secret.
        self.store
            .save_poll_secret(&device.device_id, &id, &secret)
            .await?;
        let content = MessageContent::Poll {
            question,
            options,
            selectable,
            secret,
        };
        PRESET_MESSAGE_ID
            .scope(id, self.send(&device, to, content, None, None, Vec::new()))
            .await
    }

    /// The poll message `message_id` of the device.
    async fn poll(&self, device: &Device, message_id: &str) -> AppResult<Message> {
        match self.store.message(&device.device_id, message_id).await? {
            Some(m) if m.message_type == "poll" => Ok(m),
            Some(_) => Err(AppError::field("messageId", "this message is not a poll")),
            None => Err(AppError::NotFound("message")),
        }
    }

    pub async fn poll_tally(
        &self,
        who: &Principal,
        device_id: &str,
        message_id: &str,
    ) -> AppResult<PollTally> {
        let device = self.device_for(who, device_id).await?;
        let poll = self.poll(&device, message_id).await?;
        let votes = self.store.poll_votes(device_id, message_id).await?;
        Ok(tally(&poll, votes))
    }

    /// Votes in a poll of one of the device's chats (its own or a contact's), replacing the
    /// device's earlier vote.
    pub async fn vote_poll(
        &self,
        who: &Principal,
        device_id: &str,
        message_id: &str,
        input: PollVoteInput,
    ) -> AppResult<PollTally> {
        let device = self.device_for(who, device_id).await?;
        let poll = self.poll(&device, message_id).await?;
        let (options, selectable) = poll_shape(&poll).unwrap_or_default();
        let mut f = Fields::new();
        for (i, o) in input.options.iter().enumerate() {
            if !options.contains(o) {
                f.add(&format!("options[{i}]"), "is not an option of this poll");
            } else if input.options[..i].contains(o) {
                f.add(&format!("options[{i}]"), "repeats an earlier option");
            }
        }
        if input.options.len() > selectable as usize {
            f.add(
                "options",
                format!("this poll takes at most {selectable} option(s)"),
            );
        }
        f.finish()?;
        let device = self.connected_device(who, device_id).await?;
        let secret = self
            .store
            .poll_secret(device_id, message_id)
            .await?
            .ok_or_else(|| {
                AppError::conflict("this poll's secret is unknown, so it cannot be voted in")
            })?;
        let chat = Jid::parse(&poll.chat_jid).map_err(|e| AppError::Internal(e.to_string()))?;
        let creator = poll.sender_jid.as_deref().and_then(|s| Jid::parse(s).ok());
        let own = device
            .phone_number
            .as_deref()
            .and_then(|p| Phone::parse(p).ok())
            .ok_or_else(|| AppError::conflict("the device has no linked phone yet"))?;
        let message = OutboundMessage {
            id: new_message_id(),
            to: chat,
            content: MessageContent::PollVote {
                poll_id: poll.message_id.clone(),
                selected: input.options.clone(),
                encrypted: None,
                poll: Some(PollRef {
                    secret,
                    from_me: poll.from_me,
                    creator,
                }),
            },
            quoted: None,
            mentions: Vec::new(),
            flags: Default::default(),
        };
        let engine = self.runtime.engines.get(device.engine)?;
        engine
            .send(device_id, &message)
            .await
            .map_err(|e| match e {
                gerbang_core::engine::EngineError::NotConnected => AppError::DeviceNotConnected {
                    status: device.status,
                },
                gerbang_core::engine::EngineError::Rejected(reason)
                | gerbang_core::engine::EngineError::Other(reason) => AppError::Upstream {
                    code: "send_failed",
                    message: reason,
                },
                other => other.into(),
            })?;
        let vote = PollVote {
            device_id: device_id.to_string(),
            poll_id: poll.message_id.clone(),
            voter_jid: own.jid().to_string(),
            voter_phone: Some(own.as_str().to_string()),
            from_me: true,
            selected: input.options,
            vote_id: message.id,
            voted_at: Utc::now(),
        };
        counted(&self.runtime, &poll, vote).await?;
        let votes = self.store.poll_votes(device_id, message_id).await?;
        Ok(tally(&poll, votes))
    }
}
