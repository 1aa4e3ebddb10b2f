//! Status updates (stories) on the real engine: posted through whatsapp-rust's status API
//! (sender-key encrypted to the recipients' devices, addressed by LID), and contacts' status
//! updates turned into `EngineEvent::Status` instead of chat messages.

use chrono::{TimeZone, Utc};
use gerbang_core::engine::{EngineResult, MessageContent, SendAck, StatusContent, StatusUpdate};
use gerbang_core::jid::Jid;
use whatsapp_rust::prelude::{wa, MessageExt};
use whatsapp_rust::types::events::InboundMessage as WaInbound;
use whatsapp_rust::{Client, StatusSendOptions};

use crate::inbound::{classify, sender, Parsed};
use crate::jid::{from_wa, to_wa};
use crate::outbound::{media, send_error};

pub(crate) async fn post(
    client: &Client,
    id: &str,
    content: &StatusContent,
    recipients: &[Jid],
) -> EngineResult<SendAck> {
    let to = recipients
        .iter()
        .map(to_wa)
        .collect::<Result<Vec<_>, _>>()?;
    // A status is addressed by LID: whatsapp-rust learns the LIDs it lacks from a number check.
    let mut unknown = Vec::new();
    for jid in to.iter().filter(|j| j.is_pn()) {
        if client.get_lid_pn_entry(jid).await.ok().flatten().is_none() {
            unknown.push(jid.clone());
        }
    }
    if !unknown.is_empty() {
        let _ = client.contacts().is_on_whatsapp(&unknown).await;
    }
    let options = StatusSendOptions {
        message_id: Some(id.to_string()),
        ..Default::default()
    };
    let status = client.status();
    let sent = match content {
        StatusContent::Text {
            text,
            background_argb,
        } => {
            status
                .send_text(
                    text,
                    *background_argb,
                    wa::message::extended_text_message::FontType::SYSTEM,
                    &to,
                    options,
                )
                .await
        }
        StatusContent::Media {
            media: data,
            caption,
        } => {
            let body = MessageContent::Media {
                media: data.clone(),
                caption: caption.clone(),
            };
            let message = media(client, &body, None).await?;
            status.send_raw(message, &to, options).await
        }
    }
    .map_err(send_error)?;
    Ok(SendAck {
        id: sent.message_id,
        timestamp: Utc::now(),
        recipient_lid: None,
    })
}

/// A contact's status update, described without downloading its media; `None` for what is not
/// a contact's post (a revoke, a reaction to one, a status the account itself posted from
/// another of its devices).
pub(crate) async fn update(client: &Client, m: &WaInbound) -> Option<StatusUpdate> {
    let source = &m.info.source;
    if source.is_from_me {
        return None;
    }
    let base = m.message.get_base_message();
    let (kind, text, mime, size) = match classify(base)? {
        Parsed::Ready(MessageContent::Text { body }) => {
            ("text".to_string(), Some(body), None, None)
        }
        Parsed::Ready(_) => return None,
        Parsed::Media {
            kind,
            mime,
            length,
            caption,
            ..
        } => (kind.as_str().to_string(), caption, mime, length),
    };
    let (sender_wa, sender_phone, _) = sender(client, source).await;
    Some(StatusUpdate {
        id: m.info.id.to_string(),
        sender: from_wa(&sender_wa)?,
        sender_phone,
        push_name: Some(m.info.push_name.clone()).filter(|n| !n.is_empty()),
        timestamp: Utc
            .timestamp_millis_opt(m.info.timestamp.timestamp_millis())
            .single()
            .unwrap_or_else(Utc::now),
        kind,
        text,
        mime,
        size,
    })
}
