//! Holes found by probing as an attacker would: self-service password resets, media of other
//! devices, special-purpose addresses, the simulator's account list; and messages that
//! contradicted themselves.

use reqwest::StatusCode;
use serde_json::json;

use crate::db_tests;
use crate::harness::{Backend, TestApp, ADMIN_PASSWORD};
use crate::messaging::send_media;

db_tests!(
    an_admin_resets_only_other_peoples_passwords,
    media_is_served_only_to_a_device_that_has_it_with_its_type,
    special_purpose_addresses_are_refused_before_connecting,
    simulator_accounts_are_for_admins,
    messages_say_what_is_true,
);

const DEV: &str = "/api/whatsapp-multi-device/devices";

/// A stolen access token must not turn into a permanent takeover.
async fn an_admin_resets_only_other_peoples_passwords(b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = app.login("admin", ADMIN_PASSWORD).await.data()["user"]["id"]
        .as_i64()
        .unwrap();
    let r = app
        .put(
            &format!("/api/admin/users/{me}"),
            app.admin(),
            json!({"password": "taken-over-123", "fullName": "Changed"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r
        .field("password")
        .is_some_and(|m| m.contains("change-password")));
    assert_eq!(
        app.login("admin", "taken-over-123").await.status,
        StatusCode::UNAUTHORIZED
    );
    let still = app.login("admin", ADMIN_PASSWORD).await;
    assert_eq!(still.status, StatusCode::OK, "the password is unchanged");
    assert_ne!(
        still.data()["user"]["fullName"],
        "Changed",
        "a refused update changes nothing"
    );
    // Another user's password: still the administrator's to reset.
    let budi = app.user("budi").await;
    let r = app
        .put(
            &format!("/api/admin/users/{}", budi.id),
            app.admin(),
            json!({"password": "reset-by-admin-1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.login("budi", "reset-by-admin-1").await.status,
        StatusCode::OK
    );
}

/// Files are stored once per content: a hash alone must not open another device's file.
async fn media_is_served_only_to_a_device_that_has_it_with_its_type(b: Backend) {
    let app = TestApp::spawn(b).await;
    let sari = app.user("sari").await;
    let budi = app.user("budi").await;
    let hers = app.device(sari.id, "Sari").await;
    let his = app.device(budi.id, "Budi").await;
    app.link(&hers).await;
    // A JPEG (by its magic number) sent twice: once typed, once as bare bytes with no name.
    let jpeg: Vec<u8> = [
        &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10][..],
        b"JFIF\0",
        &[7u8; 64],
    ]
    .concat();
    let typed = reqwest::multipart::Form::new()
        .text("phone", "6281234567890")
        .text("type", "image")
        .part(
            "file",
            reqwest::multipart::Part::bytes(jpeg.clone())
                .file_name("foto.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        );
    let (status, body) = send_media(&app, &hers, typed, &sari.token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut bare_bytes = jpeg.clone();
    bare_bytes.push(1); // another file (another hash)
    let bare = reqwest::multipart::Form::new()
        .text("phone", "6281234567890")
        .text("type", "document")
        .part(
            "file",
            reqwest::multipart::Part::bytes(bare_bytes)
                .mime_str("application/octet-stream")
                .unwrap(),
        );
    let (status, body2) = send_media(&app, &hers, bare, &sari.token).await;
    assert_eq!(status, StatusCode::OK, "{body2}");

    let history = app
        .get(
            &format!("{DEV}/{hers}/chat-history/6281234567890@s.whatsapp.net"),
            Some(&sari.token),
        )
        .await;
    let shas: Vec<String> = history.data()["messages"]
        .as_array()
        .or_else(|| history.data().as_array())
        .unwrap()
        .iter()
        .filter_map(|m| m["media"]["sha256"].as_str().map(str::to_string))
        .collect();
    assert_eq!(shas.len(), 2, "{}", history.body);
    for sha in &shas {
        let mine = app
            .client
            .get(format!("{}{DEV}/{hers}/media/{sha}", app.base))
            .bearer_auth(&sari.token)
            .send()
            .await
            .unwrap();
        assert_eq!(mine.status(), StatusCode::OK);
        assert_eq!(
            mine.headers()["content-type"],
            "image/jpeg",
            "the stored type, or the sniffed one when the sender said octet-stream"
        );
        // Budi's own device has no message with that file.
        let theirs = app
            .client
            .get(format!("{}{DEV}/{his}/media/{sha}", app.base))
            .bearer_auth(&budi.token)
            .send()
            .await
            .unwrap();
        assert_eq!(theirs.status(), StatusCode::NOT_FOUND, "{sha}");
        // Nor does an admin looking through Budi's device.
        let admin = app
            .client
            .get(format!(
                "{}{DEV}/{his}/media/{}",
                app.base,
                sha.to_uppercase()
            ))
            .bearer_auth(&app.admin_token)
            .send()
            .await
            .unwrap();
        assert_eq!(admin.status(), StatusCode::NOT_FOUND);
    }
}

/// IANA's special-purpose blocks (198.18.0.0/15, NAT64, 6to4, IPv4-compatible and -mapped
/// forms) are refused for webhooks and media alike, before any connection: a loopback listener
/// stands in for the internal service and must see no connection at all.
async fn special_purpose_addresses_are_refused_before_connecting(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("ssrf").await;
    let device = app.device(owner.id, "Ssrf").await;
    let tok = Some(owner.token.as_str());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();

    // Webhooks are validated when saved; these are inactive so nothing would ever be sent.
    for url in [
        "http://198.18.0.1/hook",
        "http://198.19.255.254/hook",
        "http://[64:ff9b::c612:1]/hook",
        "http://[2002:c612:1::1]/hook",
        "http://[::c612:1]/hook",
        "http://[::ffff:198.18.0.1]/hook",
        "http://[100::1]/hook",
        "http://192.0.0.170/hook",
    ] {
        let r = app
            .post(
                &format!("{DEV}/{device}/webhooks"),
                tok,
                json!({"url": url, "active": false}),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{url}: {}", r.body);
        assert!(r.field("url").is_some(), "{url}: {}", r.body);
    }
    // Media by URL, in every form that reaches the loopback listener.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("[::ffff:127.0.0.1]:{port}"),
        format!("[::ffff:7f00:1]:{port}"),
        format!("localhost:{port}"),
    ] {
        let url = format!("http://{host}/a.png");
        let r = app
            .post(
                &format!("{DEV}/{device}/send-media"),
                tok,
                json!({"phone": "081234567890", "url": url}),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{url}: {}", r.body);
        assert!(r.field("url").is_some(), "{url}: {}", r.body);
        let r = app
            .post(
                &format!("{DEV}/{device}/jobs/send-media"),
                tok,
                json!({"recipients": ["081234567890"], "url": url}),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "job {url}: {}", r.body);
    }
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "no connection reached the listener"
    );
}

async fn simulator_accounts_are_for_admins(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("penasaran").await;
    let r = app.get("/api/sim/accounts", Some(&user.token)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app.get("/api/sim/accounts", app.admin()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn messages_say_what_is_true(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("jelas").await;
    let device = app.device(owner.id, "Jelas").await;
    let (key, _) = app.api_key(&device).await;
    let r = app
        .post(
            &format!("{DEV}/{device}/webhooks"),
            Some(&key),
            json!({"url": "https://example.com/hook", "active": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let message = r.body["error"]["message"].as_str().unwrap();
    assert!(message.contains("cannot manage webhooks"), "{message}");
    let r = app
        .get("/api/whatsapp-multi-device/contacts", Some(&key))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        !r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("its own device's routes"),
        "no talk of the key's own device where that is not the point: {}",
        r.body
    );

    app.link(&device).await;
    let r = app
        .get(&format!("{DEV}/{device}/qr"), Some(&owner.token))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let message = r.body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("connected") && !message.contains("connect it"),
        "{message}"
    );
}
