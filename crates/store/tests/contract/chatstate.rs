//! What a device keeps about its chats: poll secrets and votes, disappearing timers, app state
//! (pins, archives, mutes, unread marks, stars, labels, the status setting) and the group cache.

use chrono::{Duration, Utc};
use gerbang_core::appstate::{ChatAction, ChatFlags, Label, MessageLabelRef};
use gerbang_core::event::NewEvent;
use gerbang_core::group::{GroupFilter, GroupInfo, GroupParticipant, ParticipantRole};
use gerbang_core::jid::{Jid, Phone};
use gerbang_core::poll::PollVote;
use serde_json::json;

use crate::contract_tests;
use crate::support::TestStore;

contract_tests!(
    a_voters_newest_vote_counts_and_secrets_stay_per_device,
    app_state_is_kept_per_device_and_chat,
    the_group_cache_is_replaced_saved_and_forgotten_with_its_events,
);

const CHAT: &str = "6281234567890@s.whatsapp.net";

fn vote(device: &str, voter: &str, selected: &[&str], minutes_ago: i64) -> PollVote {
    PollVote {
        device_id: device.into(),
        poll_id: "POLL1".into(),
        voter_jid: voter.into(),
        voter_phone: voter.split('@').next().map(Into::into),
        from_me: false,
        selected: selected.iter().map(|s| s.to_string()).collect(),
        vote_id: format!("V{minutes_ago}"),
        voted_at: Utc::now() - Duration::minutes(minutes_ago),
    }
}

async fn a_voters_newest_vote_counts_and_secrets_stay_per_device(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let b = s.device(&ani, "dev-b").await;
    s.store
        .save_poll_secret(&a, "POLL1", &[7u8; 32])
        .await
        .unwrap();
    assert_eq!(
        s.store.poll_secret(&a, "POLL1").await.unwrap(),
        Some(vec![7u8; 32])
    );
    assert_eq!(s.store.poll_secret(&b, "POLL1").await.unwrap(), None);

    let budi = "628111@s.whatsapp.net";
    assert!(s
        .store
        .record_poll_vote(&vote(&a, budi, &["Merah"], 5))
        .await
        .unwrap());
    assert!(
        s.store
            .record_poll_vote(&vote(&a, budi, &["Biru"], 1))
            .await
            .unwrap(),
        "a newer vote"
    );
    assert!(
        !s.store
            .record_poll_vote(&vote(&a, budi, &["Hijau"], 3))
            .await
            .unwrap(),
        "an older one is late"
    );
    assert!(s
        .store
        .record_poll_vote(&vote(&a, "628222@s.whatsapp.net", &[], 2))
        .await
        .unwrap());
    let votes = s.store.poll_votes(&a, "POLL1").await.unwrap();
    assert_eq!(votes.len(), 2);
    let of_budi = votes.iter().find(|v| v.voter_jid == budi).unwrap();
    assert_eq!(of_budi.selected, ["Biru"]);
    assert!(s.store.poll_votes(&b, "POLL1").await.unwrap().is_empty());

    assert_eq!(s.store.chat_timer(&a, CHAT).await.unwrap(), None);
    s.store.set_chat_timer(&a, CHAT, 86_400).await.unwrap();
    s.store.set_chat_timer(&a, CHAT, 604_800).await.unwrap();
    assert_eq!(s.store.chat_timer(&a, CHAT).await.unwrap(), Some(604_800));
    assert_eq!(s.store.chat_timer(&b, CHAT).await.unwrap(), None);
}

