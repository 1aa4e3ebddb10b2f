//! A device's call settings.

use async_trait::async_trait;
use chrono::Utc;
use gerbang_core::store::{CallSettings, CallSettingsStore};
use gerbang_core::StoreResult;

use crate::db::query;
use crate::SqlStore;

#[async_trait]
impl<B: sqlx::Database> CallSettingsStore for SqlStore<B> {
    async fn call_settings(&self, device_id: &str) -> StoreResult<CallSettings> {
        let row = query(
            "SELECT reject_calls, reject_message FROM device_call_settings \
             WHERE device_id = $1",
        )
        .bind(device_id)
        .fetch_optional::<(bool, Option<String>)>(&self.db)
        .await?;
        Ok(row
            .map(|(reject_calls, reject_message)| CallSettings {
                reject_calls,
                reject_message,
            })
            .unwrap_or_default())
    }

    async fn set_call_settings(&self, device_id: &str, settings: &CallSettings) -> StoreResult<()> {
        query(
            "INSERT INTO device_call_settings \
             (device_id, reject_calls, reject_message, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (device_id) DO UPDATE SET \
             reject_calls = excluded.reject_calls, \
             reject_message = excluded.reject_message, updated_at = excluded.updated_at",
        )
        .bind(device_id)
        .bind(settings.reject_calls)
        .bind(settings.reject_message.as_deref())
        .bind(Utc::now())
        .execute(&self.db)
        .await
        .map(|_| ())
    }
}
