//! Sending messages (what arrives is stored by `ingest`). The row exists (as `pending`) before the engine
//! is called, so a crash mid-send leaves a trace that becomes `uncertain`, never a silent loss.

use chrono::Utc;
use rand::Rng;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use gerbang_core::device::{Device, DeviceStatus};
use gerbang_core::engine::{
    EngineError, MediaData, MediaKind, MessageContent, MessageFlags, OutboundMessage, QuotedRef,
};
use gerbang_core::jid::{Jid, Phone};
use gerbang_core::message::{MediaInfo, Message, MessageStatus, NewMessage};

use crate::content::{apply_action, describe, mark_flags};
use crate::media;
use crate::validate::Fields;
use crate::{App, AppError, AppResult, Principal};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SendTextInput {
    /// Phone number (`+62 812-…`, `0812…`, digits) or JID (`…@g.us`, `…@lid`).
    /// Also accepted as `to`, `jid`, `recipient`, `number`, `phoneNumber`, `targetNumber` or `chatId`
    /// (the names earlier gateways used).
    #[serde(
        alias = "to",
        alias = "jid",
        alias = "recipient",
        alias = "number",
        alias = "phoneNumber",
        alias = "targetNumber",
        alias = "chatId"
    )]
    pub phone: String,
    /// Also accepted as `text`.
    #[serde(alias = "text")]
    pub message: String,
    /// The WhatsApp id of a message in the same chat to reply to.
    pub reply_to: Option<String>,
    /// Phone numbers or JIDs to mention (write `@<number>` in the text where they go).
    #[serde(default)]
    pub mentions: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SendLocationInput {
    /// Also accepted as `to`, `jid`, `recipient`, `number`, `phoneNumber`, `targetNumber` or `chatId`
    /// (the names earlier gateways used).
    #[serde(
        alias = "to",
        alias = "jid",
        alias = "recipient",
        alias = "number",
        alias = "phoneNumber",
        alias = "targetNumber",
        alias = "chatId"
    )]
    pub phone: String,
    pub latitude: f64,
    pub longitude: f64,
    pub name: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SendContactInput {
    /// Also accepted as `to`, `jid`, `recipient`, `number`, `phoneNumber`, `targetNumber` or `chatId`
    /// (the names earlier gateways used).
    #[serde(
        alias = "to",
        alias = "jid",
        alias = "recipient",
        alias = "number",
        alias = "phoneNumber",
        alias = "targetNumber",
        alias = "chatId"
    )]
    pub phone: String,
    /// The name shown on the contact card.
    pub contact_name: String,
    /// The number on the card.
    pub contact_phone: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReactionInput {
    /// The message to react to (its WhatsApp id).
    pub message_id: String,
    /// One emoji; empty to remove the reaction.
    pub emoji: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EditInput {
    /// One of this device's own text messages.
    pub message_id: String,
    pub message: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeleteInput {
    /// One of this device's own messages, deleted for everyone.
    pub message_id: String,
}

/// `send-media` as JSON: the file is fetched from a URL.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MediaUrlInput {
    /// Also accepted as `to`, `jid`, `recipient`, `number`, `phoneNumber`, `targetNumber` or `chatId`
    /// (the names earlier gateways used).
    #[serde(
        alias = "to",
        alias = "jid",
        alias = "recipient",
        alias = "number",
        alias = "phoneNumber",
        alias = "targetNumber",
        alias = "chatId"
    )]
    pub phone: String,
    /// A public http(s) URL; internal addresses are refused.
    pub url: String,
    /// `image`, `video`, `audio`, `voice`, `document` or `sticker`; from the content type when absent.
    #[serde(rename = "type")]
    pub kind: Option<MediaKind>,
    /// Also accepted as `message` or `text`.
    #[serde(alias = "message", alias = "text")]
    pub caption: Option<String>,
    pub file_name: Option<String>,
    #[serde(default)]
    pub voice_note: bool,
    pub reply_to: Option<String>,
}

