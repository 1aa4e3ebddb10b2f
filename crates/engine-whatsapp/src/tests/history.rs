//! A history message (`WebMessageInfo`) becomes a Gerbang message: who wrote it in a group,
//! our own messages, the original time, media left undownloaded.

use gerbang_core::engine::MessageContent;
use gerbang_core::jid::Jid;
use whatsapp_rust::buffa::MessageField;
use whatsapp_rust::prelude::wa;

use crate::history::message;

fn info(
    chat: &str,
    from_me: bool,
    participant: Option<&str>,
    m: wa::Message,
) -> wa::WebMessageInfo {
    wa::WebMessageInfo {
        key: MessageField::some(wa::MessageKey {
            remote_jid: Some(chat.into()),
            from_me: Some(from_me),
            id: Some("3EB0OLD".into()),
            participant: participant.map(Into::into),
        }),
        message: MessageField::some(m),
        message_timestamp: Some(1_700_000_000),
        ..Default::default()
    }
}

fn text(body: &str) -> wa::Message {
    wa::Message {
        conversation: Some(body.into()),
        ..Default::default()
    }
}

#[test]
fn a_group_member_s_old_text_names_the_member_and_keeps_its_time() {
    let got = message(
        &info(
            "120363000000000001@g.us",
            false,
            Some("6281300000011@s.whatsapp.net"),
            text("halo"),
        ),
        None,
    )
    .expect("kept");
    assert_eq!(got.id, "3EB0OLD");
    assert_eq!(got.chat.as_str(), "120363000000000001@g.us");
    assert_eq!(got.sender.as_str(), "6281300000011@s.whatsapp.net");
    assert_eq!(
        got.sender_phone.as_ref().map(|p| p.as_str()),
        Some("6281300000011")
    );
    assert!(!got.from_me);
    assert_eq!(got.timestamp.timestamp(), 1_700_000_000);
    assert_eq!(
        got.content,
        MessageContent::Text {
            body: "halo".into()
        }
    );
}

#[test]
fn our_own_old_message_is_from_our_number() {
    let own = Jid::parse("6281200000001@s.whatsapp.net").unwrap();
    let got = message(
        &info("6281300000011@s.whatsapp.net", true, None, text("siap")),
        Some(own),
    )
    .expect("kept");
    assert!(got.from_me);
    assert_eq!(got.sender.as_str(), "6281200000001@s.whatsapp.net");
    assert_eq!(got.chat.as_str(), "6281300000011@s.whatsapp.net");
}

#[test]
fn old_media_is_told_not_downloaded_with_its_caption() {
    let image = wa::Message {
        image_message: MessageField::some(wa::message::ImageMessage {
            caption: Some("nota".into()),
            mimetype: Some("image/jpeg".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let got = message(
        &info("6281300000011@s.whatsapp.net", false, None, image),
        None,
    )
    .expect("kept");
    assert_eq!(
        got.content,
        MessageContent::Text {
            body: "[image from history, not downloaded]\nnota".into()
        }
    );
}

#[test]
fn a_message_without_an_id_or_chat_is_not_kept() {
    let mut m = info("6281300000011@s.whatsapp.net", false, None, text("x"));
    if let Some(k) = m.key.as_option_mut() {
        k.id = None;
    }
    assert!(message(&m, None).is_none());
    let m = info("status@broadcast", false, None, text("x"));
    assert!(message(&m, None).is_none());
}
