//! A device's call settings, in SQL both backends read alike.

macro_rules! call_settings_store_impl {
    ($store:ty) => {
        use async_trait::async_trait;
        use gerbang_core::store::{CallSettings, CallSettingsStore};
        use gerbang_core::StoreResult;

        use crate::errors::map;

        #[async_trait]
        impl CallSettingsStore for $store {
            async fn call_settings(&self, device_id: &str) -> StoreResult<CallSettings> {
                let row = sqlx::query_as::<_, (bool, Option<String>)>(
                    "SELECT reject_calls, reject_message FROM device_call_settings \
                     WHERE device_id = $1",
                )
                .bind(device_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(map)?;
                Ok(row
                    .map(|(reject_calls, reject_message)| CallSettings {
                        reject_calls,
                        reject_message,
                    })
                    .unwrap_or_default())
            }

            async fn set_call_settings(
                &self,
                device_id: &str,
                settings: &CallSettings,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO device_call_settings \
                     (device_id, reject_calls, reject_message, updated_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (device_id) DO UPDATE SET \
                     reject_calls = excluded.reject_calls, \
                     reject_message = excluded.reject_message, updated_at = excluded.updated_at",
                )
                .bind(device_id)
                .bind(settings.reject_calls)
                .bind(settings.reject_message.as_deref())
                .bind(chrono::Utc::now())
                .execute(&self.pool)
                .await
                .map(|_| ())
                .map_err(map)
            }
        }
    };
}

pub(crate) use call_settings_store_impl;
