//! Messages: writing once, status moving forward only, edits and deletions, chats, history
//! pages, read marks, activity, history batches and parked inbound messages.

use chrono::{DateTime, Duration, Utc};
use gerbang_core::event::{EventFilter, NewEvent};
use gerbang_core::export::{Cursor, MessageFilter};
use gerbang_core::message::{ChatFilter, HistoryCursor, MessageStatus, NewMessage, ParkedInbound};
use serde_json::json;

use crate::contract_tests;
use crate::support::{text, TestStore};

contract_tests!(
    a_message_is_written_once_with_its_event,
    status_only_moves_forward_and_pending_becomes_uncertain,
    edits_and_deletions_change_the_message_and_say_so,
    chats_history_and_read_marks_agree,
    a_history_batch_stores_each_message_once_and_parked_messages_are_kept,
    concurrent_writes_commit_together_and_a_bad_one_fails_alone,
    an_export_window_keeps_the_messages_inside_it,
    messages_handed_in_together_keep_their_order,
);

const CHAT: &str = "6281234567890@s.whatsapp.net";

fn msg(device: &str, id: &str, from_me: bool, body: &str, minutes_ago: i64) -> NewMessage {
    NewMessage {
        push_name: (!from_me).then(|| "Budi".to_string()),
        timestamp: Utc::now() - Duration::minutes(minutes_ago),
        ..text(device, id, "6281234567890", from_me, body)
    }
}

async fn a_message_is_written_once_with_its_event(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let (stored, event) = s
        .store
        .insert_message(&msg(&a, "M1", false, "halo", 1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.body.as_deref(), stored.status),
        (Some("halo"), MessageStatus::Received)
    );
    assert_eq!(event.device_id.as_deref(), Some(a.as_str()));
    assert_eq!(event.user_id, Some(ani.id));
    let logged = s
        .store
        .events_after(0, &EventFilter::default(), 10)
        .await
        .unwrap();
    assert!(
        logged.iter().any(|e| e.id == event.id),
        "the event is in the log"
    );
    assert!(
        s.store
            .insert_message(&msg(&a, "M1", false, "halo lagi", 0))
            .await
            .unwrap()
            .is_none(),
        "the same WhatsApp id again is not a second message"
    );
    let found = s.store.message(&a, "M1").await.unwrap().unwrap();
    assert_eq!(found.body.as_deref(), Some("halo"));
    assert!(s.store.message(&a, "M2").await.unwrap().is_none());
    assert!(s.store.message("other", "M1").await.unwrap().is_none());
    assert!(s
        .store
        .device_media_mime(&a, "no-such-sha")
        .await
        .unwrap()
        .is_none());
}

async fn status_only_moves_forward_and_pending_becomes_uncertain(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    for id in ["O1", "O2", "O3"] {
        s.store
            .insert_message(&msg(&a, id, true, "pesanan", 0))
            .await
            .unwrap()
            .unwrap();
    }
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let changed = s
        .store
        .advance_status(&a, &ids(&["O1", "O2"]), MessageStatus::Sent, None)
        .await
        .unwrap();
    assert_eq!(changed.len(), 2);
    let read = s
        .store
        .advance_status(&a, &ids(&["O1"]), MessageStatus::Read, None)
        .await
        .unwrap();
    assert_eq!(read[0].0.status, MessageStatus::Read);
    let back = s
        .store
        .advance_status(&a, &ids(&["O1"]), MessageStatus::Delivered, None)
        .await
        .unwrap();
    assert!(
        back.is_empty(),
        "a late delivery receipt does not undo a read one"
    );
    assert_eq!(
        s.store.message(&a, "O1").await.unwrap().unwrap().status,
        MessageStatus::Read
    );
    let failed = s
        .store
        .advance_status(
            &a,
            &ids(&["O2"]),
            MessageStatus::Failed,
            Some("not on WhatsApp"),
        )
        .await
        .unwrap();
    assert_eq!(
        failed[0].0.failure_reason.as_deref(),
        Some("not on WhatsApp")
    );

    let uncertain = s.store.mark_pending_uncertain(None).await.unwrap();
    assert_eq!(
        uncertain
            .iter()
            .map(|(m, _)| m.message_id.as_str())
            .collect::<Vec<_>>(),
        ["O3"]
    );
    assert_eq!(
        s.store.message(&a, "O3").await.unwrap().unwrap().status,
        MessageStatus::Uncertain
    );
    assert!(
        s.store
            .mark_pending_uncertain(None)
            .await
            .unwrap()
            .is_empty(),
        "only once"
    );
}

