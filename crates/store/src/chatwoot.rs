//! The Chatwoot bridge's records, in SQL both backends read alike.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::chatwoot::{
    cursor_name, ChatwootConfig, ChatwootConversation, ChatwootMessageState, ChatwootStore,
};
use gerbang_core::StoreResult;

use crate::db::query;
use crate::SqlStore;

const CONFIG_COLUMNS: &str = "device_id, base_url, account_id, inbox_id, token_cipher, \
     token_hint, webhook_token_hash, enabled, last_error, last_error_at, updated_at";

#[derive(sqlx::FromRow)]
struct ConfigRow {
    device_id: String,
    base_url: String,
    account_id: i64,
    inbox_id: i64,
    token_cipher: String,
    token_hint: String,
    webhook_token_hash: String,
    enabled: bool,
    last_error: Option<String>,
    last_error_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

impl From<ConfigRow> for ChatwootConfig {
    fn from(r: ConfigRow) -> Self {
        ChatwootConfig {
            device_id: r.device_id,
            base_url: r.base_url,
            account_id: r.account_id,
            inbox_id: r.inbox_id,
            token_cipher: r.token_cipher,
            token_hint: r.token_hint,
            webhook_token_hash: r.webhook_token_hash,
            enabled: r.enabled,
            last_error: r.last_error,
            last_error_at: r.last_error_at,
            updated_at: r.updated_at,
        }
    }
}

#[async_trait]
impl<B: sqlx::Database> ChatwootStore for SqlStore<B> {
    async fn chatwoot_devices(&self) -> StoreResult<Vec<String>> {
        query("SELECT device_id FROM chatwoot_configs WHERE enabled ORDER BY device_id")
            .scalars(&self.db)
            .await
    }

    async fn chatwoot_config(&self, device_id: &str) -> StoreResult<Option<ChatwootConfig>> {
        query(format!(
            "SELECT {CONFIG_COLUMNS} FROM chatwoot_configs WHERE device_id = $1"
        ))
        .bind(device_id)
        .fetch_optional::<ConfigRow>(&self.db)
        .await
        .map(|r| r.map(ChatwootConfig::from))
    }

    async fn put_chatwoot_config(&self, c: &ChatwootConfig) -> StoreResult<()> {
        // Read before the transaction: on SQLite a transaction that reads first and then
        // writes fails at once (instead of waiting) when another write came between.
        let was_enabled = query("SELECT enabled FROM chatwoot_configs WHERE device_id = $1")
            .bind(&c.device_id)
            .scalar_optional::<bool>(&self.db)
            .await?
            .unwrap_or(false);
        let mut tx = self.db.begin_write().await?;
        query(
            "INSERT INTO chatwoot_configs (device_id, base_url, account_id, inbox_id, \
             token_cipher, token_hint, webhook_token_hash, enabled, last_error, \
             last_error_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, $9) \
             ON CONFLICT (device_id) DO UPDATE SET base_url = excluded.base_url, \
             account_id = excluded.account_id, inbox_id = excluded.inbox_id, \
             token_cipher = excluded.token_cipher, token_hint = excluded.token_hint, \
             webhook_token_hash = excluded.webhook_token_hash, \
             enabled = excluded.enabled, last_error = NULL, last_error_at = NULL, \
             updated_at = excluded.updated_at",
        )
        .bind(&c.device_id)
        .bind(&c.base_url)
        .bind(c.account_id)
        .bind(c.inbox_id)
        .bind(&c.token_cipher)
        .bind(&c.token_hint)
        .bind(&c.webhook_token_hash)
        .bind(c.enabled)
        .bind(c.updated_at)
        .execute(&mut tx)
        .await?;
        let cursor = cursor_name(&c.device_id);
        if c.enabled && !was_enabled {
            // At the end of the log, in the same transaction: no message falls between
            // the configuration and the cursor, and none from before it (or from a
            // deleted device of the same id) is copied. (`WHERE true`: see the sinks'.)
            query(
                "INSERT INTO event_sinks (name, last_event_id, updated_at) \
                 SELECT $1, COALESCE(MAX(id), 0), $2 FROM events WHERE true \
                 ON CONFLICT (name) DO UPDATE SET last_event_id = excluded.last_event_id, \
                 updated_at = excluded.updated_at",
            )
            .bind(&cursor)
            .bind(Utc::now())
            .execute(&mut tx)
            .await?;
        } else if !c.enabled {
            query("DELETE FROM event_sinks WHERE name = $1")
                .bind(&cursor)
                .execute(&mut tx)
                .await?;
        }
        tx.commit().await
    }

