//! Jobs across crashes and restarts: a recipient's fate after a SIGKILL is read from its
//! message, pacing holds across pause, resume and restart, and the simulator's clock and
//! message ids survive a restart.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::dbexec::{exec, texts};
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    a_recipient_whose_message_went_out_is_not_uncertain_after_a_crash,
    a_restart_settles_devices_that_do_not_come_back,
    pacing_holds_across_pause_resume_and_restart,
    the_sim_clock_and_message_ids_survive_restarts,
);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const JOBS: &str = "/api/whatsapp-multi-device/jobs";

async fn create_job(app: &TestApp, dev: &str, phones: &[&str], delay: u32) -> String {
    let r = app
        .post(
            &format!("{DEV}/{dev}/jobs/send-text"),
            app.admin(),
            json!({"recipients": phones, "message": "Halo", "delaySecs": delay, "jitterSecs": 0}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.data()["jobId"].as_str().unwrap().to_string()
}

async fn job(app: &TestApp, id: &str) -> Value {
    app.get(&format!("{JOBS}/{id}"), app.admin())
        .await
        .data()
        .clone()
}

async fn recipients(app: &TestApp, id: &str) -> Vec<Value> {
    let r = app
        .get(&format!("{JOBS}/{id}/recipients?perPage=100"), app.admin())
        .await;
    r.data()["items"].as_array().unwrap().clone()
}

fn sent(job: &Value) -> i64 {
    job["progress"]["sent"].as_i64().unwrap()
}

/// The job once `n` are sent and the pacing after the last of them is recorded (the count
/// moves first, the next send time a moment later).
async fn wait_paced(app: &TestApp, id: &str, n: i64, delay_secs: i64) -> Value {
    wait_for(20, &format!("{n} sent"), || async {
        let j = job(app, id).await;
        let soonest = clock(app).await + chrono::Duration::seconds(delay_secs - 10);
        (sent(&j) >= n && time(&j["nextSendAt"]) >= soonest).then_some(j)
    })
    .await
}

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

async fn clock(app: &TestApp) -> DateTime<Utc> {
    time(&app.get("/api/sim/clock", app.admin()).await.data()["now"])
}

async fn move_clock(app: &TestApp, body: Value) -> DateTime<Utc> {
    let r = app.post("/api/sim/clock", app.admin(), body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    time(&r.data()["now"])
}

async fn a_recipient_whose_message_went_out_is_not_uncertain_after_a_crash(b: Backend) {
    let app = TestApp::spawn(b).await;
    let dev = app.device(1, "Kirim").await;
    app.link(&dev).await;
    let phones = ["081200000001", "081200000002", "081200000003"];
    let id = create_job(&app, &dev, &phones, 0).await;
    wait_for(20, "the job to complete", || async {
        (job(&app, &id).await["status"] == "completed").then_some(())
    })
    .await;
    // Receipts settle first (the simulator reads every message), so none moves a message on
    // after the state below is made.
    for phone in &phones[..2] {
        wait_for(20, "the message read", || async {
            let h = app
                .get(&format!("{DEV}/{dev}/chat-history/{phone}"), app.admin())
                .await;
            (h.data()["messages"][0]["status"] == "read").then_some(())
        })
        .await;
    }
    let rs = recipients(&app, &id).await;
    let message = |i: usize| rs[i]["messageId"].as_str().unwrap().to_string();
    let (went_out, in_flight) = (message(0), message(1));

    // What a SIGKILL leaves: the first was acknowledged by WhatsApp (its message is `sent`)
    // but the recipient not yet updated; the second was killed before the acknowledgement.
    exec(
        &app,
        &[
            &format!(
                "UPDATE job_recipients SET status = 'sending', error = NULL \
                 WHERE message_id IN ('{went_out}', '{in_flight}')"
            ),
            &format!(
                "UPDATE messages SET status = 'pending', status_rank = 0 \
                 WHERE message_id = '{in_flight}'"
            ),
        ],
    )
    .await;
    let app = app.restart().await;
    let rs = wait_for(20, "recipients settled", || async {
        let rs = recipients(&app, &id).await;
        rs.iter().all(|r| r["status"] != "sending").then_some(rs)
    })
    .await;
    let statuses: Vec<&str> = rs.iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["sent", "uncertain", "sent"], "{rs:?}");

    // Retrying the uncertain ones, asked for in the JSON body, sends only the one in doubt.
    app.wait_status(&dev, "connected").await;
    let r = app
        .post(
            &format!("{JOBS}/{id}/retry"),
            app.admin(),
            json!({"includeUncertain": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    wait_for(20, "the retry to complete", || async {
        (job(&app, &id).await["status"] == "completed").then_some(())
    })
    .await;
    let outbox = app
        .get(&format!("/api/sim/devices/{dev}/outbox"), app.admin())
        .await;
    let to: Vec<String> = outbox.data()["items"]
        .as_array()
        .or(outbox.data().as_array())
        .unwrap()
        .iter()
        .map(|d| d["to"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(to, ["6281200000002@s.whatsapp.net"], "{}", outbox.body);
    let statuses: Vec<String> = recipients(&app, &id)
        .await
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(statuses, ["sent", "sent", "sent"]);
}

/// A device stopped by request is not restored (on PostgreSQL no node takes its lease), yet
/// what it left in flight is settled at the restart all the same.
async fn a_restart_settles_devices_that_do_not_come_back(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.schedule_grace_secs = 1).await;
    let dev = app.device(1, "Tutup").await;
    app.link(&dev).await;
    let r = app
        .post(
            &format!("{DEV}/{dev}/send-message"),
            app.admin(),
            json!({"phone": "081200000009", "message": "terakhir"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let message = r.data()["messageId"].as_str().unwrap().to_string();
    let send_at = Utc::now() + chrono::Duration::seconds(2);
    let r = app
        .post(
            &format!("{DEV}/{dev}/schedule-message"),
            app.admin(),
            json!({"phone": "081200000009", "message": "nanti", "sendAt": send_at}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let schedule = r.data()["id"].as_i64().unwrap();
    let r = app
        .delete(&format!("{DEV}/{dev}/disconnect"), app.admin())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // What a crash in the middle of the send leaves.
    exec(
        &app,
        &[&format!(
            "UPDATE messages SET status = 'pending', status_rank = 0 \
             WHERE message_id = '{message}'"
        )],
    )
    .await;
    // Down past the schedule and its grace period.
    let app = app.restart_after(Duration::from_secs(4)).await;
    let status = |sql: String| {
        let app = &app;
        async move { texts(app, &sql).await.concat() }
    };
    wait_for(10, "the restart's recovery", || async {
        let sent = status(format!(
            "SELECT status FROM messages WHERE message_id = '{message}'"
        ))
        .await;
        let scheduled = status(format!(
            "SELECT status FROM scheduled_messages WHERE id = {schedule}"
        ))
        .await;
        (sent == "uncertain" && scheduled == "missed").then_some(())
    })
    .await;
    let r = app.get(&format!("{DEV}/{dev}"), app.admin()).await;
    assert_eq!(
        r.data()["status"],
        "disconnected",
        "not restored: {}",
        r.body
    );
}

async fn pacing_holds_across_pause_resume_and_restart(b: Backend) {
    let app = TestApp::spawn(b).await;
    let dev = app.device(1, "Pelan").await;
    app.link(&dev).await;
    let phones = ["081200000011", "081200000012", "081200000013"];
    let id = create_job(&app, &dev, &phones, 30).await;
    let first = wait_paced(&app, &id, 1, 30).await;
    let next = time(&first["nextSendAt"]);

    for action in ["pause", "resume"] {
        let r = app
            .post(&format!("{JOBS}/{id}/{action}"), app.admin(), json!({}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.body);
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let j = job(&app, &id).await;
    assert_eq!(sent(&j), 1, "resumed early: {j}");
    assert_eq!(time(&j["nextSendAt"]), next, "{j}");

    let app = app.restart().await;
    app.wait_status(&dev, "connected").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let j = job(&app, &id).await;
    assert_eq!(sent(&j), 1, "sent early after the restart: {j}");

    move_clock(&app, json!({"set": next})).await;
    let j = wait_paced(&app, &id, 2, 30).await;
    let gap = time(&j["nextSendAt"]) - next;
    assert!(gap >= chrono::Duration::seconds(30), "{j}");
}

async fn the_sim_clock_and_message_ids_survive_restarts(b: Backend) {
    let app = TestApp::spawn(b).await;
    let dev = app.device(1, "Jam").await;
    app.link(&dev).await;

    // A job paced in simulated time: an hour ahead, ten minutes between messages.
    let ahead = move_clock(&app, json!({"advanceSecs": 3600})).await;
    let id = create_job(&app, &dev, &["081200000021", "081200000022"], 600).await;
    let first = wait_paced(&app, &id, 1, 600).await;
    let next = time(&first["nextSendAt"]);
    assert!(next >= ahead + chrono::Duration::seconds(590), "{first}");

    let app = app.restart().await;
    let now = clock(&app).await;
    assert!(now >= ahead, "the clock went back from {ahead} to {now}");
    app.wait_status(&dev, "connected").await;
    move_clock(&app, json!({"set": next})).await;
    let second = wait_paced(&app, &id, 2, 600).await;
    // A job ends at its next turn, after the pacing delay of its last message.
    move_clock(&app, json!({"set": second["nextSendAt"]})).await;
    wait_for(20, "the job to complete", || async {
        (job(&app, &id).await["status"] == "completed").then_some(())
    })
    .await;

    // Inbound message ids of the simulator never repeat across restarts (its generator is
    // seeded, and starts over with each run).
    let from = "081234500002";
    let mut app = app;
    for text in ["satu", "dua", "tiga"] {
        app.wait_status(&dev, "connected").await;
        let r = app
            .post(
                &format!("/api/sim/devices/{dev}/inbound"),
                app.admin(),
                json!({"from": from, "text": text}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let history = format!("{DEV}/{dev}/chat-history/{from}");
        wait_for(20, &format!("{text:?} stored"), || async {
            let h = app.get(&history, app.admin()).await;
            h.data()["messages"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["body"] == text)
                .then_some(())
        })
        .await;
        app = app.restart().await;
    }
}
