//! Groups on the real engine: several real whatsapp-rust clients linked through the loopback
//! WhatsApp server, which keeps the groups (`w:g2`), notifies every member's devices of each
//! change (`w:gp2`) and fans sender-key messages out to every member device.

use std::sync::Arc;
use std::time::Duration;

use gerbang_core::engine::{
    Engine, EngineError, EngineEvent, InboundMessage, MessageContent, OutboundMessage, ReceiptKind,
};
use gerbang_core::group::{
    GroupChange, GroupChangeKind, GroupSetting, ParticipantAction, ParticipantRole,
};
use gerbang_core::jid::{Jid, Phone};
use gerbang_engine_whatsapp::{WhatsappConfig, WhatsappEngine};
use gerbang_wa_fake::LoopbackServer;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::harness::{Backend, Recorder, TestDb};
use crate::loopback::link;

crate::db_tests!(
    a_group_carries_messages_between_three_real_clients,
    group_members_settings_and_invites_follow_whatsapps_rules,
);

const WAIT: Duration = Duration::from_secs(40);
const PHONE_A: &str = "6281300000001";
const PHONE_B: &str = "6281300000002";
const PHONE_C: &str = "6281300000003";
const PHONE_D: &str = "6281300000004";

/// One device's events, kept until a test asks for them: a wait for one kind of event does not
/// lose others that came first (group changes and messages interleave).
struct Inbox {
    rx: UnboundedReceiver<EngineEvent>,
    kept: Vec<EngineEvent>,
}

impl Inbox {
    fn new(rx: UnboundedReceiver<EngineEvent>) -> Inbox {
        Inbox {
            rx,
            kept: Vec::new(),
        }
    }

    async fn take<T>(&mut self, what: &str, pick: impl Fn(&EngineEvent) -> Option<T>) -> T {
        if let Some(i) = self.kept.iter().position(|e| pick(e).is_some()) {
            return pick(&self.kept.remove(i)).unwrap();
        }
        let found = tokio::time::timeout(WAIT, async {
            loop {
                let event = self.rx.recv().await?;
                match pick(&event) {
                    Some(found) => return Some(found),
                    None => self.kept.push(event),
                }
            }
        })
        .await;
        match found {
            Ok(Some(found)) => found,
            _ => panic!("no event: {what}; got instead {:#?}", self.kept),
        }
    }

    async fn group(&mut self, what: &str, pick: impl Fn(&GroupChangeKind) -> bool) -> GroupChange {
        self.take(what, |e| match e {
            EngineEvent::Group(c) if pick(&c.kind) => Some(c.clone()),
            _ => None,
        })
        .await
    }

    async fn message(&mut self, what: &str) -> InboundMessage {
        self.take(what, |e| match e {
            EngineEvent::Message(m) => Some(m.clone()),
            _ => None,
        })
        .await
    }

    /// Nothing of that kind came (waiting `for_` first).
    async fn none(&mut self, for_: Duration, pick: impl Fn(&EngineEvent) -> bool) {
        tokio::time::sleep(for_).await;
        while let Ok(e) = self.rx.try_recv() {
            self.kept.push(e);
        }
        let found: Vec<&EngineEvent> = self.kept.iter().filter(|e| pick(e)).collect();
        assert!(found.is_empty(), "unexpected: {found:#?}");
    }
}

fn jid(phone: &str) -> Jid {
    Phone::parse(phone).unwrap().jid()
}

fn text(id: &str, to: &Jid, body: &str) -> OutboundMessage {
    OutboundMessage {
        id: id.into(),
        to: to.clone(),
        content: MessageContent::Text { body: body.into() },
        quoted: None,
        mentions: Vec::new(),
        flags: Default::default(),
    }
}

fn body(m: &InboundMessage) -> &str {
    match &m.content {
        MessageContent::Text { body } => body,
        other => panic!("not a text: {other:?}"),
    }
}

