//! The dashboard on a phone (390×844) and a desktop (1280×800) in a real headless Chromium,
//! both languages, back/forward cache on: the header is one short line with a menu button, no
//! page is wider than the phone (tables turn into cards), the inbox is two screens on a phone
//! (chat list, then the chat with a way back) and three panes on a desktop, with avatars, day
//! separators, ticks, quoted replies, reactions and edited/deleted markers. 26 pages are
//! clicked through without a stall; screenshots go to `screenshots/`.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::wd::TimeoutConfiguration;
use fantoccini::Locator;
use reqwest::StatusCode;
use serde_json::json;

use super::chromium::{start_browser, Tab, ONE_BROWSER};
use crate::db_tests;
use crate::harness::{Backend, TestApp, ADMIN_PASSWORD};

db_tests!(the_dashboard_fits_a_phone_and_a_desktop);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const CONTACT: &str = "+62 812-3456-7890";
/// A page that takes longer than this to load counts as a stall.
const LOAD_WITHIN: Duration = Duration::from_secs(5);

async fn the_dashboard_fits_a_phone_and_a_desktop(b: Backend) {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn(b).await;
    let Some((driver, client)) = start_browser().await else {
        return;
    };
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let prefix = match b {
        Backend::Sqlite => "phone-sqlite",
        Backend::Postgres => "phone-postgres",
    };
    let tab = Tab {
        c: client,
        app: &app,
        driver_port: driver.port,
        shots,
        prefix: prefix.into(),
    };
    story(&tab).await;
    tab.c.clone().close().await.ok();
    drop(driver);
}

fn api_ok(r: &crate::harness::Reply) {
    assert!(r.status.is_success(), "{}", r.body);
}

async fn send(
    app: &TestApp,
    token: &str,
    device: &str,
    text: &str,
    reply: Option<&str>,
) -> crate::harness::Reply {
    let mut body = json!({"phone": CONTACT, "message": text});
    if let Some(q) = reply {
        body["replyTo"] = json!(q);
    }
    app.post(&format!("{DEV}/{device}/send-message"), Some(token), body)
        .await
}

