//! Bulk jobs and scheduled messages over HTTP, with the simulator's clock moved by the test
//! instead of waiting for real time.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Timelike, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

const DEV: &str = "/api/whatsapp-multi-device/devices";
const JOBS: &str = "/api/whatsapp-multi-device/jobs";

db_tests!(
    a_500_recipient_job_keeps_delay_cap_and_quiet_hours,
    jobs_pause_resume_cancel_retry_skip_and_stop_on_ban,
    an_unpaced_job_sends_side_by_side_and_completes_after_the_last,
    bad_jobs_are_refused,
    scheduled_messages_fire_on_time_and_can_be_cancelled,
    scheduled_messages_due_while_down_are_sent_or_missed,
);

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

async fn set_clock(app: &TestApp, at: DateTime<Utc>) {
    let r = app
        .post("/api/sim/clock", app.admin(), json!({"set": at}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn job(app: &TestApp, id: &str) -> Value {
    app.get(&format!("{JOBS}/{id}"), app.admin())
        .await
        .data()
        .clone()
}

fn handled(job: &Value) -> i64 {
    let p = &job["progress"];
    p["total"].as_i64().unwrap() - p["pending"].as_i64().unwrap()
}

/// Moves the clock to each next send until the job ends, then returns every recipient.
async fn drive(app: &TestApp, id: &str) -> Vec<Value> {
    for _ in 0..5000 {
        let j = job(app, id).await;
        if j["status"] != "running" {
            break;
        }
        let (before, next) = (handled(&j), j["nextSendAt"].clone());
        set_clock(app, time(&next)).await;
        wait_for(10, "the job to move", || async {
            let now = job(app, id).await;
            (handled(&now) > before || now["nextSendAt"] != next || now["status"] != "running")
                .then_some(())
        })
        .await;
    }
    let mut all = Vec::new();
    for page in 1.. {
        let r = app
            .get(
                &format!("{JOBS}/{id}/recipients?perPage=100&page={page}"),
                app.admin(),
            )
            .await;
        let items = r.data()["items"].as_array().unwrap().clone();
        if items.is_empty() {
            break;
        }
        all.extend(items);
    }
    all
}

async fn a_500_recipient_job_keeps_delay_cap_and_quiet_hours(b: Backend) {
    let app = TestApp::spawn(b).await;
    let device = app.device(1, "Blast").await;
    app.link(&device).await;
    // 07:59:50 in Jakarta: quiet hours (21:00–08:00) still hold for ten seconds.
    set_clock(&app, "2026-12-01T00:59:50Z".parse().unwrap()).await;
    let recipients: Vec<Value> = (0..500)
        .map(|i| json!({"phone": format!("0812{i:08}"), "variables": {"name": format!("Pelanggan {i}")}}))
        .collect();
    let r = app
        .post(
            &format!("{DEV}/{device}/jobs/send-text"),
            app.admin(),
            json!({
            "recipients": recipients, "message": "{Halo|Hai} {{name}}, promo hari ini!",
            "delaySecs": 3, "jitterSecs": 1, "dailyCap": 200,
            "quietHours": {"start": "21:00", "end": "08:00"}, "timezone": "Asia/Jakarta"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.data()["progress"]["total"], 500);
    // `id` like every other resource; `jobId` kept for earlier clients.
    let id = r.data()["id"].as_str().unwrap().to_string();
    assert_eq!(r.data()["jobId"], id.as_str());
    assert_eq!(job(&app, &id).await["id"], id.as_str());

    let all = drive(&app, &id).await;
    assert_eq!(job(&app, &id).await["status"], "completed");
    assert_eq!(all.len(), 500);
    assert!(
        all.iter().all(|r| r["status"] == "sent"),
        "every recipient sent"
    );
    let jakarta = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    let mut per_day: BTreeMap<String, Vec<DateTime<Utc>>> = BTreeMap::new();
    for r in &all {
        let at = time(&r["sentAt"]);
        let local = at.with_timezone(&jakarta);
        assert!(
            (8..21).contains(&local.hour()),
            "sent in quiet hours: {local}"
        );
        per_day
            .entry(local.date_naive().to_string())
            .or_default()
            .push(at);
    }
    let counts: Vec<usize> = per_day.values().map(Vec::len).collect();
    assert_eq!(
        counts,
        [200, 200, 100],
        "the daily cap splits 500 over three days"
    );
    for sends in per_day.values() {
        for w in sends.windows(2) {
            let gap = (w[1] - w[0]).num_milliseconds();
            assert!(
                (2000..=4300).contains(&gap),
                "3 s ± 1 s apart, got {gap} ms"
            );
        }
    }
    let texts: std::collections::HashSet<String> = app
        .get(
            &format!("{DEV}/{device}/chat-history/081200000007"),
            app.admin(),
        )
        .await
        .data()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap().to_string())
        .collect();
    assert!(
        texts
            .iter()
            .all(|t| t.ends_with("Pelanggan 7, promo hari ini!")),
        "{texts:?}"
    );
}

async fn jobs_pause_resume_cancel_retry_skip_and_stop_on_ban(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("pengirim").await;
    let device = app.device(owner.id, "Kontrol").await;
    app.link(&device).await;
    let tok = Some(owner.token.as_str());
    app.post(
        "/api/sim/accounts",
        tok,
        json!({"phone": "081300000003", "name": "Tidak ada", "onWhatsapp": false}),
    )
    .await;
    app.post(
        &format!("/api/sim/devices/{device}/faults"),
        tok,
        json!({"kind": "send_failure", "count": 2}),
    )
    .await;
    let phones: Vec<String> = (0..10).map(|i| format!("08130000000{i}")).collect();
    let r = app
        .post(
            &format!("{DEV}/{device}/jobs/send-text"),
            tok,
            json!({"recipients": phones, "message": "Tes", "delaySecs": 0, "jitterSecs": 0}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.data()["jobId"].as_str().unwrap().to_string();
    let done = wait_for(15, "the job to finish", || async {
        let j = job(&app, &id).await;
        (j["status"] == "completed").then_some(j)
    })
    .await;
    let p = &done["progress"];
    assert_eq!(
        (
            p["sent"].as_i64(),
            p["failed"].as_i64(),
            p["skipped"].as_i64()
        ),
        (Some(7), Some(2), Some(1)),
        "{p}"
    );
    let skipped = app
        .get(&format!("{JOBS}/{id}/recipients?status=skipped"), tok)
        .await;
    // The chat as `jid`, and the number as `phone`.
    let first = &skipped.data()["items"][0];
    assert_eq!(first["jid"], "6281300000003@s.whatsapp.net", "{first}");
    assert_eq!(first["phone"], "6281300000003", "{first}");
    let outbox = app
        .get(&format!("/api/sim/devices/{device}/outbox"), tok)
        .await;
    assert_eq!(
        outbox.data().as_array().unwrap().len(),
        7,
        "nothing sent to the absent number"
    );

    let retry = app
        .post(&format!("{JOBS}/{id}/retry"), tok, json!({}))
        .await;
    assert_eq!(retry.status, StatusCode::OK, "{}", retry.body);
    wait_for(15, "the retried job", || async {
        let j = job(&app, &id).await;
        (j["status"] == "completed" && j["progress"]["sent"] == 9).then_some(())
    })
    .await;
    assert_eq!(
        app.post(&format!("{JOBS}/{id}/pause"), tok, json!({}))
            .await
            .status,
        StatusCode::CONFLICT
    );

    // A slow job: pause holds it however far the clock moves; resume continues; cancel ends it.
    let slow = app
        .post(
            &format!("{DEV}/{device}/jobs/send-text"),
            tok,
            json!({"recipients": phones, "message": "Pelan", "delaySecs": 60, "jitterSecs": 0}),
        )
        .await;
    let slow_id = slow.data()["jobId"].as_str().unwrap().to_string();
    wait_for(10, "the first send", || async {
        (handled(&job(&app, &slow_id).await) == 1).then_some(())
    })
    .await;
    let paused = app
        .post(&format!("{JOBS}/{slow_id}/pause"), tok, json!({}))
        .await;
    assert_eq!(paused.data()["status"], "paused");
    let r = app
        .post("/api/sim/clock", app.admin(), json!({"advanceSecs": 600}))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        handled(&job(&app, &slow_id).await),
        1,
        "nothing while paused"
    );
    app.post(&format!("{JOBS}/{slow_id}/resume"), tok, json!({}))
        .await;
    wait_for(10, "a send after resuming", || async {
        (handled(&job(&app, &slow_id).await) >= 2).then_some(())
    })
    .await;
    let cancelled = app
        .post(&format!("{JOBS}/{slow_id}/cancel"), tok, json!({}))
        .await;
    assert_eq!(
        cancelled.data()["status"],
        "cancelled",
        "{}",
        cancelled.body
    );
    assert!(cancelled.data()["progress"]["cancelled"].as_i64().unwrap() >= 7);
    assert_eq!(
        app.post(&format!("{JOBS}/{slow_id}/cancel"), tok, json!({}))
            .await
            .status,
        StatusCode::CONFLICT
    );

    // A ban stops the device's jobs by themselves.
    let banned = app
        .post(
            &format!("{DEV}/{device}/jobs/send-text"),
            tok,
            json!({"recipients": phones, "message": "Lagi", "delaySecs": 60, "jitterSecs": 0}),
        )
        .await;
    let banned_id = banned.data()["jobId"].as_str().unwrap().to_string();
    app.post(
        &format!("/api/sim/devices/{device}/faults"),
        tok,
        json!({"kind": "ban"}),
    )
    .await;
    app.post("/api/sim/clock", app.admin(), json!({"advanceSecs": 120}))
        .await;
    let stopped = wait_for(10, "the job to stop", || async {
        let j = job(&app, &banned_id).await;
        (j["status"] == "stopped").then_some(j)
    })
    .await;
    assert!(
        stopped["stopReason"].as_str().unwrap().contains("banned"),
        "{stopped}"
    );
    let list = app.get(&format!("{JOBS}?status=stopped"), tok).await;
    assert_eq!(list.data()["total"], 1);
    assert_eq!(
        app.get("/api/admin/jobs", app.admin()).await.data()["total"],
        3
    );

    // The progress above is read from counters the database keeps by trigger; after sends,
    // failures, skips, retries, a cancel and a stop they still agree with the recipients.
    let counted = crate::dbexec::texts(&app, "SELECT job_id FROM job_counts WHERE n > 0").await;
    assert!(!counted.is_empty(), "no counters kept");
    let disagree = crate::dbexec::texts(
        &app,
        "SELECT r.job_id || ' ' || r.status FROM (SELECT job_id, status, COUNT(*) AS n \
         FROM job_recipients GROUP BY job_id, status) r LEFT JOIN job_counts c \
         ON c.job_id = r.job_id AND c.status = r.status WHERE c.n IS NULL OR c.n <> r.n \
         UNION ALL SELECT c.job_id || ' ' || c.status FROM job_counts c WHERE c.n <> 0 \
         AND NOT EXISTS (SELECT 1 FROM job_recipients r WHERE r.job_id = c.job_id \
         AND r.status = c.status)",
    )
    .await;
    assert!(disagree.is_empty(), "counters off for {disagree:?}");
}

/// A job with no delay sends several messages at a time on its one device (issue #19: one at
/// a time, a device sends no faster than a round trip allows), each recipient once, and is
/// completed only after its last message has its outcome.
async fn an_unpaced_job_sends_side_by_side_and_completes_after_the_last(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("kilat").await;
    let device = app.device(owner.id, "Kilat").await;
    app.link(&device).await;
    let tok = Some(owner.token.as_str());
    // Every send takes 2 s longer: one after another, 40 would take 80 s.
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/faults"),
            tok,
            json!({"kind": "slow_send", "count": 40, "millis": 2000}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let phones: Vec<String> = (0..40).map(|i| format!("0813555000{i:02}")).collect();
    let r = app
        .post(
            &format!("{DEV}/{device}/jobs/send-text"),
            tok,
            json!({"recipients": phones, "message": "Kilat", "delaySecs": 0, "jitterSecs": 0}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.data()["jobId"].as_str().unwrap().to_string();
    let in_flight = wait_for(10, "several sends in flight at once", || async {
        let r = app
            .get(&format!("{JOBS}/{id}/recipients?status=sending"), tok)
            .await;
        let n = r.data()["total"].as_i64().unwrap();
        (n > 1).then_some(n)
    })
    .await;
    assert!(in_flight > 1);
    // Still running while any of them is on its way.
    assert_eq!(job(&app, &id).await["status"], "running");
    let done = wait_for(30, "the job to complete", || async {
        let j = job(&app, &id).await;
        (j["status"] != "running").then_some(j)
    })
    .await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["progress"]["sent"], 40, "{done}");
    assert_eq!(done["progress"]["pending"], 0, "{done}");
    let sending = app
        .get(&format!("{JOBS}/{id}/recipients?status=sending"), tok)
        .await;
    assert_eq!(sending.data()["total"], 0, "{}", sending.body);
    let outbox = app
        .get(&format!("/api/sim/devices/{device}/outbox"), tok)
        .await;
    let mut to: Vec<String> = outbox
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["to"].as_str().unwrap_or_default().to_string())
        .collect();
    to.sort();
    to.dedup();
    assert_eq!(to.len(), 40, "each recipient once: {}", outbox.body);
}

async fn bad_jobs_are_refused(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("pemilik").await;
    let stranger = app.user("asing").await;
    let device = app.device(owner.id, "Tolak").await;
    let url = format!("{DEV}/{device}/jobs/send-text");
    let tok = Some(owner.token.as_str());
    let r = app
        .post(&url, tok, json!({"recipients": [], "message": "x"}))
        .await;
    assert!(r.field("recipients").is_some(), "{}", r.body);
    let r = app
        .post(
            &url,
            tok,
            json!({"recipients": ["0812345678", "nomor?"], "message": "x"}),
        )
        .await;
    assert!(r.field("recipients[1]").is_some(), "{}", r.body);
    let r = app
        .post(&url, tok, json!({"recipients": ["0812345678"]}))
        .await;
    assert!(r.field("recipients[0].message").is_some(), "{}", r.body);
    let r = app
        .post(&url, tok, json!({"recipients": ["0812345678"], "message": "x", "timezone": "Mars/Olympus", "dailyCap": 0, "delaySecs": -1}))
        .await;
    for f in ["timezone", "dailyCap", "delaySecs"] {
        assert!(r.field(f).is_some(), "{f}: {}", r.body);
    }
    let r = app.post(&url, tok, json!({"recipients": ["0812345678"], "message": "x", "quietHours": {"start": "25:00", "end": "08:00"}})).await;
    assert!(r.field("quietHours.start").is_some(), "{}", r.body);
    let r = app
        .post(
            &url,
            Some(&stranger.token),
            json!({"recipients": ["0812345678"], "message": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The seed's form: one message per recipient.
    let ok = app
        .post(
            &url,
            tok,
            json!({"messages": [{"to": "0812345678", "message": "Pesan 1"}], "delay": 3}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    let id = ok.data()["jobId"].as_str().unwrap();
    assert_eq!(
        app.get(&format!("{JOBS}/{id}"), Some(&stranger.token))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("{JOBS}/job-nope"), tok).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post(&format!("{JOBS}/{id}/explode"), tok, json!({}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(JOBS, Some(&stranger.token)).await.data()["total"],
        0
    );
}

async fn scheduled_messages_fire_on_time_and_can_be_cancelled(b: Backend) {
    let app = TestApp::spawn(b).await;
    let device = app.device(1, "Jadwal").await;
    app.link(&device).await;
    let url = format!("{DEV}/{device}/schedule-message");
    let now = time(&app.get("/api/sim/clock", app.admin()).await.data()["now"]);
    let at = now + chrono::Duration::hours(2);
    let r = app
        .post(
            &url,
            app.admin(),
            json!({"phone": "0812-9999-0000", "message": "Pengingat", "sendAt": at}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.data()["id"].as_i64().unwrap();
    let later = app.post(&url, app.admin(), json!({"phone": "0812-9999-0000", "message": "Nanti", "sendAt": now + chrono::Duration::days(1)})).await;
    let later_id = later.data()["id"].as_i64().unwrap();
    let local = app.post(&url, app.admin(), json!({"phone": "0812-9999-0000", "message": "Lokal", "sendAt": "2030-01-02 09:00", "timezone": "Asia/Makassar"})).await;
    assert_eq!(
        time(&local.data()["sendAt"]),
        "2030-01-02T01:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    let bad = app
        .post(
            &url,
            app.admin(),
            json!({"phone": "x", "message": "", "sendAt": "kemarin"}),
        )
        .await;
    for f in ["phone", "message", "sendAt"] {
        assert!(bad.field(f).is_some(), "{f}: {}", bad.body);
    }
    let past = app.post(&url, app.admin(), json!({"phone": "0812-9999-0000", "message": "x", "sendAt": now - chrono::Duration::hours(1)})).await;
    assert!(past.field("sendAt").is_some());

    let list = app
        .get(&format!("{DEV}/{device}/scheduled-messages"), app.admin())
        .await;
    assert_eq!(list.data()["total"], 3);
    set_clock(&app, at).await;
    let fired = std::time::Instant::now();
    wait_for(5, "the scheduled message", || async {
        let all = app
            .get(
                "/api/whatsapp-multi-device/scheduled-messages?status=sent",
                app.admin(),
            )
            .await;
        (all.data()["total"] == 1).then_some(())
    })
    .await;
    assert!(
        fired.elapsed() < Duration::from_secs(2),
        "within a second or so: {:?}",
        fired.elapsed()
    );
    let h = app
        .get(
            &format!("{DEV}/{device}/chat-history/081299990000"),
            app.admin(),
        )
        .await;
    assert_eq!(h.data()["messages"][0]["body"], "Pengingat");
    let c = app
        .post(
            &format!("/api/whatsapp-multi-device/scheduled-messages/{later_id}/cancel"),
            app.admin(),
            json!({}),
        )
        .await;
    assert_eq!(c.data()["status"], "cancelled");
    let again = app
        .post(
            &format!("/api/whatsapp-multi-device/scheduled-messages/{id}/cancel"),
            app.admin(),
            json!({}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "already sent");
}

async fn scheduled_messages_due_while_down_are_sent_or_missed(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.schedule_grace_secs = 4).await;
    let device = app.device(1, "Mati").await;
    app.link(&device).await;
    let url = format!("{DEV}/{device}/schedule-message");
    let now = Utc::now();
    let early = app.post(&url, app.admin(), json!({"phone": "081211112222", "message": "Terlambat", "sendAt": now + chrono::Duration::seconds(1)})).await;
    let near = app.post(&url, app.admin(), json!({"phone": "081211112222", "message": "Masih sempat", "sendAt": now + chrono::Duration::seconds(6)})).await;
    let (early, near) = (
        early.data()["id"].as_i64().unwrap(),
        near.data()["id"].as_i64().unwrap(),
    );
    let app = app.restart_after(Duration::from_secs(8)).await;
    let status = |id: i64| {
        let app = &app;
        async move {
            let all = app
                .get(
                    "/api/whatsapp-multi-device/scheduled-messages?perPage=100",
                    app.admin(),
                )
                .await;
            all.data()["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["id"] == id)
                .unwrap()["status"]
                .clone()
        }
    };
    wait_for(15, "the late message", || async {
        (status(near).await == "sent").then_some(())
    })
    .await;
    assert_eq!(
        status(early).await,
        "missed",
        "more than the grace period late"
    );
}
