//! Incoming calls: the per-device setting that rejects them and answers the caller in text.
//! A gateway has no one to pick up, so a shop wants the caller told to write instead.

use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::mpsc;
use utoipa::ToSchema;

use gerbang_core::engine::{CallEvent, CallEventKind, MessageContent};
use gerbang_core::event::{types, NewEvent};
use gerbang_core::store::CallSettings;

use crate::runtime::DeviceRuntime;

use crate::validate::Fields;
use crate::{App, AppError, AppResult, Principal};

/// The reply text is sent as a WhatsApp text, so it has the same ceiling.
const MAX_REJECT_MESSAGE: usize = 4096;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallSettingsInput {
    /// Reject every incoming call of this device (the caller sees it declined).
    pub reject_calls: bool,
    /// Sent to the caller as a text after each rejected call; `null` sends nothing.
    #[serde(default)]
    pub reject_message: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallSettingsView {
    pub device_id: String,
    pub reject_calls: bool,
    pub reject_message: Option<String>,
}

impl CallSettingsView {
    fn of(device_id: String, s: CallSettings) -> CallSettingsView {
        CallSettingsView {
            device_id,
            reject_calls: s.reject_calls,
            reject_message: s.reject_message,
        }
    }
}

impl App {
    pub async fn call_settings(
        &self,
        who: &Principal,
        device_id: &str,
    ) -> AppResult<CallSettingsView> {
        let device = self.device_for(who, device_id).await?;
        let settings = self.store.call_settings(&device.device_id).await?;
        Ok(CallSettingsView::of(device.device_id, settings))
    }

    pub async fn set_call_settings(
        &self,
        who: &Principal,
        device_id: &str,
        input: CallSettingsInput,
    ) -> AppResult<CallSettingsView> {
        let device = self.device_for(who, device_id).await?;
        let mut f = Fields::new();
        // A blank text cannot be sent; refusing it (rather than reading it as "no reply") keeps
        // a client's mistake from silently turning replies off.
        if let Some(m) = &input.reject_message {
            if m.trim().is_empty() {
                f.add(
                    "rejectMessage",
                    "must not be blank (use null for no message)",
                );
            } else if m.chars().count() > MAX_REJECT_MESSAGE {
                f.add("rejectMessage", "must be at most 4096 characters");
            }
        }
        f.finish()?;
        let settings = CallSettings {
            reject_calls: input.reject_calls,
            reject_message: input.reject_message,
        };
        self.store
            .set_call_settings(&device.device_id, &settings)
            .await?;
        tracing::info!(device_id = %device.device_id, reject_calls = settings.reject_calls,
            reply = settings.reject_message.is_some(), "call settings set");
        Ok(CallSettingsView::of(device.device_id, settings))
    }
}

/// Calls waiting for the setting to be applied beyond this are left ringing (logged).
const QUEUE: usize = 1_000;

/// Ringing calls, handed from the engine's event loop to the worker that rejects and replies:
/// replying is a full send, which must not hold up the device's other events.
pub struct CallInbox {
    tx: mpsc::Sender<(String, CallEvent)>,
    rx: std::sync::Mutex<Option<mpsc::Receiver<(String, CallEvent)>>>,
}

impl Default for CallInbox {
    fn default() -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        CallInbox {
            tx,
            rx: std::sync::Mutex::new(Some(rx)),
        }
    }
}

fn call_event(
    device_id: &str,
    call: &CallEvent,
    event_type: &'static str,
    rejected: bool,
) -> NewEvent {
    NewEvent {
        event_type,
        device_id: Some(device_id.to_string()),
        user_id: None,
        chat_jid: Some(call.from.to_string()),
        data: json!({
            "deviceId": device_id,
            "callId": call.call_id,
            "from": call.from,
            "phone": call.from.phone(),
            "video": call.video,
            "at": call.at,
            "rejected": rejected,
        }),
    }
}

/// Publishes a call from the engine; a ringing one also goes to the worker.
pub(crate) async fn record(
    runtime: &DeviceRuntime,
    device_id: &str,
    call: CallEvent,
) -> AppResult<()> {
    let event_type = match call.kind {
        CallEventKind::Offer => types::CALL_OFFER,
        CallEventKind::Missed => types::CALL_MISSED,
    };
    runtime
        .events
        .publish(call_event(device_id, &call, event_type, false))
        .await?;
    if call.kind == CallEventKind::Offer {
        if let Err(mpsc::error::TrySendError::Full(_)) = runtime
            .call_inbox
            .tx
            .try_send((device_id.to_string(), call))
        {
            tracing::warn!(device_id, "call queue full: call left ringing");
        }
    }
    Ok(())
}

/// Starts the worker that applies each device's call setting to ringing calls.
pub fn spawn(app: App) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let rx = app
            .runtime
            .call_inbox
            .rx
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let Some(mut rx) = rx else { return };
        while let Some((device_id, call)) = rx.recv().await {
            if let Err(e) = app.apply_call_setting(&device_id, &call).await {
                tracing::warn!(device_id, call_id = %call.call_id, error = %e, "call setting not applied");
            }
        }
    })
}

impl App {
    async fn apply_call_setting(&self, device_id: &str, call: &CallEvent) -> AppResult<()> {
        let settings = self.store.call_settings(device_id).await?;
        if !settings.reject_calls {
            return Ok(());
        }
        let device = self
            .store
            .device(device_id)
            .await?
            .ok_or(AppError::NotFound("device"))?;
        let engine = self.runtime.engines.get(device.engine)?;
        engine
            .reject_call(device_id, &call.call_id, &call.from)
            .await?;
        self.runtime
            .events
            .publish(call_event(device_id, call, types::CALL_MISSED, true))
            .await?;
        tracing::info!(device_id, call_id = %call.call_id, "call rejected");
        if let Some(body) = settings.reject_message {
            self.send(
                &device,
                call.from.clone(),
                MessageContent::Text { body },
                None,
                None,
                Vec::new(),
            )
            .await?;
        }
        Ok(())
    }
}
