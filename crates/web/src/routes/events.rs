//! Real-time events: Server-Sent Events and a WebSocket, both reading the event log from the
//! client's position, so a client that reconnects misses nothing and sees nothing twice.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::ws::{Message as Frame, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::header;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::chats::{ChatQuery, HistoryQuery};
use gerbang_app::{App, Principal, SharedEvent};
use gerbang_core::event::EventFilter;

use crate::auth::{AdminAuth, Credential, StreamAuth};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::Query;
use crate::reply::{Data, Envelope};
use crate::streams::{StreamCounts, StreamGuard};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(events))
        .routes(routes!(websocket))
        .routes(routes!(open_streams))
}

/// How many event streams and WebSockets are open on this node, per user (a device API key's
/// count for the device's owner). A browser with the dashboard open in any number of tabs
/// holds one.
#[utoipa::path(get, path = "/api/admin/streams", tag = "events", security(("bearer" = [])),
    responses((status = 200, body = Envelope<StreamCounts>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn open_streams(State(s): State<AppState>, _admin: AdminAuth) -> Data<StreamCounts> {
    Data(s.streams.counts())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
struct StreamQuery {
    /// An access token, for clients that cannot send headers (EventSource, browsers' WebSocket).
    #[allow(dead_code)]
    token: Option<String>,
    /// Only this device's events.
    device_id: Option<String>,
    /// Comma-separated event types, e.g. `message.new,message.status`.
    types: Option<String>,
    /// Resume after this event id (same as the `Last-Event-ID` header, which wins).
    last_event_id: Option<String>,
}

async fn open(
    s: &AppState,
    who: &Principal,
    q: &StreamQuery,
    headers: &HeaderMap,
) -> ApiResult<(EventFilter, i64)> {
    let filter = s
        .app
        .event_filter(who, q.device_id.as_deref(), q.types.as_deref())
        .await?;
    let header = headers.get("last-event-id").and_then(|v| v.to_str().ok());
    let start = s
        .app
        .stream_start(header.or(q.last_event_id.as_deref()))
        .await?;
    Ok((filter, start))
}

/// The event stream (`text/event-stream`). Each event is a `data:` line holding
/// `{"id", "type", "deviceId", "chatJid"?, "createdAt", "data"}` with its `id:` line, so a
/// reconnecting EventSource resumes by itself; the first message is
/// `{"type": "connected", "lastEventId"}`. Admins see every device, users their own, a device
/// API key its device. Keep-alive comments every 15 s. A client more than 50,000 events behind
/// is disconnected and resumes where it was. The stream is checked against its credential when this
/// gateway changes one and at least every 15 s: when the account is locked, the password changed or reset, the session ended, the
/// API key revoked or the access token expired, a last message
/// `{"type": "closed", "code", "message"}` is sent and the stream ends.
#[utoipa::path(get, path = "/api/events", tag = "events",
    security(("bearer" = []), ("apiKey" = [])), params(StreamQuery),
    responses((status = 200, content_type = "text/event-stream", body = String),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn events(
    State(s): State<AppState>,
    StreamAuth(who, credential): StreamAuth,
    headers: HeaderMap,
    Query(q): Query<StreamQuery>,
) -> ApiResult<Response> {
    let (filter, start) = open(&s, &who, &q, &headers).await?;
    let hello = data_frame(&json!({"type": "connected", "lastEventId": start}));
    let guard = s.streams.open(who.user_id());
    let reader = Reader::new(s.app.clone(), filter, start, credential, guard, "sse");
    // A fixed beat, not one restarted after every event: an event then costs the stream no
    // timer change, and a comment now and then between events harms no client.
    let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
    beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let frames = stream::unfold(Some((reader, beat)), |state| async move {
        let (mut reader, mut beat) = state?;
        let frame = tokio::select! {
            next = reader.next() => match next {
                // The same bytes for every stream the event goes to (made once).
                Ok(event) => event.sse_frame(),
                Err(Ended::Refused(e)) => {
                    let last = json!({"type": "closed", "code": e.code, "message": e.message});
                    return Some((Ok(data_frame(&last)), None));
                }
                Err(Ended::Stopped) => return None,
            },
            _ = beat.tick() => Bytes::from_static(b": keep-alive\n\n"),
        };
        Some((Ok::<_, Infallible>(frame), Some((reader, beat))))
    });
    let all = stream::once(async { Ok::<_, Infallible>(hello) }).chain_events(frames);
    Ok((
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        Body::from_stream(all),
    )
        .into_response())
}

/// How often a stream with nothing to send sends a comment, so that proxies keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// A frame with one `data:` line (compact JSON has no line break).
fn data_frame(value: &Value) -> Bytes {
    Bytes::from(format!("data: {value}\n\n"))
}

/// Why a stream ends.
pub(crate) enum Ended {
    /// Its credential no longer admits the client.
    Refused(ApiError),
    /// An error, or the client fell too far behind (it resumes with `Last-Event-ID`).
    Stopped,
}

/// How often an open stream checks its credential again when nothing announced a change: for
/// tokens and sessions that expire, and for changes made by another process on the database.
/// Changes made through this process wake the streams at once.
const CHECK_EVERY: Duration = Duration::from_secs(15);

/// After a change, streams that hold the same credential share a check this fresh.
const SHARED_AFTER_CHANGE: Duration = Duration::from_secs(1);

/// One client's position in the event log.
pub(crate) struct Reader {
    app: App,
    filter: EventFilter,
    cursor: i64,
    /// How far the log has been read for this stream (past `cursor` when the newest events
    /// were not for it).
    scanned: i64,
    buffer: std::collections::VecDeque<SharedEvent>,
    newest: tokio::sync::watch::Receiver<i64>,
    credential: Credential,
    checked: tokio::time::Instant,
    /// Wakes the stream when a credential may have stopped admitting its holder.
    credential_changes: tokio::sync::watch::Receiver<u64>,
    /// A change was announced and not yet checked (kept if the caller drops `next`).
    recheck: bool,
    open: StreamGuard,
    /// `sse`, `websocket` or `socketio`: the consumer the lag metric is kept for.
    consumer: &'static str,
}

impl Reader {
    /// The id of the last event handed out.
    pub(crate) fn cursor(&self) -> i64 {
        self.cursor
    }

    pub(crate) fn new(
        app: App,
        filter: EventFilter,
        cursor: i64,
        credential: Credential,
        open: StreamGuard,
        consumer: &'static str,
    ) -> Self {
        let newest = app.runtime.events.subscribe_streams();
        let credential_changes = app.runtime.events.credentials.subscribe();
        Self {
            app,
            filter,
            cursor,
            scanned: cursor,
            buffer: Default::default(),
            newest,
            credential,
            checked: tokio::time::Instant::now(),
            credential_changes,
            recheck: false,
            open,
            consumer,
        }
    }

    /// Whether the stream's credential still admits the client (checked now: before a request
    /// is answered).
    pub(crate) async fn check(&mut self) -> Result<(), Ended> {
        self.check_within(Duration::ZERO).await
    }

    /// The same, answered by a check at most `fresh` old that other streams holding the same
    /// credential may have made.
    async fn check_within(&mut self, fresh: Duration) -> Result<(), Ended> {
        let check = self
            .open
            .streams()
            .check(&self.app, &self.credential, fresh);
        let result = check.await;
        // Set only once answered: a caller that drops `next` mid-check gets it again.
        self.checked = tokio::time::Instant::now();
        match result {
            Ok(()) => Ok(()),
            Err(e) => {
                if e.status.is_server_error() {
                    tracing::warn!(code = e.code, "event stream stopped");
                    Err(Ended::Stopped)
                } else {
                    tracing::info!(
                        code = e.code,
                        "event stream ended: its credential is no longer valid"
                    );
                    Err(Ended::Refused(e))
                }
            }
        }
    }

    /// The next event, waiting as long as it takes. The credential is checked again when this
    /// process announces a change, and at least every [`CHECK_EVERY`].
    pub(crate) async fn next(&mut self) -> Result<SharedEvent, Ended> {
        loop {
            if self.credential_changes.has_changed().unwrap_or(false) {
                self.credential_changes.mark_unchanged();
                self.recheck = true;
            }
            if self.recheck {
                self.check_within(SHARED_AFTER_CHANGE).await?;
                self.recheck = false;
            } else if self.checked.elapsed() >= CHECK_EVERY {
                self.check_within(CHECK_EVERY).await?;
            }
            if let Some(event) = self.buffer.pop_front() {
                self.cursor = event.id;
                gerbang_app::metrics::delivered(self.consumer, event.created_at);
                return Ok(event);
            }
            let behind = (*self.newest.borrow() - self.scanned) / self.app.store.event_id_step();
            if behind > gerbang_app::stream::MAX_LAG {
                tracing::info!(cursor = self.cursor, "dropping a stream that fell behind");
                return Err(Ended::Stopped);
            }
            let wait = CHECK_EVERY.saturating_sub(self.checked.elapsed());
            // Reading the log is safe to abandon: its position moves only once a read returns.
            let read = tokio::select! {
                read = self.app.next_events(&mut self.scanned, &self.filter, &mut self.newest, wait) => read,
                Ok(()) = self.credential_changes.changed() => {
                    self.recheck = true;
                    continue;
                }
            };
            match read {
                Ok(events) => self.buffer.extend(events),
                Err(e) => {
                    tracing::warn!(error = %e, "event stream stopped");
                    return Err(Ended::Stopped);
                }
            }
        }
    }
}

trait ChainEvents: Stream + Sized {
    fn chain_events<S: Stream<Item = Self::Item>>(self, next: S) -> stream::Chain<Self, S> {
        futures_util::StreamExt::chain(self, next)
    }
}

impl<T: Stream> ChainEvents for T {}

/// The same events over a WebSocket, as JSON text frames, plus requests answered on the same
/// socket: `chat:get-list` → `chat:list`, `chat:get-history` → `chat:history`, `chat:mark-read`
/// → `chat:read`, `whatsapp:get-status` → `whatsapp:status`. Each request may carry a
/// `requestId`, echoed in its answer. A frame that is not a valid request gets an `error`
/// frame; the connection stays open. Like the event stream, the socket is checked against its
/// credential when it may have changed and before each request: once it no longer admits the client, the
/// server sends a close frame (code 1008) whose reason is the error code, e.g.
/// `account_locked`, and answers nothing more.
#[utoipa::path(get, path = "/api/ws", tag = "events",
    security(("bearer" = []), ("apiKey" = [])), params(StreamQuery),
    responses((status = 101, description = "switching to the WebSocket protocol"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 426, body = ErrorBody)))]
async fn websocket(
    State(s): State<AppState>,
    StreamAuth(who, credential): StreamAuth,
    headers: HeaderMap,
    Query(q): Query<StreamQuery>,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Result<Response, ApiError> {
    let upgrade = upgrade.map_err(|_| {
        ApiError::new(
            axum::http::StatusCode::UPGRADE_REQUIRED,
            "upgrade_required",
            "open this route as a WebSocket",
        )
    })?;
    let (filter, start) = open(&s, &who, &q, &headers).await?;
    let guard = s.streams.open(who.user_id());
    let reader = Reader::new(s.app.clone(), filter, start, credential, guard, "websocket");
    Ok(upgrade
        .max_message_size(64 * 1024)
        .on_upgrade(move |socket| serve_socket(socket, reader, who))
        .into_response())
}

/// A close frame saying why the socket ends (policy violation, the error code as reason).
pub(crate) fn refusal(e: &ApiError) -> Frame {
    Frame::Close(Some(axum::extract::ws::CloseFrame {
        code: axum::extract::ws::close_code::POLICY,
        reason: e.code.into(),
    }))
}

async fn serve_socket(mut socket: WebSocket, mut reader: Reader, who: Principal) {
    let hello = json!({"type": "connected", "lastEventId": reader.cursor}).to_string();
    if socket.send(Frame::Text(hello.into())).await.is_err() {
        return;
    }
    let app = reader.app.clone();
    loop {
        tokio::select! {
            incoming = socket.recv() => match incoming {
                Some(Ok(Frame::Text(text))) => {
                    // A request is answered only while the credential still admits the client.
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
                    let answer = answer(&app, &who, &text).await;
                    if socket.send(Frame::Text(answer.to_string().into())).await.is_err() {
                        return;
                    }
                }
                Some(Ok(Frame::Binary(_))) => {
                    let e = error_frame(None, "bad_frame", "send JSON text frames");
                    if socket.send(Frame::Text(e.to_string().into())).await.is_err() {
                        return;
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => return,
            },
            event = reader.next() => match event {
                Ok(event) => {
                    if socket.send(Frame::Text(event.json().into())).await.is_err() {
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

fn error_frame(request_id: Option<&Value>, code: &str, message: &str) -> Value {
    json!({"type": "error", "requestId": request_id, "code": code, "message": message})
}

/// A request as clients of earlier gateways sent it (`whatsappNumberId`, `chatId` accepted).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Request {
    #[serde(rename = "type")]
    kind: String,
    request_id: Option<Value>,
    #[serde(alias = "whatsappNumberId")]
    device_id: Option<Value>,
    #[serde(alias = "chatId", alias = "jid")]
    chat_jid: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
    before: Option<i64>,
    search: Option<String>,
}

async fn answer(app: &App, who: &Principal, text: &str) -> Value {
    if text.contains('\0') || crate::extract::has_nul_escape(text.as_bytes()) {
        return error_frame(
            None,
            "validation_failed",
            "a request must not contain the character U+0000 (NUL)",
        );
    }
    let req: Request = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => return error_frame(None, "bad_frame", &format!("not a request: {e}")),
    };
    let id = req.request_id.clone();
    match handle(app, who, req).await {
        Ok(mut v) => {
            v["requestId"] = id.unwrap_or(Value::Null);
            v
        }
        Err(e) => {
            let e = ApiError::from(e);
            error_frame(id.as_ref(), e.code, &e.message)
        }
    }
}

async fn handle(app: &App, who: &Principal, r: Request) -> Result<Value, gerbang_app::AppError> {
    use gerbang_app::AppError;
    let device_id = match &r.device_id {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err(AppError::field("deviceId", "required")),
    };
    let chat = || {
        r.chat_jid
            .clone()
            .ok_or_else(|| AppError::field("chatJid", "required"))
    };
    Ok(match r.kind.as_str() {
        "chat:get-list" => {
            let q = ChatQuery {
                search: r.search.clone(),
                limit: r.limit,
                offset: r.offset,
            };
            let chats = app.chats(who, &device_id, q).await?;
            json!({"type": "chat:list", "deviceId": device_id, "chats": chats})
        }
        "chat:get-history" => {
            let q = HistoryQuery {
                before: r.before,
                limit: r.limit,
                offset: r.offset,
            };
            let h = app.chat_history(who, &device_id, &chat()?, q).await?;
            json!({"type": "chat:history", "deviceId": device_id, "chatJid": h.chat_jid,
                   "messages": h.messages, "nextBefore": h.next_before})
        }
        "chat:mark-read" => {
            let read = app.mark_chat_read(who, &device_id, &chat()?).await?;
            json!({"type": "chat:read", "deviceId": device_id, "chatJid": read.chat_jid,
                   "marked": read.marked, "receiptsSent": read.receipts_sent})
        }
        "whatsapp:get-status" => {
            let d = app.device_for(who, &device_id).await?;
            json!({"type": "whatsapp:status", "deviceId": d.device_id, "status": d.status,
                   "phoneNumber": d.phone_number, "lastSeen": d.last_seen,
                   "lastDisconnectReason": d.last_disconnect_reason, "simulated": d.simulated})
        }
        other => {
            return Err(AppError::field(
                "type",
                format!("unknown request {other:?}"),
            ))
        }
    })
}
