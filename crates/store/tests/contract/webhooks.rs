//! The webhook outbox: webhooks, their cursor, deliveries claimed one per chat at a time,
//! attempts, retries, redelivery and clean-up.

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use gerbang_core::event::NewEvent;
use gerbang_core::webhook::{
    AttemptRecord, DeliveryFilter, DeliveryStatus, NewWebhook, WebhookPatch,
};
use gerbang_core::PageRequest;
use serde_json::json;

use crate::contract_tests;
use crate::support::TestStore;

contract_tests!(
    webhooks_are_created_after_the_log_changed_and_deleted,
    events_become_deliveries_one_chat_at_a_time_and_retries_are_recorded,
    a_long_backlog_is_enqueued_whole_or_in_steps_and_attempts_stay_with_their_delivery,
    a_claim_takes_no_more_than_its_limit,
);

fn event(device: &str, chat: &str, kind: &'static str) -> NewEvent {
    NewEvent {
        event_type: kind,
        device_id: Some(device.into()),
        user_id: None,
        chat_jid: Some(chat.into()),
        data: json!({ "chat": chat }),
    }
}

fn hook(device: Option<&str>, events: &[&str], by: i64) -> NewWebhook {
    NewWebhook {
        device_id: device.map(Into::into),
        url: "http://127.0.0.1:9/hook".into(),
        events: events.iter().map(|e| e.to_string()).collect(),
        secret: "whsec_0123456789abcdef".into(),
        headers: BTreeMap::from([("X-Toko".to_string(), "ani".to_string())]),
        active: true,
        created_by: by,
    }
}

async fn webhooks_are_created_after_the_log_changed_and_deleted(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let old = s
        .store
        .append_event(&event(&a, "c1", "message.new"))
        .await
        .unwrap();
    let w = s
        .store
        .create_webhook(&hook(Some(&a), &["message.new"], ani.id))
        .await
        .unwrap();
    assert_eq!(
        w.last_event_id, old.id,
        "starts after what is already in the log"
    );
    assert_eq!(w.secret, "whsec_0123456789abcdef");
    assert!(w.secret_prefix.starts_with("whsec_0123"));
    assert_eq!(w.headers.get("X-Toko").map(String::as_str), Some("ani"));
    let global = s
        .store
        .create_webhook(&hook(None, &[], ani.id))
        .await
        .unwrap();
    assert_eq!(s.store.list_webhooks(Some(&a)).await.unwrap().len(), 1);
    let globals = s.store.list_webhooks(None).await.unwrap();
    assert_eq!(
        globals.iter().map(|w| w.id).collect::<Vec<_>>(),
        [global.id]
    );
    assert_eq!(s.store.active_webhooks().await.unwrap().len(), 2);

    let off = WebhookPatch {
        active: Some(false),
        url: Some("http://127.0.0.1:9/baru".into()),
        ..WebhookPatch::default()
    };
    let changed = s.store.update_webhook(w.id, &off).await.unwrap().unwrap();
    assert_eq!(
        (changed.active, changed.url.as_str()),
        (false, "http://127.0.0.1:9/baru")
    );
    assert_eq!(changed.events, ["message.new"], "untouched");
    assert_eq!(s.store.active_webhooks().await.unwrap().len(), 1);
    assert!(s.store.update_webhook(9_999, &off).await.unwrap().is_none());
    assert!(s.store.delete_webhook(w.id).await.unwrap());
    assert!(!s.store.delete_webhook(w.id).await.unwrap());
    assert!(s.store.webhook(w.id).await.unwrap().is_none());
}