/// A media file to send, as the HTTP layer received it.
#[derive(Debug)]
pub struct MediaUpload {
    pub to: String,
    pub kind: Option<MediaKind>,
    pub caption: Option<String>,
    pub voice_note: bool,
    pub file_name: Option<String>,
    pub mime: String,
    pub data: Vec<u8>,
    pub reply_to: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SendResult {
    pub message_id: String,
    pub chat_jid: String,
    pub status: MessageStatus,
    pub timestamp: chrono::DateTime<Utc>,
    /// The recipient's `@lid` when the engine knows it (from a number check, a message from
    /// them, or a send to their LID); `null` otherwise and for groups.
    #[schema(value_type = Option<String>, example = "100081200000042@lid")]
    pub recipient_lid: Option<Jid>,
    /// True when the device runs on the simulator: nothing reached WhatsApp.
    pub simulated: bool,
}

tokio::task_local! {
    /// The id the next send in this task takes instead of a fresh one: the Chatwoot bridge
    /// records an agent's message under its id before sending it, so that the bridge's reader
    /// of the event log knows it as its own and does not copy it back to Chatwoot.
    pub(crate) static PRESET_MESSAGE_ID: String;
}

tokio::task_local! {
    /// How the sends in this task travel (a forward says so).
    pub(crate) static SEND_FLAGS: MessageFlags;
}

/// WhatsApp Web's id shape: `3EB0` and twenty hex digits.
pub fn new_message_id() -> String {
    let mut rng = rand::thread_rng();
    let tail: String = (0..20)
        .map(|_| format!("{:X}", rng.gen_range(0..16u8)))
        .collect();
    format!("3EB0{tail}")
}

fn recipient(field: &str, input: &str) -> AppResult<Jid> {
    Jid::parse(input).map_err(|e| AppError::field(field, e))
}

impl App {
    pub(crate) async fn connected_device(
        &self,
        who: &Principal,
        device_id: &str,
    ) -> AppResult<Device> {
        let device = self.device_for(who, device_id).await?;
        if device.status != DeviceStatus::Connected {
            return Err(AppError::DeviceNotConnected {
                status: device.status,
            });
        }
        Ok(device)
    }

    /// Writes the pending row, sends, and records the outcome.
    pub(crate) async fn send(
        &self,
        device: &Device,
        to: Jid,
        content: MessageContent,
        media: Option<MediaInfo>,
        quoted: Option<QuotedRef>,
        mentions: Vec<Jid>,
    ) -> AppResult<SendResult> {
        let message = (content, media, quoted, mentions);
        self.send_for(device, to, message, None).await
    }

    /// Sends for a job recipient when `recipient_id` is given: its pending row and the
    /// recipient's link to it commit together.
    pub(crate) async fn send_for(
        &self,
        device: &Device,
        to: Jid,
        (content, media, quoted, mentions): (
            MessageContent,
            Option<MediaInfo>,
            Option<QuotedRef>,
            Vec<Jid>,
        ),
        recipient_id: Option<i64>,
    ) -> AppResult<SendResult> {
        self.runtime.engines.get(device.engine)?;
        let (message_type, body, mut extra) = describe(&content);
        let mut flags = SEND_FLAGS.try_with(|f| *f).unwrap_or_default();
        // As WhatsApp's clients do, every message of a chat with a timer carries it.
        flags.expiration = self
            .store
            .chat_timer(&device.device_id, to.as_str())
            .await?;
        mark_flags(&mut extra, &flags);
        let message = OutboundMessage {
            id: PRESET_MESSAGE_ID
                .try_with(Clone::clone)
                .unwrap_or_else(|_| new_message_id()),
            to: to.clone(),
            content,
            quoted,
            mentions,
            flags,
        };
        let row = NewMessage {
            device_id: device.device_id.clone(),
            message_id: message.id.clone(),
            chat_jid: to.to_string(),
            sender_jid: None,
            sender_phone: None,
            sender_lid: None,
            push_name: None,
            from_me: true,
            message_type,
            body,
            media,
            extra,
            quoted_id: message.quoted.as_ref().map(|q| q.id.clone()),
            mentions: message.mentions.iter().map(Jid::to_string).collect(),
            status: MessageStatus::Pending,
            is_read: true,
            timestamp: Utc::now(),
        };
        // In a task of its own: an HTTP client that hangs up drops the request's future, and a
        // send cut off between its pending row and its outcome would stay pending until the
        // next start calls it uncertain, sent or not.
        let (app, device) = (self.clone(), device.clone());
        let delivery = async move { app.deliver(&device, to, message, row, recipient_id).await };
        tokio::spawn(tracing::Instrument::in_current_span(delivery))
            .await
            .map_err(|e| AppError::Internal(format!("the send stopped: {e}")))?
    }

