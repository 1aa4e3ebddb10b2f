//! Statistics over real traffic on the simulated network: a reply, an unanswered contact and a
//! failed send, read back per device, per user, system-wide, and as a device's health.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    statistics_count_traffic_per_device_and_user,
    statistics_refuse_bad_periods,
    admin_views_cover_the_system
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
