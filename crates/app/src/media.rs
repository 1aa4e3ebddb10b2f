//! Media files, stored once by content hash under the data directory.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use gerbang_core::engine::MediaKind;
use gerbang_core::message::MediaInfo;

use crate::{AppError, AppResult};

#[derive(Debug, Clone)]
pub struct MediaStore {
    root: PathBuf,
}

impl MediaStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, sha256: &str) -> PathBuf {
        self.root.join(&sha256[..2]).join(sha256)
    }

    /// Writes the bytes (once per content) and describes them.
    pub async fn put(
        &self,
        data: &[u8],
        mime: &str,
        file_name: Option<String>,
    ) -> AppResult<MediaInfo> {
        let sha256 = hex::encode(Sha256::digest(data));
        let path = self.path(&sha256);
        if tokio::fs::metadata(&path).await.is_err() {
            let dir = path.parent().unwrap_or(&self.root);
            tokio::fs::create_dir_all(dir).await.map_err(io_error)?;
            // Write aside and rename, so a crash never leaves a half file under the final name.
            let tmp = dir.join(format!(".{sha256}.{}", std::process::id()));
            tokio::fs::write(&tmp, data).await.map_err(io_error)?;
            tokio::fs::rename(&tmp, &path).await.map_err(io_error)?;
        }
        Ok(MediaInfo {
            sha256,
            mime: effective_mime(Some(mime), data),
            size: data.len() as i64,
            file_name,
        })
    }

    /// The stored bytes; `None` for a hash we do not have (or one that is not a hash).
    pub async fn get(&self, sha256: &str) -> AppResult<Option<Vec<u8>>> {
        if sha256.len() != 64 || !sha256.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(None);
        }
        match tokio::fs::read(self.path(&sha256.to_ascii_lowercase())).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_error(e)),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// The media type to record and serve: the declared one, unless it is missing or generic
/// (`application/octet-stream`), then what the bytes' magic number says.
pub fn effective_mime(declared: Option<&str>, data: &[u8]) -> String {
    let declared = declared
        .map(|m| m.split(';').next().unwrap_or(m).trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty() && m != GENERIC && m.contains('/'));
    declared
        .or_else(|| infer::get(data).map(|t| t.mime_type().to_string()))
        .unwrap_or_else(|| GENERIC.to_string())
}

const GENERIC: &str = "application/octet-stream";

fn io_error(e: std::io::Error) -> AppError {
    AppError::Internal(format!("media storage: {e}"))
}

/// WhatsApp's own limits per kind, in bytes.
pub fn max_size(kind: MediaKind) -> usize {
    const MIB: usize = 1024 * 1024;
    match kind {
        MediaKind::Image => 16 * MIB,
        MediaKind::Video => 64 * MIB,
        MediaKind::Audio | MediaKind::Voice => 16 * MIB,
        MediaKind::Sticker => MIB,
        MediaKind::Document => 100 * MIB,
    }
}

/// The content types WhatsApp accepts for each kind (documents take anything).
pub fn accepts(kind: MediaKind, mime: &str) -> bool {
    let mime = mime
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match kind {
        MediaKind::Image => matches!(mime.as_str(), "image/jpeg" | "image/png" | "image/webp"),
        MediaKind::Video => matches!(mime.as_str(), "video/mp4" | "video/3gpp"),
        MediaKind::Audio => {
            matches!(
                mime.as_str(),
                "audio/aac" | "audio/mp4" | "audio/mpeg" | "audio/amr" | "audio/ogg"
            )
        }
        MediaKind::Voice => matches!(mime.as_str(), "audio/ogg" | "audio/opus"),
        MediaKind::Sticker => mime == "image/webp",
        MediaKind::Document => !mime.is_empty(),
    }
}

/// The kind a content type suggests when the client names none.
pub fn kind_for(mime: &str) -> MediaKind {
    let mime = mime.to_ascii_lowercase();
    if mime.starts_with("image/") {
        MediaKind::Image
    } else if mime.starts_with("video/") {
        MediaKind::Video
    } else if mime.starts_with("audio/") {
        MediaKind::Audio
    } else {
        MediaKind::Document
    }
}

/// Checks size and type; `413` and `415` as the API promises.
pub fn check(kind: MediaKind, mime: &str, len: usize) -> AppResult<()> {
    if len == 0 {
        return Err(AppError::field("file", "the file is empty"));
    }
    if len > max_size(kind) {
        return Err(AppError::PayloadTooLarge(format!(
            "{} files may be at most {} MiB",
            kind.as_str(),
            max_size(kind) / (1024 * 1024)
        )));
    }
    if !accepts(kind, mime) {
        return Err(AppError::UnsupportedMediaType(format!(
            "WhatsApp does not accept {mime:?} as {}",
            kind.as_str()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_types() {
        assert!(check(MediaKind::Image, "image/png", 10).is_ok());
        assert!(matches!(
            check(MediaKind::Image, "application/pdf", 10),
            Err(AppError::UnsupportedMediaType(_))
        ));
        assert!(matches!(
            check(MediaKind::Sticker, "image/webp", 2 << 20),
            Err(AppError::PayloadTooLarge(_))
        ));
        assert!(check(MediaKind::Document, "application/pdf", 50 << 20).is_ok());
        assert!(check(MediaKind::Voice, "audio/ogg; codecs=opus", 100).is_ok());
        assert_eq!(kind_for("video/mp4"), MediaKind::Video);
    }

    #[tokio::test]
    async fn stores_by_content_hash() {
        let dir = std::env::temp_dir().join(format!("gerbang-media-{}", std::process::id()));
        let store = MediaStore::new(&dir);
        let a = store.put(b"hello", "text/plain", None).await.unwrap();
        let b = store
            .put(b"hello", "text/plain", Some("x.txt".into()))
            .await
            .unwrap();
        assert_eq!(a.sha256, b.sha256);
        assert_eq!(store.get(&a.sha256).await.unwrap().unwrap(), b"hello");
        assert!(store.get("../../etc/passwd").await.unwrap().is_none());
        assert!(store.get(&"0".repeat(64)).await.unwrap().is_none());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
