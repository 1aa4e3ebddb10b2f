//! Statistics over real traffic on the simulated network: a reply, an unanswered contact and a
//! failed send, read back per device, per user, system-wide, and as a device's health; and the
//! counters the triggers keep (hours, 15-minute slots, the response-time histogram, each chat's
//! count) against counts straight from the messages after inserts, status changes and deletes.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::dbexec::{exec, texts};
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    statistics_count_traffic_per_device_and_user,
    statistics_refuse_bad_periods,
    admin_views_cover_the_system,
    counters_follow_inserts_status_changes_and_deletes,
    active_chats_and_totals_up_to_now_follow_the_day_counts
);

const DEV: &str = "/api/whatsapp-multi-device/devices";

/// A linked device of a new user with: contact A wrote and got an answer, contact B wrote and
/// did not, and one send to C failed.
async fn traffic(app: &TestApp) -> (crate::harness::TestUser, String) {
    let user = app.user("statistik").await;
    let device = app.device(user.id, "Toko").await;
    app.link(&device).await;
    for (from, text) in [
        ("081200000001", "Halo, stok ada?"),
        ("081200000002", "Permisi"),
    ] {
        let r = app
            .post(
                &format!("/api/sim/devices/{device}/inbound"),
                app.admin(),
                json!({"from": from, "text": text}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    wait_for(10, "both inbound messages stored", || async {
        let s = stats(app, &format!("{DEV}/{device}/statistics"), &user.token).await;
        (s["totals"]["received"] == 2).then_some(())
    })
    .await;
    let r = app
        .post(
            &format!("{DEV}/{device}/send-message"),
            Some(&user.token),
            json!({"phone": "081200000001", "message": "Ada, kak"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.post(
        &format!("/api/sim/devices/{device}/faults"),
        app.admin(),
        json!({"kind": "send_failure", "count": 1, "reason": "unreachable"}),
    )
    .await;
    let r = app
        .post(
            &format!("{DEV}/{device}/send-message"),
            Some(&user.token),
            json!({"phone": "081200000003", "message": "Promo"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_GATEWAY, "{}", r.body);
    (user, device)
}

async fn stats(app: &TestApp, path: &str, token: &str) -> Value {
    let r = app.get(path, Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    r.data().clone()
}

fn sum(rows: &Value, key: &str) -> i64 {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r[key].as_i64().unwrap())
        .sum()
}

async fn statistics_count_traffic_per_device_and_user(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (user, device) = traffic(&app).await;

    let s = stats(&app, &format!("{DEV}/{device}/statistics"), &user.token).await;
    assert_eq!(
        s["totals"],
        json!({"sent": 1, "received": 2, "failed": 1}),
        "{s}"
    );
    assert_eq!(s["activeChats"], 3);
    assert_eq!(s["responses"]["conversations"], 2);
    assert_eq!(s["responses"]["answered"], 1);
    assert_eq!(s["responses"]["responseRate"], 0.5);
    assert!(s["responses"]["medianFirstResponseSecs"].as_f64().unwrap() >= 0.0);
    assert_eq!(s["timeZone"], "UTC");
    // Default period: the last 30 local days, every one listed; 24 hours.
    assert_eq!(s["daily"].as_array().unwrap().len(), 30);
    assert_eq!(s["hourly"].as_array().unwrap().len(), 24);
    for key in ["sent", "received", "failed"] {
        assert_eq!(sum(&s["daily"], key), s["totals"][key].as_i64().unwrap());
        assert_eq!(sum(&s["hourly"], key), s["totals"][key].as_i64().unwrap());
    }

    // Another zone and a one-day period; today holds everything.
    let today = stats(
        &app,
        &format!("{DEV}/{device}/statistics?days=1&timeZone=Asia/Jakarta"),
        &user.token,
    )
    .await;
    assert_eq!(today["timeZone"], "Asia/Jakarta");
    assert_eq!(today["daily"].as_array().unwrap().len(), 1);
    assert_eq!(today["totals"], s["totals"]);
    // A period long before: nothing.
    let old = stats(
        &app,
        &format!("{DEV}/{device}/statistics?startDate=2020-01-01&endDate=2020-01-31"),
        &user.token,
    )
    .await;
    assert_eq!(
        old["totals"],
        json!({"sent": 0, "received": 0, "failed": 0})
    );
    assert_eq!(old["activeChats"], 0);
    assert_eq!(old["daily"].as_array().unwrap().len(), 31);

    let daily = stats(
        &app,
        &format!("{DEV}/{device}/statistics/daily"),
        &user.token,
    )
    .await;
    assert_eq!(daily, s["daily"]);
    let mine = stats(
        &app,
        "/api/whatsapp-multi-device/user/statistics",
        &user.token,
    )
    .await;
    assert_eq!(mine["totals"], s["totals"]);
    assert_eq!(mine["activeChats"], 3);

    // Another user's statistics are empty, not ours.
    let other = app.user("lain").await;
    let theirs = stats(
        &app,
        "/api/whatsapp-multi-device/user/statistics",
        &other.token,
    )
    .await;
    assert_eq!(theirs["totals"]["received"], 0);
    let r = app
        .get(&format!("{DEV}/{device}/statistics"), Some(&other.token))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

async fn statistics_refuse_bad_periods(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("periode").await;
    let device = app.device(user.id, "P").await;
    for (query, field) in [
        ("from=27-11-2026", "from"),
        ("to=kemarin", "to"),
        ("days=0", "days"),
        ("days=400", "days"),
        ("timeZone=Asia/Bandung", "timeZone"),
        ("from=2026-02-01&to=2026-01-01", "from"),
        ("from=2020-01-01&to=2026-01-01", "from"),
    ] {
        let r = app
            .get(
                &format!("{DEV}/{device}/statistics?{query}"),
                Some(&user.token),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}: {}", r.body);
        assert!(r.field(field).is_some(), "{query}: {}", r.body);
    }
    let r = app
        .get(&format!("{DEV}/nope/statistics"), Some(&user.token))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

async fn admin_views_cover_the_system(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (user, device) = traffic(&app).await;
    let admin = app.admin().unwrap();

    let g = stats(&app, "/api/admin/stats", admin).await;
    assert!(g["users"]["total"].as_i64().unwrap() >= 2, "{g}");
    assert!(g["users"]["admins"].as_i64().unwrap() >= 1);
    assert_eq!(g["devices"]["byStatus"]["connected"], 1);
    assert_eq!(g["messages"], 4);
    assert_eq!(
        g["period"]["totals"],
        json!({"sent": 1, "received": 2, "failed": 1})
    );

    let i = stats(
        &app,
        &format!("/api/admin/users/{}/insights", user.id),
        admin,
    )
    .await;
    assert_eq!(i["user"]["id"], user.id);
    assert_eq!(i["devices"][0]["deviceId"], device.as_str());
    assert_eq!(i["statistics"]["totals"]["received"], 2);
    let connections = i["recentConnections"].as_array().unwrap();
    assert_eq!(connections[0]["status"], "connected", "{i}");
    let r = app
        .get("/api/admin/users/999999/insights", Some(admin))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Dropped from the phone side: the health view shows the reconnect and the error.
    app.post(
        &format!("/api/sim/devices/{device}/faults"),
        Some(admin),
        json!({"kind": "disconnect"}),
    )
    .await;
    let h = wait_for(15, "a reconnect recorded", || async {
        let h = stats(&app, &format!("/api/admin/devices/{device}/health"), admin).await;
        (h["reconnects"].as_i64().unwrap() >= 2 && h["status"] == "connected").then_some(h)
    })
    .await;
    assert!(h["uptimeSecs"].as_i64().unwrap() >= 0, "{h}");
    assert!(h["uptimeRatio"].as_f64().unwrap() <= 1.0);
    assert!(h["connectedSince"].is_string(), "{h}");
    assert_eq!(h["queue"]["pendingMessages"], 0);
    assert!(
        !h["lastErrors"].as_array().unwrap().is_empty(),
        "the drop has a reason: {h}"
    );
    let r = app
        .get(
            &format!("/api/admin/devices/{device}/health?hours=0"),
            Some(admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.field("hours").is_some());
    let r = app.get("/api/admin/devices/nope/health", Some(admin)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// Rows written straight into `messages`, as the store's write paths leave them: (message id,
/// chat, from me, type, status, UTC time). Jakarta is UTC+7 (served from the hour counters),
/// Kolkata UTC+5:30 (from the 15-minute ones).
const ROWS: [(&str, &str, bool, &str, &str, &str); 10] = [
    // Jakarta 1 Oct 00:30 and 00:45 (a question answered in 900 s); Kolkata 30 Sep, outside.
    (
        "m1",
        "A",
        false,
        "text",
        "received",
        "2026-09-30T17:30:00+00:00",
    ),
    ("m2", "A", true, "text", "read", "2026-09-30T17:45:00+00:00"),
    // Jakarta 12:10, Kolkata 10:40: answered in 120 s by a send that fails later.
    (
        "m3",
        "B",
        false,
        "text",
        "received",
        "2026-10-01T05:10:00+00:00",
    ),
    ("m4", "B", true, "text", "sent", "2026-10-01T05:12:00+00:00"),
    // Deleted below: counted out again, the conversation it opened stays.
    (
        "m5",
        "E",
        false,
        "image",
        "received",
        "2026-10-02T01:00:00+00:00",
    ),
    // Answered on the last day, 104,340 s later.
    (
        "m6",
        "C",
        false,
        "text",
        "received",
        "2026-10-02T12:00:00+00:00",
    ),
    ("m7", "C", true, "text", "read", "2026-10-03T16:59:00+00:00"),
    // An edit is not a message of its own.
    ("m8", "C", true, "edit", "read", "2026-10-03T16:59:30+00:00"),
    // Jakarta 4 Oct 01:00, outside; Kolkata 3 Oct 23:30, inside.
    (
        "m9",
        "D",
        false,
        "text",
        "received",
        "2026-10-03T18:00:00+00:00",
    ),
    // A group: active, counted, but nobody owes it an answer.
    (
        "m10",
        "G",
        false,
        "text",
        "received",
        "2026-10-02T03:00:00+00:00",
    ),
];

fn jid(chat: &str) -> String {
    match chat {
        "G" => "120363000000000001@g.us".into(),
        c => format!("62812000000{:02}@s.whatsapp.net", c.as_bytes()[0] - b'A'),
    }
}

/// Sent, received and failed messages of the device in `[from, to)`, counted from `messages`.
async fn counted(app: &TestApp, device: &str, from: &str, to: &str) -> Value {
    let count = |cond: &str| {
        format!(
            "SELECT CAST(COUNT(*) AS TEXT) FROM messages WHERE device_id = '{device}' \
             AND message_type NOT IN ('edit', 'revoke', 'reaction') \
             AND timestamp >= '{from}' AND timestamp < '{to}' AND {cond}"
        )
    };
    let mut n = Vec::new();
    for cond in [
        "from_me AND status <> 'failed'",
        "NOT from_me",
        "from_me AND status = 'failed'",
    ] {
        n.push(texts(app, &count(cond)).await[0].parse::<i64>().unwrap());
    }
    json!({"sent": n[0], "received": n[1], "failed": n[2]})
}

fn hour(s: &Value, h: usize) -> Value {
    let r = &s["hourly"][h];
    assert_eq!(r["hour"], h);
    json!({"sent": r["sent"], "received": r["received"], "failed": r["failed"]})
}

async fn counters_follow_inserts_status_changes_and_deletes(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("penghitung").await;
    let device = app.device(user.id, "Hitung").await;
    let mut inserts = Vec::new();
    for (id, chat, from_me, kind, status, at) in ROWS {
        inserts.push(format!(
            "INSERT INTO messages (device_id, message_id, chat_jid, from_me, message_type, \
             status, status_rank, timestamp, created_at, updated_at) VALUES ('{device}', '{id}', \
             '{}', {from_me}, '{kind}', '{status}', 3, '{at}', '{at}', '{at}')",
            jid(chat)
        ));
    }
    let inserts: Vec<&str> = inserts.iter().map(String::as_str).collect();
    exec(&app, &inserts).await;
    exec(
        &app,
        &[
            &format!("UPDATE messages SET status = 'failed' WHERE message_id = 'm4' AND device_id = '{device}'"),
            &format!("DELETE FROM messages WHERE message_id = 'm5' AND device_id = '{device}'"),
        ],
    )
    .await;

    let period = "from=2026-10-01&to=2026-10-03";
    let path = |tz: &str| format!("{DEV}/{device}/statistics?{period}&timeZone={tz}");
    let jakarta = stats(&app, &path("Asia/Jakarta"), &user.token).await;
    let expected = counted(
        &app,
        &device,
        "2026-09-30T17:00:00+00:00",
        "2026-10-03T17:00:00+00:00",
    )
    .await;
    assert_eq!(jakarta["totals"], expected, "{jakarta}");
    assert_eq!(expected, json!({"sent": 2, "received": 4, "failed": 1}));
    assert_eq!(
        hour(&jakarta, 0),
        json!({"sent": 1, "received": 1, "failed": 0})
    );
    assert_eq!(
        hour(&jakarta, 12),
        json!({"sent": 0, "received": 1, "failed": 1})
    );
    assert_eq!(
        hour(&jakarta, 23),
        json!({"sent": 1, "received": 0, "failed": 0})
    );
    assert_eq!(jakarta["daily"][0]["received"], 2, "{jakarta}");
    assert_eq!(jakarta["activeChats"], 4, "{jakarta}");
    // A (900 s), B (120 s), E (deleted, never answered), C (104,340 s); not the group.
    let r = &jakarta["responses"];
    assert_eq!(
        (r["conversations"].as_i64(), r["answered"].as_i64()),
        (Some(4), Some(3)),
        "{r}"
    );
    let median = r["medianFirstResponseSecs"].as_f64().unwrap();
    assert!(
        (795.0..954.0).contains(&median),
        "900 s lies in [795, 954): {r}"
    );

    let kolkata = stats(&app, &path("Asia/Kolkata"), &user.token).await;
    let expected = counted(
        &app,
        &device,
        "2026-09-30T18:30:00+00:00",
        "2026-10-03T18:30:00+00:00",
    )
    .await;
    assert_eq!(kolkata["totals"], expected, "{kolkata}");
    assert_eq!(expected, json!({"sent": 1, "received": 4, "failed": 1}));
    assert_eq!(
        hour(&kolkata, 10),
        json!({"sent": 0, "received": 1, "failed": 1})
    );
    assert_eq!(
        hour(&kolkata, 23),
        json!({"sent": 0, "received": 1, "failed": 0})
    );
    assert_eq!(kolkata["responses"]["conversations"], 4, "{kolkata}");
    for s in [&jakarta, &kolkata] {
        for key in ["sent", "received", "failed"] {
            assert_eq!(sum(&s["daily"], key), s["totals"][key].as_i64().unwrap());
            assert_eq!(sum(&s["hourly"], key), s["totals"][key].as_i64().unwrap());
        }
    }

    // One day only: every conversation read from chat_waits, none from the daily histogram.
    let day = stats(
        &app,
        &format!("{DEV}/{device}/statistics?from=2026-10-01&to=2026-10-01&timeZone=Asia/Jakarta"),
        &user.token,
    )
    .await;
    assert_eq!(day["responses"]["conversations"], 2, "{day}");
    assert_eq!(day["responses"]["answered"], 2, "{day}");

    // The user's and the system's views read the same counters.
    let mine = stats(
        &app,
        &format!("/api/whatsapp-multi-device/user/statistics?{period}&timeZone=Asia/Jakarta"),
        &user.token,
    )
    .await;
    assert_eq!(mine["totals"], jakarta["totals"]);
    assert_eq!(mine["responses"], jakarta["responses"]);
    let admin = app.admin().unwrap();
    let g = stats(
        &app,
        &format!("/api/admin/stats?{period}&timeZone=Asia/Jakarta"),
        admin,
    )
    .await;
    assert_eq!(g["period"]["totals"], jakarta["totals"]);
    assert_eq!(g["period"]["responses"], jakarta["responses"]);
    let all = texts(
        &app,
        "SELECT CAST(COUNT(*) AS TEXT) FROM messages \
         WHERE message_type NOT IN ('edit', 'revoke', 'reaction')",
    )
    .await;
    assert_eq!(g["messages"], all[0].parse::<i64>().unwrap(), "{g}");
    assert_eq!(g["messages"], 8);

    // Back to sent, and the last message of chat C gone: counts follow, and C's conversation
    // stays answered (it was).
    exec(
        &app,
        &[
            &format!("UPDATE messages SET status = 'sent' WHERE message_id = 'm4' AND device_id = '{device}'"),
            &format!("DELETE FROM messages WHERE message_id IN ('m7', 'm9') AND device_id = '{device}'"),
        ],
    )
    .await;
    let after = stats(&app, &path("Asia/Jakarta"), &user.token).await;
    let expected = counted(
        &app,
        &device,
        "2026-09-30T17:00:00+00:00",
        "2026-10-03T17:00:00+00:00",
    )
    .await;
    assert_eq!(after["totals"], expected, "{after}");
    assert_eq!(expected, json!({"sent": 2, "received": 4, "failed": 0}));
    assert_eq!(
        hour(&after, 23),
        json!({"sent": 0, "received": 0, "failed": 0})
    );
    assert_eq!(after["responses"]["answered"], 3);
    let g = stats(&app, "/api/admin/stats", admin).await;
    assert_eq!(g["messages"], 6, "{g}");
}

/// A period reaching now: the chats active since its start come from the per-day counts and the
/// start's own UTC day, the system's total from per-device counts (migration 0021). Checked
/// against counts straight from the messages as chats move between days, lose their latest
/// message, and a device is deleted.
async fn active_chats_and_totals_up_to_now_follow_the_day_counts(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("harian").await;
    let device = app.device(user.id, "Harian").await;
    let other = app.device(user.id, "Lain").await;
    let path = format!("{DEV}/{device}/statistics?days=6&timeZone=Asia/Jakarta");
    let first = stats(&app, &path, &user.token).await;
    let from: chrono::NaiveDate = first["from"].as_str().unwrap().parse().unwrap();
    // Jakarta is UTC+7 all year: the period starts at 17:00 UTC the day before `from`, in the
    // middle of a UTC day.
    let start = (from - chrono::Days::new(1))
        .and_hms_opt(17, 0, 0)
        .unwrap()
        .and_utc();
    let secs = chrono::Duration::seconds;
    let rows = [
        (&device, "a1", "A", start - secs(3_600)),
        (&device, "b1", "B", start - secs(1)),
        (&device, "b2", "B", start + secs(3_600)),
        (&device, "c1", "C", start + secs(8 * 3_600)),
        (&device, "d1", "D", start - secs(3 * 86_400)),
        (&device, "e1", "E", start + secs(3 * 86_400)),
        (&other, "o1", "A", start + secs(86_400)),
        (&other, "o2", "B", start - secs(86_400)),
    ];
    let inserts: Vec<String> = rows
        .iter()
        .map(|(dev, id, chat, at)| {
            let at = at.to_rfc3339();
            format!(
                "INSERT INTO messages (device_id, message_id, chat_jid, from_me, message_type, \
                 status, status_rank, timestamp, created_at, updated_at) VALUES ('{dev}', '{id}', \
                 '{}', FALSE, 'text', 'received', 3, '{at}', '{at}', '{at}')",
                jid(chat)
            )
        })
        .collect();
    exec(
        &app,
        &inserts.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .await;

    let raw = |dev: &str| {
        format!(
            "SELECT CAST(COUNT(DISTINCT chat_jid) AS TEXT) FROM messages WHERE device_id = '{dev}' \
             AND message_type NOT IN ('edit', 'revoke', 'reaction') AND timestamp >= '{}'",
            start.to_rfc3339()
        )
    };
    let admin = app.admin().unwrap();
    let total = "SELECT CAST(COUNT(*) AS TEXT) FROM messages \
                 WHERE message_type NOT IN ('edit', 'revoke', 'reaction')";
    let check = |expected: i64| {
        let (app, path, raw, user) = (&app, &path, raw(&device), &user);
        async move {
            let s = stats(app, path, &user.token).await;
            assert_eq!(s["activeChats"], expected, "{s}");
            assert_eq!(texts(app, &raw).await[0], expected.to_string());
            let g = stats(app, "/api/admin/stats?days=6&timeZone=Asia/Jakarta", admin).await;
            assert_eq!(
                g["messages"],
                texts(app, total).await[0].parse::<i64>().unwrap()
            );
        }
    };
    // B (its latest just after the start), C, E.
    check(3).await;
    let mine = stats(
        &app,
        "/api/whatsapp-multi-device/user/statistics?days=6&timeZone=Asia/Jakarta",
        &user.token,
    )
    .await;
    assert_eq!(mine["activeChats"], 4, "and A of the other device: {mine}");

    // B's latest message gone: its latest time falls back before the start.
    let del = format!("DELETE FROM messages WHERE device_id = '{device}' AND message_id = 'b2'");
    exec(&app, &[&del]).await;
    check(2).await;
    // D written again today moves from its old day to today's.
    let now = chrono::Utc::now().to_rfc3339();
    exec(
        &app,
        &[&format!(
            "INSERT INTO messages (device_id, message_id, chat_jid, from_me, message_type, \
             status, status_rank, timestamp, created_at, updated_at) VALUES ('{device}', 'd2', \
             '{}', TRUE, 'text', 'sent', 1, '{now}', '{now}', '{now}')",
            jid("D")
        )],
    )
    .await;
    check(3).await;

    // A deleted device leaves the system's total.
    let r = app.delete(&format!("{DEV}/{other}"), Some(admin)).await;
    assert!(r.status.is_success(), "{}", r.status);
    check(3).await;
    let g = stats(&app, "/api/admin/stats", admin).await;
    assert_eq!(g["messages"], 6, "{g}");
}