async fn edits_and_deletions_change_the_message_and_say_so(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    s.store
        .insert_message(&msg(&a, "E1", false, "harga 10rb", 2))
        .await
        .unwrap();
    let (edited, event) = s
        .store
        .edit_message_body(&a, "E1", "harga 12rb")
        .await
        .unwrap()
        .unwrap();
    assert!(edited.edited);
    assert_eq!(edited.body.as_deref(), Some("harga 12rb"));
    assert!(!event.event_type.is_empty());
    assert!(s
        .store
        .edit_message_body(&a, "nope", "x")
        .await
        .unwrap()
        .is_none());
    let (deleted, _) = s
        .store
        .mark_message_deleted(&a, "E1")
        .await
        .unwrap()
        .unwrap();
    assert!(deleted.deleted);
    assert!(s.store.message(&a, "E1").await.unwrap().unwrap().deleted);
    assert!(s
        .store
        .mark_message_deleted(&a, "nope")
        .await
        .unwrap()
        .is_none());
}

async fn chats_history_and_read_marks_agree(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let other = NewMessage {
        chat_jid: "6289999@s.whatsapp.net".into(),
        ..msg(&a, "X1", false, "lain", 20)
    };
    s.store.insert_message(&other).await.unwrap();
    for (i, id) in ["H1", "H2", "H3", "H4"].iter().enumerate() {
        s.store
            .insert_message(&msg(&a, id, false, &format!("pesan {i}"), 10 - i as i64))
            .await
            .unwrap();
    }
    s.store
        .insert_message(&msg(&a, "H5", true, "baik kak", 1))
        .await
        .unwrap();

    let chats = s
        .store
        .chats(
            &a,
            &ChatFilter {
                limit: 10,
                ..ChatFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(chats.len(), 2);
    assert_eq!(
        chats[0].chat_jid, CHAT,
        "the chat whose message was stored last first"
    );
    assert_eq!((chats[0].unread_count, chats[0].message_count), (4, 5));
    assert_eq!(chats[0].last_message.as_deref(), Some("baik kak"));
    assert!(chats[0].last_message_from_me);
    let searched = ChatFilter {
        search: Some("budi".into()),
        limit: 10,
        ..ChatFilter::default()
    };
    assert!(!s.store.chats(&a, &searched).await.unwrap().is_empty());
    let paged = ChatFilter {
        limit: 1,
        offset: 1,
        ..ChatFilter::default()
    };
    assert_eq!(
        s.store.chats(&a, &paged).await.unwrap()[0].chat_jid,
        "6289999@s.whatsapp.net"
    );

    let first = s
        .store
        .chat_history(
            &a,
            CHAT,
            HistoryCursor {
                before_id: None,
                limit: 2,
                offset: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        first
            .iter()
            .map(|m| m.message_id.as_str())
            .collect::<Vec<_>>(),
        ["H5", "H4"],
        "newest first"
    );
    let next = HistoryCursor {
        before_id: Some(first[1].id),
        limit: 2,
        offset: 0,
    };
    let second = s.store.chat_history(&a, CHAT, next).await.unwrap();
    assert_eq!(
        second
            .iter()
            .map(|m| m.message_id.as_str())
            .collect::<Vec<_>>(),
        ["H3", "H2"]
    );
    let skipped = HistoryCursor {
        before_id: None,
        limit: 10,
        offset: 4,
    };
    assert_eq!(
        s.store.chat_history(&a, CHAT, skipped).await.unwrap().len(),
        1
    );

    let (read, event) = s.store.mark_chat_read(&a, CHAT).await.unwrap();
    assert_eq!(read.len(), 4);
    assert!(event.is_some());
    let (again, none) = s.store.mark_chat_read(&a, CHAT).await.unwrap();
    assert!(again.is_empty() && none.is_none(), "nothing left to mark");
    let chats = s
        .store
        .chats(
            &a,
            &ChatFilter {
                limit: 10,
                ..ChatFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(chats[0].unread_count, 0);

    let day = s
        .store
        .message_activity(
            Some(ani.id),
            Utc::now() - Duration::hours(1),
            Utc::now() + Duration::minutes(1),
            3,
        )
        .await
        .unwrap();
    assert_eq!((day.sent, day.received), (1, 5));
    assert_eq!(day.recent.len(), 3);
    assert_eq!(day.recent[0].message_id, "H5", "newest first");
    let budi = s.user("budi").await;
    let none = s
        .store
        .message_activity(
            Some(budi.id),
            Utc::now() - Duration::hours(1),
            Utc::now(),
            3,
        )
        .await
        .unwrap();
    assert_eq!((none.sent, none.received, none.recent.len()), (0, 0, 0));
}

async fn a_history_batch_stores_each_message_once_and_parked_messages_are_kept(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let batch: Vec<NewMessage> = (0..3)
        .map(|i| msg(&a, &format!("OLD{i}"), i == 1, "lama", 600 + i))
        .collect();
    let progress = || NewEvent {
        event_type: "history.progress",
        device_id: Some(a.clone()),
        user_id: None,
        chat_jid: None,
        data: json!({ "progress": 50 }),
    };
    let (stored, event) = s.store.insert_history(&batch, progress()).await.unwrap();
    assert_eq!(stored, 3);
    assert_eq!(event.event_type, "history.progress");
    let (again, _) = s.store.insert_history(&batch, progress()).await.unwrap();
    assert_eq!(again, 0, "a repeated part stores nothing");
    assert!(s.store.message(&a, "OLD1").await.unwrap().unwrap().from_me);

    let parked = ParkedInbound {
        device_id: a.clone(),
        message_id: "BAD1".into(),
        chat_jid: CHAT.into(),
        sender_jid: Some(CHAT.into()),
        payload: b"{\"text\":\"a\\u0000b\"}".to_vec(),
        reason: "the database refused it".into(),
    };
    let event = s.store.park_inbound(&parked).await.unwrap();
    assert_eq!(event.device_id.as_deref(), Some(a.as_str()));
    assert!(!event.event_type.is_empty());
}

/// Message writes go through one writer that commits whatever is waiting in one transaction:
/// 200 callers at once each get their own answer, every write is stored with exactly one
/// event, and a write that cannot be stored (a device that does not exist) fails alone.
async fn concurrent_writes_commit_together_and_a_bad_one_fails_alone(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let mut writes = Vec::new();
    for i in 0..200 {
        let store = s.store.clone();
        let device = if i == 77 {
            "no-such-device".to_string()
        } else {
            a.clone()
        };
        writes.push(tokio::spawn(async move {
            let id = format!("G{i}");
            let stored = store
                .insert_message(&msg(&device, &id, true, "halo", 1))
                .await;
            if stored.is_ok() {
                let ids = [id];
                let sent = store
                    .advance_status(&device, &ids, MessageStatus::Sent, None)
                    .await;
                assert_eq!(sent.unwrap().len(), 1);
            }
            stored.map(|m| m.map(|(m, e)| (m.message_id, e.id)))
        }));
    }
    let mut answers = Vec::new();
    for w in writes {
        answers.push(w.await.unwrap());
    }
    assert!(answers[77].is_err(), "the write for a missing device fails");
    let ok: Vec<_> = answers
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 77)
        .map(|(i, a)| {
            let (id, _) = a.as_ref().unwrap().as_ref().unwrap();
            assert_eq!(
                id,
                &format!("G{i}"),
                "each caller gets its own message back"
            );
        })
        .collect();
    assert_eq!(ok.len(), 199);
    let events = s
        .store
        .events_after(0, &EventFilter::default(), 1_000)
        .await
        .unwrap();
    for kind in ["message.new", "message.status"] {
        assert_eq!(
            events.iter().filter(|e| e.event_type == kind).count(),
            199,
            "one {kind} per stored write"
        );
    }
    for i in [0, 76, 78, 199] {
        let m = s
            .store
            .message(&a, &format!("G{i}"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(m.status, MessageStatus::Sent);
    }
}

/// An export's time window is `[from, to)` on the message's own time (not the order written),
/// in both page directions, and its text filter narrows it further.
async fn an_export_window_keeps_the_messages_inside_it(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    // Whole seconds: both backends store them exactly.
    let now = Utc::now().timestamp();
    let at = |minutes_ago: i64| DateTime::from_timestamp(now - minutes_ago * 60, 0).unwrap();
    // Written out of time order, so the window cannot be mistaken for an id range.
    for (id, minutes_ago, body) in [
        ("W2", 120, "halo dua"),
        ("W0", 240, "halo nol"),
        ("W3", 60, "halo tiga"),
        ("W1", 180, "salam satu"),
    ] {
        s.store
            .insert_message(&NewMessage {
                timestamp: at(minutes_ago),
                ..msg(&a, id, false, body, 0)
            })
            .await
            .unwrap()
            .unwrap();
    }
    let window = MessageFilter {
        device_id: Some(a.clone()),
        from: Some(at(180)),
        to: Some(at(60)),
        ..Default::default()
    };
    let ids = |page: Vec<gerbang_core::message::Message>| {
        page.into_iter().map(|m| m.message_id).collect::<Vec<_>>()
    };
    let oldest_first = s
        .store
        .messages_page(&window, Cursor::After(0), 10)
        .await
        .unwrap();
    assert_eq!(ids(oldest_first), ["W2", "W1"], "from is in, to is out");
    let newest_first = s
        .store
        .messages_page(&window, Cursor::Before(None), 10)
        .await
        .unwrap();
    assert_eq!(ids(newest_first), ["W1", "W2"]);
    let greetings = MessageFilter {
        text: Some("HALO".into()),
        ..window
    };
    let page = s
        .store
        .messages_page(&greetings, Cursor::After(0), 10)
        .await
        .unwrap();
    assert_eq!(ids(page), ["W2"]);
}

/// What an engine hands over together (issue #19) is stored in the order given, across more
/// than one writer batch, each answered: a duplicate among them is `None`, the rest stored.
async fn messages_handed_in_together_keep_their_order(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    s.store
        .insert_message(&msg(&a, "T-0150", false, "already here", 2))
        .await
        .unwrap()
        .unwrap();
    let all: Vec<NewMessage> = (0..300)
        .map(|i| msg(&a, &format!("T-{i:04}"), false, &format!("m{i}"), 1))
        .collect();
    let answers = s.store.insert_messages(&all).await;
    assert_eq!(answers.len(), 300);
    let mut last_event = 0;
    for (i, answer) in answers.into_iter().enumerate() {
        match answer.unwrap() {
            Some((m, e)) => {
                assert_ne!(i, 150, "the duplicate is not stored again");
                assert_eq!(m.message_id, format!("T-{i:04}"));
                assert!(e.id > last_event, "events in the order handed in");
                last_event = e.id;
            }
            None => assert_eq!(i, 150, "only the duplicate is refused"),
        }
    }
}