async fn engine(server: &LoopbackServer, db: &TestDb, devices: &[&str]) -> Arc<WhatsappEngine> {
    for d in devices {
        db.device(d).await;
    }
    WhatsappEngine::new(
        db.db.clone(),
        WhatsappConfig {
            url: Some(server.url.clone()),
            ..WhatsappConfig::default()
        },
    )
}

fn participants_changed(
    action: ParticipantAction,
    who: Vec<Jid>,
) -> impl Fn(&GroupChangeKind) -> bool {
    move |k| {
        matches!(k, GroupChangeKind::Participants { action: a, participants }
            if *a == action && *participants == who)
    }
}

async fn a_group_carries_messages_between_three_real_clients(backend: Backend) {
    let server = LoopbackServer::start().await;
    let db = TestDb::new(backend).await;
    let engine = engine(&server, &db, &["a", "b", "c"]).await;
    let mut a = Inbox::new(link(&engine, &server, "a", PHONE_A).await);
    let mut b = Inbox::new(link(&engine, &server, "b", PHONE_B).await);
    let mut c = Inbox::new(link(&engine, &server, "c", PHONE_C).await);

    let made = engine
        .create_group("a", "Toko Makmur", &[jid(PHONE_B), jid(PHONE_C)])
        .await
        .unwrap();
    assert!(made.jid.is_group(), "{made:?}");
    assert!(made.jid.as_str().starts_with("120363"), "{made:?}");
    assert_eq!(made.subject, "Toko Makmur");
    assert_eq!(made.owner, Some(jid(PHONE_A)));
    let roles: Vec<(String, ParticipantRole)> = made
        .participants
        .iter()
        .map(|p| (p.phone.as_ref().unwrap().as_str().to_string(), p.role))
        .collect();
    assert_eq!(
        roles,
        vec![
            (PHONE_A.to_string(), ParticipantRole::Owner),
            (PHONE_B.to_string(), ParticipantRole::Member),
            (PHONE_C.to_string(), ParticipantRole::Member),
        ]
    );
    let group = made.jid.clone();
    // Every member is told, the creator's own device too, with the whole group.
    for (name, inbox) in [("A", &mut a), ("B", &mut b), ("C", &mut c)] {
        let joined = inbox
            .group(&format!("Joined at {name}"), |k| {
                matches!(k, GroupChangeKind::Joined(_))
            })
            .await;
        assert_eq!(joined.group, group);
        assert_eq!(joined.author, Some(jid(PHONE_A)));
        let GroupChangeKind::Joined(info) = joined.kind else {
            unreachable!()
        };
        assert_eq!(info.subject, "Toko Makmur");
        assert_eq!(info.participants.len(), 3);
    }

    // A writes to the group: sender keys distributed to B and C, both decrypt it.
    engine
        .send("a", &text("3EB0GRP00001", &group, "Halo semua"))
        .await
        .unwrap();
    for (name, inbox) in [("B", &mut b), ("C", &mut c)] {
        let got = inbox.message(&format!("A's text at {name}")).await;
        assert_eq!(got.id, "3EB0GRP00001");
        assert_eq!(got.chat, group, "{got:?}");
        assert_eq!(got.sender, jid(PHONE_A), "{got:?}");
        assert_eq!(got.sender_phone.as_ref().map(Phone::as_str), Some(PHONE_A));
        assert!(got.sender_lid.is_some(), "{got:?}");
        assert_eq!(body(&got), "Halo semua");
        assert!(!got.from_me);
    }
    // Receipts from the members come back to A, about the group.
    let delivered = a
        .take("delivered at A", |e| match e {
            EngineEvent::Receipt {
                chat,
                message_ids,
                kind: ReceiptKind::Delivered,
                ..
            } => Some((chat.clone(), message_ids.clone())),
            _ => None,
        })
        .await;
    assert_eq!(delivered, (group.clone(), vec!["3EB0GRP00001".to_string()]));

    // B answers: A and C get it from B. The sender key B gives A arrives with a bad MAC, so A
    // cannot read the message at first: A's retry receipt makes B encrypt it again for A alone.
    let retries = server.retry_receipts();
    server.corrupt_next_message_to(PHONE_A);
    engine
        .send("b", &text("3EB0GRP00002", &group, "Siap, bos"))
        .await
        .unwrap();
    for (name, inbox) in [("A", &mut a), ("C", &mut c)] {
        let got = inbox.message(&format!("B's text at {name}")).await;
        assert_eq!(got.id, "3EB0GRP00002");
        assert_eq!(got.chat, group);
        assert_eq!(got.sender, jid(PHONE_B));
        assert_eq!(body(&got), "Siap, bos");
    }
    assert_eq!(server.corrupted(), 1);
    assert!(
        server.retry_receipts() > retries,
        "A's retry receipt reached B"
    );

    // C is away while A writes; the server keeps it, C gets it on its return.
    engine.stop("c").await.unwrap();
    let c_device = server.devices(PHONE_C)[0];
    // The server notices the closed socket a moment after `stop` returns.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while server.online(PHONE_C, c_device) && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!server.online(PHONE_C, c_device));
    engine
        .send("a", &text("3EB0GRP00003", &group, "Stok habis"))
        .await
        .unwrap();
    let got = b.message("A's second text at B").await;
    assert_eq!(got.id, "3EB0GRP00003");
    assert!(server.queued(PHONE_C, c_device) >= 1);
    let (sink, rx) = Recorder::new();
    engine.start("c", sink).await.unwrap();
    let mut c = Inbox::new(rx);
    let got = c.message("A's second text at C, after reconnecting").await;
    assert_eq!(got.id, "3EB0GRP00003");
    assert_eq!(got.chat, group);
    assert_eq!(got.sender, jid(PHONE_A));
    assert_eq!(body(&got), "Stok habis");

    for d in ["a", "b", "c"] {
        engine.stop(d).await.unwrap();
    }
}

