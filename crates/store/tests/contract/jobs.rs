//! Bulk jobs (recipients claimed one at a time, counters kept with each change, requeue,
//! cancel, crash recovery) and scheduled messages (due, taken once, settled after a restart).

use chrono::{Duration, Utc};
use gerbang_core::job::{
    JobFilter, JobStatus, NewJob, NewRecipient, NewScheduled, Pacing, RecipientStatus,
    ScheduleFilter, ScheduleStatus,
};
use gerbang_core::message::NewMessage;
use gerbang_core::PageRequest;
use serde_json::json;

use crate::contract_tests;
use crate::support::{text, TestStore};

contract_tests!(
    a_job_hands_out_each_recipient_once_and_keeps_its_counts,
    jobs_are_listed_paused_requeued_and_stopped_with_their_device,
    scheduled_messages_are_taken_once_and_settled_after_a_restart,
    a_large_job_keeps_every_recipient_in_its_place,
    due_scheduled_messages_are_read_for_the_devices_asked,
    claims_made_at_the_same_time_each_get_a_recipient,
);

fn job(device: &str, user: i64, id: &str, phones: &[&str]) -> NewJob {
    NewJob {
        job_id: id.into(),
        device_id: device.into(),
        user_id: user,
        kind: "text".into(),
        message: "Halo {name}".into(),
        media: None,
        pacing: Pacing {
            delay_secs: 0.0,
            jitter_secs: 0.0,
            ..Pacing::default()
        },
        recipients: phones
            .iter()
            .map(|p| NewRecipient {
                phone: p.to_string(),
                variables: json!({ "name": "Kak" }),
            })
            .collect(),
    }
}

fn outbound(device: &str, id: &str, jid: &str) -> NewMessage {
    NewMessage {
        chat_jid: jid.into(),
        ..text(device, id, "0", true, "Halo Kak")
    }
}

