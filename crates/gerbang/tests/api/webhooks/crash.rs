//! SIGKILL in the middle of delivering: the real binary, on SQLite, killed and started again on
//! the same data directory. Whatever was not acknowledged is delivered after the restart.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

use super::receiver::{Mode, Receiver};
use crate::harness::wait_for;

const PASSWORD: &str = "kill-admin-pass";
const DEV: &str = "/api/whatsapp-multi-device/devices";

struct Gateway {
    child: Child,
    base: String,
    _lines: mpsc::Receiver<String>,
}

impl Gateway {
    /// Starts the binary on `dir` and waits until it listens.
    fn start(dir: &Path) -> Gateway {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gerbang"));
        cmd.current_dir(dir);
        for (k, _) in std::env::vars() {
            if k.starts_with("GERBANG_") || k == "RUST_LOG" {
                cmd.env_remove(k);
            }
        }
        let mut child = cmd
            .envs([
                ("GERBANG_ENGINE", "sim"),
                ("GERBANG_SIM_SPEED", "20"),
                ("GERBANG_ADMIN_PASSWORD", PASSWORD),
                ("GERBANG_WEBHOOK_ALLOW_INTERNAL", "true"),
                ("GERBANG_WEBHOOK_RETRY_BASE_MS", "20"),
                // Claims of the killed process lapse after 1.5 × timeout + 2 s.
                ("GERBANG_WEBHOOK_TIMEOUT_SECS", "1"),
                ("GERBANG_RATE_LIMIT_PER_MINUTE", "0"),
                ("GERBANG_AUTH_RATE_LIMIT_PER_MINUTE", "0"),
            ])
            .env("GERBANG_DATA_DIR", dir.join("data"))
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut seen = String::new();
        loop {
            match lines.recv_timeout(Duration::from_secs(30)) {
                Ok(line) if line.contains("gerbang listening") => break,
                Ok(line) => seen.push_str(&format!("{line}\n")),
                Err(_) => panic!("the gateway did not start:\n{seen}"),
            }
        }
        Gateway {
            child,
            base: format!("http://127.0.0.1:{port}"),
            _lines: lines,
        }
    }

    fn kill(mut self) {
        self.child.kill().unwrap(); // SIGKILL
        self.child.wait().unwrap();
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Api {
    client: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn sign_in(base: &str) -> Api {
        let client = reqwest::Client::new();
        let login: Value = client
            .post(format!("{base}/api/auth/login"))
            .json(&json!({"login": "admin", "password": PASSWORD}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Api {
            client,
            base: base.to_string(),
            token: login["data"]["token"]
                .as_str()
                .expect("signed in")
                .to_string(),
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
        let res = req.send().await.unwrap();
        let status = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: {status} {body}");
        body["data"].clone()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }

    async fn get(&self, path: &str) -> Value {
        self.call(reqwest::Method::GET, path, None).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_delivery_loses_nothing() {
    const SENDERS: usize = 4;
    const PER_SENDER: usize = 50;
    const TOTAL: usize = SENDERS * PER_SENDER;
    let dir = TempDir(std::env::temp_dir().join(format!("gerbang-kill-{}", uuid::Uuid::new_v4())));
    std::fs::create_dir_all(&dir.0).unwrap();
    let rx = Receiver::start(0, Mode::Slow(80)).await;

    let gateway = Gateway::start(&dir.0);
    let api = Api::sign_in(&gateway.base).await;
    api.post(
        DEV,
        json!({"deviceName": "Dibunuh", "deviceId": "kill-dev"}),
    )
    .await;
    api.post(&format!("{DEV}/kill-dev/connect"), json!({}))
        .await;
    api.post("/api/sim/devices/kill-dev/scan", json!({})).await;
    wait_for(15, "the device to connect", || async {
        (api.get(&format!("{DEV}/kill-dev/status")).await["status"] == "connected").then_some(())
    })
    .await;
    let hook = api
        .post(
            &format!("{DEV}/kill-dev/webhooks"),
            json!({"url": rx.url(), "events": ["message.new"]}),
        )
        .await;
    rx.set_secret(hook["secret"].as_str().unwrap());
    let hook_id = hook["id"].as_i64().unwrap();

    let mut tasks = Vec::new();
    for s in 0..SENDERS {
        let (client, base, token) = (api.client.clone(), api.base.clone(), api.token.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..PER_SENDER {
                let r = client
                    .post(format!("{base}/api/sim/devices/kill-dev/inbound"))
                    .bearer_auth(&token)
                    .json(&json!({"from": format!("0813000{s:05}"), "text": format!("k-{s}-{i}")}))
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    // Every message is stored (the simulator's network lives in memory and dies with it)...
    wait_for(30, "every message in the outbox", || async {
        let d = api
            .get(&format!("/api/webhooks/{hook_id}/deliveries?perPage=1"))
            .await;
        (d["total"] == TOTAL).then_some(())
    })
    .await;
    // ... and delivery is under way but not done.
    wait_for(30, "some deliveries", || async {
        (rx.acked().len() >= 20).then_some(())
    })
    .await;
    let before = rx.acked().len();
    gateway.kill();
    assert!(
        before < TOTAL,
        "killed mid-delivery ({before} of {TOTAL} acknowledged)"
    );

    let gateway = Gateway::start(&dir.0);
    wait_for(60, "every event after the restart", || async {
        (rx.acked().len() >= TOTAL).then_some(())
    })
    .await;
    let api = Api::sign_in(&gateway.base).await;
    let delivered = api
        .get(&format!(
            "/api/webhooks/{hook_id}/deliveries?status=delivered&perPage=1"
        ))
        .await;
    assert_eq!(delivered["total"], TOTAL);

    let hits = rx.hits();
    assert!(hits.iter().all(|h| h.signature_ok && h.headers_ok));
    let acked = rx.acked();
    assert_eq!(acked.len(), TOTAL, "every event acknowledged at least once");
    let duplicates: usize = acked.values().map(|n| n - 1).sum();
    assert!(
        duplicates <= SENDERS,
        "only deliveries in flight at the kill (one per chat at most) came twice: {duplicates}"
    );
    // Per chat, the first receipt of each event follows the event order, and the messages'.
    let mut first: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for h in &hits {
        let list = first.entry(h.chat.clone().unwrap()).or_default();
        if !list.iter().any(|(id, _)| *id == h.event_id) {
            list.push((h.event_id, super::text(&h.body)));
        }
    }
    assert_eq!(first.len(), SENDERS);
    for (chat, list) in &first {
        assert!(
            list.windows(2).all(|w| w[0].0 < w[1].0),
            "{chat}: first receipts in order"
        );
        let seq: Vec<usize> = list
            .iter()
            .map(|(_, t)| t.rsplit('-').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(seq, (0..PER_SENDER).collect::<Vec<_>>(), "{chat}");
    }
    eprintln!(
        "webhooks/crash: killed after {before} of {TOTAL} acknowledgements; {duplicates} \
         delivered twice after the restart"
    );
    gateway.kill();
}
