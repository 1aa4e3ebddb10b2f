//! whatsapp-rust's storage `Backend` over Gerbang's database (SQLite or PostgreSQL). One
//! [`SqlBackend`] is one device: every row carries its `device_id`, so any number of devices
//! share the tables, and deleting a device (or [`wipe`]) removes its whole session.
//!
//! Semantics follow the crate's reference `InMemoryBackend`, checked by the differential test
//! in `tests/engine/storage.rs`.

mod appsync;
pub(crate) mod db;
mod device;
mod protocol;
mod secrets;
mod signal;

use std::sync::Arc;

use whatsapp_rust::wacore::store::error::StoreError;

use db::stmt;
pub use db::WaDb;

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

/// One device's session state, as whatsapp-rust's storage traits see it.
#[derive(Clone)]
pub struct SqlBackend {
    db: WaDb,
    device: Arc<str>,
    fence: Option<db::Fence>,
}

impl SqlBackend {
    pub fn new(db: WaDb, device_id: &str) -> SqlBackend {
        SqlBackend {
            db,
            device: Arc::from(device_id),
            fence: None,
        }
    }

    /// Fences every write by the device's lease (a node of a cluster).
    pub fn fenced(mut self, book: Option<Arc<dyn gerbang_core::cluster::LeaseBook>>) -> Self {
        self.fence = book.map(|book| db::Fence {
            book,
            device: self.device.clone(),
        });
        self
    }

    async fn exec(&self, stmt: db::Stmt) -> std::result::Result<u64, sqlx::Error> {
        self.db.exec_fenced(self.fence.as_ref(), vec![stmt]).await
    }

    async fn exec_all(&self, stmts: Vec<db::Stmt>) -> std::result::Result<u64, sqlx::Error> {
        self.db.exec_fenced(self.fence.as_ref(), stmts).await
    }

    pub fn device_id(&self) -> &str {
        &self.device
    }

    fn dev(&self) -> String {
        self.device.to_string()
    }
}

/// Deletes everything the engine stored for a device: the next start pairs afresh.
pub async fn wipe(db: &WaDb, device_id: &str) -> Result<(), StoreError> {
    let stmts = TABLES
        .iter()
        .map(|table| {
            stmt!(
                format!("DELETE FROM {table} WHERE device_id = $1"),
                device_id
            )
        })
        .collect();
    db.exec_all(stmts).await.map(|_| ()).map_err(db_err)
}

/// Whether the device has paired credentials stored (a phone number is known).
pub async fn is_paired(db: &WaDb, device_id: &str) -> Result<bool, StoreError> {
    use whatsapp_rust::wacore::store::traits::DeviceStore;
    let device = SqlBackend::new(db.clone(), device_id).load().await?;
    Ok(device.is_some_and(|d| d.pn.is_some()))
}

fn db_err(e: sqlx::Error) -> StoreError {
    StoreError::Database(Box::new(e))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(value).map_err(|e| StoreError::Serialization(Box::new(e)))
}

fn from_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Serialization(Box::new(e)))
}

fn to_u32(v: i64) -> Result<u32, StoreError> {
    u32::try_from(v).map_err(|_| StoreError::Validation(format!("{v} is not a valid key id")))
}

/// The device's own proxy URL (table `device_proxies`, written through the API), if any.
/// Whether the device opted in to the phone's history (off without a row).
pub(crate) async fn history_sync_enabled(db: &WaDb, device_id: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(bool,)> = db
        .fetch_optional(stmt!(
            "SELECT enabled FROM device_history_sync WHERE device_id = $1",
            device_id
        ))
        .await?;
    Ok(row.is_some_and(|(enabled,)| enabled))
}

pub(crate) async fn device_proxy_url(
    db: &WaDb,
    device_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = db
        .fetch_optional(stmt!(
            "SELECT url FROM device_proxies WHERE device_id = $1",
            device_id
        ))
        .await?;
    Ok(row.map(|(url,)| url))
}
