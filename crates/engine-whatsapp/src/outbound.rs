//! Outbound messages: Gerbang's message turned into WhatsApp's, media uploaded, and sent under
//! the id Gerbang chose (so the stored row and WhatsApp agree on it).

use gerbang_core::engine::{EngineError, MediaKind, MessageContent, OutboundMessage};
use gerbang_core::jid::Jid;
use whatsapp_rust::buffa::MessageField;
use whatsapp_rust::download::MediaType;
use whatsapp_rust::media::{self, AudioOptions, DocumentOptions, ImageOptions, VideoOptions};
use whatsapp_rust::prelude::{wa, EditOptions, MessageBuilderExt, SendError, SendOptions};
use whatsapp_rust::upload::UploadOptions;
use whatsapp_rust::wacore_binary::JidExt;
use whatsapp_rust::{Client, Jid as WaJid, RevokeType};

use crate::jid::to_wa;
use crate::recent::{preview, quoted_stub, Known};
use crate::state::Shared;

/// Sends `message`; the id WhatsApp sees is `message.id`, except for a revoke, whose stanza id
/// whatsapp-rust 0.7 picks itself (its `revoke_message` takes no id and reports none).
pub(crate) async fn send(
    client: &Client,
    shared: &Shared,
    message: &OutboundMessage,
) -> Result<(), EngineError> {
    let to = to_wa(&message.to)?;
    let id = message.id.clone();
    let options = SendOptions::default().with_message_id(id.clone());
    let remember = |m: &wa::Message| {
        shared.recent.remember(
            &id,
            Known {
                from_me: true,
                sender: None,
                preview: preview(m),
            },
        )
    };
    match &message.content {
        MessageContent::Edit { target_id, body } => {
            let edit = EditOptions::default().with_stanza_id(id.clone());
            client
                .edit_message_with_options(
                    to,
                    target_id.clone(),
                    wa::Message::text(body.clone()),
                    edit,
                )
                .await
                .map(|_| ())
                .map_err(send_error)
        }
        MessageContent::Revoke { target_id } => client
            .revoke_message(to, target_id.clone(), RevokeType::Sender)
            .await
            .map_err(send_error),
        MessageContent::Reaction { target_id, emoji } => {
            let key = message_key(client, shared, &to, target_id);
            let reaction = whatsapp_rust::wacore::proto_helpers::build_reaction_message(
                key,
                emoji.clone(),
                whatsapp_rust::wacore::time::now_millis(),
            );
            client
                .send_message_with_options(to, reaction, options)
                .await
                .map(|_| ())
                .map_err(send_error)
        }
        MessageContent::Poll {
            question,
            options,
            selectable,
            secret,
        } => {
            let mut wa_message = poll_message(question, options, *selectable, secret);
            if let Some(context) = context(client.pn(), shared, message)? {
                for poll in [
                    &mut wa_message.poll_creation_message,
                    &mut wa_message.poll_creation_message_v3,
                ] {
                    if let Some(p) = poll.as_option_mut() {
                        p.context_info = MessageField::some(context.clone());
                    }
                }
            }
            remember(&wa_message);
            client
                .send_message_with_options(to, wa_message, options_for(id.clone()))
                .await
                .map(|_| ())
                .map_err(send_error)
        }
        MessageContent::PollVote {
            poll_id,
            selected,
            poll,
            ..
        } => {
            let poll = poll
                .as_ref()
                .ok_or_else(|| EngineError::Other("a vote needs its poll".into()))?;
            let creator = match (&poll.creator, poll.from_me) {
                (Some(creator), false) => to_wa(creator)?,
                _ => client.pn().ok_or(EngineError::NotConnected)?.to_non_ad(),
            };
            client
                .polls()
                .vote(to, poll_id, &creator, &poll.secret, selected)
                .await
                .map(|_| ())
                .map_err(|e| match e {
                    whatsapp_rust::PollError::Send(e) => send_error(e),
                    whatsapp_rust::PollError::NotLoggedIn => EngineError::NotConnected,
                    other => EngineError::Other(other.to_string()),
                })
        }
        _ => {
            let context = context(client.pn(), shared, message)?;
            let wa_message = match body(&message.content, context.clone())? {
                Some(m) => m,
                None => media(client, &message.content, context).await?,
            };
            remember(&wa_message);
            client
                .send_message_with_options(to, wa_message, options)
                .await
                .map(|_| ())
                .map_err(send_error)
        }
    }
}

