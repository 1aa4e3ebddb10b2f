//! Poll secrets and votes, and chats' disappearing-message timers.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::poll::{ChatTimerStore, PollStore, PollVote};
use gerbang_core::{StoreError, StoreResult};

use crate::db::query;
use crate::SqlStore;

type VoteRow = (String, Option<String>, bool, String, String, DateTime<Utc>);

#[async_trait]
impl<B: sqlx::Database> PollStore for SqlStore<B> {
    async fn save_poll_secret(
        &self,
        device_id: &str,
        message_id: &str,
        secret: &[u8],
    ) -> StoreResult<()> {
        query(
            "INSERT INTO poll_secrets (device_id, message_id, secret) \
             VALUES ($1, $2, $3) ON CONFLICT (device_id, message_id) DO NOTHING",
        )
        .bind(device_id)
        .bind(message_id)
        .bind(secret)
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn poll_secret(&self, device_id: &str, message_id: &str) -> StoreResult<Option<Vec<u8>>> {
        query("SELECT secret FROM poll_secrets WHERE device_id = $1 AND message_id = $2")
            .bind(device_id)
            .bind(message_id)
            .scalar_optional::<Vec<u8>>(&self.db)
            .await
    }

    async fn record_poll_vote(&self, vote: &PollVote) -> StoreResult<bool> {
        let selected =
            serde_json::to_string(&vote.selected).map_err(|e| StoreError::Other(e.to_string()))?;
        // A vote delivered late (or again) never replaces a newer one of the voter.
        let done = query(
            "INSERT INTO poll_votes \
             (device_id, poll_id, voter_jid, voter_phone, from_me, selected, vote_id, voted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (device_id, poll_id, voter_jid) DO UPDATE SET \
             voter_phone = excluded.voter_phone, selected = excluded.selected, \
             vote_id = excluded.vote_id, voted_at = excluded.voted_at \
             WHERE poll_votes.voted_at <= excluded.voted_at \
             AND poll_votes.vote_id <> excluded.vote_id",
        )
        .bind(&vote.device_id)
        .bind(&vote.poll_id)
        .bind(&vote.voter_jid)
        .bind(vote.voter_phone.as_deref())
        .bind(vote.from_me)
        .bind(selected)
        .bind(&vote.vote_id)
        .bind(vote.voted_at)
        .execute(&self.db)
        .await?;
        Ok(done > 0)
    }

    async fn poll_votes(&self, device_id: &str, poll_id: &str) -> StoreResult<Vec<PollVote>> {
        let rows: Vec<VoteRow> = query(
            "SELECT voter_jid, voter_phone, from_me, selected, vote_id, voted_at \
             FROM poll_votes WHERE device_id = $1 AND poll_id = $2 \
             ORDER BY voted_at, voter_jid",
        )
        .bind(device_id)
        .bind(poll_id)
        .fetch_all(&self.db)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(voter_jid, voter_phone, from_me, selected, vote_id, voted_at)| PollVote {
                    device_id: device_id.to_string(),
                    poll_id: poll_id.to_string(),
                    voter_jid,
                    voter_phone,
                    from_me,
                    selected: serde_json::from_str(&selected).unwrap_or_default(),
                    vote_id,
                    voted_at,
                },
            )
            .collect())
    }
}

#[async_trait]
impl<B: sqlx::Database> ChatTimerStore for SqlStore<B> {
    async fn chat_timer(&self, device_id: &str, chat_jid: &str) -> StoreResult<Option<u32>> {
        let seconds =
            query("SELECT seconds FROM chat_timers WHERE device_id = $1 AND chat_jid = $2")
                .bind(device_id)
                .bind(chat_jid)
                .scalar_optional::<i64>(&self.db)
                .await?;
        Ok(seconds.filter(|s| *s > 0).map(|s| s as u32))
    }

    async fn set_chat_timer(
        &self,
        device_id: &str,
        chat_jid: &str,
        seconds: u32,
    ) -> StoreResult<()> {
        query(
            "INSERT INTO chat_timers (device_id, chat_jid, seconds, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (device_id, chat_jid) DO UPDATE SET \
             seconds = excluded.seconds, updated_at = excluded.updated_at",
        )
        .bind(device_id)
        .bind(chat_jid)
        .bind(i64::from(seconds))
        .bind(Utc::now())
        .execute(&self.db)
        .await
        .map(|_| ())
    }
}
