//! SIGKILL in the middle of a bulk job, again and again: the job still finishes, every
//! recipient ends sent, failed, skipped or uncertain, and nobody gets the message twice.

use std::process::Command;
use std::time::Duration;

use rand::Rng;
use serde_json::{json, Value};

use crate::cli::{Server, TempDir};

const ENV: &[(&str, &str)] = &[
    ("GERBANG_ENGINE", "sim"),
    ("GERBANG_SIM_SPEED", "50"),
    ("GERBANG_ADMIN_PASSWORD", "crash-admin-pass"),
    ("GERBANG_RATE_LIMIT_PER_MINUTE", "0"),
    ("GERBANG_AUTH_RATE_LIMIT_PER_MINUTE", "0"),
    ("GERBANG_LOG", "info,gerbang_engine_sim=warn"),
];

struct Api {
    client: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn connect(server: &Server) -> Api {
        let client = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{}", server.port);
        let login: Value = client
            .post(format!("{base}/api/auth/login"))
            .json(&json!({"login": "admin", "password": "crash-admin-pass"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = login["data"]["token"].as_str().expect("login").to_string();
        Api {
            client,
            base,
            token,
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send().await.unwrap().json().await.unwrap()
    }
}

#[tokio::test]
async fn sigkill_during_a_2000_recipient_job_never_sends_twice() {
    let dir = TempDir::new();
    let mut server = Server::start_with(&dir.0, ENV);
    server.wait_ready();
    let api = Api::connect(&server).await;
    let dev = "/api/whatsapp-multi-device/devices";
    api.call(
        reqwest::Method::POST,
        dev,
        Some(json!({"deviceName": "Crash", "deviceId": "crash"})),
    )
    .await;
    api.call(reqwest::Method::POST, &format!("{dev}/crash/connect"), None)
        .await;
    let scan = api
        .call(
            reqwest::Method::POST,
            "/api/sim/devices/crash/scan",
            Some(json!({})),
        )
        .await;
    assert_eq!(scan["success"], true, "{scan}");
    let recipients: Vec<String> = (0..2000).map(|i| format!("0815{i:08}")).collect();
    let created = api
        .call(reqwest::Method::POST, &format!("{dev}/crash/jobs/send-text"),
            Some(json!({"recipients": recipients, "message": "Promo {{phone}}", "delaySecs": 0, "jitterSecs": 0})))
        .await;
    let job = created["data"]["jobId"].as_str().expect("job").to_string();

    let mut rng = rand::thread_rng();
    let mut kills = 0;
    let job_path = format!("/api/whatsapp-multi-device/jobs/{job}");
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_millis(rng.gen_range(300..1500))).await;
        let j = Api::connect(&server)
            .await
            .call(reqwest::Method::GET, &job_path, None)
            .await;
        if j["data"]["status"] == "completed" {
            break;
        }
        let _ = Command::new("kill")
            .args(["-KILL", &server.child.id().to_string()])
            .status();
        let _ = server.child.wait();
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
        let j = Api::connect(&server)
            .await
            .call(reqwest::Method::GET, &job_path, None)
            .await;
        if j["data"]["status"] == "completed" {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the job should finish: {j}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    let api = Api::connect(&server).await;
    let mut counts = std::collections::HashMap::<String, i64>::new();
    let mut statuses = std::collections::HashMap::<String, String>::new();
    for page in 1..=20 {
        let r = api
            .call(
                reqwest::Method::GET,
                &format!(
                    "/api/whatsapp-multi-device/jobs/{job}/recipients?perPage=100&page={page}"
                ),
                None,
            )
            .await;
        for item in r["data"]["items"].as_array().unwrap() {
            statuses.insert(
                item["phone"].as_str().unwrap().to_string(),
                item["status"].as_str().unwrap().to_string(),
            );
        }
    }
    for offset in (0..2200).step_by(200) {
        let r = api
            .call(
                reqwest::Method::GET,
                &format!("{dev}/crash/chats?limit=200&offset={offset}"),
                None,
            )
            .await;
        for chat in r["data"].as_array().unwrap() {
            counts.insert(
                chat["chatJid"].as_str().unwrap().to_string(),
                chat["messageCount"].as_i64().unwrap(),
            );
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
    assert!(uncertain <= kills, "at most one send in flight per crash");
    server.stop();
}