    /// Stores the pending row, hands the message to the engine and records the outcome.
    #[tracing::instrument(name = "send", skip_all, fields(device = %device.device_id, message = %row.message_id, kind = %row.message_type, job_recipient = ?recipient_id))]
    async fn deliver(
        &self,
        device: &Device,
        to: Jid,
        message: OutboundMessage,
        row: NewMessage,
        recipient_id: Option<i64>,
    ) -> AppResult<SendResult> {
        let engine = self.runtime.engines.get(device.engine)?;
        let inserted = match recipient_id {
            Some(id) => self.store.insert_job_message(&row, id).await?,
            None => self.store.insert_message(&row).await?,
        };
        if let Some((_, event)) = inserted {
            self.runtime.events.notify(&event);
        }
        let ids = [message.id.clone()];
        let started = std::time::Instant::now();
        let sent = engine.send(&device.device_id, &message).await;
        crate::metrics::send(
            device.engine.as_str(),
            sent.is_ok(),
            started.elapsed().as_secs_f64(),
        );
        match sent {
            Ok(ack) => {
                let changed = self
                    .store
                    .advance_status(&device.device_id, &ids, MessageStatus::Sent, None)
                    .await?;
                self.runtime
                    .events
                    .notify_all(changed.iter().map(|(_, e)| e));
                apply_action(
                    self.store.as_ref(),
                    &self.runtime.events,
                    &device.device_id,
                    &message.id,
                    &message.content,
                )
                .await?;
                // A receipt may have moved it past `sent` before this update; only then is the
                // stored status worth reading back.
                let status = match changed.first() {
                    Some((m, _)) => m.status,
                    None => self
                        .store
                        .message(&device.device_id, &message.id)
                        .await?
                        .map_or(MessageStatus::Sent, |m| m.status),
                };
                Ok(SendResult {
                    message_id: message.id,
                    chat_jid: to.to_string(),
                    status,
                    timestamp: ack.timestamp,
                    recipient_lid: ack.recipient_lid,
                    simulated: device.engine == gerbang_core::engine::EngineKind::Sim,
                })
            }
            Err(e) => {
                let reason = e.to_string();
                let changed = self
                    .store
                    .advance_status(
                        &device.device_id,
                        &ids,
                        MessageStatus::Failed,
                        Some(&reason),
                    )
                    .await?;
                self.runtime
                    .events
                    .notify_all(changed.iter().map(|(_, e)| e));
                tracing::warn!(device_id = %device.device_id, id = %message.id, %reason, "send failed");
                Err(match e {
                    EngineError::NotConnected => AppError::DeviceNotConnected {
                        status: device.status,
                    },
                    EngineError::Rejected(reason) | EngineError::Other(reason) => {
                        AppError::Upstream {
                            code: "send_failed",
                            message: format!("{reason} (message {} is marked failed)", message.id),
                        }
                    }
                    other => other.into(),
                })
            }
        }
    }

