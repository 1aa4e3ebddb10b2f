//! Accessibility in a real headless Chromium: axe-core (from npm, `tests/clients`) runs on every
//! dashboard page at 390×844 and 1280×800, in both languages and in dark mode, and finds no
//! serious or critical violation; signing in and sending a message work with the keyboard alone.

use std::path::Path;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::chromium::{start_browser, Tab, ONE_BROWSER};
use super::phone::{a_lived_in_chat, visit};
use crate::db_tests;
use crate::harness::{Backend, TestApp, ADMIN_PASSWORD};

db_tests!(every_page_passes_axe_and_works_from_the_keyboard);

fn axe_source() -> Option<String> {
    let path = crate::socketio::client::clients_dir().join("node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_)
            if std::env::var("CI").as_deref() == Ok("true")
                || std::env::var("GERBANG_TEST_REQUIRE_BROWSER").as_deref() == Ok("1") =>
        {
            panic!(
                "{} is missing: run `npm ci` in tests/clients",
                path.display()
            )
        }
        Err(_) => {
            eprintln!("skipped: run `npm ci` in tests/clients for axe-core");
            None
        }
    }
}

async fn every_page_passes_axe_and_works_from_the_keyboard(b: Backend) {
    let Some(axe) = axe_source() else {
        return;
    };
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn(b).await;
    let Some((driver, client)) = start_browser().await else {
        return;
    };
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../screenshots");
    // On a fresh checkout this test may be the first to write a screenshot.
    std::fs::create_dir_all(&shots).unwrap();
    let tab = Tab {
        c: client,
        app: &app,
        driver_port: driver.port,
        shots,
        prefix: format!("a11y-{b:?}").to_lowercase(),
    };
    story(&tab, &axe).await;
    tab.c.clone().close().await.ok();
    drop(driver);
}

/// Serious and critical violations on the page as it is now.
async fn violations(tab: &Tab<'_>, axe: &str) -> Value {
    if tab.js("return typeof window.axe === 'object'").await != json!(true) {
        tab.c.execute(axe, vec![]).await.unwrap();
    }
    tab.c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {resultTypes: ['violations']})
               .then(r => done(r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target.join(' '))])))
               .catch(e => done([['axe failed', String(e)]]));",
            vec![],
        )
        .await
        .unwrap()
}

async fn check(tab: &Tab<'_>, axe: &str, what: &str) {
    for (w, h) in [(390, 844), (1280, 800)] {
        tab.c.set_window_size(w, h).await.unwrap();
        let found = violations(tab, axe).await;
        assert_eq!(found, json!([]), "{what} at {w}x{h}: {found}");
    }
}

/// Presses Tab until the element `id` has the focus (what a keyboard user does).
async fn tab_to(tab: &Tab<'_>, id: &str) {
    for _ in 0..60 {
        if tab
            .js(&format!(
                "return document.activeElement && document.activeElement.id === {}",
                json!(id)
            ))
            .await
            == json!(true)
        {
            return;
        }
        type_keys(tab, &char::from(Key::Tab).to_string()).await;
    }
    panic!("#{id} cannot be reached with the Tab key");
}

/// Types on the keyboard, into whatever has the focus (WebDriver key actions, as a person
/// would: no element is picked by the test).
async fn type_keys(tab: &Tab<'_>, text: &str) {
    let mut keys = KeyActions::new("keyboard".into());
    for ch in text.chars() {
        keys = keys
            .then(KeyAction::Down { value: ch })
            .then(KeyAction::Up { value: ch });
    }
    tab.c.perform_actions(keys).await.unwrap();
}

