//! The caller's profile photo.

use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::photos::{PhotoInfo, MAX_PHOTO_BYTES};

use crate::auth::UserAuth;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_photo, photo))
        // Room for the photo and the multipart envelope; the service enforces the real limit.
        .layer(DefaultBodyLimit::max(MAX_PHOTO_BYTES + 64 * 1024))
}

/// The form of a photo upload.
#[allow(dead_code)]
#[derive(ToSchema)]
struct PhotoForm {
    /// A PNG, JPEG or WebP image of at most 1 MiB (the part may also be called `file`).
    #[schema(format = Binary, value_type = String)]
    photo: Vec<u8>,
}

/// Sets your profile photo (`multipart/form-data`, part `photo`).
#[utoipa::path(post, path = "/api/auth/profile/photo", tag = "auth", security(("bearer" = [])),
    request_body(content((PhotoForm = "multipart/form-data"))),
    responses((status = 200, body = Envelope<PhotoInfo>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
async fn upload_photo(
    State(s): State<AppState>,
    UserAuth(user): UserAuth,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> ApiResult<Data<PhotoInfo>> {
    let mut form = form.map_err(|_| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the photo as multipart/form-data with a `photo` part",
        )
    })?;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "a profile photo is at most 1024 KiB",
        )
    };
    while let Some(field) = form.next_field().await.map_err(|_| too_large())? {
        if matches!(field.name(), Some("photo" | "file")) {
            let data = field.bytes().await.map_err(|_| too_large())?;
            return Ok(Data(s.app.set_profile_photo(&user, &data).await?));
        }
    }
    Err(ApiError::invalid_field("photo", "is missing"))
}

/// Your profile photo, as the image itself.
#[utoipa::path(get, path = "/api/auth/profile/photo", tag = "auth", security(("bearer" = [])),
    responses((status = 200, content_type = "image/*", body = Vec<u8>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn photo(State(s): State<AppState>, UserAuth(user): UserAuth) -> ApiResult<Response> {
    let photo = s.app.profile_photo(&user).await?;
    Ok((
        [
            (header::CONTENT_TYPE, photo.mime),
            (header::CACHE_CONTROL, "private, no-cache".to_string()),
        ],
        photo.data,
    )
        .into_response())
}
