use reqwest::StatusCode;
use serde_json::json;

use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(
    register_login_profile,
    register_rejects_bad_input_and_duplicates,
    wrong_credentials_look_alike,
    refresh_rotates_and_reuse_revokes_family,
    change_password_ends_other_sessions,
    locked_user_is_shut_out_at_once,
    registration_can_be_disabled,
    token_in_query_string_is_refused,
    sessions_and_data_survive_a_restart,
);

async fn register_login_profile(b: Backend) {
    let app = TestApp::spawn(b).await;
    let budi = app.user("budi").await;
    // Username or email, case-insensitively.
    for login in ["budi", "BUDI@example.id"] {
        let r = app.login(login, &budi.password).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.data()["user"]["role"], "user");
        assert_eq!(r.data()["expiresIn"], 86_400);
        assert!(r.data()["user"].get("passwordHash").is_none());
        assert!(r.data()["user"]["lastLogin"].is_string());
    }
    let p = app.get("/api/auth/profile", Some(&budi.token)).await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(p.data()["username"], "budi");
    assert_eq!(p.data()["fullName"], "User budi");

    let u = app
        .put(
            "/api/auth/profile",
            Some(&budi.token),
            json!({"fullName": "Budi Santoso", "language": "id"}),
        )
        .await;
    assert_eq!(u.status, StatusCode::OK, "{}", u.body);
    assert_eq!(u.data()["fullName"], "Budi Santoso");
    assert_eq!(u.data()["language"], "id");

    let bad = app
        .put(
            "/api/auth/profile",
            Some(&budi.token),
            json!({"language": "fr", "email": "x"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.field("language").is_some() && bad.field("email").is_some());
    let p = app.get("/api/auth/profile", Some(&budi.token)).await;
    assert_eq!(
        p.data()["language"],
        "id",
        "a refused update changes nothing"
    );

    // A user cannot make themself an admin through the profile.
    let r = app
        .put(
            "/api/auth/profile",
            Some(&budi.token),
            json!({"role": "admin"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.data()["role"], "user");
}

async fn register_rejects_bad_input_and_duplicates(b: Backend) {
    let app = TestApp::spawn(b).await;
    let r = app
        .post(
            "/api/auth/register",
            None,
            json!({"username": "x", "email": "nope", "password": "short"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.code(), "validation_failed");
    for f in ["username", "email", "password"] {
        assert!(r.field(f).is_some(), "{f} named: {}", r.body);
    }
    app.user("siti").await;
    let dup = app
        .post(
            "/api/auth/register",
            None,
            json!({"username": "SITI", "email": "other@example.id", "password": "password123"}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert!(dup.field("username").is_some(), "{}", dup.body);
    let dup = app
        .post(
            "/api/auth/register",
            None,
            json!({"username": "siti2", "email": "Siti@Example.id", "password": "password123"}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert!(dup.field("email").is_some(), "{}", dup.body);
    let users = app.get("/api/admin/users", app.admin()).await;
    assert_eq!(
        users.data()["total"],
        2,
        "admin + siti only: {}",
        users.body
    );
}

async fn wrong_credentials_look_alike(b: Backend) {
    let app = TestApp::spawn(b).await;
    app.user("andi").await;
    let wrong = app.login("andi", "not-the-password").await;
    let unknown = app.login("nobody", "not-the-password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.body, unknown.body,
        "no hint whether the account exists"
    );
    assert_eq!(wrong.code(), "invalid_credentials");
    let empty = app.login("", "").await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.field("login").is_some() && empty.field("password").is_some());
}

async fn refresh_rotates_and_reuse_revokes_family(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("dewi").await;
    let first = app
        .post(
            "/api/auth/refresh-token",
            None,
            json!({"refreshToken": user.refresh_token}),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let next = first.data()["refreshToken"].as_str().unwrap().to_string();
    assert_ne!(next, user.refresh_token);
    let token = first.data()["token"].as_str().unwrap();
    assert_eq!(
        app.get("/api/auth/profile", Some(token)).await.status,
        StatusCode::OK
    );

    // The spent token again: refused, and its successor dies with it.
    let reuse = app
        .post(
            "/api/auth/refresh-token",
            None,
            json!({"refreshToken": user.refresh_token}),
        )
        .await;
    assert_eq!(reuse.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reuse.code(), "refresh_token_reused");
    let after = app
        .post(
            "/api/auth/refresh-token",
            None,
            json!({"refreshToken": next}),
        )
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED, "{}", after.body);

    // Another sign-in is another family, untouched.
    let again = app.login("dewi", &user.password).await;
    let other = again.data()["refreshToken"].as_str().unwrap();
    let ok = app
        .post(
            "/api/auth/refresh-token",
            None,
            json!({"refreshToken": other}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);

    let junk = app
        .post(
            "/api/auth/refresh-token",
            None,
            json!({"refreshToken": "junk"}),
        )
        .await;
    assert_eq!(junk.status, StatusCode::UNAUTHORIZED);
    assert_eq!(junk.code(), "invalid_token");
}

async fn change_password_ends_other_sessions(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("rina").await;
    let wrong = app
        .post(
            "/api/auth/change-password",
            Some(&user.token),
            json!({"currentPassword": "wrong-one", "newPassword": "brand-new-pass"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.field("currentPassword").is_some());
    assert_eq!(
        app.login("rina", &user.password).await.status,
        StatusCode::OK,
        "unchanged"
    );

    let ok = app
        .post(
            "/api/auth/change-password",
            Some(&user.token),
            json!({"currentPassword": user.password, "newPassword": "brand-new-pass"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let old = app.get("/api/auth/profile", Some(&user.token)).await;
    assert_eq!(
        old.status,
        StatusCode::UNAUTHORIZED,
        "old access token ends"
    );
    let old_refresh = app
        .post(
            "/api/auth/refresh-token",
            None,
            json!({"refreshToken": user.refresh_token}),
        )
        .await;
    assert_eq!(
        old_refresh.status,
        StatusCode::UNAUTHORIZED,
        "old refresh token ends"
    );
    let new_token = ok.data()["token"].as_str().unwrap();
    assert_eq!(
        app.get("/api/auth/profile", Some(new_token)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.login("rina", &user.password).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("rina", "brand-new-pass").await.status,
        StatusCode::OK
    );
}

async fn locked_user_is_shut_out_at_once(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("joko").await;
    let path = format!("/api/admin/users/{}", user.id);
    let lock = app
        .put(&path, app.admin(), json!({"isActive": false}))
        .await;
    assert_eq!(lock.status, StatusCode::OK, "{}", lock.body);
    let r = app.get("/api/auth/profile", Some(&user.token)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.code(), "account_locked");
    let l = app.login("joko", &user.password).await;
    assert_eq!(l.code(), "account_locked");
    let rf = app
        .post(
            "/api/auth/refresh-token",
            None,
            json!({"refreshToken": user.refresh_token}),
        )
        .await;
    assert_eq!(rf.status, StatusCode::UNAUTHORIZED);
    // A wrong password on a locked account says only "wrong credentials".
    assert_eq!(
        app.login("joko", "guessing-123").await.code(),
        "invalid_credentials"
    );

    app.put(&path, app.admin(), json!({"isActive": true})).await;
    assert_eq!(
        app.get("/api/auth/profile", Some(&user.token)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.login("joko", &user.password).await.status,
        StatusCode::OK
    );
}

async fn registration_can_be_disabled(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.registration_enabled = false).await;
    let r = app
        .post(
            "/api/auth/register",
            None,
            json!({"username": "wati", "email": "wati@example.id", "password": "password123"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Admins still create users.
    let c = app
        .post(
            "/api/admin/users",
            app.admin(),
            json!({"username": "wati", "email": "wati@example.id", "password": "password123"}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
}

async fn token_in_query_string_is_refused(b: Backend) {
    let app = TestApp::spawn(b).await;
    let r = app
        .get(
            &format!("/api/auth/profile?token={}", app.admin_token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = app
        .request(reqwest::Method::GET, "/api/auth/profile", None, None)
        .await;
    assert_eq!(r.code(), "unauthorized");
    let bad = app
        .client
        .get(format!("{}/api/auth/profile", app.base))
        .header("authorization", "Basic abc")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
}

async fn sessions_and_data_survive_a_restart(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("tetap").await;
    let device = app.device(user.id, "Tetap").await;
    let app = app.restart().await;
    let r = app.get("/api/auth/profile", Some(&user.token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let d = app
        .get(
            &format!("/api/whatsapp-multi-device/devices/{device}"),
            Some(&user.token),
        )
        .await;
    assert_eq!(d.data()["deviceName"], "Tetap");
    let rf = app
        .post(
            "/api/auth/refresh-token",
            None,
            json!({"refreshToken": user.refresh_token}),
        )
        .await;
    assert_eq!(rf.status, StatusCode::OK);
}
