//! `send_media`: a file from a URL (the API's JSON form) or inline as base64 (the upload form).
//! Both end in the same service call as `send-media`, so limits and checks are the API's.

use base64::Engine as _;
use gerbang_app::messages::{mime_from_name, MediaUpload};
use gerbang_app::{media, App, AppError, AppResult, Principal};
use serde_json::json;

use super::tools::{input, SendMediaArgs};

/// The largest base64 text worth decoding: the biggest file WhatsApp takes (a document), encoded.
pub(super) const MAX_BASE64_LEN: usize = media_b64_len(100 * 1024 * 1024);

const fn media_b64_len(bytes: usize) -> usize {
    bytes.div_ceil(3) * 4
}

pub(super) async fn send(
    app: &App,
    who: &Principal,
    device: &str,
    a: SendMediaArgs,
) -> AppResult<gerbang_app::messages::SendResult> {
    match (a.url, a.data) {
        (Some(_), Some(_)) => Err(AppError::field("data", "give either url or data, not both")),
        (None, None) => Err(AppError::field(
            "url",
            "give a url to download, or the file as base64 data",
        )),
        (Some(url), None) => {
            let i = input(json!({
                "phone": a.phone, "url": url, "caption": a.caption, "fileName": a.file_name
            }))?;
            app.send_media_url(who, device, i).await
        }
        (None, Some(data)) => {
            let mime = a
                .mime_type
                .filter(|m| !m.trim().is_empty())
                .or_else(|| a.file_name.as_deref().and_then(mime_from_name))
                .ok_or_else(|| {
                    AppError::field("mime_type", "required with data (e.g. image/png)")
                })?;
            let kind = media::kind_for(&mime);
            let cap = media::max_size(kind);
            // Refuse by length before decoding: the text is 4/3 of the file.
            if data.len() > media_b64_len(cap) {
                return Err(AppError::field(
                    "data",
                    format!(
                        "{} files may be at most {} MiB",
                        kind.as_str(),
                        cap / (1024 * 1024)
                    ),
                ));
            }
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(data.trim())
                .map_err(|e| AppError::field("data", format!("not valid base64: {e}")))?;
            let upload = MediaUpload {
                to: a.phone,
                kind: None,
                caption: a.caption,
                voice_note: false,
                file_name: a.file_name,
                mime,
                data: bytes,
                reply_to: None,
            };
            app.send_media(who, device, upload)
                .await
                .map_err(name_fields)
        }
    }
}

/// The upload's checks speak of `file` and answer 413/415 in HTTP; a tool error names the argument.
fn name_fields(e: AppError) -> AppError {
    match e {
        AppError::PayloadTooLarge(why) => AppError::field("data", why),
        AppError::UnsupportedMediaType(why) => AppError::field("mime_type", why),
        other => super::tools::rename(other, "file", "data"),
    }
}
