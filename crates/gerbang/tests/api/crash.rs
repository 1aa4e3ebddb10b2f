//! SIGKILL in the middle of a bulk job, again and again: the job still finishes, every
//! recipient ends sent, failed, skipped or uncertain, and nobody gets the message twice.

use std::time::Duration;

use rand::Rng;
use serde_json::json;

use crate::process::{Api, Server, TempDir};

const PASSWORD: &str = "crash-admin-pass";

const ENV: &[(&str, &str)] = &[
    ("GERBANG_ENGINE", "sim"),
    ("GERBANG_SIM_SPEED", "50"),
    ("GERBANG_ADMIN_PASSWORD", PASSWORD),
    ("GERBANG_RATE_LIMIT_PER_MINUTE", "0"),
    ("GERBANG_AUTH_RATE_LIMIT_PER_MINUTE", "0"),
    ("GERBANG_LOG", "info,gerbang_engine_sim=warn"),
];

#[tokio::test]
async fn sigkill_during_a_2000_recipient_job_never_sends_twice() {
    let dir = TempDir::new();
    let mut server = Server::start_with(&dir.0, ENV);
    server.wait_ready();
    let api = Api::sign_in(&server.base(), PASSWORD).await;
    let dev = "/api/whatsapp-multi-device/devices";
    api.post(dev, json!({"deviceName": "Crash", "deviceId": "crash"}))
        .await;
    api.post(&format!("{dev}/crash/connect"), json!({})).await;
    api.post("/api/sim/devices/crash/scan", json!({})).await;
    let recipients: Vec<String> = (0..2000).map(|i| format!("0815{i:08}")).collect();
    let body = json!({"recipients": recipients, "message": "Promo {{phone}}", "delaySecs": 0, "jitterSecs": 0});
    let created = api.post(&format!("{dev}/crash/jobs/send-text"), body).await;
    let job = created["jobId"].as_str().expect("job").to_string();

    let mut rng = rand::thread_rng();
    let mut kills = 0;
    let job_path = format!("/api/whatsapp-multi-device/jobs/{job}");
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_millis(rng.gen_range(300..1500))).await;
        let j = Api::sign_in(&server.base(), PASSWORD)
            .await
            .get(&job_path)
            .await;
        if j["status"] == "completed" {
            break;
        }
        server.kill();
        kills += 1;
        server = Server::start_with(&dir.0, ENV);
        server.wait_ready();
    }
    assert!(
        kills >= 3,
        "the job ended before it could be interrupted ({kills} kills)"
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(180);
    loop {
        let j = Api::sign_in(&server.base(), PASSWORD)
            .await
            .get(&job_path)
            .await;
        if j["status"] == "completed" {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the job should finish: {j}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    let api = Api::sign_in(&server.base(), PASSWORD).await;
    let mut counts = std::collections::HashMap::<String, i64>::new();
    let mut statuses = std::collections::HashMap::<String, String>::new();
    for page in 1..=20 {
        let r = api
            .get(&format!("{job_path}/recipients?perPage=100&page={page}"))
            .await;
        for item in r["items"].as_array().unwrap() {
            let phone = item["jid"].as_str().unwrap().to_string();
            statuses.insert(phone, item["status"].as_str().unwrap().to_string());
        }
    }
    for offset in (0..2200).step_by(200) {
        let r = api
            .get(&format!("{dev}/crash/chats?limit=200&offset={offset}"))
            .await;
        for chat in r.as_array().unwrap() {
            let jid = chat["chatJid"].as_str().unwrap().to_string();
            counts.insert(jid, chat["messageCount"].as_i64().unwrap());
        }
    }
    assert_eq!(statuses.len(), 2000);
    for (phone, status) in &statuses {
        assert!(
            ["sent", "failed", "skipped", "uncertain"].contains(&status.as_str()),
            "{phone}: {status}"
        );
        let sent = counts.get(phone).copied().unwrap_or(0);
        assert!(sent <= 1, "{phone} got {sent} messages");
        if status == "sent" {
            assert_eq!(sent, 1, "{phone} is sent but has no message");
        }
    }
    let sent = statuses.values().filter(|s| *s == "sent").count();
    let uncertain = statuses.values().filter(|s| *s == "uncertain").count();
    eprintln!("{kills} kills: {sent} sent, {uncertain} uncertain");
    // An unpaced job sends several messages side by side: each crash leaves at most those
    // in flight uncertain.
    assert!(
        uncertain <= kills * gerbang_app::jobs::UNPACED_LANES,
        "at most {} sends in flight per crash",
        gerbang_app::jobs::UNPACED_LANES
    );
    server.stop();
}
