//! Refresh tokens: one row per token handed out, spent once, revoked by family or by user.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::store::RefreshTokenStore;
use gerbang_core::user::{RefreshToken, UserId};
use gerbang_core::StoreResult;

use crate::db::query;
use crate::SqlStore;

#[derive(sqlx::FromRow)]
struct RefreshRow {
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

#[async_trait]
impl<B: sqlx::Database> RefreshTokenStore for SqlStore<B> {
    async fn insert_refresh_token(
        &self,
        token_hash: &str,
        user_id: UserId,
        family_id: &str,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        query(
            "INSERT INTO refresh_tokens (token_hash, user_id, family_id, expires_at, \
             created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(family_id)
        .bind(expires_at)
        .bind(Utc::now())
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn refresh_token(&self, token_hash: &str) -> StoreResult<Option<RefreshToken>> {
        query(
            "SELECT id, user_id, family_id, expires_at, used_at, revoked_at \
             FROM refresh_tokens WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional::<RefreshRow>(&self.db)
        .await
        .map(|r| r.map(RefreshToken::from))
    }

    async fn spend_refresh_token(&self, id: i64, at: DateTime<Utc>) -> StoreResult<bool> {
        query(
            "UPDATE refresh_tokens SET used_at = $1 \
             WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL",
        )
        .bind(at)
        .bind(id)
        .execute(&self.db)
        .await
        .map(|n| n == 1)
    }

    async fn revoke_refresh_family(&self, family_id: &str, at: DateTime<Utc>) -> StoreResult<()> {
        query(
            "UPDATE refresh_tokens SET revoked_at = $1 \
             WHERE family_id = $2 AND revoked_at IS NULL",
        )
        .bind(at)
        .bind(family_id)
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn revoke_user_refresh_tokens(
        &self,
        user_id: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        query(
            "UPDATE refresh_tokens SET revoked_at = $1 \
             WHERE user_id = $2 AND revoked_at IS NULL",
        )
        .bind(at)
        .bind(user_id)
        .execute(&self.db)
        .await
        .map(|_| ())
    }
}
