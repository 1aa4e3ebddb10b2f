//! Presence: this device online or offline, subscriptions to contacts' presence, chat-state
//! indicators, and the `presence.update` events WhatsApp pushes back.
//!
//! Updates go through the event log like every other event, so SSE, WebSocket, Socket.IO and
//! webhooks all get them, resumable, without a second delivery path. They are never stored as
//! messages, and a repeat of the same state within [`REPEAT_WINDOW`] is dropped: WhatsApp sends
//! "typing" again every few seconds while someone types.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use gerbang_core::engine::{ChatState, EngineKind, PresenceState};
use gerbang_core::event::{types, NewEvent};
use gerbang_core::jid::{Jid, JidKind};

use crate::runtime::DeviceRuntime;
use crate::{App, AppError, AppResult, Principal};

/// A repeat of the same state for the same contact and chat within this window is dropped.
pub const REPEAT_WINDOW: Duration = Duration::from_secs(10);
/// Past this many remembered (contact, chat) pairs the memory starts over.
const MEMO_LIMIT: usize = 10_000;

type MemoKey = (String, String, Option<String>);

/// The last state reported per device, contact and chat.
#[derive(Default)]
pub struct PresenceMemo(Mutex<HashMap<MemoKey, (PresenceState, Instant)>>);

impl PresenceMemo {
    /// Whether the update is new (and remembers it).
    fn fresh(&self, key: MemoKey, state: PresenceState) -> bool {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if let Some((last, at)) = map.get(&key) {
            if *last == state && now.duration_since(*at) < REPEAT_WINDOW {
                return false;
            }
        }
        if map.len() >= MEMO_LIMIT {
            map.clear();
        }
        map.insert(key, (state, now));
        true
    }
}

/// Publishes a presence update from the engine as a `presence.update` event.
pub(crate) async fn record(
    runtime: &DeviceRuntime,
    device_id: &str,
    jid: Jid,
    chat: Option<Jid>,
    state: PresenceState,
    last_seen: Option<DateTime<Utc>>,
) -> AppResult<()> {
    let key = (
        device_id.to_string(),
        jid.to_string(),
        chat.as_ref().map(|c| c.to_string()),
    );
    if !runtime.presence.fresh(key, state) {
        return Ok(());
    }
    let chat_jid = chat.clone().unwrap_or_else(|| jid.clone());
    let event = NewEvent {
        event_type: types::PRESENCE_UPDATE,
        device_id: Some(device_id.to_string()),
        user_id: None,
        chat_jid: Some(chat_jid.to_string()),
        data: json!({
            "deviceId": device_id,
            "jid": jid,
            "phone": jid.phone(),
            "chatJid": chat_jid,
            "state": state,
            "lastSeen": last_seen,
        }),
    };
    runtime.events.publish(event).await?;
    Ok(())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SetPresenceInput {
    /// `available` (online) or `unavailable` (offline).
    pub state: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubscribePresenceInput {
    /// The contact: a phone number (`628…`, `08…`) or a JID (`…@s.whatsapp.net`, `…@lid`).
    pub jid: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatStateInput {
    /// The chat: a phone number, a person's JID or a group JID.
    pub chat: String,
    /// `typing`, `recording` or `paused` (clears the indicator).
    pub state: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PresenceDone {
    pub device_id: String,
    /// The contact or chat, for subscriptions and chat states.
    pub jid: Option<Jid>,
    /// `available`, `unavailable`, `typing`, `recording`, `paused`, or `subscribed`.
    pub state: String,
    /// True when the device runs on the simulator: nothing reached WhatsApp.
    pub simulated: bool,
}

fn contact(field: &str, input: &str) -> AppResult<Jid> {
    match Jid::parse(input) {
        Ok(j) if j.kind() == JidKind::Group => Err(AppError::field(
            field,
            "a group has no presence; name a person",
        )),
        Ok(j) => Ok(j),
        Err(e) => Err(AppError::field(field, e)),
    }
}

impl App {
    /// Shows the device online or offline to the contacts subscribed to it.
    pub async fn set_presence(
        &self,
        who: &Principal,
        device_id: &str,
        input: SetPresenceInput,
    ) -> AppResult<PresenceDone> {
        let available = match input.state.trim() {
            "available" => true,
            "unavailable" => false,
            _ => return Err(AppError::field("state", "must be available or unavailable")),
        };
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        engine.set_presence(&device.device_id, available).await?;
        Ok(PresenceDone {
            device_id: device.device_id,
            jid: None,
            state: input.state.trim().to_string(),
            simulated: device.engine == EngineKind::Sim,
        })
    }

    /// Asks for the contact's online/offline updates (`presence.update` events).
    pub async fn subscribe_presence(
        &self,
        who: &Principal,
        device_id: &str,
        input: SubscribePresenceInput,
    ) -> AppResult<PresenceDone> {
        let jid = contact("jid", &input.jid)?;
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        engine.subscribe_presence(&device.device_id, &jid).await?;
        Ok(PresenceDone {
            device_id: device.device_id,
            jid: Some(jid),
            state: "subscribed".into(),
            simulated: device.engine == EngineKind::Sim,
        })
    }

    /// Shows typing, recording, or nothing (`paused`) in a chat.
    pub async fn send_chat_state(
        &self,
        who: &Principal,
        device_id: &str,
        input: ChatStateInput,
    ) -> AppResult<PresenceDone> {
        let chat = Jid::parse(&input.chat).map_err(|e| AppError::field("chat", e))?;
        let state = match input.state.trim() {
            "typing" => ChatState::Typing,
            "recording" => ChatState::Recording,
            "paused" => ChatState::Paused,
            _ => {
                return Err(AppError::field(
                    "state",
                    "must be typing, recording or paused",
                ))
            }
        };
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        engine.chat_state(&device.device_id, &chat, state).await?;
        Ok(PresenceDone {
            device_id: device.device_id,
            jid: Some(chat),
            state: PresenceState::from(state).as_str().to_string(),
            simulated: device.engine == EngineKind::Sim,
        })
    }
}
