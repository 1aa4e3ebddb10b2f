//! The dashboard in a real headless Chromium (Debian's `chromium` driven through
//! `chromedriver`): sign in, an admin creates a device for a user, the user connects it and
//! watches the QR code rotate and turn into "connected" with no reload, sends a message and sees
//! its ticks change, an inbound message arrives live, the language switch translates the page, a
//! non-admin gets the 403 page. On every page: no console error and no broken link. Screenshots
//! of each main page at 1280×800 and 390×844 go to `screenshots/` at the workspace root.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{Backend, TestApp, ADMIN_PASSWORD};

db_tests!(the_dashboard_story_in_a_real_browser);

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// One browser at a time: two Chromiums on a small CI machine only make both slow.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// chromedriver and its profile directory, removed when the test ends however it ends.
struct Driver {
    child: Child,
    port: u16,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn browser_required() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
        || std::env::var("GERBANG_TEST_REQUIRE_BROWSER").as_deref() == Ok("1")
}

async fn start_browser() -> Option<(Driver, Client)> {
    if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
        if browser_required() {
            panic!("{CHROMEDRIVER} or {CHROMIUM} is missing (apt-get install chromium chromium-driver)");
        }
        eprintln!("skipped: install chromium and chromium-driver to run the browser tests");
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let profile = std::env::temp_dir().join(format!("gerbang-chromium-{}", uuid::Uuid::new_v4()));
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver {
        child,
        port,
        profile,
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let args = json!([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        format!("--user-data-dir={}", driver.profile.display()),
        "--window-size=1280,800",
    ]);
    let caps = json!({
        "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
        "goog:loggingPrefs": {"browser": "ALL"},
    });
    let caps = caps.as_object().unwrap().clone().into_iter().collect();
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session");
    Some((driver, client))
}

/// The browser plus what the checks need: the gateway's address and chromedriver's.
struct Tab<'a> {
    c: Client,
    app: &'a TestApp,
    driver_port: u16,
    shots: PathBuf,
    prefix: String,
}

impl Tab<'_> {
    async fn open(&self, path: &str) {
        self.c
            .goto(&format!("{}{path}", self.app.base))
            .await
            .unwrap();
    }

    async fn path(&self) -> String {
        self.c.current_url().await.unwrap().path().to_string()
    }

    async fn text(&self) -> String {
        self.c
            .find(Locator::Css("body"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    async fn fill(&self, css: &str, value: &str) {
        let el = self.c.find(Locator::Css(css)).await.unwrap();
        el.clear().await.unwrap();
        el.send_keys(value).await.unwrap();
    }

    async fn click(&self, css: &str) {
        self.c
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    async fn js(&self, script: &str) -> Value {
        self.c.execute(script, vec![]).await.unwrap()
    }

    /// Polls a script until it returns true.
    async fn until(&self, secs: u64, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if self.js(script).await == Value::Bool(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out after {secs} s waiting for {what}; page says: {}",
                self.text().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The checks every page gets: no console error, every same-origin link answers 200, and
    /// screenshots at desktop and phone size.
    async fn check_page(&self, name: &str) {
        let links = self
            .js(
                "const hrefs = [...new Set([...document.querySelectorAll('a[href]')]
                   .map(a => a.href.split('#')[0])
                   .filter(h => h.startsWith(location.origin) && h !== location.href.split('#')[0]))];
                 return Promise.all(hrefs.map(h => fetch(h).then(r => [h, r.status])));",
            )
            .await;
        for pair in links.as_array().unwrap() {
            assert_eq!(pair[1], json!(200), "{name}: broken link {}", pair[0]);
        }
        self.assert_no_console_errors(name).await;
        for (w, h) in [(1280, 800), (390, 844)] {
            self.c.set_window_size(w, h).await.unwrap();
            let png = self.c.screenshot().await.unwrap();
            std::fs::write(
                self.shots
                    .join(format!("{}-{name}-{w}x{h}.png", self.prefix)),
                png,
            )
            .unwrap();
        }
        self.c.set_window_size(1280, 800).await.unwrap();
    }

    /// Reads the browser's console log from chromedriver; anything SEVERE fails the test.
    async fn assert_no_console_errors(&self, name: &str) {
        let id = self.c.session_id().await.unwrap().unwrap();
        let log: Value = reqwest::Client::new()
            .post(format!(
                "http://127.0.0.1:{}/session/{id}/se/log",
                self.driver_port
            ))
            .json(&json!({"type": "browser"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let entries = log["value"].as_array().expect("the browser log");
        // The 403 page itself is reported as a failed load; that one is the point of the page.
        let url = self.c.current_url().await.unwrap();
        let own_403 = format!("{url} - Failed to load resource: the server responded with a status of 403 (Forbidden)");
        let errors: Vec<_> = entries
            .iter()
            .filter(|e| e["level"] == "SEVERE" && e["message"] != own_403.as_str())
            .collect();
        assert!(errors.is_empty(), "{name}: console errors {errors:?}");
    }

    async fn sign_in(&self, login: &str, password: &str) {
        self.open("/login").await;
        self.fill("#login", login).await;
        self.fill("#password", password).await;
        self.click("form[action='/login'] button[type=submit]")
            .await;
        self.until(
            10,
            "the overview",
            "return location.pathname === '/overview'",
        )
        .await;
    }

    async fn sign_out(&self) {
        self.click("form.logout button").await;
        self.until(
            10,
            "the sign-in page",
            "return location.pathname === '/login'",
        )
        .await;
    }
}

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
    assert!(tab.text().await.contains("device.create"));
    tab.check_page("admin-audit").await;
    tab.sign_out().await;

    // Sari connects it: the QR shows, rotates by itself, and a scan turns the page to connected.
    tab.sign_in("sari", &sari.password).await;
    tab.open("/devices").await;
    tab.check_page("devices").await;
    tab.open("/devices/sari-phone").await;
    tab.click("form[action='/devices/sari-phone/connect'] button")
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
    tab.open("/overview").await;
    tab.check_page("overview").await;
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
