//! Exports over HTTP: files with a name, JSON and CSV, the filters, and ownership (a user's
//! export holds their own devices' messages only).

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    exports_are_files_with_filters_and_owners,
    exports_refuse_bad_input
);

const DEV: &str = "/api/whatsapp-multi-device/devices";

async fn download(app: &TestApp, path: &str, token: &str) -> (String, String, String) {
    let r = app.get(path, Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    let header = |name: &str| {
        r.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let text = match &r.body {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    (header("content-type"), header("content-disposition"), text)
}

async fn exports_are_files_with_filters_and_owners(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("ekspor").await;
    let device = app.device(user.id, "Toko").await;
    app.link(&device).await;
    for text in ["=1+1 halo", "apa kabar, kak?"] {
        app.post(
            &format!("/api/sim/devices/{device}/inbound"),
            app.admin(),
            json!({"from": "081200000001", "text": text}),
        )
        .await;
    }
    let r = app
        .post(
            &format!("{DEV}/{device}/send-message"),
            Some(&user.token),
            json!({"phone": "081200000001", "message": "Baik"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    wait_for(10, "three messages exported", || async {
        let (_, _, body) = download(&app, "/api/export/messages", &user.token).await;
        let rows: Value = serde_json::from_str(&body).unwrap();
        (rows.as_array().unwrap().len() == 3).then_some(())
    })
    .await;

    let (ct, cd, body) = download(&app, "/api/export/messages?format=csv", &user.token).await;
    assert!(ct.starts_with("text/csv"), "{ct}");
    assert!(
        cd.starts_with("attachment; filename=\"gerbang-messages-") && cd.ends_with(".csv\""),
        "{cd}"
    );
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert_eq!(&headers[8], "body");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 3);
    let bodies: Vec<&str> = records.iter().map(|r| &r[8]).collect();
    // A formula a contact wrote stays text in a spreadsheet; commas survive quoting.
    assert!(bodies.contains(&"'=1+1 halo"), "{bodies:?}");
    assert!(bodies.contains(&"apa kabar, kak?"));

    let (ct, cd, body) = download(&app, "/api/export/messages?direction=in", &user.token).await;
    assert_eq!(ct, "application/json");
    assert!(cd.ends_with(".json\""), "{cd}");
    let rows: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    assert!(rows
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["fromMe"] == false));
    let (_, _, body) = download(
        &app,
        "/api/admin/export/messages?startDate=2020-01-01&endDate=2020-12-31",
        &user.token,
    )
    .await;
    assert_eq!(body.trim(), "[]");

    // Someone else's export has none of these; their device filter on ours is refused.
    let other = app.user("tetangga").await;
    let (_, _, body) = download(&app, "/api/export/messages", &other.token).await;
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), json!([]));
    let r = app
        .get(
            &format!("/api/export/messages?deviceId={device}"),
            Some(&other.token),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (_, _, body) = download(&app, "/api/export/devices", &other.token).await;
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), json!([]));
    let (_, _, body) = download(&app, "/api/export/devices?format=csv", &user.token).await;
    assert_eq!(body.lines().count(), 2, "{body}");
    assert!(body.contains(&device));

    // Administrators: everyone, and the audit log records each export.
    let admin = app.admin().unwrap();
    let (_, _, body) = download(&app, "/api/export/messages", admin).await;
    assert_eq!(
        serde_json::from_str::<Value>(&body)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let (_, _, body) = download(&app, "/api/export/users?format=csv", admin).await;
    assert!(
        body.contains("ekspor") && body.contains("tetangga"),
        "{body}"
    );
    let (_, cd, body) =
        download(&app, "/api/admin/export/logs?action=export.messages", admin).await;
    assert!(cd.contains("gerbang-audit-logs-"), "{cd}");
    let entries: Value = serde_json::from_str(&body).unwrap();
    assert!(entries.as_array().unwrap().len() >= 4, "{entries}");
    assert!(entries
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["action"] == "export.messages"));
}

async fn exports_refuse_bad_input(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("salah").await;
    for (query, field) in [
        ("format=xml", "format"),
        ("from=kemarin", "from"),
        ("from=2026-02-01&to=2026-01-01", "from"),
        ("direction=sideways", "direction"),
        ("status=lost", "status"),
        ("userId=1", "userId"),
    ] {
        let r = app
            .get(&format!("/api/export/messages?{query}"), Some(&user.token))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}: {}", r.body);
        assert!(r.field(field).is_some(), "{query}: {}", r.body);
    }
    for path in [
        "/api/export/users",
        "/api/export/audit-logs",
        "/api/admin/export/logs",
    ] {
        let r = app.get(path, Some(&user.token)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    let r = app
        .get("/api/export/messages?deviceId=nope", Some(&user.token))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .get("/api/export/devices?status=asleep", app.admin())
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.field("status").is_some());
}
