//! whatsapp-rust's storage `Backend` over Gerbang's database (SQLite or PostgreSQL). One
//! [`SqlBackend`] is one device; the SQL lives in `gerbang-store` ([`WaSessionDb`]), which
//! keeps every row under its `device_id`, so any number of devices share the tables, and
//! deleting a device (or [`wipe`]) removes its whole session. This side turns whatsapp-rust's
//! types into the store's plain values (JSON where a record is kept serialized) and back.
//!
//! Semantics follow the crate's reference `InMemoryBackend`, checked by the differential test
//! in `tests/engine/storage.rs`.

mod appsync;
mod device;
mod protocol;
mod secrets;
mod signal;

use gerbang_store::{WaDeviceDb, WaSessionDb};
use whatsapp_rust::wacore::store::error::StoreError;

/// One device's session state, as whatsapp-rust's storage traits see it. Its writes are fenced
/// by the device's lease when the store is a node of a cluster (see [`WaSessionDb`]).
#[derive(Clone)]
pub struct SqlBackend {
    db: WaDeviceDb,
}

impl SqlBackend {
    pub fn new(db: WaSessionDb, device_id: &str) -> SqlBackend {
        SqlBackend {
            db: db.device(device_id),
        }
    }

    pub fn device_id(&self) -> &str {
        self.db.device_id()
    }
}

/// Deletes everything the engine stored for a device: the next start pairs afresh.
pub async fn wipe(db: &WaSessionDb, device_id: &str) -> Result<(), StoreError> {
    db.wipe(device_id).await.map_err(db_err)
}

/// Whether the device has paired credentials stored (a phone number is known).
pub async fn is_paired(db: &WaSessionDb, device_id: &str) -> Result<bool, StoreError> {
    use whatsapp_rust::wacore::store::traits::DeviceStore;
    let device = SqlBackend::new(db.clone(), device_id).load().await?;
    Ok(device.is_some_and(|d| d.pn.is_some()))
}

/// A failed read or write (a fenced write among them: the device is served by another node).
fn db_err(e: gerbang_core::StoreError) -> StoreError {
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

/// Whether the device opted in to the phone's history (off without a row).
pub(crate) async fn history_sync_enabled(
    db: &WaSessionDb,
    device_id: &str,
) -> Result<bool, gerbang_core::StoreError> {
    db.history_sync_enabled(device_id).await
}

/// The device's own proxy URL (table `device_proxies`, written through the API), if any.
pub(crate) async fn device_proxy_url(
    db: &WaSessionDb,
    device_id: &str,
) -> Result<Option<String>, gerbang_core::StoreError> {
    db.device_proxy_url(device_id).await
}
