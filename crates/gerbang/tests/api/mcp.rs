//! The MCP server driven by the official MCP Python SDK (PyPI `mcp`) over streamable HTTP with a
//! device API key: it lists the tools, sends a text through the simulator that then shows in the
//! chat history and on the event stream, a bad argument is a tool error naming the field and
//! sends nothing, another device's key sees none of it, and a missing or bad key is a 401 before
//! any MCP handling.

use std::path::{Path, PathBuf};
use std::process::Command;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{Backend, TestApp};
use crate::loopback::next_event;
use crate::socketio::client::{clients_dir, VENV};

db_tests!(an_agent_sends_and_reads_through_the_mcp_server_with_a_device_key);

const CONTACT: &str = "6281300000201";

/// The SDK's interpreter, or `None` (after saying why) when it is not installed and `CI` is unset.
pub(crate) fn python() -> Option<PathBuf> {
    let venv = std::env::var("GERBANG_MCP_VENV").unwrap_or_else(|_| VENV.to_string());
    let python = PathBuf::from(&venv).join("bin/python");
    let ok = Command::new(&python)
        .args(["-c", "import mcp"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(python);
    }
    let why = format!(
        "the MCP Python SDK is not installed in {venv} (pip install -r {}/requirements.txt)",
        clients_dir().display()
    );
    if std::env::var("CI").is_ok_and(|v| !v.is_empty()) {
        panic!("{why}");
    }
    eprintln!("skipped: {why}");
    None
}

/// Runs the SDK client with `calls` on its standard input; returns what it printed.
pub(crate) async fn agent(python: &Path, app: &TestApp, key: &str, calls: Value) -> Value {
    let (python, url, key) = (
        python.to_path_buf(),
        format!("{}/mcp", app.base),
        key.to_string(),
    );
    let script = clients_dir().join("mcp_client.py");
    let out = tokio::task::spawn_blocking(move || {
        use std::io::Write;
        use std::process::Stdio;
        let mut child = Command::new(python)
            .arg(script)
            .args([url.as_str(), key.as_str(), "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(calls.to_string().as_bytes()).unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "MCP client failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

async fn an_agent_sends_and_reads_through_the_mcp_server_with_a_device_key(b: Backend) {
    let Some(python) = python() else { return };
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    app.link(&dev).await;
    let other = app.device(owner.id, "Gudang").await;
    let (key, _) = app.api_key(&dev).await;
    let (other_key, _) = app.api_key(&other).await;
    let r = app
        .post(
            "/api/sim/accounts",
            Some(tok),
            json!({"phone": CONTACT, "name": "Bu Sari"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // Without a key, or with a bad one, the gateway answers before MCP reads the body.
    let http = reqwest::Client::new();
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-03-26", "capabilities": {},
        "clientInfo": {"name": "t", "version": "1"}}});
    for headers in [vec![], vec![("x-api-key", "gbk_not_a_key")]] {
        let mut req = http
            .post(format!("{}/mcp", app.base))
            .header("accept", "application/json, text/event-stream")
            .json(&init);
        for (k, v) in headers {
            req = req.header(k, v);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let body: Value = r.json().await.unwrap();
        assert!(
            body["error"].is_object() || body["code"].is_string(),
            "{body}"
        );
    }

    let mut sse = Sse::open(&app, &format!("?deviceId={dev}"), tok, None).await;
    let chat = format!("{CONTACT}@s.whatsapp.net");
    let seen = agent(
        &python,
        &app,
        &key,
        json!([
            ["list_devices", {}],
            ["send_text", {"phone": "not a number", "message": "Halo"}],
            ["send_text", {"phone": CONTACT, "message": "Pesanan Anda siap diambil"}],
            ["read_chat_history", {"chat": CONTACT, "limit": 10}],
            ["list_chats", {}],
            ["check_numbers", {"numbers": []}],
        ]),
    )
    .await;
    assert_eq!(
        seen["tools"],
        json!([
            "check_numbers",
            "list_chats",
            "list_devices",
            "read_chat_history",
            "send_media",
            "send_text"
        ]),
        "{seen}"
    );
    let send_schema = &seen["schemas"]["send_text"];
    assert_eq!(
        send_schema["required"],
        json!(["phone", "message"]),
        "{seen}"
    );
    let res = |i: usize| -> (bool, String) {
        let r = &seen["results"][i];
        (
            r["isError"].as_bool().unwrap(),
            r["text"].as_str().unwrap().to_string(),
        )
    };

    let (err, text) = res(0);
    assert!(!err, "{text}");
    let devices: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(devices.as_array().unwrap().len(), 1, "{text}");
    assert_eq!(devices[0]["deviceId"], dev.as_str(), "{text}");

    let (err, text) = res(1);
    assert!(err, "{text}");
    assert!(text.starts_with("invalid arguments: phone: "), "{text}");

    let (err, text) = res(2);
    assert!(!err, "{text}");
    let sent: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(sent["chatJid"], chat.as_str(), "{text}");
    assert_eq!(sent["simulated"], true, "{text}");
    let id = sent["messageId"].as_str().unwrap().to_string();

    let (err, text) = res(3);
    assert!(!err, "{text}");
    let history: Value = serde_json::from_str(&text).unwrap();
    let messages = history["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1, "only the good send is stored: {text}");
    assert_eq!(messages[0]["messageId"], id.as_str(), "{text}");
    assert_eq!(messages[0]["body"], "Pesanan Anda siap diambil", "{text}");

    let (err, text) = res(4);
    assert!(!err, "{text}");
    assert!(text.contains(&chat), "{text}");

    let (err, text) = res(5);
    assert!(err, "{text}");
    assert!(text.contains("numbers: "), "{text}");

    let event = next_event(&mut sse, "message.new", |e| {
        (e["type"] == "message.new" && e["data"]["messageId"] == id.as_str()).then(|| e.clone())
    })
    .await;
    assert_eq!(event["data"]["chatJid"], chat.as_str(), "{event}");

    // The HTTP API sees the same single message.
    let r = app
        .get(
            &format!("/api/whatsapp-multi-device/devices/{dev}/chat-history/{CONTACT}"),
            Some(tok),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.data()["messages"].as_array().unwrap().len(),
        1,
        "{}",
        r.body
    );

    // Another device's key works on its own device only: it sees neither the chat nor the message.
    let seen = agent(
        &python,
        &app,
        &other_key,
        json!([
            ["list_devices", {}],
            ["list_chats", {}],
            ["read_chat_history", {"chat": CONTACT}],
        ]),
    )
    .await;
    let devices: Value =
        serde_json::from_str(seen["results"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(devices[0]["deviceId"], other.as_str(), "{seen}");
    assert_eq!(devices.as_array().unwrap().len(), 1, "{seen}");
    let chats: Value = serde_json::from_str(seen["results"][1]["text"].as_str().unwrap()).unwrap();
    assert_eq!(chats, json!([]), "{seen}");
    let history: Value =
        serde_json::from_str(seen["results"][2]["text"].as_str().unwrap()).unwrap();
    assert_eq!(history["messages"], json!([]), "{seen}");
}
