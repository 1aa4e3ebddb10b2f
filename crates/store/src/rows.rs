//! Row shapes as the database returns them, and their conversion into domain types.

use chrono::{DateTime, Utc};
use gerbang_core::audit::AuditEntry;
use gerbang_core::device::{ApiKey, Device, DeviceStatus};
use gerbang_core::engine::EngineKind;
use gerbang_core::message::{MediaInfo, Message, MessageStatus};
use gerbang_core::user::{RefreshToken, Role, User};
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

#[derive(sqlx::FromRow)]
pub(crate) struct ChatRow {
    pub chat_jid: String,
    pub last_body: Option<String>,
    pub last_type: String,
    pub last_from_me: bool,
    pub last_time: DateTime<Utc>,
    pub unread_count: i64,
    pub message_count: i64,
    pub contact_name: Option<String>,
}

/// A job with its progress, read from the counters `job_counts` keeps (migration 0028): each
/// figure is one primary-key lookup, however many recipients the database holds.
pub(crate) const JOB_SELECT: &str =
    "SELECT j.job_id, j.device_id, j.user_id, j.kind, j.status, j.message, \
     j.media, j.pacing, j.stop_reason, j.next_send_at, j.created_at, j.finished_at, \
     (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM job_counts c WHERE c.job_id = j.job_id) AS total, \
     (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM job_counts c WHERE c.job_id = j.job_id AND c.status = 'sent') AS sent, \
     (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM job_counts c WHERE c.job_id = j.job_id AND c.status = 'failed') AS failed, \
     (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM job_counts c WHERE c.job_id = j.job_id AND c.status = 'skipped') AS skipped, \
     (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM job_counts c WHERE c.job_id = j.job_id AND c.status = 'uncertain') AS uncertain, \
     (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM job_counts c WHERE c.job_id = j.job_id AND c.status = 'cancelled') AS cancelled, \
     (SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM job_counts c WHERE c.job_id = j.job_id AND c.status IN ('pending', 'sending')) AS pending \
     FROM jobs j";

#[derive(sqlx::FromRow)]
pub(crate) struct JobRow {
    job_id: String,
    device_id: String,
    user_id: i64,
    kind: String,
    status: String,
    message: String,
    media: Option<Json<serde_json::Value>>,
    pacing: Json<gerbang_core::job::Pacing>,
    stop_reason: Option<String>,
    next_send_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    total: i64,
    sent: i64,
    failed: i64,
    skipped: i64,
    uncertain: i64,
    cancelled: i64,
    pending: i64,
}

impl From<JobRow> for gerbang_core::job::Job {
    fn from(r: JobRow) -> Self {
        use gerbang_core::job::{Job, JobProgress, JobStatus};
        Job {
            id: r.job_id.clone(),
            job_id: r.job_id,
            device_id: r.device_id,
            user_id: r.user_id,
            kind: r.kind,
            status: JobStatus::parse(&r.status).unwrap_or(JobStatus::Paused),
            message: r.message,
            media: r.media.map(|m| m.0),
            pacing: r.pacing.0,
            progress: JobProgress {
                total: r.total,
                sent: r.sent,
                failed: r.failed,
                skipped: r.skipped,
                uncertain: r.uncertain,
                cancelled: r.cancelled,
                pending: r.pending,
            },
            stop_reason: r.stop_reason,
            next_send_at: r.next_send_at,
            created_at: r.created_at,
            finished_at: r.finished_at,
        }
    }
}

pub(crate) const RECIPIENT_COLUMNS: &str =
    "id, position, phone, variables, status, message_id, error, sent_at";

#[derive(sqlx::FromRow)]
pub(crate) struct RecipientRow {
    id: i64,
    position: i64,
    phone: String,
    variables: Json<serde_json::Value>,
    status: String,
    message_id: Option<String>,
    error: Option<String>,
    sent_at: Option<DateTime<Utc>>,
}

impl From<RecipientRow> for gerbang_core::job::JobRecipient {
    fn from(r: RecipientRow) -> Self {
        use gerbang_core::job::{JobRecipient, RecipientStatus};
        // The column holds the chat's JID (named `phone` from before groups were recipients).
        let phone = gerbang_core::jid::Jid::parse(&r.phone)
            .ok()
            .and_then(|j| j.phone())
            .map(|p| p.as_str().to_string());
        JobRecipient {
            id: r.id,
            position: r.position,
            jid: r.phone,
            phone,
            variables: r.variables.0,
            status: RecipientStatus::parse(&r.status).unwrap_or(RecipientStatus::Pending),
            message_id: r.message_id,
            error: r.error,
            sent_at: r.sent_at,
        }
    }
}

pub(crate) const SCHEDULED_COLUMNS: &str =
    "id, device_id, user_id, recipient, message, send_at, timezone, status, message_id, error, created_at, sent_at";

#[derive(sqlx::FromRow)]
pub(crate) struct ScheduledRow {
    id: i64,
    device_id: String,
    user_id: i64,
    recipient: String,
    message: String,
    send_at: DateTime<Utc>,
    timezone: String,
    status: String,
    message_id: Option<String>,
    error: Option<String>,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
}

impl From<ScheduledRow> for gerbang_core::job::ScheduledMessage {
    fn from(r: ScheduledRow) -> Self {
        use gerbang_core::job::{ScheduleStatus, ScheduledMessage};
        ScheduledMessage {
            id: r.id,
            device_id: r.device_id,
            user_id: r.user_id,
            to: r.recipient,
            message: r.message,
            send_at: r.send_at,
            timezone: r.timezone,
            status: ScheduleStatus::parse(&r.status).unwrap_or(ScheduleStatus::Failed),
            message_id: r.message_id,
            error: r.error,
            created_at: r.created_at,
            sent_at: r.sent_at,
        }
    }
}
