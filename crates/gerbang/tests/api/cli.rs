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

#[test]
fn unknown_settings_warn_and_text_stays_text() {
    let dir = TempDir::new();
    std::fs::write(
        dir.0.join("gerbang.toml"),
        "port = 6500
rate_limit_per_minit = 5
",
    )
    .unwrap();
    let (code, out, err) = run(gerbang(&dir.0)
        .env("GERBANG_ADMIN_PASWORD", "typo-secret")
        .env("GERBANG_ENGINE", "sim")
        .env("GERBANG_WHATSAPP_VERSION", "2.3000.1043000000")
        .arg("config"));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("`GERBANG_ADMIN_PASWORD` is not a setting and is ignored; did you mean `GERBANG_ADMIN_PASSWORD`?"),
        "{err}"
    );
    assert!(
        err.contains("`rate_limit_per_minit` in gerbang.toml is not a setting and is ignored; did you mean `rate_limit_per_minute`?"),
        "{err}"
    );
    assert!(!err.contains("typo-secret") && !out.contains("typo-secret"));
    assert!(out.contains("sim_enabled = true"), "engine = sim: {out}");
    assert!(
        out.contains("whatsapp_version = \"2.3000.1043000000\""),
        "{out}"
    );

    // Two numbers is not a version, and the error shows what was written, not "2.3".
    let (code, _, err) = run(gerbang(&dir.0)
        .env("GERBANG_WHATSAPP_VERSION", "2.3000")
        .arg("config"));
    assert_eq!(code, 1);
    assert!(
        err.contains("whatsapp_version") && err.contains("\"2.3000\""),
        "{err}"
    );

    for bad in ["verbose", "info,gerbang=loud"] {
        let (code, _, err) = run(gerbang(&dir.0).env("GERBANG_LOG", bad).arg("config"));
        assert_eq!(code, 1, "GERBANG_LOG={bad}");
        assert!(err.contains("log:"), "{err}");
    }
    let (code, _, err) = run(gerbang(&dir.0)
        .env("GERBANG_LOG_FORMAT", "xml")
        .arg("config"));
    assert_eq!(code, 1);
    assert!(err.contains("log_format"), "{err}");

    // JSON logs: one object per line.
    let (code, _, err) = run(gerbang(&dir.0)
        .env("GERBANG_LOG_FORMAT", "json")
        .env("GERBANG_XYZZY", "1")
        .arg("config"));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = err
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    let line = lines
        .iter()
        .find(|l| {
            l["fields"]["message"]
                .as_str()
                .unwrap()
                .contains("GERBANG_XYZZY")
        })
        .expect("the warning");
    assert_eq!(line["level"], "WARN", "{line}");
}

#[tokio::test]
async fn first_start_creates_admin_and_restart_keeps_sessions() {
    let dir = TempDir::new();
    let server = Server::start(&dir.0);
    let out = server.wait_ready();
    assert!(out.contains("generated one and stored it"), "{out}");
    // Not a terminal: the password is in a file only its owner reads, the console (which
    // Docker and systemd keep) says where, and the log has no colour codes.
    let file = dir.0.join("data").join("initial-admin-password");
    assert!(
        out.contains(&format!(
            "one-time password is in {}",
            "./data/initial-admin-password"
        )),
        "{out}"
    );
    let password = std::fs::read_to_string(&file).unwrap().trim().to_string();
    assert_eq!(password.len(), 20);
    assert!(
        !out.contains(&password),
        "the password reached the console: {out}"
    );
    assert!(!out.contains('\x1b'), "colour codes in a pipe: {out:?}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    let client = reqwest::Client::new();
    let token = Api::sign_in(&server.base(), &password).await.token;
    let (code, _, _) =
        run(gerbang(&dir.0).args(["healthcheck", "--port", &server.port.to_string()]));
    assert_eq!(code, 0);
    // Any URL a client library takes: a trailing slash, a path (a gateway behind a proxy at
    // /gerbang: here nothing is there, so 404), https; failures name the URL tried.
    let base = server.base();
    let (code, _, err) = run(gerbang(&dir.0).args(["healthcheck", "--url", &format!("{base}/")]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) =
        run(gerbang(&dir.0).args(["healthcheck", "--url", &format!("{base}/gerbang")]));
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("{base}/gerbang/api/health answered 404")),
        "{err}"
    );
    let https = base.replace("http://", "https://");
    let (code, _, err) = run(gerbang(&dir.0).args(["healthcheck", "--url", &https]));
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("no answer from {https}/api/health")),
        "{err}"
    );
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
    // Without --username: the first free name, not a clash with the first start's `admin`.
    let (code, out, err) = run(gerbang(&dir.0).args(["create-admin", "--email", "k3@toko.id"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("created administrator admin2"), "{out}");
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
    let (code, _, err) =
        run(gerbang(&dir.0).args(["sim", "scan", "cli-dev", "--port", &port, "--token", "bad"]));
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("{base}/api/sim/devices/cli-dev/scan answered 401")),
        "{err}"
    );
    let (code, _, err) = run(gerbang(&dir.0).args([
        "sim",
        "scan",
        "cli-dev",
        "--url",
        "http://127.0.0.1:1",
        "--token",
        "x",
    ]));
    assert_eq!(code, 1);
    assert!(
        err.contains("no answer from http://127.0.0.1:1/api/sim/devices/cli-dev/scan"),
        "{err}"
    );
    server.stop();
}

/// SQLite is for one node (issue #17): a second gateway on the same file refuses to start with a
/// message that says why and what to do, the first keeps serving, and a SIGKILLed holder leaves
/// no stale lock behind.
#[tokio::test]
async fn a_second_gateway_on_one_sqlite_file_refuses_to_start() {
    let dir = TempDir::new();
    let first = Server::start(&dir.0);
    first.wait_ready();
    let mut second = gerbang(&dir.0)
        .args(["--host", "127.0.0.1", "--port", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = second.kill();
            panic!("a second gateway on the same SQLite file kept running");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut second.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.contains("another Gerbang process is already serving"),
        "{err}"
    );
    assert!(err.contains("PostgreSQL"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let health = reqwest::get(format!("{}/api/health", first.base()))
        .await
        .unwrap();
    assert_eq!(health.status(), 200, "the first gateway stopped serving");

    first.kill();
    let again = Server::start(&dir.0);
    again.wait_ready();
    again.stop();
}