/// A chat with a bit of everything: a reply quoting an earlier message, a reaction, an edited
/// and a deleted message, and one from the contact.
pub(super) async fn a_lived_in_chat(app: &TestApp, token: &str, device: &str) {
    let r = app
        .post(
            "/api/sim/accounts",
            app.admin(),
            json!({"phone": CONTACT, "name": "Bu Sari"}),
        )
        .await;
    api_ok(&r);
    let r = app
        .post(
            "/api/whatsapp-multi-device/contacts",
            Some(token),
            json!({"name": "Bu Sari Wulandari", "phone": "0812-3456-7890", "tags": ["vip"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let first = send(app, token, device, "Pesanan Ibu sudah kami kemas", None).await;
    api_ok(&first);
    let first = first.data()["messageId"].as_str().unwrap().to_string();
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/inbound"),
            Some(token),
            json!({"from": CONTACT, "text": "Kapan dikirim?"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    api_ok(&send(app, token, device, "Sore ini, Bu", Some(&first)).await);
    let r = app
        .post(
            &format!("{DEV}/{device}/send-reaction"),
            Some(token),
            json!({"messageId": first, "emoji": "👍"}),
        )
        .await;
    api_ok(&r);
    let typo = send(app, token, device, "Ongkirnya gartis", None).await;
    api_ok(&typo);
    let r = app
        .post(
            &format!("{DEV}/{device}/edit-message"),
            Some(token),
            json!({"messageId": typo.data()["messageId"], "message": "Ongkirnya gratis"}),
        )
        .await;
    api_ok(&r);
    let wrong = send(app, token, device, "Salah kirim", None).await;
    api_ok(&wrong);
    let r = app
        .post(
            &format!("{DEV}/{device}/delete-message"),
            Some(token),
            json!({"messageId": wrong.data()["messageId"]}),
        )
        .await;
    api_ok(&r);
}

/// Opens a page and waits until it has loaded; a stall fails the test.
pub(super) async fn visit(tab: &Tab<'_>, path: &str) -> Duration {
    let since = Instant::now();
    tab.open(path).await;
    loop {
        if tab.js("return document.readyState === 'complete'").await == json!(true) {
            let took = since.elapsed();
            assert!(took < LOAD_WITHIN, "{path} took {took:?}");
            return took;
        }
        assert!(since.elapsed() < LOAD_WITHIN, "{path} did not load");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Nothing on the page reaches past the right edge of the window.
async fn fits(tab: &Tab<'_>, what: &str) {
    let r = tab
        .js("const w = document.documentElement.clientWidth;
             const wide = [...document.querySelectorAll('body *')]
               .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > w + 0.5; })
               .slice(0, 6)
               .map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right));
             return [document.documentElement.scrollWidth <= w, wide, w];")
        .await;
    assert!(
        r[0] == json!(true) && r[1].as_array().unwrap().is_empty(),
        "{what} is wider than the window: {r}"
    );
}

async fn shot(tab: &Tab<'_>, name: &str, size: &str) {
    let png = tab.c.screenshot().await.unwrap();
    std::fs::write(
        tab.shots.join(format!("{}-{name}-{size}.png", tab.prefix)),
        png,
    )
    .unwrap();
}

fn header_height_script() -> &'static str {
    "return document.getElementById('top').getBoundingClientRect().height"
}

async fn story(tab: &Tab<'_>) {
    let app = tab.app;
    tab.c
        .update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_secs(10)),
            Some(Duration::from_secs(10)),
            Some(Duration::from_secs(0)),
        ))
        .await
        .unwrap();
    let rina = app.user("rina").await;
    let device = app.device(rina.id, "Toko Rina").await;
    app.link(&device).await;
    a_lived_in_chat(app, &rina.token, &device).await;
    let k = app
        .get("/api/whatsapp-multi-device/contacts", Some(&rina.token))
        .await;
    let contact_id = k.data()[0]["id"].as_i64().unwrap_or(1);
    let t = app
        .post(
            "/api/whatsapp-multi-device/templates",
            Some(&rina.token),
            json!({"name": "Salam", "body": "Halo {{name|Kak}}"}),
        )
        .await;
    assert_eq!(t.status, StatusCode::CREATED, "{}", t.body);
    let template = t.data()["id"].as_i64().unwrap();

    // On a phone the header is one short line: the brand and a menu button.
    tab.c.set_window_size(390, 844).await.unwrap();
    tab.sign_in("rina", &rina.password).await;
    let header = tab.js(header_height_script()).await.as_f64().unwrap();
    eprintln!("header at 390x844: {header} px (was 245 before the menu)");
    assert!(header <= 64.0, "the header takes {header} px of 844");
    assert_eq!(
        tab.js("return getComputedStyle(document.querySelector('#top nav')).display === 'none' || !document.querySelector('#top nav').offsetParent").await,
        json!(true),
        "the navigation shows before the menu is opened"
    );
    tab.click("#menu-btn").await;
    tab.until(
        5,
        "the open menu",
        "return !!document.querySelector('#top nav').offsetParent && document.getElementById('menu-btn').getAttribute('aria-expanded') === 'true'",
    )
    .await;
    shot(tab, "menu", "390x844").await;
    tab.click("nav a[href='/devices']").await;
    tab.until(
        5,
        "the devices page",
        "return location.pathname === '/devices'",
    )
    .await;
    assert!(tab.js(header_height_script()).await.as_f64().unwrap() <= 64.0);

    // The inbox on a phone: the list first, then the chat alone with a way back.
    let inbox = format!("/inbox?device={device}");
    visit(tab, &inbox).await;
    let shown = "return [getComputedStyle(document.querySelector('.chat-pane')).display !== 'none',
                         getComputedStyle(document.querySelector('.chat-view')).display !== 'none']";
    assert_eq!(tab.js(shown).await, json!([true, false]));
    shot(tab, "inbox-list", "390x844").await;
    tab.click("#chat-list a.chat").await;
    tab.until(
        5,
        "the open chat",
        "return !!new URLSearchParams(location.search).get('chat')",
    )
    .await;
    assert_eq!(tab.js(shown).await, json!([false, true]));
    let chat = tab
        .js("const h = document.getElementById('history');
             return {
               title: document.querySelector('.chat-head h2').textContent,
               avatar: document.querySelector('.chat-head .avatar').textContent,
               days: h.querySelectorAll('.day-sep').length,
               quoted: [...h.querySelectorAll('blockquote.quoted')].map(q => q.textContent),
               reactions: [...h.querySelectorAll('.reactions')].map(r => r.textContent),
               edited: h.querySelectorAll('.edited').length,
               deleted: h.querySelectorAll('.deleted-note').length,
               ticks: h.querySelectorAll('.msg.out .tick-text').length,
               back: getComputedStyle(document.getElementById('back-to-chats')).display !== 'none',
               bubbles: [...h.querySelectorAll('.msg')].map(m => m.innerText),
             };")
        .await;
    assert!(
        chat["avatar"].as_str().unwrap().chars().count() >= 1,
        "{chat}"
    );
    // The saved contact's name, not the number or the WhatsApp display name.
    assert_eq!(chat["title"], json!("Bu Sari Wulandari"), "{chat}");
    assert_eq!(chat["avatar"], json!("BS"), "{chat}");
    assert_eq!(chat["days"], json!(1), "{chat}");
    assert!(
        chat["quoted"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q.as_str().unwrap().contains("Pesanan Ibu sudah kami kemas")),
        "{chat}"
    );
    assert!(
        chat["reactions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains('👍')),
        "{chat}"
    );
    assert!(chat["edited"].as_i64().unwrap() >= 1, "{chat}");
    assert_eq!(chat["deleted"], json!(1), "{chat}");
    assert!(chat["ticks"].as_i64().unwrap() >= 3, "{chat}");
    assert_eq!(chat["back"], json!(true), "{chat}");
    let bubbles = chat["bubbles"].to_string();
    assert!(
        !bubbles.contains("Salah kirim") && bubbles.contains("Ongkirnya gratis"),
        "{chat}"
    );
    fits(tab, "the chat").await;
    shot(tab, "inbox-chat", "390x844").await;
    tab.click("#back-to-chats").await;
    tab.until(
        5,
        "the chat list",
        "return !new URLSearchParams(location.search).get('chat')",
    )
    .await;
    assert_eq!(tab.js(shown).await, json!([true, false]));

    // Linking from the phone: the pairing code is offered first, and once connecting the QR
    // code is above the fold; when all codes run out the page says so instead of a stale code.
    let fresh = app.device(rina.id, "HP Kasir").await;
    visit(tab, &format!("/devices/{fresh}")).await;
    tab.click(&format!(
        "#device form[action='/devices/{fresh}/connect'] button"
    ))
    .await;
    tab.until(
        10,
        "the QR code",
        "return !document.getElementById('qr-box').hidden && document.getElementById('qr').src.startsWith('data:image/png')",
    )
    .await;
    let place = tab
        .js("const qr = document.getElementById('qr').getBoundingClientRect();
             const pair = document.getElementById('pairing').getBoundingClientRect();
             return [qr.bottom <= window.innerHeight, pair.top < qr.top, Math.round(qr.bottom), window.innerHeight];")
        .await;
    assert_eq!(
        place[0],
        json!(true),
        "the QR code is below the fold: {place}"
    );
    assert_eq!(
        place[1],
        json!(true),
        "the pairing code is not offered first: {place}"
    );
    fits(tab, "linking").await;
    shot(tab, "link", "390x844").await;
    tab.until(
        20,
        "the expired codes",
        "return !document.getElementById('qr-expired').hidden && document.getElementById('qr-box').hidden
           && document.getElementById('qr-expired').innerText.includes('Codes expired — get new ones')",
    )
    .await;
    shot(tab, "link-expired", "390x844").await;
    visit(tab, &format!("/devices/{fresh}")).await;
    assert_eq!(
        tab.js("return !document.getElementById('qr-expired').hidden && document.getElementById('qr-box').hidden").await,
        json!(true),
        "the page loaded after the codes expired shows a stale code"
    );

    // Every page of a device owner fits the phone, in English and in Indonesian; leaving one
    // and coming back restores it from the back/forward cache.
    let pages: Vec<(String, &str)> = vec![
        ("/overview".into(), "overview"),
        ("/devices".into(), "devices"),
        (format!("/devices/{device}"), "device"),
        (format!("/devices/{device}/bot"), "bot"),
        (format!("/devices/{device}/statistics"), "statistics"),
        ("/send".into(), "send"),
        (inbox.clone(), "inbox"),
        (
            format!("{inbox}&chat=6281234567890%40s.whatsapp.net"),
            "chat",
        ),
        ("/contacts".into(), "contacts"),
        (format!("/contacts/{contact_id}"), "contact"),
        ("/categories".into(), "categories"),
        ("/templates".into(), "templates"),
        (format!("/templates/{template}"), "template"),
        ("/blast".into(), "blast"),
        ("/jobs".into(), "jobs"),
        ("/scheduled".into(), "scheduled"),
        ("/activity".into(), "activity"),
        ("/profile".into(), "profile"),
        ("/webhooks".into(), "webhooks"),
        ("/events".into(), "events"),
        ("/messages".into(), "messages"),
    ];
    let mut slowest = Duration::ZERO;
    let mut count = 0;
    for lang in ["en", "id"] {
        if lang == "id" {
            tab.open_menu().await;
            tab.c
                .find(Locator::Css("#lang-select option[value='id']"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            tab.click("form.lang button[type=submit]").await;
            tab.until(
                5,
                "Indonesian",
                "return document.documentElement.lang === 'id'",
            )
            .await;
        }
        for (path, name) in &pages {
            slowest = slowest.max(visit(tab, path).await);
            count += 1;
            assert!(
                tab.js(header_height_script()).await.as_f64().unwrap() <= 64.0,
                "{name}"
            );
            fits(tab, &format!("{name} ({lang})")).await;
            if *name == "overview" {
                let text = tab.text().await;
                assert!(text.contains("Bu Sari Wulandari"), "{text}");
            }
            shot(tab, &format!("{name}-{lang}"), "390x844").await;
        }
    }
    visit(tab, &format!("/devices/{fresh}")).await;
    assert!(tab
        .text()
        .await
        .contains("Kode kedaluwarsa — minta kode baru"));
    tab.js("window.__kept = true; return null;").await;
    visit(tab, "/overview").await;
    tab.c.back().await.unwrap();
    tab.until(
        5,
        "the page back",
        &format!(
            "return location.pathname === '/devices/{fresh}' && document.readyState === 'complete'"
        ),
    )
    .await;
    assert_eq!(
        tab.js("return window.__kept === true").await,
        json!(true),
        "the device page was reloaded, not restored from the back/forward cache"
    );

    // On a desktop the inbox is three panes: chats, the conversation, about the contact.
    tab.c.set_window_size(1280, 800).await.unwrap();
    visit(tab, &format!("{inbox}&chat=6281234567890%40s.whatsapp.net")).await;
    let panes = tab
        .js("return [...document.querySelectorAll('#inbox > *')]
               .filter(e => getComputedStyle(e).display !== 'none')
               .map(e => [e.className, Math.round(e.getBoundingClientRect().top)])")
        .await;
    let panes = panes.as_array().unwrap();
    assert_eq!(panes.len(), 3, "{panes:?}");
    assert!(
        panes.iter().all(|p| p[1] == panes[0][1]),
        "side by side: {panes:?}"
    );
    assert_eq!(
        tab.js("return getComputedStyle(document.getElementById('back-to-chats')).display")
            .await,
        json!("none")
    );
    fits(tab, "the desktop inbox").await;
    shot(tab, "inbox-id", "1280x800").await;
    tab.sign_out().await;

    // An administrator's pages, on a desktop and on a phone.
    tab.sign_in("admin", ADMIN_PASSWORD).await;
    let admin_pages: Vec<(String, &str)> = vec![
        ("/admin/users".into(), "admin-users"),
        (format!("/admin/users/{}", rina.id), "admin-user"),
        ("/admin/devices".into(), "admin-devices"),
        ("/admin/audit".into(), "admin-audit"),
        ("/admin/analytics".into(), "admin-analytics"),
    ];
    for (w, h) in [(1280, 800), (390, 844)] {
        tab.c.set_window_size(w, h).await.unwrap();
        for (path, name) in &admin_pages {
            slowest = slowest.max(visit(tab, path).await);
            count += 1;
            fits(tab, name).await;
            shot(tab, name, &format!("{w}x{h}")).await;
        }
    }
    assert!(count >= 26, "{count} pages");
    eprintln!("{count} pages, slowest {slowest:?}");
}
