//! Open event streams and WebSockets end soon after their credential stops being valid: the
//! account locked, the password reset by an admin or changed by its owner, the API key revoked.
//! SSE ends with a last `closed` message, a WebSocket with a close frame (1008, the error code
//! as reason), a request sent on the socket after the change is not answered, and a new
//! connection with the same credential is refused.

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message as Frame;

use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(
    streams_end_when_the_account_is_locked,
    streams_end_when_an_admin_resets_the_password,
    streams_end_when_the_owner_changes_the_password,
    streams_end_when_the_api_key_is_revoked,
    a_change_made_in_the_database_ends_streams_on_the_slow_check,
);

/// The change must reach open streams within this (a change wakes them at once).
const WITHIN: Duration = Duration::from_millis(2500);

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// What a stream is opened with: a user's access token or a device API key.
fn is_key(credential: &str) -> bool {
    credential.starts_with("gbk_")
}

async fn open_sse(app: &TestApp, credential: &str) -> reqwest::Response {
    let req = app.client.get(format!("{}/api/events", app.base));
    let req = if is_key(credential) {
        req.header("x-api-key", credential)
    } else {
        req.bearer_auth(credential)
    };
    let mut res = req.send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let hello = tokio::time::timeout(Duration::from_secs(5), res.chunk())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&hello).contains("\"connected\""));
    res
}

async fn open_ws(app: &TestApp, credential: &str) -> Result<Ws, StatusCode> {
    let base = app.base.replace("http://", "ws://");
    let mut req = if is_key(credential) {
        let mut r = format!("{base}/api/ws").into_client_request().unwrap();
        r.headers_mut()
            .insert("x-api-key", credential.parse().unwrap());
        r
    } else {
        format!("{base}/api/ws?token={credential}")
            .into_client_request()
            .unwrap()
    };
    req.headers_mut()
        .insert("origin", app.base.parse().unwrap());
    match tokio_tungstenite::connect_async(req).await {
        Ok((mut ws, _)) => {
            let hello = ws.next().await.unwrap().unwrap();
            assert!(hello.to_text().unwrap().contains("\"connected\""));
            Ok(ws)
        }
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => {
            Err(StatusCode::from_u16(res.status().as_u16()).unwrap())
        }
        Err(e) => panic!("websocket: {e}"),
    }
}

/// Reads the SSE stream until it ends; returns the last message (the `closed` notice).
async fn sse_ends(res: reqwest::Response, since: Instant) -> Value {
    sse_ends_within(res, since, WITHIN).await
}

async fn sse_ends_within(mut res: reqwest::Response, since: Instant, within: Duration) -> Value {
    let mut text = String::new();
    loop {
        let left = within.saturating_sub(since.elapsed());
        match tokio::time::timeout(left, res.chunk()).await {
            Ok(Ok(Some(bytes))) => text.push_str(&String::from_utf8_lossy(&bytes)),
            Ok(_) => break,
            Err(_) => panic!("the event stream was still open {within:?} after the change"),
        }
    }
    let last = text
        .lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .next_back()
        .expect("a last message");
    serde_json::from_str(last.trim()).unwrap()
}

/// Reads the socket until its close frame; no answer to a request may come before it.
async fn ws_closes(mut ws: Ws, since: Instant) -> (u16, String) {
    loop {
        let left = WITHIN.saturating_sub(since.elapsed());
        let frame = tokio::time::timeout(left, ws.next())
            .await
            .unwrap_or_else(|_| panic!("the WebSocket was still open {WITHIN:?} after the change"))
            .expect("a close frame before the end")
            .expect("a frame");
        match frame {
            Frame::Close(Some(c)) => return (u16::from(c.code), c.reason.to_string()),
            Frame::Close(None) => panic!("a close frame without a reason"),
            Frame::Text(t) => {
                let v: Value = serde_json::from_str(&t).unwrap();
                assert!(
                    !v["type"].as_str().unwrap_or("").starts_with("whatsapp:"),
                    "a request was answered after the change: {v}"
                );
            }
            _ => {}
        }
    }
}

