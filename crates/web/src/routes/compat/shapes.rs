//! The answers the seeds' clients read fields from.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use gerbang_app::default_device::seed_status;
use gerbang_app::runtime::QrCode;
use gerbang_app::Principal;
use gerbang_core::device::{Device, DeviceStatus};

use crate::error::{ApiError, ApiResult};
use crate::{qr, AppState};

/// The account a connected device is linked to (seed 002's `user`).
#[derive(Serialize, ToSchema)]
pub(crate) struct LinkedUser {
    /// The WhatsApp id (`628…@s.whatsapp.net`).
    id: String,
    name: Option<String>,
}

/// A device's connection, as seed 000/002 clients read it.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SeedStatus {
    device_id: String,
    /// `connected`, `connecting` or `disconnected` (seed 002's three states).
    status: &'static str,
    /// Gerbang's own, finer status (`qr_required`, `logged_out`, `banned`, …).
    device_status: DeviceStatus,
    connected: bool,
    phone_number: Option<String>,
    /// Present while connected.
    user: Option<LinkedUser>,
    simulated: bool,
    timestamp: DateTime<Utc>,
}

impl SeedStatus {
    pub(crate) fn of(d: &Device) -> Self {
        let connected = d.status == DeviceStatus::Connected;
        let user = connected
            .then(|| {
                d.phone_number.as_ref().map(|p| LinkedUser {
                    id: format!("{p}@s.whatsapp.net"),
                    name: d.push_name.clone(),
                })
            })
            .flatten();
        SeedStatus {
            device_id: d.device_id.clone(),
            status: seed_status(d.status),
            device_status: d.status,
            connected,
            phone_number: d.phone_number.clone(),
            user,
            simulated: d.simulated,
            timestamp: Utc::now(),
        }
    }
}

/// A QR code with its image, as seed 000/002/004 clients read it (`qrCode` is a PNG data URL).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SeedQr {
    device_id: String,
    /// `data:image/png;base64,…`
    qr_code: String,
    /// The text in the code (render it yourself if you prefer).
    qr: String,
    index: u32,
    expires_at: DateTime<Utc>,
    timestamp: DateTime<Utc>,
}

impl SeedQr {
    pub(crate) fn of(device_id: &str, code: &QrCode) -> ApiResult<Self> {
        let image = qr::png_data_url(&code.code).map_err(|e| {
            tracing::error!(error = %e, "QR rendering failed");
            ApiError::internal()
        })?;
        Ok(SeedQr {
            device_id: device_id.to_string(),
            qr_code: image,
            qr: code.code.clone(),
            index: code.index,
            expires_at: code.expires_at,
            timestamp: Utc::now(),
        })
    }
}

/// The caller's default device (see `gerbang_app::default_device`).
pub(crate) async fn default_device(s: &AppState, who: &Principal) -> ApiResult<Device> {
    Ok(s.app.resolve_device(who).await?)
}