fn options_for(id: String) -> SendOptions {
    SendOptions::default().with_message_id(id)
}

/// A poll as WhatsApp Web makes it: the v3 message for a single choice, v1 for several, and
/// the secret every vote is encrypted with in the message's context.
pub(crate) fn poll_message(
    question: &str,
    options: &[String],
    selectable: u32,
    secret: &[u8],
) -> wa::Message {
    let poll = wa::message::PollCreationMessage {
        name: Some(question.to_string()),
        options: options
            .iter()
            .map(|name| wa::message::poll_creation_message::Option {
                option_name: Some(name.clone()),
                option_hash: None,
            })
            .collect(),
        selectable_options_count: Some(selectable),
        poll_content_type: Some(wa::message::PollContentType::TEXT),
        ..Default::default()
    };
    let mut message = if selectable == 1 {
        wa::Message {
            poll_creation_message_v3: MessageField::some(poll),
            ..Default::default()
        }
    } else {
        wa::Message {
            poll_creation_message: MessageField::some(poll),
            ..Default::default()
        }
    };
    message.message_context_info = MessageField::some(wa::MessageContextInfo {
        message_secret: Some(secret.to_vec()),
        ..Default::default()
    });
    message
}

/// The key of a message in `chat`: ours, or someone's (then, in a group, naming the author).
fn message_key(client: &Client, shared: &Shared, chat: &WaJid, id: &str) -> wa::MessageKey {
    let known = shared.recent.get(id);
    let from_me = known.as_ref().is_some_and(|k| k.from_me);
    let participant = match &known {
        Some(k) if chat.is_group() && !k.from_me => k.sender.as_ref().map(WaJid::to_non_ad_string),
        Some(_) if chat.is_group() => client.pn().map(|j| j.to_non_ad_string()),
        _ => None,
    };
    wa::MessageKey {
        remote_jid: Some(chat.to_string()),
        from_me: Some(from_me),
        id: Some(id.to_string()),
        participant,
    }
}

/// Reply and mentions, when the message has either. `own` is this account's JID, the author of
/// quoted messages Gerbang sent.
pub(crate) fn context(
    own: Option<WaJid>,
    shared: &Shared,
    message: &OutboundMessage,
) -> Result<Option<wa::ContextInfo>, EngineError> {
    let flags = &message.flags;
    if message.quoted.is_none()
        && message.mentions.is_empty()
        && !flags.forwarded
        && flags.expiration.is_none()
    {
        return Ok(None);
    }
    let mut context = wa::ContextInfo::default();
    if flags.forwarded {
        // Gerbang forwards from its own store, which keeps no earlier score: one hop.
        context.is_forwarded = Some(true);
        context.forwarding_score = Some(1);
    }
    if let Some(seconds) = flags.expiration.filter(|s| *s > 0) {
        context.expiration = Some(seconds);
    }
    if let Some(quoted) = &message.quoted {
        let known = shared.recent.get(&quoted.id);
        // WhatsApp names the author of the quoted message; ours when Gerbang knows no sender.
        let author = match &quoted.sender {
            Some(sender) => Some(to_wa(sender)?),
            None => known.as_ref().and_then(|k| k.sender.clone()).or(own),
        };
        context.stanza_id = Some(quoted.id.clone());
        context.participant = author.map(|a| a.to_non_ad_string());
        context.quoted_message = MessageField::some(quoted_stub(known.as_ref()));
    }
    context.mentioned_jid = message
        .mentions
        .iter()
        .map(|j| to_wa(j).map(|j| j.to_string()))
        .collect::<Result<_, _>>()?;
    Ok(Some(context))
}

/// The message for content that needs no upload; `None` for media.
pub(crate) fn body(
    content: &MessageContent,
    context: Option<wa::ContextInfo>,
) -> Result<Option<wa::Message>, EngineError> {
    let context_field = |c: Option<wa::ContextInfo>| c.map(MessageField::some).unwrap_or_default();
    Ok(Some(match content {
        MessageContent::Text { body } => match context {
            Some(context) => wa::Message::text_with_context(body.clone(), context),
            None => wa::Message::text(body.clone()),
        },
        MessageContent::Location {
            latitude,
            longitude,
            name,
            address,
        } => wa::Message {
            location_message: MessageField::some(wa::message::LocationMessage {
                degrees_latitude: Some(*latitude),
                degrees_longitude: Some(*longitude),
                name: name.clone(),
                address: address.clone(),
                context_info: context_field(context),
                ..Default::default()
            }),
            ..Default::default()
        },
        MessageContent::Contact {
            display_name,
            vcard,
        } => wa::Message {
            contact_message: MessageField::some(wa::message::ContactMessage {
                display_name: Some(display_name.clone()),
                vcard: Some(vcard.clone()),
                context_info: context_field(context),
                ..Default::default()
            }),
            ..Default::default()
        },
        MessageContent::Media { .. } => return Ok(None),
        MessageContent::Reaction { .. }
        | MessageContent::Edit { .. }
        | MessageContent::Revoke { .. }
        | MessageContent::Poll { .. }
        | MessageContent::PollVote { .. }
        | MessageContent::DisappearingTimer { .. } => {
            return Err(EngineError::Other("not a message body".into()))
        }
    }))
}

