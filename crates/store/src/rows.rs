//! Row shapes as the database returns them, and their conversion into domain types.

use chrono::{DateTime, Utc};
use gerbang_core::audit::AuditEntry;
use gerbang_core::device::{ApiKey, Device, DeviceStatus};
use gerbang_core::user::{RefreshToken, Role, User};
use sqlx::types::Json;

pub(crate) const USER_COLUMNS: &str = "id, username, email, full_name, role, is_active, language, \
     token_version, last_login, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    username: String,
    email: String,
    full_name: String,
    role: String,
    is_active: bool,
    language: String,
    token_version: i64,
    last_login: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: r.id,
            username: r.username,
            email: r.email,
            full_name: r.full_name,
            // The CHECK constraint admits only these two.
            role: Role::parse(&r.role).unwrap_or(Role::User),
            is_active: r.is_active,
            language: r.language,
            last_login: r.last_login,
            created_at: r.created_at,
            updated_at: r.updated_at,
            token_version: r.token_version,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct RefreshRow {
    id: i64,
    user_id: i64,
    family_id: String,
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

impl From<RefreshRow> for RefreshToken {
    fn from(r: RefreshRow) -> Self {
        RefreshToken {
            id: r.id,
            user_id: r.user_id,
            family_id: r.family_id,
            expires_at: r.expires_at,
            used_at: r.used_at,
            revoked_at: r.revoked_at,
        }
    }
}

pub(crate) const DEVICE_COLUMNS: &str = "id, device_id, device_name, user_id, status, \
     phone_number, last_seen, last_disconnect_reason, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub(crate) struct DeviceRow {
    id: i64,
    device_id: String,
    device_name: String,
    user_id: i64,
    status: String,
    phone_number: Option<String>,
    last_seen: Option<DateTime<Utc>>,
    last_disconnect_reason: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<DeviceRow> for Device {
    fn from(r: DeviceRow) -> Self {
        Device {
            id: r.id,
            device_id: r.device_id,
            device_name: r.device_name,
            user_id: r.user_id,
            status: DeviceStatus::parse(&r.status).unwrap_or(DeviceStatus::Disconnected),
            phone_number: r.phone_number,
            last_seen: r.last_seen,
            last_disconnect_reason: r.last_disconnect_reason,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

pub(crate) const API_KEY_COLUMNS: &str =
    "api_keys.id, api_keys.device_id, api_keys.name, api_keys.prefix, api_keys.created_by, \
     api_keys.created_at, api_keys.last_used_at";

#[derive(sqlx::FromRow)]
pub(crate) struct ApiKeyRow {
    id: i64,
    device_id: String,
    name: String,
    prefix: String,
    created_by: i64,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
}

impl From<ApiKeyRow> for ApiKey {
    fn from(r: ApiKeyRow) -> Self {
        ApiKey {
            id: r.id,
            device_id: r.device_id,
            name: r.name,
            prefix: r.prefix,
            created_by: r.created_by,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
        }
    }
}

pub(crate) const AUDIT_COLUMNS: &str =
    "id, actor_id, actor_username, action, target_type, target_id, details, ip, created_at";

#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    id: i64,
    actor_id: Option<i64>,
    actor_username: String,
    action: String,
    target_type: String,
    target_id: String,
    details: Json<serde_json::Value>,
    ip: Option<String>,
    created_at: DateTime<Utc>,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> Self {
        AuditEntry {
            id: r.id,
            actor_id: r.actor_id,
            actor_username: r.actor_username,
            action: r.action,
            target_type: r.target_type,
            target_id: r.target_id,
            details: r.details.0,
            ip: r.ip,
            created_at: r.created_at,
        }
    }
}

/// A `LIKE` pattern that matches `term` anywhere, with the pattern's own wildcards escaped
/// (queries say `ESCAPE '\'`).
pub(crate) fn contains_pattern(term: &str) -> String {
    let escaped = term
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
