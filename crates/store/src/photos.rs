//! Profile photos, in SQL both backends read alike.

macro_rules! photo_store_impl {
    ($store:ty) => {
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use gerbang_core::photo::{Photo, PhotoStore};
        use gerbang_core::StoreResult;

        use crate::errors::map;

        #[async_trait]
        impl PhotoStore for $store {
            async fn set_photo(&self, user_id: i64, mime: &str, data: &[u8]) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO user_photos (user_id, mime, data, updated_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET \
                     mime = excluded.mime, data = excluded.data, updated_at = excluded.updated_at",
                )
                .bind(user_id)
                .bind(mime)
                .bind(data)
                .bind(Utc::now())
                .execute(&self.pool)
                .await
                .map(|_| ())
                .map_err(map)
            }

            async fn photo(&self, user_id: i64) -> StoreResult<Option<Photo>> {
                let row: Option<(String, Vec<u8>, DateTime<Utc>)> = sqlx::query_as(
                    "SELECT mime, data, updated_at FROM user_photos WHERE user_id = $1",
                )
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(map)?;
                Ok(row.map(|(mime, data, updated_at)| Photo {
                    mime,
                    data,
                    updated_at,
                }))
            }
        }
    };
}

pub(crate) use photo_store_impl;
