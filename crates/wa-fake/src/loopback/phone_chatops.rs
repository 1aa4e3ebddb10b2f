//! What a test's phone does to a chat beyond text and polls: change its disappearing timer, and
//! send a view-once photo (encrypted and uploaded to the loopback media host, as a phone does).

use whatsapp_rust::buffa::MessageField;
use whatsapp_rust::wacore::download::MediaType;
use whatsapp_rust::wacore::upload::encrypt_media;
use whatsapp_rust::waproto::whatsapp as wa;

use super::phone::{message_id, send_message};
use super::World;

/// The phone of `from` sets the disappearing timer of its chat with `to` (0 turns it off).
pub(crate) fn set_timer(
    world: &World,
    from: &str,
    to: &str,
    seconds: u32,
) -> Result<String, String> {
    let message = wa::Message {
        protocol_message: MessageField::some(wa::message::ProtocolMessage {
            r#type: Some(wa::message::protocol_message::Type::EPHEMERAL_SETTING),
            ephemeral_expiration: Some(seconds),
            ..Default::default()
        }),
        ..Default::default()
    };
    send_message(world, from, to, message, message_id())
}

/// The phone of `from` sends `to` a photo that may be opened once.
pub(crate) fn send_view_once_image(
    world: &World,
    from: &str,
    to: &str,
    jpeg: &[u8],
    caption: &str,
) -> Result<String, String> {
    let sealed = encrypt_media(jpeg, MediaType::Image).map_err(|e| e.to_string())?;
    let direct_path = world.media.put("image", sealed.data_to_upload);
    let image = wa::message::ImageMessage {
        direct_path: Some(direct_path),
        media_key: Some(sealed.media_key.to_vec()),
        file_sha256: Some(sealed.file_sha256.to_vec()),
        file_enc_sha256: Some(sealed.file_enc_sha256.to_vec()),
        file_length: Some(jpeg.len() as u64),
        mimetype: Some("image/jpeg".into()),
        caption: Some(caption.into()),
        view_once: Some(true),
        ..Default::default()
    };
    let message = wa::Message {
        view_once_message_v2: MessageField::some(wa::message::FutureProofMessage {
            message: MessageField::some(wa::Message {
                image_message: MessageField::some(image),
                ..Default::default()
            }),
        }),
        ..Default::default()
    };
    send_message(world, from, to, message, message_id())
}
