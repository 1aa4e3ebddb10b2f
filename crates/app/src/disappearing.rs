//! Disappearing messages per chat: the timer is set here (WhatsApp tells the contact) or by the
//! contact, kept per chat, carried by every message sent in the chat, and told as
//! `chat.disappearing`.

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use gerbang_core::engine::{InboundMessage, MessageContent};
use gerbang_core::event::{types, NewEvent};
use gerbang_core::jid::Jid;

use crate::runtime::DeviceRuntime;
use crate::{App, AppError, AppResult, Principal};

/// The timers WhatsApp offers: off, 24 hours, 7 days, 90 days.
pub const TIMERS: [u32; 4] = [0, 86_400, 604_800, 7_776_000];

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DisappearingInput {
    /// `0` (off), `86400` (24 hours), `604800` (7 days) or `7776000` (90 days).
    pub seconds: u32,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DisappearingTimer {
    pub chat_jid: String,
    /// 0 when off.
    pub seconds: u32,
    /// True when the device runs on the simulator: nothing reached WhatsApp.
    pub simulated: bool,
}

/// Records a timer change and tells it.
async fn changed(
    rt: &DeviceRuntime,
    device_id: &str,
    chat: &str,
    seconds: u32,
    from_me: bool,
    by: Option<String>,
) -> AppResult<()> {
    rt.store.set_chat_timer(device_id, chat, seconds).await?;
    rt.events
        .publish(NewEvent {
            event_type: types::CHAT_DISAPPEARING,
            device_id: Some(device_id.to_string()),
            user_id: None,
            chat_jid: Some(chat.to_string()),
            data: json!({
                "deviceId": device_id,
                "chatJid": chat,
                "seconds": seconds,
                "fromMe": from_me,
                "senderJid": by,
            }),
        })
        .await?;
    Ok(())
}

/// A timer change from the chat (the contact, or this account's phone): kept, and told.
pub(crate) async fn record_inbound(
    rt: &DeviceRuntime,
    device_id: &str,
    message: &InboundMessage,
) -> AppResult<()> {
    let MessageContent::DisappearingTimer { seconds } = message.content else {
        return Ok(());
    };
    changed(
        rt,
        device_id,
        message.chat.as_str(),
        seconds,
        message.from_me,
        Some(message.sender.to_string()),
    )
    .await
}

impl App {
    pub async fn set_disappearing(
        &self,
        who: &Principal,
        device_id: &str,
        chat: &str,
        input: DisappearingInput,
    ) -> AppResult<DisappearingTimer> {
        let chat = Jid::parse(chat).map_err(|e| AppError::field("chatId", e))?;
        if !TIMERS.contains(&input.seconds) {
            return Err(AppError::field(
                "seconds",
                "must be 0 (off), 86400 (24 hours), 604800 (7 days) or 7776000 (90 days)",
            ));
        }
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        engine
            .set_disappearing_timer(device_id, &chat, input.seconds)
            .await?;
        changed(
            &self.runtime,
            device_id,
            chat.as_str(),
            input.seconds,
            true,
            None,
        )
        .await?;
        Ok(DisappearingTimer {
            chat_jid: chat.to_string(),
            seconds: input.seconds,
            simulated: device.engine == gerbang_core::engine::EngineKind::Sim,
        })
    }
}
