//! Signal protocol state: identities, sessions, pre-keys, signed pre-keys, sender keys.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use whatsapp_rust::bytes::Bytes;
use whatsapp_rust::wacore::store::error::{Result, StoreError};
use whatsapp_rust::wacore::store::traits::SignalStore;

use super::db::{placeholders, stmt, Stmt, Val};
use super::{db_err, to_u32, SqlBackend};

const PUT_IDENTITY: &str =
    "INSERT INTO wa_identities (device_id, address, key) VALUES ($1, $2, $3) \
     ON CONFLICT (device_id, address) DO UPDATE SET key = excluded.key";
const PUT_SESSION: &str =
    "INSERT INTO wa_sessions (device_id, address, record) VALUES ($1, $2, $3) \
     ON CONFLICT (device_id, address) DO UPDATE SET record = excluded.record";
const PUT_PREKEY: &str =
    "INSERT INTO wa_prekeys (device_id, id, record, uploaded) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (device_id, id) DO UPDATE SET record = excluded.record, uploaded = excluded.uploaded";
const PUT_SENDER_KEY: &str =
    "INSERT INTO wa_sender_keys (device_id, address, record) VALUES ($1, $2, $3) \
     ON CONFLICT (device_id, address) DO UPDATE SET record = excluded.record";

impl SqlBackend {
    async fn blob(&self, stmt: Stmt) -> Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> = self.db.fetch_optional(stmt).await.map_err(db_err)?;
        Ok(row.map(|(b,)| b))
    }

    async fn run(&self, stmt: Stmt) -> Result<()> {
        self.exec(stmt).await.map(|_| ()).map_err(db_err)
    }

    async fn run_all(&self, stmts: Vec<Stmt>) -> Result<()> {
        if stmts.is_empty() {
            return Ok(());
        }
        self.exec_all(stmts).await.map(|_| ()).map_err(db_err)
    }
}

#[async_trait]
impl SignalStore for SqlBackend {
    async fn put_identity(&self, address: &str, key: [u8; 32]) -> Result<()> {
        self.run(stmt!(PUT_IDENTITY, self.dev(), address, key.to_vec()))
            .await
    }

    async fn put_identities_batch(&self, identities: &[(Arc<str>, [u8; 32])]) -> Result<()> {
        let stmts = identities
            .iter()
            .map(|(address, key)| stmt!(PUT_IDENTITY, self.dev(), &**address, key.to_vec()))
            .collect();
        self.run_all(stmts).await
    }

    async fn load_identity(&self, address: &str) -> Result<Option<[u8; 32]>> {
        let key = self
            .blob(stmt!(
                "SELECT key FROM wa_identities WHERE device_id = $1 AND address = $2",
                self.dev(),
                address
            ))
            .await?;
        key.map(|k| {
            <[u8; 32]>::try_from(k.as_slice())
                .map_err(|_| StoreError::Validation(format!("identity key of {} bytes", k.len())))
        })
        .transpose()
    }

    async fn delete_identity(&self, address: &str) -> Result<()> {
        self.run(stmt!(
            "DELETE FROM wa_identities WHERE device_id = $1 AND address = $2",
            self.dev(),
            address
        ))
        .await
    }

    async fn get_session(&self, address: &str) -> Result<Option<Bytes>> {
        let record = self
            .blob(stmt!(
                "SELECT record FROM wa_sessions WHERE device_id = $1 AND address = $2",
                self.dev(),
                address
            ))
            .await?;
        Ok(record.map(Bytes::from))
    }

    async fn put_session(&self, address: &str, session: &[u8]) -> Result<()> {
        self.run(stmt!(PUT_SESSION, self.dev(), address, session))
            .await
    }

    async fn put_sessions_batch(&self, sessions: &[(Arc<str>, Bytes)]) -> Result<()> {
        let stmts = sessions
            .iter()
            .map(|(address, record)| stmt!(PUT_SESSION, self.dev(), &**address, record.to_vec()))
            .collect();
        self.run_all(stmts).await
    }

    async fn delete_session(&self, address: &str) -> Result<()> {
        self.run(stmt!(
            "DELETE FROM wa_sessions WHERE device_id = $1 AND address = $2",
            self.dev(),
            address
        ))
        .await
    }

    async fn has_session(&self, address: &str) -> Result<bool> {
        let row: Option<(i64,)> = self
            .db
            .fetch_optional(stmt!(
                "SELECT CAST(1 AS BIGINT) FROM wa_sessions WHERE device_id = $1 AND address = $2",
                self.dev(),
                address
            ))
            .await
            .map_err(db_err)?;
        Ok(row.is_some())
    }

    /// An address belongs to `user` when it is `user@…` or `user:device@…`; compared by
    /// prefix rather than `LIKE` so that `_` and `%` in a user part match only themselves.
    async fn has_signal_state_for_user(&self, user: &str) -> Result<bool> {
        const MATCH: &str = "device_id = $1 AND substr(address, 1, length($2)) = $2 \
             AND substr(address, length($2) + 1, 1) IN ('@', ':')";
        let sql = format!(
            "SELECT CAST(1 AS BIGINT) FROM wa_sessions WHERE {MATCH} \
             UNION ALL SELECT CAST(1 AS BIGINT) FROM wa_identities WHERE {MATCH} LIMIT 1"
        );
        let row: Option<(i64,)> = self
            .db
            .fetch_optional(stmt!(sql, self.dev(), user))
            .await
            .map_err(db_err)?;
        Ok(row.is_some())
    }

