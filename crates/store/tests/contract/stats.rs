//! Statistics the store keeps as messages, states and jobs change: traffic slots, first
//! responses, active chats, job totals, connection history, queue depth and global counts.

use chrono::{Duration, Utc};
use gerbang_core::device::{DeviceState, DeviceStatus};
use gerbang_core::job::{NewJob, NewRecipient, Pacing};
use gerbang_core::message::{MessageStatus, NewMessage};
use gerbang_core::stats::StatsScope;

use crate::contract_tests;
use crate::support::{text, TestStore};

contract_tests!(
    statistics_follow_the_traffic_and_connections,
    a_past_period_counts_each_active_chat_once_and_jobs_by_scope,
);

fn msg(device: &str, id: &str, from_me: bool, seconds_ago: i64) -> NewMessage {
    NewMessage {
        timestamp: Utc::now() - Duration::seconds(seconds_ago),
        ..text(device, id, "6281100000001", from_me, "halo")
    }
}

async fn statistics_follow_the_traffic_and_connections(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let scope = StatsScope::Device(a.clone());
    s.store
        .insert_message(&msg(&a, "IN1", false, 120))
        .await
        .unwrap();
    s.store
        .insert_message(&msg(&a, "IN2", false, 100))
        .await
        .unwrap();
    s.store
        .insert_message(&msg(&a, "OUT1", true, 60))
        .await
        .unwrap();
    s.store
        .insert_message(&msg(&a, "OUT2", true, 30))
        .await
        .unwrap();
    assert_eq!(s.store.queue_depth(&a).await.unwrap().pending_messages, 2);
    s.store
        .advance_status(&a, &["OUT1".into()], MessageStatus::Sent, None)
        .await
        .unwrap();
    s.store
        .advance_status(&a, &["OUT2".into()], MessageStatus::Failed, Some("x"))
        .await
        .unwrap();
    assert_eq!(s.store.queue_depth(&a).await.unwrap().pending_messages, 0);

    let now = Utc::now();
    let (from, to) = (
        (now - Duration::hours(2)).timestamp(),
        (now + Duration::hours(1)).timestamp(),
    );
    for hours in [false, true] {
        let slots = s
            .store
            .message_slots(&scope, from, to, hours)
            .await
            .unwrap();
        let inbound: i64 = slots.iter().map(|s| s.inbound).sum();
        let failed: i64 = slots.iter().map(|s| s.failed).sum();
        let outbound: i64 = slots.iter().map(|s| s.outbound).sum();
        assert_eq!((inbound, failed), (2, 1), "hours={hours}: {slots:?}");
        assert!(outbound >= 1, "hours={hours}: {slots:?}");
    }
    let nobody = s
        .store
        .message_slots(&StatsScope::User(9_999), from, to, false)
        .await
        .unwrap();
    assert!(nobody.iter().all(|s| s.inbound == 0 && s.outbound == 0));
    let everyone = s
        .store
        .message_slots(&StatsScope::All, from, to, false)
        .await
        .unwrap();
    assert_eq!(everyone.iter().map(|s| s.inbound).sum::<i64>(), 2);

    let chats = s
        .store
        .active_chats(&scope, now - Duration::hours(1), now + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(chats, 1);
    let waits = s.store.waits(&scope, from, to).await.unwrap();
    assert_eq!((waits.asked, waits.answered), (1, 1), "{waits:?}");
    assert!(waits.median_response_secs.is_some());

    for (status, reason) in [
        (DeviceStatus::Connected, None),
        (DeviceStatus::Disconnected, Some("network")),
    ] {
        let state = DeviceState {
            status: Some(status),
            last_disconnect_reason: reason.map(|r: &str| Some(r.to_string())),
            ..DeviceState::default()
        };
        s.store.update_device_state(&a, &state).await.unwrap();
    }
    let history = s.store.connection_history(&scope, None, 10).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|e| e.status.as_str())
            .collect::<Vec<_>>(),
        ["disconnected", "connected"],
        "newest first"
    );
    let older = s
        .store
        .connection_history(&scope, Some(history[0].id), 10)
        .await
        .unwrap();
    assert_eq!(older.len(), 1);
    let since = s
        .store
        .connections_since(&a, now - Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(since.len(), 2);
    let at = s
        .store
        .connection_at(&a, Utc::now() + Duration::seconds(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(at.status, "disconnected");
    assert!(s
        .store
        .connection_at(&a, now - Duration::hours(1))
        .await
        .unwrap()
        .is_none());

    let jobs = s
        .store
        .job_counts(&scope, now - Duration::hours(1), now + Duration::hours(1))
        .await
        .unwrap();
    assert!(jobs.iter().all(|(_, n)| *n == 0), "{jobs:?}");
    let global = s.store.global_counts().await.unwrap();
    assert_eq!(
        (global.users, global.active_users, global.messages),
        (1, 1, 4)
    );
    assert!(global
        .devices_by_status
        .iter()
        .any(|(st, n)| st == "disconnected" && *n == 1));
}

async fn a_past_period_counts_each_active_chat_once_and_jobs_by_scope(s: &TestStore) {
    let ani = s.user("ani").await;
    let budi = s.user("budi").await;
    let a = s.device(&ani, "dev-a").await;
    let b = s.device(&budi, "dev-b").await;
    let start = Utc::now() - Duration::days(3);
    let at = |device: &str, id: &str, phone: &str, minutes: i64| NewMessage {
        timestamp: start + Duration::minutes(minutes),
        ..text(device, id, phone, false, "halo")
    };
    for m in [
        at(&a, "A1", "6281100000001", 10),
        at(&a, "A2", "6281100000001", 20),
        at(&a, "A3", "6281100000002", 30),
        at(&a, "A4", "6281100000003", -60 * 24),
        at(&a, "A5", "6281100000004", 90),
        at(&b, "B1", "6281100000001", 40),
    ] {
        s.store.insert_message(&m).await.unwrap();
    }
    let end = start + Duration::hours(1);
    for (scope, expected) in [
        (StatsScope::Device(a.clone()), 2),
        (StatsScope::User(ani.id), 2),
        (StatsScope::User(budi.id), 1),
        (StatsScope::User(9_999), 0),
        (StatsScope::All, 3),
    ] {
        assert_eq!(
            s.store.active_chats(&scope, start, end).await.unwrap(),
            expected,
            "{scope:?}"
        );
    }

    let now = Utc::now();
    s.store
        .create_job(
            &NewJob {
                job_id: "job-a".into(),
                device_id: a.clone(),
                user_id: ani.id,
                kind: "text".into(),
                message: "halo".into(),
                media: None,
                pacing: Pacing::default(),
                recipients: vec![NewRecipient {
                    phone: "6281100000001".into(),
                    variables: serde_json::json!({}),
                }],
            },
            now,
        )
        .await
        .unwrap();
    let (from, to) = (now - Duration::hours(1), now + Duration::hours(1));
    for (scope, expected) in [
        (
            StatsScope::Device(a.clone()),
            vec![("running".to_string(), 1)],
        ),
        (StatsScope::User(ani.id), vec![("running".to_string(), 1)]),
        (StatsScope::User(budi.id), vec![]),
        (StatsScope::All, vec![("running".to_string(), 1)]),
    ] {
        assert_eq!(
            s.store.job_counts(&scope, from, to).await.unwrap(),
            expected,
            "{scope:?}"
        );
    }
    assert!(s
        .store
        .job_counts(
            &StatsScope::All,
            now - Duration::days(2),
            now - Duration::days(1)
        )
        .await
        .unwrap()
        .is_empty());
}
