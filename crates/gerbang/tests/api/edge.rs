//! Input refused at the edge, the same on both databases: U+0000 in any text, bodies over the
//! limit, numbers that are not numbers; and answers that must not be cached.

use reqwest::StatusCode;
use serde_json::json;

use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(
    nul_is_refused_with_the_field_named,
    send_message_keeps_the_json_body_limit,
    a_phone_with_a_leading_sign_is_refused,
    token_answers_are_not_cached,
    page_sizes_outside_the_documented_range_are_refused,
    nul_is_refused_in_dashboard_forms_and_socket_requests,
);

const DEV: &str = "/api/whatsapp-multi-device/devices";

/// PostgreSQL cannot store U+0000 in text; it used to answer 500 on these routes.
async fn nul_is_refused_with_the_field_named(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("nul").await;
    let device = app.device(owner.id, "Nul").await;
    let admin = app.admin();
    let tok = Some(owner.token.as_str());
    let nul = "a\u{0}b";
    let cases = [
        // Anonymous.
        (
            "/api/auth/login".to_string(),
            None,
            json!({"login": nul, "password": "x"}),
            "login",
        ),
        (
            "/api/auth/register".into(),
            None,
            json!({"username": "nul2", "email": "nul2@x.id", "password": "password123", "fullName": nul}),
            "fullName",
        ),
        (
            "/api/auth/refresh-token".into(),
            None,
            json!({"refreshToken": nul}),
            "refreshToken",
        ),
        (
            format!("{DEV}/{device}/send-message"),
            tok,
            json!({"phone": "081234567890", "message": nul}),
            "message",
        ),
        (
            "/api/whatsapp-multi-device/contacts".into(),
            tok,
            json!({"name": "Sari", "phone": "081234567890", "fields": {"kota": nul}}),
            "fields.kota",
        ),
        (
            "/api/whatsapp-multi-device/contact-categories".into(),
            tok,
            json!({"name": nul}),
            "name",
        ),
        (
            format!("{DEV}/{device}/jobs/send-text"),
            tok,
            json!({"recipients": ["081234567890", nul], "message": "Halo"}),
            "recipients[1]",
        ),
        (
            "/api/admin/users".into(),
            admin,
            json!({"username": "x1", "email": "x1@x.id", "password": "password123", "fullName": nul}),
            "fullName",
        ),
        (
            format!("{DEV}/{device}/api-keys"),
            admin,
            json!({"name": nul}),
            "name",
        ),
    ];
    for (path, token, body, field) in cases {
        let r = app.post(&path, token, body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
        assert_eq!(r.code(), "validation_failed", "{path}");
        assert!(
            r.field(field).is_some_and(|m| m.contains("U+0000")),
            "{path}: the field {field} is named: {}",
            r.body
        );
    }
    // Updates (PUT) and query strings go through the same extractors.
    let r = app
        .put("/api/auth/profile", tok, json!({"fullName": nul}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("fullName").is_some());
    let r = app
        .get("/api/whatsapp-multi-device/contacts?search=a%00b", tok)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("search").is_some(), "{}", r.body);
    let r = app.get("/api/admin/users?search=%00", admin).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("search").is_some(), "{}", r.body);
    // A path parameter too.
    let r = app
        .get("/api/whatsapp-multi-device/devices/dev%00ice", tok)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("deviceId").is_some(), "{}", r.body);
    // A multipart text part.
    let form = reqwest::multipart::Form::new()
        .text("phone", "081234567890")
        .text("caption", nul.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"hello".to_vec()).file_name("a.txt"),
        );
    let res = app
        .client
        .post(format!("{}{DEV}/{device}/send-media", app.base))
        .bearer_auth(&owner.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body["error"]["fields"]["caption"].is_string(), "{body}");

    // Nothing was stored, and the escaped text `\u0000` (a backslash, not NUL) is fine.
    let contacts = app.get("/api/whatsapp-multi-device/contacts", tok).await;
    assert_eq!(contacts.data()["total"], 0, "{}", contacts.body);
    let ok = app
        .post(
            "/api/whatsapp-multi-device/contact-categories",
            tok,
            json!({"name": "back\\u0000slash"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    assert_eq!(ok.data()["name"], "back\\u0000slash");
    let login = app.login("admin", crate::harness::ADMIN_PASSWORD).await;
    assert_eq!(
        login.status,
        StatusCode::OK,
        "the server is fine afterwards"
    );
}

/// The 100 MiB media limit belongs to the multipart upload, not to every JSON route beside it.
async fn send_message_keeps_the_json_body_limit(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("besar").await;
    let device = app.device(owner.id, "Besar").await;
    let big = "x".repeat(2 * 1024 * 1024);
    for (route, body) in [
        (
            "send-message",
            json!({"phone": "081234567890", "message": big}),
        ),
        (
            "send-media",
            json!({"phone": "081234567890", "url": format!("http://example.com/{big}")}),
        ),
    ] {
        let r = app
            .post(&format!("{DEV}/{device}/{route}"), Some(&owner.token), body)
            .await;
        assert_eq!(
            r.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{route}: {}",
            r.body
        );
        assert_eq!(r.code(), "payload_too_large");
    }
}

async fn a_phone_with_a_leading_sign_is_refused(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("tanda").await;
    let device = app.device(owner.id, "Tanda").await;
    let tok = Some(owner.token.as_str());
    for phone in ["-6281234567890", "+-6281234567890", "6281234567890-"] {
        let r = app
            .post(
                "/api/whatsapp-multi-device/contacts",
                tok,
                json!({"name": "Sari", "phone": phone}),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{phone}: {}", r.body);
        assert!(r.field("phone").is_some(), "{}", r.body);
        let r = app
            .post(
                &format!("{DEV}/{device}/send-message"),
                tok,
                json!({"phone": phone, "message": "Halo"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{phone}: {}", r.body);
    }
    let contacts = app.get("/api/whatsapp-multi-device/contacts", tok).await;
    assert_eq!(contacts.data()["total"], 0);
}

/// RFC 6749 §5.1: answers with tokens say `Cache-Control: no-store`.
async fn token_answers_are_not_cached(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("cache").await;
    let no_store = |r: &crate::harness::Reply| {
        r.headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("no-store"))
    };
    let login = app.login("cache", &user.password).await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(no_store(&login), "login: {:?}", login.headers);
    let refreshed = app
        .post(
            "/api/auth/refresh-token",
            None,
            json!({"refreshToken": login.data()["refreshToken"]}),
        )
        .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.body);
    assert!(no_store(&refreshed), "refresh: {:?}", refreshed.headers);
    let changed = app
        .post(
            "/api/auth/change-password",
            Some(refreshed.data()["token"].as_str().unwrap()),
            json!({"currentPassword": user.password, "newPassword": "another-password-1"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert!(no_store(&changed), "change-password");
    let device = app.device(user.id, "Kunci").await;
    let key = app
        .post(
            &format!("{DEV}/{device}/api-keys"),
            app.admin(),
            json!({"name": "k"}),
        )
        .await;
    assert_eq!(key.status, StatusCode::CREATED);
    assert!(no_store(&key), "a new API key");
    let hook = app
        .post(
            &format!("{DEV}/{device}/webhooks"),
            app.admin(),
            json!({"url": "https://example.com/hook", "active": false}),
        )
        .await;
    assert_eq!(hook.status, StatusCode::CREATED, "{}", hook.body);
    assert!(no_store(&hook), "a new webhook's secret");
}

/// The document says `perPage` is 1 to 100 and `limit` 1 to 200; the server holds to it.
async fn page_sizes_outside_the_documented_range_are_refused(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("halaman").await;
    let device = app.device(owner.id, "Halaman").await;
    let doc = app.get("/api/openapi.json", None).await.body;
    let users = &doc["paths"]["/api/admin/users"]["get"]["parameters"];
    let per_page = users
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "perPage")
        .unwrap();
    assert_eq!(per_page["schema"]["maximum"], 100, "{per_page}");
    for (path, field) in [
        ("/api/admin/users?perPage=101".to_string(), "perPage"),
        ("/api/admin/users?perPage=0".into(), "perPage"),
        ("/api/admin/users?page=0".into(), "page"),
        ("/api/admin/logs?perPage=1000".into(), "perPage"),
        (
            "/api/whatsapp-multi-device/contacts?perPage=101".into(),
            "perPage",
        ),
        (format!("{DEV}/{device}/chats?limit=201"), "limit"),
        (format!("{DEV}/{device}/chats?offset=-1"), "offset"),
    ] {
        let r = app.get(&path, app.admin()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}: {}", r.body);
        assert!(r.field(field).is_some(), "{path}: {}", r.body);
    }
    let r = app.get("/api/admin/users?perPage=100", app.admin()).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.data()["perPage"], 100);
}

/// The dashboard's forms and the WebSocket's requests refuse U+0000 as the JSON routes do.
async fn nul_is_refused_in_dashboard_forms_and_socket_requests(b: Backend) {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message as Frame;

    let app = TestApp::spawn(b).await;
    for path in ["/login", "/register"] {
        let res = app
            .client
            .post(format!("{}{path}", app.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("login=a%00b&password=x&username=a%00b")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path}");
    }
    let url = format!(
        "{}/api/ws?token={}",
        app.base.replace("http://", "ws://"),
        app.admin_token
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let hello = ws.next().await.unwrap().unwrap();
    assert!(hello.to_text().unwrap().contains("connected"), "{hello}");
    ws.send(Frame::text(
        r#"{"type": "chat:get-list", "deviceId": "a\u0000b"}"#,
    ))
    .await
    .unwrap();
    let answer = tokio::time::timeout(std::time::Duration::from_secs(10), ws.next())
        .await
        .expect("an answer")
        .unwrap()
        .unwrap();
    let answer: serde_json::Value = serde_json::from_str(answer.to_text().unwrap()).unwrap();
    assert_eq!(answer["type"], "error", "{answer}");
    assert_eq!(answer["code"], "validation_failed", "{answer}");
    let login = app.login("admin", crate::harness::ADMIN_PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK);
}
