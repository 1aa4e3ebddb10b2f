//! Seed 000's WebSocket inbox: a socket on `/api` that gets `inbox_data` (the default device's
//! status and chats) on connect, then the device's events as `{type, data}` frames under the
//! names seed 000's frontend listens for. It reads the event log like `/api/ws`, so a client
//! that reconnects with `?lastEventId=` misses nothing.

use axum::extract::ws::{Message as Frame, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::chats::ChatQuery;
use gerbang_app::{App, Principal};
use gerbang_core::event::{types, Event};

use super::shapes::SeedStatus;
use crate::auth::StreamAuth;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Query;
use crate::routes::events::{refusal, Ended, Reader};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(inbox))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
struct InboxQuery {
    /// An access token (browsers cannot send headers on a WebSocket).
    #[allow(dead_code)]
    token: Option<String>,
    /// Resume after this event id; without it, only what happens from now on.
    last_event_id: Option<String>,
}

/// Seed 000's inbox socket (`ws://host/api`), on the caller's default device.
#[utoipa::path(get, path = "/api", tag = "compat",
    security(("bearer" = []), ("apiKey" = [])), params(InboxQuery),
    responses((status = 101, description = "switching to the WebSocket protocol"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "no default device"),
        (status = 426, body = ErrorBody)))]
async fn inbox(
    State(s): State<AppState>,
    StreamAuth(who, credential): StreamAuth,
    Query(q): Query<InboxQuery>,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Result<Response, ApiError> {
    let upgrade = upgrade.map_err(|_| {
        ApiError::new(
            axum::http::StatusCode::UPGRADE_REQUIRED,
            "upgrade_required",
            "open this route as a WebSocket",
        )
    })?;
    let device = s.app.resolve_device(&who).await?;
    let filter = s
        .app
        .event_filter(&who, Some(&device.device_id), None)
        .await?;
    let start = s.app.stream_start(q.last_event_id.as_deref()).await?;
    let app = s.app.clone();
    let device_id = device.device_id;
    let guard = s.streams.open(who.user_id());
    let reader = Reader::new(app.clone(), filter, start, credential, guard, "websocket");
    Ok(upgrade
        .max_message_size(64 * 1024)
        .on_upgrade(move |socket| serve(socket, app, who, device_id, reader, start))
        .into_response())
}

/// `inbox_data`: the device's connection and its chats, as the socket opens or on request.
async fn inbox_data(app: &App, who: &Principal, device_id: &str, last_event_id: i64) -> Value {
    let device = app.device_for(who, device_id).await;
    let chats = app.chats(who, device_id, ChatQuery::default()).await;
    match (device, chats) {
        (Ok(d), Ok(chats)) => json!({"type": "inbox_data", "data": {
            "status": SeedStatus::of(&d), "chats": chats, "lastEventId": last_event_id}}),
        (Err(e), _) | (_, Err(e)) => {
            let e = ApiError::from(e);
            json!({"type": "error", "data": {"code": e.code, "message": e.message}})
        }
    }
}

/// Seed 000's frame names for our event types.
fn frame(event: &Event) -> Value {
    let kind = match event.event_type.as_str() {
        types::STATUS => "connection_status",
        types::MESSAGE_NEW => "new_message",
        types::QR => "qr_code",
        other => other,
    };
    json!({"type": kind, "id": event.id, "data": event.data})
}

async fn serve(
    mut socket: WebSocket,
    app: App,
    who: Principal,
    device_id: String,
    mut reader: Reader,
    start: i64,
) {
    let hello = inbox_data(&app, &who, &device_id, start).await;
    if socket
        .send(Frame::Text(hello.to_string().into()))
        .await
        .is_err()
    {
        return;
    }
    loop {
        tokio::select! {
            incoming = socket.recv() => match incoming {
                // Seed 000's clients ask again for the inbox (`get_inbox`) and ping; any text
                // frame is answered with fresh `inbox_data`, except pings.
                Some(Ok(Frame::Text(text))) => {
                    // Answered only while the credential still admits the client.
                    match reader.check().await {
                        Ok(()) => {}
                        Err(Ended::Refused(e)) => {
                            let _ = socket.send(refusal(&e)).await;
                            return;
                        }
                        Err(Ended::Stopped) => {
                            let _ = socket.send(Frame::Close(None)).await;
                            return;
                        }
                    }
                    let answer = if text.contains("\"ping\"") {
                        json!({"type": "pong"})
                    } else {
                        inbox_data(&app, &who, &device_id, reader.cursor()).await
                    };
                    if socket.send(Frame::Text(answer.to_string().into())).await.is_err() {
                        return;
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => return,
            },
            event = reader.next() => match event {
                Ok(event) => {
                    if socket.send(Frame::Text(frame(&event).to_string().into())).await.is_err() {
                        return;
                    }
                }
                Err(Ended::Refused(e)) => {
                    let _ = socket.send(refusal(&e)).await;
                    return;
                }
                Err(Ended::Stopped) => {
                    let _ = socket.send(Frame::Close(None)).await;
                    return;
                }
            },
        }
    }
}
