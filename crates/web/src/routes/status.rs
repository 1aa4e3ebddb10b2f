//! Status updates (stories): post text or a photo/video, and choose whether contacts' status
//! updates arrive as `status.received` events.

use axum::extract::{DefaultBodyLimit, State};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::status::{
    StatusMediaInput, StatusPosted, StatusSettings, StatusSettingsInput, StatusTextInput,
};

use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

/// A status video is at most 64 MiB; the multipart envelope adds a little.
const STATUS_BODY_LIMIT: usize = 65 * 1024 * 1024;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        // The layer covers only the routes added before it: the upload alone.
        .routes(routes!(post_status_media))
        .layer(DefaultBodyLimit::max(STATUS_BODY_LIMIT))
        .routes(routes!(post_status_text))
        .routes(routes!(get_status_settings, set_status_settings))
}

/// Posts a text status that the recipients may see for 24 hours. Without `recipients` it goes
/// to the people this device chatted with most recently (up to 1,000).
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/status", tag = "status",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = StatusTextInput,
    responses((status = 200, body = Envelope<StatusPosted>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn post_status_text(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<StatusTextInput>,
) -> ApiResult<Data<StatusPosted>> {
    Ok(Data(s.app.post_status_text(&who, &id, input).await?))
}

#[derive(ToSchema)]
#[allow(dead_code)]
struct StatusMediaForm {
    /// A photo (16 MiB at most) or a video (64 MiB).
    #[schema(format = Binary, value_type = String)]
    file: Vec<u8>,
    /// At most 700 characters.
    caption: Option<String>,
    /// Who may see it: numbers or JIDs separated by commas, at most 1,000. When absent, the
    /// people this device chatted with most recently.
    recipients: Option<String>,
}

/// Posts a photo or video status (`multipart/form-data`), seen by the recipients for 24 hours.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/status/media", tag = "status",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body(content = StatusMediaForm, content_type = "multipart/form-data"),
    responses((status = 200, body = Envelope<StatusPosted>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 502, body = ErrorBody)))]
async fn post_status_media(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    request: axum::extract::Request,
) -> ApiResult<Data<StatusPosted>> {
    // Whose device it is, before reading an upload of up to 64 MiB for it.
    s.app.device_for(&who, &id).await?;
    let form = super::upload_form::read(request).await?;
    let mut input = StatusMediaInput {
        caption: None,
        mime: String::new(),
        file_name: None,
        data: Vec::new(),
        recipients: None,
    };
    for (name, text) in form.fields {
        match name.as_str() {
            "caption" => input.caption = Some(text),
            "recipients" => {
                input.recipients = Some(
                    text.split(',')
                        .map(str::trim)
                        .filter(|r| !r.is_empty())
                        .map(str::to_string)
                        .collect(),
                )
            }
            _ => {}
        }
    }
    let file = form
        .file
        .ok_or_else(|| ApiError::invalid_field("file", "missing the `file` part"))?;
    input.mime = file.mime;
    input.file_name = file.name;
    input.data = file.data;
    Ok(Data(s.app.post_status_media(&who, &id, input).await?))
}

/// Whether contacts' status updates arrive as `status.received` events (off unless set).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/status-settings",
    tag = "status", security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<StatusSettings>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_status_settings(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<StatusSettings>> {
    Ok(Data(s.app.status_settings(&who, &id).await?))
}

/// Turns `status.received` events on or off for the device.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/status-settings",
    tag = "status", security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = StatusSettingsInput,
    responses((status = 200, body = Envelope<StatusSettings>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn set_status_settings(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<StatusSettingsInput>,
) -> ApiResult<Data<StatusSettings>> {
    Ok(Data(s.app.set_status_settings(&who, &id, input).await?))
}
