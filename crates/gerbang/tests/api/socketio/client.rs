//! Third-party Socket.IO clients driven from the tests: python-socketio (PyPI) and
//! socket.io-client (npm), each running a small script in `tests/clients/` that prints what it
//! receives as JSON lines and emits what it is told on stdin. `.ci/run` installs them; without
//! them a test is skipped with the reason, or fails when `CI` is set.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::mpsc;

pub const VENV: &str = "/var/tmp/gerbang-socketio-venv";

#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Python,
    Node,
}

pub fn clients_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients")
}

impl Kind {
    /// The interpreter and script, or `None` (after saying why) when the client is not
    /// installed and `CI` is not set.
    pub fn command(self) -> Option<(PathBuf, PathBuf)> {
        let dir = clients_dir();
        let (program, script, installed, hint) = match self {
            Kind::Python => (
                PathBuf::from(VENV).join("bin/python"),
                dir.join("sio_client.py"),
                PathBuf::from(VENV).join("bin/python").exists()
                    && std::fs::read_dir(PathBuf::from(VENV).join("lib"))
                        .map(|mut d| {
                            d.any(|p| {
                                p.is_ok_and(|p| p.path().join("site-packages/socketio").exists())
                            })
                        })
                        .unwrap_or(false),
                format!(
                    "python3 -m venv {VENV} && {VENV}/bin/pip install -r {}/requirements.txt",
                    dir.display()
                ),
            ),
            Kind::Node => (
                PathBuf::from("node"),
                dir.join("sio_client.mjs"),
                dir.join("node_modules/socket.io-client/package.json")
                    .exists()
                    && Command::new("node").arg("--version").output().is_ok(),
                format!("cd {} && npm ci", dir.display()),
            ),
        };
        if installed {
            return Some((program, script));
        }
        let why = format!("the {self:?} Socket.IO client is not installed ({hint})");
        if std::env::var("CI").is_ok_and(|v| !v.is_empty()) {
            panic!("{why}");
        }
        eprintln!("skipped: {why}");
        None
    }
}

/// One running client: what it printed so far, and a way to tell it what to emit.
pub struct Client {
    child: Child,
    stdin: ChildStdin,
    lines: mpsc::UnboundedReceiver<Value>,
    /// Lines read but not yet asked for.
    pending: Vec<Value>,
    /// Every line, for the failure messages.
    pub log: Vec<Value>,
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Client {
    pub fn start(kind: Kind, base: &str, auth: Value) -> Option<Client> {
        let (program, script) = kind.command()?;
        let mut child = Command::new(program)
            .arg(script)
            .arg(base)
            .arg(auth.to_string())
            .current_dir(clients_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the Socket.IO client");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::unbounded_channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let value = serde_json::from_str(&line).unwrap_or(Value::String(line));
                if tx.send(value).is_err() {
                    break;
                }
            }
        });
        Some(Client {
            child,
            stdin,
            lines,
            pending: Vec::new(),
            log: Vec::new(),
        })
    }

    /// The first line (already read or still to come) that `want` accepts.
    pub async fn wait(&mut self, secs: u64, what: &str, want: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&want) {
            return self.pending.remove(i);
        }
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            match tokio::time::timeout_at(deadline, self.lines.recv()).await {
                Ok(Some(line)) => {
                    self.log.push(line.clone());
                    if want(&line) {
                        return line;
                    }
                    self.pending.push(line);
                }
                Ok(None) => panic!("the client ended before {what}; it printed {:#?}", self.log),
                Err(_) => panic!(
                    "no {what} within {secs} s; the client printed {:#?}",
                    self.log
                ),
            }
        }
    }

    /// Everything printed within `wait`, without waiting for anything in particular.
    pub async fn drain(&mut self, wait: Duration) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        while let Ok(Some(line)) = tokio::time::timeout_at(deadline, self.lines.recv()).await {
            self.log.push(line.clone());
            self.pending.push(line);
        }
        std::mem::take(&mut self.pending)
    }

    pub async fn connected(&mut self) {
        let line = self
            .wait(15, "the connection", |l| {
                l["kind"] == "connected" || l["kind"] == "connect_error"
            })
            .await;
        assert_eq!(line["kind"], "connected", "{line}");
    }

    /// The `connect_error` message of a refused handshake.
    pub async fn refused(&mut self) -> String {
        let line = self
            .wait(15, "the handshake's answer", |l| {
                l["kind"] == "connected" || l["kind"] == "connect_error"
            })
            .await;
        assert_eq!(line["kind"], "connect_error", "{line}");
        line["message"].as_str().unwrap_or_default().to_string()
    }

    /// The data of the next event called `name`.
    pub async fn event(&mut self, name: &str) -> Value {
        self.event_where(name, |_| true).await
    }

    pub async fn event_where(&mut self, name: &str, want: impl Fn(&Value) -> bool) -> Value {
        let what = format!("event {name}");
        self.wait(15, &what, |l| {
            l["kind"] == "event" && l["name"] == name && want(&l["data"])
        })
        .await["data"]
            .clone()
    }

    /// Emits with an acknowledgement and returns the acknowledgement's data.
    pub async fn emit(&mut self, name: &str, data: Value) -> Value {
        let line = json!({"emit": name, "data": data}).to_string();
        writeln!(self.stdin, "{line}").expect("write to the client");
        self.stdin.flush().unwrap();
        let what = format!("the acknowledgement of {name}");
        self.wait(15, &what, |l| l["kind"] == "ack" && l["name"] == name)
            .await["data"]
            .clone()
    }

    pub async fn disconnected(&mut self) -> Value {
        self.wait(15, "the disconnection", |l| l["kind"] == "disconnect")
            .await
    }

    /// Asks the client to disconnect and waits for it to end.
    pub async fn quit(mut self) -> Vec<Value> {
        let _ = writeln!(self.stdin, "{}", json!({"quit": true}));
        let _ = self.stdin.flush();
        for _ in 0..100 {
            if self.child.try_wait().ok().flatten().is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Whatever it printed before it ended counts as received.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
        while let Ok(Some(line)) = tokio::time::timeout_at(deadline, self.lines.recv()).await {
            self.log.push(line);
        }
        std::mem::take(&mut self.log)
    }
}

/// The largest `eventId` among the events a client received.
pub fn last_event_id(log: &[Value]) -> i64 {
    log.iter()
        .filter_map(|l| l["data"]["eventId"].as_i64())
        .max()
        .unwrap_or(0)
}
