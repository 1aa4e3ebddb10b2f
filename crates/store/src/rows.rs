//! Row shapes as the database returns them, and their conversion into domain types.

use chrono::{DateTime, Utc};
use gerbang_core::audit::AuditEntry;
use gerbang_core::device::{Device, DeviceStatus};
use gerbang_core::engine::EngineKind;
use gerbang_core::message::{MediaInfo, Message, MessageStatus};
use gerbang_core::user::{Role, User};
use sqlx::types::Json;

pub(crate) const USER_COLUMNS: &str = "id, username, email, full_name, role, is_active, language, \
     time_zone, token_version, last_login, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    username: String,
    email: String,
    full_name: String,
    role: String,
    is_active: bool,
    language: String,
    time_zone: String,
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
            time_zone: r.time_zone,
            last_login: r.last_login,
            created_at: r.created_at,
            updated_at: r.updated_at,
            token_version: r.token_version,
        }
    }
}

pub(crate) const DEVICE_COLUMNS: &str = "id, device_id, device_name, user_id, status, \
     phone_number, last_seen, last_disconnect_reason, push_name, banned_until, engine, \
     created_at, updated_at";

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
    push_name: Option<String>,
    banned_until: Option<DateTime<Utc>>,
    engine: String,
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
            push_name: r.push_name,
            banned_until: r.banned_until,
            simulated: r.engine == EngineKind::Sim.as_str(),
            engine: EngineKind::parse(&r.engine).unwrap_or(EngineKind::Whatsapp),
            created_at: r.created_at,
            updated_at: r.updated_at,
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

pub(crate) const MESSAGE_COLUMNS: &str = "id, device_id, message_id, chat_jid, sender_jid, \
     sender_phone, sender_lid, push_name, from_me, message_type, body, media_sha256, media_mime, \
     media_size, media_file_name, extra, quoted_id, mentions, status, failure_reason, is_read, \
     edited, deleted, timestamp, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub(crate) struct MessageRow {
    id: i64,
    device_id: String,
    message_id: String,
    chat_jid: String,
    sender_jid: Option<String>,
    sender_phone: Option<String>,
    sender_lid: Option<String>,
    push_name: Option<String>,
    from_me: bool,
    message_type: String,
    body: Option<String>,
    media_sha256: Option<String>,
    media_mime: Option<String>,
    media_size: Option<i64>,
    media_file_name: Option<String>,
    extra: Json<serde_json::Value>,
    quoted_id: Option<String>,
    mentions: Json<Vec<String>>,
    status: String,
    failure_reason: Option<String>,
    is_read: bool,
    edited: bool,
    deleted: bool,
    timestamp: DateTime<Utc>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<MessageRow> for Message {
    fn from(r: MessageRow) -> Self {
        let media = r.media_sha256.map(|sha256| MediaInfo {
            sha256,
            mime: r.media_mime.unwrap_or_default(),
            size: r.media_size.unwrap_or_default(),
            file_name: r.media_file_name,
        });
        Message {
            id: r.id,
            device_id: r.device_id,
            message_id: r.message_id,
            chat_jid: r.chat_jid,
            sender_jid: r.sender_jid,
            sender_phone: r.sender_phone,
            sender_lid: r.sender_lid,
            push_name: r.push_name,
            from_me: r.from_me,
            message_type: r.message_type,
            body: r.body,
            media,
            extra: r.extra.0,
            quoted_id: r.quoted_id,
            mentions: r.mentions.0,
            status: MessageStatus::parse(&r.status).unwrap_or(MessageStatus::Pending),
            failure_reason: r.failure_reason,
            is_read: r.is_read,
            edited: r.edited,
            deleted: r.deleted,
            timestamp: r.timestamp,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}
