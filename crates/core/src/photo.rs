//! Profile photos: one small image per user.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::user::UserId;
use crate::StoreResult;

#[derive(Debug, Clone)]
pub struct Photo {
    pub mime: String,
    pub data: Vec<u8>,
    pub updated_at: DateTime<Utc>,
}

#[async_trait]
pub trait PhotoStore: Send + Sync {
    /// Replaces the user's photo.
    async fn set_photo(&self, user_id: UserId, mime: &str, data: &[u8]) -> StoreResult<()>;
    async fn photo(&self, user_id: UserId) -> StoreResult<Option<Photo>>;
}
