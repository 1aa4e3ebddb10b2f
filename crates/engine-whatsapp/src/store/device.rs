//! The device's own credentials (noise and identity keys, the paired account).

use std::sync::Arc;

use async_trait::async_trait;
use whatsapp_rust::wacore::store::device::DEVICE_PROPS;
use whatsapp_rust::wacore::store::error::Result;
use whatsapp_rust::wacore::store::traits::DeviceStore;
use whatsapp_rust::wacore::store::Device;
use whatsapp_rust::ClientProfile;

use super::db::stmt;
use super::{db_err, from_json, to_json, SqlBackend};

const SAVE: &str = "INSERT INTO wa_device (device_id, data) VALUES ($1, $2) \
     ON CONFLICT (device_id) DO UPDATE SET data = excluded.data";

#[async_trait]
impl DeviceStore for SqlBackend {
    async fn save(&self, device: &Device) -> Result<()> {
        let data = to_json(device)?;
        self.exec(stmt!(SAVE, self.dev(), data))
            .await
            .map(|_| ())
            .map_err(db_err)
    }

    /// The serialized form leaves out what is rebuilt on every start (the props announced at
    /// pairing and the client profile), so they are restored here as the crate's own store does.
    async fn load(&self) -> Result<Option<Device>> {
        let row: Option<(Vec<u8>,)> = self
            .db
            .fetch_optional(stmt!(
                "SELECT data FROM wa_device WHERE device_id = $1",
                self.dev()
            ))
            .await
            .map_err(db_err)?;
        let Some((data,)) = row else {
            return Ok(None);
        };
        let mut device: Device = from_json(&data)?;
        device.device_props = Arc::new(DEVICE_PROPS.clone());
        device.client_profile = ClientProfile::web();
        Ok(Some(device))
    }

    async fn exists(&self) -> Result<bool> {
        let row: Option<(i64,)> = self
            .db
            .fetch_optional(stmt!(
                "SELECT CAST(1 AS BIGINT) FROM wa_device WHERE device_id = $1",
                self.dev()
            ))
            .await
            .map_err(db_err)?;
        Ok(row.is_some())
    }

    /// Fresh credentials, unless the device already has some. Rows are keyed by Gerbang's device
    /// id, so the number returned is only a label.
    async fn create(&self) -> Result<i32> {
        let data = to_json(&Device::new())?;
        self.exec(stmt!(
            "INSERT INTO wa_device (device_id, data) VALUES ($1, $2) \
                 ON CONFLICT (device_id) DO NOTHING",
            self.dev(),
            data
        ))
        .await
        .map_err(db_err)?;
        Ok(1)
    }

    async fn resource_report(&self) -> whatsapp_rust::wacore::stats::StorageResourceReport {
        // The data lives in the database server or file, not in this process.
        whatsapp_rust::wacore::stats::StorageResourceReport {
            memory_bytes: Some(0),
            ..Default::default()
        }
    }
}