async fn events_become_deliveries_one_chat_at_a_time_and_retries_are_recorded(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let w = s
        .store
        .create_webhook(&hook(Some(&a), &["message.new"], ani.id))
        .await
        .unwrap();
    for (chat, kind) in [
        ("c1", "message.new"),
        ("c1", "message.new"),
        ("c2", "message.new"),
        ("c2", "message.status"),
    ] {
        s.store.append_event(&event(&a, chat, kind)).await.unwrap();
    }
    let enq = s.store.enqueue_deliveries(&w, 100).await.unwrap();
    assert_eq!(
        (enq.added, enq.raced, enq.more),
        (3, false, false),
        "{enq:?}"
    );
    assert_eq!(enq.cursor, s.store.latest_event_id().await.unwrap());
    let stale = s.store.enqueue_deliveries(&w, 100).await.unwrap();
    assert!(
        stale.raced,
        "the cursor read with the webhook is no longer current"
    );
    let fresh = s.store.webhook(w.id).await.unwrap().unwrap();
    assert_eq!(
        s.store.enqueue_deliveries(&fresh, 100).await.unwrap().added,
        0
    );

    let now = Utc::now();
    let lease = now + Duration::seconds(30);
    let claimed = s
        .store
        .claim_deliveries(now, lease, "worker-1", 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 2, "the oldest of each chat only");
    assert!(
        s.store
            .claim_deliveries(now, lease, "worker-2", 10)
            .await
            .unwrap()
            .is_empty(),
        "claimed already"
    );
    let c1 = claimed
        .iter()
        .find(|j| j.payload.contains("\"c1\""))
        .unwrap();
    let c2 = claimed
        .iter()
        .find(|j| j.payload.contains("\"c2\""))
        .unwrap();
    let attempt = |outcome, code, next| AttemptRecord {
        attempted_at: now,
        status_code: Some(code),
        error: None,
        response: Some("ok".into()),
        duration_ms: 12,
        outcome,
        next_attempt_at: next,
    };
    s.store
        .record_attempt(c1, &attempt(DeliveryStatus::Delivered, 200, now))
        .await
        .unwrap();
    let later = now + Duration::minutes(5);
    s.store
        .record_attempt(c2, &attempt(DeliveryStatus::Pending, 503, later))
        .await
        .unwrap();

    let next = s
        .store
        .claim_deliveries(lease, lease + Duration::seconds(30), "worker-1", 10)
        .await
        .unwrap();
    assert_eq!(next.len(), 1, "c1's second event; c2 waits for its retry");
    assert!(next[0].payload.contains("\"c1\""));
    s.store
        .record_attempt(&next[0], &attempt(DeliveryStatus::Dead, 410, now))
        .await
        .unwrap();

    let all = s
        .store
        .list_deliveries(w.id, &DeliveryFilter::default())
        .await
        .unwrap();
    assert_eq!(all.total, 3);
    let pending = DeliveryFilter {
        status: Some(DeliveryStatus::Pending),
        ..DeliveryFilter::default()
    };
    let waiting = s.store.list_deliveries(w.id, &pending).await.unwrap();
    assert_eq!(waiting.items[0].last_status_code, Some(503));
    assert_eq!(waiting.items[0].attempts.len(), 1);
    assert_eq!(waiting.items[0].attempts[0].duration_ms, 12);

    assert_eq!(s.store.hasten_retries(w.id, now).await.unwrap(), 1);
    let dead = DeliveryFilter {
        status: Some(DeliveryStatus::Dead),
        ..DeliveryFilter::default()
    };
    let dead_one = s.store.list_deliveries(w.id, &dead).await.unwrap().items[0].id;
    let again = s
        .store
        .redeliver(w.id, dead_one, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.status, DeliveryStatus::Pending);
    assert!(s.store.redeliver(w.id, 9_999, now).await.unwrap().is_none());
    assert_eq!(
        s.store.redeliver_dead(w.id, now).await.unwrap(),
        0,
        "none dead any more"
    );

    let delivered = DeliveryFilter {
        status: Some(DeliveryStatus::Delivered),
        ..DeliveryFilter::default()
    };
    assert_eq!(
        s.store
            .list_deliveries(w.id, &delivered)
            .await
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        s.store
            .delete_finished_deliveries(now - Duration::hours(1))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        s.store
            .delete_finished_deliveries(Utc::now() + Duration::seconds(1))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        s.store
            .list_deliveries(w.id, &DeliveryFilter::default())
            .await
            .unwrap()
            .total,
        2
    );
}

