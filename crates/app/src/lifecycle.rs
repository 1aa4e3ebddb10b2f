//! Connecting, disconnecting, pairing and wiping devices.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use gerbang_core::device::DeviceStatus;
use gerbang_core::engine::EngineKind;
use gerbang_core::jid::Phone;

use crate::runtime::QrCode;
use crate::{Actor, App, AppError, AppResult, Principal};

/// Every pairing code makes WhatsApp notify the phone of the number typed: since device owners
/// (not only administrators) may ask for them, one user cannot use the gateway to pester a
/// number, nor hammer WhatsApp into blocking the server's address.
pub const PAIRING_WINDOW: Duration = Duration::from_secs(10 * 60);
pub const PAIRING_PER_USER: usize = 5;
pub const PAIRING_PER_NUMBER: usize = 3;

#[derive(Default)]
pub struct PairingLimits {
    recent: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl PairingLimits {
    /// Counts one request against every key, or answers how many seconds until the first full
    /// one has room again (and counts nothing).
    fn take(&self, keys: &[(String, usize)], now: Instant) -> Result<(), (u64, usize)> {
        let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        recent.retain(|_, times| {
            while times
                .front()
                .is_some_and(|t| now.duration_since(*t) >= PAIRING_WINDOW)
            {
                times.pop_front();
            }
            !times.is_empty()
        });
        for (i, (key, max)) in keys.iter().enumerate() {
            if let Some(times) = recent.get(key) {
                if times.len() >= *max {
                    let oldest = times[times.len() - max];
                    let wait = PAIRING_WINDOW.saturating_sub(now.duration_since(oldest));
                    return Err((wait.as_secs() + u64::from(wait.subsec_nanos() > 0), i));
                }
            }
        }
        for (key, _) in keys {
            recent.entry(key.clone()).or_default().push_back(now);
        }
        Ok(())
    }
}

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

    /// Pairs by phone number (the device's owner or an administrator; a few codes per user and
    /// per number in ten minutes): the device must be unlinked. It is started when it is
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
        let keys = [
            (format!("user:{}", actor.user.id), PAIRING_PER_USER),
            (format!("phone:{}", phone.as_str()), PAIRING_PER_NUMBER),
        ];
        if let Err((secs, which)) = self.pairing_limits.take(&keys, Instant::now()) {
            let (n, whose) = if which == 0 {
                (PAIRING_PER_USER, "you have")
            } else {
                (PAIRING_PER_NUMBER, "this number has")
            };
            return Err(AppError::TooManyRequests {
                retry_after_secs: secs.max(1),
                message: format!(
                    "{whose} asked for {n} pairing codes in the last {} minutes; try again in {secs} s",
                    PAIRING_WINDOW.as_secs() / 60
                ),
            });
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

#[cfg(test)]
mod pairing_limit_tests {
    use super::*;

    #[test]
    fn a_user_and_a_number_get_a_few_codes_each_then_a_wait() {
        let l = PairingLimits::default();
        let t0 = Instant::now();
        let keys = |u: &str, p: &str| {
            [
                (format!("user:{u}"), PAIRING_PER_USER),
                (format!("phone:{p}"), PAIRING_PER_NUMBER),
            ]
        };
        for i in 0..PAIRING_PER_NUMBER {
            assert!(l
                .take(&keys("1", "62811"), t0 + Duration::from_secs(i as u64))
                .is_ok());
        }
        let (wait, which) = l
            .take(&keys("2", "62811"), t0 + Duration::from_secs(60))
            .unwrap_err();
        assert_eq!(which, 1);
        assert_eq!(wait, PAIRING_WINDOW.as_secs() - 60);
        // Another number for the same user still has room, until the user's own limit.
        assert!(l.take(&keys("1", "62822"), t0).is_ok());
        assert!(l.take(&keys("1", "62833"), t0).is_ok());
        assert_eq!(l.take(&keys("1", "62844"), t0).unwrap_err().1, 0);
        // After the window, room again.
        assert!(l
            .take(
                &keys("1", "62811"),
                t0 + PAIRING_WINDOW + Duration::from_secs(3)
            )
            .is_ok());
    }
}
