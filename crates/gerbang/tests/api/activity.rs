//! Signing out revokes the session's refresh-token family; the activity log shows a user's own
//! actions and connections; administrators page through every device's messages, users and API keys through their own.

use reqwest::StatusCode;
use serde_json::json;

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    logout_revokes_the_refresh_family,
    activity_shows_own_actions_and_connections,
    admin_messages_page_by_cursor_with_filters,
    profile_photo_is_an_image_of_one_user
);

async fn logout_revokes_the_refresh_family(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("keluar").await;
    let other = app.user("lain").await;
    // One refresh first: the family now has a spent token and a live one.
    let r = app
        .post(
            "/api/auth/refresh-token",
            None,
            json!({"refreshToken": user.refresh_token}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let live = r.data()["refreshToken"].as_str().unwrap().to_string();

    // Someone else's token is refused and stays usable.
    let r = app
        .post(
            "/api/auth/logout",
            Some(&user.token),
            json!({"refreshToken": other.refresh_token}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("refreshToken").is_some());

    let r = app
        .post(
            "/api/auth/logout",
            Some(&user.token),
            json!({"refreshToken": live}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["loggedOut"], true);
    let r = app
        .post(
            "/api/auth/refresh-token",
            None,
            json!({"refreshToken": live}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    let r = app
        .post(
            "/api/auth/refresh-token",
            None,
            json!({"refreshToken": other.refresh_token}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .post("/api/auth/logout", Some(&user.token), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

async fn activity_shows_own_actions_and_connections(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("aktif").await;
    let device = app.device(user.id, "HP").await;
    app.link(&device).await;
    let r = app.get("/api/export/devices", Some(&user.token)).await;
    assert_eq!(r.status, StatusCode::OK);
    let a = app.get("/api/auth/activity", Some(&user.token)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.data()["actions"][0]["action"], "export.devices");
    let connections = a.data()["connections"].as_array().unwrap();
    assert_eq!(connections[0]["status"], "connected", "{}", a.body);
    assert!(connections.iter().all(|c| c["deviceId"] == device.as_str()));
    // Another user sees none of it.
    let other = app.user("pasif").await;
    let a = app.get("/api/auth/activity", Some(&other.token)).await;
    assert_eq!(a.data()["actions"], json!([]));
    assert_eq!(a.data()["connections"], json!([]));
    let r = app
        .get("/api/auth/activity?limit=0", Some(&other.token))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.field("limit").is_some());
}

async fn admin_messages_page_by_cursor_with_filters(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("pesan").await;
    let device = app.device(user.id, "Toko").await;
    app.link(&device).await;
    for text in ["satu", "dua"] {
        app.post(
            &format!("/api/sim/devices/{device}/inbound"),
            app.admin(),
            json!({"from": "081200000001", "text": text}),
        )
        .await;
    }
    let r = app
        .post(
            &format!("/api/whatsapp-multi-device/devices/{device}/send-message"),
            Some(&user.token),
            json!({"phone": "081200000001", "message": "tiga"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let admin = app.admin();
    wait_for(10, "three messages listed", || async {
        let r = app.get("/api/admin/messages", admin).await;
        (r.data()["items"].as_array().unwrap().len() == 3).then_some(())
    })
    .await;

    let mut seen = Vec::new();
    let mut path = "/api/admin/messages?limit=2".to_string();
    loop {
        let r = app.get(&path, admin).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        for m in r.data()["items"].as_array().unwrap() {
            seen.push(m["id"].as_i64().unwrap());
        }
        match r.data()["nextBefore"].as_i64() {
            Some(before) => path = format!("/api/admin/messages?limit=2&before={before}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 3);
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first: {seen:?}"
    );

    let r = app
        .get(
            &format!("/api/admin/messages?direction=in&deviceId={device}"),
            admin,
        )
        .await;
    assert_eq!(r.data()["items"].as_array().unwrap().len(), 2);
    let r = app
        .get(
            &format!("/api/admin/messages?userId={}&status=sent", user.id + 100),
            admin,
        )
        .await;
    assert_eq!(r.data()["items"], json!([]));
    for (q, field) in [
        ("direction=x", "direction"),
        ("limit=500", "limit"),
        ("from=x", "from"),
        ("status=x", "status"),
    ] {
        let r = app.get(&format!("/api/admin/messages?{q}"), admin).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}");
        assert!(r.field(field).is_some(), "{q}: {}", r.body);
    }

    // The same log for its owner and its API key, searched by text; nobody else's.
    const LOG: &str = "/api/whatsapp-multi-device/messages";
    let (key, _) = app.api_key(&device).await;
    for token in [user.token.as_str(), key.as_str()] {
        let r = app.get(&format!("{LOG}?q=DU"), Some(token)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let items = r.data()["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{}", r.body);
        assert_eq!(items[0]["body"], "dua");
        let r = app.get(&format!("{LOG}?direction=out"), Some(token)).await;
        assert_eq!(r.data()["items"][0]["body"], "tiga");
    }
    let r = app.get(&format!("{LOG}?q=100%25"), Some(&user.token)).await;
    assert_eq!(
        r.data()["items"],
        json!([]),
        "% is a letter, not a wildcard"
    );
    let other = app.user("lain").await;
    let r = app.get(LOG, Some(&other.token)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.data()["items"], json!([]), "another user's log is empty");
    let r = app
        .get(&format!("{LOG}?deviceId={device}"), Some(&other.token))
        .await;
    assert!(
        r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND,
        "{}",
        r.body
    );
    let r = app
        .get(&format!("{LOG}?userId={}", user.id), Some(&other.token))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app
        .get("/api/admin/messages?deviceId=tidak-ada", admin)
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "an unknown device: {}",
        r.body
    );
    let r = app.get(&format!("{LOG}?q=tiga"), admin).await;
    assert_eq!(
        r.data()["items"].as_array().unwrap().len(),
        1,
        "admins search everyone's"
    );
}

async fn upload(
    app: &TestApp,
    token: &str,
    part: &str,
    bytes: Vec<u8>,
) -> (StatusCode, serde_json::Value) {
    let form = reqwest::multipart::Form::new().part(
        part.to_string(),
        reqwest::multipart::Part::bytes(bytes)
            .file_name("me.png")
            .mime_str("image/png")
            .unwrap(),
    );
    let r = app
        .client
        .post(format!("{}/api/auth/profile/photo", app.base))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

async fn profile_photo_is_an_image_of_one_user(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("foto").await;
    let other = app.user("tanpafoto").await;
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&[7u8; 500]);
    let (status, body) = upload(&app, &user.token, "photo", png.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["mime"], "image/png");
    assert_eq!(body["data"]["size"], png.len());
    let r = app
        .client
        .get(format!("{}/api/auth/profile/photo", app.base))
        .bearer_auth(&user.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.bytes().await.unwrap().to_vec(), png);
    let r = app.get("/api/auth/profile/photo", Some(&other.token)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Not an image, whatever it claims; too big; no photo part: refused, the photo unchanged.
    let (status, body) = upload(
        &app,
        &user.token,
        "photo",
        b"<svg onload=alert(1)>".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"]["fields"]["photo"].is_string(), "{body}");
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    // Just over the 1 MiB limit: the whole body fits the loopback socket's buffers, so the
    // client has sent it before the early 413 closes the connection (with 2 MiB the client was
    // sometimes still writing and saw the connection end instead of the answer).
    big.resize(1024 * 1024 + 64 * 1024, 0);
    let (status, _) = upload(&app, &user.token, "photo", big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, body) = upload(&app, &user.token, "avatar", png.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let r = app
        .client
        .get(format!("{}/api/auth/profile/photo", app.base))
        .bearer_auth(&user.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.bytes().await.unwrap().to_vec(), png);
}
