//! Inbound messages: whatsapp-rust's decrypted messages turned into Gerbang's, media
//! downloaded, `@lid` senders resolved to phone numbers, and the durability hook that holds
//! WhatsApp's acknowledgement until Gerbang has stored the message.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{TimeZone, Utc};
use gerbang_core::engine::{EngineEvent, InboundMessage, MediaData, MediaKind, MessageContent};
use gerbang_core::jid::{Jid, Phone};
use whatsapp_rust::anyhow;
use whatsapp_rust::prelude::{wa, MessageExt};
use whatsapp_rust::types::events::InboundMessage as WaInbound;
use whatsapp_rust::types::message::MessageSource;
use whatsapp_rust::wacore::download::Downloadable;
use whatsapp_rust::wacore_binary::JidExt as _;
use whatsapp_rust::{Client, InboundDurabilityHook, Jid as WaJid};

use crate::jid::{from_wa, phone_of};
use crate::recent::{preview, Known};
use crate::state::Shared;

/// Larger media is not downloaded: the message is stored with a note instead, so one huge video
/// cannot exhaust memory or stall the receive pipeline.
pub(crate) const MAX_MEDIA_BYTES: u64 = 64 * 1024 * 1024;

pub(crate) struct DurableInbound {
    pub shared: Arc<Shared>,
}

#[async_trait]
impl InboundDurabilityHook for DurableInbound {
    /// Every message of the batch is stored (or known to be a duplicate) before this returns
    /// `Ok`; any failure returns `Err`, WhatsApp is not acknowledged and redelivers the batch,
    /// and Gerbang drops the duplicates by message id.
    async fn on_messages(&self, client: Arc<Client>, batch: &[WaInbound]) -> anyhow::Result<()> {
        for m in batch {
            // A contact's story is not a chat message: reported on its own, never stored.
            if m.info.source.chat.is_status_broadcast() {
                if let Some(status) = crate::status::update(&client, m).await {
                    let id = status.id.clone();
                    self.shared
                        .emitter
                        .deliver(EngineEvent::Status(status))
                        .await
                        .map_err(|e| anyhow::anyhow!("status {id} was not recorded: {e}"))?;
                }
                continue;
            }
            let Some(message) = convert(&client, &self.shared, m).await else {
                continue;
            };
            let id = message.id.clone();
            self.shared
                .emitter
                .deliver(EngineEvent::Message(message))
                .await
                .map_err(|e| anyhow::anyhow!("message {id} was not stored: {e}"))?;
        }
        Ok(())
    }
}

/// Gerbang's form of a message, or `None` for what Gerbang does not keep (protocol chatter,
/// status updates, newsletters, kinds it has no type for).
pub(crate) async fn convert(
    client: &Client,
    shared: &Shared,
    m: &WaInbound,
) -> Option<InboundMessage> {
    let info = &m.info;
    let source = &info.source;
    let base = m.message.get_base_message();
    // Checked first, so nothing is downloaded for what is not kept (status updates…).
    let mut chat = from_wa(&source.chat)?;
    let mut content = content(client, base).await?;

    let (sender_wa, sender_phone, sender_lid) = sender(client, source).await;
    // A one-to-one chat addressed by LID is the same conversation as the one by number:
    // keep it under the number when WhatsApp tells us, so replies and history stay together.
    if !source.is_group && chat.kind() == gerbang_core::jid::JidKind::Lid {
        let phone = if source.is_from_me {
            source.recipient_alt.as_ref().and_then(phone_of)
        } else {
            sender_phone.clone()
        };
        if let Some(phone) = phone {
            chat = phone.jid();
        }
    }
    let sender = from_wa(&sender_wa).unwrap_or_else(|| chat.clone());
    match &mut content {
        // The secret rides in the context of the message as sent, outside any wrapper.
        MessageContent::Poll { secret, .. } if secret.is_empty() => {
            if let Some(s) = m
                .message
                .message_context_info
                .as_option()
                .and_then(|c| c.message_secret.clone())
            {
                *secret = s;
            }
        }
        MessageContent::PollVote {
            encrypted: Some(vote),
            ..
        } => {
            let key = base
                .poll_update_message
                .as_option()
                .and_then(|u| u.poll_creation_message_key.as_option());
            vote.voter = sender_wa.to_string();
            vote.creator = poll_creator(client, key, source, &sender_wa);
        }
        _ => {}
    }

    let context = context_info(base);
    shared.recent.remember(
        &info.id,
        Known {
            from_me: source.is_from_me,
            sender: (!source.is_from_me).then(|| sender_wa.clone()),
            preview: preview(base),
        },
    );
    Some(InboundMessage {
        id: info.id.to_string(),
        chat,
        sender,
        sender_phone,
        sender_lid,
        push_name: Some(info.push_name.clone()).filter(|n| !n.is_empty()),
        from_me: source.is_from_me,
        timestamp: Utc
            .timestamp_millis_opt(info.timestamp.timestamp_millis())
            .single()
            .unwrap_or_else(Utc::now),
        content,
        quoted_id: context.and_then(|c| c.stanza_id.clone()),
        mentions: mentions(context),
        flags: gerbang_core::engine::MessageFlags {
            forwarded: context.and_then(|c| c.is_forwarded) == Some(true),
            view_once: m.message.is_view_once(),
            expiration: context.and_then(|c| c.expiration).filter(|s| *s > 0),
        },
    })
}

