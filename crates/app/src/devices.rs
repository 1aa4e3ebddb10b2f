//! Device records and who may touch them. Connecting a device comes with the engine.

use chrono::Utc;
use rand::Rng;
use serde::Deserialize;
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use gerbang_core::device::{Device, DeviceFilter, DeviceStatus, NewDevice};
use gerbang_core::engine::EngineKind;
use gerbang_core::user::UserId;
use gerbang_core::{Page, PageRequest};

use crate::validate::{self, Fields};
use crate::{Actor, App, AppError, AppResult, Principal};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateDeviceInput {
    #[schema(min_length = 1, max_length = 100)]
    pub device_name: String,
    /// The user who will own the device; the creating admin when absent.
    pub user_id: Option<UserId>,
    /// A custom identifier (3–64 of `A-Z a-z 0-9 - _`); generated when absent.
    #[schema(min_length = 3, max_length = 64, pattern = "^[A-Za-z0-9_-]+$")]
    pub device_id: Option<String>,
    /// `whatsapp` or `sim`; the server's default engine when absent.
    pub engine: Option<EngineKind>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct DeviceQuery {
    /// Page number, from 1.
    #[serde(default, deserialize_with = "gerbang_core::page::page")]
    #[param(minimum = 1)]
    pub page: Option<u32>,
    /// Devices per page, 1 to 100 (default 20).
    #[serde(alias = "limit")]
    #[serde(default, deserialize_with = "gerbang_core::page::per_page")]
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    pub status: Option<DeviceStatus>,
    /// Matches device id or name.
    pub search: Option<String>,
    /// Admins only: one user's devices.
    pub user_id: Option<UserId>,
}

impl App {
    pub async fn create_device(
        &self,
        actor: Actor<'_>,
        input: CreateDeviceInput,
    ) -> AppResult<Device> {
        let mut f = Fields::new();
        f.check("deviceName", validate::name(&input.device_name, 100));
        if let Some(id) = &input.device_id {
            f.check("deviceId", validate::device_id(id));
        }
        let owner = input.user_id.unwrap_or(actor.user.id);
        if self.store.user(owner).await?.is_none() {
            f.add("userId", "no user has this id");
        }
        let engine = input.engine.unwrap_or(self.runtime.engines().default);
        if engine == EngineKind::Sim && !self.runtime.engines().is_enabled(EngineKind::Sim) {
            f.add("engine", "the simulator is not enabled on this server");
        }
        f.finish()?;
        let device_id = input.device_id.unwrap_or_else(|| generate_device_id(owner));
        let new = NewDevice {
            device_id,
            device_name: input.device_name.trim().to_string(),
            user_id: owner,
            engine,
        };
        let device = self.store.create_device(&new).await?;
        let details = json!({"deviceName": device.device_name, "userId": owner, "engine": engine});
        self.audit(actor, "device.create", "device", &device.device_id, details)
            .await?;
        Ok(device)
    }

    /// Admins see every device, users their own. API keys act on one device's routes only.
    pub async fn list_devices(&self, who: &Principal, q: DeviceQuery) -> AppResult<Page<Device>> {
        let owner = match who {
            Principal::User(_) if who.is_admin() => q.user_id,
            Principal::User(u) => Some(u.id),
            Principal::ApiKey { .. } => return Err(api_key_scope()),
        };
        let filter = DeviceFilter {
            owner,
            status: q.status,
            search: q.search.filter(|s| !s.trim().is_empty()),
            page: PageRequest::new(q.page.unwrap_or(1), q.per_page.unwrap_or(20)),
        };
        Ok(self.store.list_devices(&filter).await?)
    }

    /// The device, if it exists (404) and `who` may act on it (403).
    pub async fn device_for(&self, who: &Principal, device_id: &str) -> AppResult<Device> {
        let device = self
            .store
            .device(device_id)
            .await?
            .ok_or(AppError::NotFound("device"))?;
        let allowed = match who {
            Principal::User(u) => who.is_admin() || device.user_id == u.id,
            Principal::ApiKey { key, .. } => key.device_id == device.device_id,
        };
        if allowed {
            Ok(device)
        } else {
            Err(AppError::forbidden("this device belongs to another user"))
        }
    }

    pub async fn delete_device(&self, actor: Actor<'_>, device_id: &str) -> AppResult<()> {
        let device = self
            .store
            .device(device_id)
            .await?
            .ok_or(AppError::NotFound("device"))?;
        // The session goes first: left running, it would keep reporting QR codes and failing
        // to store messages for a device that no longer exists.
        self.runtime.remove(&device).await?;
        if !self.store.delete_device(device_id).await? {
            return Err(AppError::NotFound("device"));
        }
        // The device's API keys went with it.
        self.runtime.events.credentials.changed();
        let details = json!({"deviceName": device.device_name, "userId": device.user_id});
        self.audit(actor, "device.delete", "device", device_id, details)
            .await?;
        Ok(())
    }
}

pub(crate) fn api_key_scope() -> AppError {
    AppError::forbidden("an API key acts only on its own device's routes")
}

/// `device-<owner>-<unix ms>-<5 digits>`, the shape earlier gateways used.
fn generate_device_id(owner: UserId) -> String {
    let suffix: u32 = rand::thread_rng().gen_range(10_000..100_000);
    format!("device-{owner}-{}-{suffix}", Utc::now().timestamp_millis())
}
