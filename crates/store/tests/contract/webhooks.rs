//! The webhook outbox: webhooks, their cursor, deliveries claimed one per chat at a time,
//! attempts, retries, redelivery and clean-up.

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use gerbang_core::event::NewEvent;
use gerbang_core::webhook::{
    AttemptRecord, DeliveryFilter, DeliveryStatus, NewWebhook, WebhookPatch,
};
use serde_json::json;

use crate::contract_tests;
use crate::support::TestStore;

contract_tests!(
    webhooks_are_created_after_the_log_changed_and_deleted,
    events_become_deliveries_one_chat_at_a_time_and_retries_are_recorded,
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
