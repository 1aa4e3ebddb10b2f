//! The dashboard in a real headless Chromium (Debian's `chromium` driven through
//! `chromedriver`): sign in, an admin creates a device for a user, the user connects it and
//! watches the QR code rotate and turn into "connected" with no reload, sends a message and sees
//! its ticks change, an inbound message arrives live, the address book and template pages, a
//! blast whose job page counts up live, the language switch translates the page, a non-admin
//! gets the 403 page. On every page: no console error and no broken link. Screenshots
//! of each main page at 1280×800 and 390×844 go to `screenshots/` at the workspace root.

use std::path::Path;
use std::time::Duration;

use fantoccini::Locator;
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::chromium::{start_browser, Tab, ONE_BROWSER};
use crate::db_tests;
use crate::harness::{Backend, TestApp, ADMIN_PASSWORD};

db_tests!(the_dashboard_story_in_a_real_browser);

async fn the_dashboard_story_in_a_real_browser(b: Backend) {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn(b).await;
    let Some((driver, client)) = start_browser().await else {
        return;
    };
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let prefix = match b {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let tab = Tab {
        c: client,
        app: &app,
        driver_port: driver.port,
        shots,
        prefix: prefix.into(),
    };
    let result = story(&tab).await;
    tab.c.clone().close().await.ok();
    drop(driver);
    result
}

async fn story(tab: &Tab<'_>) {
    let app = tab.app;
    let sari = app.user("sari").await;
    let contact = "+62 812-3456-7890";
    let r = app
        .post(
            "/api/sim/accounts",
            app.admin(),
            json!({"phone": contact, "name": "Bu Sari"}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);

    // The admin signs in and creates a device for Sari.
    tab.open("/login").await;
    tab.check_page("login").await;
    tab.sign_in("admin", ADMIN_PASSWORD).await;
    tab.check_page("overview-admin").await;
    tab.open("/admin/devices").await;
    tab.c
        .find(Locator::Css(&format!(
            "#new-device-owner option[value='{}']",
            sari.id
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    tab.fill("#new-device-name", "Toko Sari").await;
    tab.fill("#new-device-id", "sari-phone").await;
    tab.click("#create-device button[type=submit]").await;
    tab.until(
        10,
        "the created device",
        "return document.body.innerText.includes('The device was created.')",
    )
    .await;
    assert!(tab.text().await.contains("sari-phone"));
    tab.check_page("admin-devices").await;
    tab.open("/admin/users").await;
    tab.check_page("admin-users").await;
    tab.open(&format!("/admin/users/{}", sari.id)).await;
    tab.check_page("admin-user").await;
    tab.open("/admin/audit").await;
    let audit = tab.text().await;
    assert!(
        audit.contains("device.create") && audit.contains("Created a device"),
        "{audit}"
    );
    tab.check_page("admin-audit").await;
    tab.sign_out().await;

    // Sari connects it: the QR shows, rotates by itself, and a scan turns the page to connected.
    tab.sign_in("sari", &sari.password).await;
    tab.open("/devices").await;
    tab.check_page("devices").await;
    tab.open("/devices/sari-phone").await;
    tab.click("#device form[action='/devices/sari-phone/connect'] button")
        .await;
    tab.until(10, "the QR code", "return !document.getElementById('qr-box').hidden && document.getElementById('qr').src.startsWith('data:image/png')")
        .await;
    tab.js("window.__stayed = true; return null;").await;
    let first = tab.js("return document.getElementById('qr').src").await;
    tab.until(10, "a new QR code", &format!(
        "const s = document.getElementById('qr').src; return s !== {first} && s.includes('/qr.png') && document.getElementById('qr').complete && document.getElementById('qr').naturalWidth > 0;"
    ))
    .await;
    assert!(tab.text().await.contains("Waiting for scan"));
    let r = app
        .post(
            "/api/sim/devices/sari-phone/scan",
            Some(&sari.token),
            json!({"phone": "0811-1111-2222"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    tab.until(10, "the connected state", "return !document.getElementById('connected-box').hidden && document.getElementById('qr-box').hidden && document.querySelector('[data-status-of] .badge-text').textContent === 'Connected'")
        .await;
    assert_eq!(
        tab.js("return window.__stayed === true").await,
        json!(true),
        "the page reloaded"
    );
    tab.check_page("device").await;

    // Sari sends a message from the send page.
    tab.open("/send").await;
    tab.check_page("send").await;
    tab.fill("#to", contact).await;
    tab.fill("#text", "Halo Bu Sari, pesanan sudah siap").await;
    tab.click("form[action='/send'] button[type=submit]").await;
    tab.until(
        10,
        "the sent message",
        "return document.body.innerText.includes('The message is on its way.')",
    )
    .await;

    // In the inbox the chat is there; a message sent meanwhile appears and its ticks change
    // live; an inbound message appears live.
    let chat = "6281234567890@s.whatsapp.net";
    tab.open(&format!("/inbox?device=sari-phone&chat={chat}"))
        .await;
    assert!(tab
        .text()
        .await
        .contains("Halo Bu Sari, pesanan sudah siap"));
    tab.js(
        "window.__stayed = true; window.__ticks = [];
         new MutationObserver(() => {
           document.querySelectorAll('#history .tick-text').forEach(t => {
             const li = t.closest('li');
             if (li.innerText.includes('Kirim katalog')) { window.__ticks.push(t.textContent); }
           });
         }).observe(document.getElementById('history'), {subtree: true, childList: true, characterData: true});
         return null;",
    )
    .await;
    tab.until(
        10,
        "the event stream",
        "return document.getElementById('live-state').textContent === ''",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let r = app
        .post(
            "/api/whatsapp-multi-device/devices/sari-phone/send-message",
            Some(&sari.token),
            json!({"phone": contact, "message": "Kirim katalog"}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    tab.until(10, "the read tick", "return [...document.querySelectorAll('#history li')].some(li => li.innerText.includes('Kirim katalog') && li.querySelector('.tick-text').textContent === 'Read' && li.querySelector('.tick-icon').getAttribute('aria-hidden') === 'true')")
        .await;
    let ticks = tab.js("return window.__ticks").await;
    let seen: Vec<&str> = ticks
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        seen.contains(&"Read") && seen.iter().any(|t| *t != "Read"),
        "ticks seen: {seen:?}"
    );
    let r = app
        .post(
            "/api/sim/devices/sari-phone/inbound",
            Some(&sari.token),
            json!({"from": contact, "text": "Terima kasih, saya ambil sore ini"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    tab.until(10, "the inbound message", "return [...document.querySelectorAll('#history li.in')].some(li => li.innerText.includes('saya ambil sore ini'))")
        .await;
    assert_eq!(
        tab.js("return window.__stayed === true").await,
        json!(true),
        "the page reloaded"
    );
    tab.check_page("inbox").await;

    // Scrolling up loads older messages in place.
    for i in 0..30 {
        let r = app
            .post(
                "/api/whatsapp-multi-device/devices/sari-phone/send-message",
                Some(&sari.token),
                json!({"phone": contact, "message": format!("Pesan nomor {i}")}),
            )
            .await;
        assert!(r.status.is_success(), "{}", r.body);
    }
    tab.open(&format!("/inbox?device=sari-phone&chat={chat}"))
        .await;
    assert!(!tab
        .text()
        .await
        .contains("Halo Bu Sari, pesanan sudah siap"));
    tab.js("window.__stayed = true; const h = document.getElementById('history'); h.scrollTop = 0; h.dispatchEvent(new Event('scroll')); return null;")
        .await;
    tab.until(10, "older messages", "return document.getElementById('history').innerText.includes('Halo Bu Sari, pesanan sudah siap') && !document.getElementById('older')")
        .await;
    assert_eq!(
        tab.js("return window.__stayed === true").await,
        json!(true),
        "the page reloaded"
    );
    // "Reply to this" quotes the message in the composer in place; cancelling drops it.
    tab.click("#history a[data-reply]").await;
    tab.until(5, "the quote in the composer", "return !document.getElementById('replying').hidden && document.getElementById('reply-to').value !== '' && document.activeElement.id === 'reply-text'")
        .await;
    tab.click("#cancel-reply").await;
    tab.until(5, "the quote dropped", "return document.getElementById('replying').hidden && document.getElementById('reply-to').value === ''")
        .await;
    assert_eq!(
        tab.js("return window.__stayed === true").await,
        json!(true),
        "replying reloaded the page"
    );
    // A picture opens in the viewer on the page, and closes again.
    let r = app
        .post(
            "/api/sim/devices/sari-phone/inbound",
            Some(&sari.token),
            json!({"from": contact, "text": "Foto stok", "viewOnce": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let chat_path = tab.js("return location.pathname + location.search").await;
    tab.open(chat_path.as_str().unwrap()).await;
    tab.until(
        10,
        "the picture",
        "return !!document.querySelector('#history a[data-viewer]')",
    )
    .await;
    tab.click("#history a[data-viewer]").await;
    tab.until(5, "the viewer", "return document.getElementById('viewer').open && document.getElementById('viewer-img').complete && document.getElementById('viewer-img').naturalWidth > 0 && location.pathname === '/inbox'")
        .await;
    tab.click("#viewer-close").await;
    tab.until(
        5,
        "the viewer closed",
        "return !document.getElementById('viewer').open",
    )
    .await;
    address_book_and_a_live_blast(tab, &sari.token).await;
    operator_screens(tab, &sari.token, contact).await;
    tab.open("/overview").await;
    tab.check_page("overview").await;
    // Today's counters count a message that arrives while the page is open.
    let count =
        "return Number(document.querySelector('[data-today=received]').getAttribute('data-value'))";
    let before = tab.js(count).await.as_i64().unwrap();
    let r = app
        .post(
            "/api/sim/devices/sari-phone/inbound",
            Some(&sari.token),
            json!({"from": contact, "text": "Masih buka?"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    tab.until(
        10,
        "the received counter to count it",
        &format!("{count} === {}", before + 1),
    )
    .await;
    // The scheduled list follows its messages: one falls due while the page is open.
    let at = (chrono::Utc::now() + chrono::Duration::hours(2)).to_rfc3339();
    let r = app
        .post(
            "/api/whatsapp-multi-device/devices/sari-phone/schedule-message",
            Some(&sari.token),
            json!({"phone": contact, "message": "Pengingat: ambil pesanan", "sendAt": at}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    tab.open("/scheduled").await;
    let row = "document.querySelector('#scheduled-rows tr')?.dataset.scheduledStatus";
    assert_eq!(tab.js(&format!("return {row}")).await, json!("scheduled"));
    tab.js("window.__stayed = 'scheduled'; return null;").await;
    let r = app
        .post(
            "/api/sim/clock",
            app.admin(),
            json!({"advanceSecs": 3 * 3600}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    tab.until(
        15,
        "the scheduled row to show it sent",
        &format!("return {row} === 'sent'"),
    )
    .await;
    assert_eq!(tab.js("return window.__stayed").await, json!("scheduled"));
    tab.open("/profile").await;
    tab.check_page("profile").await;

    // The language switch translates the page (and the choice stays with the account).
    tab.open("/inbox").await;
    tab.c
        .find(Locator::Css("#lang-select option[value='id']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The switch waits for its button: submitting on change would jump away while a keyboard
    // user arrows through the list.
    tab.click("form.lang button[type=submit]").await;
    tab.until(
        10,
        "Indonesian",
        "return document.documentElement.lang === 'id'",
    )
    .await;
    assert_eq!(tab.path().await, "/inbox");
    let text = tab.text().await;
    assert!(
        text.contains("Kotak masuk") && text.contains("Keluar"),
        "{text}"
    );
    assert!(!text.contains("Sign out"));
    tab.check_page("inbox-id").await;

    // Sari is no administrator.
    tab.open("/admin/users").await;
    let text = tab.text().await;
    assert!(
        text.contains("Halaman ini hanya untuk administrator."),
        "{text}"
    );
    assert!(tab.c.title().await.unwrap().starts_with("Tidak diizinkan"));
    tab.check_page("forbidden").await;
}

/// The bulk pages with something on them, and a blast whose job page counts up with no reload.
async fn address_book_and_a_live_blast(tab: &Tab<'_>, token: &str) {
    let app = tab.app;
    let c = app
        .post(
            "/api/whatsapp-multi-device/contact-categories",
            Some(token),
            json!({"name": "Pelanggan tetap"}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
    let category = c.data()["id"].as_i64().unwrap();
    let k = app
        .post(
            "/api/whatsapp-multi-device/contacts",
            Some(token),
            json!({"name": "Bu Sari Wulandari", "phone": "0812-3456-7890", "tags": ["vip"],
                   "categoryIds": [category], "fields": {"kota": "Yogyakarta"}}),
        )
        .await;
    assert_eq!(k.status, StatusCode::CREATED, "{}", k.body);
    let t = app
        .post(
            "/api/whatsapp-multi-device/templates",
            Some(token),
            json!({"name": "Promo akhir pekan", "body": "{Halo|Hai} {{name|Kak}}, diskon 20% di toko kami untuk warga {{kota}}!"}),
        )
        .await;
    assert_eq!(t.status, StatusCode::CREATED, "{}", t.body);
    let r = app
        .post(
            "/api/whatsapp-multi-device/devices/sari-phone/schedule-message",
            Some(token),
            json!({"phone": "0812-3456-7890", "message": "Pengingat: toko buka jam 9",
                   "sendAt": "2099-06-01 08:30", "timezone": "Asia/Jakarta"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    for (path, name) in [
        ("/contacts".to_string(), "contacts"),
        (format!("/contacts/{}", k.data()["id"]), "contact"),
        ("/categories".into(), "categories"),
        ("/templates".into(), "templates"),
        (
            format!(
                "/templates/{}?preview=1&contact={}",
                t.data()["id"],
                k.data()["id"]
            ),
            "template",
        ),
        ("/scheduled".into(), "scheduled"),
        ("/blast".into(), "blast"),
    ] {
        tab.open(&path).await;
        tab.check_page(name).await;
    }
    assert!(tab.text().await.contains("Promo akhir pekan"));

    tab.open("/scheduled").await;
    assert!(tab.text().await.contains("1 Jun 2099, 08:30"));
    tab.open("/blast").await;

    let numbers: Vec<String> = (0..8).map(|i| format!("0817 3000 {i:04}")).collect();
    tab.fill("#blast-recipients", &numbers.join("\n")).await;
    tab.fill("#blast-message", "Halo {{name|Kak}}, stok baru datang")
        .await;
    tab.fill("#blast-delay", "0.6").await;
    tab.fill("#blast-jitter", "0").await;
    tab.click("#blast-form button[type=submit]").await;
    // The review says to how many it goes before anything is sent.
    tab.until(
        10,
        "the review",
        "return document.getElementById('review-send')?.textContent.includes('Send to 8 contacts')",
    )
    .await;
    tab.check_page("blast-review").await;
    tab.click("#review-send").await;
    tab.until(
        10,
        "the job page",
        "return location.pathname.startsWith('/jobs/') && !!document.getElementById('job')",
    )
    .await;
    tab.js(
        "window.__stayed = true; window.__counts = [];
         new MutationObserver(() => {
           window.__counts.push(document.querySelector('[data-job-count=sent]').textContent);
         }).observe(document.getElementById('job'), {subtree: true, childList: true, characterData: true});
         return null;",
    )
    .await;
    let at_load = tab
        .js("return document.querySelector('[data-job-count=sent]').textContent")
        .await;
    assert_ne!(
        at_load,
        json!("8"),
        "the job ended before the page showed it"
    );
    tab.until(
        20,
        "the job to complete on the page",
        "return document.querySelector('[data-job-count=sent]').textContent === '8'
           && document.querySelector('[data-job-status] .badge-text').textContent === 'Completed'
           && document.getElementById('job-bar').value === 8
           && getComputedStyle(document.querySelector('form[data-job-when=running]')).display === 'none'",
    )
    .await;
    assert_eq!(
        tab.js("return window.__stayed === true").await,
        json!(true),
        "the page reloaded"
    );
    let counts = tab.js("return window.__counts").await;
    assert!(
        counts.as_array().unwrap().len() >= 2,
        "the counter changed only {counts}"
    );
    // The recipient table follows too: every row ends up sent, without a reload.
    tab.until(
        10,
        "the recipient rows to show every message sent",
        "const rows = document.querySelectorAll('#job-recipients tr');
         return rows.length === 8 && [...rows].every(r => r.dataset.recipientStatus === 'sent')",
    )
    .await;
    assert_eq!(tab.js("return window.__stayed === true").await, json!(true));
    tab.check_page("job").await;
    tab.open("/jobs").await;
    assert!(tab.text().await.contains("Completed"));
    tab.check_page("jobs").await;
}

/// The operator screens: a webhook made with the event picker (its secret shown once), and the
/// event monitor taking a live event, holding one back while paused, and showing it on resume.
async fn operator_screens(tab: &Tab<'_>, token: &str, contact: &str) {
    let app = tab.app;
    tab.open("/webhooks").await;
    tab.check_page("webhooks").await;
    tab.fill("#wh-url", "https://toko-sari.example/hook").await;
    tab.click("input[name=events][value='message.new']").await;
    tab.click("#create-webhook button[type=submit]").await;
    tab.until(
        10,
        "the secret, once",
        "return !!document.getElementById('new-secret') && document.getElementById('new-secret').innerText.startsWith('whsec_')",
    )
    .await;
    tab.click("#new-webhook a").await;
    tab.until(
        10,
        "the webhook page",
        "return !!document.getElementById('edit-webhook')",
    )
    .await;
    assert_eq!(
        tab.js(
            "return document.querySelector('#edit-webhook input[value=\"message.new\"]').checked"
        )
        .await,
        json!(true)
    );
    tab.check_page("webhook").await;

    tab.open("/events").await;
    tab.until(
        5,
        "the pause button",
        "return !document.getElementById('monitor-pause').hidden",
    )
    .await;
    let inbound = |text: &'static str| async move {
        let r = app
            .post(
                "/api/sim/devices/sari-phone/inbound",
                Some(token),
                json!({"from": contact, "text": text}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    };
    inbound("Monitor: pesan langsung").await;
    tab.until(10, "the live event", "return document.getElementById('event-monitor').innerText.includes('message.new') && [...document.querySelectorAll('#event-monitor pre')].some(p => p.textContent.includes('Monitor: pesan langsung'))")
        .await;
    tab.click("#monitor-pause").await;
    inbound("Monitor: ditahan").await;
    tab.until(
        10,
        "the held event counted",
        "return /[1-9]/.test(document.getElementById('monitor-waiting').innerText)",
    )
    .await;
    assert_eq!(
        tab.js("return [...document.querySelectorAll('#event-monitor pre')].some(p => p.textContent.includes('Monitor: ditahan'))").await,
        json!(false),
        "shown while paused"
    );
    tab.click("#monitor-pause").await;
    tab.until(5, "the held event on resume", "return [...document.querySelectorAll('#event-monitor pre')].some(p => p.textContent.includes('Monitor: ditahan')) && document.getElementById('monitor-waiting').innerText === ''")
        .await;
    tab.check_page("events").await;
    tab.open("/messages?q=ditahan").await;
    assert!(tab.text().await.contains("Monitor: ditahan"));
    tab.check_page("messages").await;
}
