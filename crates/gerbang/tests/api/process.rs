//! Running the real `gerbang` binary as a child process: start, wait until it listens, stop
//! gracefully or SIGKILL it, and talk to it over HTTP.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

pub(crate) struct TempDir(pub(crate) PathBuf);

impl TempDir {
    pub(crate) fn new() -> Self {
        let p = std::env::temp_dir().join(format!("gerbang-cli-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The binary, run in `dir` (so no stray `.env` or `gerbang.toml` is read) with a clean
/// GERBANG_* environment (but for the loopback-only switch).
pub(crate) fn gerbang(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gerbang"));
    cmd.current_dir(dir);
    for (k, _) in std::env::vars() {
        if k.starts_with("GERBANG_") || k == "RUST_LOG" {
            cmd.env_remove(k);
        }
    }
    // Whatever URL a test names, the gateway reaches nothing beyond loopback.
    cmd.env("GERBANG_OUTBOUND_LOOPBACK_ONLY", "true");
    cmd
}

pub(crate) fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub(crate) struct Server {
    pub(crate) child: Child,
    lines: mpsc::Receiver<String>,
    pub(crate) port: u16,
}

impl Server {
    pub(crate) fn start(dir: &Path) -> Server {
        Self::start_with(dir, &[])
    }

    pub(crate) fn start_with(dir: &Path, env: &[(&str, &str)]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // A node of a cluster tells the others where it listens (on loopback, like all tests).
        let address = format!("http://127.0.0.1:{port}");
        let mut child = gerbang(dir)
            .env("GERBANG_NODE_ADDRESS", &address)
            .envs(env.iter().copied())
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
        Server { child, lines, port }
    }

    /// Everything printed up to the "listening" line.
    pub(crate) fn wait_ready(&self) -> String {
        let mut seen = String::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(30)) {
            seen.push_str(&line);
            seen.push('\n');
            if line.contains("gerbang listening") {
                return seen;
            }
        }
        panic!("server did not start:\n{seen}");
    }

    pub(crate) fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// SIGKILL: no shutdown code runs.
    pub(crate) fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub(crate) fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let status = self.child.wait().unwrap();
        assert!(status.success(), "graceful exit on SIGTERM: {status:?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An admin's HTTP session with a running server.
pub(crate) struct Api {
    pub(crate) client: reqwest::Client,
    pub(crate) base: String,
    pub(crate) token: String,
}

impl Api {
    pub(crate) async fn sign_in(base: &str, password: &str) -> Api {
        let client = reqwest::Client::new();
        let login: Value = client
            .post(format!("{base}/api/auth/login"))
            .json(&json!({"login": "admin", "password": password}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = login["data"]["token"]
            .as_str()
            .expect("signed in")
            .to_string();
        Api {
            client,
            base: base.to_string(),
            token,
        }
    }

    /// The answer's `data`, after checking the call succeeded.
    pub(crate) async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Value {
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

    pub(crate) async fn post(&self, path: &str, body: Value) -> Value {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }

    pub(crate) async fn get(&self, path: &str) -> Value {
        self.call(reqwest::Method::GET, path, None).await
    }

    /// The texts of a device's chat with a phone number (the last 200), sorted.
    pub(crate) async fn chat_bodies(&self, device: &str, phone: &str) -> Vec<String> {
        let h = self
            .get(&format!(
                "/api/whatsapp-multi-device/devices/{device}/chat-history/{phone}@s.whatsapp.net?limit=200"
            ))
            .await;
        let mut bodies: Vec<String> = h["messages"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|m| m["body"].as_str().map(str::to_string))
            .collect();
        bodies.sort();
        bodies
    }
}
