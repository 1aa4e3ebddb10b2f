//! The default device per user and the global one, in SQL both backends read alike.

/// `global`, or `user:<id>`: one primary key for both kinds of row, so an upsert covers both.
pub(crate) fn scope(user: Option<i64>) -> String {
    match user {
        Some(id) => format!("user:{id}"),
        None => "global".to_string(),
    }
}

macro_rules! default_device_store_impl {
    ($store:ty) => {
        use async_trait::async_trait;
        use gerbang_core::store::DefaultDeviceStore;
        use gerbang_core::user::UserId;
        use gerbang_core::StoreResult;

        use crate::default_devices::scope;
        use crate::errors::map;

        #[async_trait]
        impl DefaultDeviceStore for $store {
            async fn default_device(&self, user: Option<UserId>) -> StoreResult<Option<String>> {
                sqlx::query_scalar::<_, String>(
                    "SELECT device_id FROM default_devices WHERE scope = $1",
                )
                .bind(scope(user))
                .fetch_optional(&self.pool)
                .await
                .map_err(map)
            }

            async fn set_default_device(
                &self,
                user: Option<UserId>,
                device_id: Option<&str>,
            ) -> StoreResult<()> {
                let q = match device_id {
                    None => sqlx::query("DELETE FROM default_devices WHERE scope = $1")
                        .bind(scope(user)),
                    Some(device_id) => sqlx::query(
                        "INSERT INTO default_devices (scope, user_id, device_id, updated_at) \
                         VALUES ($1, $2, $3, $4) ON CONFLICT (scope) DO UPDATE SET \
                         device_id = excluded.device_id, updated_at = excluded.updated_at",
                    )
                    .bind(scope(user))
                    .bind(user)
                    .bind(device_id)
                    .bind(chrono::Utc::now()),
                };
                q.execute(&self.pool).await.map(|_| ()).map_err(map)
            }
        }
    };
}

pub(crate) use default_device_store_impl;
