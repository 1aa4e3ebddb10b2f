//! App-state sync: sync keys, collection versions (hash states) and mutation MACs.

use async_trait::async_trait;
use whatsapp_rust::wacore::appstate::hash::HashState;
use whatsapp_rust::wacore::appstate::processor::AppStateMutationMAC;
use whatsapp_rust::wacore::store::error::Result;
use whatsapp_rust::wacore::store::traits::{AppStateSyncKey, AppSyncStore};

use super::{db_err, from_json, to_json, SqlBackend};

#[async_trait]
impl AppSyncStore for SqlBackend {
    async fn get_sync_key(&self, key_id: &[u8]) -> Result<Option<AppStateSyncKey>> {
        let data = self.db.get_sync_key(key_id).await.map_err(db_err)?;
        data.map(|data| from_json(&data)).transpose()
    }

    async fn set_sync_key(&self, key_id: &[u8], key: AppStateSyncKey) -> Result<()> {
        let data = to_json(&key)?;
        self.db.set_sync_key(key_id, &data).await.map_err(db_err)
    }

    async fn get_version(&self, name: &str) -> Result<HashState> {
        match self.db.get_app_state_version(name).await.map_err(db_err)? {
            Some(data) => from_json(&data),
            None => Ok(HashState::default()),
        }
    }

    async fn set_version(&self, name: &str, state: HashState) -> Result<()> {
        let data = to_json(&state)?;
        self.db
            .set_app_state_version(name, &data)
            .await
            .map_err(db_err)
    }

    async fn put_mutation_macs(
        &self,
        name: &str,
        _version: u64,
        mutations: &[AppStateMutationMAC],
    ) -> Result<()> {
        let macs: Vec<(&[u8], &[u8])> = mutations
            .iter()
            .map(|m| (m.index_mac.as_slice(), m.value_mac.as_slice()))
            .collect();
        self.db.put_mutation_macs(name, &macs).await.map_err(db_err)
    }

    async fn get_mutation_mac(&self, name: &str, index_mac: &[u8]) -> Result<Option<Vec<u8>>> {
        self.db
            .get_mutation_mac(name, index_mac)
            .await
            .map_err(db_err)
    }

    async fn delete_mutation_macs(&self, name: &str, index_macs: &[Vec<u8>]) -> Result<()> {
        let index_macs: Vec<&[u8]> = index_macs.iter().map(Vec::as_slice).collect();
        self.db
            .delete_mutation_macs(name, &index_macs)
            .await
            .map_err(db_err)
    }

    async fn clear_mutation_macs(&self, name: &str) -> Result<()> {
        self.db.clear_mutation_macs(name).await.map_err(db_err)
    }

    async fn get_latest_sync_key_id(&self) -> Result<Option<Vec<u8>>> {
        self.db.get_latest_sync_key_id().await.map_err(db_err)
    }
}