/// Uploads the media and builds its message.
pub(crate) async fn media(
    client: &Client,
    content: &MessageContent,
    context: Option<wa::ContextInfo>,
) -> Result<wa::Message, EngineError> {
    let MessageContent::Media {
        media: data,
        caption,
    } = content
    else {
        return Err(EngineError::Other("not media".into()));
    };
    let media_type = match data.kind {
        MediaKind::Image => MediaType::Image,
        MediaKind::Video => MediaType::Video,
        MediaKind::Audio | MediaKind::Voice => MediaType::Audio,
        MediaKind::Document => MediaType::Document,
        MediaKind::Sticker => MediaType::Sticker,
    };
    let up = client
        .upload(data.data.to_vec(), media_type, UploadOptions::default())
        .await
        .map_err(|e| EngineError::Other(format!("media upload failed: {e:#}")))?;
    let mimetype = Some(data.mime.clone());
    let boxed = context.clone().map(Box::new);
    Ok(match data.kind {
        MediaKind::Image => media::image_message(
            up,
            ImageOptions {
                caption: caption.clone(),
                mimetype,
                context_info: boxed,
                ..Default::default()
            },
        ),
        MediaKind::Video => media::video_message(
            up,
            VideoOptions {
                caption: caption.clone(),
                mimetype,
                context_info: boxed,
                ..Default::default()
            },
        ),
        MediaKind::Audio | MediaKind::Voice => media::audio_message(
            up,
            AudioOptions {
                mimetype,
                ptt: Some(data.kind == MediaKind::Voice),
                context_info: boxed,
                ..Default::default()
            },
        ),
        MediaKind::Document => media::document_message(
            up,
            DocumentOptions {
                mimetype,
                file_name: data.file_name.clone(),
                title: data.file_name.clone(),
                caption: caption.clone(),
                context_info: boxed,
                ..Default::default()
            },
        ),
        // whatsapp-rust has no sticker builder; the fields are the upload's.
        MediaKind::Sticker => wa::Message {
            sticker_message: MessageField::some(wa::message::StickerMessage {
                url: Some(up.url),
                direct_path: Some(up.direct_path),
                media_key: Some(up.media_key.to_vec()),
                file_sha256: Some(up.file_sha256.to_vec()),
                file_enc_sha256: Some(up.file_enc_sha256.to_vec()),
                file_length: Some(up.file_length),
                media_key_timestamp: Some(up.media_key_timestamp),
                mimetype,
                context_info: context.map(MessageField::some).unwrap_or_default(),
                ..Default::default()
            }),
            ..Default::default()
        },
    })
}

pub(crate) fn send_error(e: SendError) -> EngineError {
    match e {
        // No socket or no login: nothing was written, so the send is safe to try again.
        SendError::NotLoggedIn
        | SendError::Client(
            whatsapp_rust::ClientError::NotConnected | whatsapp_rust::ClientError::NotLoggedIn,
        ) => EngineError::NotConnected,
        SendError::InvalidRequest(reason) => EngineError::Rejected(reason),
        other => EngineError::Other(format!("{other:#}")),
    }
}

/// The recipient's `@lid` from whatsapp-rust's LID mapping (learnt from number checks, LID
/// senders and device lists); the address itself when it is one; `None` when not known.
pub(crate) async fn recipient_lid(client: &Client, to: &Jid) -> Option<Jid> {
    use gerbang_core::jid::JidKind;
    match to.kind() {
        JidKind::Lid => Some(to.clone()),
        JidKind::Group => None,
        JidKind::User => {
            let entry = client.get_lid_pn_entry(&to_wa(to).ok()?).await.ok()??;
            Jid::parse(&format!("{}@lid", entry.lid)).ok()
        }
    }
}
