//! A device's history-sync setting, in SQL both backends read alike.

macro_rules! history_sync_store_impl {
    ($store:ty) => {
        use async_trait::async_trait;
        use gerbang_core::store::HistorySyncStore;
        use gerbang_core::StoreResult;

        use crate::errors::map;

        #[async_trait]
        impl HistorySyncStore for $store {
            async fn history_sync(&self, device_id: &str) -> StoreResult<bool> {
                let row = sqlx::query_scalar::<_, bool>(
                    "SELECT enabled FROM device_history_sync WHERE device_id = $1",
                )
                .bind(device_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(map)?;
                Ok(row.unwrap_or(false))
            }

            async fn set_history_sync(&self, device_id: &str, enabled: bool) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO device_history_sync (device_id, enabled, updated_at) \
                     VALUES ($1, $2, $3) ON CONFLICT (device_id) DO UPDATE SET \
                     enabled = excluded.enabled, updated_at = excluded.updated_at",
                )
                .bind(device_id)
                .bind(enabled)
                .bind(chrono::Utc::now())
                .execute(&self.pool)
                .await
                .map(|_| ())
                .map_err(map)
            }
        }
    };
}

pub(crate) use history_sync_store_impl;
