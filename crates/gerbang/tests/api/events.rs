//! The event log over SSE and WebSocket: resuming loses and repeats nothing, and nobody sees
//! another user's devices.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message as Frame;

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    sse_resumes_after_an_absence_with_nothing_missed_or_repeated,
    streams_show_only_what_the_caller_may_see,
    websocket_answers_requests_and_survives_garbage,
    a_reader_that_never_reads_holds_back_nobody,
    events_appended_elsewhere_reach_open_streams,
    an_event_whose_transaction_commits_late_is_not_skipped,
);

/// A minimal SSE reader: `(id, data)` per message, comments skipped.
pub(crate) struct Sse {
    res: reqwest::Response,
    pending: String,
}

impl Sse {
    pub(crate) async fn open(
        app: &TestApp,
        query: &str,
        token: &str,
        last_event_id: Option<i64>,
    ) -> Sse {
        let mut req = app
            .client
            .get(format!("{}/api/events{query}", app.base))
            .bearer_auth(token);
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id.to_string());
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream"));
        Sse {
            res,
            pending: String::new(),
        }
    }

    /// The next message, or `None` after `quiet` without one.
    pub(crate) async fn next(&mut self, quiet: Duration) -> Option<(Option<i64>, Value)> {
        loop {
            if let Some(end) = self.pending.find("\n\n") {
                let block: String = self.pending.drain(..end + 2).collect();
                let mut id = None;
                let mut data = None;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data = serde_json::from_str(v.trim()).ok();
                    }
                }
                match data {
                    Some(d) => return Some((id, d)),
                    None => continue,
                }
            }
            match tokio::time::timeout(quiet, self.res.chunk()).await {
                Ok(Ok(Some(bytes))) => self.pending.push_str(&String::from_utf8_lossy(&bytes)),
                _ => return None,
            }
        }
    }

    /// Every event until the stream is quiet for `quiet`.
    async fn drain(&mut self, quiet: Duration) -> Vec<Value> {
        let mut out = Vec::new();
        while let Some((_, data)) = self.next(quiet).await {
            if data["type"] != "connected" {
                out.push(data);
            }
        }
        out
    }
}

fn ids(events: &[Value]) -> Vec<i64> {
    events.iter().map(|e| e["id"].as_i64().unwrap()).collect()
}