    /// The quoted message for a reply: it must be in this chat.
    async fn quoted(
        &self,
        device: &Device,
        chat: &Jid,
        reply_to: Option<&str>,
    ) -> AppResult<Option<QuotedRef>> {
        let Some(id) = reply_to.filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        let original = self.store.message(&device.device_id, id).await?;
        match original {
            Some(m) if m.chat_jid == chat.as_str() => Ok(Some(QuotedRef {
                id: m.message_id,
                sender: m.sender_jid.and_then(|s| Jid::parse(&s).ok()),
            })),
            _ => Err(AppError::field(
                "replyTo",
                "no message with this id in this chat",
            )),
        }
    }

    pub async fn send_text(
        &self,
        who: &Principal,
        device_id: &str,
        input: SendTextInput,
    ) -> AppResult<SendResult> {
        let mut f = Fields::new();
        let to = f.take("phone", Jid::parse(&input.phone));
        if input.message.trim().is_empty() {
            f.add("message", "must not be empty");
        } else if input.message.chars().count() > 65_536 {
            f.add("message", "must be at most 65536 characters");
        }
        let mentions: Vec<Jid> = input
            .mentions
            .iter()
            .enumerate()
            .filter_map(|(i, m)| f.take(&format!("mentions[{i}]"), Jid::parse(m)))
            .collect();
        f.finish()?;
        let to = to.ok_or_else(|| AppError::field("phone", "missing"))?;
        let device = self.connected_device(who, device_id).await?;
        let quoted = self.quoted(&device, &to, input.reply_to.as_deref()).await?;
        let content = MessageContent::Text {
            body: input.message,
        };
        let sent = self
            .send(&device, to.clone(), content, None, quoted, mentions)
            .await?;
        self.bot_note_agent_reply(&device.device_id, &to).await;
        Ok(sent)
    }

    pub async fn send_media(
        &self,
        who: &Principal,
        device_id: &str,
        up: MediaUpload,
    ) -> AppResult<SendResult> {
        let to = recipient("phone", &up.to)?;
        let kind = match (up.kind, up.voice_note) {
            (_, true) => MediaKind::Voice,
            (Some(k), false) => k,
            (None, false) => media::kind_for(&up.mime),
        };
        media::check(kind, &up.mime, up.data.len())?;
        // WhatsApp shows a sticker only if it really is WebP, whatever the upload claims.
        let webp = up.data.len() >= 12 && &up.data[..4] == b"RIFF" && &up.data[8..12] == b"WEBP";
        if kind == MediaKind::Sticker && !webp {
            return Err(AppError::field("file", "a sticker must be a WebP image"));
        }
        if let Some(c) = &up.caption {
            if c.chars().count() > 4096 {
                return Err(AppError::field(
                    "caption",
                    "must be at most 4096 characters",
                ));
            }
        }
        let device = self.connected_device(who, device_id).await?;
        let quoted = self.quoted(&device, &to, up.reply_to.as_deref()).await?;
        let info = self
            .runtime
            .media
            .put(&up.data, &up.mime, up.file_name.clone())
            .await?;
        let content = MessageContent::Media {
            media: MediaData {
                kind,
                mime: up.mime,
                file_name: up.file_name,
                data: up.data.into(),
            },
            caption: up.caption.filter(|c| !c.is_empty()),
        };
        let sent = self
            .send(&device, to.clone(), content, Some(info), quoted, Vec::new())
            .await?;
        self.bot_note_agent_reply(&device.device_id, &to).await;
        Ok(sent)
    }

    /// Fetches the file (with the SSRF guard) and sends it like an upload.
    pub async fn send_media_url(
        &self,
        who: &Principal,
        device_id: &str,
        i: MediaUrlInput,
    ) -> AppResult<SendResult> {
        Jid::parse(&i.phone).map_err(|e| AppError::field("phone", e))?;
        self.device_for(who, device_id).await?;
        let cap = i
            .kind
            .map_or(media::max_size(MediaKind::Document), media::max_size);
        let fetched = crate::fetch::fetch(&i.url, cap, self.settings.fetch_internal_urls).await?;
        let mime = fetched
            .mime
            .filter(|m| m != "application/octet-stream")
            .or_else(|| {
                i.file_name
                    .as_deref()
                    .or(fetched.file_name.as_deref())
                    .and_then(mime_from_name)
            })
            .unwrap_or_else(|| "application/octet-stream".into());
        let upload = MediaUpload {
            to: i.phone,
            kind: i.kind,
            caption: i.caption,
            voice_note: i.voice_note,
            file_name: i.file_name.or(fetched.file_name),
            mime,
            data: fetched.data,
            reply_to: i.reply_to,
        };
        self.send_media(who, device_id, upload).await
    }

