//! Incoming calls: the per-device setting that rejects them and answers the caller in text.
//! A gateway has no one to pick up, so a shop wants the caller told to write instead.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use gerbang_core::store::CallSettings;

use crate::validate::Fields;
use crate::{App, AppResult, Principal};

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