/// Who wrote a message (without a device part), their number and their LID, as far as
/// WhatsApp or whatsapp-rust's LID mapping tell.
pub(crate) async fn sender(
    client: &Client,
    source: &MessageSource,
) -> (WaJid, Option<Phone>, Option<Jid>) {
    let sender_wa = source.sender.to_non_ad();
    let alt = source.sender_alt.as_ref().map(WaJid::to_non_ad);
    if sender_wa.is_lid() {
        let phone = match alt.as_ref().and_then(phone_of) {
            Some(phone) => Some(phone),
            None => lid_to_phone(client, &sender_wa).await,
        };
        let lid = from_wa(&sender_wa);
        return (sender_wa, phone, lid);
    }
    let lid = alt.filter(WaJid::is_lid).as_ref().and_then(from_wa);
    let phone = phone_of(&sender_wa);
    (sender_wa, phone, lid)
}

/// Who created the poll a vote is for, in the addressing the vote was encrypted for: the key
/// says whether the voter made it, or (in a group) who did; otherwise it is the other side of
/// the chat, which for a contact's vote is us (by LID when the voter writes by LID).
fn poll_creator(
    client: &Client,
    key: Option<&wa::MessageKey>,
    source: &whatsapp_rust::types::message::MessageSource,
    voter: &WaJid,
) -> String {
    if key.and_then(|k| k.from_me) == Some(true) {
        return voter.to_string();
    }
    if let Some(p) = key
        .and_then(|k| k.participant.as_deref())
        .filter(|p| !p.is_empty())
    {
        return p
            .parse::<WaJid>()
            .map_or_else(|_| p.to_string(), |j| j.to_non_ad_string());
    }
    if source.is_from_me {
        return source.chat.to_non_ad_string();
    }
    let own = if voter.is_lid() {
        client.lid().or_else(|| client.pn())
    } else {
        client.pn()
    };
    own.map(|j| j.to_non_ad_string()).unwrap_or_default()
}

async fn lid_to_phone(client: &Client, lid: &WaJid) -> Option<Phone> {
    match client.get_lid_pn_entry(lid).await {
        Ok(Some(entry)) => Phone::parse(&entry.phone_number).ok(),
        Ok(None) => None,
        Err(e) => {
            tracing::debug!(engine = "whatsapp", error = %e, "LID lookup failed");
            None
        }
    }
}

/// What a message carries, before any download.
pub(crate) enum Parsed<'a> {
    Ready(MessageContent),
    Media {
        kind: MediaKind,
        item: &'a dyn Downloadable,
        mime: Option<String>,
        file_name: Option<String>,
        length: Option<u64>,
        caption: Option<String>,
    },
}

async fn content(client: &Client, m: &wa::Message) -> Option<MessageContent> {
    match classify(m)? {
        Parsed::Ready(content) => Some(content),
        Parsed::Media {
            kind,
            item,
            mime,
            file_name,
            length,
            caption,
        } => {
            let placeholder = |why: String| {
                let mut body = format!("[{} not downloaded: {why}]", kind.as_str());
                if let Some(c) = &caption {
                    body.push('\n');
                    body.push_str(c);
                }
                Some(MessageContent::Text { body })
            };
            if length.is_some_and(|n| n > MAX_MEDIA_BYTES) {
                return placeholder(format!(
                    "larger than {} MiB",
                    MAX_MEDIA_BYTES / (1024 * 1024)
                ));
            }
            match client.download(item).await {
                Ok(bytes) => Some(MessageContent::Media {
                    media: MediaData {
                        kind,
                        mime: mime.unwrap_or_else(|| "application/octet-stream".into()),
                        file_name,
                        data: Arc::from(bytes),
                    },
                    caption,
                }),
                // Blocking the pipeline until the media comes back would stop every later
                // message; the text says what happened instead.
                Err(e) => {
                    tracing::warn!(engine = "whatsapp", error = %e, "media download failed");
                    placeholder(format!("{e}"))
                }
            }
        }
    }
}

