//! Message contents both ways: what an inbound WhatsApp message becomes, and what an outbound
//! Gerbang message is sent as.

use std::sync::Arc;

use gerbang_core::engine::{
    EngineEvent, EngineEvents, MediaKind, MessageContent, OutboundMessage, QuotedRef,
};
use gerbang_core::jid::Jid;
use whatsapp_rust::buffa::MessageField;
use whatsapp_rust::prelude::{wa, MessageBuilderExt};
use whatsapp_rust::Jid as WaJid;

use crate::emitter::Emitter;
use crate::inbound::{classify, context_info, Parsed};
use crate::outbound::{body, context};
use crate::recent::{preview, Known};
use crate::state::Shared;

struct Nowhere;

#[async_trait::async_trait]
impl EngineEvents for Nowhere {
    async fn on_event(&self, _: &str, _: EngineEvent) -> Result<(), String> {
        Ok(())
    }
}

fn shared() -> Shared {
    let (emitter, _task) = Emitter::spawn("d", Arc::new(Nowhere));
    Shared::new("d", 1, emitter)
}

fn ready(m: &wa::Message) -> MessageContent {
    match classify(m) {
        Some(Parsed::Ready(c)) => c,
        Some(Parsed::Media { .. }) => panic!("media"),
        None => panic!("not kept"),
    }
}

fn key(id: &str) -> MessageField<wa::MessageKey> {
    MessageField::some(wa::MessageKey {
        id: Some(id.into()),
        ..Default::default()
    })
}

