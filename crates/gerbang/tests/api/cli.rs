//! The `gerbang` binary itself: start-up errors, configuration layers, first start, restart.

use std::process::Stdio;

use serde_json::json;

use crate::process::{gerbang, run, Api, Server, TempDir};

#[test]
fn bad_database_urls_are_one_line_and_exit_1() {
    let dir = TempDir::new();
    let (code, _, err) =
        run(gerbang(&dir.0).args(["--database-url", "mysql://root@localhost/x", "migrate"]));
    assert_eq!(code, 1);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("unsupported database URL scheme \"mysql\""),
        "{err}"
    );

    let (code, _, err) = run(gerbang(&dir.0).args([
        "migrate",
        "--database-url",
        "postgres://gerbang:secret-pw@127.0.0.1:1/none",
    ]));
    assert_eq!(code, 1);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot open database postgres://gerbang:***@127.0.0.1:1/none"),
        "{err}"
    );
    assert!(!err.contains("secret-pw"));
    assert!(!err.contains("panicked"));
}

#[test]
fn configuration_layers_and_masking() {
    let dir = TempDir::new();
    std::fs::write(dir.0.join("gerbang.toml"), "port = 6500\nlog = \"debug\"\n").unwrap();
    let (code, out, _) = run(gerbang(&dir.0).arg("config"));
    assert_eq!(code, 0);
    assert!(
        out.contains("port = 6500") && out.contains("log = \"debug\""),
        "{out}"
    );

    let secret_file = dir.0.join("jwt.txt");
    std::fs::write(&secret_file, "file-secret-0123456789-0123456789-xyz\n").unwrap();
    let (code, out, _) = run(gerbang(&dir.0)
        .env("GERBANG_PORT", "6000")
        .env("GERBANG_JWT_SECRET_FILE", &secret_file)
        .env("GERBANG_ADMIN_PASSWORD", "very-secret-admin")
        .arg("config"));
    assert_eq!(code, 0);
    assert!(
        out.contains("port = 6000"),
        "environment beats the file: {out}"
    );
    assert!(
        !out.contains("file-secret") && !out.contains("very-secret-admin"),
        "{out}"
    );
    assert!(out.contains("jwt_secret = \"********\""), "{out}");

    let (_, out, _) = run(gerbang(&dir.0)
        .env("GERBANG_PORT", "6000")
        .args(["config", "--port", "7000"]));
    assert!(
        out.contains("port = 7000"),
        "flags beat the environment: {out}"
    );

    let (code, _, err) = run(gerbang(&dir.0)
        .env("GERBANG_JWT_SECRET", "short")
        .arg("config"));
    assert_eq!(code, 1);
    assert!(err.contains("at least 32"), "{err}");
    let (code, _, err) = run(gerbang(&dir.0).args(["config", "--config", "missing.toml"]));
    assert_eq!(code, 1);
    assert!(err.contains("does not exist"), "{err}");
}

#[tokio::test]
async fn first_start_creates_admin_and_restart_keeps_sessions() {
    let dir = TempDir::new();
    let server = Server::start(&dir.0);
    let out = server.wait_ready();
    assert!(out.contains("generated one and stored it"), "{out}");
    let password = out
        .lines()
        .find_map(|l| l.split("with password").nth(1))
        .map(|p| p.trim().to_string())
        .expect("one-time admin password printed");
    let client = reqwest::Client::new();
    let token = Api::sign_in(&server.base(), &password).await.token;
    let (code, _, _) =
        run(gerbang(&dir.0).args(["healthcheck", "--port", &server.port.to_string()]));
    assert_eq!(code, 0);
    let port = server.port;
    server.stop();
    let (code, _, _) = run(gerbang(&dir.0).args(["healthcheck", "--port", &port.to_string()]));
    assert_eq!(code, 1, "nothing listens any more");

    // The second start prints no password and keeps the JWT secret: the token still works.
    let server = Server::start(&dir.0);
    let out = server.wait_ready();
    assert!(
        !out.contains("with password") && !out.contains("generated one"),
        "{out}"
    );
    let base = format!("http://127.0.0.1:{}", server.port);
    let profile = client
        .get(format!("{base}/api/auth/profile"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(profile.status(), 200);
    server.stop();

    let mut cmd = gerbang(&dir.0);
    cmd.args([
        "create-admin",
        "--username",
        "kedua",
        "--email",
        "kedua@toko.id",
        "--password-stdin",
    ])
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"second-admin-pass\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("second-admin-pass"));
    let (code, _, err) = run(gerbang(&dir.0).args([
        "create-admin",
        "--username",
        "kedua",
        "--email",
        "k2@toko.id",
    ]));
    assert_eq!(code, 1, "duplicate username");
    assert!(err.contains("username"), "{err}");
    let (code, out, _) = run(gerbang(&dir.0).arg("migrate"));
    assert_eq!(code, 0);
    assert!(out.contains("up to date (sqlite)"));
}

#[tokio::test]
async fn sim_scan_command_links_a_device() {
    let dir = TempDir::new();
    let server = Server::start_with(
        &dir.0,
        &[
            ("GERBANG_ENGINE", "sim"),
            ("GERBANG_ADMIN_PASSWORD", "cli-admin-pass"),
        ],
    );
    let out = server.wait_ready();
    assert!(
        out.contains("SIMULATED WhatsApp network is enabled"),
        "{out}"
    );
    let base = format!("http://127.0.0.1:{}", server.port);
    let client = reqwest::Client::new();
    let token = Api::sign_in(&base, "cli-admin-pass").await.token;
    let dev = "/api/whatsapp-multi-device/devices";
    let created: serde_json::Value = client
        .post(format!("{base}{dev}"))
        .bearer_auth(&token)
        .json(&json!({"deviceName": "CLI", "deviceId": "cli-dev"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(created["data"]["simulated"], true, "{created}");
    let c = client
        .post(format!("{base}{dev}/cli-dev/connect"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(c.status(), 200);
    let port = server.port.to_string();
    let (code, out, err) = run(gerbang(&dir.0)
        .args([
            "sim",
            "scan",
            "cli-dev",
            "--phone",
            "0812-5555-6666",
            "--port",
            &port,
        ])
        .env("GERBANG_TOKEN", &token));
    assert_eq!(code, 0, "{out} {err}");
    assert!(out.contains("6281255556666"), "{out}");
    let (code, _, _) =
        run(gerbang(&dir.0).args(["sim", "scan", "cli-dev", "--port", &port, "--token", "bad"]));
    assert_eq!(code, 1);
    server.stop();
}