async fn a_job_hands_out_each_recipient_once_and_keeps_its_counts(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let now = Utc::now();
    let created = s
        .store
        .create_job(
            &job(
                &a,
                ani.id,
                "job-1",
                &["6281100000001", "6281100000002", "6281100000003"],
            ),
            now,
        )
        .await
        .unwrap();
    assert_eq!(
        (
            created.status,
            created.progress.total,
            created.progress.pending
        ),
        (JobStatus::Running, 3, 3)
    );
    assert_eq!(created.pacing.timezone, "Asia/Jakarta");
    let due = s.store.due_jobs(now + Duration::seconds(1)).await.unwrap();
    assert_eq!(
        due.iter().map(|j| j.job_id.as_str()).collect::<Vec<_>>(),
        ["job-1"]
    );
    assert!(
        s.store
            .due_jobs(now - Duration::seconds(10))
            .await
            .unwrap()
            .is_empty(),
        "not due yet"
    );

    let first = s.store.claim_recipient("job-1").await.unwrap().unwrap();
    assert_eq!(
        (first.position, first.status),
        (0, RecipientStatus::Sending)
    );
    assert_eq!(first.variables["name"], "Kak");
    let second = s.store.claim_recipient("job-1").await.unwrap().unwrap();
    assert_ne!(first.id, second.id, "never the same recipient twice");
    s.store
        .finish_recipient(first.id, RecipientStatus::Sent, Some("WA1"), None, now)
        .await
        .unwrap();
    s.store
        .finish_recipient(
            second.id,
            RecipientStatus::Failed,
            None,
            Some("not on WhatsApp"),
            now,
        )
        .await
        .unwrap();
    let p = s.store.job("job-1").await.unwrap().unwrap().progress;
    assert_eq!((p.sent, p.failed, p.pending), (1, 1, 1), "{p:?}");

    // Claimed but never handed to the engine (no message linked): simply sent later.
    let third = s.store.claim_recipient("job-1").await.unwrap().unwrap();
    assert_eq!(s.store.mark_sending_uncertain(None).await.unwrap(), 0);
    let again = s.store.claim_recipient("job-1").await.unwrap().unwrap();
    assert_eq!(again.id, third.id, "back to pending");
    // Handed over (its pending message written with the link): after a crash nobody knows.
    let out = outbound(&a, "WA3", &third.jid);
    s.store
        .insert_job_message(&out, third.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        s.store.mark_sending_uncertain(None).await.unwrap(),
        1,
        "a crash while sending"
    );
    assert!(
        s.store.claim_recipient("job-1").await.unwrap().is_none(),
        "nothing pending"
    );
    let p = s.store.job("job-1").await.unwrap().unwrap().progress;
    assert_eq!((p.uncertain, p.pending), (1, 0));
    let uncertain = s
        .store
        .recipients(
            "job-1",
            Some(RecipientStatus::Uncertain),
            PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!(uncertain.items[0].id, third.id);

    assert_eq!(
        s.store.requeue_recipients("job-1", false).await.unwrap(),
        1,
        "the failed one"
    );
    assert_eq!(
        s.store.requeue_recipients("job-1", true).await.unwrap(),
        1,
        "then the uncertain one"
    );
    let p = s.store.job("job-1").await.unwrap().unwrap().progress;
    assert_eq!((p.sent, p.failed, p.uncertain, p.pending), (1, 0, 0, 2));
    assert_eq!(s.store.cancel_pending("job-1").await.unwrap(), 2);
    let p = s.store.job("job-1").await.unwrap().unwrap().progress;
    assert_eq!((p.cancelled, p.pending, p.total), (2, 0, 3));

    let sent = s
        .store
        .recipients("job-1", Some(RecipientStatus::Sent), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(sent.items[0].message_id.as_deref(), Some("WA1"));
    let all = s
        .store
        .recipients("job-1", None, PageRequest::new(1, 2))
        .await
        .unwrap();
    assert_eq!((all.total, all.items.len()), (3, 2));
}

async fn jobs_are_listed_paused_requeued_and_stopped_with_their_device(s: &TestStore) {
    let ani = s.user("ani").await;
    let budi = s.user("budi").await;
    let a = s.device(&ani, "dev-a").await;
    let b = s.device(&budi, "dev-b").await;
    let now = Utc::now();
    s.store
        .create_job(&job(&a, ani.id, "job-a1", &["6281100000001"]), now)
        .await
        .unwrap();
    s.store
        .create_job(&job(&a, ani.id, "job-a2", &["6281100000002"]), now)
        .await
        .unwrap();
    s.store
        .create_job(&job(&b, budi.id, "job-b1", &["6281100000003"]), now)
        .await
        .unwrap();
    let due = s.store.due_jobs(now + Duration::seconds(1)).await.unwrap();
    assert_eq!(due.len(), 2, "one per device: {due:?}");

    let mine = JobFilter {
        owner: Some(ani.id),
        ..JobFilter::default()
    };
    assert_eq!(s.store.list_jobs(&mine).await.unwrap().total, 2);
    assert_eq!(
        s.store
            .list_jobs(&JobFilter::default())
            .await
            .unwrap()
            .total,
        3
    );

    let paused = s
        .store
        .set_job_status("job-a1", &[JobStatus::Running], JobStatus::Paused, None)
        .await
        .unwrap();
    assert!(paused);
    assert!(
        !s.store
            .set_job_status("job-a1", &[JobStatus::Running], JobStatus::Paused, None)
            .await
            .unwrap(),
        "only from the states given"
    );
    let filter = JobFilter {
        status: Some(JobStatus::Paused),
        ..JobFilter::default()
    };
    assert_eq!(
        s.store.list_jobs(&filter).await.unwrap().items[0].job_id,
        "job-a1"
    );

    let later = now + Duration::minutes(10);
    s.store.set_next_send_at("job-a2", later).await.unwrap();
    assert!(s
        .store
        .due_jobs(now + Duration::seconds(1))
        .await
        .unwrap()
        .iter()
        .all(|j| j.job_id != "job-a2"));
    assert!(s
        .store
        .due_jobs(later + Duration::seconds(1))
        .await
        .unwrap()
        .iter()
        .any(|j| j.job_id == "job-a2"));

    let mut stopped = s.store.stop_device_jobs(&a, "logged out").await.unwrap();
    stopped.sort();
    assert_eq!(stopped, ["job-a1", "job-a2"], "running and paused ones");
    let j = s.store.job("job-a1").await.unwrap().unwrap();
    assert_eq!(
        (j.status, j.stop_reason.as_deref()),
        (JobStatus::Stopped, Some("logged out"))
    );
    assert_eq!(
        s.store.job("job-b1").await.unwrap().unwrap().status,
        JobStatus::Running
    );

    let r = s.store.claim_recipient("job-b1").await.unwrap().unwrap();
    s.store
        .finish_recipient(r.id, RecipientStatus::Sent, Some("WA9"), None, now)
        .await
        .unwrap();
    let sends = s
        .store
        .device_sends_between(&b, now - Duration::hours(1), now + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(sends, 1);
    assert_eq!(
        s.store
            .device_sends_between(&a, now - Duration::hours(1), now + Duration::hours(1))
            .await
            .unwrap(),
        0
    );

    assert_eq!(s.store.clock_offset().await.unwrap(), None);
    s.store.save_clock_offset(90_000).await.unwrap();
    s.store.save_clock_offset(120_000).await.unwrap();
    assert_eq!(s.store.clock_offset().await.unwrap(), Some(120_000));
}

async fn scheduled_messages_are_taken_once_and_settled_after_a_restart(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let now = Utc::now();
    let new = |minutes: i64, text: &str| NewScheduled {
        device_id: a.clone(),
        user_id: ani.id,
        to: "6281234567890".into(),
        message: text.into(),
        send_at: now + Duration::minutes(minutes),
        timezone: "Asia/Jakarta".into(),
    };
    let long_ago = s.store.create_scheduled(&new(-30, "lama")).await.unwrap();
    let due = s
        .store
        .create_scheduled(&new(-1, "sekarang"))
        .await
        .unwrap();
    let later = s.store.create_scheduled(&new(60, "nanti")).await.unwrap();
    assert_eq!(
        s.store.scheduled(later.id).await.unwrap().unwrap().status,
        ScheduleStatus::Scheduled
    );

    let found = s.store.due_scheduled(now, 10, None).await.unwrap();
    assert_eq!(
        found.iter().map(|m| m.id).collect::<Vec<_>>(),
        [long_ago.id, due.id],
        "oldest first"
    );
    assert_eq!(s.store.due_scheduled(now, 1, None).await.unwrap().len(), 1);

    let take = |id| {
        s.store.transition_scheduled(
            id,
            ScheduleStatus::Scheduled,
            ScheduleStatus::Sending,
            None,
            None,
        )
    };
    assert!(take(due.id).await.unwrap());
    assert!(!take(due.id).await.unwrap(), "taken once");
    let sent = s.store.transition_scheduled(
        due.id,
        ScheduleStatus::Sending,
        ScheduleStatus::Sent,
        Some("WA7"),
        None,
    );
    assert!(sent.await.unwrap());
    let m = s.store.scheduled(due.id).await.unwrap().unwrap();
    assert_eq!(
        (m.status, m.message_id.as_deref()),
        (ScheduleStatus::Sent, Some("WA7"))
    );
    assert!(m.sent_at.is_some());

    assert!(take(later.id).await.unwrap());
    let settled = s
        .store
        .settle_scheduled_after_restart(now - Duration::minutes(10), None)
        .await
        .unwrap();
    assert_eq!(settled, 2, "the long-missed one and the one left sending");
    assert_eq!(
        s.store
            .scheduled(long_ago.id)
            .await
            .unwrap()
            .unwrap()
            .status,
        ScheduleStatus::Missed
    );
    assert_eq!(
        s.store.scheduled(later.id).await.unwrap().unwrap().status,
        ScheduleStatus::Failed
    );

    let filter = ScheduleFilter {
        status: Some(ScheduleStatus::Sent),
        ..ScheduleFilter::default()
    };
    assert_eq!(
        s.store.list_scheduled(&filter).await.unwrap().items[0].id,
        due.id
    );
    let mine = ScheduleFilter {
        owner: Some(ani.id),
        ..ScheduleFilter::default()
    };
    assert_eq!(s.store.list_scheduled(&mine).await.unwrap().total, 3);
}

async fn a_large_job_keeps_every_recipient_in_its_place(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    // More than two insert batches (500 recipients each).
    let phones: Vec<String> = (0..1203).map(|i| format!("62811{i:08}")).collect();
    let refs: Vec<&str> = phones.iter().map(String::as_str).collect();
    let created = s
        .store
        .create_job(&job(&a, ani.id, "job-big", &refs), Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (created.progress.total, created.progress.pending),
        (1203, 1203)
    );
    for (page, first) in [(5, 400), (6, 500), (11, 1000)] {
        let got = s
            .store
            .recipients("job-big", None, PageRequest::new(page, 100))
            .await
            .unwrap();
        assert_eq!(got.total, 1203);
        assert_eq!(got.items.len(), 100);
        for (i, r) in got.items.iter().enumerate() {
            assert_eq!(r.position, first + i as i64);
            assert_eq!(r.jid, phones[first as usize + i]);
            assert_eq!(r.variables, json!({ "name": "Kak" }));
            assert_eq!(r.status, RecipientStatus::Pending);
        }
    }
    let last = s
        .store
        .recipients("job-big", None, PageRequest::new(13, 100))
        .await
        .unwrap();
    assert_eq!(
        last.items.iter().map(|r| r.position).collect::<Vec<_>>(),
        [1200, 1201, 1202]
    );
    let first = s.store.claim_recipient("job-big").await.unwrap().unwrap();
    assert_eq!(
        (first.position, first.jid.as_str()),
        (0, phones[0].as_str())
    );
}

async fn due_scheduled_messages_are_read_for_the_devices_asked(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let b = s.device(&ani, "dev-b").await;
    let c = s.device(&ani, "dev-c").await;
    let now = Utc::now();
    let at = |device: &str, minutes: i64| NewScheduled {
        device_id: device.into(),
        user_id: ani.id,
        to: "6281234567890".into(),
        message: "halo".into(),
        send_at: now + Duration::minutes(minutes),
        timezone: "Asia/Jakarta".into(),
    };
    let on_a = s.store.create_scheduled(&at(&a, -10)).await.unwrap();
    let on_b = s.store.create_scheduled(&at(&b, -5)).await.unwrap();
    let on_c = s.store.create_scheduled(&at(&c, -1)).await.unwrap();
    s.store.create_scheduled(&at(&a, 60)).await.unwrap();

    let ids = |found: Vec<gerbang_core::job::ScheduledMessage>| {
        found.into_iter().map(|m| m.id).collect::<Vec<_>>()
    };
    let only_a = [a.clone()];
    assert_eq!(
        ids(s.store.due_scheduled(now, 10, Some(&only_a)).await.unwrap()),
        [on_a.id]
    );
    let a_and_b = [a.clone(), b.clone()];
    assert_eq!(
        ids(s
            .store
            .due_scheduled(now, 10, Some(&a_and_b))
            .await
            .unwrap()),
        [on_a.id, on_b.id]
    );
    assert_eq!(
        ids(s.store.due_scheduled(now, 1, Some(&a_and_b)).await.unwrap()),
        [on_a.id],
        "the limit applies after the devices"
    );
    assert!(s
        .store
        .due_scheduled(now, 10, Some(&[]))
        .await
        .unwrap()
        .is_empty());
    assert!(s
        .store
        .due_scheduled(now, 10, Some(&["dev-x".to_string()]))
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        ids(s.store.due_scheduled(now, 10, None).await.unwrap()),
        [on_a.id, on_b.id, on_c.id]
    );
}

/// A job without pacing claims several recipients at the same time (issue #19): each claim gets
/// a recipient of its own while any is pending, none waits for another's row and comes back
/// empty.
async fn claims_made_at_the_same_time_each_get_a_recipient(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let phones: Vec<String> = (0..16)
        .map(|i| format!("62812000{i:05}@s.whatsapp.net"))
        .collect();
    let refs: Vec<&str> = phones.iter().map(String::as_str).collect();
    s.store
        .create_job(&job(&a, ani.id, "job-lanes", &refs), Utc::now())
        .await
        .unwrap();
    let claims: Vec<_> = (0..16)
        .map(|_| {
            let store = s.store.clone();
            tokio::spawn(async move { store.claim_recipient("job-lanes").await })
        })
        .collect();
    let mut ids = Vec::new();
    for claim in claims {
        let claimed = claim.await.unwrap().unwrap();
        ids.push(claimed.expect("a recipient for every claim").id);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 16, "each recipient once");
    assert!(s
        .store
        .claim_recipient("job-lanes")
        .await
        .unwrap()
        .is_none());
}
