//! The device's own credentials (noise and identity keys, the paired account).

use std::sync::Arc;

use async_trait::async_trait;
use whatsapp_rust::wacore::store::device::DEVICE_PROPS;
use whatsapp_rust::wacore::store::error::Result;
use whatsapp_rust::wacore::store::traits::DeviceStore;
use whatsapp_rust::wacore::store::Device;
use whatsapp_rust::ClientProfile;

use super::{db_err, from_json, to_json, SqlBackend};

#[async_trait]
impl DeviceStore for SqlBackend {
    async fn save(&self, device: &Device) -> Result<()> {
        let data = to_json(device)?;
        self.db.save_device(&data).await.map_err(db_err)
    }

    /// The serialized form leaves out what is rebuilt on every start (the props announced at
    /// pairing and the client profile), so they are restored here as the crate's own store does.
    async fn load(&self) -> Result<Option<Device>> {
        let Some(data) = self.db.load_device().await.map_err(db_err)? else {
            return Ok(None);
        };
        let mut device: Device = from_json(&data)?;
        device.device_props = Arc::new(DEVICE_PROPS.clone());
        device.client_profile = ClientProfile::web();
        Ok(Some(device))
    }

    async fn exists(&self) -> Result<bool> {
        self.db.device_exists().await.map_err(db_err)
    }

    /// Fresh credentials, unless the device already has some. Rows are keyed by Gerbang's device
    /// id, so the number returned is only a label.
    async fn create(&self) -> Result<i32> {
        let data = to_json(&Device::new())?;
        self.db.create_device(&data).await.map_err(db_err)?;
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
