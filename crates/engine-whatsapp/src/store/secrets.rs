//! Message secrets: the per-message keys that decrypt later add-ons (reactions, edits, polls).

use async_trait::async_trait;
use whatsapp_rust::wacore::store::error::Result;
use whatsapp_rust::wacore::store::traits::{MsgSecretEntry, MsgSecretStore};

use super::db::stmt;
use super::{db_err, SqlBackend};

#[async_trait]
impl MsgSecretStore for SqlBackend {
    /// Row by row in one transaction, so a batch naming one key twice merges the way the
    /// reference store does: the later deadline wins (0 = never), a known parent time is kept.
    async fn put_msg_secrets(&self, entries: Vec<MsgSecretEntry>) -> Result<usize> {
        let count = entries.len();
        if count == 0 {
            return Ok(0);
        }
        let stmts = entries
            .iter()
            .map(|e| {
                stmt!(
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
                    self.dev(),
                    &*e.chat,
                    &*e.sender,
                    &*e.msg_id,
                    e.secret.to_vec(),
                    e.expires_at,
                    e.message_ts
                )
            })
            .collect();
        self.exec_all(stmts).await.map_err(db_err)?;
        Ok(count)
    }

    async fn get_msg_secret(
        &self,
        chat: &str,
        sender: &str,
        msg_id: &str,
    ) -> Result<Option<Vec<u8>>> {
        Ok(self
            .get_msg_secret_with_ts(chat, sender, msg_id)
            .await?
            .map(|(secret, _)| secret))
    }

    async fn get_msg_secret_with_ts(
        &self,
        chat: &str,
        sender: &str,
        msg_id: &str,
    ) -> Result<Option<(Vec<u8>, i64)>> {
        self.db
            .fetch_optional(stmt!(
                "SELECT secret, message_ts FROM wa_msg_secrets \
                 WHERE device_id = $1 AND chat = $2 AND sender = $3 AND message_id = $4",
                self.dev(),
                chat,
                sender,
                msg_id
            ))
            .await
            .map_err(db_err)
    }

    async fn delete_expired_msg_secrets(&self, cutoff_timestamp: i64) -> Result<u32> {
        let n = self
            .db
            .exec(stmt!(
                "DELETE FROM wa_msg_secrets \
                 WHERE device_id = $1 AND expires_at <> 0 AND expires_at <= $2",
                self.dev(),
                cutoff_timestamp
            ))
            .await
            .map_err(db_err)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
}
