//! Profile photos. The bytes are checked to be an image (by their signature, not by the type the
//! client claims) and kept small, since they are served back to anyone signed in as the user.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use gerbang_core::photo::Photo;
use gerbang_core::user::User;

use crate::{App, AppError, AppResult};

pub const MAX_PHOTO_BYTES: usize = 1024 * 1024;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhotoInfo {
    pub mime: String,
    pub size: usize,
    pub updated_at: DateTime<Utc>,
}

/// The image type the bytes begin with: PNG, JPEG or WebP.
pub fn sniff(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if data.len() >= 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

impl App {
    pub async fn set_profile_photo(&self, user: &User, data: &[u8]) -> AppResult<PhotoInfo> {
        if data.is_empty() {
            return Err(AppError::field("photo", "is empty"));
        }
        if data.len() > MAX_PHOTO_BYTES {
            return Err(AppError::PayloadTooLarge(format!(
                "a profile photo is at most {} KiB",
                MAX_PHOTO_BYTES / 1024
            )));
        }
        let mime = sniff(data)
            .ok_or_else(|| AppError::field("photo", "must be a PNG, JPEG or WebP image"))?;
        self.store.set_photo(user.id, mime, data).await?;
        Ok(PhotoInfo {
            mime: mime.to_string(),
            size: data.len(),
            updated_at: Utc::now(),
        })
    }

    pub async fn profile_photo(&self, user: &User) -> AppResult<Photo> {
        self.store
            .photo(user.id)
            .await?
            .ok_or(AppError::NotFound("photo"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_known_by_their_signature() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"<svg onload=alert(1)>"), None);
        assert_eq!(sniff(b""), None);
    }
}
