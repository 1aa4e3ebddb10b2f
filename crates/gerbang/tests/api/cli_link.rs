//! `gerbang device link`: the real binary against a running gateway with the simulated network,
//! the phone "scanning" (or typing the pairing code) through the sim routes while it runs.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::process::{gerbang, run, Api, Server, TempDir};

const DEV: &str = "/api/whatsapp-multi-device/devices";

async fn gateway(dir: &TempDir) -> (Server, Api) {
    let server = Server::start_with(
        &dir.0,
        &[
            ("GERBANG_ENGINE", "sim"),
            ("GERBANG_ADMIN_PASSWORD", "link-admin-pass"),
        ],
    );
    server.wait_ready();
    let api = Api::sign_in(&server.base(), "link-admin-pass").await;
    (server, api)
}

async fn create(api: &Api, id: &str) {
    let r = api
        .client
        .post(format!("{}{DEV}", api.base))
        .bearer_auth(&api.token)
        .json(&json!({"deviceName": id, "deviceId": id}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
}

async fn post(api: &Api, path: &str, body: Value) -> (u16, Value) {
    let r = api
        .client
        .post(format!("{}{path}", api.base))
        .bearer_auth(&api.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

/// The command, running; its standard output line by line as it prints.
struct Linking {
    child: Child,
    lines: mpsc::Receiver<String>,
    out: String,
}

impl Linking {
    fn spawn(cmd: &mut std::process::Command) -> Linking {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Linking {
            child,
            lines,
            out: String::new(),
        }
    }

    fn drain(&mut self) {
        while let Ok(line) = self.lines.try_recv() {
            self.out.push_str(&line);
            self.out.push('\n');
        }
    }

    /// Waits for the exit; its code, all it printed and its standard error.
    async fn finish(mut self, within: Duration) -> (i32, String, String) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut err = String::new();
                self.child
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut err)
                    .unwrap();
                tokio::time::sleep(Duration::from_millis(100)).await;
                self.drain();
                return (status.code().unwrap_or(-1), self.out, err);
            }
            if started.elapsed() > within {
                let _ = self.child.kill();
                self.drain();
                panic!(
                    "`gerbang device link` did not exit within {within:?}: {}",
                    self.out
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

#[tokio::test]
async fn link_shows_the_qr_code_and_exits_when_scanned() {
    let dir = TempDir::new();
    let (server, api) = gateway(&dir).await;
    create(&api, "term-qr").await;
    let linking = Linking::spawn(
        gerbang(&dir.0)
            .args(["device", "link", "term-qr", "--url", &api.base])
            .env("GERBANG_TOKEN", &api.token),
    );
    // The command's `connect` makes a QR code; until then the phone has nothing to scan.
    let started = Instant::now();
    loop {
        let (status, body) = post(
            &api,
            "/api/sim/devices/term-qr/scan",
            json!({"phone": "081277778888"}),
        )
        .await;
        if status == 200 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "{body}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (code, out, err) = linking.finish(Duration::from_secs(20)).await;
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains('▀') || out.contains('▄'),
        "a QR code in half blocks: {out}"
    );
    assert!(out.contains("Scan with WhatsApp"), "{out}");
    assert!(
        out.contains("Device term-qr is connected (6281277778888)."),
        "{out}"
    );

    // Already connected: says so at once, with the device's API key instead of a token.
    let (_, key) = post(
        &api,
        &format!("{DEV}/term-qr/api-keys"),
        json!({"name": "terminal"}),
    )
    .await;
    let key = key["data"]["key"].as_str().unwrap().to_string();
    let (code, out, err) = run(gerbang(&dir.0)
        .args(["device", "link", "term-qr", "--url", &api.base])
        .env("GERBANG_API_KEY", &key));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("is connected") && !out.contains('▀'), "{out}");
    server.stop();
}

#[tokio::test]
async fn link_by_pairing_code_prints_the_code_the_phone_types() {
    let dir = TempDir::new();
    let (server, api) = gateway(&dir).await;
    create(&api, "term-code").await;
    let mut linking = Linking::spawn(gerbang(&dir.0).args([
        "device",
        "link",
        "term-code",
        "--phone",
        "0812-3333-4444",
        "--url",
        &api.base,
        "--token",
        &api.token,
    ]));
    let started = Instant::now();
    let code = loop {
        linking.drain();
        if let Some(line) = linking
            .out
            .lines()
            .find(|l| l.starts_with("Pairing code for term-code: "))
        {
            break line.rsplit(' ').next().unwrap().to_string();
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no pairing code: {}",
            linking.out
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let (status, body) = post(
        &api,
        "/api/sim/devices/term-code/pairing-code/confirm",
        json!({ "code": code }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (exit, out, err) = linking.finish(Duration::from_secs(20)).await;
    assert_eq!(exit, 0, "{out}\n{err}");
    assert!(
        !out.contains('▀'),
        "no QR code when linking by phone: {out}"
    );
    assert!(
        out.contains("Device term-code is connected (6281233334444)."),
        "{out}"
    );
    server.stop();
}

#[tokio::test]
async fn link_fails_clearly_on_a_bad_token_and_on_timeout() {
    let dir = TempDir::new();
    let (server, api) = gateway(&dir).await;
    create(&api, "term-late").await;
    let (code, _, err) = run(gerbang(&dir.0)
        .args(["device", "link", "term-late", "--url", &api.base])
        .env("GERBANG_TOKEN", "not-a-token"));
    assert_eq!(code, 1);
    assert!(
        err.contains("/devices/term-late/connect answered 401") && err.contains("--token"),
        "{err}"
    );
    let (code, _, err) =
        run(gerbang(&dir.0).args(["device", "link", "term-late", "--url", &api.base]));
    assert_eq!(code, 1);
    assert!(err.contains("give --token"), "{err}");

    let started = Instant::now();
    let (code, out, err) = run(gerbang(&dir.0)
        .args([
            "device",
            "link",
            "term-late",
            "--url",
            &api.base,
            "--timeout",
            "2",
        ])
        .env("GERBANG_TOKEN", &api.token));
    assert_eq!(code, 1, "{out}");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(
        err.contains("device term-late was not linked within 2 s"),
        "{err}"
    );
    assert!(out.contains('▀') || out.contains('▄'), "{out}");
    server.stop();
}

/// The simulator's clock at 30×: the first code lasts 2 s, the next ones under a second, so the
/// command must draw each new code as it comes.
#[tokio::test]
async fn link_redraws_the_qr_code_as_it_rotates() {
    let dir = TempDir::new();
    let server = Server::start_with(
        &dir.0,
        &[
            ("GERBANG_ENGINE", "sim"),
            ("GERBANG_SIM_SPEED", "30"),
            ("GERBANG_ADMIN_PASSWORD", "link-admin-pass"),
        ],
    );
    server.wait_ready();
    let api = Api::sign_in(&server.base(), "link-admin-pass").await;
    create(&api, "term-rotate").await;
    let (code, out, err) = run(gerbang(&dir.0)
        .args([
            "device",
            "link",
            "term-rotate",
            "--url",
            &api.base,
            "--timeout",
            "5",
        ])
        .env("GERBANG_TOKEN", &api.token));
    assert_eq!(code, 1, "nobody scanned: {out}");
    assert!(err.contains("was not linked within 5 s"), "{err}");
    let drawn = out.matches("Scan with WhatsApp").count();
    assert!(drawn >= 2, "{drawn} code(s) drawn in 5 s:\n{out}");
    server.stop();
}
