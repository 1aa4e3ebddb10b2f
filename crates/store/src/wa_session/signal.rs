//! Signal protocol state: identities, sessions, pre-keys, signed pre-keys, sender keys.

use gerbang_core::StoreResult;

use super::WaDeviceDb;
use crate::db::query;

const PUT_IDENTITY: &str =
    "INSERT INTO wa_identities (device_id, address, key) VALUES ($1, $2, $3) \
     ON CONFLICT (device_id, address) DO UPDATE SET key = excluded.key";
const PUT_SESSION: &str =
    "INSERT INTO wa_sessions (device_id, address, record) VALUES ($1, $2, $3) \
     ON CONFLICT (device_id, address) DO UPDATE SET record = excluded.record";
const PUT_PREKEY: &str =
    "INSERT INTO wa_prekeys (device_id, id, record, uploaded) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (device_id, id) \
     DO UPDATE SET record = excluded.record, uploaded = excluded.uploaded";
const PUT_SENDER_KEY: &str =
    "INSERT INTO wa_sender_keys (device_id, address, record) VALUES ($1, $2, $3) \
     ON CONFLICT (device_id, address) DO UPDATE SET record = excluded.record";

impl WaDeviceDb {
    pub async fn put_identity(&self, address: &str, key: &[u8]) -> StoreResult<()> {
        self.put_identities(&[(address, key)]).await
    }

    /// In one transaction.
    pub async fn put_identities(&self, identities: &[(&str, &[u8])]) -> StoreResult<()> {
        let statements: Vec<_> = identities
            .iter()
            .map(|&(address, key)| query(PUT_IDENTITY).bind(self.dev()).bind(address).bind(key))
            .collect();
        self.write_all(statements).await.map(drop)
    }

    pub async fn load_identity(&self, address: &str) -> StoreResult<Option<Vec<u8>>> {
        self.blob(
            "SELECT key FROM wa_identities WHERE device_id = $1 AND address = $2",
            address,
        )
        .await
    }

    pub async fn delete_identity(&self, address: &str) -> StoreResult<()> {
        self.write(
            query("DELETE FROM wa_identities WHERE device_id = $1 AND address = $2")
                .bind(self.dev())
                .bind(address),
        )
        .await
        .map(drop)
    }

    pub async fn get_session(&self, address: &str) -> StoreResult<Option<Vec<u8>>> {
        self.blob(
            "SELECT record FROM wa_sessions WHERE device_id = $1 AND address = $2",
            address,
        )
        .await
    }

    pub async fn put_session(&self, address: &str, record: &[u8]) -> StoreResult<()> {
        self.put_sessions(&[(address, record)]).await
    }

    /// In one transaction.
    pub async fn put_sessions(&self, sessions: &[(&str, &[u8])]) -> StoreResult<()> {
        let statements: Vec<_> = sessions
            .iter()
            .map(|&(address, record)| {
                query(PUT_SESSION)
                    .bind(self.dev())
                    .bind(address)
                    .bind(record)
            })
            .collect();
        self.write_all(statements).await.map(drop)
    }

    pub async fn delete_session(&self, address: &str) -> StoreResult<()> {
        self.write(
            query("DELETE FROM wa_sessions WHERE device_id = $1 AND address = $2")
                .bind(self.dev())
                .bind(address),
        )
        .await
        .map(drop)
    }

    pub async fn has_session(&self, address: &str) -> StoreResult<bool> {
        let found: Option<i64> = query(
            "SELECT CAST(1 AS BIGINT) FROM wa_sessions WHERE device_id = $1 AND address = $2",
        )
        .bind(self.dev())
        .bind(address)
        .scalar_optional(&self.db)
        .await?;
        Ok(found.is_some())
    }

    /// Whether a session or an identity is stored for an address of `user`. An address belongs
    /// to `user` when it is `user@…` or `user:device@…`; compared by prefix rather than `LIKE`
    /// so that `_` and `%` in a user part match only themselves.
    pub async fn has_signal_state_for_user(&self, user: &str) -> StoreResult<bool> {
        const MATCH: &str = "device_id = $1 AND substr(address, 1, length($2)) = $2 \
             AND substr(address, length($2) + 1, 1) IN ('@', ':')";
        let sql = format!(
            "SELECT CAST(1 AS BIGINT) FROM wa_sessions WHERE {MATCH} \
             UNION ALL SELECT CAST(1 AS BIGINT) FROM wa_identities WHERE {MATCH} LIMIT 1"
        );
        let found: Option<i64> = query(sql)
            .bind(self.dev())
            .bind(user)
            .scalar_optional(&self.db)
            .await?;
        Ok(found.is_some())
    }

    pub async fn store_prekey(&self, id: u32, record: &[u8], uploaded: bool) -> StoreResult<()> {
        self.store_prekeys(&[(id, record)], uploaded).await
    }

