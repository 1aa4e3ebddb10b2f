//! The device that routes without a device id act on. Earlier gateways ran one WhatsApp
//! account, so their clients call `/api/send-message` or `/api/qr` with no device at all; here
//! such a call acts on the caller's default device.
//!
//! Which device that is, first match wins: an API key's own device; the user's own default;
//! the global default an administrator set (when the caller may use it); the caller's only
//! device. Anything else is a clear `409 no_default_device`, never a guess between devices.

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use gerbang_core::device::{Device, DeviceStatus};

use crate::devices::{api_key_scope, DeviceQuery};
use crate::{Actor, App, AppError, AppResult, Principal};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DefaultDeviceInput {
    /// The device to use; `null` clears the default.
    #[serde(alias = "device", alias = "sessionId", alias = "whatsappNumberId")]
    pub device_id: Option<String>,
}

/// Where the device a device-less route would use comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum DefaultSource {
    /// The API key's own device.
    ApiKey,
    /// The caller set it.
    User,
    /// An administrator set it for everyone.
    Global,
    /// The caller has exactly one device.
    Only,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DefaultDeviceView {
    /// The device device-less routes use now; `null` when none can be chosen.
    pub device_id: Option<String>,
    pub source: Option<DefaultSource>,
    /// The caller's own setting (users only).
    pub own: Option<String>,
    /// The global setting.
    pub global: Option<String>,
}

fn no_default() -> AppError {
    AppError::Conflict {
        field: Some("deviceId".into()),
        message: "no default device: set one with PUT /api/default-device {\"deviceId\": \"…\"} \
                  (or use the routes with a device id)"
            .into(),
    }
}

impl App {
    /// The device a device-less route acts on for `who`, with where the choice came from.
    pub async fn default_device_for(
        &self,
        who: &Principal,
    ) -> AppResult<Option<(Device, DefaultSource)>> {
        let user = match who {
            Principal::ApiKey { key, .. } => {
                let d = self.device_for(who, &key.device_id).await?;
                return Ok(Some((d, DefaultSource::ApiKey)));
            }
            Principal::User(u) => u,
        };
        if let Some(id) = self.store.default_device(Some(user.id)).await? {
            // The row goes with its device, so it exists; access is checked again because an
            // admin may have moved the device to another owner since.
            if let Ok(d) = self.device_for(who, &id).await {
                return Ok(Some((d, DefaultSource::User)));
            }
        }
        if let Some(id) = self.store.default_device(None).await? {
            if let Ok(d) = self.device_for(who, &id).await {
                return Ok(Some((d, DefaultSource::Global)));
            }
        }
        let q = DeviceQuery {
            user_id: Some(user.id),
            per_page: Some(2),
            ..DeviceQuery::default()
        };
        let mine = self.list_devices(who, q).await?;
        if mine.items.len() == 1 && mine.total == 1 {
            let d = mine.items.into_iter().next().expect("one item");
            return Ok(Some((d, DefaultSource::Only)));
        }
        Ok(None)
    }

    /// Like [`App::default_device_for`], but no device is an error.
    pub async fn resolve_device(&self, who: &Principal) -> AppResult<Device> {
        self.default_device_for(who)
            .await?
            .map(|(d, _)| d)
            .ok_or_else(no_default)
    }

    pub async fn default_device_view(&self, who: &Principal) -> AppResult<DefaultDeviceView> {
        let own = match who {
            Principal::User(u) => self.store.default_device(Some(u.id)).await?,
            Principal::ApiKey { .. } => None,
        };
        let global = self.store.default_device(None).await?;
        let chosen = self.default_device_for(who).await?;
        Ok(DefaultDeviceView {
            device_id: chosen.as_ref().map(|(d, _)| d.device_id.clone()),
            source: chosen.map(|(_, s)| s),
            own,
            global,
        })
    }

    /// Sets or clears the caller's own default; the device must be one the caller may use.
    pub async fn set_default_device(
        &self,
        who: &Principal,
        input: DefaultDeviceInput,
    ) -> AppResult<DefaultDeviceView> {
        let Principal::User(user) = who else {
            return Err(api_key_scope());
        };
        let id = self.checked_device_id(who, input.device_id).await?;
        self.store
            .set_default_device(Some(user.id), id.as_deref())
            .await?;
        self.default_device_view(who).await
    }

    /// Sets or clears the global default (administrators; audited).
    pub async fn set_global_default_device(
        &self,
        actor: Actor<'_>,
        input: DefaultDeviceInput,
    ) -> AppResult<DefaultDeviceView> {
        let who = Principal::User(actor.user.clone());
        let id = self.checked_device_id(&who, input.device_id).await?;
        self.store.set_default_device(None, id.as_deref()).await?;
        let target = id.clone().unwrap_or_default();
        self.audit(
            actor,
            "device.default_global",
            "device",
            &target,
            json!({ "deviceId": id }),
        )
        .await?;
        self.default_device_view(&who).await
    }

    async fn checked_device_id(
        &self,
        who: &Principal,
        id: Option<String>,
    ) -> AppResult<Option<String>> {
        let Some(id) = id.map(|s| s.trim().to_string()) else {
            return Ok(None);
        };
        if id.is_empty() {
            return Err(AppError::field(
                "deviceId",
                "must not be empty (send null to clear)",
            ));
        }
        match self.device_for(who, &id).await {
            Ok(d) => Ok(Some(d.device_id)),
            Err(AppError::NotFound(_)) => Err(AppError::field("deviceId", "no device has this id")),
            Err(e) => Err(e),
        }
    }
}

/// Seed 002's connection states: `connected`, `connecting` or `disconnected`.
pub fn seed_status(status: DeviceStatus) -> &'static str {
    match status {
        DeviceStatus::Connected => "connected",
        DeviceStatus::Connecting | DeviceStatus::QrRequired => "connecting",
        _ => "disconnected",
    }
}
