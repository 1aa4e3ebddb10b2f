use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::chats::{ChatHistory, ChatQuery, ChatRead, DailyQuery, HistoryQuery};
use gerbang_core::message::ChatSummary;

use crate::auth::{Auth, UserAuth};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Path, Query};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(chat_list))
        .routes(routes!(chat_history))
        .routes(routes!(group_history))
        .routes(routes!(daily_chat_list))
        .routes(routes!(mark_read))
        .routes(routes!(media))
}

/// The device's conversations, most recent first, with unread counts.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), ChatQuery),
    responses((status = 200, body = Envelope<Vec<ChatSummary>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn chat_list(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<ChatQuery>,
) -> ApiResult<Data<Vec<ChatSummary>>> {
    Ok(Data(s.app.chats(&who, &id, q).await?))
}

/// A conversation's messages, newest first; page back with `before`.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/chat-history/{jid}", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("jid" = String, Path, description = "phone number or JID"), HistoryQuery),
    responses((status = 200, body = Envelope<ChatHistory>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn chat_history(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid)): Path<(String, String)>,
    Query(q): Query<HistoryQuery>,
) -> ApiResult<Data<ChatHistory>> {
    Ok(Data(s.app.chat_history(&who, &id, &jid, q).await?))
}

/// A group's messages, newest first (admins).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/group-chat-history/{groupId}",
    tag = "chats", security(("bearer" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path, description = "with or without @g.us"), HistoryQuery),
    responses((status = 200, body = Envelope<ChatHistory>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn group_history(
    State(s): State<AppState>,
    UserAuth(user): UserAuth,
    Path((id, group)): Path<(String, String)>,
    Query(q): Query<HistoryQuery>,
) -> ApiResult<Data<ChatHistory>> {
    if user.role != gerbang_core::user::Role::Admin {
        return Err(ApiError::forbidden("administrators only"));
    }
    let who = gerbang_app::Principal::User(user);
    Ok(Data(s.app.group_history(&who, &id, &group, q).await?))
}

/// The conversations with messages on one day.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/daily-chat-list", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), DailyQuery),
    responses((status = 200, body = Envelope<Vec<ChatSummary>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn daily_chat_list(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<DailyQuery>,
) -> ApiResult<Data<Vec<ChatSummary>>> {
    Ok(Data(s.app.daily_chats(&who, &id, q).await?))
}

/// Marks a conversation read, and sends read receipts while the device is connected.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/read", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), ("jid" = String, Path)),
    responses((status = 200, body = Envelope<ChatRead>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn mark_read(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, jid)): Path<(String, String)>,
) -> ApiResult<Data<ChatRead>> {
    Ok(Data(s.app.mark_chat_read(&who, &id, &jid).await?))
}

/// A media file that one of this device's messages references, by its content hash, served
/// with its media type (`image/jpeg`, …; sniffed from the bytes when the sender gave none).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/media/{sha256}", tag = "chats",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), ("sha256" = String, Path)),
    responses((status = 200, content_type = "*/*", body = Vec<u8>, description = "the file, with its media type"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn media(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, sha256)): Path<(String, String)>,
) -> ApiResult<impl IntoResponse> {
    let (bytes, mime) = s.app.media(&who, &id, &sha256).await?;
    // A sender's type that is not a valid header value is served as what it surely is: bytes.
    let mime = axum::http::HeaderValue::from_str(&mime).unwrap_or(
        axum::http::HeaderValue::from_static("application/octet-stream"),
    );
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            // The type is the sender's word: never let a file act as a page of this origin.
            (
                header::CONTENT_SECURITY_POLICY,
                axum::http::HeaderValue::from_static("sandbox"),
            ),
            (
                header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("private, max-age=31536000, immutable"),
            ),
        ],
        bytes,
    ))
}
