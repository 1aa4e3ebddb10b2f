//! The AI replies' tables (settings as JSON text, the key as base64 text).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gerbang_core::ai::{AiRecord, AiStore, AiUsage};
use gerbang_core::{StoreError, StoreResult};

use crate::bot::to_json;
use crate::db::query;
use crate::SqlStore;

#[async_trait]
impl<B: sqlx::Database> AiStore for SqlStore<B> {
    async fn ai_record(&self, device_id: &str) -> StoreResult<Option<AiRecord>> {
        let row: Option<(String, Option<String>, Option<String>, DateTime<Utc>)> = query(
            "SELECT config, key_cipher, key_hint, updated_at FROM bot_ai WHERE device_id = $1",
        )
        .bind(device_id)
        .fetch_optional(&self.db)
        .await?;
        row.map(|(config, key_cipher, key_hint, updated_at)| {
            let settings = serde_json::from_str(&config)
                .map_err(|e| StoreError::Other(format!("AI settings: {e}")))?;
            Ok(AiRecord {
                settings,
                key_cipher,
                key_hint,
                updated_at: Some(updated_at),
            })
        })
        .transpose()
    }

    async fn put_ai_record(&self, device_id: &str, r: &AiRecord) -> StoreResult<()> {
        query(
            "INSERT INTO bot_ai (device_id, config, key_cipher, key_hint, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (device_id) DO UPDATE SET \
             config = excluded.config, key_cipher = excluded.key_cipher, \
             key_hint = excluded.key_hint, updated_at = excluded.updated_at",
        )
        .bind(device_id)
        .bind(to_json(&r.settings)?)
        .bind(&r.key_cipher)
        .bind(&r.key_hint)
        .bind(Utc::now())
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn add_ai_usage(
        &self,
        device_id: &str,
        day: NaiveDate,
        requests: i64,
        tokens: i64,
    ) -> StoreResult<()> {
        query(
            "INSERT INTO bot_ai_usage (device_id, day, requests, tokens) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (device_id, day) DO UPDATE SET \
             requests = bot_ai_usage.requests + excluded.requests, \
             tokens = bot_ai_usage.tokens + excluded.tokens",
        )
        .bind(device_id)
        .bind(day)
        .bind(requests)
        .bind(tokens)
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn ai_usage(&self, device_id: &str, day: NaiveDate) -> StoreResult<AiUsage> {
        let row: Option<(i64, i64)> =
            query("SELECT requests, tokens FROM bot_ai_usage WHERE device_id = $1 AND day = $2")
                .bind(device_id)
                .bind(day)
                .fetch_optional(&self.db)
                .await?;
        Ok(row
            .map(|(requests, tokens)| AiUsage { requests, tokens })
            .unwrap_or_default())
    }

    async fn reset_ai_memory(
        &self,
        device_id: &str,
        contact_jid: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        query(
            "INSERT INTO bot_ai_memory (device_id, contact_jid, cleared_at) VALUES ($1, $2, $3) \
             ON CONFLICT (device_id, contact_jid) DO UPDATE SET cleared_at = excluded.cleared_at",
        )
        .bind(device_id)
        .bind(contact_jid)
        .bind(at)
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn ai_memory_reset_at(
        &self,
        device_id: &str,
        contact_jid: &str,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        query("SELECT cleared_at FROM bot_ai_memory WHERE device_id = $1 AND contact_jid = $2")
            .bind(device_id)
            .bind(contact_jid)
            .scalar_optional(&self.db)
            .await
    }
}
