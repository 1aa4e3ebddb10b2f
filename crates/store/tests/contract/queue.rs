//! Seed 003's queue, stored as one-recipient jobs: settings, states, pause, retries, clearing.

use chrono::{Duration, Utc};
use gerbang_core::job::{JobStatus, NewJob, NewRecipient, RecipientStatus};
use gerbang_core::queue::{QueueSettings, QueueState, QUEUE_KIND};
use serde_json::json;

use crate::contract_tests;
use crate::support::TestStore;

contract_tests!(queued_messages_move_through_their_states_and_are_cleared);

fn queued(device: &str, user: i64, id: &str, settings: &QueueSettings) -> NewJob {
    NewJob {
        job_id: id.into(),
        device_id: device.into(),
        user_id: user,
        kind: QUEUE_KIND.into(),
        message: "Pesanan Anda sudah dikirim".into(),
        media: None,
        pacing: settings.pacing(),
        recipients: vec![NewRecipient {
            phone: "6281100000001".into(),
            variables: json!({}),
        }],
    }
}

async fn queued_messages_move_through_their_states_and_are_cleared(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    assert!(s.store.queue_settings(&a).await.unwrap().is_none());
    let settings = QueueSettings {
        max_attempts: 5,
        interval_ms: 2_000,
        ..QueueSettings::defaults(&a)
    };
    s.store.save_queue_settings(&settings).await.unwrap();
    let kept = s.store.queue_settings(&a).await.unwrap().unwrap();
    assert_eq!(
        (kept.max_attempts, kept.interval_ms, kept.batch_size),
        (5, 2_000, 3)
    );
    assert!(kept.updated_at.is_some());

    let now = Utc::now();
    s.store
        .enqueue(
            &queued(&a, ani.id, "q1", &settings),
            JobStatus::Running,
            now,
        )
        .await
        .unwrap();
    s.store
        .enqueue(
            &queued(&a, ani.id, "q2", &settings),
            JobStatus::Running,
            now + Duration::hours(1),
        )
        .await
        .unwrap();
    s.store
        .enqueue(&queued(&a, ani.id, "q3", &settings), JobStatus::Paused, now)
        .await
        .unwrap();
    let later = now + Duration::seconds(1);
    let counts = s.store.queue_counts(&a, later).await.unwrap();
    assert_eq!(
        (counts.total, counts.waiting, counts.delayed, counts.paused),
        (3, 1, 1, 1),
        "{counts:?}"
    );
    let item = s.store.queue_item(&a, "q1", later).await.unwrap().unwrap();
    assert_eq!(
        (item.status, item.number.as_deref()),
        (QueueState::Waiting, Some("6281100000001"))
    );
    assert_eq!(item.max_attempts, Some(5));
    assert!(s
        .store
        .queue_item(&a, "nope", later)
        .await
        .unwrap()
        .is_none());
    let waiting = s
        .store
        .queue_items(&a, Some(QueueState::Waiting), 0, 10, later)
        .await
        .unwrap();
    assert_eq!(
        waiting
            .iter()
            .map(|i| i.job_id.as_str())
            .collect::<Vec<_>>(),
        ["q1"]
    );
    assert_eq!(
        s.store
            .queue_items(&a, None, 0, 2, later)
            .await
            .unwrap()
            .len(),
        2
    );

    let r = s.store.claim_recipient("q1").await.unwrap().unwrap();
    assert_eq!(
        s.store
            .queue_item(&a, "q1", later)
            .await
            .unwrap()
            .unwrap()
            .status,
        QueueState::Active
    );
    assert_eq!(
        s.store
            .count_failed_attempt(r.id, "timed out")
            .await
            .unwrap(),
        1
    );
    let retried = s.store.queue_item(&a, "q1", later).await.unwrap().unwrap();
    assert_eq!(
        (retried.attempts, retried.failed_reason.as_deref()),
        (1, Some("timed out"))
    );
    let r = s.store.claim_recipient("q1").await.unwrap().unwrap();
    s.store
        .finish_recipient(r.id, RecipientStatus::Sent, Some("WA1"), None, later)
        .await
        .unwrap();
    s.store
        .set_job_status("q1", &[JobStatus::Running], JobStatus::Completed, None)
        .await
        .unwrap();
    let done = s.store.queue_item(&a, "q1", later).await.unwrap().unwrap();
    assert_eq!(
        (done.status, done.message_id.as_deref()),
        (QueueState::Completed, Some("WA1"))
    );

    assert_eq!(
        s.store
            .set_queue_status(&a, JobStatus::Paused, JobStatus::Running)
            .await
            .unwrap(),
        1
    );
    assert_eq!(s.store.queue_counts(&a, later).await.unwrap().paused, 0);

    let future = Utc::now() + Duration::hours(2);
    assert_eq!(
        s.store.clean_queue(&a, future).await.unwrap(),
        1,
        "the finished one"
    );
    assert_eq!(s.store.clear_queue(&a).await.unwrap(), 2, "the rest");
    assert_eq!(s.store.queue_counts(&a, later).await.unwrap().total, 0);
}