async fn group_members_settings_and_invites_follow_whatsapps_rules(backend: Backend) {
    let server = LoopbackServer::start().await;
    let db = TestDb::new(backend).await;
    let engine = engine(&server, &db, &["a", "b", "c", "d"]).await;
    let mut a = Inbox::new(link(&engine, &server, "a", PHONE_A).await);
    let mut b = Inbox::new(link(&engine, &server, "b", PHONE_B).await);
    let mut c = Inbox::new(link(&engine, &server, "c", PHONE_C).await);
    let mut d = Inbox::new(link(&engine, &server, "d", PHONE_D).await);

    let group = engine
        .create_group("a", "Gudang", &[jid(PHONE_B)])
        .await
        .unwrap()
        .jid;
    b.group("B joined", |k| matches!(k, GroupChangeKind::Joined(_)))
        .await;

    // Per-member answers: C added, a number not on WhatsApp and B (already in) are not.
    let nobody = jid("6281399999999");
    let outcomes = engine
        .update_participants(
            "a",
            &group,
            ParticipantAction::Add,
            &[jid(PHONE_C), nobody.clone(), jid(PHONE_B)],
        )
        .await
        .unwrap();
    let summary: Vec<(Jid, bool, Option<String>)> = outcomes
        .into_iter()
        .map(|o| (o.jid, o.ok, o.error))
        .collect();
    assert_eq!(
        summary,
        vec![
            (jid(PHONE_C), true, None),
            (
                nobody,
                false,
                Some("not on WhatsApp, or not a member".into())
            ),
            (jid(PHONE_B), false, Some("already a member".into())),
        ]
    );
    // The members hear of it (with who did it); C is in, with the whole group.
    let added = participants_changed(ParticipantAction::Add, vec![jid(PHONE_C)]);
    let seen = b.group("C's add at B", &added).await;
    assert_eq!(seen.author, Some(jid(PHONE_A)));
    a.group("C's add at A", &added).await;
    let joined = c
        .group("C joined", |k| matches!(k, GroupChangeKind::Joined(_)))
        .await;
    let GroupChangeKind::Joined(info) = joined.kind else {
        unreachable!()
    };
    assert_eq!(info.jid, group);
    assert_eq!(info.subject, "Gudang");
    assert_eq!(info.participants.len(), 3);

    // A member who is not an admin may not remove or promote; nothing changes.
    for action in [ParticipantAction::Remove, ParticipantAction::Promote] {
        let refused = engine
            .update_participants("b", &group, action, &[jid(PHONE_C)])
            .await;
        assert!(
            matches!(&refused, Err(EngineError::Rejected(why)) if why == "not a group admin"),
            "{refused:?}"
        );
    }
    let members = server.group_members(group.as_str()).unwrap();
    assert_eq!(members.len(), 3);
    // Nor take the invite link.
    let refused = engine.group_invite_code("b", &group, false).await;
    assert!(
        matches!(refused, Err(EngineError::Rejected(_))),
        "{refused:?}"
    );

    // Promoted, B may remove C: C learns it left, the others see the removal.
    engine
        .update_participants("a", &group, ParticipantAction::Promote, &[jid(PHONE_B)])
        .await
        .unwrap();
    let promoted = participants_changed(ParticipantAction::Promote, vec![jid(PHONE_B)]);
    b.group("B's promotion at B", &promoted).await;
    c.group("B's promotion at C", &promoted).await;
    let removed = engine
        .update_participants("b", &group, ParticipantAction::Remove, &[jid(PHONE_C)])
        .await
        .unwrap();
    assert!(removed[0].ok, "{removed:?}");
    let left = c.group("C removed", |k| *k == GroupChangeKind::Left).await;
    assert_eq!(left.author, Some(jid(PHONE_B)));
    let removal = participants_changed(ParticipantAction::Remove, vec![jid(PHONE_C)]);
    a.group("C's removal at A", &removal).await;
    // The creator cannot be removed, even by an admin.
    let kept = engine
        .update_participants("b", &group, ParticipantAction::Remove, &[jid(PHONE_A)])
        .await
        .unwrap();
    assert!(!kept[0].ok, "{kept:?}");

    // Removed, C gets no more of the group's messages.
    engine
        .send("a", &text("3EB0GRP00010", &group, "Hanya untuk anggota"))
        .await
        .unwrap();
    let got = b.message("A's text at B").await;
    assert_eq!(got.id, "3EB0GRP00010");
    c.none(Duration::from_secs(2), |e| {
        matches!(e, EngineEvent::Message(_))
    })
    .await;

    engine
        .update_participants("a", &group, ParticipantAction::Demote, &[jid(PHONE_B)])
        .await
        .unwrap();
    let demoted = participants_changed(ParticipantAction::Demote, vec![jid(PHONE_B)]);
    b.group("B's demotion at B", &demoted).await;

    // Subject, description and settings: every member is told.
    engine
        .set_group_subject("a", &group, "Gudang Pusat")
        .await
        .unwrap();
    let renamed = b
        .group("the new subject at B", |k| {
            matches!(k, GroupChangeKind::Subject(_))
        })
        .await;
    assert_eq!(
        renamed.kind,
        GroupChangeKind::Subject("Gudang Pusat".into())
    );
    engine
        .set_group_description("a", &group, Some("Jam buka 08-17"))
        .await
        .unwrap();
    let described = b
        .group("the description at B", |k| {
            matches!(k, GroupChangeKind::Description(_))
        })
        .await;
    assert_eq!(
        described.kind,
        GroupChangeKind::Description(Some("Jam buka 08-17".into()))
    );
    // A second change names the first as the one it replaces (WhatsApp's `prev`).
    engine
        .set_group_description("a", &group, None)
        .await
        .unwrap();
    let cleared = b
        .group("the description removed at B", |k| {
            matches!(k, GroupChangeKind::Description(None))
        })
        .await;
    assert_eq!(cleared.author, Some(jid(PHONE_A)));
    engine
        .set_group_setting("a", &group, GroupSetting::Locked(true))
        .await
        .unwrap();
    b.group("locked at B", |k| {
        *k == GroupChangeKind::Setting(GroupSetting::Locked(true))
    })
    .await;
    // Locked: only admins edit the group's info.
    let refused = engine.set_group_subject("b", &group, "Punya B").await;
    assert!(
        matches!(&refused, Err(EngineError::Rejected(why)) if why == "not a group admin"),
        "{refused:?}"
    );
    // Announce: only admins may write; B's message is refused by WhatsApp and reaches no one.
    engine
        .set_group_setting("a", &group, GroupSetting::Announce(true))
        .await
        .unwrap();
    b.group("announce at B", |k| {
        *k == GroupChangeKind::Setting(GroupSetting::Announce(true))
    })
    .await;
    engine
        .send("b", &text("3EB0GRP00011", &group, "Boleh tanya?"))
        .await
        .unwrap();
    let failed = b
        .take("B's message refused", |e| match e {
            EngineEvent::SendFailed { message_id, .. } => Some(message_id.clone()),
            _ => None,
        })
        .await;
    assert_eq!(failed, "3EB0GRP00011");
    a.none(Duration::from_secs(1), |e| {
        matches!(e, EngineEvent::Message(_))
    })
    .await;
    let info = engine.group_info("b", &group).await.unwrap();
    assert!(info.announce);
    assert_eq!(info.subject, "Gudang Pusat");
    assert!(info.locked);
    assert_eq!(info.description, None);

    // Invite links: reset revokes the old code; D joins with the new one.
    let old = engine.group_invite_code("a", &group, false).await.unwrap();
    assert_eq!(
        engine.group_invite_code("a", &group, false).await.unwrap(),
        old
    );
    let new = engine.group_invite_code("a", &group, true).await.unwrap();
    assert_ne!(new, old);
    b.group("invite revoked at B", |k| {
        *k == GroupChangeKind::InviteRevoked
    })
    .await;
    let refused = engine.join_group("d", &old).await;
    assert!(
        matches!(&refused, Err(EngineError::Rejected(why)) if why.contains("reset")),
        "{refused:?}"
    );
    let joined = engine
        .join_group("d", &format!("https://chat.whatsapp.com/{new}"))
        .await
        .unwrap();
    assert_eq!(joined, group);
    let at_d = d
        .group("D joined", |k| matches!(k, GroupChangeKind::Joined(_)))
        .await;
    let GroupChangeKind::Joined(info) = at_d.kind else {
        unreachable!()
    };
    assert_eq!(info.subject, "Gudang Pusat");
    a.group(
        "D's join at A",
        participants_changed(ParticipantAction::Add, vec![jid(PHONE_D)]),
    )
    .await;
    let again = engine.join_group("d", &new).await;
    assert!(matches!(again, Err(EngineError::Rejected(_))), "{again:?}");

    // The lists: A's groups name it; C (removed) is told it is not a member.
    let listed = engine.groups("a").await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].jid, group);
    assert_eq!(listed[0].participants.len(), 3);
    assert!(engine.groups("c").await.unwrap().is_empty());
    let refused = engine.group_info("c", &group).await;
    assert!(
        matches!(&refused, Err(EngineError::Rejected(why)) if why == "not a member of the group"),
        "{refused:?}"
    );

    // D leaves: D's list drops it, the others see D go.
    engine.leave_group("d", &group).await.unwrap();
    d.group("D left", |k| *k == GroupChangeKind::Left).await;
    a.group(
        "D's leaving at A",
        participants_changed(ParticipantAction::Remove, vec![jid(PHONE_D)]),
    )
    .await;
    let members: Vec<String> = server
        .group_members(group.as_str())
        .unwrap()
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(members, vec![PHONE_A.to_string(), PHONE_B.to_string()]);

    // Not a group, or not connected: refused before WhatsApp is asked.
    let refused = engine.group_info("a", &jid(PHONE_B)).await;
    assert!(
        matches!(refused, Err(EngineError::Rejected(_))),
        "{refused:?}"
    );
    engine.stop("d").await.unwrap();
    let refused = engine.leave_group("d", &group).await;
    assert!(
        matches!(refused, Err(EngineError::NotConnected)),
        "{refused:?}"
    );

    for dev in ["a", "b", "c"] {
        engine.stop(dev).await.unwrap();
    }
}
