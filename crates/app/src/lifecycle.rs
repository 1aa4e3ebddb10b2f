//! Connecting, disconnecting, pairing and wiping devices.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use gerbang_core::device::DeviceStatus;
use gerbang_core::engine::EngineKind;
use gerbang_core::jid::Phone;

use crate::runtime::QrCode;
use crate::{Actor, App, AppError, AppResult, Principal};

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConnectResult {
    pub device_id: String,
    pub status: DeviceStatus,
    /// The QR code to scan, when the device is waiting for one.
    pub qr: Option<QrCode>,
    pub phone_number: Option<String>,
    /// True when the device runs on the simulator: nothing reaches WhatsApp.
    pub simulated: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PairingCodeInput {
    /// The phone number of the WhatsApp account to link.
    /// Also accepted as `phoneNumber` or `number`.
    #[serde(alias = "phoneNumber", alias = "number")]
    pub phone: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PairingCode {
    pub device_id: String,
    /// Type this on the phone: WhatsApp › Linked devices › Link with phone number.
    pub code: String,
    pub simulated: bool,
}

impl App {
    /// Starts the session and waits briefly for the first QR code (or the connection, when
    /// the device has a stored session).
    pub async fn connect_device(
        &self,
        who: &Principal,
        device_id: &str,
    ) -> AppResult<ConnectResult> {
        let device = self.device_for(who, device_id).await?;
        if device.status == DeviceStatus::Banned
            && device
                .banned_until
                .is_none_or(|until| until > chrono::Utc::now())
        {
            return Err(AppError::DeviceNotConnected {
                status: device.status,
            });
        }
        self.runtime.start(&device).await?;
        for _ in 0..60 {
            let current = self.device_for(who, device_id).await?;
            let qr = self.runtime.qr(device_id);
            if qr.is_some() || current.status == DeviceStatus::Connected {
                return Ok(self.connect_result(
                    current.device_id,
                    current.status,
                    qr,
                    current.phone_number,
                    current.engine,
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let current = self.device_for(who, device_id).await?;
        Ok(self.connect_result(
            current.device_id,
            current.status,
            None,
            current.phone_number,
            current.engine,
        ))
    }

    fn connect_result(
        &self,
        device_id: String,
        status: DeviceStatus,
        qr: Option<QrCode>,
        phone_number: Option<String>,
        engine: EngineKind,
    ) -> ConnectResult {
        ConnectResult {
            device_id,
            status,
            qr,
            phone_number,
            simulated: engine == EngineKind::Sim,
        }
    }

    pub async fn disconnect_device(
        &self,
        who: &Principal,
        device_id: &str,
    ) -> AppResult<ConnectResult> {
        let device = self.device_for(who, device_id).await?;
        self.runtime.stop(&device).await?;
        let d = self.device_for(who, device_id).await?;
        Ok(self.connect_result(d.device_id, d.status, None, d.phone_number, d.engine))
    }

    /// Logs the device out of WhatsApp and deletes its session (admins).
    pub async fn wipe_device(&self, actor: Actor<'_>, device_id: &str) -> AppResult<ConnectResult> {
        let device = self
            .device_for(&Principal::User(actor.user.clone()), device_id)
            .await?;
        self.runtime.wipe(&device).await?;
        self.audit(
            actor,
            "device.wipe",
            "device",
            device_id,
            json!({"phone": device.phone_number}),
        )
        .await?;
        Ok(self.connect_result(
            device.device_id,
            DeviceStatus::Disconnected,
            None,
            None,
            device.engine,
        ))
    }

    pub async fn device_qr(&self, who: &Principal, device_id: &str) -> AppResult<QrCode> {
        let device = self.device_for(who, device_id).await?;
        self.runtime
            .qr(device_id)
            .ok_or_else(|| AppError::Conflict {
                field: None,
                message: format!(
                    "no QR code to show: the device is {}; connect it to get one",
                    device.status.as_str()
                ),
            })
    }

    /// Pairs by phone number (admins): the device must be waiting for a QR scan.
    pub async fn pairing_code(
        &self,
        actor: Actor<'_>,
        device_id: &str,
        input: PairingCodeInput,
    ) -> AppResult<PairingCode> {
        let phone = Phone::parse(&input.phone).map_err(|e| AppError::field("phone", e))?;
        let mut device = self
            .device_for(&Principal::User(actor.user.clone()), device_id)
            .await?;
        if device.status != DeviceStatus::QrRequired {
            self.runtime.start(&device).await?;
            for _ in 0..60 {
                device = self
                    .device_for(&Principal::User(actor.user.clone()), device_id)
                    .await?;
                if device.status == DeviceStatus::QrRequired {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        let engine = self.runtime.engines.get(device.engine)?;
        let code = engine.pairing_code(device_id, &phone).await?;
        self.audit(
            actor,
            "device.pairing_code",
            "device",
            device_id,
            json!({"phone": phone.as_str()}),
        )
        .await?;
        Ok(PairingCode {
            device_id: device_id.to_string(),
            code,
            simulated: device.engine == EngineKind::Sim,
        })
    }
}
