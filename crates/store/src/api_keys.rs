//! A device's API keys: only their hashes are kept; a revoked key stays as a row.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::device::{ApiKey, NewApiKey};
use gerbang_core::store::ApiKeyStore;
use gerbang_core::user::UserId;
use gerbang_core::StoreResult;

use crate::db::query;
use crate::SqlStore;

const API_KEY_COLUMNS: &str =
    "api_keys.id, api_keys.device_id, api_keys.name, api_keys.prefix, api_keys.created_by, \
     api_keys.created_at, api_keys.last_used_at";

#[derive(sqlx::FromRow)]
struct ApiKeyRow {
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

/// A key with the user who owns its device.
#[derive(sqlx::FromRow)]
struct KeyWithOwner {
    #[sqlx(flatten)]
    key: ApiKeyRow,
    owner_id: i64,
}

#[async_trait]
impl<B: sqlx::Database> ApiKeyStore for SqlStore<B> {
    async fn create_api_key(&self, new: &NewApiKey) -> StoreResult<ApiKey> {
        query(format!(
            "INSERT INTO api_keys (device_id, name, prefix, key_hash, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING {API_KEY_COLUMNS}"
        ))
        .bind(&new.device_id)
        .bind(&new.name)
        .bind(&new.prefix)
        .bind(&new.key_hash)
        .bind(new.created_by)
        .bind(Utc::now())
        .fetch_one::<ApiKeyRow>(&self.db)
        .await
        .map(ApiKey::from)
    }

    async fn list_api_keys(&self, device_id: &str) -> StoreResult<Vec<ApiKey>> {
        query(format!(
            "SELECT {API_KEY_COLUMNS} FROM api_keys \
             WHERE device_id = $1 AND revoked_at IS NULL ORDER BY id"
        ))
        .bind(device_id)
        .fetch_all::<ApiKeyRow>(&self.db)
        .await
        .map(|rows| rows.into_iter().map(ApiKey::from).collect())
    }

    async fn revoke_api_key(&self, device_id: &str, key_id: i64) -> StoreResult<bool> {
        query(
            "UPDATE api_keys SET revoked_at = $1 \
             WHERE id = $2 AND device_id = $3 AND revoked_at IS NULL",
        )
        .bind(Utc::now())
        .bind(key_id)
        .bind(device_id)
        .execute(&self.db)
        .await
        .map(|n| n == 1)
    }

    async fn api_key_by_hash(&self, key_hash: &str) -> StoreResult<Option<(ApiKey, UserId)>> {
        query(format!(
            "SELECT {API_KEY_COLUMNS}, devices.user_id AS owner_id FROM api_keys \
             JOIN devices ON devices.device_id = api_keys.device_id \
             WHERE api_keys.key_hash = $1 AND api_keys.revoked_at IS NULL"
        ))
        .bind(key_hash)
        .fetch_optional::<KeyWithOwner>(&self.db)
        .await
        .map(|r| r.map(|r| (ApiKey::from(r.key), r.owner_id)))
    }

    async fn touch_api_key(&self, key_id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
            .bind(at)
            .bind(key_id)
            .execute(&self.db)
            .await
            .map(|_| ())
    }
}
