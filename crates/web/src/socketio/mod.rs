//! Socket.IO (v4 clients, Engine.IO 4) at `/socket.io/`, for the clients seeds 002 and 004 were
//! written with. It is one more reader of the event log, like `/api/events` and `/api/ws`:
//! each socket reads the log from its own position (the handshake's `lastEventId`), so a client
//! that reconnects gets what it missed once, and the same credential check ends it when the
//! account is locked, the key revoked or the token no longer valid.
//!
//! - `auth`: the handshake (token or device API key, resume point, device to follow).
//! - `rooms`: which devices a socket follows (`user:<id>`, `device:<id>` rooms).
//! - `bridge`: the event log → Socket.IO events, per socket.
//! - `seed002`, `seed004`: each seed's event names and payloads, and seed 004's requests.

mod auth;
mod bridge;
mod rooms;
mod seed002;
mod seed004;

use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use socketioxide::extract::SocketRef;
use socketioxide::handler::ConnectHandler;
use socketioxide::layer::SocketIoLayer;
use socketioxide::SocketIo;

use gerbang_app::Principal;

use crate::auth::Credential;
use crate::error::ApiError;
use crate::AppState;

/// What the handshake established, kept with the socket.
#[derive(Clone)]
pub(crate) struct Session {
    who: Principal,
    credential: Credential,
    /// The first event id the socket will be sent is the one after this.
    start: i64,
    /// The device a request without `whatsappNumberId` acts on: the last one named, else the
    /// handshake's, else the caller's default device.
    current: Arc<Mutex<Option<String>>>,
    /// Told when the socket goes away, so its reader stops.
    gone: Arc<tokio::sync::Notify>,
}

impl Session {
    fn current_device(&self) -> Option<String> {
        self.current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn set_current_device(&self, device_id: &str) {
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = Some(device_id.to_string());
    }
}

/// The Socket.IO service, as a layer in front of the HTTP routes (it answers `/socket.io/`
/// only).
pub(crate) fn layer(state: AppState) -> SocketIoLayer {
    let (layer, io) = SocketIo::builder()
        // A backlog after a reconnect is sent as fast as the socket takes it; the bridge waits
        // when this buffer is full, so it bounds memory, not what is delivered.
        .max_buffer_size(1024)
        .max_payload(64 * 1024)
        .build_layer();
    let on_connect = {
        let state = state.clone();
        move |s: SocketRef| {
            let state = state.clone();
            async move { connected(state, s).await }
        }
    };
    // socketioxide sends the client its "connected" before it spawns the connect handler, so an
    // event the client sends at once (a `join`) could arrive before a handler registered there
    // exists, and be dropped. The middleware runs before that packet: handlers go there.
    let check = move |s: SocketRef, auth: socketioxide::extract::TryData<Value>| {
        let state = state.clone();
        async move {
            auth::handshake(&state, &s, auth.0.ok()).await?;
            admitted(&state, &s);
            Ok::<(), auth::Refused>(())
        }
    };
    io.ns("/", on_connect.with(check));
    layer
}

/// A socket the handshake admitted: its rooms and its request handlers, before the client
/// learns it is connected.
fn admitted(state: &AppState, s: &SocketRef) {
    let Some(session) = s.extensions.get::<Session>() else {
        return;
    };
    seed004::register(state, s, &session);
    rooms::register(state, s, &session);
    rooms::join_initial(s, &session);
    let gone = session.gone.clone();
    s.on_disconnect(move || {
        let gone = gone.clone();
        async move { gone.notify_one() }
    });
}

async fn connected(state: AppState, s: SocketRef) {
    let Some(session) = s.extensions.get::<Session>() else {
        // The handshake always stores one; without it there is nothing safe to do.
        let _ = s.disconnect();
        return;
    };
    tokio::spawn(bridge::pump(state, s, session));
}

/// `{code, message, fields?}`: how a refused request or a closed socket is told.
pub(crate) fn error_body(e: &ApiError) -> Value {
    let mut body = json!({"code": e.code, "message": e.message});
    if let Some(fields) = &e.fields {
        body["fields"] = json!(fields);
    }
    body
}

/// A device id as the seeds send it: a string, or a number (seed 004's `whatsappNumberId: 1`).
pub(crate) fn device_id_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The device named in a request or handshake (`whatsappNumberId`, `deviceId`, `sessionId`).
pub(crate) fn named_device(data: &Value) -> Option<String> {
    ["whatsappNumberId", "deviceId", "sessionId"]
        .iter()
        .find_map(|k| device_id_of(data.get(*k)))
}

/// Answers a request through its acknowledgement and, when the seed does so, pushes the same
/// payload as an event too; a refusal is an `error` event `{code, message, fields?}` and an
/// acknowledgement `{error: {…}}`.
pub(crate) fn reply(
    s: &SocketRef,
    ack: socketioxide::extract::AckSender,
    push: Option<&str>,
    result: Result<Value, ApiError>,
) {
    match result {
        Ok(payload) => {
            if let Some(event) = push {
                let _ = s.emit(event, &payload);
            }
            let _ = ack.send(&payload);
        }
        Err(e) => {
            let body = error_body(&e);
            let _ = s.emit("error", &body);
            let _ = ack.send(&json!({ "error": body }));
        }
    }
}

/// Whether the handshake's credential still admits the client, checked before each request
/// as `/api/ws` does; if not, the client is told why and the socket is closed.
pub(crate) async fn still_admitted(state: &AppState, s: &SocketRef, session: &Session) -> bool {
    match session.credential.check(&state.app).await {
        Ok(()) => true,
        Err(e) => {
            let e = ApiError::from(e);
            if e.status.is_server_error() {
                let _ = s.emit("error", &error_body(&ApiError::internal()));
                return false;
            }
            tracing::info!(
                code = e.code,
                "socket.io client closed: its credential is no longer valid"
            );
            close(s, &e);
            false
        }
    }
}

/// Tells the client why and closes the socket (the client does not reconnect by itself).
pub(crate) fn close(s: &SocketRef, e: &ApiError) {
    let _ = s.emit("error", &error_body(e));
    let _ = s.clone().disconnect();
}