async fn app_state_is_kept_per_device_and_chat(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    assert_eq!(
        s.store.chat_flags(&a, CHAT).await.unwrap(),
        ChatFlags::default()
    );
    let mut flags = ChatFlags::default();
    flags.apply(&ChatAction::Pin(true));
    let until = Utc::now() + Duration::hours(8);
    flags.apply(&ChatAction::Mute {
        muted: true,
        until: Some(until),
    });
    s.store.set_chat_flags(&a, CHAT, &flags).await.unwrap();
    let kept = s.store.chat_flags(&a, CHAT).await.unwrap();
    assert!(kept.pinned && kept.muted);
    assert!((kept.muted_until.unwrap() - until).num_milliseconds().abs() < 5);
    flags.apply(&ChatAction::Archive(true));
    s.store.set_chat_flags(&a, CHAT, &flags).await.unwrap();
    let all = s.store.all_chat_flags(&a).await.unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].1.archived && !all[0].1.pinned, "archiving unpins");

    s.store
        .set_starred(&a, CHAT, "M1", false, true)
        .await
        .unwrap();
    s.store
        .set_starred(&a, CHAT, "M2", true, true)
        .await
        .unwrap();
    s.store
        .set_starred(&a, "62899@s.whatsapp.net", "M3", false, true)
        .await
        .unwrap();
    s.store
        .set_starred(&a, CHAT, "M1", false, false)
        .await
        .unwrap();
    let in_chat = s.store.starred(&a, Some(CHAT), 10, 0).await.unwrap();
    assert_eq!(
        in_chat
            .iter()
            .map(|r| r.message_id.as_str())
            .collect::<Vec<_>>(),
        ["M2"]
    );
    assert!(in_chat[0].from_me);
    assert_eq!(s.store.starred(&a, None, 10, 0).await.unwrap().len(), 2);
    assert_eq!(s.store.starred(&a, None, 1, 1).await.unwrap().len(), 1);

    let label = |id: &str, name: &str| Label {
        id: id.into(),
        name: name.into(),
        color: 2,
    };
    s.store
        .upsert_label(&a, &label("1", "Pesanan baru"))
        .await
        .unwrap();
    s.store
        .upsert_label(&a, &label("2", "Lunas"))
        .await
        .unwrap();
    s.store
        .upsert_label(&a, &label("1", "Pesanan"))
        .await
        .unwrap();
    let labels = s.store.labels(&a).await.unwrap();
    assert_eq!(labels.len(), 2);
    assert!(labels.contains(&label("1", "Pesanan")));
    s.store.set_chat_label(&a, "1", CHAT, true).await.unwrap();
    s.store.set_chat_label(&a, "2", CHAT, true).await.unwrap();
    s.store.set_chat_label(&a, "2", CHAT, false).await.unwrap();
    assert_eq!(
        s.store.chat_labels(&a).await.unwrap(),
        [(CHAT.to_string(), "1".to_string())]
    );
    let on = |label: &str, message: &str| MessageLabelRef {
        label_id: label.into(),
        chat_jid: CHAT.into(),
        message_id: message.into(),
    };
    for (label, message, labeled) in [
        ("1", "M1", true),
        ("1", "M1", true),
        ("2", "M1", true),
        ("1", "M2", true),
        ("2", "M1", false),
        ("2", "M9", false),
    ] {
        s.store
            .set_message_label(&a, &on(label, message), labeled)
            .await
            .unwrap();
    }
    assert_eq!(
        s.store.message_labels(&a).await.unwrap(),
        [on("1", "M1"), on("1", "M2")],
        "labelling twice is once; taking off what is not there changes nothing"
    );
    s.store
        .set_message_label(&a, &on("2", "M2"), true)
        .await
        .unwrap();
    assert!(s.store.delete_label(&a, "1").await.unwrap());
    assert_eq!(
        s.store.message_labels(&a).await.unwrap(),
        [on("2", "M2")],
        "a deleted label leaves its messages"
    );
    assert!(!s.store.delete_label(&a, "1").await.unwrap());
    assert!(
        s.store.chat_labels(&a).await.unwrap().is_empty(),
        "a deleted label leaves its chats"
    );

    assert!(!s.store.receive_status(&a).await.unwrap());
    s.store.set_receive_status(&a, true).await.unwrap();
    assert!(s.store.receive_status(&a).await.unwrap());
}

fn group(id: &str, subject: &str, members: &[&str]) -> GroupInfo {
    GroupInfo {
        jid: Jid::parse(&format!("{id}@g.us")).unwrap(),
        subject: subject.into(),
        description: Some("grup toko".into()),
        owner: None,
        created_at: chrono::DateTime::from_timestamp(Utc::now().timestamp(), 0),
        announce: false,
        locked: false,
        participants: members
            .iter()
            .map(|m| GroupParticipant {
                jid: Jid::parse(m).unwrap(),
                phone: Phone::parse(m).ok(),
                role: ParticipantRole::Member,
            })
            .collect(),
    }
}

async fn the_group_cache_is_replaced_saved_and_forgotten_with_its_events(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let g1 = group(
        "120363000000000001",
        "Reseller Bandung",
        &["6281100000001", "6281100000002"],
    );
    let g2 = group("120363000000000002", "Keluarga", &["6281100000003"]);
    s.store
        .replace_groups(&a, &[g1.clone(), g2.clone()])
        .await
        .unwrap();
    assert_eq!(s.store.cached_groups(&a).await.unwrap().len(), 2);
    let got = s.store.cached_group(&a, &g1.jid).await.unwrap().unwrap();
    assert_eq!(got.info, g1);
    s.store
        .replace_groups(&a, std::slice::from_ref(&g2))
        .await
        .unwrap();
    assert!(
        s.store.cached_group(&a, &g1.jid).await.unwrap().is_none(),
        "gone from WhatsApp's list"
    );

    let renamed = GroupInfo {
        subject: "Keluarga Besar".into(),
        ..g2.clone()
    };
    let change = NewEvent {
        event_type: "group.updated",
        device_id: Some(a.clone()),
        user_id: None,
        chat_jid: Some(g2.jid.to_string()),
        data: json!({ "subject": "Keluarga Besar" }),
    };
    let event = s
        .store
        .save_group(&a, &renamed, Some(&change))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(event.event_type, "group.updated");
    assert_eq!(
        s.store
            .cached_group(&a, &g2.jid)
            .await
            .unwrap()
            .unwrap()
            .info
            .subject,
        "Keluarga Besar"
    );
    assert!(
        s.store.save_group(&a, &g1, None).await.unwrap().is_none(),
        "no event asked for"
    );

    let search = GroupFilter {
        search: Some("keluarga".into()),
        ..GroupFilter::default()
    };
    assert_eq!(s.store.admin_groups(&search).await.unwrap().total, 1);
    let of_ani = GroupFilter {
        user_id: Some(ani.id),
        ..GroupFilter::default()
    };
    assert_eq!(s.store.admin_groups(&of_ani).await.unwrap().total, 2);

    let left = NewEvent {
        event_type: "group.left",
        data: json!({}),
        ..change
    };
    assert!(s
        .store
        .forget_group(&a, &g2.jid, Some(&left))
        .await
        .unwrap()
        .is_some());
    assert!(s.store.cached_group(&a, &g2.jid).await.unwrap().is_none());
    assert_eq!(s.store.cached_groups(&a).await.unwrap().len(), 1);
}