async fn a_long_backlog_is_enqueued_whole_or_in_steps_and_attempts_stay_with_their_delivery(
    s: &TestStore,
) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let w = s
        .store
        .create_webhook(&hook(None, &[], ani.id))
        .await
        .unwrap();
    // More events than one insert statement takes (200), each in a chat of its own.
    let mut ids = Vec::new();
    for i in 0..230 {
        let e = s
            .store
            .append_event(&event(&a, &format!("c{i}"), "message.new"))
            .await
            .unwrap();
        ids.push(e.id);
    }
    let enq = s.store.enqueue_deliveries(&w, 500).await.unwrap();
    assert_eq!((enq.added, enq.more, enq.raced), (230, false, false));
    assert_eq!(enq.cursor, *ids.last().unwrap());
    let mut queued = Vec::new();
    for page in 1..=3 {
        let f = DeliveryFilter {
            page: PageRequest::new(page, 100),
            ..DeliveryFilter::default()
        };
        let got = s.store.list_deliveries(w.id, &f).await.unwrap();
        assert_eq!(got.total, 230);
        queued.extend(got.items.iter().map(|d| d.event_id));
    }
    queued.reverse();
    assert_eq!(queued, ids, "every event once, newest first");

    // A limit below the backlog: the cursor stops at the last event taken, and says more.
    let w = s.store.webhook(w.id).await.unwrap().unwrap();
    let mut later = Vec::new();
    for i in 0..5 {
        let chat = format!("d{i}");
        later.push(
            s.store
                .append_event(&event(&a, &chat, "message.new"))
                .await
                .unwrap()
                .id,
        );
    }
    let first = s.store.enqueue_deliveries(&w, 3).await.unwrap();
    assert_eq!((first.added, first.more, first.cursor), (3, true, later[2]));
    let w = s.store.webhook(w.id).await.unwrap().unwrap();
    assert_eq!(w.last_event_id, later[2]);
    let rest = s.store.enqueue_deliveries(&w, 3).await.unwrap();
    assert_eq!((rest.added, rest.more, rest.cursor), (2, false, later[4]));

    // Each delivery listed with its own attempts only.
    let now = Utc::now();
    let mut claimed = s
        .store
        .claim_deliveries(now, now + Duration::seconds(30), "worker-1", 500)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 235, "one per chat, and every chat has one");
    claimed.truncate(3);
    for (i, job) in claimed.iter().enumerate() {
        let record = AttemptRecord {
            attempted_at: now,
            status_code: Some(500 + i as i32),
            error: None,
            response: None,
            duration_ms: 10 + i as i64,
            outcome: DeliveryStatus::Pending,
            next_attempt_at: now + Duration::minutes(1),
        };
        s.store.record_attempt(job, &record).await.unwrap();
    }
    let all = DeliveryFilter {
        page: PageRequest::new(3, 100),
        ..DeliveryFilter::default()
    };
    let oldest = s.store.list_deliveries(w.id, &all).await.unwrap().items;
    assert_eq!(oldest.len(), 35);
    for d in &oldest {
        match claimed.iter().position(|j| j.id == d.id) {
            Some(i) => {
                assert_eq!(d.attempts.len(), 1, "{d:?}");
                assert_eq!(d.attempts[0].duration_ms, 10 + i as i64);
                assert_eq!(d.last_status_code, Some(500 + i as i32));
            }
            None => assert!(d.attempts.is_empty(), "{d:?}"),
        }
    }
}

/// PostgreSQL once planned the claim's `LIMIT … FOR UPDATE SKIP LOCKED` subquery as the inner
/// side of a semi join and ran it again for every outer row, each run skipping the rows the
/// statement had already locked: on a table without statistics a claim of 3 took them all.
async fn a_claim_takes_no_more_than_its_limit(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let w = s
        .store
        .create_webhook(&hook(None, &[], ani.id))
        .await
        .unwrap();
    for i in 0..40 {
        s.store
            .append_event(&event(&a, &format!("c{i}"), "message.new"))
            .await
            .unwrap();
    }
    assert_eq!(s.store.enqueue_deliveries(&w, 500).await.unwrap().added, 40);
    let now = Utc::now();
    let lease = now + Duration::seconds(30);
    let first = s
        .store
        .claim_deliveries(now, lease, "worker-1", 3)
        .await
        .unwrap();
    assert_eq!(first.len(), 3, "a claim of 3 takes 3");
    let second = s
        .store
        .claim_deliveries(now, lease, "worker-2", 10)
        .await
        .unwrap();
    assert_eq!(second.len(), 10);
    assert!(
        second.iter().all(|j| first.iter().all(|f| f.id != j.id)),
        "a claimed delivery is not claimed again while its lease holds"
    );
    let rest = s
        .store
        .claim_deliveries(now, lease, "worker-3", 100)
        .await
        .unwrap();
    assert_eq!(rest.len(), 27, "the rest, each once");
}
