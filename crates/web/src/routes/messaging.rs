use axum::extract::{DefaultBodyLimit, State};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::messages::{
    DeleteInput, EditInput, ForwardInput, MediaUpload, MediaUrlInput, ReactionInput,
    SendContactInput, SendLocationInput, SendResult, SendTextInput,
};
use gerbang_core::engine::MediaKind;

use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

/// Documents are the largest media WhatsApp takes (100 MiB); the multipart envelope adds a little.
pub(crate) const MEDIA_BODY_LIMIT: usize = 101 * 1024 * 1024;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        // The layer covers only the routes added before it: the upload alone.
        .routes(routes!(send_media))
        .layer(DefaultBodyLimit::max(MEDIA_BODY_LIMIT))
        .routes(routes!(forward_message))
        .routes(routes!(send_message))
        .routes(routes!(send_location))
        .routes(routes!(send_contact))
        .routes(routes!(send_reaction))
        .routes(routes!(edit_message))
        .routes(routes!(delete_message))
}

/// Sends a text, optionally as a reply (`replyTo`) and with mentions. The body is JSON of at
/// most the server's body limit (1 MiB by default).
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/send-message", tag = "messages",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = SendTextInput,
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`, with the status"),
        (status = 429, body = ErrorBody), (status = 502, body = ErrorBody, description = "`send_failed`")))]
async fn send_message(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<SendTextInput>,
) -> ApiResult<Data<SendResult>> {
    Ok(Data(s.app.send_text(&who, &id, input).await?))
}

/// Forwards a stored message (text, media, location or contact card) to another chat:
/// WhatsApp shows it as forwarded.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/messages/{messageId}/forward", tag = "messages",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("messageId" = String, Path, description = "the message's WhatsApp id")),
    request_body = ForwardInput,
    responses((status = 200, body = Envelope<SendResult>),
        (status = 400, body = ErrorBody, description = "`to` is no address, or the message cannot be forwarded"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "no such device or message"),
        (status = 409, body = ErrorBody, description = "`device_not_connected`, with the status"),
        (status = 429, body = ErrorBody), (status = 502, body = ErrorBody, description = "`send_failed`")))]
async fn forward_message(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, message_id)): Path<(String, String)>,
    Json(input): Json<ForwardInput>,
) -> ApiResult<Data<SendResult>> {
    Ok(Data(
        s.app.forward_message(&who, &id, &message_id, input).await?,
    ))
}

/// The multipart form of `send-media`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub(crate) struct MediaForm {
    /// Phone number or JID of the recipient; also accepted as `to`, `jid`, `recipient`,
    /// `number`, `phoneNumber`, `targetNumber` or `chatId`.
    phone: String,
    #[schema(format = Binary, value_type = String)]
    file: Vec<u8>,
    /// Also accepted as `message` or `text`.
    caption: Option<String>,
    /// `image`, `video`, `audio`, `voice`, `document` or `sticker`; guessed from the file when absent.
    #[schema(value_type = Option<String>)]
    r#type: Option<MediaKind>,
    /// Send audio as a voice note.
    voice_note: Option<bool>,
    reply_to: Option<String>,
}

/// Sends an image, video, audio, voice note, document or sticker: uploaded as
/// `multipart/form-data`, or fetched from a public URL given as JSON. Limits: image 16 MiB,
/// video 64 MiB, audio 16 MiB, sticker 1 MiB (WebP), document 100 MiB.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/send-media", tag = "messages",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body(content((MediaForm = "multipart/form-data"), (MediaUrlInput = "application/json"))),
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn send_media(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    request: axum::extract::Request,
) -> ApiResult<Data<SendResult>> {
    let body = read_media_body(&s, request).await?;
    Ok(Data(send_media_body(&s, &who, &id, body).await?))
}

/// `send-media`'s body: a URL to fetch (JSON) or an uploaded file (multipart).
pub(crate) enum MediaBody {
    Url(MediaUrlInput),
    Upload(MediaUpload),
}

/// Reads `send-media`'s body, JSON or multipart; shared with the seeds' routes.
pub(crate) async fn read_media_body(
    s: &AppState,
    request: axum::extract::Request,
) -> ApiResult<MediaBody> {
    read_media_body_for(s, request, None).await
}

/// `read_media_body` for a route that names the recipient itself (a group's `send-media`): the
/// body then needs no `phone`, and one given is overridden.
pub(crate) async fn read_media_body_for(
    s: &AppState,
    request: axum::extract::Request,
    recipient: Option<&str>,
) -> ApiResult<MediaBody> {
    let is_json = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if is_json {
        // A URL to fetch is small: the JSON form keeps the general body limit, not the upload's.
        let bytes = axum::body::to_bytes(request.into_body(), s.web.max_body_bytes)
            .await
            .map_err(|_| crate::extract::too_large())?;
        let input: MediaUrlInput = match recipient {
            Some(to) => {
                let mut value: serde_json::Value = crate::extract::parse_json(&bytes)?;
                if let Some(object) = value.as_object_mut() {
                    object.insert("phone".into(), to.into());
                }
                crate::extract::parse_json(value.to_string().as_bytes())?
            }
            None => crate::extract::parse_json(&bytes)?,
        };
        return Ok(MediaBody::Url(input));
    }
    Ok(MediaBody::Upload(read_upload(request, recipient).await?))
}

pub(crate) async fn send_media_body(
    s: &AppState,
    who: &gerbang_app::Principal,
    id: &str,
    body: MediaBody,
) -> ApiResult<SendResult> {
    Ok(match body {
        MediaBody::Url(input) => s.app.send_media_url(who, id, input).await?,
        MediaBody::Upload(upload) => s.app.send_media(who, id, upload).await?,
    })
}

async fn read_upload(
    request: axum::extract::Request,
    recipient: Option<&str>,
) -> ApiResult<MediaUpload> {
    let form = super::upload_form::read(request).await?;
    let (mut to, mut caption, mut kind, mut voice, mut reply_to) = (None, None, None, false, None);
    for (name, text) in form.fields {
        match name.as_str() {
            // The recipient under any name the seeds' clients use.
            "phone" | "to" | "jid" | "recipient" | "number" | "phoneNumber" | "targetNumber"
            | "chatId" => to = Some(text),
            "caption" | "message" | "text" => caption = Some(text),
            "type" => {
                kind = Some(MediaKind::parse(&text).ok_or_else(|| {
                    ApiError::invalid_field(
                        "type",
                        "must be image, video, audio, voice, document or sticker",
                    )
                })?)
            }
            "voiceNote" => voice = matches!(text.as_str(), "true" | "1" | "on"),
            "replyTo" => reply_to = Some(text),
            _ => {}
        }
    }
    let to = recipient
        .map(str::to_string)
        .or(to)
        .ok_or_else(|| ApiError::invalid_field("phone", "missing field `phone`"))?;
    let file = form
        .file
        .ok_or_else(|| ApiError::invalid_field("file", "missing the `file` part"))?;
    Ok(MediaUpload {
        to,
        kind,
        caption,
        voice_note: voice,
        file_name: file.name,
        mime: file.mime,
        data: file.data,
        reply_to,
    })
}

/// Sends a location pin.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/send-location", tag = "messages",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = SendLocationInput,
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn send_location(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<SendLocationInput>,
) -> ApiResult<Data<SendResult>> {
    Ok(Data(s.app.send_location(&who, &id, input).await?))
}

/// Sends a contact card.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/send-contact", tag = "messages",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = SendContactInput,
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn send_contact(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<SendContactInput>,
) -> ApiResult<Data<SendResult>> {
    Ok(Data(s.app.send_contact(&who, &id, input).await?))
}

/// Reacts to a message with an emoji (empty to remove).
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/send-reaction", tag = "messages",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = ReactionInput,
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn send_reaction(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<ReactionInput>,
) -> ApiResult<Data<SendResult>> {
    Ok(Data(s.app.send_reaction(&who, &id, input).await?))
}

/// Edits one of this device's text messages.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/edit-message", tag = "messages",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = EditInput,
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn edit_message(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<EditInput>,
) -> ApiResult<Data<SendResult>> {
    Ok(Data(s.app.edit_message(&who, &id, input).await?))
}

/// Deletes one of this device's messages for everyone.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/delete-message", tag = "messages",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = DeleteInput,
    responses((status = 200, body = Envelope<SendResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn delete_message(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<DeleteInput>,
) -> ApiResult<Data<SendResult>> {
    Ok(Data(s.app.delete_message(&who, &id, input).await?))
}
