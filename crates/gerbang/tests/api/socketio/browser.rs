//! Seed 004's browser page, in a real headless Chromium: socket.io-client's browser build
//! (the npm package's `dist/`), `io(url, {auth: {token}})` with the default transports (long
//! polling, then the WebSocket upgrade), the chat list asked for on connect, and a message
//! from a contact appearing live through `message:new`.

use std::path::Path;

use reqwest::StatusCode;
use serde_json::json;

use super::client::{clients_dir, Kind};
use crate::dashboard::chromium::{start_browser, Tab, ONE_BROWSER};
use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(seed_004_page_gets_live_messages_in_chromium);

/// The seed's React hook, as plain JavaScript on a page of its own.
fn page(script: &Path, base: &str, token: &str, device: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>WaBox</title>
<script src="file://{script}"></script></head>
<body>
<p id="status">DISCONNECTED</p><p id="socket">connecting</p>
<ul id="chats"></ul><ul id="messages"></ul>
<script>
const whatsappNumberId = {device};
const socket = io({base}, {{ auth: {{ token: {token} }} }});
const el = (id) => document.getElementById(id);
const item = (list, text) => {{ const li = document.createElement('li'); li.textContent = text; el(list).appendChild(li); }};
socket.on('connect', () => {{
  el('socket').textContent = 'connected';
  socket.emit('chat:get-list', {{ whatsappNumberId }});
  socket.emit('whatsapp:get-status', {{ whatsappNumberId }});
}});
socket.on('connect_error', (err) => {{ el('socket').textContent = 'error: ' + err.message; }});
socket.on('chat:list', (data) => {{
  if (data.whatsappNumberId !== whatsappNumberId) return;
  el('chats').replaceChildren();
  data.chats.forEach((c) => item('chats', c.contactName + ' ' + c.unreadCount));
}});
socket.on('whatsapp:status', (data) => {{
  if (data.whatsappNumberId === whatsappNumberId) el('status').textContent = data.status;
}});
socket.on('message:new', (data) => {{
  if (data.whatsappNumberId === whatsappNumberId) item('messages', data.message.content);
}});
</script></body></html>"#,
        script = script.display(),
        base = json!(base),
        token = json!(token),
        device = json!(device),
    )
}

async fn seed_004_page_gets_live_messages_in_chromium(b: Backend) {
    // The page loads the client from the npm package the other tests use.
    if Kind::Node.command().is_none() {
        return;
    }
    let _one = ONE_BROWSER.lock().await;
    // A page opened from a file has the origin `null`; long polling needs CORS for it.
    let app = TestApp::spawn_with(b, |c| c.cors_origins = "*".into()).await;
    let Some((driver, client)) = start_browser().await else {
        return;
    };
    let user = app.user("wabox").await;
    let device = app.device(user.id, "WaBox").await;
    app.link(&device).await;
    let script = clients_dir().join("node_modules/socket.io-client/dist/socket.io.min.js");
    let file = std::env::temp_dir().join(format!("gerbang-wabox-{}.html", uuid::Uuid::new_v4()));
    std::fs::write(&file, page(&script, &app.base, &user.token, &device)).unwrap();

    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let tab = Tab {
        c: client,
        app: &app,
        driver_port: driver.port,
        shots,
        prefix: format!("{b:?}").to_lowercase(),
    };
    tab.c
        .goto(&format!("file://{}", file.display()))
        .await
        .unwrap();
    tab.until(15, "the socket", "return document.getElementById('socket').textContent === 'connected' && document.getElementById('status').textContent === 'CONNECTED'")
        .await;
    tab.until(
        15,
        "the WebSocket upgrade",
        "return socket.io.engine.transport.name === 'websocket'",
    )
    .await;
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/inbound"),
            app.admin(),
            json!({"from": "0812-7777-8888", "text": "Pesanan saya sudah dikirim?"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    tab.until(
        15,
        "the live message",
        "return document.getElementById('messages').innerText.includes('Pesanan saya sudah dikirim?')",
    )
    .await;
    tab.assert_no_console_errors("socketio-wabox").await;
    let png = tab.c.screenshot().await.unwrap();
    std::fs::write(
        tab.shots.join(format!("{}-socketio-wabox.png", tab.prefix)),
        png,
    )
    .unwrap();
    tab.c.clone().close().await.ok();
    drop(driver);
    let _ = std::fs::remove_file(file);
}