    pub async fn send_location(
        &self,
        who: &Principal,
        device_id: &str,
        i: SendLocationInput,
    ) -> AppResult<SendResult> {
        let mut f = Fields::new();
        let to = f.take("phone", Jid::parse(&i.phone));
        if !(-90.0..=90.0).contains(&i.latitude) {
            f.add("latitude", "must be between -90 and 90");
        }
        if !(-180.0..=180.0).contains(&i.longitude) {
            f.add("longitude", "must be between -180 and 180");
        }
        f.finish()?;
        let device = self.connected_device(who, device_id).await?;
        let content = MessageContent::Location {
            latitude: i.latitude,
            longitude: i.longitude,
            name: i.name,
            address: i.address,
        };
        let to = to.ok_or_else(|| AppError::field("phone", "missing"))?;
        self.send(&device, to, content, None, None, Vec::new())
            .await
    }

    pub async fn send_contact(
        &self,
        who: &Principal,
        device_id: &str,
        i: SendContactInput,
    ) -> AppResult<SendResult> {
        let mut f = Fields::new();
        let to = f.take("phone", Jid::parse(&i.phone));
        let card_phone = f.take("contactPhone", Phone::parse(&i.contact_phone));
        f.check("contactName", crate::validate::name(&i.contact_name, 100))
            .finish()?;
        let (Some(to), Some(card_phone)) = (to, card_phone) else {
            return Err(AppError::field("phone", "missing"));
        };
        let device = self.connected_device(who, device_id).await?;
        let name = i.contact_name.trim().replace(['\n', '\r', ';'], " ");
        let vcard = format!(
            "BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nTEL;type=CELL;waid={}:{}\nEND:VCARD",
            card_phone.as_str(),
            card_phone
        );
        let content = MessageContent::Contact {
            display_name: name,
            vcard,
        };
        self.send(&device, to, content, None, None, Vec::new())
            .await
    }

    /// The stored message an action targets.
    async fn target(&self, device: &Device, message_id: &str, own: bool) -> AppResult<Message> {
        match self.store.message(&device.device_id, message_id).await? {
            Some(m) if !own || m.from_me => Ok(m),
            Some(_) => Err(AppError::field(
                "messageId",
                "only this device's own messages can be changed",
            )),
            None => Err(AppError::field(
                "messageId",
                "no message with this id on this device",
            )),
        }
    }

    pub async fn send_reaction(
        &self,
        who: &Principal,
        device_id: &str,
        i: ReactionInput,
    ) -> AppResult<SendResult> {
        if i.emoji.chars().count() > 8 {
            return Err(AppError::field(
                "emoji",
                "must be one emoji (or empty to remove)",
            ));
        }
        let device = self.connected_device(who, device_id).await?;
        let target = self.target(&device, &i.message_id, false).await?;
        let chat = recipient("messageId", &target.chat_jid)?;
        let content = MessageContent::Reaction {
            target_id: target.message_id,
            emoji: i.emoji,
        };
        self.send(&device, chat, content, None, None, Vec::new())
            .await
    }

