use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(
    health_reports_database,
    malformed_requests_get_clear_4xx,
    request_ids_are_returned_and_kept,
    cors_follows_configuration,
    auth_routes_are_rate_limited,
    global_rate_limit_applies_per_client,
    garbage_never_causes_a_5xx,
);

async fn health_reports_database(b: Backend) {
    let app = TestApp::spawn(b).await;
    let r = app.get("/api/health", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["status"], "OK");
    assert_eq!(r.body["database"], "ok");
    let backend = if b == Backend::Sqlite {
        "sqlite"
    } else {
        "postgres"
    };
    assert_eq!(r.body["backend"], backend);
    assert!(r.body["timestamp"].is_string());
}

async fn malformed_requests_get_clear_4xx(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.max_body_bytes = 4096).await;
    let url = format!("{}/api/admin/users", app.base);
    let send = |body: String, ct: Option<&'static str>| {
        let mut req = app
            .client
            .post(&url)
            .bearer_auth(&app.admin_token)
            .body(body);
        if let Some(ct) = ct {
            req = req.header("content-type", ct);
        }
        async move {
            let res = req.send().await.unwrap();
            let status = res.status();
            (status, res.json::<Value>().await.unwrap())
        }
    };
    let (s, body) = send("{\"username\": ".into(), Some("application/json")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "malformed_json");
    let (s, body) = send("{}".into(), Some("text/plain")).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["error"]["code"], "unsupported_media_type");
    let (s, _) = send("{}".into(), None).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let big = json!({"username": "a".repeat(10_000)}).to_string();
    let (s, body) = send(big, Some("application/json")).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error"]["code"], "payload_too_large");
    let (s, body) = send("[1, 2]".into(), Some("application/json; charset=utf-8")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");

    let r = app.get("/api/no-such-route", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.code(), "not_found");
    let r = app
        .request(Method::PATCH, "/api/auth/login", None, None)
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.code(), "method_not_allowed");
    assert_eq!(
        app.get("/api/admin/users", app.admin()).await.data()["total"],
        1,
        "nothing created"
    );
}

async fn request_ids_are_returned_and_kept(b: Backend) {
    let app = TestApp::spawn(b).await;
    let r = app.get("/api/health", None).await;
    let id = r.headers.get("x-request-id").unwrap().to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let res = app
        .client
        .get(format!("{}/api/nope", app.base))
        .header("x-request-id", "client-chosen-42")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "client-chosen-42");
}

async fn cors_follows_configuration(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.cors_origins = "https://dasbor.example.id".into()).await;
    let preflight = |origin: &'static str| {
        app.client
            .request(Method::OPTIONS, format!("{}/api/auth/login", app.base))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let ok = preflight("https://dasbor.example.id").await.unwrap();
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "https://dasbor.example.id"
    );
    let other = preflight("https://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

async fn auth_routes_are_rate_limited(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.auth_rate_limit_per_minute = 3).await;
    // The harness's own admin login spent one.
    for _ in 0..2 {
        assert_eq!(
            app.login("admin", "wrong-password").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let limited = app.login("admin", "wrong-password").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.code(), "rate_limited");
    let retry: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    // Other routes are not affected by the sign-in limit.
    assert_eq!(
        app.get("/api/auth/profile", app.admin()).await.status,
        StatusCode::OK
    );
}

async fn global_rate_limit_applies_per_client(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.rate_limit_per_minute = 10).await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(app.get("/api/health", None).await.status);
    }
    // 10 per minute, of which the harness used a few while starting.
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    let r = app.get("/api/auth/profile", app.admin()).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers.get("retry-after").is_some());
}

/// Every route that takes a body, fed junk of every shape: never a 5xx (an all-optional update
/// may accept `{}`).
async fn garbage_never_causes_a_5xx(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("korban").await;
    let device = app.device(user.id, "Korban").await;
    let (mcp_key, _) = app.api_key(&device).await;
    let doc = app.get("/api/openapi.json", None).await.body;
    let junk = [
        json!(null),
        json!([1, 2]),
        json!("text"),
        json!(42),
        json!({}),
        json!({"username": 1, "email": [], "password": {}, "deviceName": null, "userId": "x",
               "deviceId": "../../etc", "role": "god", "isActive": "yes", "refreshToken": 5,
               "login": true, "name": "\u{0000}", "language": 1, "fullName": "\u{202e}x"}),
        json!({"username": "ü".repeat(500), "email": "a@b.c".repeat(100), "password": "x".repeat(5000)}),
    ];
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op.get("requestBody").is_none() {
                continue;
            }
            let path = path
                .replace("{userId}", &user.id.to_string())
                .replace("{deviceId}", &device)
                .replace("{keyId}", "1");
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            for body in &junk {
                let r = app
                    .request(method.clone(), &path, app.admin(), Some(body.clone()))
                    .await;
                assert!(
                    !r.status.is_server_error(),
                    "{method} {path} {body}: {} {}",
                    r.status,
                    r.body
                );
                assert_eq!(
                    r.body["success"],
                    r.status.is_success(),
                    "{method} {path}: {}",
                    r.body
                );
                checked += 1;
            }
            // A multipart-only route (a photo upload) answers 415 to any JSON, as it should.
            if op["requestBody"]["content"]
                .get("application/json")
                .is_none()
            {
                continue;
            }
            // `/mcp` admits only a device's API key (a user is refused before the body is
            // read), and its transport wants both of MCP's answer types accepted.
            let raw = app
                .client
                .request(method.clone(), format!("{}{path}", app.base));
            let raw = if path == "/mcp" {
                raw.header("x-api-key", &mcp_key)
                    .header("accept", "application/json, text/event-stream")
            } else {
                raw.bearer_auth(&app.admin_token)
            };
            let raw = raw
                .header("content-type", "application/json")
                .body(vec![0xff, 0xfe, b'{'])
                .send()
                .await
                .unwrap();
            assert_eq!(
                raw.status(),
                StatusCode::BAD_REQUEST,
                "{method} {path} invalid UTF-8"
            );
        }
    }
    assert!(
        checked >= 8 * junk.len(),
        "every JSON route was tried ({checked})"
    );
}
