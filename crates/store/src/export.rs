//! Keyset-paged reads for exports and cursor lists.

use async_trait::async_trait;
use gerbang_core::audit::{AuditEntry, AuditFilter};
use gerbang_core::device::Device;
use gerbang_core::export::{
    Cursor, DeviceExportFilter, ExportStore, MessageFilter, UserExportFilter,
};
use gerbang_core::message::Message;
use gerbang_core::user::User;
use gerbang_core::StoreResult;

use crate::db::{query, Backend};
use crate::rows::{
    contains_pattern, AuditRow, DeviceRow, MessageRow, UserRow, AUDIT_COLUMNS, DEVICE_COLUMNS,
    MESSAGE_COLUMNS, USER_COLUMNS,
};
use crate::SqlStore;

/// The message time column as the export's time filters name it: `+timestamp` on SQLite, so
/// that SQLite cannot use an index on it (see `messages_page`); the plain name on PostgreSQL.
fn message_time_column(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "+timestamp",
        Backend::Postgres => "timestamp",
    }
}

#[async_trait]
impl<B: sqlx::Database> ExportStore for SqlStore<B> {
    async fn messages_page(
        &self,
        f: &MessageFilter,
        cursor: Cursor,
        limit: i64,
    ) -> StoreResult<Vec<Message>> {
        let mut q = query(format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE 1 = 1"
        ));
        if let Some(owner) = f.owner {
            q.push(" AND device_id IN (SELECT device_id FROM devices WHERE user_id = ")
                .push_bind(owner)
                .push(")");
        }
        if let Some(d) = &f.device_id {
            q.push(" AND device_id = ").push_bind(d);
        }
        if let Some(c) = &f.chat_jid {
            q.push(" AND chat_jid = ").push_bind(c);
        }
        if let Some(from_me) = f.from_me {
            q.push(" AND from_me = ").push_bind(from_me);
        }
        if let Some(s) = &f.status {
            q.push(" AND status = ").push_bind(s);
        }
        if let Some(text) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let pattern = contains_pattern(text);
            q.push(" AND (lower(body) LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR lower(media_file_name) LIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '\\')");
        }
        // SQLite would walk the time index and sort each page; pages must follow the primary
        // key (the column is named so that SQLite cannot use an index on it).
        let time = message_time_column(self.db.backend());
        if let Some(from) = f.from {
            q.push(format_args!(" AND {time} >= ")).push_bind(from);
        }
        if let Some(to) = f.to {
            q.push(format_args!(" AND {time} < ")).push_bind(to);
        }
        match cursor {
            Cursor::After(id) => {
                q.push(" AND id > ").push_bind(id).push(" ORDER BY id");
            }
            Cursor::Before(before) => {
                if let Some(id) = before {
                    q.push(" AND id < ").push_bind(id);
                }
                q.push(" ORDER BY id DESC");
            }
        }
        q.push(" LIMIT ").push_bind(limit);
        q.fetch_all::<MessageRow>(&self.db)
            .await
            .map(|rows| rows.into_iter().map(Message::from).collect())
    }

    async fn users_after(
        &self,
        f: &UserExportFilter,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<User>> {
        let mut q = query(format!("SELECT {USER_COLUMNS} FROM users WHERE id > "));
        q.push_bind(after);
        if let Some(role) = f.role {
            q.push(" AND role = ").push_bind(role.as_str());
        }
        if let Some(active) = f.is_active {
            q.push(" AND is_active = ").push_bind(active);
        }
        if let Some(from) = f.from {
            q.push(" AND created_at >= ").push_bind(from);
        }
        if let Some(to) = f.to {
            q.push(" AND created_at < ").push_bind(to);
        }
        q.push(" ORDER BY id LIMIT ").push_bind(limit);
        q.fetch_all::<UserRow>(&self.db)
            .await
            .map(|rows| rows.into_iter().map(User::from).collect())
    }

    async fn devices_after(
        &self,
        f: &DeviceExportFilter,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<Device>> {
        let mut q = query(format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE id > "));
        q.push_bind(after);
        if let Some(owner) = f.owner {
            q.push(" AND user_id = ").push_bind(owner);
        }
        if let Some(status) = f.status {
            q.push(" AND status = ").push_bind(status.as_str());
        }
        q.push(" ORDER BY id LIMIT ").push_bind(limit);
        q.fetch_all::<DeviceRow>(&self.db)
            .await
            .map(|rows| rows.into_iter().map(Device::from).collect())
    }

    async fn audit_after(
        &self,
        f: &AuditFilter,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<AuditEntry>> {
        let mut q = query(format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_logs WHERE id > "
        ));
        q.push_bind(after);
        crate::audit::audit_conditions(&mut q, f, "<");
        q.push(" ORDER BY id LIMIT ").push_bind(limit);
        q.fetch_all::<AuditRow>(&self.db)
            .await
            .map(|rows| rows.into_iter().map(AuditEntry::from).collect())
    }
}
