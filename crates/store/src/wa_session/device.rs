//! The device's own credentials (noise and identity keys, the paired account), as the engine
//! serializes them.

use gerbang_core::StoreResult;

use super::WaDeviceDb;
use crate::db::query;

impl WaDeviceDb {
    pub async fn save_device(&self, data: &[u8]) -> StoreResult<()> {
        self.write(
            query(
                "INSERT INTO wa_device (device_id, data) VALUES ($1, $2) \
                 ON CONFLICT (device_id) DO UPDATE SET data = excluded.data",
            )
            .bind(self.dev())
            .bind(data),
        )
        .await
        .map(drop)
    }

    pub async fn load_device(&self) -> StoreResult<Option<Vec<u8>>> {
        query("SELECT data FROM wa_device WHERE device_id = $1")
            .bind(self.dev())
            .scalar_optional(&self.db)
            .await
    }

    pub async fn device_exists(&self) -> StoreResult<bool> {
        let found: Option<i64> =
            query("SELECT CAST(1 AS BIGINT) FROM wa_device WHERE device_id = $1")
                .bind(self.dev())
                .scalar_optional(&self.db)
                .await?;
        Ok(found.is_some())
    }

    /// Stores `data` unless the device already has credentials.
    pub async fn create_device(&self, data: &[u8]) -> StoreResult<()> {
        self.write(
            query(
                "INSERT INTO wa_device (device_id, data) VALUES ($1, $2) \
                 ON CONFLICT (device_id) DO NOTHING",
            )
            .bind(self.dev())
            .bind(data),
        )
        .await
        .map(drop)
    }
}
