//! The dashboard's forms without JavaScript, on both databases: connecting a device and seeing
//! its QR, sending text and a file, replying, paging back through a chat, today's counts, API
//! keys, the profile, and every administrative action on a user.

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::json;

use super::Visitor;
use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp, ADMIN_PASSWORD};

db_tests!(
    a_user_links_sends_replies_and_pages_back_without_javascript,
    admins_manage_users_and_users_their_profile,
);

const CONTACT: &str = "+62 812-3456-7890";
const CHAT: &str = "6281234567890@s.whatsapp.net";

fn text_form(csrf: &str, device: &str, to: &str, text: &str) -> Form {
    Form::new()
        .text("_csrf", csrf.to_string())
        .text("device", device.to_string())
        .text("to", to.to_string())
        .text("text", text.to_string())
}

async fn a_user_links_sends_replies_and_pages_back_without_javascript(b: Backend) {
    let app = TestApp::spawn(b).await;
    let tono = app.user("tono").await;
    let device = app.device(tono.id, "Tono HP").await;
    let r = app
        .post(
            "/api/sim/accounts",
            app.admin(),
            json!({"phone": CONTACT, "name": "Pak Joko"}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let v = Visitor::new(&app.base);
    v.sign_in("tono", &tono.password).await;
    let page = v.get(&format!("/devices/{device}")).await;
    // Owners link by pairing code too (from the phone itself); a number that is not one keeps
    // what was typed and says why beside the field.
    assert!(page
        .body
        .contains(&format!("action=\"/devices/{device}/pairing-code\"")));
    let csrf = page.csrf();
    let pair = format!("/devices/{device}/pairing-code");
    let r = v.post(&pair, &[("_csrf", &csrf), ("phone", "12x")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("value=\"12x\"") && r.body.contains("id=\"pair-phone-error\""));
    assert!(r.body.contains("aria-invalid=\"true\""));
    let r = v.post(&pair, &[("_csrf", &csrf), ("phone", CONTACT)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"pairing-code\""), "{}", r.body);
    // Three codes per number in ten minutes: the fourth waits, and the page says how long.
    for _ in 0..2 {
        let r = v.post(&pair, &[("_csrf", &csrf), ("phone", CONTACT)]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let r = v.post(&pair, &[("_csrf", &csrf), ("phone", CONTACT)]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(r.body.contains("Try again in 10 min."), "{}", r.body);
    assert!(r.body.contains(&format!("value=\"{CONTACT}\"")));
    let api = app
        .post(
            &format!("/api/whatsapp-multi-device/devices/{device}/pairing-code"),
            Some(&tono.token),
            json!({"phone": CONTACT}),
        )
        .await;
    assert_eq!(api.status, StatusCode::TOO_MANY_REQUESTS, "{}", api.body);
    assert_eq!(api.code(), "rate_limited");
    assert!(
        api.body
            .to_string()
            .contains("this number has asked for 3 pairing codes"),
        "{}",
        api.body
    );
    // Every code given is in the audit log.
    let log = app
        .get("/api/admin/logs?action=device.pairing_code", app.admin())
        .await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    let given = log.body.to_string().matches("device.pairing_code").count();
    assert!(given >= 3, "{}", log.body);
    let r = v
        .post(&format!("/devices/{device}/connect"), &[("_csrf", &csrf)])
        .await;
    let page = v.follow(&r).await;
    assert!(
        page.body.contains("src=\"data:image/png;base64,"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Waiting for scan"));
    let png = v
        .client
        .get(format!("{}/devices/{device}/qr.png", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(png.headers()["content-type"], "image/png");
    let png = png.bytes().await.unwrap().to_vec();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/scan"),
            Some(&tono.token),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    wait_for(10, "connected", || async {
        let p = v.get(&format!("/devices/{device}")).await;
        p.body.contains("badge-connected").then_some(())
    })
    .await;

    // Text, then a file with a caption, from the send page.
    let r = v
        .post_multipart("/send", text_form(&csrf, &device, CONTACT, "Halo Pak Joko"))
        .await;
    assert!(v
        .follow(&r)
        .await
        .body
        .contains("The message is on its way."));
    let file = Part::bytes(png.clone())
        .file_name("katalog.png")
        .mime_str("image/png")
        .unwrap();
    let form = text_form(&csrf, &device, CONTACT, "Katalog").part("file", file);
    let r = v.post_multipart("/send", form).await;
    assert!(v
        .follow(&r)
        .await
        .body
        .contains("The message is on its way."));
    // A send without a token changes nothing; a bad recipient is named.
    let form = Form::new()
        .text("device", device.clone())
        .text("to", CONTACT)
        .text("text", "forged");
    assert_eq!(
        v.post_multipart("/send", form).await.status,
        StatusCode::FORBIDDEN
    );
    // A bad recipient: the form comes back as typed, the field marked with its reason.
    let r = v
        .post_multipart(
            "/send",
            text_form(&csrf, &device, "not a number", "Kirim <katalog>"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("value=\"not a number\""), "{}", r.body);
    assert!(
        r.body.contains(">Kirim &#60;katalog&#62;</textarea>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("id=\"to-error\""), "{}", r.body);
    assert!(!r.body.contains("Please check these fields"));
    let outbox = app
        .get(
            &format!("/api/sim/devices/{device}/outbox"),
            Some(&tono.token),
        )
        .await;
    assert_eq!(
        outbox.data().as_array().unwrap().len(),
        2,
        "{}",
        outbox.body
    );

    // A reply from the inbox goes back to the chat.
    let r = v
        .post_multipart(
            "/inbox/reply",
            text_form(&csrf, &device, CHAT, "Balasan dari inbox"),
        )
        .await;
    assert_eq!(
        r.location(),
        format!("/inbox?device={device}&chat={}", CHAT.replace('@', "%40"))
    );
    let inbox = v.follow(&r).await;
    assert!(inbox.body.contains("Balasan dari inbox") && inbox.body.contains("Katalog"));
    assert!(inbox.body.contains("Pak Joko") || inbox.body.contains(CHAT));
    // The picture shows in the chat, served as an image because its bytes are one.
    let src = inbox
        .body
        .split("<img class=\"thumb\" src=\"")
        .nth(1)
        .expect("a thumbnail");
    let src = &src[..src.find('"').unwrap()];
    assert!(src.starts_with(&format!("/devices/{device}/media/")));
    let img = v
        .client
        .get(format!("{}{src}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(img.status(), StatusCode::OK);
    assert_eq!(img.headers()["content-type"], "image/png");
    assert_eq!(img.bytes().await.unwrap().to_vec(), png);
    let other = Visitor::new(&app.base);
    assert_eq!(other.get(src).await.location(), "/login");

    // Enough messages for two pages: the newest 30 show, the older ones load by cursor.
    for i in 0..30 {
        let r = app
            .post(
                &format!("/api/whatsapp-multi-device/devices/{device}/send-message"),
                Some(&tono.token),
                json!({"phone": CONTACT, "message": format!("Pesan nomor {i}")}),
            )
            .await;
        assert!(r.status.is_success(), "{}", r.body);
    }
    let inbox = v.get(&format!("/inbox?device={device}&chat={CHAT}")).await;
    assert!(inbox.body.contains("Pesan nomor 29") && !inbox.body.contains("Halo Pak Joko"));
    let before = inbox
        .body
        .split("data-before=\"")
        .nth(1)
        .expect("an older-page link");
    let before = &before[..before.find('"').unwrap()];
    let older = v
        .get(&format!(
            "/inbox/history?device={device}&chat={CHAT}&before={before}"
        ))
        .await;
    assert_eq!(older.status, StatusCode::OK);
    assert!(older.body.contains("Halo Pak Joko") && older.body.contains("Katalog"));
    assert!(
        older.body.contains("data-next-before=\"\""),
        "{}",
        older.body
    );
    assert!(!older.body.contains("Pesan nomor 29"));
    let chats = v.get(&format!("/inbox/chats?device={device}")).await;
    assert!(chats.body.contains("id=\"chat-list\"") && chats.body.contains(CHAT));
    let found = v
        .get(&format!("/inbox?device={device}&search=628123"))
        .await;
    assert!(found.body.contains(&format!("data-chat=\"{CHAT}\"")));
    let none = v.get(&format!("/inbox?device={device}&search=zzzz")).await;
    assert!(none.body.contains("No chats."));

    // Today's counts: 33 sent, then one received.
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/inbound"),
            Some(&tono.token),
            json!({"from": CONTACT, "text": "Sudah diterima"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    wait_for(10, "the overview counts", || async {
        let p = v.get("/overview").await;
        (p.body.contains(
            "data-today=\"sent\" data-value=\"33\">33</span><span class=\"stat-label\">Sent today",
        ) && p.body.contains(
            "data-today=\"received\" data-value=\"1\">1</span><span class=\"stat-label\">Received today",
        ))
        .then_some(())
    })
    .await;

    // A key without a name is refused beside its field.
    let r = v
        .post(
            &format!("/devices/{device}/api-keys"),
            &[("_csrf", &csrf), ("name", "  ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("id=\"key-name-error\""), "{}", r.body);
    // An API key: the secret is shown once, then only its prefix; it can be revoked.
    let r = v
        .post(
            &format!("/devices/{device}/api-keys"),
            &[("_csrf", &csrf), ("name", "CRM")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let key = r.body.split("<code id=\"new-key\">").nth(1).unwrap();
    let key = &key[..key.find('<').unwrap()];
    assert!(key.starts_with("gbk_"));
    let status = app
        .get(
            &format!("/api/whatsapp-multi-device/devices/{device}/status"),
            Some(key),
        )
        .await;
    assert_eq!(status.status, StatusCode::OK);
    let page = v.get(&format!("/devices/{device}")).await;
    assert!(!page.body.contains(key) && page.body.contains("CRM"));
    let revoke = page.body.split("/api-keys/").nth(1).unwrap();
    let key_id = &revoke[..revoke.find('/').unwrap()];
    let r = v
        .post(
            &format!("/devices/{device}/api-keys/{key_id}/revoke"),
            &[("_csrf", &csrf)],
        )
        .await;
    assert!(v.follow(&r).await.body.contains("The key was revoked."));
    let status = app
        .get(
            &format!("/api/whatsapp-multi-device/devices/{device}/status"),
            Some(key),
        )
        .await;
    assert_eq!(status.status, StatusCode::UNAUTHORIZED);

    let r = v
        .post(
            &format!("/devices/{device}/disconnect"),
            &[("_csrf", &csrf)],
        )
        .await;
    assert!(v
        .follow(&r)
        .await
        .body
        .contains("The device was disconnected."));
}

async fn admins_manage_users_and_users_their_profile(b: Backend) {
    let app = TestApp::spawn(b).await;
    let wati = app.user("wati").await;
    let u = Visitor::new(&app.base);
    u.sign_in("wati", &wati.password).await;

    // Profile: language and time zone; a bad zone is named and changes nothing.
    let csrf = u.get("/profile").await.csrf();
    let r = u
        .post(
            "/profile",
            &[
                ("_csrf", csrf.as_str()),
                ("email", "wati@example.id"),
                ("full_name", "Wati W"),
                ("language", "id"),
                ("time_zone", "Asia/Jayapura"),
            ],
        )
        .await;
    let page = u.follow(&r).await;
    assert!(
        page.body.contains("Profil Anda sudah disimpan."),
        "{}",
        page.body
    );
    assert!(page.body.contains("data-tz=\"Asia/Jayapura\"") && page.body.contains("lang=\"id\""));
    let r = u
        .post(
            "/profile",
            &[
                ("_csrf", csrf.as_str()),
                ("email", "wati@example.id"),
                ("full_name", "Wati W"),
                ("language", "id"),
                ("time_zone", "Mars/Olympus"),
            ],
        )
        .await;
    // Shown again as typed, the zone marked with its reason in Indonesian.
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("value=\"Mars/Olympus\""), "{}", r.body);
    assert!(
        r.body
            .contains("id=\"p-tz-error\">Zona waktu ini tidak dikenal.</p>"),
        "{}",
        r.body
    );
    let profile = app.get("/api/auth/profile", Some(&wati.token)).await;
    assert_eq!(profile.data()["language"], "id");
    assert_eq!(profile.data()["fullName"], "Wati W");
    assert_eq!(profile.data()["timeZone"], "Asia/Jayapura");
    // A password change keeps this session and ends the others.
    let other = Visitor::new(&app.base);
    other.sign_in("wati", &wati.password).await;
    let r = u
        .post(
            "/profile/password",
            &[
                ("_csrf", csrf.as_str()),
                ("current_password", wati.password.as_str()),
                ("new_password", "wati-new-password"),
            ],
        )
        .await;
    assert!(u
        .follow(&r)
        .await
        .body
        .contains("Kata sandi sudah diganti."));
    assert_eq!(u.get("/overview").await.status, StatusCode::OK);
    assert_eq!(other.get("/overview").await.location(), "/login");

    // The administrator: role, lock, unlock, password reset, delete.
    let a = Visitor::new(&app.base);
    a.sign_in("admin", ADMIN_PASSWORD).await;
    let path = format!("/admin/users/{}", wati.id);
    let csrf = a.get(&path).await.csrf();
    let act = |action: &'static str, extra: Vec<(&'static str, &'static str)>| {
        let mut form = vec![("_csrf", csrf.clone()), ("action", action.to_string())];
        form.extend(extra.into_iter().map(|(k, v)| (k, v.to_string())));
        form
    };
    let send = |form: Vec<(&'static str, String)>| {
        let a = &a;
        let path = path.clone();
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = a.post(&path, &form).await;
            a.follow(&r).await
        }
    };
    let page = send(act(
        "profile",
        vec![
            ("email", "wati@example.id"),
            ("full_name", "Wati"),
            ("role", "admin"),
        ],
    ))
    .await;
    assert!(page.body.contains("The user was saved."), "{}", page.body);
    let user = app
        .get(&format!("/api/admin/users/{}", wati.id), app.admin())
        .await;
    assert_eq!(user.data()["role"], "admin");
    let page = send(act("lock", vec![])).await;
    assert!(page.body.contains("The account is locked"));
    assert_eq!(u.get("/overview").await.location(), "/login");
    let page = send(act("unlock", vec![])).await;
    assert!(page.body.contains("The account is unlocked."));
    let page = send(act("password", vec![("password", "short")])).await;
    assert!(page.body.contains("Please check these fields: Password"));
    let page = send(act("password", vec![("password", "wati-reset-password")])).await;
    assert!(page.body.contains("The password was reset"));
    u.sign_in("wati", "wati-reset-password").await;
    // The audit log shows it all and filters.
    let audit = a.get("/admin/audit?action=user.lock").await;
    assert!(
        audit
            .body
            .contains("Locked an account <code class=\"muted\">user.lock</code>")
            && !audit.body.contains(">user.unlock</code>"),
        "{}",
        audit.body
    );
    // A new user with a taken name comes back as typed (not the password), the name marked.
    let csrf_users = a.get("/admin/users").await.csrf();
    let r = a
        .post(
            "/admin/users",
            &[
                ("_csrf", csrf_users.as_str()),
                ("username", "wati"),
                ("email", "wati2@example.id"),
                ("full_name", "Wati Dua"),
                ("password", "rahasia-sekali"),
                ("role", "admin"),
            ],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.body);
    assert!(r.body.contains("value=\"wati2@example.id\"") && r.body.contains("value=\"Wati Dua\""));
    assert!(r.body.contains("id=\"new-username-error\""), "{}", r.body);
    assert!(!r.body.contains("rahasia-sekali"));
    assert!(r.body.contains("<option value=\"admin\" selected>"));
    let users = a.get("/admin/users?search=wat").await;
    assert!(users
        .body
        .contains(&format!("href=\"/admin/users/{}\"", wati.id)));
    assert!(!users.body.contains("href=\"/admin/users/1\""));
    // An admin cannot lock themself; deleting the user removes the account.
    let csrf_self = a.get("/admin/users/1").await.csrf();
    let r = a
        .post(
            "/admin/users/1",
            &[("_csrf", csrf_self.as_str()), ("action", "lock")],
        )
        .await;
    assert!(a
        .follow(&r)
        .await
        .body
        .contains("That cannot be done right now"));
    let r = a
        .post(&format!("{path}/delete"), &[("_csrf", csrf.as_str())])
        .await;
    assert!(a.follow(&r).await.body.contains("The user was deleted."));
    let gone = app
        .get(&format!("/api/admin/users/{}", wati.id), app.admin())
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(a.get(&path).await.status, StatusCode::NOT_FOUND);
}
