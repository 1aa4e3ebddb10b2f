//! Which devices a socket follows. A socket is in `user:<id>` (every device of its user; not for
//! a device API key) and in `device:<id>` for the handshake's or default device and each device
//! it joins. Users may join their own devices, admins any device, an API key only its own.

use serde_json::{json, Value};
use socketioxide::extract::{AckSender, SocketRef, TryData};

use gerbang_app::{AppError, Principal};
use gerbang_core::event::Event;

use super::{named_device, reply, still_admitted, Session};
use crate::AppState;

pub(crate) fn user_room(user_id: i64) -> String {
    format!("user:{user_id}")
}

pub(crate) fn device_room(device_id: &str) -> String {
    format!("device:{device_id}")
}

pub(super) fn join_initial(s: &SocketRef, session: &Session) {
    match &session.who {
        Principal::User(u) => s.join(user_room(u.id)),
        Principal::ApiKey { key, .. } => s.join(device_room(&key.device_id)),
    }
    if let Some(device) = session.current_device() {
        s.join(device_room(&device));
    }
}

/// Whether the socket follows the event's device (or its owner).
pub(super) fn follows(s: &SocketRef, event: &Event) -> bool {
    let rooms = s.rooms();
    let has = |name: String| rooms.iter().any(|r| *r == name);
    event
        .device_id
        .as_deref()
        .is_some_and(|d| has(device_room(d)))
        || event.user_id.is_some_and(|u| has(user_room(u)))
}

/// `join` / `subscribe` `{whatsappNumberId | deviceId}` and `leave` / `unsubscribe`; each
/// answered through the acknowledgement with the socket's rooms.
pub(super) fn register(state: &AppState, s: &SocketRef, session: &Session) {
    for name in ["join", "subscribe"] {
        let (state, session) = (state.clone(), session.clone());
        s.on(
            name,
            move |s: SocketRef, TryData(data): TryData<Value>, ack: AckSender| {
                let (state, session) = (state.clone(), session.clone());
                async move {
                    if !still_admitted(&state, &s, &session).await {
                        return;
                    }
                    let result = join(&state, &s, &session, data.ok()).await;
                    reply(&s, ack, None, result.map_err(Into::into));
                }
            },
        );
    }
    for name in ["leave", "unsubscribe"] {
        s.on(
            name,
            move |s: SocketRef, TryData(data): TryData<Value>, ack: AckSender| async move {
                let result = match data.ok().as_ref().and_then(named_device) {
                    Some(device) => {
                        s.leave(device_room(&device));
                        Ok(rooms_of(&s))
                    }
                    None => Err(AppError::field("whatsappNumberId", "required").into()),
                };
                reply(&s, ack, None, result);
            },
        );
    }
}

async fn join(
    state: &AppState,
    s: &SocketRef,
    session: &Session,
    data: Option<Value>,
) -> Result<Value, AppError> {
    let id = data
        .as_ref()
        .and_then(named_device)
        .ok_or_else(|| AppError::field("whatsappNumberId", "required"))?;
    let device = state.app.device_for(&session.who, &id).await?;
    s.join(device_room(&device.device_id));
    session.set_current_device(&device.device_id);
    Ok(rooms_of(s))
}

fn rooms_of(s: &SocketRef) -> Value {
    let mut rooms: Vec<String> = s.rooms().into_iter().map(|r| r.to_string()).collect();
    rooms.sort();
    json!({"rooms": rooms})
}
