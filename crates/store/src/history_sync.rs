//! A device's history-sync setting.

use async_trait::async_trait;
use chrono::Utc;
use gerbang_core::store::HistorySyncStore;
use gerbang_core::StoreResult;

use crate::db::{query, Db};
use crate::SqlStore;

/// Whether the device opted in to the phone's history (off without a row; also read by the
/// real engine's session handle).
pub(crate) async fn enabled(db: &Db, device_id: &str) -> StoreResult<bool> {
    let row: Option<bool> = query("SELECT enabled FROM device_history_sync WHERE device_id = $1")
        .bind(device_id)
        .scalar_optional(db)
        .await?;
    Ok(row.unwrap_or(false))
}

#[async_trait]
impl<B: sqlx::Database> HistorySyncStore for SqlStore<B> {
    async fn history_sync(&self, device_id: &str) -> StoreResult<bool> {
        enabled(&self.db, device_id).await
    }

    async fn set_history_sync(&self, device_id: &str, enabled: bool) -> StoreResult<()> {
        query(
            "INSERT INTO device_history_sync (device_id, enabled, updated_at) \
             VALUES ($1, $2, $3) ON CONFLICT (device_id) DO UPDATE SET \
             enabled = excluded.enabled, updated_at = excluded.updated_at",
        )
        .bind(device_id)
        .bind(enabled)
        .bind(Utc::now())
        .execute(&self.db)
        .await
        .map(|_| ())
    }
}
