//! Message secrets: the per-message keys that decrypt later add-ons (reactions, edits, polls).

use async_trait::async_trait;
use gerbang_store::MsgSecret;
use whatsapp_rust::wacore::store::error::Result;
use whatsapp_rust::wacore::store::traits::{MsgSecretEntry, MsgSecretStore};

use super::{db_err, SqlBackend};

#[async_trait]
impl MsgSecretStore for SqlBackend {
    /// Row by row in one transaction, so a batch naming one key twice merges the way the
    /// reference store does: the later deadline wins (0 = never), a known parent time is kept.
    async fn put_msg_secrets(&self, entries: Vec<MsgSecretEntry>) -> Result<usize> {
        let rows: Vec<MsgSecret<'_>> = entries
            .iter()
            .map(|e| MsgSecret {
                chat: &e.chat,
                sender: &e.sender,
                message_id: &e.msg_id,
                secret: &e.secret,
                expires_at: e.expires_at,
                message_ts: e.message_ts,
            })
            .collect();
        self.db.put_msg_secrets(&rows).await.map_err(db_err)?;
        Ok(entries.len())
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
            .get_msg_secret(chat, sender, msg_id)
            .await
            .map_err(db_err)
    }

    async fn delete_expired_msg_secrets(&self, cutoff_timestamp: i64) -> Result<u32> {
        self.db
            .delete_expired_msg_secrets(cutoff_timestamp)
            .await
            .map_err(db_err)
    }
}