    async fn store_prekey(&self, id: u32, record: &[u8], uploaded: bool) -> Result<()> {
        self.run(stmt!(PUT_PREKEY, self.dev(), id, record, uploaded))
            .await
    }

    async fn store_prekeys_batch(&self, keys: &[(u32, Bytes)], uploaded: bool) -> Result<()> {
        let stmts = keys
            .iter()
            .map(|(id, record)| stmt!(PUT_PREKEY, self.dev(), *id, record.to_vec(), uploaded))
            .collect();
        self.run_all(stmts).await
    }

    async fn load_prekey(&self, id: u32) -> Result<Option<Bytes>> {
        let record = self
            .blob(stmt!(
                "SELECT record FROM wa_prekeys WHERE device_id = $1 AND id = $2",
                self.dev(),
                id
            ))
            .await?;
        Ok(record.map(Bytes::from))
    }

    /// In the order asked for, skipping ids that are not stored.
    async fn load_prekeys_batch(&self, ids: &[u32]) -> Result<Vec<(u32, Bytes)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT id, record FROM wa_prekeys WHERE device_id = $1 AND id IN ({})",
            placeholders(2, ids.len())
        );
        let mut args = vec![Val::from(self.dev())];
        args.extend(ids.iter().map(|&id| Val::from(id)));
        let rows: Vec<(i64, Vec<u8>)> = self
            .db
            .fetch_all(Stmt::new(sql, args))
            .await
            .map_err(db_err)?;
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
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "UPDATE wa_prekeys SET uploaded = $2 WHERE device_id = $1 AND id IN ({})",
            placeholders(3, ids.len())
        );
        let mut args = vec![Val::from(self.dev()), Val::from(true)];
        args.extend(ids.iter().map(|&id| Val::from(id)));
        self.run(Stmt::new(sql, args)).await
    }

    async fn remove_prekey(&self, id: u32) -> Result<()> {
        self.run(stmt!(
            "DELETE FROM wa_prekeys WHERE device_id = $1 AND id = $2",
            self.dev(),
            id
        ))
        .await
    }

    async fn get_max_prekey_id(&self) -> Result<u32> {
        let row: (Option<i64>,) = self
            .db
            .fetch_optional(stmt!(
                "SELECT MAX(id) FROM wa_prekeys WHERE device_id = $1",
                self.dev()
            ))
            .await
            .map_err(db_err)?
            .unwrap_or((None,));
        row.0.map_or(Ok(0), to_u32)
    }

    async fn store_signed_prekey(&self, id: u32, record: &[u8]) -> Result<()> {
        self.run(stmt!(
            "INSERT INTO wa_signed_prekeys (device_id, id, record) VALUES ($1, $2, $3) \
             ON CONFLICT (device_id, id) DO UPDATE SET record = excluded.record",
            self.dev(),
            id,
            record
        ))
        .await
    }

    async fn load_signed_prekey(&self, id: u32) -> Result<Option<Vec<u8>>> {
        self.blob(stmt!(
            "SELECT record FROM wa_signed_prekeys WHERE device_id = $1 AND id = $2",
            self.dev(),
            id
        ))
        .await
    }

    async fn load_all_signed_prekeys(&self) -> Result<Vec<(u32, Vec<u8>)>> {
        let rows: Vec<(i64, Vec<u8>)> = self
            .db
            .fetch_all(stmt!(
                "SELECT id, record FROM wa_signed_prekeys WHERE device_id = $1 ORDER BY id",
                self.dev()
            ))
            .await
            .map_err(db_err)?;
        rows.into_iter()
            .map(|(id, record)| Ok((to_u32(id)?, record)))
            .collect()
    }

    async fn remove_signed_prekey(&self, id: u32) -> Result<()> {
        self.run(stmt!(
            "DELETE FROM wa_signed_prekeys WHERE device_id = $1 AND id = $2",
            self.dev(),
            id
        ))
        .await
    }

    async fn put_sender_key(&self, address: &str, record: &[u8]) -> Result<()> {
        self.run(stmt!(PUT_SENDER_KEY, self.dev(), address, record))
            .await
    }

    async fn put_sender_keys_batch(&self, sender_keys: &[(Arc<str>, Bytes)]) -> Result<()> {
        let stmts = sender_keys
            .iter()
            .map(|(address, record)| stmt!(PUT_SENDER_KEY, self.dev(), &**address, record.to_vec()))
            .collect();
        self.run_all(stmts).await
    }

    async fn get_sender_key(&self, address: &str) -> Result<Option<Vec<u8>>> {
        self.blob(stmt!(
            "SELECT record FROM wa_sender_keys WHERE device_id = $1 AND address = $2",
            self.dev(),
            address
        ))
        .await
    }

    async fn delete_sender_key(&self, address: &str) -> Result<()> {
        self.run(stmt!(
            "DELETE FROM wa_sender_keys WHERE device_id = $1 AND address = $2",
            self.dev(),
            address
        ))
        .await
    }
}