async fn inbound(app: &TestApp, device: &str, from: &str, text: &str) {
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/inbound"),
            app.admin(),
            json!({"from": from, "text": text}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn sse_resumes_after_an_absence_with_nothing_missed_or_repeated(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("pendengar").await;
    let device = app.device(user.id, "Arus").await;
    app.link(&device).await;

    let mut live = Sse::open(&app, "", &user.token, None).await;
    let (_, hello) = live.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(hello["type"], "connected");
    for i in 0..5 {
        inbound(&app, &device, "0857-0000-1111", &format!("sebelum {i}")).await;
    }
    let mut seen = Vec::new();
    while seen
        .iter()
        .filter(|e: &&Value| e["type"] == "message.new")
        .count()
        < 5
    {
        let (id, event) = live
            .next(Duration::from_secs(10))
            .await
            .expect("live events");
        assert_eq!(id, event["id"].as_i64(), "the SSE id is the event id");
        seen.push(event);
    }
    let last = *ids(&seen).last().unwrap();
    drop(live);

    // Away for 30 simulated seconds (1.5 s at 20×) while messages come and go.
    let send = format!("/api/whatsapp-multi-device/devices/{device}/send-message");
    for i in 0..10 {
        inbound(
            &app,
            &device,
            "0857-0000-2222",
            &format!("selama pergi {i}"),
        )
        .await;
        let r = app
            .post(
                &send,
                Some(&user.token),
                json!({"phone": "0857-0000-2222", "message": format!("balas {i}")}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    wait_for(15, "every reply read", || async {
        let h = app.get(&format!("/api/whatsapp-multi-device/devices/{device}/chat-history/6285700002222?limit=200"), Some(&user.token)).await;
        let msgs = h.data()["messages"].as_array().cloned().unwrap_or_default();
        let read = msgs.iter().filter(|m| m["fromMe"] == true && m["status"] == "read").count();
        (read == 10 && msgs.len() == 20).then_some(())
    })
    .await;

    // Everything is in the log by now. The quiet gaps that end a drain are generous: on a loaded
    // machine a pause between two pages of the log can outlast a short one.
    let mut truth = Sse::open(&app, "", &user.token, Some(0)).await;
    let all = truth.drain(Duration::from_secs(3)).await;
    let expected: Vec<i64> = ids(&all).into_iter().filter(|id| *id > last).collect();
    let mut resumed = Sse::open(&app, "", &user.token, Some(last)).await;
    let got = resumed.drain(Duration::from_secs(3)).await;
    assert_eq!(
        ids(&got),
        expected,
        "exactly the events after {last}, in order"
    );
    assert!(
        got.len() >= 10 + 10 + 30,
        "10 in, 10 out, their statuses: {}",
        got.len()
    );
    assert!(ids(&all).windows(2).all(|w| w[0] < w[1]), "increasing ids");
    let statuses: Vec<&str> = got
        .iter()
        .filter(|e| e["type"] == "message.status")
        .filter_map(|e| e["data"]["status"].as_str())
        .collect();
    assert!(
        statuses.contains(&"read") && statuses.contains(&"delivered"),
        "{statuses:?}"
    );
}

async fn streams_show_only_what_the_caller_may_see(b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = app.user("ani").await;
    let c = app.user("cici").await;
    let dev_a = app.device(a.id, "Ani").await;
    let dev_c = app.device(c.id, "Cici").await;
    app.link(&dev_a).await;
    app.link(&dev_c).await;

    // ?token= works here (and only on the streams).
    let res = app
        .client
        .get(format!("{}/api/events?token={}", app.base, a.token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    drop(res);

    let mut mine = Sse::open(&app, "", &a.token, Some(0)).await;
    let mut admin = Sse::open(&app, "", &app.admin_token, Some(0)).await;
    let mut only_new = Sse::open(&app, "?types=message.new", &app.admin_token, Some(0)).await;
    let mut one_device = Sse::open(
        &app,
        &format!("?deviceId={dev_c}"),
        &app.admin_token,
        Some(0),
    )
    .await;
    inbound(&app, &dev_a, "0858-1111-0001", "untuk ani").await;
    inbound(&app, &dev_c, "0858-1111-0002", "untuk cici").await;

    let mine = mine.drain(Duration::from_millis(800)).await;
    assert!(!mine.is_empty());
    assert!(
        mine.iter().all(|e| e["deviceId"] == dev_a.as_str()),
        "{mine:?}"
    );
    let admin = admin.drain(Duration::from_millis(800)).await;
    assert!(
        admin.iter().any(|e| e["deviceId"] == dev_a.as_str())
            && admin.iter().any(|e| e["deviceId"] == dev_c.as_str())
    );
    let only_new = only_new.drain(Duration::from_millis(800)).await;
    assert_eq!(only_new.len(), 2);
    assert!(only_new.iter().all(|e| e["type"] == "message.new"));
    let one = one_device.drain(Duration::from_millis(800)).await;
    assert!(!one.is_empty() && one.iter().all(|e| e["deviceId"] == dev_c.as_str()));
    let text = only_new
        .iter()
        .find(|e| e["deviceId"] == dev_a.as_str())
        .unwrap();
    assert_eq!(text["data"]["message"]["body"], "untuk ani");
    assert_eq!(text["chatJid"], "6285811110001@s.whatsapp.net");

    let bad = app.get("/api/events?types=bogus", Some(&a.token)).await;
    assert!(bad.field("types").is_some(), "{}", bad.body);
    let foreign = app
        .get(&format!("/api/events?deviceId={dev_c}"), Some(&a.token))
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let bad_id = app
        .client
        .get(format!("{}/api/events", app.base))
        .bearer_auth(&a.token)
        .header("last-event-id", "abc")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_id.status(), StatusCode::BAD_REQUEST);
}

async fn websocket_answers_requests_and_survives_garbage(b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = app.user("soket").await;
    let other = app.user("lainnya").await;
    let device = app.device(a.id, "Soket").await;
    let foreign = app.device(other.id, "Bukan").await;
    app.link(&device).await;
    inbound(&app, &device, "0859-1234-5678", "halo soket").await;
    wait_for(10, "the inbound message", || async {
        let c = app
            .get(
                &format!("/api/whatsapp-multi-device/devices/{device}/chats"),
                Some(&a.token),
            )
            .await;
        (c.data().as_array().map_or(0, Vec::len) == 1).then_some(())
    })
    .await;

    let url = format!(
        "{}/api/ws?token={}",
        app.base.replace("http://", "ws://"),
        a.token
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(url)
        .await
        .expect("websocket");
    let mut events = Vec::new();
    let mut ask =
        async |ws: &mut tokio_tungstenite::WebSocketStream<_>, req: Value, want: &str| -> Value {
            ws.send(Frame::text(req.to_string())).await.unwrap();
            loop {
                let frame = tokio::time::timeout(Duration::from_secs(10), ws.next())
                    .await
                    .expect("an answer")
                    .unwrap()
                    .unwrap();
                let v: Value = serde_json::from_str(frame.to_text().unwrap()).unwrap();
                if v["type"] == want {
                    return v;
                }
                events.push(v);
            }
        };
    let list = ask(
        &mut ws,
        json!({"type": "chat:get-list", "requestId": 1, "deviceId": device}),
        "chat:list",
    )
    .await;
    assert_eq!(list["requestId"], 1);
    assert_eq!(list["chats"][0]["unreadCount"], 1);
    let jid = list["chats"][0]["chatJid"].as_str().unwrap().to_string();
    let hist = ask(
        &mut ws,
        json!({"type": "chat:get-history", "requestId": "h", "deviceId": device, "chatId": jid}),
        "chat:history",
    )
    .await;
    assert_eq!(hist["messages"][0]["body"], "halo soket");
    let read = ask(
        &mut ws,
        json!({"type": "chat:mark-read", "deviceId": device, "chatJid": jid}),
        "chat:read",
    )
    .await;
    assert_eq!(read["marked"], 1);
    let err = ask(&mut ws, json!("not a request at all"), "error").await;
    assert_eq!(err["code"], "bad_frame");
    ws.send(Frame::text("{{{")).await.unwrap();
    let status = ask(
        &mut ws,
        json!({"type": "whatsapp:get-status", "whatsappNumberId": device}),
        "whatsapp:status",
    )
    .await;
    assert_eq!(
        status["status"], "connected",
        "the socket is still open after garbage"
    );
    let denied = ask(
        &mut ws,
        json!({"type": "whatsapp:get-status", "requestId": 9, "deviceId": foreign}),
        "error",
    )
    .await;
    assert_eq!(
        (denied["code"].as_str(), denied["requestId"].as_i64()),
        (Some("forbidden"), Some(9))
    );
    let unknown = ask(
        &mut ws,
        json!({"type": "chat:explode", "deviceId": device}),
        "error",
    )
    .await;
    assert_eq!(unknown["code"], "validation_failed");

    inbound(&app, &device, "0859-1234-5678", "pesan baru").await;
    let fresh = loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("an event")
            .unwrap()
            .unwrap();
        let v: Value = serde_json::from_str(frame.to_text().unwrap()).unwrap();
        if v["type"] == "message.new" {
            break v;
        }
    };
    assert_eq!(fresh["data"]["message"]["body"], "pesan baru");
    let bad = app.get("/api/ws", Some(&a.token)).await;
    assert_eq!(bad.status, StatusCode::UPGRADE_REQUIRED);
}

async fn a_reader_that_never_reads_holds_back_nobody(b: Backend) {
    let app = TestApp::spawn(b).await;
    let device = app.device(1, "Ramai").await;
    app.link(&device).await;
    // Opened and never read: its socket buffers fill, and that must cost the others nothing.
    let _stuck = Sse::open(&app, "", &app.admin_token, Some(0)).await;
    let mut reader = Sse::open(&app, "?types=message.new", &app.admin_token, None).await;
    for i in 0..300 {
        inbound(
            &app,
            &device,
            "0856-7777-0000",
            &format!("pesan panjang nomor {i} {}", "x".repeat(400)),
        )
        .await;
    }
    let got = reader.drain(Duration::from_millis(1500)).await;
    assert_eq!(got.len(), 300, "the live reader got every message");
    assert!(ids(&got).windows(2).all(|w| w[0] < w[1]));
}

/// Events another process appends (a second node on the same database) wake the streams: one
/// reader per process notices the log grew, and a stream for one device reads past the other
/// device's events without handing them out.
async fn events_appended_elsewhere_reach_open_streams(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("jauh").await;
    let mine = app.device(user.id, "Jauh").await;
    let other = app.device(user.id, "Lain").await;
    let mut sse = Sse::open(&app, &format!("?deviceId={mine}"), &user.token, None).await;
    assert!(sse.drain(Duration::from_millis(500)).await.is_empty());
    let now = chrono::Utc::now().to_rfc3339();
    let row = |device: &str, n: usize| {
        format!(
            "INSERT INTO events (event_type, device_id, user_id, chat_jid, data, created_at) \
             VALUES ('message.new', '{device}', {}, NULL, '{{\"n\": {n}}}', '{now}')",
            user.id
        )
    };
    let rows: Vec<String> = (0..30)
        .map(|n| row(&other, n))
        .chain([row(&mine, 30)])
        .collect();
    crate::dbexec::exec(&app, &rows.iter().map(String::as_str).collect::<Vec<_>>()).await;
    let got = sse.drain(Duration::from_secs(4)).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["deviceId"], mine.as_str(), "{got:?}");
    assert_eq!(got[0]["data"]["n"], 30, "{got:?}");
}

/// PostgreSQL writers do not wait for each other, so an event can commit after one with a higher
/// id. A stream must not hand out the newer one first and then skip the older one: it waits until
/// the older transaction ends, then hands out both in id order. (SQLite has one writer at a
/// time: the same two events simply arrive in order.)
async fn an_event_whose_transaction_commits_late_is_not_skipped(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("lambat").await;
    let device = app.device(user.id, "Lambat").await;
    let mut sse = Sse::open(&app, &format!("?deviceId={device}"), &user.token, None).await;
    assert!(sse.drain(Duration::from_millis(300)).await.is_empty());
    let insert = |n: u32| {
        format!(
            "INSERT INTO events (event_type, device_id, user_id, chat_jid, data, created_at) \
             VALUES ('message.new', '{device}', {}, NULL, '{{\"n\": {n}}}', '{}') RETURNING id",
            user.id,
            chrono::Utc::now().to_rfc3339()
        )
    };
    let url = app.database_url();
    let (older, newer, got) = if crate::dbexec::is_sqlite(&app) {
        let older = crate::dbexec::texts(
            &app,
            &insert(1).replace("RETURNING id", "RETURNING CAST(id AS TEXT)"),
        )
        .await;
        let newer = crate::dbexec::texts(
            &app,
            &insert(2).replace("RETURNING id", "RETURNING CAST(id AS TEXT)"),
        )
        .await;
        let got = sse.drain(Duration::from_secs(3)).await;
        (
            older[0].parse::<i64>().unwrap(),
            newer[0].parse::<i64>().unwrap(),
            got,
        )
    } else {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        let mut slow = pool.begin().await.unwrap();
        let older: i64 = sqlx::query_scalar(&insert(1))
            .fetch_one(&mut *slow)
            .await
            .unwrap();
        let newer: i64 = sqlx::query_scalar(&insert(2))
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(newer > older, "ids grow: {older} then {newer}");
        let early = sse.drain(Duration::from_millis(1500)).await;
        assert!(
            early.is_empty(),
            "handed out before the older event was final: {early:?}"
        );
        slow.commit().await.unwrap();
        let got = sse.drain(Duration::from_secs(3)).await;
        pool.close().await;
        (older, newer, got)
    };
    let ids: Vec<i64> = got.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![older, newer], "{got:?}");
    assert_eq!(got[0]["data"]["n"], 1);
    assert_eq!(got[1]["data"]["n"], 2);
}
