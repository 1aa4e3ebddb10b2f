//! Keyset-paged reads for exports and cursor lists; expanded per backend like `shared.rs`.

macro_rules! export_store_impl {
    ($store:ty, $db:ty, $time_column:literal) => {
        use async_trait::async_trait;
        use gerbang_core::audit::{AuditEntry, AuditFilter};
        use gerbang_core::device::Device;
        use gerbang_core::export::{
            Cursor, DeviceExportFilter, ExportStore, MessageFilter, UserExportFilter,
        };
        use gerbang_core::message::Message;
        use gerbang_core::user::User;
        use gerbang_core::StoreResult;
        use sqlx::QueryBuilder;

        use crate::errors::map;
        use crate::rows::*;

        #[async_trait]
        impl ExportStore for $store {
            async fn messages_page(
                &self,
                f: &MessageFilter,
                cursor: Cursor,
                limit: i64,
            ) -> StoreResult<Vec<Message>> {
                let mut q = QueryBuilder::<$db>::new(format!(
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
                // SQLite would walk the time index and sort each page; pages must follow the
                // primary key (the column is named so that SQLite cannot use an index on it).
                if let Some(from) = f.from {
                    q.push(concat!(" AND ", $time_column, " >= "))
                        .push_bind(from);
                }
                if let Some(to) = f.to {
                    q.push(concat!(" AND ", $time_column, " < ")).push_bind(to);
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
                q.build_query_as::<MessageRow>()
                    .fetch_all(&self.pool)
                    .await
                    .map(|rows| rows.into_iter().map(Message::from).collect())
                    .map_err(map)
            }

            async fn users_after(
                &self,
                f: &UserExportFilter,
                after: i64,
                limit: i64,
            ) -> StoreResult<Vec<User>> {
                let mut q = QueryBuilder::<$db>::new(format!(
                    "SELECT {USER_COLUMNS} FROM users WHERE id > "
                ));
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
                q.build_query_as::<UserRow>()
                    .fetch_all(&self.pool)
                    .await
                    .map(|rows| rows.into_iter().map(User::from).collect())
                    .map_err(map)
            }

            async fn devices_after(
                &self,
                f: &DeviceExportFilter,
                after: i64,
                limit: i64,
            ) -> StoreResult<Vec<Device>> {
                let mut q = QueryBuilder::<$db>::new(format!(
                    "SELECT {DEVICE_COLUMNS} FROM devices WHERE id > "
                ));
                q.push_bind(after);
                if let Some(owner) = f.owner {
                    q.push(" AND user_id = ").push_bind(owner);
                }
                if let Some(status) = f.status {
                    q.push(" AND status = ").push_bind(status.as_str());
                }
                q.push(" ORDER BY id LIMIT ").push_bind(limit);
                q.build_query_as::<DeviceRow>()
                    .fetch_all(&self.pool)
                    .await
                    .map(|rows| rows.into_iter().map(Device::from).collect())
                    .map_err(map)
            }

            async fn audit_after(
                &self,
                f: &AuditFilter,
                after: i64,
                limit: i64,
            ) -> StoreResult<Vec<AuditEntry>> {
                let mut q = QueryBuilder::<$db>::new(format!(
                    "SELECT {AUDIT_COLUMNS} FROM audit_logs WHERE id > "
                ));
                q.push_bind(after);
                if let Some(action) = &f.action {
                    q.push(" AND action = ").push_bind(action);
                }
                if let Some(actor) = f.actor_id {
                    q.push(" AND actor_id = ").push_bind(actor);
                }
                if let Some(t) = &f.target_type {
                    q.push(" AND target_type = ").push_bind(t);
                }
                if let Some(t) = &f.target_id {
                    q.push(" AND target_id = ").push_bind(t);
                }
                if let Some(from) = f.from {
                    q.push(" AND created_at >= ").push_bind(from);
                }
                if let Some(to) = f.to {
                    q.push(" AND created_at < ").push_bind(to);
                }
                q.push(" ORDER BY id LIMIT ").push_bind(limit);
                q.build_query_as::<AuditRow>()
                    .fetch_all(&self.pool)
                    .await
                    .map(|rows| rows.into_iter().map(AuditEntry::from).collect())
                    .map_err(map)
            }
        }
    };
}

pub(crate) use export_store_impl;
