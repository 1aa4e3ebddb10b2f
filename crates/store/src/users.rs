//! Users: accounts, their roles and password hashes.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::store::UserStore;
use gerbang_core::user::{NewUser, User, UserFilter, UserId, UserPatch};
use gerbang_core::{Page, StoreResult};

use crate::db::{query, Query};
use crate::rows::{contains_pattern, UserRow, USER_COLUMNS};
use crate::SqlStore;

/// The `WHERE …` of a user listing.
fn user_filter<'q>(q: &mut Query<'q>, f: &'q UserFilter) {
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

#[async_trait]
impl<B: sqlx::Database> UserStore for SqlStore<B> {
    async fn create_user(&self, new: &NewUser) -> StoreResult<User> {
        query(format!(
            "INSERT INTO users (username, email, full_name, password_hash, role, \
             is_active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
             RETURNING {USER_COLUMNS}"
        ))
        .bind(&new.username)
        .bind(&new.email)
        .bind(&new.full_name)
        .bind(&new.password_hash)
        .bind(new.role.as_str())
        .bind(new.is_active)
        .bind(Utc::now())
        .fetch_one::<UserRow>(&self.db)
        .await
        .map(User::from)
    }

    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        query(format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional::<UserRow>(&self.db)
            .await
            .map(|r| r.map(User::from))
    }

    async fn user_by_login(&self, login: &str) -> StoreResult<Option<User>> {
        query(format!(
            "SELECT {USER_COLUMNS} FROM users \
             WHERE lower(username) = lower($1) OR lower(email) = lower($1)"
        ))
        .bind(login)
        .fetch_optional::<UserRow>(&self.db)
        .await
        .map(|r| r.map(User::from))
    }

    async fn password_hash(&self, id: UserId) -> StoreResult<Option<String>> {
        query("SELECT password_hash FROM users WHERE id = $1")
            .bind(id)
            .scalar_optional(&self.db)
            .await
    }

    async fn update_user(&self, id: UserId, patch: &UserPatch) -> StoreResult<Option<User>> {
        let mut q = query("UPDATE users SET updated_at = ");
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
        q.push(format_args!(" RETURNING {USER_COLUMNS}"));
        q.fetch_optional::<UserRow>(&self.db)
            .await
            .map(|r| r.map(User::from))
    }

    async fn set_password(&self, id: UserId, hash: &str) -> StoreResult<bool> {
        query(
            "UPDATE users SET password_hash = $1, token_version = token_version + 1, \
             updated_at = $2 WHERE id = $3",
        )
        .bind(hash)
        .bind(Utc::now())
        .bind(id)
        .execute(&self.db)
        .await
        .map(|n| n == 1)
    }

    async fn record_login(&self, id: UserId, at: DateTime<Utc>) -> StoreResult<()> {
        query("UPDATE users SET last_login = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&self.db)
            .await
            .map(|_| ())
    }

    async fn delete_user(&self, id: UserId) -> StoreResult<bool> {
        query("DELETE FROM users WHERE id = $1")
            .bind(id)
            .execute(&self.db)
            .await
            .map(|n| n == 1)
    }

    async fn list_users(&self, filter: &UserFilter) -> StoreResult<Page<User>> {
        crate::paging::page::<UserRow, User>(
            &self.db,
            "SELECT COUNT(*) FROM users",
            &format!("SELECT {USER_COLUMNS} FROM users"),
            |q| user_filter(q, filter),
            "ORDER BY id",
            filter.page,
        )
        .await
    }

    async fn count_users(&self) -> StoreResult<i64> {
        query("SELECT COUNT(*) FROM users").scalar(&self.db).await
    }

    async fn count_admins(&self, active_only: bool) -> StoreResult<i64> {
        query("SELECT COUNT(*) FROM users WHERE role = 'admin' AND (is_active OR NOT $1)")
            .bind(active_only)
            .scalar(&self.db)
            .await
    }
}