#[test]
fn inbound_text_edit_revoke_and_reaction() {
    assert_eq!(
        ready(&wa::Message::text("halo")),
        MessageContent::Text {
            body: "halo".into()
        }
    );
    use wa::message::protocol_message::Type;
    let edit = wa::Message {
        protocol_message: MessageField::some(wa::message::ProtocolMessage {
            key: key("3EB0X"),
            r#type: Some(Type::MESSAGE_EDIT),
            edited_message: MessageField::some(wa::Message::text("baru")),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        ready(&edit),
        MessageContent::Edit {
            target_id: "3EB0X".into(),
            body: "baru".into()
        }
    );
    let revoke = wa::Message {
        protocol_message: MessageField::some(wa::message::ProtocolMessage {
            key: key("3EB0Y"),
            r#type: Some(Type::REVOKE),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        ready(&revoke),
        MessageContent::Revoke {
            target_id: "3EB0Y".into()
        }
    );
    let reaction = wa::Message {
        reaction_message: MessageField::some(wa::message::ReactionMessage {
            key: key("3EB0Z"),
            text: Some("👍".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        ready(&reaction),
        MessageContent::Reaction {
            target_id: "3EB0Z".into(),
            emoji: "👍".into()
        }
    );
    // Protocol chatter (here a history-sync notice) is not a message Gerbang keeps.
    let chatter = wa::Message {
        protocol_message: MessageField::some(wa::message::ProtocolMessage {
            key: key("1"),
            r#type: Some(Type::HISTORY_SYNC_NOTIFICATION),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert!(classify(&chatter).is_none());
}

#[test]
fn inbound_location_contact_and_media() {
    let location = wa::Message {
        location_message: MessageField::some(wa::message::LocationMessage {
            degrees_latitude: Some(-6.2),
            degrees_longitude: Some(106.8),
            name: Some("Monas".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        ready(&location),
        MessageContent::Location {
            latitude: -6.2,
            longitude: 106.8,
            name: Some("Monas".into()),
            address: None
        }
    );
    let card = wa::Message {
        contact_message: MessageField::some(wa::message::ContactMessage {
            display_name: Some("Budi".into()),
            vcard: Some("BEGIN:VCARD\nEND:VCARD".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert!(
        matches!(ready(&card), MessageContent::Contact { display_name, .. } if display_name == "Budi")
    );
    let voice = wa::Message {
        audio_message: MessageField::some(wa::message::AudioMessage {
            ptt: Some(true),
            mimetype: Some("audio/ogg; codecs=opus".into()),
            file_length: Some(1234),
            ..Default::default()
        }),
        ..Default::default()
    };
    match classify(&voice) {
        Some(Parsed::Media {
            kind, mime, length, ..
        }) => {
            assert_eq!(kind, MediaKind::Voice);
            assert_eq!(mime.as_deref(), Some("audio/ogg; codecs=opus"));
            assert_eq!(length, Some(1234));
        }
        _ => panic!("a voice note is media"),
    }
    let document = wa::Message {
        document_message: MessageField::some(wa::message::DocumentMessage {
            file_name: Some("nota.pdf".into()),
            caption: Some("nota".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    match classify(&document) {
        Some(Parsed::Media {
            kind,
            file_name,
            caption,
            ..
        }) => {
            assert_eq!(kind, MediaKind::Document);
            assert_eq!(file_name.as_deref(), Some("nota.pdf"));
            assert_eq!(caption.as_deref(), Some("nota"));
        }
        _ => panic!("a document is media"),
    }
}

#[test]
fn inbound_reply_and_mentions_come_from_the_context() {
    let reply = wa::Message::text_with_context(
        "@628111 lihat ini",
        wa::ContextInfo {
            stanza_id: Some("3EB0Q".into()),
            mentioned_jid: vec!["628111222333@s.whatsapp.net".into()],
            ..Default::default()
        },
    );
    let c = context_info(&reply).unwrap();
    assert_eq!(c.stanza_id.as_deref(), Some("3EB0Q"));
    assert_eq!(
        c.mentioned_jid,
        vec!["628111222333@s.whatsapp.net".to_string()]
    );
}

fn outbound(
    content: MessageContent,
    quoted: Option<QuotedRef>,
    mentions: Vec<Jid>,
) -> OutboundMessage {
    OutboundMessage {
        id: "3EB0OUT".into(),
        to: Jid::parse("120363025246125486@g.us").unwrap(),
        content,
        quoted,
        mentions,
        flags: Default::default(),
    }
}

#[tokio::test]
async fn outbound_reply_names_the_author_and_carries_a_preview() {
    let shared = shared();
    shared.recent.remember(
        "3EB0IN",
        Known {
            from_me: false,
            sender: Some("628111222333@s.whatsapp.net".parse().unwrap()),
            preview: preview(&wa::Message::text("pesanan saya?")),
        },
    );
    let own: WaJid = "628999888777@s.whatsapp.net".parse().unwrap();
    let member = Jid::parse("628444555666").unwrap();
    let message = outbound(
        MessageContent::Text {
            body: "sudah dikirim @628444555666".into(),
        },
        Some(QuotedRef {
            id: "3EB0IN".into(),
            sender: None,
        }),
        vec![member],
    );
    let ctx = context(Some(own.clone()), &shared, &message)
        .unwrap()
        .unwrap();
    assert_eq!(ctx.stanza_id.as_deref(), Some("3EB0IN"));
    assert_eq!(
        ctx.participant.as_deref(),
        Some("628111222333@s.whatsapp.net")
    );
    assert_eq!(
        ctx.mentioned_jid,
        vec!["628444555666@s.whatsapp.net".to_string()]
    );
    let quoted = ctx.quoted_message.as_option().unwrap();
    assert_eq!(quoted.conversation.as_deref(), Some("pesanan saya?"));

    let sent = body(&message.content, Some(ctx)).unwrap().unwrap();
    let text = sent.extended_text_message.as_option().unwrap();
    assert_eq!(text.text.as_deref(), Some("sudah dikirim @628444555666"));
    assert!(text.context_info.is_set());

    // A quote of our own message names us.
    let mine = outbound(
        MessageContent::Text { body: "x".into() },
        Some(QuotedRef {
            id: "unknown".into(),
            sender: None,
        }),
        vec![],
    );
    let ctx = context(Some(own), &shared, &mine).unwrap().unwrap();
    assert_eq!(
        ctx.participant.as_deref(),
        Some("628999888777@s.whatsapp.net")
    );
}

#[tokio::test]
async fn outbound_plain_location_and_contact() {
    let shared = shared();
    let plain = outbound(
        MessageContent::Text {
            body: "halo".into(),
        },
        None,
        vec![],
    );
    assert!(context(None, &shared, &plain).unwrap().is_none());
    assert_eq!(
        body(&plain.content, None)
            .unwrap()
            .unwrap()
            .conversation
            .as_deref(),
        Some("halo")
    );
    let location = MessageContent::Location {
        latitude: 1.5,
        longitude: 2.5,
        name: None,
        address: Some("Jl. Sudirman".into()),
    };
    let m = body(&location, None).unwrap().unwrap();
    let l = m.location_message.as_option().unwrap();
    assert_eq!(
        (l.degrees_latitude, l.degrees_longitude),
        (Some(1.5), Some(2.5))
    );
    assert_eq!(l.address.as_deref(), Some("Jl. Sudirman"));
    let card = MessageContent::Contact {
        display_name: "Budi".into(),
        vcard: "BEGIN:VCARD".into(),
    };
    let m = body(&card, None).unwrap().unwrap();
    assert_eq!(
        m.contact_message.as_option().unwrap().vcard.as_deref(),
        Some("BEGIN:VCARD")
    );
    // Media goes through an upload instead.
    let media = MessageContent::Media {
        media: gerbang_core::engine::MediaData {
            kind: MediaKind::Image,
            mime: "image/jpeg".into(),
            file_name: None,
            data: Arc::from(vec![1u8, 2, 3]),
        },
        caption: None,
    };
    assert!(body(&media, None).unwrap().is_none());
}
