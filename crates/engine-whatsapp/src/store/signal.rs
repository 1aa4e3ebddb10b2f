//! Signal protocol state: identities, sessions, pre-keys, signed pre-keys, sender keys.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use whatsapp_rust::bytes::Bytes;
use whatsapp_rust::wacore::store::error::{Result, StoreError};
use whatsapp_rust::wacore::store::traits::SignalStore;

use super::{db_err, to_u32, SqlBackend};

#[async_trait]
impl SignalStore for SqlBackend {
    async fn put_identity(&self, address: &str, key: [u8; 32]) -> Result<()> {
        self.db.put_identity(address, &key).await.map_err(db_err)
    }

    async fn put_identities_batch(&self, identities: &[(Arc<str>, [u8; 32])]) -> Result<()> {
        let rows: Vec<(&str, &[u8])> = identities
            .iter()
            .map(|(address, key)| (&**address, key.as_slice()))
            .collect();
        self.db.put_identities(&rows).await.map_err(db_err)
    }

    async fn load_identity(&self, address: &str) -> Result<Option<[u8; 32]>> {
        let key = self.db.load_identity(address).await.map_err(db_err)?;
        key.map(|k| {
            <[u8; 32]>::try_from(k.as_slice())
                .map_err(|_| StoreError::Validation(format!("identity key of {} bytes", k.len())))
        })
        .transpose()
    }

    async fn delete_identity(&self, address: &str) -> Result<()> {
        self.db.delete_identity(address).await.map_err(db_err)
    }

    async fn get_session(&self, address: &str) -> Result<Option<Bytes>> {
        let record = self.db.get_session(address).await.map_err(db_err)?;
        Ok(record.map(Bytes::from))
    }

    async fn put_session(&self, address: &str, session: &[u8]) -> Result<()> {
        self.db.put_session(address, session).await.map_err(db_err)
    }

    async fn put_sessions_batch(&self, sessions: &[(Arc<str>, Bytes)]) -> Result<()> {
        let rows: Vec<(&str, &[u8])> = sessions
            .iter()
            .map(|(address, record)| (&**address, &record[..]))
            .collect();
        self.db.put_sessions(&rows).await.map_err(db_err)
    }

    async fn delete_session(&self, address: &str) -> Result<()> {
        self.db.delete_session(address).await.map_err(db_err)
    }

    async fn has_session(&self, address: &str) -> Result<bool> {
        self.db.has_session(address).await.map_err(db_err)
    }

    async fn has_signal_state_for_user(&self, user: &str) -> Result<bool> {
        self.db
            .has_signal_state_for_user(user)
            .await
            .map_err(db_err)
    }

    async fn store_prekey(&self, id: u32, record: &[u8], uploaded: bool) -> Result<()> {
        self.db
            .store_prekey(id, record, uploaded)
            .await
            .map_err(db_err)
    }

    async fn store_prekeys_batch(&self, keys: &[(u32, Bytes)], uploaded: bool) -> Result<()> {
        let rows: Vec<(u32, &[u8])> = keys.iter().map(|(id, record)| (*id, &record[..])).collect();
        self.db.store_prekeys(&rows, uploaded).await.map_err(db_err)
    }

    async fn load_prekey(&self, id: u32) -> Result<Option<Bytes>> {
        let record = self.db.load_prekey(id).await.map_err(db_err)?;
        Ok(record.map(Bytes::from))
    }

    /// In the order asked for, skipping ids that are not stored.
    async fn load_prekeys_batch(&self, ids: &[u32]) -> Result<Vec<(u32, Bytes)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = self.db.load_prekeys(ids).await.map_err(db_err)?;
        let found: HashMap<i64, Bytes> = rows
            .into_iter()
            .map(|(id, record)| (id, Bytes::from(record)))
            .collect();
        Ok(ids
            .iter()
            .filter_map(|&id| found.get(&i64::from(id)).map(|r| (id, r.clone())))
            .collect())
    }

    /// An UPDATE only: a key deleted meanwhile must stay deleted.
    async fn mark_prekeys_uploaded(&self, ids: &[u32]) -> Result<()> {
        self.db.mark_prekeys_uploaded(ids).await.map_err(db_err)
    }

    async fn remove_prekey(&self, id: u32) -> Result<()> {
        self.db.remove_prekey(id).await.map_err(db_err)
    }

    async fn get_max_prekey_id(&self) -> Result<u32> {
        let max = self.db.max_prekey_id().await.map_err(db_err)?;
        max.map_or(Ok(0), to_u32)
    }

    async fn store_signed_prekey(&self, id: u32, record: &[u8]) -> Result<()> {
        self.db
            .store_signed_prekey(id, record)
            .await
            .map_err(db_err)
    }

    async fn load_signed_prekey(&self, id: u32) -> Result<Option<Vec<u8>>> {
        self.db.load_signed_prekey(id).await.map_err(db_err)
    }

    async fn load_all_signed_prekeys(&self) -> Result<Vec<(u32, Vec<u8>)>> {
        let rows = self.db.load_all_signed_prekeys().await.map_err(db_err)?;
        rows.into_iter()
            .map(|(id, record)| Ok((to_u32(id)?, record)))
            .collect()
    }

    async fn remove_signed_prekey(&self, id: u32) -> Result<()> {
        self.db.remove_signed_prekey(id).await.map_err(db_err)
    }

    async fn put_sender_key(&self, address: &str, record: &[u8]) -> Result<()> {
        self.db
            .put_sender_key(address, record)
            .await
            .map_err(db_err)
    }

    async fn put_sender_keys_batch(&self, sender_keys: &[(Arc<str>, Bytes)]) -> Result<()> {
        let rows: Vec<(&str, &[u8])> = sender_keys
            .iter()
            .map(|(address, record)| (&**address, &record[..]))
            .collect();
        self.db.put_sender_keys(&rows).await.map_err(db_err)
    }

    async fn get_sender_key(&self, address: &str) -> Result<Option<Vec<u8>>> {
        self.db.get_sender_key(address).await.map_err(db_err)
    }

    async fn delete_sender_key(&self, address: &str) -> Result<()> {
        self.db.delete_sender_key(address).await.map_err(db_err)
    }
}
