//! App-state sync: sync keys, collection versions (hash states) and mutation MACs.

use async_trait::async_trait;
use whatsapp_rust::wacore::appstate::hash::HashState;
use whatsapp_rust::wacore::appstate::processor::AppStateMutationMAC;
use whatsapp_rust::wacore::store::error::Result;
use whatsapp_rust::wacore::store::traits::{AppStateSyncKey, AppSyncStore};

use super::db::stmt;
use super::{db_err, from_json, to_json, SqlBackend};

#[async_trait]
impl AppSyncStore for SqlBackend {
    async fn get_sync_key(&self, key_id: &[u8]) -> Result<Option<AppStateSyncKey>> {
        let row: Option<(Vec<u8>,)> = self
            .db
            .fetch_optional(stmt!(
                "SELECT data FROM wa_sync_keys WHERE device_id = $1 AND key_id = $2",
                self.dev(),
                key_id
            ))
            .await
            .map_err(db_err)?;
        row.map(|(data,)| from_json(&data)).transpose()
    }

    async fn set_sync_key(&self, key_id: &[u8], key: AppStateSyncKey) -> Result<()> {
        let data = to_json(&key)?;
        self.exec_all(vec![
            stmt!(
                "INSERT INTO wa_sync_keys (device_id, key_id, data) VALUES ($1, $2, $3) \
                     ON CONFLICT (device_id, key_id) DO UPDATE SET data = excluded.data",
                self.dev(),
                key_id,
                data
            ),
            stmt!(
                "INSERT INTO wa_latest_sync_key (device_id, key_id) VALUES ($1, $2) \
                     ON CONFLICT (device_id) DO UPDATE SET key_id = excluded.key_id",
                self.dev(),
                key_id
            ),
        ])
        .await
        .map(|_| ())
        .map_err(db_err)
    }

    async fn get_version(&self, name: &str) -> Result<HashState> {
        let row: Option<(Vec<u8>,)> = self
            .db
            .fetch_optional(stmt!(
                "SELECT data FROM wa_app_state_versions WHERE device_id = $1 AND name = $2",
                self.dev(),
                name
            ))
            .await
            .map_err(db_err)?;
        match row {
            Some((data,)) => from_json(&data),
            None => Ok(HashState::default()),
        }
    }

    async fn set_version(&self, name: &str, state: HashState) -> Result<()> {
        let data = to_json(&state)?;
        self.exec(stmt!(
            "INSERT INTO wa_app_state_versions (device_id, name, data) VALUES ($1, $2, $3) \
                 ON CONFLICT (device_id, name) DO UPDATE SET data = excluded.data",
            self.dev(),
            name,
            data
        ))
        .await
        .map(|_| ())
        .map_err(db_err)
    }

    async fn put_mutation_macs(
        &self,
        name: &str,
        _version: u64,
        mutations: &[AppStateMutationMAC],
    ) -> Result<()> {
        if mutations.is_empty() {
            return Ok(());
        }
        let stmts = mutations
            .iter()
            .map(|m| {
                stmt!(
                    "INSERT INTO wa_mutation_macs (device_id, name, index_mac, value_mac) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (device_id, name, index_mac) \
                     DO UPDATE SET value_mac = excluded.value_mac",
                    self.dev(),
                    name,
                    m.index_mac.as_slice(),
                    m.value_mac.as_slice()
                )
            })
            .collect();
        self.exec_all(stmts).await.map(|_| ()).map_err(db_err)
    }

    async fn get_mutation_mac(&self, name: &str, index_mac: &[u8]) -> Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> = self
            .db
            .fetch_optional(stmt!(
                "SELECT value_mac FROM wa_mutation_macs \
                 WHERE device_id = $1 AND name = $2 AND index_mac = $3",
                self.dev(),
                name,
                index_mac
            ))
            .await
            .map_err(db_err)?;
        Ok(row.map(|(mac,)| mac))
    }

    async fn delete_mutation_macs(&self, name: &str, index_macs: &[Vec<u8>]) -> Result<()> {
        if index_macs.is_empty() {
            return Ok(());
        }
        let stmts = index_macs
            .iter()
            .map(|index_mac| {
                stmt!(
                    "DELETE FROM wa_mutation_macs \
                     WHERE device_id = $1 AND name = $2 AND index_mac = $3",
                    self.dev(),
                    name,
                    index_mac.as_slice()
                )
            })
            .collect();
        self.exec_all(stmts).await.map(|_| ()).map_err(db_err)
    }

    async fn clear_mutation_macs(&self, name: &str) -> Result<()> {
        self.exec(stmt!(
            "DELETE FROM wa_mutation_macs WHERE device_id = $1 AND name = $2",
            self.dev(),
            name
        ))
        .await
        .map(|_| ())
        .map_err(db_err)
    }

    async fn get_latest_sync_key_id(&self) -> Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> = self
            .db
            .fetch_optional(stmt!(
                "SELECT key_id FROM wa_latest_sync_key WHERE device_id = $1",
                self.dev()
            ))
            .await
            .map_err(db_err)?;
        Ok(row.map(|(id,)| id))
    }
}
