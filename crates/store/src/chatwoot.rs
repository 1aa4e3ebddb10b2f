//! The Chatwoot bridge's records, in SQL both backends read alike.

macro_rules! chatwoot_store_impl {
    ($store:ty) => {
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use gerbang_core::chatwoot::{
            cursor_name, ChatwootConfig, ChatwootConversation, ChatwootMessageState,
            ChatwootStore,
        };
        use gerbang_core::StoreResult;

        use crate::errors::map;

        type ConfigRow = (
            String,
            String,
            i64,
            i64,
            String,
            String,
            String,
            bool,
            Option<String>,
            Option<DateTime<Utc>>,
            DateTime<Utc>,
        );

        #[async_trait]
        impl ChatwootStore for $store {
            async fn chatwoot_devices(&self) -> StoreResult<Vec<String>> {
                sqlx::query_scalar::<_, String>(
                    "SELECT device_id FROM chatwoot_configs WHERE enabled ORDER BY device_id",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(map)
            }

            async fn chatwoot_config(&self, device_id: &str) -> StoreResult<Option<ChatwootConfig>> {
                let row = sqlx::query_as::<_, ConfigRow>(
                    "SELECT device_id, base_url, account_id, inbox_id, token_cipher, token_hint, \
                     webhook_token_hash, enabled, last_error, last_error_at, updated_at \
                     FROM chatwoot_configs WHERE device_id = $1",
                )
                .bind(device_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(map)?;
                Ok(row.map(|r| ChatwootConfig {
                    device_id: r.0,
                    base_url: r.1,
                    account_id: r.2,
                    inbox_id: r.3,
                    token_cipher: r.4,
                    token_hint: r.5,
                    webhook_token_hash: r.6,
                    enabled: r.7,
                    last_error: r.8,
                    last_error_at: r.9,
                    updated_at: r.10,
                }))
            }

            async fn put_chatwoot_config(&self, c: &ChatwootConfig) -> StoreResult<()> {
                // Read before the transaction: on SQLite a transaction that reads first and then
                // writes fails at once (instead of waiting) when another write came between.
                let was_enabled = sqlx::query_scalar::<_, bool>(
                    "SELECT enabled FROM chatwoot_configs WHERE device_id = $1",
                )
                .bind(&c.device_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(map)?
                .unwrap_or(false);
                let mut tx = crate::WriteBegin::begin_write(&self.pool).await.map_err(map)?;
                sqlx::query(
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
                .execute(&mut *tx)
                .await
                .map_err(map)?;
                let cursor = cursor_name(&c.device_id);
                if c.enabled && !was_enabled {
                    // At the end of the log, in the same transaction: no message falls between
                    // the configuration and the cursor, and none from before it (or from a
                    // deleted device of the same id) is copied. (`WHERE true`: see the sinks'.)
                    sqlx::query(
                        "INSERT INTO event_sinks (name, last_event_id, updated_at) \
                         SELECT $1, COALESCE(MAX(id), 0), $2 FROM events WHERE true \
                         ON CONFLICT (name) DO UPDATE SET last_event_id = excluded.last_event_id, \
                         updated_at = excluded.updated_at",
                    )
                    .bind(&cursor)
                    .bind(Utc::now())
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
                } else if !c.enabled {
                    sqlx::query("DELETE FROM event_sinks WHERE name = $1")
                        .bind(&cursor)
                        .execute(&mut *tx)
                        .await
                        .map_err(map)?;
                }
                tx.commit().await.map_err(map)
            }

            async fn delete_chatwoot_config(&self, device_id: &str) -> StoreResult<bool> {
                let mut tx = crate::WriteBegin::begin_write(&self.pool).await.map_err(map)?;
                // A later configuration may point at another inbox or account: what was
                // remembered about this one would be wrong there.
                for table in ["chatwoot_conversations", "chatwoot_messages"] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE device_id = $1"))
                        .bind(device_id)
                        .execute(&mut *tx)
                        .await
                        .map_err(map)?;
                }
                sqlx::query("DELETE FROM event_sinks WHERE name = $1")
                    .bind(cursor_name(device_id))
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
                let gone = sqlx::query("DELETE FROM chatwoot_configs WHERE device_id = $1")
                    .bind(device_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?
                    .rows_affected()
                    == 1;
                tx.commit().await.map_err(map)?;
                Ok(gone)
            }

            async fn set_chatwoot_error(&self, device_id: &str, error: &str) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE chatwoot_configs SET last_error = $1, last_error_at = $2 \
                     WHERE device_id = $3",
                )
                .bind(error)
                .bind(Utc::now())
                .bind(device_id)
                .execute(&self.pool)
                .await
                .map(|_| ())
                .map_err(map)
            }

            async fn chatwoot_conversation(
                &self,
                device_id: &str,
                phone: &str,
            ) -> StoreResult<Option<ChatwootConversation>> {
                let row = sqlx::query_as::<_, (i64, i64)>(
                    "SELECT contact_id, conversation_id FROM chatwoot_conversations \
                     WHERE device_id = $1 AND phone = $2",
                )
                .bind(device_id)
                .bind(phone)
                .fetch_optional(&self.pool)
                .await
                .map_err(map)?;
                Ok(row.map(|(contact_id, conversation_id)| ChatwootConversation {
                    contact_id,
                    conversation_id,
                }))
            }

            async fn chatwoot_phone(
                &self,
                device_id: &str,
                conversation_id: i64,
            ) -> StoreResult<Option<String>> {
                sqlx::query_scalar::<_, String>(
                    "SELECT phone FROM chatwoot_conversations \
                     WHERE device_id = $1 AND conversation_id = $2",
                )
                .bind(device_id)
                .bind(conversation_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(map)
            }

            async fn save_chatwoot_conversation(
                &self,
                device_id: &str,
                phone: &str,
                c: ChatwootConversation,
            ) -> StoreResult<()> {
                sqlx::query(
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
                .execute(&self.pool)
                .await
                .map(|_| ())
                .map_err(map)
            }

            async fn forget_chatwoot_conversation(
                &self,
                device_id: &str,
                phone: &str,
            ) -> StoreResult<()> {
                sqlx::query("DELETE FROM chatwoot_conversations WHERE device_id = $1 AND phone = $2")
                    .bind(device_id)
                    .bind(phone)
                    .execute(&self.pool)
                    .await
                    .map(|_| ())
                    .map_err(map)
            }

            async fn chatwoot_message_known(
                &self,
                device_id: &str,
                message_id: &str,
            ) -> StoreResult<bool> {
                sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM chatwoot_messages WHERE device_id = $1 AND message_id = $2",
                )
                .bind(device_id)
                .bind(message_id)
                .fetch_one(&self.pool)
                .await
                .map(|n| n > 0)
                .map_err(map)
            }

            async fn chatwoot_id_known(&self, device_id: &str, chatwoot_id: i64) -> StoreResult<bool> {
                sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM chatwoot_messages \
                     WHERE device_id = $1 AND chatwoot_message_id = $2",
                )
                .bind(device_id)
                .bind(chatwoot_id)
                .fetch_one(&self.pool)
                .await
                .map(|n| n > 0)
                .map_err(map)
            }

            async fn record_chatwoot_message(
                &self,
                device_id: &str,
                message_id: &str,
                state: ChatwootMessageState,
                chatwoot_id: Option<i64>,
                error: Option<&str>,
            ) -> StoreResult<bool> {
                sqlx::query(
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
                .execute(&self.pool)
                .await
                .map(|r| r.rows_affected() == 1)
                .map_err(map)
            }

            async fn chatwoot_failures(&self, device_id: &str) -> StoreResult<i64> {
                sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM chatwoot_messages WHERE device_id = $1 AND state = 'failed'",
                )
                .bind(device_id)
                .fetch_one(&self.pool)
                .await
                .map_err(map)
            }
        }
    };
}

pub(crate) use chatwoot_store_impl;
