//! Profile photos.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::photo::{Photo, PhotoStore};
use gerbang_core::StoreResult;

use crate::db::query;
use crate::SqlStore;

#[async_trait]
impl<B: sqlx::Database> PhotoStore for SqlStore<B> {
    async fn set_photo(&self, user_id: i64, mime: &str, data: &[u8]) -> StoreResult<()> {
        query(
            "INSERT INTO user_photos (user_id, mime, data, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET \
             mime = excluded.mime, data = excluded.data, updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(mime)
        .bind(data)
        .bind(Utc::now())
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn photo(&self, user_id: i64) -> StoreResult<Option<Photo>> {
        let row = query("SELECT mime, data, updated_at FROM user_photos WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional::<(String, Vec<u8>, DateTime<Utc>)>(&self.db)
            .await?;
        Ok(row.map(|(mime, data, updated_at)| Photo {
            mime,
            data,
            updated_at,
        }))
    }
}
