//! A device's own proxy URL.

use async_trait::async_trait;
use chrono::Utc;
use gerbang_core::store::DeviceProxyStore;
use gerbang_core::StoreResult;

use crate::db::{query, Db};
use crate::SqlStore;

/// The device's proxy URL, if it has one (also read by the real engine's session handle).
pub(crate) async fn proxy_url(db: &Db, device_id: &str) -> StoreResult<Option<String>> {
    query("SELECT url FROM device_proxies WHERE device_id = $1")
        .bind(device_id)
        .scalar_optional(db)
        .await
}

#[async_trait]
impl<B: sqlx::Database> DeviceProxyStore for SqlStore<B> {
    async fn device_proxy(&self, device_id: &str) -> StoreResult<Option<String>> {
        proxy_url(&self.db, device_id).await
    }

    async fn set_device_proxy(&self, device_id: &str, url: Option<&str>) -> StoreResult<()> {
        let q = match url {
            None => query("DELETE FROM device_proxies WHERE device_id = $1").bind(device_id),
            Some(url) => query(
                "INSERT INTO device_proxies (device_id, url, updated_at) \
                 VALUES ($1, $2, $3) ON CONFLICT (device_id) DO UPDATE SET \
                 url = excluded.url, updated_at = excluded.updated_at",
            )
            .bind(device_id)
            .bind(url)
            .bind(Utc::now()),
        };
        q.execute(&self.db).await.map(|_| ())
    }
}
