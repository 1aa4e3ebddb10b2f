//! The history a phone holds and sends a companion right after it links, as WhatsApp's phone
//! does: the conversations are a `HistorySync` protobuf, zlib-compressed, encrypted as media
//! of type history and uploaded to the media host; the companion gets a
//! `HISTORY_SYNC_NOTIFICATION` per chunk (one conversation each) naming the blob, with the
//! progress so far. A phone with no history sends nothing.

use whatsapp_rust::buffa::{Message as _, MessageField};
use whatsapp_rust::wacore::download::MediaType;
use whatsapp_rust::wacore::upload::encrypt_media;
use whatsapp_rust::waproto::whatsapp as wa;

use super::accounts::DeviceAddr;
use super::{State, World};

/// A message in the phone's history.
#[derive(Clone, Debug)]
pub struct HistoryMessage {
    pub id: String,
    /// The other party's phone number.
    pub chat: String,
    pub from_me: bool,
    pub text: String,
    /// Seconds since the epoch.
    pub timestamp: u64,
}

fn conversation(chat: &str, messages: &[&HistoryMessage]) -> wa::Conversation {
    let jid = format!("{chat}@s.whatsapp.net");
    wa::Conversation {
        id: jid.clone(),
        messages: messages
            .iter()
            .map(|m| wa::HistorySyncMsg {
                message: MessageField::some(wa::WebMessageInfo {
                    key: MessageField::some(wa::MessageKey {
                        remote_jid: Some(jid.clone()),
                        from_me: Some(m.from_me),
                        id: Some(m.id.clone()),
                        ..Default::default()
                    }),
                    message: MessageField::some(wa::Message {
                        conversation: Some(m.text.clone()),
                        ..Default::default()
                    }),
                    message_timestamp: Some(m.timestamp),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

/// A zlib stream of stored (uncompressed) deflate blocks: valid for any inflater, and no
/// compression library for a test server.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let chunks: Vec<&[u8]> = if data.is_empty() {
        vec![&[]]
    } else {
        data.chunks(65_535).collect()
    };
    let last = chunks.len() - 1;
    for (i, chunk) in chunks.into_iter().enumerate() {
        out.push(u8::from(i == last));
        let len = chunk.len() as u16;
        out.extend(len.to_le_bytes());
        out.extend((!len).to_le_bytes());
        out.extend(chunk);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for byte in data {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend(((b << 16) | a).to_be_bytes());
    out
}

/// The notifications for the phone's history, one chunk per conversation, blobs uploaded.
fn notifications(world: &World, history: &[HistoryMessage]) -> Vec<wa::Message> {
    let mut chats: Vec<&str> = history.iter().map(|m| m.chat.as_str()).collect();
    chats.sort();
    chats.dedup();
    let total = chats.len();
    chats
        .into_iter()
        .enumerate()
        .filter_map(|(i, chat)| {
            let messages: Vec<&HistoryMessage> =
                history.iter().filter(|m| m.chat == chat).collect();
            let progress = ((i + 1) * 100 / total) as u32;
            let sync = wa::HistorySync {
                sync_type: wa::history_sync::HistorySyncType::INITIAL_BOOTSTRAP,
                conversations: vec![conversation(chat, &messages)],
                chunk_order: Some(i as u32 + 1),
                progress: Some(progress),
                ..Default::default()
            };
            let plain = zlib_stored(&sync.encode_to_vec());
            let sealed = encrypt_media(&plain, MediaType::History).ok()?;
            let length = plain.len() as u64;
            let direct_path = world.media.put("md-msg-hist", sealed.data_to_upload);
            let notification = wa::message::HistorySyncNotification {
                file_sha256: Some(sealed.file_sha256.to_vec()),
                file_length: Some(length),
                media_key: Some(sealed.media_key.to_vec()),
                file_enc_sha256: Some(sealed.file_enc_sha256.to_vec()),
                direct_path: Some(direct_path),
                sync_type: Some(wa::message::HistorySyncType::INITIAL_BOOTSTRAP),
                chunk_order: Some(i as u32 + 1),
                progress: Some(progress),
                ..Default::default()
            };
            Some(wa::Message {
                protocol_message: MessageField::some(wa::message::ProtocolMessage {
                    r#type: Some(wa::message::protocol_message::Type::HISTORY_SYNC_NOTIFICATION),
                    history_sync_notification: MessageField::some(notification),
                    ..Default::default()
                }),
                ..Default::default()
            })
        })
        .collect()
}

/// Sends the just-linked companion `to` the phone's history, if it has any.
pub(crate) fn send(world: &World, state: &mut State, to: &DeviceAddr) {
    let history = match state.phones.get(&to.phone) {
        Some(phone) if !phone.history.is_empty() => phone.history.clone(),
        _ => return,
    };
    for message in notifications(world, &history) {
        if let Some(node) = super::phone::to_companion(state, to, &message) {
            super::relay::deliver(state, to, node);
        }
    }
}