/// The kind of message, for the kinds Gerbang keeps.
pub(crate) fn classify<'a>(m: &'a wa::Message) -> Option<Parsed<'a>> {
    let ready = |c| Some(Parsed::Ready(c));
    if let Some(p) = m.protocol_message.as_option() {
        use wa::message::protocol_message::Type;
        if p.r#type == Some(Type::EPHEMERAL_SETTING) {
            return ready(MessageContent::DisappearingTimer {
                seconds: p.ephemeral_expiration.unwrap_or(0),
            });
        }
        let target_id = p.key.as_option().and_then(|k| k.id.clone())?;
        return match p.r#type {
            Some(Type::REVOKE) => ready(MessageContent::Revoke { target_id }),
            Some(Type::MESSAGE_EDIT) => {
                let edited = p.edited_message.as_option()?.get_base_message();
                let body = edited.text_content().or_else(|| edited.get_caption())?;
                ready(MessageContent::Edit {
                    target_id,
                    body: body.to_string(),
                })
            }
            _ => None,
        };
    }
    if let Some(p) = [
        &m.poll_creation_message,
        &m.poll_creation_message_v2,
        &m.poll_creation_message_v3,
        &m.poll_creation_message_v5,
        &m.poll_creation_message_v6,
    ]
    .into_iter()
    .find_map(|p| p.as_option())
    {
        let options: Vec<String> = p
            .options
            .iter()
            .filter_map(|o| o.option_name.clone())
            .collect();
        return ready(MessageContent::Poll {
            question: p.name.clone().unwrap_or_default(),
            selectable: match p.selectable_options_count {
                // WhatsApp writes 0 for "as many as there are".
                Some(0) | None => options.len() as u32,
                Some(n) => n,
            },
            options,
            secret: m
                .message_context_info
                .as_option()
                .and_then(|c| c.message_secret.clone())
                .unwrap_or_default(),
        });
    }
    if let Some(u) = m.poll_update_message.as_option() {
        let vote = u.vote.as_option()?;
        return ready(MessageContent::PollVote {
            poll_id: u.poll_creation_message_key.as_option()?.id.clone()?,
            selected: Vec::new(),
            // Who created the poll and who voted are filled in from the envelope.
            encrypted: Some(gerbang_core::engine::EncryptedVote {
                payload: vote.enc_payload.clone()?,
                iv: vote.enc_iv.clone()?,
                creator: String::new(),
                voter: String::new(),
            }),
            poll: None,
        });
    }
    if let Some(r) = m.reaction_message.as_option() {
        return ready(MessageContent::Reaction {
            target_id: r.key.as_option().and_then(|k| k.id.clone())?,
            emoji: r.text.clone().unwrap_or_default(),
        });
    }
    if let Some(body) = m.text_content() {
        return ready(MessageContent::Text {
            body: body.to_string(),
        });
    }
    if let Some(l) = m.location_message.as_option() {
        return ready(MessageContent::Location {
            latitude: l.degrees_latitude?,
            longitude: l.degrees_longitude?,
            name: l.name.clone(),
            address: l.address.clone(),
        });
    }
    let contact = m.contact_message.as_option().or_else(|| {
        m.contacts_array_message
            .as_option()
            .and_then(|a| a.contacts.first())
    });
    if let Some(c) = contact {
        return ready(MessageContent::Contact {
            display_name: c.display_name.clone().unwrap_or_default(),
            vcard: c.vcard.clone()?,
        });
    }
    let caption = m.get_caption().map(str::to_string);
    let media = |kind, item: &'a dyn Downloadable, mime: &Option<String>, file_name, length| {
        Some(Parsed::Media {
            kind,
            item,
            mime: mime.clone(),
            file_name,
            length,
            caption: caption.clone(),
        })
    };
    if let Some(x) = m.image_message.as_option() {
        media(MediaKind::Image, x, &x.mimetype, None, x.file_length)
    } else if let Some(x) = m.video_message.as_option() {
        media(MediaKind::Video, x, &x.mimetype, None, x.file_length)
    } else if let Some(x) = m.audio_message.as_option() {
        let kind = if x.ptt == Some(true) {
            MediaKind::Voice
        } else {
            MediaKind::Audio
        };
        media(kind, x, &x.mimetype, None, x.file_length)
    } else if let Some(x) = m.document_message.as_option() {
        let name = x.file_name.clone();
        media(MediaKind::Document, x, &x.mimetype, name, x.file_length)
    } else if let Some(x) = m.sticker_message.as_option() {
        media(MediaKind::Sticker, x, &x.mimetype, None, x.file_length)
    } else {
        None
    }
}

/// The context (quote, mentions) of whichever part the message carries.
/// The people a message mentions, from its context (see [`context_info`]).
pub(crate) fn mentions(context: Option<&wa::ContextInfo>) -> Vec<Jid> {
    context
        .map(|c| {
            c.mentioned_jid
                .iter()
                .filter_map(|j| Jid::parse(j).ok())
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn context_info(m: &wa::Message) -> Option<&wa::ContextInfo> {
    [
        m.extended_text_message
            .as_option()
            .and_then(|x| x.context_info.as_option()),
        m.image_message
            .as_option()
            .and_then(|x| x.context_info.as_option()),
        m.video_message
            .as_option()
            .and_then(|x| x.context_info.as_option()),
        m.audio_message
            .as_option()
            .and_then(|x| x.context_info.as_option()),
        m.document_message
            .as_option()
            .and_then(|x| x.context_info.as_option()),
        m.sticker_message
            .as_option()
            .and_then(|x| x.context_info.as_option()),
        m.location_message
            .as_option()
            .and_then(|x| x.context_info.as_option()),
        m.contact_message
            .as_option()
            .and_then(|x| x.context_info.as_option()),
    ]
    .into_iter()
    .flatten()
    .next()
}
