//! Storing what arrives: the row for an inbound message (called by the device runtime for each
//! message the engine reports, and by history sync).

use gerbang_core::engine::{InboundMessage, MessageContent};
use gerbang_core::jid::Jid;
use gerbang_core::message::{MessageStatus, NewMessage};

use crate::content::{describe, mark_flags};
use crate::media::MediaStore;
use crate::AppResult;

/// The row for an inbound message; media bytes go to the media store first.
pub(crate) async fn inbound_row(
    media: &MediaStore,
    device_id: &str,
    m: &InboundMessage,
) -> AppResult<NewMessage> {
    let media_info = match &m.content {
        MessageContent::Media { media: data, .. } => Some(
            media
                .put(&data.data, &data.mime, data.file_name.clone())
                .await?,
        ),
        _ => None,
    };
    let (message_type, body, mut extra) = describe(&m.content);
    mark_flags(&mut extra, &m.flags);
    Ok(NewMessage {
        device_id: device_id.to_string(),
        message_id: m.id.clone(),
        chat_jid: m.chat.to_string(),
        sender_jid: Some(m.sender.to_string()),
        sender_phone: m
            .sender_phone
            .clone()
            .or_else(|| m.sender.phone())
            .map(|p| p.as_str().to_string()),
        sender_lid: m.sender_lid.as_ref().map(Jid::to_string),
        push_name: m.push_name.clone(),
        from_me: m.from_me,
        message_type,
        body,
        media: media_info,
        extra,
        quoted_id: m.quoted_id.clone(),
        mentions: m.mentions.iter().map(Jid::to_string).collect(),
        status: if m.from_me {
            MessageStatus::Sent
        } else {
            MessageStatus::Received
        },
        is_read: m.from_me,
        timestamp: m.timestamp,
    })
}
