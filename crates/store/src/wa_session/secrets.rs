//! Message secrets: the per-message keys that decrypt later add-ons (reactions, edits, polls).

use gerbang_core::StoreResult;

use super::{count, WaDeviceDb};
use crate::db::query;

/// One message's secret; `expires_at` 0 is never.
#[derive(Clone, Copy, Debug)]
pub struct MsgSecret<'a> {
    pub chat: &'a str,
    pub sender: &'a str,
    pub message_id: &'a str,
    pub secret: &'a [u8],
    pub expires_at: i64,
    pub message_ts: i64,
}

impl WaDeviceDb {
    /// Row by row in one transaction, so a batch naming one key twice merges the way the
    /// reference store does: the later deadline wins (0 = never), a known parent time is kept.
    pub async fn put_msg_secrets(&self, entries: &[MsgSecret<'_>]) -> StoreResult<()> {
        let statements: Vec<_> = entries
            .iter()
            .map(|e| {
                query(
                    "INSERT INTO wa_msg_secrets \
                 (device_id, chat, sender, message_id, secret, expires_at, message_ts) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (device_id, chat, sender, message_id) DO UPDATE SET \
                 secret = excluded.secret, \
                 expires_at = CASE \
                   WHEN wa_msg_secrets.expires_at = 0 OR excluded.expires_at = 0 THEN 0 \
                   WHEN excluded.expires_at > wa_msg_secrets.expires_at THEN excluded.expires_at \
                   ELSE wa_msg_secrets.expires_at END, \
                 message_ts = CASE \
                   WHEN excluded.message_ts > wa_msg_secrets.message_ts THEN excluded.message_ts \
                   ELSE wa_msg_secrets.message_ts END",
                )
                .bind(self.dev())
                .bind(e.chat)
                .bind(e.sender)
                .bind(e.message_id)
                .bind(e.secret)
                .bind(e.expires_at)
                .bind(e.message_ts)
            })
            .collect();
        self.write_all(statements).await.map(drop)
    }

    /// The secret and the time of the message it belongs to.
    pub async fn get_msg_secret(
        &self,
        chat: &str,
        sender: &str,
        message_id: &str,
    ) -> StoreResult<Option<(Vec<u8>, i64)>> {
        query(
            "SELECT secret, message_ts FROM wa_msg_secrets \
             WHERE device_id = $1 AND chat = $2 AND sender = $3 AND message_id = $4",
        )
        .bind(self.dev())
        .bind(chat)
        .bind(sender)
        .bind(message_id)
        .fetch_optional(&self.db)
        .await
    }

    /// One statement outside any transaction, as a clean-up; the rows dropped.
    pub async fn delete_expired_msg_secrets(&self, cutoff_timestamp: i64) -> StoreResult<u32> {
        query(
            "DELETE FROM wa_msg_secrets \
             WHERE device_id = $1 AND expires_at <> 0 AND expires_at <= $2",
        )
        .bind(self.dev())
        .bind(cutoff_timestamp)
        .execute(&self.db)
        .await
        .map(count)
    }
}
