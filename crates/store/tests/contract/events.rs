//! The event log: order, filters, the owner an event gets, retention, and (PostgreSQL) an event
//! whose transaction commits after a newer one.

use chrono::{Duration, Utc};
use gerbang_core::event::{EventFilter, NewEvent};
use serde_json::json;

use crate::contract_tests;
use crate::support::TestStore;

contract_tests!(
    events_come_back_in_id_order_through_every_filter,
    an_event_takes_its_devices_owner,
    old_events_are_deleted_and_new_ones_kept,
    an_event_that_commits_late_is_never_read_past,
);

fn event(kind: &'static str, device: &str, n: i64) -> NewEvent {
    NewEvent {
        event_type: kind,
        device_id: Some(device.to_string()),
        user_id: None,
        chat_jid: Some("628111@s.whatsapp.net".into()),
        data: json!({ "n": n }),
    }
}

async fn events_come_back_in_id_order_through_every_filter(s: &TestStore) {
    let ani = s.user("ani").await;
    let budi = s.user("budi").await;
    let a = s.device(&ani, "dev-a").await;
    let b = s.device(&budi, "dev-b").await;
    assert_eq!(s.store.latest_event_id().await.unwrap(), 0, "an empty log");
    let mut ids = Vec::new();
    for n in 0..6 {
        let (device, kind) = if n % 2 == 0 {
            (&a, "message.new")
        } else {
            (&b, "message.status")
        };
        ids.push(
            s.store
                .append_event(&event(kind, device, n))
                .await
                .unwrap()
                .id,
        );
    }
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids grow: {ids:?}");
    assert_eq!(s.store.latest_event_id().await.unwrap(), ids[5]);
    let step = s.store.event_id_step();
    assert!(
        (ids[5] - ids[0]) / step >= 5,
        "the step never undercounts: {ids:?} / {step}"
    );

    let all = s
        .store
        .events_after(0, &EventFilter::default(), 100)
        .await
        .unwrap();
    assert_eq!(all.iter().map(|e| e.id).collect::<Vec<_>>(), ids);
    assert_eq!(all[0].data["n"], 0);
    assert_eq!(all[0].chat_jid.as_deref(), Some("628111@s.whatsapp.net"));

    let page = s
        .store
        .events_after(ids[1], &EventFilter::default(), 2)
        .await
        .unwrap();
    assert_eq!(page.iter().map(|e| e.id).collect::<Vec<_>>(), ids[2..4]);

    let of_budi = EventFilter {
        user_id: Some(budi.id),
        ..EventFilter::default()
    };
    let got = s.store.events_after(0, &of_budi, 100).await.unwrap();
    assert_eq!(
        got.iter()
            .map(|e| e.data["n"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [1, 3, 5]
    );

    let of_a = EventFilter {
        device_id: Some(a.clone()),
        ..EventFilter::default()
    };
    assert_eq!(s.store.events_after(0, &of_a, 100).await.unwrap().len(), 3);

    let typed = EventFilter {
        types: vec!["message.status".into(), "group.updated".into()],
        ..EventFilter::default()
    };
    let got = s.store.events_after(0, &typed, 100).await.unwrap();
    assert!(
        got.iter().all(|e| e.event_type == "message.status"),
        "{got:?}"
    );
    assert_eq!(got.len(), 3);
    let none = EventFilter {
        user_id: Some(ani.id),
        device_id: Some(b.clone()),
        ..EventFilter::default()
    };
    assert!(s
        .store
        .events_after(0, &none, 100)
        .await
        .unwrap()
        .is_empty());

    // The monitor's backlog: the newest that pass, oldest first.
    let newest = s
        .store
        .newest_events(&EventFilter::default(), 2)
        .await
        .unwrap();
    assert_eq!(newest.iter().map(|e| e.id).collect::<Vec<_>>(), ids[4..6]);
    let newest = s.store.newest_events(&of_budi, 2).await.unwrap();
    assert_eq!(
        newest
            .iter()
            .map(|e| e.data["n"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [3, 5]
    );
    assert_eq!(s.store.newest_events(&typed, 100).await.unwrap().len(), 3);
    assert!(s.store.newest_events(&none, 100).await.unwrap().is_empty());

    let (events, read_to) = s
        .store
        .events_read(0, &EventFilter::default(), 100)
        .await
        .unwrap();
    assert_eq!(events.len(), 6);
    if let Some(read_to) = read_to {
        assert!(
            read_to >= ids[5],
            "the whole log is final: {read_to} < {}",
            ids[5]
        );
    }
}

async fn an_event_takes_its_devices_owner(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let stored = s
        .store
        .append_event(&event("message.new", &a, 1))
        .await
        .unwrap();
    assert_eq!(stored.user_id, Some(ani.id), "no owner given: the device's");
    let other = s.user("citra").await;
    let given = NewEvent {
        user_id: Some(other.id),
        ..event("message.new", &a, 2)
    };
    assert_eq!(
        s.store.append_event(&given).await.unwrap().user_id,
        Some(other.id)
    );
    let global = NewEvent {
        device_id: None,
        user_id: None,
        chat_jid: None,
        ..event("x", &a, 3)
    };
    let stored = s.store.append_event(&global).await.unwrap();
    assert_eq!((stored.device_id, stored.user_id), (None, None));
}

async fn old_events_are_deleted_and_new_ones_kept(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    for n in 0..3 {
        s.store
            .append_event(&event("message.new", &a, n))
            .await
            .unwrap();
    }
    assert_eq!(
        s.store
            .delete_events_before(Utc::now() - Duration::hours(1))
            .await
            .unwrap(),
        0
    );
    let kept = s
        .store
        .append_event(&event("message.new", &a, 9))
        .await
        .unwrap();
    let deleted = s.store.delete_events_before(kept.created_at).await.unwrap();
    assert_eq!(deleted, 3);
    let left = s
        .store
        .events_after(0, &EventFilter::default(), 10)
        .await
        .unwrap();
    assert_eq!(left.iter().map(|e| e.id).collect::<Vec<_>>(), [kept.id]);
}

/// On PostgreSQL writers do not wait for each other: an event can commit after one with a
/// higher id. Until it does, readers are not handed the newer one and the newest id does not
/// pass it, so nobody moves a cursor past it. (SQLite has one writer at a time: the two simply
/// arrive in order.)
async fn an_event_that_commits_late_is_never_read_past(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let insert = format!(
        "INSERT INTO events (event_type, device_id, user_id, data, created_at) \
         VALUES ('message.new', '{a}', {}, '{{\"n\": 1}}', '{}') RETURNING id",
        ani.id,
        Utc::now().to_rfc3339()
    );
    let (older, newer) = if s.is_postgres() {
        let pool = sqlx::PgPool::connect(&s.url).await.unwrap();
        let mut slow = pool.begin().await.unwrap();
        let older: i64 = sqlx::query_scalar(&insert)
            .fetch_one(&mut *slow)
            .await
            .unwrap();
        let newer = s
            .store
            .append_event(&event("message.new", &a, 2))
            .await
            .unwrap()
            .id;
        assert!(newer > older);
        let (seen, read_to) = s
            .store
            .events_read(0, &EventFilter::default(), 10)
            .await
            .unwrap();
        assert!(
            seen.is_empty(),
            "handed out before the older event is final: {seen:?}"
        );
        assert!(read_to.unwrap() < older, "{read_to:?} is past {older}");
        assert!(s.store.latest_event_id().await.unwrap() < older);
        assert!(
            s.store
                .newest_events(&EventFilter::default(), 10)
                .await
                .unwrap()
                .is_empty(),
            "the backlog shows no event past one still to commit"
        );
        slow.commit().await.unwrap();
        pool.close().await;
        (older, newer)
    } else {
        let pool = sqlx::SqlitePool::connect(&s.url).await.unwrap();
        let older: i64 = sqlx::query_scalar(&insert).fetch_one(&pool).await.unwrap();
        pool.close().await;
        let newer = s
            .store
            .append_event(&event("message.new", &a, 2))
            .await
            .unwrap()
            .id;
        (older, newer)
    };
    let all = s
        .store
        .events_after(0, &EventFilter::default(), 10)
        .await
        .unwrap();
    assert_eq!(all.iter().map(|e| e.id).collect::<Vec<_>>(), [older, newer]);
    assert_eq!(s.store.latest_event_id().await.unwrap(), newer);
}
