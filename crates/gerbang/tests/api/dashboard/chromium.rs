//! A headless Chromium for the browser tests: Debian's `chromium` driven through `chromedriver`
//! on a free port with a fresh profile, and the checks every page gets (console errors, broken
//! links, screenshots).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::harness::TestApp;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// One browser at a time: two Chromiums on a small CI machine only make both slow.
pub static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// chromedriver and its profile directory, removed when the test ends however it ends.
pub struct Driver {
    child: Child,
    pub port: u16,
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

pub async fn start_browser() -> Option<(Driver, Client)> {
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
pub struct Tab<'a> {
    pub c: Client,
    pub app: &'a TestApp,
    pub driver_port: u16,
    pub shots: PathBuf,
    pub prefix: String,
}

impl Tab<'_> {
    pub async fn open(&self, path: &str) {
        self.c
            .goto(&format!("{}{path}", self.app.base))
            .await
            .unwrap();
    }

    pub async fn path(&self) -> String {
        self.c.current_url().await.unwrap().path().to_string()
    }

    pub async fn text(&self) -> String {
        self.c
            .find(Locator::Css("body"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub async fn fill(&self, css: &str, value: &str) {
        let el = self.c.find(Locator::Css(css)).await.unwrap();
        el.clear().await.unwrap();
        el.send_keys(value).await.unwrap();
    }

    pub async fn click(&self, css: &str) {
        self.c
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    pub async fn js(&self, script: &str) -> Value {
        self.c.execute(script, vec![]).await.unwrap()
    }

    /// Polls a script until it returns true.
    pub async fn until(&self, secs: u64, what: &str, script: &str) {
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
    /// screenshots at desktop and phone size (where the page must not scroll sideways).
    pub async fn check_page(&self, name: &str) {
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
            if w == 390 {
                // Phones: the page fits the width, nothing scrolls sideways.
                let fits = self
                    .js("const d = document.documentElement;
                         const wide = [...document.querySelectorAll('body *')]
                           .filter(e => e.getBoundingClientRect().right > d.clientWidth + 0.5)
                           .slice(0, 8)
                           .map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right));
                         return [d.scrollWidth, d.clientWidth, wide];")
                    .await;
                assert!(
                    fits[0].as_i64() <= fits[1].as_i64(),
                    "{name} scrolls sideways at 390 px: scrollWidth, clientWidth, widest = {fits}"
                );
            }
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
    pub async fn assert_no_console_errors(&self, name: &str) {
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

    pub async fn sign_in(&self, login: &str, password: &str) {
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

    /// Opens the phone menu when the navigation is behind it (narrow windows).
    pub async fn open_menu(&self) {
        self.js(
            "const b = document.getElementById('menu-btn');
             if (b && getComputedStyle(b).display !== 'none' && b.getAttribute('aria-expanded') !== 'true') { b.click(); }
             return null;",
        )
        .await;
    }

    /// Follows a link of the main navigation, through the menu on a phone.
    pub async fn nav(&self, path: &str) {
        self.open_menu().await;
        self.click(&format!("nav a[href='{path}']")).await;
    }

    pub async fn sign_out(&self) {
        self.open_menu().await;
        self.click("form.logout button").await;
        self.until(
            10,
            "the sign-in page",
            "return location.pathname === '/login'",
        )
        .await;
    }
}
