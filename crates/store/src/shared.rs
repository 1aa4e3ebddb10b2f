//! The store traits implemented once, in SQL that SQLite and PostgreSQL both accept
//! (`$n` placeholders, `RETURNING`, `lower(..) LIKE .. ESCAPE`), and expanded per backend.

macro_rules! store_impl {
    ($store:ty, $db:ty, $backend:literal) => {
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use gerbang_core::audit::{
            AuditActor, AuditEntry, AuditFilter, AuditFilterValues, NewAuditEntry,
        };
        use gerbang_core::device::{
            ApiKey, Device, DeviceFilter, DeviceState, NewApiKey, NewDevice,
        };
        use gerbang_core::engine::{EngineKind, SessionStore};
        use gerbang_core::store::{
            ApiKeyStore, AuditStore, DeviceStore, RefreshTokenStore, UserStore,
        };
        use gerbang_core::user::{NewUser, RefreshToken, User, UserFilter, UserId, UserPatch};
        use gerbang_core::{Page, StoreResult};
        use sqlx::types::Json;
        use sqlx::QueryBuilder;

        use crate::errors::map;
        use crate::rows::*;

        #[async_trait]
        impl gerbang_core::Store for $store {
            fn backend(&self) -> &'static str {
                $backend
            }

            async fn ping(&self) -> StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ()).map_err(map)
            }

            async fn close(&self) {
                self.pool.close().await;
            }

            fn as_any(&self) -> &dyn std::any::Any {
                self
            }

            fn pool_usage(&self) -> gerbang_core::store::PoolUsage {
                gerbang_core::store::PoolUsage {
                    size: self.pool.size(),
                    idle: self.pool.num_idle() as u32,
                    max: self.pool.options().get_max_connections(),
                }
            }
        }

        #[async_trait]
        impl UserStore for $store {
            async fn create_user(&self, new: &NewUser) -> StoreResult<User> {
                let now = Utc::now();
                let sql = format!(
                    "INSERT INTO users (username, email, full_name, password_hash, role, \
                     is_active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
                     RETURNING {USER_COLUMNS}"
                );
                sqlx::query_as::<_, UserRow>(&sql)
                    .bind(&new.username)
                    .bind(&new.email)
                    .bind(&new.full_name)
                    .bind(&new.password_hash)
                    .bind(new.role.as_str())
                    .bind(new.is_active)
                    .bind(now)
                    .fetch_one(&self.pool)
                    .await
                    .map(User::from)
                    .map_err(map)
            }

            async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
                let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
                sqlx::query_as::<_, UserRow>(&sql)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map(|r| r.map(User::from))
                    .map_err(map)
            }

            async fn user_by_login(&self, login: &str) -> StoreResult<Option<User>> {
                let sql = format!(
                    "SELECT {USER_COLUMNS} FROM users \
                     WHERE lower(username) = lower($1) OR lower(email) = lower($1)"
                );
                sqlx::query_as::<_, UserRow>(&sql)
                    .bind(login)
                    .fetch_optional(&self.pool)
                    .await
                    .map(|r| r.map(User::from))
                    .map_err(map)
            }

            async fn password_hash(&self, id: UserId) -> StoreResult<Option<String>> {
                sqlx::query_scalar::<_, String>("SELECT password_hash FROM users WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map)
            }

            async fn update_user(
                &self,
                id: UserId,
                patch: &UserPatch,
            ) -> StoreResult<Option<User>> {
                let mut q = QueryBuilder::<$db>::new("UPDATE users SET updated_at = ");
                q.push_bind(Utc::now());
                if let Some(email) = &patch.email {
                    q.push(", email = ").push_bind(email);
                }
                if let Some(full_name) = &patch.full_name {
                    q.push(", full_name = ").push_bind(full_name);
                }
                if let Some(role) = patch.role {
                    q.push(", role = ").push_bind(role.as_str());
                }
                if let Some(active) = patch.is_active {
                    q.push(", is_active = ").push_bind(active);
                }
                if let Some(language) = &patch.language {
                    q.push(", language = ").push_bind(language);
                }
                if let Some(tz) = &patch.time_zone {
                    q.push(", time_zone = ").push_bind(tz);
                }
                q.push(" WHERE id = ").push_bind(id);
                q.push(format!(" RETURNING {USER_COLUMNS}"));
                q.build_query_as::<UserRow>()
                    .fetch_optional(&self.pool)
                    .await
                    .map(|r| r.map(User::from))
                    .map_err(map)
            }

            async fn set_password(&self, id: UserId, hash: &str) -> StoreResult<bool> {
                sqlx::query(
                    "UPDATE users SET password_hash = $1, token_version = token_version + 1, \
                     updated_at = $2 WHERE id = $3",
                )
                .bind(hash)
                .bind(Utc::now())
                .bind(id)
                .execute(&self.pool)
                .await
                .map(|r| r.rows_affected() == 1)
                .map_err(map)
            }

            async fn record_login(&self, id: UserId, at: DateTime<Utc>) -> StoreResult<()> {
                sqlx::query("UPDATE users SET last_login = $1 WHERE id = $2")
                    .bind(at)
                    .bind(id)
                    .execute(&self.pool)
                    .await
                    .map(|_| ())
                    .map_err(map)
            }

            async fn delete_user(&self, id: UserId) -> StoreResult<bool> {
                sqlx::query("DELETE FROM users WHERE id = $1")
                    .bind(id)
                    .execute(&self.pool)
                    .await
                    .map(|r| r.rows_affected() == 1)
                    .map_err(map)
            }

            async fn list_users(&self, filter: &UserFilter) -> StoreResult<Page<User>> {
                fn push_where<'a>(q: &mut QueryBuilder<'a, $db>, f: &'a UserFilter) {
                    q.push(" WHERE 1 = 1");
                    if let Some(term) = &f.search {
                        let pattern = contains_pattern(term);
                        q.push(" AND (lower(username) LIKE ")
                            .push_bind(pattern.clone())
                            .push(" ESCAPE '\\' OR lower(email) LIKE ")
                            .push_bind(pattern.clone())
                            .push(" ESCAPE '\\' OR lower(full_name) LIKE ")
                            .push_bind(pattern)
                            .push(" ESCAPE '\\')");
                    }
                    if let Some(role) = f.role {
                        q.push(" AND role = ").push_bind(role.as_str());
                    }
                    if let Some(active) = f.is_active {
                        q.push(" AND is_active = ").push_bind(active);
                    }
                }
                crate::paging::page::<_, UserRow, User>(
                    &self.pool,
                    "SELECT COUNT(*) FROM users",
                    &format!("SELECT {USER_COLUMNS} FROM users"),
                    |q| push_where(q, filter),
                    "ORDER BY id",
                    filter.page,
                )
                .await
            }

            async fn count_users(&self) -> StoreResult<i64> {
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users")
                    .fetch_one(&self.pool)
                    .await
                    .map_err(map)
            }

            async fn count_admins(&self, active_only: bool) -> StoreResult<i64> {
                sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM users WHERE role = 'admin' AND (is_active OR NOT $1)",
                )
                .bind(active_only)
                .fetch_one(&self.pool)
                .await
                .map_err(map)
            }
        }

        #[async_trait]
        impl RefreshTokenStore for $store {
            async fn insert_refresh_token(
                &self,
                token_hash: &str,
                user_id: UserId,
                family_id: &str,
                expires_at: DateTime<Utc>,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO refresh_tokens (token_hash, user_id, family_id, expires_at, \
                     created_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(token_hash)
                .bind(user_id)
                .bind(family_id)
                .bind(expires_at)
                .bind(Utc::now())
                .execute(&self.pool)
                .await
                .map(|_| ())
                .map_err(map)
            }

            async fn refresh_token(&self, token_hash: &str) -> StoreResult<Option<RefreshToken>> {
                sqlx::query_as::<_, RefreshRow>(
                    "SELECT id, user_id, family_id, expires_at, used_at, revoked_at \
                     FROM refresh_tokens WHERE token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await
                .map(|r| r.map(RefreshToken::from))
                .map_err(map)
            }

            async fn spend_refresh_token(&self, id: i64, at: DateTime<Utc>) -> StoreResult<bool> {
                sqlx::query(
                    "UPDATE refresh_tokens SET used_at = $1 \
                     WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL",
                )
                .bind(at)
                .bind(id)
                .execute(&self.pool)
                .await
                .map(|r| r.rows_affected() == 1)
                .map_err(map)
            }

            async fn revoke_refresh_family(
                &self,
                family_id: &str,
                at: DateTime<Utc>,
            ) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE refresh_tokens SET revoked_at = $1 \
                     WHERE family_id = $2 AND revoked_at IS NULL",
                )
                .bind(at)
                .bind(family_id)
                .execute(&self.pool)
                .await
                .map(|_| ())
                .map_err(map)
            }

            async fn revoke_user_refresh_tokens(
                &self,
                user_id: UserId,
                at: DateTime<Utc>,
            ) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE refresh_tokens SET revoked_at = $1 \
                     WHERE user_id = $2 AND revoked_at IS NULL",
                )
                .bind(at)
                .bind(user_id)
                .execute(&self.pool)
                .await
                .map(|_| ())
                .map_err(map)
            }
        }

        #[async_trait]
        impl DeviceStore for $store {
            async fn create_device(&self, new: &NewDevice) -> StoreResult<Device> {
                let sql = format!(
                    "INSERT INTO devices (device_id, device_name, user_id, engine, created_at, \
                     updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING {DEVICE_COLUMNS}"
                );
                sqlx::query_as::<_, DeviceRow>(&sql)
                    .bind(&new.device_id)
                    .bind(&new.device_name)
                    .bind(new.user_id)
                    .bind(new.engine.as_str())
                    .bind(Utc::now())
                    .fetch_one(&self.pool)
                    .await
                    .map(Device::from)
                    .map_err(map)
            }

            async fn device(&self, device_id: &str) -> StoreResult<Option<Device>> {
                let sql = format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE device_id = $1");
                sqlx::query_as::<_, DeviceRow>(&sql)
                    .bind(device_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map(|r| r.map(Device::from))
                    .map_err(map)
            }

            async fn list_devices(&self, filter: &DeviceFilter) -> StoreResult<Page<Device>> {
                fn push_where<'a>(q: &mut QueryBuilder<'a, $db>, f: &'a DeviceFilter) {
                    q.push(" WHERE 1 = 1");
                    if let Some(owner) = f.owner {
                        q.push(" AND user_id = ").push_bind(owner);
                    }
                    if let Some(status) = f.status {
                        q.push(" AND status = ").push_bind(status.as_str());
                    }
                    if let Some(term) = &f.search {
                        let pattern = contains_pattern(term);
                        q.push(" AND (lower(device_id) LIKE ")
                            .push_bind(pattern.clone())
                            .push(" ESCAPE '\\' OR lower(device_name) LIKE ")
                            .push_bind(pattern)
                            .push(" ESCAPE '\\')");
                    }
                }
                crate::paging::page::<_, DeviceRow, Device>(
                    &self.pool,
                    "SELECT COUNT(*) FROM devices",
                    &format!("SELECT {DEVICE_COLUMNS} FROM devices"),
                    |q| push_where(q, filter),
                    "ORDER BY id",
                    filter.page,
                )
                .await
            }

            async fn count_user_devices(&self, user_id: UserId) -> StoreResult<i64> {
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM devices WHERE user_id = $1")
                    .bind(user_id)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(map)
            }

            async fn delete_device(&self, device_id: &str) -> StoreResult<bool> {
                sqlx::query("DELETE FROM devices WHERE device_id = $1")
                    .bind(device_id)
                    .execute(&self.pool)
                    .await
                    .map(|r| r.rows_affected() == 1)
                    .map_err(map)
            }

            async fn update_device_state(
                &self,
                device_id: &str,
                st: &DeviceState,
            ) -> StoreResult<Option<gerbang_core::event::Event>> {
                let select = format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE device_id = $1");
                let mut tx = crate::WriteBegin::begin_write(&self.pool).await.map_err(map)?;
                crate::cluster::check_once::<$db>(&self.fences, &mut *tx, &mut Vec::new(), device_id)
                    .await
                    .map_err(map)?;
                // A write first: it takes SQLite's write lock (and PostgreSQL's row lock) before
                // the read, so no other change can slip in between `before` and the update.
                sqlx::query("UPDATE devices SET updated_at = updated_at WHERE device_id = $1")
                    .bind(device_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
                let Some(before) = sqlx::query_as::<_, DeviceRow>(&select)
                    .bind(device_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(map)?
                else {
                    return Ok(None);
                };
                let mut q = QueryBuilder::<$db>::new("UPDATE devices SET updated_at = ");
                q.push_bind(Utc::now());
                if let Some(status) = st.status {
                    q.push(", status = ").push_bind(status.as_str());
                }
                if let Some(phone) = &st.phone_number {
                    q.push(", phone_number = ").push_bind(phone.clone());
                }
                if let Some(name) = &st.push_name {
                    q.push(", push_name = ").push_bind(crate::text::clean_opt(name));
                }
                if let Some(seen) = st.last_seen {
                    q.push(", last_seen = ").push_bind(seen);
                }
                if let Some(reason) = &st.last_disconnect_reason {
                    q.push(", last_disconnect_reason = ").push_bind(crate::text::clean_opt(reason));
                }
                if let Some(until) = st.banned_until {
                    q.push(", banned_until = ").push_bind(until);
                }
                q.push(" WHERE device_id = ").push_bind(device_id);
                q.build().execute(&mut *tx).await.map_err(map)?;
                let after = sqlx::query_as::<_, DeviceRow>(&select)
                    .bind(device_id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(map)?;
                let (before, after) = (Device::from(before), Device::from(after));
                let event = if before.looks_like(&after) {
                    None
                } else {
                    let event = crate::events::append_in(&mut tx, &after.status_event()).await?;
                    Some(event)
                };
                tx.commit().await.map_err(map)?;
                Ok(event)
            }

            async fn set_auto_connect(&self, device_id: &str, on: bool) -> StoreResult<()> {
                sqlx::query("UPDATE devices SET auto_connect = $1 WHERE device_id = $2")
                    .bind(on)
                    .bind(device_id)
                    .execute(&self.pool)
                    .await
                    .map(|_| ())
                    .map_err(map)
            }

            async fn auto_connect_devices(&self) -> StoreResult<Vec<Device>> {
                let sql = format!(
                    "SELECT {DEVICE_COLUMNS} FROM devices WHERE auto_connect ORDER BY id"
                );
                sqlx::query_as::<_, DeviceRow>(&sql)
                    .fetch_all(&self.pool)
                    .await
                    .map(|rows| rows.into_iter().map(Device::from).collect())
                    .map_err(map)
            }
        }

        #[async_trait]
        impl SessionStore for $store {
            async fn load_session(
                &self,
                device_id: &str,
                engine: EngineKind,
            ) -> StoreResult<Option<Vec<u8>>> {
                sqlx::query_scalar::<_, Vec<u8>>(
                    "SELECT data FROM engine_sessions WHERE device_id = $1 AND engine = $2",
                )
                .bind(device_id)
                .bind(engine.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(map)
            }

            async fn save_session(
                &self,
                device_id: &str,
                engine: EngineKind,
                data: &[u8],
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO engine_sessions (device_id, engine, data, updated_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (device_id) DO UPDATE \
                     SET engine = excluded.engine, data = excluded.data, \
                     updated_at = excluded.updated_at",
                )
                .bind(device_id)
                .bind(engine.as_str())
                .bind(data)
                .bind(Utc::now())
                .execute(&self.pool)
                .await
                .map(|_| ())
                .map_err(map)
            }

            async fn delete_session(&self, device_id: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM engine_sessions WHERE device_id = $1")
                    .bind(device_id)
                    .execute(&self.pool)
                    .await
                    .map(|_| ())
                    .map_err(map)
            }
        }

        #[async_trait]
        impl ApiKeyStore for $store {
            async fn create_api_key(&self, new: &NewApiKey) -> StoreResult<ApiKey> {
                let sql = format!(
                    "INSERT INTO api_keys (device_id, name, prefix, key_hash, created_by, \
                     created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING {API_KEY_COLUMNS}"
                );
                sqlx::query_as::<_, ApiKeyRow>(&sql)
                    .bind(&new.device_id)
                    .bind(&new.name)
                    .bind(&new.prefix)
                    .bind(&new.key_hash)
                    .bind(new.created_by)
                    .bind(Utc::now())
                    .fetch_one(&self.pool)
                    .await
                    .map(ApiKey::from)
                    .map_err(map)
            }

            async fn list_api_keys(&self, device_id: &str) -> StoreResult<Vec<ApiKey>> {
                let sql = format!(
                    "SELECT {API_KEY_COLUMNS} FROM api_keys \
                     WHERE device_id = $1 AND revoked_at IS NULL ORDER BY id"
                );
                sqlx::query_as::<_, ApiKeyRow>(&sql)
                    .bind(device_id)
                    .fetch_all(&self.pool)
                    .await
                    .map(|rows| rows.into_iter().map(ApiKey::from).collect())
                    .map_err(map)
            }

            async fn revoke_api_key(&self, device_id: &str, key_id: i64) -> StoreResult<bool> {
                sqlx::query(
                    "UPDATE api_keys SET revoked_at = $1 \
                     WHERE id = $2 AND device_id = $3 AND revoked_at IS NULL",
                )
                .bind(Utc::now())
                .bind(key_id)
                .bind(device_id)
                .execute(&self.pool)
                .await
                .map(|r| r.rows_affected() == 1)
                .map_err(map)
            }

            async fn api_key_by_hash(
                &self,
                key_hash: &str,
            ) -> StoreResult<Option<(ApiKey, UserId)>> {
                #[derive(sqlx::FromRow)]
                struct KeyWithOwner {
                    #[sqlx(flatten)]
                    key: ApiKeyRow,
                    owner_id: i64,
                }
                let sql = format!(
                    "SELECT {API_KEY_COLUMNS}, devices.user_id AS owner_id FROM api_keys \
                     JOIN devices ON devices.device_id = api_keys.device_id \
                     WHERE api_keys.key_hash = $1 AND api_keys.revoked_at IS NULL"
                );
                sqlx::query_as::<_, KeyWithOwner>(&sql)
                    .bind(key_hash)
                    .fetch_optional(&self.pool)
                    .await
                    .map(|r| r.map(|r| (ApiKey::from(r.key), r.owner_id)))
                    .map_err(map)
            }

            async fn touch_api_key(&self, key_id: i64, at: DateTime<Utc>) -> StoreResult<()> {
                sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
                    .bind(at)
                    .bind(key_id)
                    .execute(&self.pool)
                    .await
                    .map(|_| ())
                    .map_err(map)
            }
        }

        #[async_trait]
        impl AuditStore for $store {
            async fn append_audit(&self, e: &NewAuditEntry) -> StoreResult<AuditEntry> {
                let sql = format!(
                    "INSERT INTO audit_logs (actor_id, actor_username, action, target_type, \
                     target_id, details, ip, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                     RETURNING {AUDIT_COLUMNS}"
                );
                sqlx::query_as::<_, AuditRow>(&sql)
                    .bind(e.actor_id)
                    .bind(&e.actor_username)
                    .bind(&e.action)
                    .bind(&e.target_type)
                    .bind(&e.target_id)
                    .bind(Json(&e.details))
                    .bind(&e.ip)
                    .bind(Utc::now())
                    .fetch_one(&self.pool)
                    .await
                    .map(AuditEntry::from)
                    .map_err(map)
            }

            async fn list_audit(&self, filter: &AuditFilter) -> StoreResult<Page<AuditEntry>> {
                fn push_where<'a>(q: &mut QueryBuilder<'a, $db>, f: &'a AuditFilter) {
                    q.push(" WHERE 1 = 1");
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
                        q.push(" AND created_at <= ").push_bind(to);
                    }
                }
                crate::paging::page::<_, AuditRow, AuditEntry>(
                    &self.pool,
                    "SELECT COUNT(*) FROM audit_logs",
                    &format!("SELECT {AUDIT_COLUMNS} FROM audit_logs"),
                    |q| push_where(q, filter),
                    "ORDER BY id DESC",
                    filter.page,
                )
                .await
            }

            async fn audit_filter_values(&self) -> StoreResult<AuditFilterValues> {
                let actions = sqlx::query_scalar::<_, String>(
                    "SELECT DISTINCT action FROM audit_logs ORDER BY action",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(map)?;
                let target_types = sqlx::query_scalar::<_, String>(
                    "SELECT DISTINCT target_type FROM audit_logs ORDER BY target_type",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(map)?;
                let actors = sqlx::query_as::<_, (Option<i64>, String)>(
                    "SELECT DISTINCT actor_id, actor_username FROM audit_logs \
                     ORDER BY actor_username",
                )
                .fetch_all(&self.pool)
                .await
                .map_err(map)?
                .into_iter()
                .map(|(id, username)| AuditActor { id, username })
                .collect();
                Ok(AuditFilterValues {
                    actions,
                    target_types,
                    actors,
                })
            }
        }
    };
}

pub(crate) use store_impl;
