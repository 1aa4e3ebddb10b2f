//! Seed 004's real-time REST helpers and seed 000's activity log, over the one event log.

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use gerbang_core::event::{types, Event, NewEvent};

use crate::{Actor, App, AppError, AppResult, Principal};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TestBroadcastInput {
    /// The device whose listeners get the event; also accepted as `deviceId`.
    #[serde(alias = "deviceId")]
    pub whatsapp_number_id: String,
    pub message: String,
    /// A label of your choice (default `test`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RealtimeStatus {
    /// The transports that carry the event log.
    pub transports: Vec<&'static str>,
    /// Readers waiting on the log in this process: open streams and the server's own workers.
    pub listeners: usize,
    /// The newest event id (resume points are event ids).
    pub latest_event_id: i64,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    /// Only events after this id (default: from the oldest kept).
    pub after: Option<i64>,
    /// 1 to 500 (default 100).
    pub limit: Option<i64>,
    /// Comma-separated event types.
    pub types: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActivityPage {
    pub events: Vec<Event>,
    /// Pass as `after` for the next page; `null` when this page was the last.
    pub next_after: Option<i64>,
}

impl App {
    pub async fn realtime_status(&self) -> AppResult<RealtimeStatus> {
        Ok(RealtimeStatus {
            transports: vec!["sse", "websocket", "socket.io"],
            listeners: self.runtime.events.listeners(),
            latest_event_id: self.store.latest_event_id().await?,
        })
    }

    /// Appends a `test.broadcast` event for a device: every stream and webhook that follows
    /// the device gets it like any other event (administrators; audited).
    pub async fn test_broadcast(
        &self,
        actor: Actor<'_>,
        input: TestBroadcastInput,
    ) -> AppResult<Event> {
        let who = Principal::User(actor.user.clone());
        let device = match self.device_for(&who, &input.whatsapp_number_id).await {
            Ok(d) => d,
            Err(AppError::NotFound(_)) => {
                return Err(AppError::field("whatsappNumberId", "no device has this id"))
            }
            Err(e) => return Err(e),
        };
        if input.message.trim().is_empty() {
            return Err(AppError::field("message", "must not be empty"));
        }
        let kind = input.kind.unwrap_or_else(|| "test".into());
        let event = self
            .runtime
            .events
            .publish(NewEvent {
                event_type: types::TEST,
                device_id: Some(device.device_id.clone()),
                user_id: Some(device.user_id),
                chat_jid: None,
                data: json!({
                    "whatsappNumberId": device.device_id,
                    "message": input.message,
                    "type": kind,
                }),
            })
            .await?;
        self.audit(
            actor,
            "realtime.test_broadcast",
            "device",
            &device.device_id,
            json!({"eventId": event.id}),
        )
        .await?;
        Ok(event)
    }

    /// The caller's activity: the events of the devices they may see, oldest first.
    pub async fn event_log(&self, who: &Principal, q: ActivityQuery) -> AppResult<ActivityPage> {
        let filter = self.event_filter(who, None, q.types.as_deref()).await?;
        let limit = q.limit.unwrap_or(100);
        if !(1..=500).contains(&limit) {
            return Err(AppError::field("limit", "must be between 1 and 500"));
        }
        let after = q.after.unwrap_or(0).max(0);
        let events = self.store.events_after(after, &filter, limit).await?;
        let next_after = (events.len() as i64 == limit)
            .then(|| events.last().map(|e| e.id))
            .flatten();
        Ok(ActivityPage { events, next_after })
    }
}