async fn story(tab: &Tab<'_>, axe: &str) {
    let app = tab.app;
    let rina = app.user("rina").await;
    let device = app.device(rina.id, "Toko Rina").await;
    app.link(&device).await;
    a_lived_in_chat(app, &rina.token, &device).await;
    let t = app
        .post(
            "/api/whatsapp-multi-device/templates",
            Some(&rina.token),
            json!({"name": "Salam", "body": "Halo {{name|Kak}}"}),
        )
        .await;
    assert_eq!(t.status, StatusCode::CREATED, "{}", t.body);
    let hook = app
        .post(
            &format!("/api/whatsapp-multi-device/devices/{device}/webhooks"),
            Some(&rina.token),
            json!({"url": "https://toko-rina.example/hook", "events": ["message.new"], "active": false}),
        )
        .await;
    assert_eq!(hook.status, StatusCode::CREATED, "{}", hook.body);
    let hook = hook.data()["id"].clone();
    let k = app
        .post(
            "/api/whatsapp-multi-device/contacts",
            Some(&rina.token),
            json!({"name": "Bu Wati", "phone": "0812-5555-0101", "tags": ["langganan"]}),
        )
        .await;
    assert_eq!(k.status, StatusCode::CREATED, "{}", k.body);
    let contact = k.data()["id"].clone();
    let j = app
        .post(
            &format!("/api/whatsapp-multi-device/devices/{device}/jobs/send-text"),
            Some(&rina.token),
            json!({"recipients": ["0812 5555 0102"], "message": "Tes", "delaySecs": 0, "jitterSecs": 0}),
        )
        .await;
    assert!(j.status.is_success(), "{}", j.body);
    let job = j.data()["jobId"].as_str().unwrap().to_string();

    // Signing in with the keyboard alone, on a phone.
    tab.c.set_window_size(390, 844).await.unwrap();
    visit(tab, "/login").await;
    check(tab, axe, "the sign-in page").await;
    tab.c.set_window_size(390, 844).await.unwrap();
    tab.js("document.activeElement && document.activeElement.blur(); return null;")
        .await;
    tab_to(tab, "login").await;
    type_keys(tab, "rina").await;
    tab_to(tab, "password").await;
    type_keys(tab, &format!("{}{}", rina.password, char::from(Key::Enter))).await;
    tab.until(
        10,
        "the overview",
        "return location.pathname === '/overview'",
    )
    .await;

    // Sending with the keyboard alone: the skip link, the fields, Enter on the button.
    visit(tab, "/send").await;
    tab_to(tab, "to").await;
    type_keys(tab, "0812-3456-7890").await;
    tab_to(tab, "text").await;
    type_keys(tab, "Dikirim tanpa tetikus").await;
    tab.js("return null;").await;
    for _ in 0..8 {
        let on_button = tab
            .js("const a = document.activeElement; return a.tagName === 'BUTTON' && a.form && a.form.id === 'send-form';")
            .await;
        if on_button == json!(true) {
            break;
        }
        type_keys(tab, &char::from(Key::Tab).to_string()).await;
    }
    type_keys(tab, &char::from(Key::Enter).to_string()).await;
    tab.until(
        10,
        "the sent message",
        "return document.body.innerText.includes('The message is on its way.')",
    )
    .await;

    // Replying in the inbox with the keyboard alone: to the composer, type, Enter on Send.
    let chat = format!("/inbox?device={device}&chat=6281234567890%40s.whatsapp.net");
    visit(tab, &chat).await;
    tab.js("document.activeElement && document.activeElement.blur(); return null;")
        .await;
    tab_to(tab, "reply-text").await;
    type_keys(tab, "Balasan dari papan ketik").await;
    for _ in 0..8 {
        let on_button = tab
            .js("const a = document.activeElement; return a.tagName === 'BUTTON' && !!a.form && a.form.classList.contains('reply');")
            .await;
        if on_button == json!(true) {
            break;
        }
        type_keys(tab, &char::from(Key::Tab).to_string()).await;
    }
    type_keys(tab, &char::from(Key::Enter).to_string()).await;
    tab.until(
        10,
        "the reply in the chat",
        "return [...document.querySelectorAll('#history li.out')].some(li => li.innerText.includes('Balasan dari papan ketik'))",
    )
    .await;

    // Every page, both sizes; then Indonesian; then dark mode.
    let pages = [
        "/overview".to_string(),
        "/devices".into(),
        format!("/devices/{device}"),
        format!("/devices/{device}/bot"),
        format!("/devices/{device}/statistics"),
        "/send".into(),
        format!("/inbox?device={device}"),
        chat.clone(),
        "/contacts".into(),
        "/categories".into(),
        "/templates".into(),
        format!("/templates/{}", t.data()["id"]),
        "/blast".into(),
        "/jobs".into(),
        "/scheduled".into(),
        "/activity".into(),
        "/profile".into(),
        format!("/contacts/{contact}"),
        format!("/jobs/{job}"),
        "/webhooks".into(),
        format!("/webhooks/{hook}"),
        "/events".into(),
        "/messages".into(),
    ];
    for path in &pages {
        visit(tab, path).await;
        check(tab, axe, path).await;
    }
    for (form, theme) in [("/lang", "id"), ("/theme", "dark")] {
        let field = if form == "/lang" { "lang" } else { "theme" };
        tab.js(&format!(
            "const f = document.querySelector('form[action=\"{form}\"]');
             f.querySelector('[name={field}]').value = {};
             f.submit(); return null;",
            json!(theme)
        ))
        .await;
        tab.until(5, "the switch", &format!(
            "return document.readyState === 'complete' && (document.documentElement.lang === {0} || document.documentElement.dataset.theme === {0})",
            json!(theme)
        ))
        .await;
    }
    for path in [
        "/overview",
        "/devices",
        "/send",
        chat.as_str(),
        "/contacts",
        "/blast",
        "/profile",
    ] {
        visit(tab, path).await;
        check(tab, axe, &format!("{path} (id, dark)")).await;
    }
    let png = tab.c.screenshot().await.unwrap();
    std::fs::write(
        tab.shots
            .join(format!("{}-profile-dark-1280x800.png", tab.prefix)),
        png,
    )
    .unwrap();
    tab.sign_out().await;
    visit(tab, "/register").await;
    check(tab, axe, "/register").await;

    // The administrator's pages.
    tab.sign_in("admin", ADMIN_PASSWORD).await;
    for path in [
        "/admin/users".to_string(),
        format!("/admin/users/{}", rina.id),
        "/admin/devices".into(),
        "/admin/audit".into(),
        "/admin/analytics".into(),
        "/admin/cluster".into(),
    ] {
        visit(tab, &path).await;
        check(tab, axe, &path).await;
    }
}
