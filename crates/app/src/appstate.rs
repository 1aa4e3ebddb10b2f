//! Chat actions and labels: WhatsApp's app state, shared by an account's devices. A change made
//! here goes to WhatsApp first (as an app-state patch the phone applies), then into this
//! device's copy and out as an event; a change made on the phone arrives as an engine event
//! and takes the same way in, so the two cannot drift apart in how they are recorded.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use gerbang_core::appstate::{ChatAction, ChatFlags, Label, MessageLabelRef, LABEL_COLORS};
use gerbang_core::engine::EngineKind;
use gerbang_core::event::{types, NewEvent};
use gerbang_core::jid::Jid;
use gerbang_core::message::Message;
use gerbang_core::Store;

use crate::events::EventBus;
use crate::{App, AppError, AppResult, Principal};

/// Where a change came from, as events say it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Origin {
    /// This gateway's API.
    Api,
    /// Another device of the account, usually the phone.
    Phone,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::Api => "api",
            Origin::Phone => "phone",
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatUpdated {
    pub device_id: String,
    #[schema(example = "6281234567890@s.whatsapp.net")]
    pub chat_jid: String,
    /// The chat's state after the change.
    #[serde(flatten)]
    pub flags: ChatFlags,
    /// The ids of the labels on the chat after the change.
    pub labels: Vec<String>,
    /// True when the device runs on the simulator: nothing reached WhatsApp.
    pub simulated: bool,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MuteInput {
    /// When the mute ends (RFC 3339, in the future); without it the chat stays muted.
    pub until: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StarDone {
    pub device_id: String,
    pub chat_jid: String,
    pub message_id: String,
    pub starred: bool,
    pub simulated: bool,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct StarredQuery {
    /// Only this chat's starred messages (a number or a JID).
    pub chat_id: Option<String>,
    /// 1 to 200 (default 50).
    #[serde(default, deserialize_with = "gerbang_core::page::limit")]
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    #[serde(default, deserialize_with = "gerbang_core::page::non_negative")]
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StarredMessage {
    pub chat_jid: String,
    pub message_id: String,
    pub from_me: bool,
    pub starred_at: DateTime<Utc>,
    /// The message as stored; absent when the phone starred one this gateway never received.
    pub message: Option<Message>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LabelInput {
    /// 1 to 100 characters.
    #[schema(example = "Pesanan baru")]
    pub name: String,
    /// WhatsApp's colour index, 0 to 19 (default 0).
    pub color: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LabelList {
    pub device_id: String,
    pub labels: Vec<LabelWithChats>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LabelWithChats {
    #[serde(flatten)]
    pub label: Label,
    /// The chats the label is on.
    pub chats: Vec<String>,
    /// The single messages the label is on.
    pub messages: Vec<LabeledMessage>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LabeledMessage {
    pub chat_jid: String,
    pub message_id: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageLabelDone {
    pub device_id: String,
    pub chat_jid: String,
    pub message_id: String,
    pub label_id: String,
    pub labeled: bool,
    /// The ids of the labels on the message after the change.
    pub labels: Vec<String>,
    pub simulated: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LabelDone {
    pub device_id: String,
    #[serde(flatten)]
    pub label: Label,
    pub deleted: bool,
    pub simulated: bool,
}

/// A chat to act on: a phone number, a person's JID (`…@lid` too) or a group's.
fn chat(input: &str) -> AppResult<Jid> {
    Jid::parse(input).map_err(|e| AppError::field("jid", e))
}

fn label_input(input: &LabelInput) -> AppResult<(String, i32)> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::field("name", "1 to 100 characters"));
    }
    let color = input.color.unwrap_or(0);
    if !(0..LABEL_COLORS).contains(&color) {
        return Err(AppError::field("color", "a colour index from 0 to 19"));
    }
    Ok((name.to_string(), color))
}

async fn chat_labels(store: &dyn Store, device_id: &str, chat: &str) -> AppResult<Vec<String>> {
    Ok(store
        .chat_labels(device_id)
        .await?
        .into_iter()
        .filter(|(c, _)| c == chat)
        .map(|(_, l)| l)
        .collect())
}

async fn message_labels(
    store: &dyn Store,
    device_id: &str,
    chat: &str,
    message_id: &str,
) -> AppResult<Vec<String>> {
    Ok(store
        .message_labels(device_id)
        .await?
        .into_iter()
        .filter(|l| l.chat_jid == chat && l.message_id == message_id)
        .map(|l| l.label_id)
        .collect())
}

/// Applies a chat action to the device's copy of the app state and reports it; the flags and
/// labels of the chat afterwards (for a label on a message, the message's labels).
pub(crate) async fn record_action(
    store: &dyn Store,
    events: &EventBus,
    device_id: &str,
    chat: &Jid,
    action: &ChatAction,
    origin: Origin,
) -> AppResult<(ChatFlags, Vec<String>)> {
    let chat_jid = chat.as_str();
    let mut flags = store.chat_flags(device_id, chat_jid).await?;
    let mut data = serde_json::json!({
        "deviceId": device_id,
        "chatJid": chat_jid,
        "action": action.name(),
        "origin": origin.as_str(),
    });
    match action {
        ChatAction::Star {
            message_id,
            from_me,
            starred,
            ..
        } => {
            store
                .set_starred(device_id, chat_jid, message_id, *from_me, *starred)
                .await?;
            data["messageId"] = message_id.as_str().into();
            data["fromMe"] = (*from_me).into();
            data["starred"] = (*starred).into();
            events
                .publish(NewEvent {
                    event_type: types::MESSAGE_STARRED,
                    device_id: Some(device_id.to_string()),
                    user_id: None,
                    chat_jid: Some(chat_jid.to_string()),
                    data,
                })
                .await?;
            let labels = chat_labels(store, device_id, chat_jid).await?;
            return Ok((flags, labels));
        }
        ChatAction::MessageLabel {
            label_id,
            message_id,
            from_me,
            labeled,
            ..
        } => {
            let on = MessageLabelRef {
                label_id: label_id.clone(),
                chat_jid: chat_jid.to_string(),
                message_id: message_id.clone(),
            };
            store.set_message_label(device_id, &on, *labeled).await?;
            data["messageId"] = message_id.as_str().into();
            data["fromMe"] = (*from_me).into();
            data["labelId"] = label_id.as_str().into();
            data["labeled"] = (*labeled).into();
            let labels = message_labels(store, device_id, chat_jid, message_id).await?;
            data["labels"] = labels.clone().into();
            events
                .publish(NewEvent {
                    event_type: types::MESSAGE_LABELED,
                    device_id: Some(device_id.to_string()),
                    user_id: None,
                    chat_jid: Some(chat_jid.to_string()),
                    data,
                })
                .await?;
            return Ok((flags, labels));
        }
        ChatAction::Label { label_id, labeled } => {
            store
                .set_chat_label(device_id, label_id, chat_jid, *labeled)
                .await?;
            data["labelId"] = label_id.as_str().into();
            data["labeled"] = (*labeled).into();
        }
        _ => {
            flags.apply(action);
            flags = flags.at(Utc::now());
            store.set_chat_flags(device_id, chat_jid, &flags).await?;
        }
    }
    let labels = chat_labels(store, device_id, chat_jid).await?;
    if let (serde_json::Value::Object(map), serde_json::Value::Object(f)) =
        (&mut data, serde_json::to_value(&flags).unwrap_or_default())
    {
        map.extend(f);
        map.insert("labels".into(), labels.clone().into());
    }
    events
        .publish(NewEvent {
            event_type: types::CHAT_UPDATED,
            device_id: Some(device_id.to_string()),
            user_id: None,
            chat_jid: Some(chat_jid.to_string()),
            data,
        })
        .await?;
    Ok((flags, labels))
}

/// Records a label created, changed or deleted, and reports it.
pub(crate) async fn record_label(
    store: &dyn Store,
    events: &EventBus,
    device_id: &str,
    label: &Label,
    deleted: bool,
    origin: Origin,
) -> AppResult<()> {
    if deleted {
        store.delete_label(device_id, &label.id).await?;
    } else {
        store.upsert_label(device_id, label).await?;
    }
    events
        .publish(NewEvent {
            event_type: types::LABEL_UPDATED,
            device_id: Some(device_id.to_string()),
            user_id: None,
            chat_jid: None,
            data: serde_json::json!({
                "deviceId": device_id,
                "label": label,
                "deleted": deleted,
                "origin": origin.as_str(),
            }),
        })
        .await?;
    Ok(())
}

impl App {
    /// Pins, archives, mutes or marks a chat (or the reverse) on WhatsApp, then here.
    pub async fn chat_action(
        &self,
        who: &Principal,
        device_id: &str,
        jid: &str,
        action: ChatAction,
    ) -> AppResult<ChatUpdated> {
        let chat = chat(jid)?;
        if let ChatAction::Mute {
            until: Some(until), ..
        } = &action
        {
            if *until <= Utc::now() {
                return Err(AppError::field("until", "must be in the future"));
            }
        }
        if let ChatAction::Label { label_id, .. } = &action {
            let device = self.device_for(who, device_id).await?;
            self.known_label(&device.device_id, label_id).await?;
        }
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        engine
            .chat_action(&device.device_id, &chat, &action)
            .await?;
        tracing::info!(device_id = %device.device_id, chat = %chat, action = action.name(), "chat changed");
        let (flags, labels) = record_action(
            self.store.as_ref(),
            &self.runtime.events,
            &device.device_id,
            &chat,
            &action,
            Origin::Api,
        )
        .await?;
        Ok(ChatUpdated {
            device_id: device.device_id,
            chat_jid: chat.to_string(),
            flags,
            labels,
            simulated: device.engine == EngineKind::Sim,
        })
    }

    /// The device's label with this id, as last synced; 404 without one.
    async fn known_label(&self, device_id: &str, label_id: &str) -> AppResult<Label> {
        self.store
            .labels(device_id)
            .await?
            .into_iter()
            .find(|l| l.id == label_id)
            .ok_or(AppError::NotFound("label"))
    }

    /// A stored message of the chat, and who wrote it when WhatsApp needs to be told (a group
    /// message from someone else).
    async fn chat_message(
        &self,
        device_id: &str,
        chat: &Jid,
        message_id: &str,
    ) -> AppResult<(Message, Option<Jid>)> {
        let message = self
            .store
            .message(device_id, message_id)
            .await?
            .filter(|m| m.chat_jid == chat.as_str())
            .ok_or(AppError::NotFound("message"))?;
        let sender = match (chat.is_group(), message.from_me) {
            (true, false) => message
                .sender_jid
                .as_deref()
                .and_then(|s| Jid::parse(s).ok()),
            _ => None,
        };
        Ok((message, sender))
    }

    /// Stars or unstars a stored message of the chat.
    pub async fn star_message(
        &self,
        who: &Principal,
        device_id: &str,
        jid: &str,
        message_id: &str,
        starred: bool,
    ) -> AppResult<StarDone> {
        let chat = chat(jid)?;
        let device = self.device_for(who, device_id).await?;
        let (message, sender) = self
            .chat_message(&device.device_id, &chat, message_id)
            .await?;
        let device = self.connected_device(who, device_id).await?;
        let action = ChatAction::Star {
            message_id: message.message_id.clone(),
            from_me: message.from_me,
            sender,
            starred,
        };
        let engine = self.runtime.engines.get(device.engine)?;
        engine
            .chat_action(&device.device_id, &chat, &action)
            .await?;
        record_action(
            self.store.as_ref(),
            &self.runtime.events,
            &device.device_id,
            &chat,
            &action,
            Origin::Api,
        )
        .await?;
        Ok(StarDone {
            device_id: device.device_id,
            chat_jid: chat.to_string(),
            message_id: message.message_id,
            starred,
            simulated: device.engine == EngineKind::Sim,
        })
    }

    /// Puts a label on (`labeled`) or takes it off a stored message of the chat.
    pub async fn label_message(
        &self,
        who: &Principal,
        device_id: &str,
        jid: &str,
        message_id: &str,
        label_id: &str,
        labeled: bool,
    ) -> AppResult<MessageLabelDone> {
        let chat = chat(jid)?;
        let device = self.device_for(who, device_id).await?;
        let (message, sender) = self
            .chat_message(&device.device_id, &chat, message_id)
            .await?;
        self.known_label(&device.device_id, label_id).await?;
        let device = self.connected_device(who, device_id).await?;
        let action = ChatAction::MessageLabel {
            label_id: label_id.to_string(),
            message_id: message.message_id.clone(),
            from_me: message.from_me,
            sender,
            labeled,
        };
        let engine = self.runtime.engines.get(device.engine)?;
        engine
            .chat_action(&device.device_id, &chat, &action)
            .await?;
        tracing::info!(device_id = %device.device_id, chat = %chat, label = label_id, labeled, "message label changed");
        let (_, labels) = record_action(
            self.store.as_ref(),
            &self.runtime.events,
            &device.device_id,
            &chat,
            &action,
            Origin::Api,
        )
        .await?;
        Ok(MessageLabelDone {
            device_id: device.device_id,
            chat_jid: chat.to_string(),
            message_id: message.message_id,
            label_id: label_id.to_string(),
            labeled,
            labels,
            simulated: device.engine == EngineKind::Sim,
        })
    }

    /// Starred messages, the most recently starred first (stored state; no connection needed).
    pub async fn starred_messages(
        &self,
        who: &Principal,
        device_id: &str,
        q: StarredQuery,
    ) -> AppResult<Vec<StarredMessage>> {
        let device = self.device_for(who, device_id).await?;
        let chat = q.chat_id.as_deref().map(|c| {
            Jid::parse(c)
                .map(|j| j.to_string())
                .map_err(|e| AppError::field("chatId", e))
        });
        let chat = chat.transpose()?;
        let refs = self
            .store
            .starred(
                &device.device_id,
                chat.as_deref(),
                q.limit.unwrap_or(50).clamp(1, 200),
                q.offset.unwrap_or(0).max(0),
            )
            .await?;
        let mut out = Vec::with_capacity(refs.len());
        for r in refs {
            let message = self
                .store
                .message(&device.device_id, &r.message_id)
                .await?
                .filter(|m| m.chat_jid == r.chat_jid);
            out.push(StarredMessage {
                chat_jid: r.chat_jid,
                message_id: r.message_id,
                from_me: r.from_me,
                starred_at: r.starred_at,
                message,
            });
        }
        Ok(out)
    }

    /// The device's labels (as last synced) with the chats each is on.
    pub async fn labels(&self, who: &Principal, device_id: &str) -> AppResult<LabelList> {
        let device = self.device_for(who, device_id).await?;
        let pairs = self.store.chat_labels(&device.device_id).await?;
        let on_messages = self.store.message_labels(&device.device_id).await?;
        let labels = self
            .store
            .labels(&device.device_id)
            .await?
            .into_iter()
            .map(|label| LabelWithChats {
                chats: pairs
                    .iter()
                    .filter(|(_, l)| *l == label.id)
                    .map(|(c, _)| c.clone())
                    .collect(),
                messages: on_messages
                    .iter()
                    .filter(|m| m.label_id == label.id)
                    .map(|m| LabeledMessage {
                        chat_jid: m.chat_jid.clone(),
                        message_id: m.message_id.clone(),
                    })
                    .collect(),
                label,
            })
            .collect();
        Ok(LabelList {
            device_id: device.device_id,
            labels,
        })
    }

    /// Creates a label under the next free id (WhatsApp's ids are small numbers).
    pub async fn create_label(
        &self,
        who: &Principal,
        device_id: &str,
        input: LabelInput,
    ) -> AppResult<LabelDone> {
        let (name, color) = label_input(&input)?;
        let device = self.connected_device(who, device_id).await?;
        let known = self.store.labels(&device.device_id).await?;
        let next = known
            .iter()
            .filter_map(|l| l.id.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        let label = Label {
            id: next.to_string(),
            name,
            color,
        };
        self.edit_label(device, label).await
    }

    /// Renames or recolours a label.
    pub async fn update_label(
        &self,
        who: &Principal,
        device_id: &str,
        label_id: &str,
        input: LabelInput,
    ) -> AppResult<LabelDone> {
        let (name, color) = label_input(&input)?;
        let device = self.device_for(who, device_id).await?;
        self.known_label(&device.device_id, label_id).await?;
        let device = self.connected_device(who, device_id).await?;
        let label = Label {
            id: label_id.to_string(),
            name,
            color,
        };
        self.edit_label(device, label).await
    }

    async fn edit_label(
        &self,
        device: gerbang_core::device::Device,
        label: Label,
    ) -> AppResult<LabelDone> {
        let engine = self.runtime.engines.get(device.engine)?;
        engine.edit_label(&device.device_id, &label).await?;
        tracing::info!(device_id = %device.device_id, label = %label.id, "label edited");
        record_label(
            self.store.as_ref(),
            &self.runtime.events,
            &device.device_id,
            &label,
            false,
            Origin::Api,
        )
        .await?;
        Ok(LabelDone {
            device_id: device.device_id,
            label,
            deleted: false,
            simulated: device.engine == EngineKind::Sim,
        })
    }

    /// Deletes a label; it comes off every chat.
    pub async fn delete_label(
        &self,
        who: &Principal,
        device_id: &str,
        label_id: &str,
    ) -> AppResult<LabelDone> {
        let device = self.device_for(who, device_id).await?;
        let label = self.known_label(&device.device_id, label_id).await?;
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        engine.delete_label(&device.device_id, &label.id).await?;
        tracing::info!(device_id = %device.device_id, label = %label.id, "label deleted");
        record_label(
            self.store.as_ref(),
            &self.runtime.events,
            &device.device_id,
            &label,
            true,
            Origin::Api,
        )
        .await?;
        Ok(LabelDone {
            device_id: device.device_id,
            label,
            deleted: true,
            simulated: device.engine == EngineKind::Sim,
        })
    }
}
