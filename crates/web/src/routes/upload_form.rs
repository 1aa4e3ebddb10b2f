//! A `multipart/form-data` upload: one `file` part and text fields, read the same way by every
//! route that takes a file (`send-media`, a status photo).

use axum::extract::Multipart;
use axum::http::StatusCode;

use crate::error::{ApiError, ApiResult};

pub(crate) struct UploadedFile {
    pub data: Vec<u8>,
    /// As declared, else guessed from the file name.
    pub mime: String,
    pub name: Option<String>,
}

pub(crate) struct UploadForm {
    pub file: Option<UploadedFile>,
    /// The text fields in order, by name.
    pub fields: Vec<(String, String)>,
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        "the upload is too large",
    )
}

pub(crate) async fn read(request: axum::extract::Request) -> ApiResult<UploadForm> {
    use axum::extract::FromRequest;
    let mut form = Multipart::from_request(request, &()).await.map_err(|_| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the media as multipart/form-data with a `file` part",
        )
    })?;
    let mut out = UploadForm {
        file: None,
        fields: Vec::new(),
    };
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(e) => {
                return Err(ApiError::bad_request(
                    "bad_request",
                    format!("unreadable form: {}", e.body_text()),
                ))
            }
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = field.file_name().map(str::to_string);
            let declared = field.content_type().map(str::to_string);
            let data = field.bytes().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    too_large()
                } else {
                    ApiError::bad_request("bad_request", "the file could not be read")
                }
            })?;
            let mime = declared
                .filter(|m| m != "application/octet-stream")
                .or_else(|| {
                    file_name
                        .as_deref()
                        .and_then(|n| mime_guess::from_path(n).first_raw().map(str::to_string))
                })
                .unwrap_or_else(|| "application/octet-stream".into());
            out.file = Some(UploadedFile {
                data: data.to_vec(),
                mime,
                name: file_name,
            });
            continue;
        }
        let text = field
            .text()
            .await
            .map_err(|_| ApiError::invalid_field(name.clone(), "must be text"))?;
        crate::extract::refuse_nul(&name, &text)?;
        out.fields.push((name, text));
    }
    Ok(out)
}