    /// In one transaction.
    pub async fn store_prekeys(&self, keys: &[(u32, &[u8])], uploaded: bool) -> StoreResult<()> {
        let statements: Vec<_> = keys
            .iter()
            .map(|&(id, record)| {
                query(PUT_PREKEY)
                    .bind(self.dev())
                    .bind(i64::from(id))
                    .bind(record)
                    .bind(uploaded)
            })
            .collect();
        self.write_all(statements).await.map(drop)
    }

    pub async fn load_prekey(&self, id: u32) -> StoreResult<Option<Vec<u8>>> {
        self.blob(
            "SELECT record FROM wa_prekeys WHERE device_id = $1 AND id = $2",
            i64::from(id),
        )
        .await
    }

    /// The stored ones of `ids`, in no particular order.
    pub async fn load_prekeys(&self, ids: &[u32]) -> StoreResult<Vec<(i64, Vec<u8>)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = query("SELECT id, record FROM wa_prekeys WHERE device_id = $1 AND id IN ")
            .bind(self.dev());
        q.push_list(ids.iter().map(|&id| i64::from(id)));
        q.fetch_all(&self.db).await
    }

    /// An UPDATE only: a key deleted meanwhile must stay deleted.
    pub async fn mark_prekeys_uploaded(&self, ids: &[u32]) -> StoreResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut q = query("UPDATE wa_prekeys SET uploaded = $2 WHERE device_id = $1 AND id IN ")
            .bind(self.dev())
            .bind(true);
        q.push_list(ids.iter().map(|&id| i64::from(id)));
        self.write(q).await.map(drop)
    }

    pub async fn remove_prekey(&self, id: u32) -> StoreResult<()> {
        self.write(
            query("DELETE FROM wa_prekeys WHERE device_id = $1 AND id = $2")
                .bind(self.dev())
                .bind(i64::from(id)),
        )
        .await
        .map(drop)
    }

    /// The highest pre-key id stored, if any.
    pub async fn max_prekey_id(&self) -> StoreResult<Option<i64>> {
        let max: Option<Option<i64>> = query("SELECT MAX(id) FROM wa_prekeys WHERE device_id = $1")
            .bind(self.dev())
            .scalar_optional(&self.db)
            .await?;
        Ok(max.flatten())
    }

    pub async fn store_signed_prekey(&self, id: u32, record: &[u8]) -> StoreResult<()> {
        self.write(
            query(
                "INSERT INTO wa_signed_prekeys (device_id, id, record) VALUES ($1, $2, $3) \
                 ON CONFLICT (device_id, id) DO UPDATE SET record = excluded.record",
            )
            .bind(self.dev())
            .bind(i64::from(id))
            .bind(record),
        )
        .await
        .map(drop)
    }

    pub async fn load_signed_prekey(&self, id: u32) -> StoreResult<Option<Vec<u8>>> {
        self.blob(
            "SELECT record FROM wa_signed_prekeys WHERE device_id = $1 AND id = $2",
            i64::from(id),
        )
        .await
    }

    /// By id.
    pub async fn load_all_signed_prekeys(&self) -> StoreResult<Vec<(i64, Vec<u8>)>> {
        query("SELECT id, record FROM wa_signed_prekeys WHERE device_id = $1 ORDER BY id")
            .bind(self.dev())
            .fetch_all(&self.db)
            .await
    }

    pub async fn remove_signed_prekey(&self, id: u32) -> StoreResult<()> {
        self.write(
            query("DELETE FROM wa_signed_prekeys WHERE device_id = $1 AND id = $2")
                .bind(self.dev())
                .bind(i64::from(id)),
        )
        .await
        .map(drop)
    }

    pub async fn put_sender_key(&self, address: &str, record: &[u8]) -> StoreResult<()> {
        self.put_sender_keys(&[(address, record)]).await
    }

    /// In one transaction.
    pub async fn put_sender_keys(&self, keys: &[(&str, &[u8])]) -> StoreResult<()> {
        let statements: Vec<_> = keys
            .iter()
            .map(|&(address, record)| {
                query(PUT_SENDER_KEY)
                    .bind(self.dev())
                    .bind(address)
                    .bind(record)
            })
            .collect();
        self.write_all(statements).await.map(drop)
    }

    pub async fn get_sender_key(&self, address: &str) -> StoreResult<Option<Vec<u8>>> {
        self.blob(
            "SELECT record FROM wa_sender_keys WHERE device_id = $1 AND address = $2",
            address,
        )
        .await
    }

    pub async fn delete_sender_key(&self, address: &str) -> StoreResult<()> {
        self.write(
            query("DELETE FROM wa_sender_keys WHERE device_id = $1 AND address = $2")
                .bind(self.dev())
                .bind(address),
        )
        .await
        .map(drop)
    }
}
