//! Each socket's reader of the event log: the same [`Reader`] as `/api/events` and `/api/ws`
//! (position, credential checks, lag limit), its events turned into the seeds'
//! Socket.IO events. Every payload carries `eventId`, the log id it came from; a client that
//! reconnects with the last one it saw as `auth.lastEventId` gets the rest, once.

use std::time::Duration;

use serde_json::Value;
use socketioxide::extract::SocketRef;
use socketioxide::{SendError, SocketError};

use gerbang_app::Principal;

use super::{close, rooms, seed002, seed004, Session};
use crate::routes::events::{Ended, Reader};
use crate::AppState;

/// How long a socket whose buffer stays full is waited for before it is dropped (it resumes
/// from its last event id).
const STALL_LIMIT: Duration = Duration::from_secs(30);

pub(super) async fn pump(state: AppState, s: SocketRef, session: Session) {
    let filter = match &session.who {
        // Admins read everything and keep what their rooms follow; others only their own.
        who @ Principal::User(_) if who.is_admin() => Default::default(),
        who => match state.app.event_filter(who, None, None).await {
            Ok(f) => f,
            Err(e) => {
                close(&s, &e.into());
                return;
            }
        },
    };
    let guard = state.streams.open(session.who.user_id());
    let mut reader = Reader::new(
        state.app.clone(),
        filter,
        session.start,
        session.credential.clone(),
        guard,
        "socketio",
    );
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    loop {
        let event = tokio::select! {
            _ = session.gone.notified() => return,
            _ = tick.tick() => {
                if !s.connected() {
                    return;
                }
                continue;
            }
            event = reader.next() => event,
        };
        let event = match event {
            Ok(event) => event,
            Err(Ended::Refused(e)) => return close(&s, &e),
            Err(Ended::Stopped) => {
                let _ = s.clone().disconnect();
                return;
            }
        };
        if !rooms::follows(&s, &event) {
            continue;
        }
        let mut out = seed002::events(&event);
        out.extend(seed004::events(&state, &session, &event).await);
        for (name, mut payload) in out {
            if let Value::Object(map) = &mut payload {
                map.insert("eventId".into(), event.id.into());
            }
            if !send(&s, name, &payload).await {
                return;
            }
        }
    }
}

/// Emits, waiting while the socket's buffer is full; false once the socket is gone.
async fn send(s: &SocketRef, name: &str, payload: &Value) -> bool {
    let started = tokio::time::Instant::now();
    loop {
        match s.emit(name, payload) {
            Ok(()) => return true,
            Err(SendError::Socket(SocketError::InternalChannelFull))
                if started.elapsed() < STALL_LIMIT =>
            {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(e) => {
                tracing::debug!(error = %e, "socket.io client dropped");
                let _ = s.clone().disconnect();
                return false;
            }
        }
    }
}