/// Opens an event stream and two sockets with `credential`, runs `change`, then checks that
/// all three end in time with `code`, that a request sent right after the change is refused,
/// and that the credential no longer opens a socket.
async fn check_streams_end<F, Fut>(
    app: &TestApp,
    credential: &str,
    device: &str,
    code: &str,
    change: F,
) where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let sse = open_sse(app, credential).await;
    let idle = open_ws(app, credential).await.unwrap();
    let mut asking = open_ws(app, credential).await.unwrap();
    let status = json!({"type": "whatsapp:get-status", "deviceId": device}).to_string();
    asking.send(Frame::text(status.clone())).await.unwrap();
    let answer = asking.next().await.unwrap().unwrap();
    assert!(
        answer.to_text().unwrap().contains("whatsapp:status"),
        "{answer:?}"
    );

    change().await;
    let since = Instant::now();
    asking.send(Frame::text(status)).await.unwrap();
    let (closed, idle_close, asking_close) = tokio::join!(
        sse_ends(sse, since),
        ws_closes(idle, since),
        ws_closes(asking, since)
    );
    assert_eq!(closed["type"], "closed", "{closed}");
    assert_eq!(closed["code"], code, "{closed}");
    assert_eq!(idle_close, (1008, code.to_string()));
    assert_eq!(asking_close, (1008, code.to_string()));
    assert_eq!(
        open_ws(app, credential).await.err(),
        Some(StatusCode::UNAUTHORIZED)
    );
    let again = app.open_stream("/api/events", Some(credential)).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED, "{}", again.body);
}

async fn streams_end_when_the_account_is_locked(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("dikunci").await;
    let device = app.device(user.id, "Kunci").await;
    let path = format!("/api/admin/users/{}", user.id);
    check_streams_end(&app, &user.token, &device, "account_locked", || async {
        let r = app
            .put(&path, app.admin(), json!({"isActive": false}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    })
    .await;
}

async fn streams_end_when_an_admin_resets_the_password(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("direset").await;
    let device = app.device(user.id, "Reset").await;
    let path = format!("/api/admin/users/{}", user.id);
    check_streams_end(&app, &user.token, &device, "invalid_token", || async {
        let r = app
            .put(
                &path,
                app.admin(),
                json!({"password": "a-new-password-456"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    })
    .await;
}

async fn streams_end_when_the_owner_changes_the_password(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("diganti").await;
    let device = app.device(user.id, "Ganti").await;
    check_streams_end(&app, &user.token, &device, "invalid_token", || async {
        let r = app
            .post(
                "/api/auth/change-password",
                Some(&user.token),
                json!({"currentPassword": user.password, "newPassword": "a-new-password-456"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    })
    .await;
}

async fn streams_end_when_the_api_key_is_revoked(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("kuncinya").await;
    let device = app.device(user.id, "Kunci API").await;
    let (key, key_id) = app.api_key(&device).await;
    let path = format!("/api/whatsapp-multi-device/devices/{device}/api-keys/{key_id}");
    check_streams_end(&app, &key, &device, "invalid_api_key", || async {
        let r = app.delete(&path, Some(&user.token)).await;
        assert!(r.status.is_success(), "{}", r.body);
    })
    .await;
}

/// Another process (a second node, an operator's SQL) deletes the key: nothing in this gateway
/// announces it, so the stream ends on its slow check (every 15 s), not at once and not never.
async fn a_change_made_in_the_database_ends_streams_on_the_slow_check(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("diluar").await;
    let device = app.device(user.id, "Di luar").await;
    let (key, key_id) = app.api_key(&device).await;
    let sse = open_sse(&app, &key).await;
    crate::dbexec::exec(
        &app,
        &[&format!("DELETE FROM api_keys WHERE id = {key_id}")],
    )
    .await;
    let since = Instant::now();
    let closed = sse_ends_within(sse, since, Duration::from_secs(20)).await;
    assert_eq!(closed["code"], "invalid_api_key", "{closed}");
}
