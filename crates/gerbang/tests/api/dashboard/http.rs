//! Every dashboard page over plain HTTP, on both databases: status codes, the security headers,
//! CSRF refusals, sessions that really end, the 403 page, and no raw label in either language.

use reqwest::StatusCode;
use serde_json::json;

use super::{assert_translated, catalogue_keys, Visitor};
use crate::db_tests;
use crate::harness::{Backend, TestApp, ADMIN_PASSWORD};

db_tests!(
    every_page_answers_with_headers_and_labels_in_both_languages,
    forms_without_a_csrf_token_change_nothing,
    sessions_end_on_sign_out_and_non_admins_get_403,
    registration_follows_the_config_flag,
    cookies_are_secure_behind_an_https_proxy,
);

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; font-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

async fn every_page_answers_with_headers_and_labels_in_both_languages(b: Backend) {
    let app = TestApp::spawn(b).await;
    let keys = catalogue_keys();
    let user = app.user("siti").await;
    let device = app.device(user.id, "Toko Siti").await;
    let v = Visitor::new(&app.base);
    let login = v.get("/login").await;
    assert_eq!(login.status, StatusCode::OK);
    assert_eq!(login.headers["content-security-policy"], CSP);
    assert!(login.headers["set-cookie"]
        .to_str()
        .unwrap()
        .contains("HttpOnly"));
    assert_eq!(v.get("/").await.location(), "/login");
    assert_eq!(v.get("/overview").await.location(), "/login");
    v.sign_in("admin", ADMIN_PASSWORD).await;
    assert_eq!(v.get("/").await.location(), "/overview");
    let pages = [
        "/overview".to_string(),
        "/devices".into(),
        format!("/devices/{device}"),
        "/send".into(),
        "/inbox".into(),
        format!("/inbox?device={device}"),
        "/profile".into(),
        "/admin/users".into(),
        "/admin/users?search=siti".into(),
        format!("/admin/users/{}", user.id),
        "/admin/devices".into(),
        "/admin/audit".into(),
        "/admin/audit?action=device.create".into(),
        "/admin/cluster".into(),
    ];
    for lang in ["en", "id"] {
        let token = v.get("/profile").await.csrf();
        let r = v
            .post(
                "/lang",
                &[("_csrf", &token), ("lang", lang), ("back", "/profile")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        // `back` leads only to a path of this site: browsers drop the tab and would follow
        // `/\t/evil.example` to another host.
        for evil in [
            "/\t/evil.example",
            "/\n/evil.example",
            "//evil.example",
            "/\\evil.example",
        ] {
            let r = v
                .post(
                    "/lang",
                    &[("_csrf", &token), ("lang", lang), ("back", evil)],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
            assert_eq!(r.location(), "/", "back={evil:?}");
        }
        for path in &pages {
            let p = v.get(path).await;
            assert_eq!(p.status, StatusCode::OK, "{path}: {}", p.body);
            assert_eq!(p.headers["content-security-policy"], CSP, "{path}");
            assert_eq!(p.headers["x-frame-options"], "DENY");
            assert!(
                p.body.contains(&format!("<html lang=\"{lang}\" ")),
                "{path} in {lang}"
            );
            assert!(
                !p.body.contains("<script>") && !p.body.contains("style="),
                "{path}: inline code"
            );
            assert_translated(path, &p.body, &keys);
        }
    }
    // One node on SQLite; on PostgreSQL this node, alone in its cluster, with its lease length.
    let cluster = v.get("/admin/cluster").await;
    match b {
        Backend::Sqlite => assert!(cluster.body.contains("SQLite"), "{}", cluster.body),
        Backend::Postgres => assert!(
            cluster.body.contains("<h2>") && cluster.body.contains("10 s"),
            "{}",
            cluster.body
        ),
    }
    // The language is the account's now: a new browser signing in gets Indonesian.
    let other = Visitor::new(&app.base);
    other.sign_in("admin", ADMIN_PASSWORD).await;
    let p = other.get("/overview").await;
    assert!(p.body.contains("Ringkasan") && p.body.contains("<html lang=\"id\" "));
    // Assets: hashed names, cached for a year; other names are not found.
    let css = p
        .body
        .split("rel=\"stylesheet\" href=\"/assets/")
        .nth(1)
        .unwrap();
    let css = &css[..css.find('"').unwrap()];
    let r = v.get(&format!("/assets/{css}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(r.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    assert_eq!(v.get("/assets/app.css").await.status, StatusCode::NOT_FOUND);
    // Unknown pages get the dashboard's 404 page (in the viewer's language), unknown API routes
    // the API's JSON error.
    let missing = v.get("/no-such-page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.headers["content-security-policy"], CSP);
    assert!(
        missing.body.contains("Tidak ada apa-apa di sini."),
        "{}",
        missing.body
    );
    let api = v.get("/api/no-such-route").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.body.contains("\"not_found\""));
    // The event stream accepts the session cookie.
    let res = v
        .client
        .get(format!("{}/api/events", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
}

async fn forms_without_a_csrf_token_change_nothing(b: Backend) {
    let app = TestApp::spawn(b).await;
    let v = Visitor::new(&app.base);
    // Before sign-in: the login form needs the token too.
    v.get("/login").await;
    let r = v
        .post(
            "/login",
            &[("login", "admin"), ("password", ADMIN_PASSWORD)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("did not come from this site"), "{}", r.body);
    assert!(r
        .headers
        .get("set-cookie")
        .is_none_or(|c| !c.to_str().unwrap().contains("gb_session")));
    v.sign_in("admin", ADMIN_PASSWORD).await;
    let before = app.get("/api/admin/users", app.admin()).await.data()["total"].clone();
    for token in [None, Some("0".repeat(64))] {
        let mut form = vec![
            ("username", "mallory"),
            ("email", "mallory@example.id"),
            ("password", "mallory-password"),
            ("role", "admin"),
        ];
        if let Some(t) = &token {
            form.push(("_csrf", t));
        }
        let r = v.post("/admin/users", &form).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    }
    let after = app.get("/api/admin/users", app.admin()).await.data()["total"].clone();
    assert_eq!(before, after);
    // With the token it works, and the flash message says so once.
    let token = v.get("/admin/users").await.csrf();
    let r = v
        .post(
            "/admin/users",
            &[
                ("_csrf", token.as_str()),
                ("username", "rina"),
                ("email", "rina@example.id"),
                ("password", "rina-password"),
                ("role", "user"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = v.get(r.location()).await;
    assert!(page.body.contains("The user was created."), "{}", page.body);
    assert!(!v
        .get(r.location())
        .await
        .body
        .contains("The user was created."));
    // A bad field is named, translated, and nothing is created.
    let r = v
        .post(
            "/admin/users",
            &[
                ("_csrf", token.as_str()),
                ("username", "x"),
                ("email", "nope"),
                ("password", "short"),
            ],
        )
        .await;
    // Each refused field is marked beside itself, with what was typed kept.
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    for id in ["new-email", "new-password", "new-username"] {
        assert!(
            r.body.contains(&format!("id=\"{id}-error\"")),
            "{id}: {}",
            r.body
        );
    }
    assert!(r.body.contains("value=\"nope\"") && !r.body.contains("value=\"short\""));
    let total = app.get("/api/admin/users", app.admin()).await.data()["total"].as_i64();
    assert_eq!(total, after.as_i64().map(|n| n + 1));
    let created = app.get("/api/admin/users?search=rina", app.admin()).await;
    assert_eq!(created.data()["items"][0]["role"], json!("user"));
}

async fn sessions_end_on_sign_out_and_non_admins_get_403(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("budi").await;
    let v = Visitor::new(&app.base);
    // A wrong password and an unknown account read the same.
    for login in ["budi", "nobody-here"] {
        let token = v.get("/login").await.csrf();
        let r = v
            .post(
                "/login",
                &[
                    ("_csrf", &token),
                    ("login", login),
                    ("password", "wrong-password"),
                ],
            )
            .await;
        // The page comes back at once with the name typed, never the password.
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{login}");
        assert!(r.body.contains("Wrong username or password."), "{login}");
        assert!(r.body.contains(&format!("value=\"{login}\"")), "{login}");
        assert!(!r.body.contains("wrong-password"), "{login}");
    }
    v.sign_in("budi", &user.password).await;
    for path in [
        "/admin/users",
        "/admin/devices",
        "/admin/audit",
        "/admin/users/1",
    ] {
        let p = v.get(path).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{path}");
        assert!(p.body.contains("This page is for administrators only."));
    }
    let token = v.get("/overview").await.csrf();
    let r = v.post("/admin/users/1/delete", &[("_csrf", &token)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Another user's device is not found, not shown.
    let admin_device = app.device(1, "Admin phone").await;
    assert_eq!(
        v.get(&format!("/devices/{admin_device}")).await.status,
        StatusCode::NOT_FOUND
    );
    // Sign-out ends the session on the server: the old cookie no longer works.
    let cookie = v.cookie("gb_session").expect("signed in");
    let r = v.post("/logout", &[("_csrf", &token)]).await;
    assert_eq!(r.location(), "/login");
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/overview", app.base))
        .header("cookie", format!("gb_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.headers()["location"], "/login");
    // A lock by an administrator ends it too.
    v.sign_in("budi", &user.password).await;
    assert_eq!(v.get("/overview").await.status, StatusCode::OK);
    let r = app
        .put(
            &format!("/api/admin/users/{}", user.id),
            app.admin(),
            json!({"isActive": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(v.get("/overview").await.location(), "/login");
    // The session cookie is not a refresh token for the API.
    v.sign_in("admin", ADMIN_PASSWORD).await;
    let secret = v.cookie("gb_session").expect("signed in");
    let r = app
        .post(
            "/api/auth/refresh-token",
            None,
            json!({"refreshToken": secret}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(v.get("/overview").await.status, StatusCode::OK);
}

async fn registration_follows_the_config_flag(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.registration_enabled = false).await;
    let v = Visitor::new(&app.base);
    assert!(!v.get("/login").await.body.contains("href=\"/register\""));
    let p = v.get("/register").await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(p.body.contains("Registration is closed"));
    let app = TestApp::spawn(b).await;
    let v = Visitor::new(&app.base);
    assert!(v.get("/login").await.body.contains("href=\"/register\""));
    // A refused registration comes back as typed (not the password), each field's reason
    // beside it, and creates nothing.
    let token = v.get("/register").await.csrf();
    let r = v
        .post(
            "/register",
            &[
                ("_csrf", token.as_str()),
                ("username", "dewi"),
                ("email", "bukan-email"),
                ("full_name", "Dewi Lestari"),
                ("password", "pendek"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("value=\"dewi\""), "{}", r.body);
    assert!(r.body.contains("value=\"Dewi Lestari\""));
    assert!(r.body.contains("value=\"bukan-email\""));
    assert!(r.body.contains("id=\"email-error\""), "{}", r.body);
    assert!(r.body.contains("id=\"password-error\""), "{}", r.body);
    assert!(!r.body.contains("id=\"username-error\""));
    assert!(!r.body.contains("pendek"));
    let r = v
        .post(
            "/register",
            &[
                ("_csrf", token.as_str()),
                ("username", "dewi"),
                ("email", "dewi@example.id"),
                ("full_name", "Dewi"),
                ("password", "dewi-password"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/login", "{}", r.body);
    v.sign_in("dewi", "dewi-password").await;
    // Without the page's script there is no browser zone: a new account gets Asia/Jakarta, not
    // UTC, and every date is shown in it.
    assert!(v
        .get("/profile")
        .await
        .body
        .contains("data-tz=\"Asia/Jakarta\""));
    // With it, the browser's own zone.
    let w = Visitor::new(&app.base);
    let token = w.get("/register").await.csrf();
    let r = w
        .post(
            "/register",
            &[
                ("_csrf", token.as_str()),
                ("username", "made"),
                ("email", "made@example.id"),
                ("password", "made-password"),
                ("time_zone", "Asia/Makassar"),
            ],
        )
        .await;
    assert_eq!(r.location(), "/login", "{}", r.body);
    w.sign_in("made", "made-password").await;
    assert!(w
        .get("/profile")
        .await
        .body
        .contains("data-tz=\"Asia/Makassar\""));
}

async fn cookies_are_secure_behind_an_https_proxy(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.trust_proxy = true).await;
    let cookie_of = |proto: Option<&'static str>| {
        let app = &app;
        async move {
            let mut req = reqwest::Client::new().get(format!("{}/login", app.base));
            if let Some(p) = proto {
                req = req.header("x-forwarded-proto", p);
            }
            let res = req.send().await.unwrap();
            res.headers()["set-cookie"].to_str().unwrap().to_string()
        }
    };
    let https = cookie_of(Some("https")).await;
    assert!(
        https.contains("; Secure") && https.contains("HttpOnly") && https.contains("SameSite=Lax")
    );
    assert!(!cookie_of(None).await.contains("Secure"));
    drop(app);
    // Without a trusted proxy the header is ignored.
    let app = TestApp::spawn(b).await;
    let res = reqwest::Client::new()
        .get(format!("{}/login", app.base))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(!res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Secure"));
}
