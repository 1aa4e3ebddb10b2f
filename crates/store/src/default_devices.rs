//! The default device per user and the global one.

use async_trait::async_trait;
use chrono::Utc;
use gerbang_core::store::DefaultDeviceStore;
use gerbang_core::user::UserId;
use gerbang_core::StoreResult;

use crate::db::query;
use crate::SqlStore;

/// `global`, or `user:<id>`: one primary key for both kinds of row, so an upsert covers both.
fn scope(user: Option<i64>) -> String {
    match user {
        Some(id) => format!("user:{id}"),
        None => "global".to_string(),
    }
}

#[async_trait]
impl<B: sqlx::Database> DefaultDeviceStore for SqlStore<B> {
    async fn default_device(&self, user: Option<UserId>) -> StoreResult<Option<String>> {
        query("SELECT device_id FROM default_devices WHERE scope = $1")
            .bind(scope(user))
            .scalar_optional(&self.db)
            .await
    }

    async fn set_default_device(
        &self,
        user: Option<UserId>,
        device_id: Option<&str>,
    ) -> StoreResult<()> {
        let q = match device_id {
            None => query("DELETE FROM default_devices WHERE scope = $1").bind(scope(user)),
            Some(device_id) => query(
                "INSERT INTO default_devices (scope, user_id, device_id, updated_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (scope) DO UPDATE SET \
                 device_id = excluded.device_id, updated_at = excluded.updated_at",
            )
            .bind(scope(user))
            .bind(user)
            .bind(device_id)
            .bind(Utc::now()),
        };
        q.execute(&self.db).await.map(|_| ())
    }
}