    async fn delete_chatwoot_config(&self, device_id: &str) -> StoreResult<bool> {
        let mut tx = self.db.begin_write().await?;
        // A later configuration may point at another inbox or account: what was
        // remembered about this one would be wrong there.
        for table in ["chatwoot_conversations", "chatwoot_messages"] {
            query(format!("DELETE FROM {table} WHERE device_id = $1"))
                .bind(device_id)
                .execute(&mut tx)
                .await?;
        }
        query("DELETE FROM event_sinks WHERE name = $1")
            .bind(cursor_name(device_id))
            .execute(&mut tx)
            .await?;
        let gone = query("DELETE FROM chatwoot_configs WHERE device_id = $1")
            .bind(device_id)
            .execute(&mut tx)
            .await?
            == 1;
        tx.commit().await?;
        Ok(gone)
    }

    async fn set_chatwoot_error(&self, device_id: &str, error: &str) -> StoreResult<()> {
        query(
            "UPDATE chatwoot_configs SET last_error = $1, last_error_at = $2 \
             WHERE device_id = $3",
        )
        .bind(error)
        .bind(Utc::now())
        .bind(device_id)
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn chatwoot_conversation(
        &self,
        device_id: &str,
        phone: &str,
    ) -> StoreResult<Option<ChatwootConversation>> {
        let row: Option<(i64, i64)> = query(
            "SELECT contact_id, conversation_id FROM chatwoot_conversations \
             WHERE device_id = $1 AND phone = $2",
        )
        .bind(device_id)
        .bind(phone)
        .fetch_optional(&self.db)
        .await?;
        Ok(
            row.map(|(contact_id, conversation_id)| ChatwootConversation {
                contact_id,
                conversation_id,
            }),
        )
    }

    async fn chatwoot_phone(
        &self,
        device_id: &str,
        conversation_id: i64,
    ) -> StoreResult<Option<String>> {
        query(
            "SELECT phone FROM chatwoot_conversations \
             WHERE device_id = $1 AND conversation_id = $2",
        )
        .bind(device_id)
        .bind(conversation_id)
        .scalar_optional(&self.db)
        .await
    }

    async fn save_chatwoot_conversation(
        &self,
        device_id: &str,
        phone: &str,
        c: ChatwootConversation,
    ) -> StoreResult<()> {
        query(
            "INSERT INTO chatwoot_conversations \
             (device_id, phone, contact_id, conversation_id, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (device_id, phone) DO UPDATE SET \
             contact_id = excluded.contact_id, conversation_id = excluded.conversation_id",
        )
        .bind(device_id)
        .bind(phone)
        .bind(c.contact_id)
        .bind(c.conversation_id)
        .bind(Utc::now())
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn forget_chatwoot_conversation(&self, device_id: &str, phone: &str) -> StoreResult<()> {
        query("DELETE FROM chatwoot_conversations WHERE device_id = $1 AND phone = $2")
            .bind(device_id)
            .bind(phone)
            .execute(&self.db)
            .await
            .map(|_| ())
    }

    async fn chatwoot_message_known(&self, device_id: &str, message_id: &str) -> StoreResult<bool> {
        query("SELECT COUNT(*) FROM chatwoot_messages WHERE device_id = $1 AND message_id = $2")
            .bind(device_id)
            .bind(message_id)
            .scalar::<i64>(&self.db)
            .await
            .map(|n| n > 0)
    }

    async fn chatwoot_id_known(&self, device_id: &str, chatwoot_id: i64) -> StoreResult<bool> {
        query(
            "SELECT COUNT(*) FROM chatwoot_messages \
             WHERE device_id = $1 AND chatwoot_message_id = $2",
        )
        .bind(device_id)
        .bind(chatwoot_id)
        .scalar::<i64>(&self.db)
        .await
        .map(|n| n > 0)
    }

    async fn record_chatwoot_message(
        &self,
        device_id: &str,
        message_id: &str,
        state: ChatwootMessageState,
        chatwoot_id: Option<i64>,
        error: Option<&str>,
    ) -> StoreResult<bool> {
        query(
            "INSERT INTO chatwoot_messages \
             (device_id, message_id, state, chatwoot_message_id, error, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (device_id, message_id) DO NOTHING",
        )
        .bind(device_id)
        .bind(message_id)
        .bind(state.as_str())
        .bind(chatwoot_id)
        .bind(error)
        .bind(Utc::now())
        .execute(&self.db)
        .await
        .map(|n| n == 1)
    }

    async fn chatwoot_failures(&self, device_id: &str) -> StoreResult<i64> {
        query("SELECT COUNT(*) FROM chatwoot_messages WHERE device_id = $1 AND state = 'failed'")
            .bind(device_id)
            .scalar(&self.db)
            .await
    }
}