    pub async fn edit_message(
        &self,
        who: &Principal,
        device_id: &str,
        i: EditInput,
    ) -> AppResult<SendResult> {
        if i.message.trim().is_empty() {
            return Err(AppError::field("message", "must not be empty"));
        }
        let device = self.connected_device(who, device_id).await?;
        let target = self.target(&device, &i.message_id, true).await?;
        if target.message_type != "text" || target.deleted {
            return Err(AppError::field(
                "messageId",
                "only text messages that still exist can be edited",
            ));
        }
        let chat = recipient("messageId", &target.chat_jid)?;
        let content = MessageContent::Edit {
            target_id: target.message_id,
            body: i.message,
        };
        self.send(&device, chat, content, None, None, Vec::new())
            .await
    }

    pub async fn delete_message(
        &self,
        who: &Principal,
        device_id: &str,
        i: DeleteInput,
    ) -> AppResult<SendResult> {
        let device = self.connected_device(who, device_id).await?;
        let target = self.target(&device, &i.message_id, true).await?;
        let chat = recipient("messageId", &target.chat_jid)?;
        let content = MessageContent::Revoke {
            target_id: target.message_id,
        };
        self.send(&device, chat, content, None, None, Vec::new())
            .await
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ForwardInput {
    /// The chat to forward to: a phone number or JID. Also accepted as `phone`, `jid` or `chatId`.
    #[serde(alias = "phone", alias = "jid", alias = "chatId")]
    pub to: String,
}

impl App {
    /// Sends a copy of a stored message (text, media, location or contact card) to another
    /// chat, marked as forwarded.
    pub async fn forward_message(
        &self,
        who: &Principal,
        device_id: &str,
        message_id: &str,
        input: ForwardInput,
    ) -> AppResult<SendResult> {
        let to = recipient("to", &input.to)?;
        let device = self.device_for(who, device_id).await?;
        let m = self
            .store
            .message(&device.device_id, message_id)
            .await?
            .ok_or(AppError::NotFound("message"))?;
        if m.deleted {
            return Err(AppError::field("messageId", "the message was deleted"));
        }
        let extra_str = |k: &str| m.extra.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let (content, media) = match m.message_type.as_str() {
            "text" => (
                MessageContent::Text {
                    body: m.body.clone().unwrap_or_default(),
                },
                None,
            ),
            "location" => (
                MessageContent::Location {
                    latitude: m.extra["latitude"].as_f64().unwrap_or_default(),
                    longitude: m.extra["longitude"].as_f64().unwrap_or_default(),
                    name: extra_str("name"),
                    address: extra_str("address"),
                },
                None,
            ),
            "contact" => (
                MessageContent::Contact {
                    display_name: m.body.clone().unwrap_or_default(),
                    vcard: extra_str("vcard").unwrap_or_default(),
                },
                None,
            ),
            kind => match (MediaKind::parse(kind), &m.media) {
                (Some(kind), Some(info)) => {
                    let data = self.runtime.media.get(&info.sha256).await?.ok_or_else(|| {
                        AppError::field("messageId", "the message's media is no longer stored")
                    })?;
                    let content = MessageContent::Media {
                        media: MediaData {
                            kind,
                            mime: info.mime.clone(),
                            file_name: info.file_name.clone(),
                            data: data.into(),
                        },
                        caption: m.body.clone(),
                    };
                    (content, Some(info.clone()))
                }
                _ => {
                    return Err(AppError::field(
                        "messageId",
                        "only text, media, locations and contact cards can be forwarded",
                    ))
                }
            },
        };
        let device = self.connected_device(who, device_id).await?;
        let flags = MessageFlags {
            forwarded: true,
            ..MessageFlags::default()
        };
        SEND_FLAGS
            .scope(
                flags,
                self.send(&device, to, content, media, None, Vec::new()),
            )
            .await
    }
}

/// A content type from a file name's extension, for servers that send none.
pub fn mime_from_name(name: &str) -> Option<String> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    let mime = match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "mp4" => "video/mp4",
        "3gp" => "video/3gpp",
        "mp3" => "audio/mpeg",
        "ogg" | "opus" => "audio/ogg",
        "m4a" => "audio/mp4",
        "aac" => "audio/aac",
        "pdf" => "application/pdf",
        _ => return None,
    };
    Some(mime.to_string())
}
