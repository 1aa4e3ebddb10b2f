use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{user::UserId, PageRequest};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    Disconnected,
    Connecting,
    QrRequired,
    Connected,
    LoggedOut,
    Banned,
}

impl DeviceStatus {
    pub const ALL: [DeviceStatus; 6] = [
        DeviceStatus::Disconnected,
        DeviceStatus::Connecting,
        DeviceStatus::QrRequired,
        DeviceStatus::Connected,
        DeviceStatus::LoggedOut,
        DeviceStatus::Banned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeviceStatus::Disconnected => "disconnected",
            DeviceStatus::Connecting => "connecting",
            DeviceStatus::QrRequired => "qr_required",
            DeviceStatus::Connected => "connected",
            DeviceStatus::LoggedOut => "logged_out",
            DeviceStatus::Banned => "banned",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A linked (or to-be-linked) WhatsApp account.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub id: i64,
    /// The public identifier used in every route.
    pub device_id: String,
    pub device_name: String,
    /// The owning user.
    pub user_id: UserId,
    pub status: DeviceStatus,
    pub phone_number: Option<String>,
    pub last_seen: Option<DateTime<Utc>>,
    /// Why the device last left `connected`, when known.
    pub last_disconnect_reason: Option<String>,
    /// The WhatsApp display name of the linked account.
    pub push_name: Option<String>,
    /// For `banned`: when the ban ends, when WhatsApp says.
    pub banned_until: Option<DateTime<Utc>>,
    /// `whatsapp` (the real network) or `sim` (the simulator).
    pub engine: crate::engine::EngineKind,
    /// True when the device runs on the simulator: nothing it does reaches WhatsApp.
    pub simulated: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Device {
    /// `whatsapp-status`: the device's connection as the status route shows it. Written by the
    /// store in the same transaction as the change it reports.
    pub fn status_event(&self) -> crate::event::NewEvent {
        crate::event::NewEvent {
            event_type: crate::event::types::STATUS,
            device_id: Some(self.device_id.clone()),
            user_id: Some(self.user_id),
            chat_jid: None,
            data: serde_json::json!({
                "deviceId": self.device_id,
                "status": self.status,
                "phoneNumber": self.phone_number,
                "pushName": self.push_name,
                "lastSeen": self.last_seen,
                "lastDisconnectReason": self.last_disconnect_reason,
                "bannedUntil": self.banned_until,
                "simulated": self.simulated,
            }),
        }
    }

    /// Whether a client would see a difference: only then is a status event worth writing.
    pub fn looks_like(&self, other: &Device) -> bool {
        self.status == other.status
            && self.phone_number == other.phone_number
            && self.last_disconnect_reason == other.last_disconnect_reason
            && self.banned_until == other.banned_until
    }
}

/// A change of connection state reported by an engine.
#[derive(Debug, Clone, Default)]
pub struct DeviceState {
    pub status: Option<DeviceStatus>,
    pub phone_number: Option<Option<String>>,
    pub push_name: Option<Option<String>>,
    pub last_seen: Option<DateTime<Utc>>,
    pub last_disconnect_reason: Option<Option<String>>,
    pub banned_until: Option<Option<DateTime<Utc>>>,
}

#[derive(Debug, Clone)]
pub struct NewDevice {
    pub device_id: String,
    pub device_name: String,
    pub user_id: UserId,
    pub engine: crate::engine::EngineKind,
}

#[derive(Debug, Clone, Default)]
pub struct DeviceFilter {
    /// Only this user's devices; `None` for all (admins).
    pub owner: Option<UserId>,
    pub status: Option<DeviceStatus>,
    pub search: Option<String>,
    pub page: PageRequest,
}

/// A per-device key for machine clients. Only a hash of the secret is stored.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiKey {
    pub id: i64,
    pub device_id: String,
    pub name: String,
    /// The first characters of the key, to tell keys apart in lists.
    pub prefix: String,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    /// The key's latest use, to the minute (written at most once a minute).
    pub last_used_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub device_id: String,
    pub name: String,
    pub prefix: String,
    pub key_hash: String,
    pub created_by: UserId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_names_round_trip() {
        for st in DeviceStatus::ALL {
            assert_eq!(DeviceStatus::parse(st.as_str()), Some(st));
            let json = serde_json::to_string(&st).unwrap();
            assert_eq!(json, format!("\"{}\"", st.as_str()));
        }
        assert_eq!(DeviceStatus::parse("online"), None);
    }
}
