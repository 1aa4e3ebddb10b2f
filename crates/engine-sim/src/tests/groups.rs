//! Groups in the simulated network: WhatsApp's permission rules, per-member outcomes, and the
//! notifications every member device gets (the maker included).

use gerbang_core::engine::{Engine, EngineError, EngineEvent, MessageContent, OutboundMessage};
use gerbang_core::group::{GroupChangeKind, GroupSetting, ParticipantAction, ParticipantRole};
use gerbang_core::jid::Jid;

use super::support::*;

fn group_change(e: &EngineEvent) -> Option<&GroupChangeKind> {
    match e {
        EngineEvent::Group(c) => Some(&c.kind),
        _ => None,
    }
}

fn is_group(e: &EngineEvent) -> bool {
    group_change(e).is_some()
}

fn to_group(id: &str, group: &Jid, body: &str) -> OutboundMessage {
    OutboundMessage {
        id: id.into(),
        to: group.clone(),
        content: MessageContent::Text { body: body.into() },
        quoted: None,
        mentions: Vec::new(),
        flags: Default::default(),
    }
}

fn rejected(r: Result<impl std::fmt::Debug, EngineError>) -> String {
    match r {
        Err(EngineError::Rejected(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn the_maker_is_owner_and_hears_of_its_own_group() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    let me = paired(&sim, &rec).await;
    let (a, b) = (phone("6281300000001"), phone("6281300000002"));
    sim.set_absent(phone("6281300000009"));
    let members = [a.jid(), b.jid(), phone("6281300000009").jid()];
    let info = sim
        .create_group(DEVICE, "Arisan", &members)
        .await
        .expect("create");
    assert!(info.jid.is_group());
    let roles: Vec<_> = info
        .participants
        .iter()
        .map(|p| (p.phone.clone().unwrap(), p.role))
        .collect();
    assert_eq!(
        roles,
        vec![
            (me.clone(), ParticipantRole::Owner),
            (a.clone(), ParticipantRole::Member),
            (b.clone(), ParticipantRole::Member)
        ],
        "numbers not on WhatsApp are left out"
    );
    let (_, e) = rec.wait_for(is_group).await;
    assert_eq!(
        group_change(&e),
        Some(&GroupChangeKind::Joined(info.clone()))
    );
    assert_eq!(sim.groups(DEVICE).await.expect("list"), vec![info.clone()]);
    assert_eq!(
        rejected(sim.create_group(DEVICE, "  ", &[]).await),
        "a group needs a subject"
    );
}

#[tokio::test(start_paused = true)]
async fn only_admins_change_members_and_the_creator_stays() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    let me = paired(&sim, &rec).await;
    let (a, b, c) = (
        phone("6281300000001"),
        phone("6281300000002"),
        phone("6281300000003"),
    );
    // Another account's group, with us as a plain member.
    let info = sim
        .account_create_group(&a, "Kelas", &[me.clone(), b.clone()])
        .expect("create");
    let g = info.jid.clone();
    rec.wait_for(is_group).await;

    let why = rejected(
        sim.update_participants(DEVICE, &g, ParticipantAction::Add, &[c.jid()])
            .await,
    );
    assert!(why.contains("admins"), "{why}");
    assert!(rejected(sim.group_invite_code(DEVICE, &g, false).await).contains("admins"));
    assert!(rejected(
        sim.set_group_setting(DEVICE, &g, GroupSetting::Announce(true))
            .await
    )
    .contains("admins"));
    assert_eq!(sim.group(&g).expect("group").participants.len(), 3);

    let out = sim
        .account_update_participants(&a, &g, ParticipantAction::Promote, &[me.jid()])
        .expect("promote");
    assert!(out[0].ok);
    let (_, e) = rec.wait_nth(2, is_group).await;
    assert_eq!(
        group_change(&e),
        Some(&GroupChangeKind::Participants {
            action: ParticipantAction::Promote,
            participants: vec![me.jid()],
        })
    );

    let out = sim
        .update_participants(
            DEVICE,
            &g,
            ParticipantAction::Remove,
            &[a.jid(), b.jid(), c.jid()],
        )
        .await
        .expect("remove");
    let errors: Vec<_> = out.iter().map(|o| o.error.clone()).collect();
    assert_eq!(
        errors,
        vec![
            Some("the group's creator cannot be removed or demoted".into()),
            None,
            Some("not a member".into())
        ]
    );
    let (_, e) = rec.wait_nth(3, is_group).await;
    assert_eq!(
        group_change(&e),
        Some(&GroupChangeKind::Participants {
            action: ParticipantAction::Remove,
            participants: vec![b.jid()],
        })
    );

    // Removed by the owner: we hear `Left` and the group is gone from our list.
    sim.account_update_participants(&a, &g, ParticipantAction::Remove, &[me.jid()])
        .expect("remove us");
    let (_, e) = rec.wait_nth(4, is_group).await;
    assert_eq!(group_change(&e), Some(&GroupChangeKind::Left));
    assert!(sim.groups(DEVICE).await.expect("list").is_empty());
    assert!(sim.group_info(DEVICE, &g).await.is_err());
}

#[tokio::test(start_paused = true)]
async fn announce_limits_senders_and_messages_fan_out() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    let me = paired(&sim, &rec).await;
    let (a, b) = (phone("6281300000001"), phone("6281300000002"));
    let info = sim
        .account_create_group(&a, "Pengumuman", &[me.clone(), b.clone()])
        .expect("create");
    let g = info.jid;
    rec.wait_for(is_group).await;

    sim.send(DEVICE, &to_group("G-1", &g, "halo semua"))
        .await
        .expect("members may write");
    assert_eq!(sim.inbox(&a).last().expect("a got it").to, g.to_string());
    assert_eq!(sim.inbox(&b).last().expect("b got it").message_id, "G-1");

    let id = sim.account_group_post(&b, &g, "siap").expect("post");
    let (_, e) = rec.wait_for(|e| matches!(e, EngineEvent::Message(_))).await;
    let EngineEvent::Message(m) = e else {
        unreachable!()
    };
    assert_eq!((m.id, m.chat, m.sender), (id, g.clone(), b.jid()));

    // Settings change through a device only: we are promoted, turn announce on, and are
    // demoted again. Then members may not write; admins (b, promoted) still may.
    for (action, who) in [
        (ParticipantAction::Promote, &b),
        (ParticipantAction::Promote, &me),
    ] {
        sim.account_update_participants(&a, &g, action, &[who.jid()])
            .expect("promote");
    }
    sim.set_group_setting(DEVICE, &g, GroupSetting::Announce(true))
        .await
        .expect("announce");
    sim.account_update_participants(&a, &g, ParticipantAction::Demote, &[me.jid()])
        .expect("demote us");
    let why = rejected(sim.send(DEVICE, &to_group("G-2", &g, "boleh?")).await);
    assert!(why.contains("only admins"), "{why}");
    assert!(sim.account_group_post(&b, &g, "admin boleh").is_ok());
}

#[tokio::test(start_paused = true)]
async fn invite_codes_reset_and_join() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    let me = paired(&sim, &rec).await;
    let info = sim
        .create_group(DEVICE, "Reuni", &[phone("6281300000001").jid()])
        .await
        .expect("create");
    let g = info.jid;
    let code = sim
        .group_invite_code(DEVICE, &g, false)
        .await
        .expect("code");
    assert_eq!(code.len(), 22);
    assert_eq!(
        sim.group_invite_code(DEVICE, &g, false).await.unwrap(),
        code
    );
    let fresh = sim
        .group_invite_code(DEVICE, &g, true)
        .await
        .expect("reset");
    assert_ne!(fresh, code);
    rec.wait_for(|e| group_change(e) == Some(&GroupChangeKind::InviteRevoked))
        .await;

    sim.leave_group(DEVICE, &g).await.expect("leave");
    rec.wait_for(|e| group_change(e) == Some(&GroupChangeKind::Left))
        .await;
    assert!(rejected(sim.join_group(DEVICE, &code).await).contains("not valid"));
    assert_eq!(sim.join_group(DEVICE, &fresh).await.expect("join"), g);
    let info = sim.group_info(DEVICE, &g).await.expect("member again");
    let mine = info
        .participants
        .iter()
        .find(|p| p.phone.as_ref() == Some(&me))
        .expect("listed");
    assert_eq!(mine.role, ParticipantRole::Member);
}

#[tokio::test(start_paused = true)]
async fn group_calls_need_a_connection() {
    let (sim, _) = sim();
    let g = Jid::parse("120363000000000001@g.us").unwrap();
    assert_eq!(sim.groups(DEVICE).await, Err(EngineError::NotConnected));
    assert_eq!(
        sim.join_group(DEVICE, "ABC").await,
        Err(EngineError::NotConnected)
    );
    assert!(sim.group_info(DEVICE, &g).await.is_err());
}
