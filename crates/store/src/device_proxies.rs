//! A device's own proxy URL, in SQL both backends read alike.

macro_rules! device_proxy_store_impl {
    ($store:ty) => {
        use async_trait::async_trait;
        use gerbang_core::store::DeviceProxyStore;
        use gerbang_core::StoreResult;

        use crate::errors::map;

        #[async_trait]
        impl DeviceProxyStore for $store {
            async fn device_proxy(&self, device_id: &str) -> StoreResult<Option<String>> {
                sqlx::query_scalar::<_, String>(
                    "SELECT url FROM device_proxies WHERE device_id = $1",
                )
                .bind(device_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(map)
            }

            async fn set_device_proxy(
                &self,
                device_id: &str,
                url: Option<&str>,
            ) -> StoreResult<()> {
                let q = match url {
                    None => sqlx::query("DELETE FROM device_proxies WHERE device_id = $1")
                        .bind(device_id),
                    Some(url) => sqlx::query(
                        "INSERT INTO device_proxies (device_id, url, updated_at) \
                         VALUES ($1, $2, $3) ON CONFLICT (device_id) DO UPDATE SET \
                         url = excluded.url, updated_at = excluded.updated_at",
                    )
                    .bind(device_id)
                    .bind(url)
                    .bind(chrono::Utc::now()),
                };
                q.execute(&self.pool).await.map(|_| ()).map_err(map)
            }
        }
    };
}

pub(crate) use device_proxy_store_impl;
