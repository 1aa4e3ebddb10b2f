//! Polls: the secret each one's votes are encrypted with, and the current vote of each voter.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::StoreResult;

/// One voter's current vote in a poll.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PollVote {
    #[serde(skip)]
    pub device_id: String,
    /// The poll (its message id).
    #[serde(skip)]
    pub poll_id: String,
    pub voter_jid: String,
    pub voter_phone: Option<String>,
    /// The vote is this device's own.
    pub from_me: bool,
    /// Option names; empty when the vote was taken back.
    pub selected: Vec<String>,
    /// The vote's own message id.
    pub vote_id: String,
    pub voted_at: DateTime<Utc>,
}

#[async_trait]
pub trait PollStore: Send + Sync {
    /// Keeps a poll's secret; a second save of the same poll keeps the first.
    async fn save_poll_secret(
        &self,
        device_id: &str,
        message_id: &str,
        secret: &[u8],
    ) -> StoreResult<()>;
    async fn poll_secret(&self, device_id: &str, message_id: &str) -> StoreResult<Option<Vec<u8>>>;
    /// Records a vote unless the voter's stored vote is newer; `true` when it was recorded.
    async fn record_poll_vote(&self, vote: &PollVote) -> StoreResult<bool>;
    /// The current votes of a poll, oldest first.
    async fn poll_votes(&self, device_id: &str, poll_id: &str) -> StoreResult<Vec<PollVote>>;
}

/// Each chat's disappearing-message timer, as last set here or by the contact.
#[async_trait]
pub trait ChatTimerStore: Send + Sync {
    /// Seconds; `None` when never set (or turned off).
    async fn chat_timer(&self, device_id: &str, chat_jid: &str) -> StoreResult<Option<u32>>;
    /// 0 turns the timer off.
    async fn set_chat_timer(
        &self,
        device_id: &str,
        chat_jid: &str,
        seconds: u32,
    ) -> StoreResult<()>;
}
