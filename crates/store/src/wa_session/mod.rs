//! The real WhatsApp engine's session state (tables `wa_*`): the SQL behind whatsapp-rust's
//! storage traits, in plain values (ids, strings, bytes, integers), so this crate needs nothing
//! of whatsapp-rust. The engine turns its types into these values (and JSON where it keeps a
//! serialized record) and back.
//!
//! One [`WaSessionDb`] is the store's pool; [`WaSessionDb::device`] gives one device's
//! [`WaDeviceDb`]. Every row carries its `device_id`, so any number of devices share the tables,
//! and deleting a device (or [`WaSessionDb::wipe`]) removes its whole session.
//!
//! Writes run in a transaction of their own (one per call, so a batch lands whole or not at
//! all) and are fenced like the store's own writes (see `cluster`): on PostgreSQL, once this
//! node joined a cluster, a write for a device whose lease is another node's now (or was taken
//! again since) is refused with `StoreError::Fenced`, so a node that was frozen past its lease
//! cannot overwrite the keys the new holder uses.

mod appsync;
mod device;
mod protocol;
mod secrets;
mod signal;

use std::sync::Arc;

use gerbang_core::StoreResult;

use crate::cluster::Fences;
use crate::db::{query, Db, Query, Tx};

pub use protocol::{LidMapping, TcToken};
pub use secrets::MsgSecret;

/// Every table that holds per-device session state.
const TABLES: &[&str] = &[
    "wa_identities",
    "wa_sessions",
    "wa_prekeys",
    "wa_signed_prekeys",
    "wa_sender_keys",
    "wa_sync_keys",
    "wa_latest_sync_key",
    "wa_app_state_versions",
    "wa_mutation_macs",
    "wa_sender_key_devices",
    "wa_lid_mappings",
    "wa_pn_to_lid",
    "wa_base_keys",
    "wa_device_lists",
    "wa_group_metadata",
    "wa_tc_tokens",
    "wa_sent_messages",
    "wa_pending_inbound",
    "wa_msg_secrets",
    "wa_device",
];

/// The engine's session state in the store's database, through the store's pool and fences.
#[derive(Clone)]
pub struct WaSessionDb {
    db: Db,
    fences: Arc<Fences>,
}

impl std::fmt::Debug for WaSessionDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WaSessionDb")
            .field("backend", &self.db.backend())
            .finish_non_exhaustive()
    }
}

impl<B: sqlx::Database> crate::SqlStore<B> {
    /// The WhatsApp engine's session state, on this store's pool: two pools on one SQLite file
    /// would be two sets of writers contending for its one lock. Its writes are fenced by the
    /// leases this store holds (see [`crate::PgStore::cluster`]).
    pub fn wa_session(&self) -> WaSessionDb {
        WaSessionDb {
            db: self.db.clone(),
            fences: self.fences.clone(),
        }
    }
}

impl WaSessionDb {
    /// One device's session state.
    pub fn device(&self, device_id: &str) -> WaDeviceDb {
        WaDeviceDb {
            db: self.db.clone(),
            fences: self.fences.clone(),
            device: Arc::from(device_id),
        }
    }

    /// Deletes everything the engine stored for a device, in one transaction: the next start
    /// pairs afresh.
    pub async fn wipe(&self, device_id: &str) -> StoreResult<()> {
        let mut tx = self.db.begin_write().await?;
        for table in TABLES {
            query(format!("DELETE FROM {table} WHERE device_id = $1"))
                .bind(device_id)
                .execute(&mut tx)
                .await?;
        }
        tx.commit().await
    }

    /// Whether the device opted in to the phone's history (off without a row).
    pub async fn history_sync_enabled(&self, device_id: &str) -> StoreResult<bool> {
        crate::history_sync::enabled(&self.db, device_id).await
    }

    /// The device's own proxy URL (table `device_proxies`, written through the API), if any.
    pub async fn device_proxy_url(&self, device_id: &str) -> StoreResult<Option<String>> {
        crate::device_proxies::proxy_url(&self.db, device_id).await
    }
}

/// One device's session state (see the module's notes).
#[derive(Clone)]
pub struct WaDeviceDb {
    db: Db,
    fences: Arc<Fences>,
    device: Arc<str>,
}

impl std::fmt::Debug for WaDeviceDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WaDeviceDb")
            .field("device", &self.device)
            .finish_non_exhaustive()
    }
}

impl WaDeviceDb {
    pub fn device_id(&self) -> &str {
        &self.device
    }

    /// The device id as a bound value.
    fn dev(&self) -> String {
        self.device.to_string()
    }

    /// The one `bytes` column of the row `sql` selects by device and `key`, if any.
    async fn blob(
        &self,
        sql: &'static str,
        key: impl crate::db::Bind<'_>,
    ) -> StoreResult<Option<Vec<u8>>> {
        query(sql)
            .bind(self.dev())
            .bind(key)
            .scalar_optional(&self.db)
            .await
    }

    /// A transaction for this device's writes, fenced by its lease.
    async fn begin(&self) -> StoreResult<Tx> {
        let mut tx = self.db.begin_write().await?;
        crate::cluster::check_once(&self.fences, &mut tx, &mut Vec::new(), &self.device).await?;
        Ok(tx)
    }

    /// One fenced statement in its own transaction; the rows it changed.
    async fn write(&self, statement: Query<'_>) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        let changed = statement.execute(&mut tx).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// Fenced statements, in order, in one transaction: all of them or none. Nothing at all
    /// (no transaction, no fence) when there are none.
    ///
    /// A `Vec`, built before the call: an iterator with closures held across the awaits here
    /// would keep the callers' futures from being `Send` for every lifetime (rust#64552).
    async fn write_all(&self, statements: Vec<Query<'_>>) -> StoreResult<u64> {
        if statements.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin().await?;
        let mut changed = 0;
        for statement in statements {
            changed += statement.execute(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }
}

/// Rows changed, as the count the engine reports.
fn count(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
