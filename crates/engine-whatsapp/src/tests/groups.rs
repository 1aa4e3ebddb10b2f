//! Group mappings without a network: WhatsApp's refusal codes, and a `<group>` description as
//! WhatsApp sends it in answers and in the `<create>` notification.

use gerbang_core::engine::EngineError;
use gerbang_core::group::ParticipantRole;
use gerbang_core::jid::Jid;
use whatsapp_rust::request::IqError;
use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::GroupError;

use crate::group_events::created;
use crate::groups::{error, group_jid};

fn refused(code: u16) -> EngineError {
    error(GroupError::Iq(IqError::ServerError {
        code,
        text: "x".into(),
        error_type: None,
        backoff: None,
    }))
}

#[test]
fn refusals_say_why() {
    let why = |code| match refused(code) {
        EngineError::Rejected(why) => why,
        other => panic!("{code}: {other:?}"),
    };
    assert_eq!(why(401), "not a group admin");
    assert_eq!(why(403), "not a member of the group");
    assert!(why(404).contains("no such group"));
    assert!(why(410).contains("reset"));
    assert!(matches!(refused(500), EngineError::Other(_)));
    assert!(matches!(
        error(GroupError::Iq(IqError::NotConnected)),
        EngineError::NotConnected
    ));
}

#[test]
fn only_group_addresses_are_groups() {
    assert!(group_jid(&Jid::parse("120363025246125486@g.us").unwrap()).is_ok());
    let person = Jid::parse("6281234567890@s.whatsapp.net").unwrap();
    assert!(matches!(group_jid(&person), Err(EngineError::Rejected(_))));
}

#[test]
fn a_created_group_is_read_from_its_notification() {
    let group = NodeBuilder::new("group")
        .attr("id", "120363025246125486")
        .attr("subject", "Toko")
        .attr("creator", "6281200000001@s.whatsapp.net")
        .attr("creation", "1700000000")
        .attr("addressing_mode", "pn")
        .children([
            NodeBuilder::new("description")
                .attr("id", "AB12")
                .children([NodeBuilder::new("body").string_content("Buka 8-17").build()])
                .build(),
            NodeBuilder::new("announcement").build(),
            NodeBuilder::new("participant")
                .attr("jid", "6281200000001@s.whatsapp.net")
                .attr("type", "superadmin")
                .build(),
            NodeBuilder::new("participant")
                .attr("jid", "6281200000002@s.whatsapp.net")
                .attr("type", "admin")
                .build(),
            NodeBuilder::new("participant")
                .attr("jid", "100000012345678@lid")
                .attr("phone_number", "6281200000003@s.whatsapp.net")
                .build(),
        ])
        .build();
    let raw = NodeBuilder::new("create").children([group]).build();
    let info = created(&raw).unwrap();
    assert_eq!(info.jid.as_str(), "120363025246125486@g.us");
    assert_eq!(info.subject, "Toko");
    assert_eq!(info.description.as_deref(), Some("Buka 8-17"));
    assert_eq!(info.owner.unwrap().as_str(), "6281200000001@s.whatsapp.net");
    assert_eq!(info.created_at.unwrap().timestamp(), 1_700_000_000);
    assert!(info.announce);
    assert!(!info.locked);
    let members: Vec<(&str, Option<&str>, ParticipantRole)> = info
        .participants
        .iter()
        .map(|p| (p.jid.as_str(), p.phone.as_ref().map(|p| p.as_str()), p.role))
        .collect();
    assert_eq!(
        members,
        vec![
            (
                "6281200000001@s.whatsapp.net",
                Some("6281200000001"),
                ParticipantRole::Owner
            ),
            (
                "6281200000002@s.whatsapp.net",
                Some("6281200000002"),
                ParticipantRole::Admin
            ),
            (
                "100000012345678@lid",
                Some("6281200000003"),
                ParticipantRole::Member
            ),
        ]
    );
    assert!(created(&NodeBuilder::new("create").build()).is_none());
}
