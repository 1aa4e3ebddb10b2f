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

/// How long `connect` and `pairing-code` wait for the first outcome of a connection attempt.
const FIRST_OUTCOME: Duration = Duration::from_secs(3);

impl App {
    /// Starts the session and answers once its first outcome is known: a QR code, connected,
    /// or a failed attempt (offline: `connecting`, and the engine keeps trying). It waits at
    /// most [`FIRST_OUTCOME`]; everything after that arrives as events.
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
        self.start_and_wait(&device).await?;
        let current = self.device_for(who, device_id).await?;
        let qr = self.runtime.qr(device_id);
        Ok(self.connect_result(
            current.device_id,
            current.status,
            qr,
            current.phone_number,
            current.engine,
        ))
    }

    /// Starts the device and waits for the first outcome of the attempt. A device already
    /// trying to connect is not waited for: its attempts are under way and report as events.
    async fn start_and_wait(&self, device: &gerbang_core::device::Device) -> AppResult<()> {
        let mut outcomes = self.runtime.outcomes(&device.device_id);
        let trying =
            self.runtime.is_started(&device.device_id) && device.status == DeviceStatus::Connecting;
        self.runtime.start(device).await?;
        if trying {
            return Ok(());
        }
        let settled = |d: &gerbang_core::device::Device| {
            d.status == DeviceStatus::Connected || self.runtime.qr(&d.device_id).is_some()
        };
        let now = self.store.device(&device.device_id).await?;
        if now.as_ref().is_some_and(settled) {
            return Ok(());
        }
        let _ = tokio::time::timeout(FIRST_OUTCOME, outcomes.changed()).await;
        Ok(())
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
                message: match device.status {
                    DeviceStatus::Connected => {
                        "no QR code to show: the device is connected (paired) already".into()
                    }
                    DeviceStatus::Banned => {
                        "no QR code to show: WhatsApp has banned this number".into()
                    }
                    DeviceStatus::Connecting | DeviceStatus::QrRequired => {
                        "no QR code yet: the device is connecting; try again in a moment".into()
                    }
                    other => format!(
                        "no QR code to show: the device is {}; connect it to get one",
                        other.as_str()
                    ),
                },
            })
    }

    /// Pairs by phone number (admins): the device must be unlinked. It is started when it is
    /// not showing QR codes yet; when it cannot reach WhatsApp the answer comes at once (409,
    /// the device stays `connecting` and reports progress as events).
    pub async fn pairing_code(
        &self,
        actor: Actor<'_>,
        device_id: &str,
        input: PairingCodeInput,
    ) -> AppResult<PairingCode> {
        let phone = Phone::parse(&input.phone).map_err(|e| AppError::field("phone", e))?;
        let who = Principal::User(actor.user.clone());
        let mut device = self.device_for(&who, device_id).await?;
        if device.phone_number.is_some() && device.status != DeviceStatus::LoggedOut {
            return Err(AppError::conflict(crate::error::already_paired()));
        }
        if device.status != DeviceStatus::QrRequired {
            self.start_and_wait(&device).await?;
            device = self.device_for(&who, device_id).await?;
            if device.status != DeviceStatus::QrRequired {
                let why = device
                    .last_disconnect_reason
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default();
                return Err(AppError::conflict(format!(
                    "the device is {}{why}, not waiting to be linked yet; it keeps trying: ask \
                     again when it shows a QR code (status qr_required)",
                    device.status.as_str()
                )));
            }
        }
        let engine = self.runtime.engines.get(device.engine)?;
        // WhatsApp refusing the number (not on WhatsApp, not allowed to link) is about the
        // input, not a gateway failure: a 400 naming `phone`.
        let code = engine
            .pairing_code(device_id, &phone)
            .await
            .map_err(|e| match e {
                gerbang_core::engine::EngineError::Rejected(why) => AppError::field("phone", why),
                other => other.into(),
            })?;
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
