//! App-state sync: sync keys, collection versions (hash states) and mutation MACs, the keys
//! and states kept as the engine serializes them.

use gerbang_core::StoreResult;

use super::WaDeviceDb;
use crate::db::query;

impl WaDeviceDb {
    pub async fn get_sync_key(&self, key_id: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        self.blob(
            "SELECT data FROM wa_sync_keys WHERE device_id = $1 AND key_id = $2",
            key_id,
        )
        .await
    }

    /// Stores the key and makes it the latest, in one transaction.
    pub async fn set_sync_key(&self, key_id: &[u8], data: &[u8]) -> StoreResult<()> {
        self.write_all(vec![
            query(
                "INSERT INTO wa_sync_keys (device_id, key_id, data) VALUES ($1, $2, $3) \
                 ON CONFLICT (device_id, key_id) DO UPDATE SET data = excluded.data",
            )
            .bind(self.dev())
            .bind(key_id)
            .bind(data),
            query(
                "INSERT INTO wa_latest_sync_key (device_id, key_id) VALUES ($1, $2) \
                 ON CONFLICT (device_id) DO UPDATE SET key_id = excluded.key_id",
            )
            .bind(self.dev())
            .bind(key_id),
        ])
        .await
        .map(drop)
    }

    pub async fn get_latest_sync_key_id(&self) -> StoreResult<Option<Vec<u8>>> {
        query("SELECT key_id FROM wa_latest_sync_key WHERE device_id = $1")
            .bind(self.dev())
            .scalar_optional(&self.db)
            .await
    }

    pub async fn get_app_state_version(&self, name: &str) -> StoreResult<Option<Vec<u8>>> {
        self.blob(
            "SELECT data FROM wa_app_state_versions WHERE device_id = $1 AND name = $2",
            name,
        )
        .await
    }

    pub async fn set_app_state_version(&self, name: &str, data: &[u8]) -> StoreResult<()> {
        self.write(
            query(
                "INSERT INTO wa_app_state_versions (device_id, name, data) VALUES ($1, $2, $3) \
                 ON CONFLICT (device_id, name) DO UPDATE SET data = excluded.data",
            )
            .bind(self.dev())
            .bind(name)
            .bind(data),
        )
        .await
        .map(drop)
    }

    /// `(index MAC, value MAC)` pairs of collection `name`, in one transaction.
    pub async fn put_mutation_macs(&self, name: &str, macs: &[(&[u8], &[u8])]) -> StoreResult<()> {
        let statements: Vec<_> = macs
            .iter()
            .map(|&(index_mac, value_mac)| {
                query(
                    "INSERT INTO wa_mutation_macs (device_id, name, index_mac, value_mac) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (device_id, name, index_mac) \
                 DO UPDATE SET value_mac = excluded.value_mac",
                )
                .bind(self.dev())
                .bind(name)
                .bind(index_mac)
                .bind(value_mac)
            })
            .collect();
        self.write_all(statements).await.map(drop)
    }

    pub async fn get_mutation_mac(
        &self,
        name: &str,
        index_mac: &[u8],
    ) -> StoreResult<Option<Vec<u8>>> {
        query(
            "SELECT value_mac FROM wa_mutation_macs \
             WHERE device_id = $1 AND name = $2 AND index_mac = $3",
        )
        .bind(self.dev())
        .bind(name)
        .bind(index_mac)
        .scalar_optional(&self.db)
        .await
    }

    /// In one transaction.
    pub async fn delete_mutation_macs(&self, name: &str, index_macs: &[&[u8]]) -> StoreResult<()> {
        let statements: Vec<_> = index_macs
            .iter()
            .map(|&index_mac| {
                query(
                    "DELETE FROM wa_mutation_macs \
                 WHERE device_id = $1 AND name = $2 AND index_mac = $3",
                )
                .bind(self.dev())
                .bind(name)
                .bind(index_mac)
            })
            .collect();
        self.write_all(statements).await.map(drop)
    }

    pub async fn clear_mutation_macs(&self, name: &str) -> StoreResult<()> {
        self.write(
            query("DELETE FROM wa_mutation_macs WHERE device_id = $1 AND name = $2")
                .bind(self.dev())
                .bind(name),
        )
        .await
        .map(drop)
    }
}
