//! The bot page in a real headless Chromium at phone size (390×844), back/forward cache on:
//! a refused setting keeps what was typed and names the field, two rules are added, reordered
//! and one edited, a message is tried, the AI's key is tested against the loopback fake Gemini
//! (accepted and refused, without leaving the page) and saved, and a typed key is gone when
//! the page comes back from the back/forward cache. Screenshots go to `screenshots/`
//! (`<db>-bot-*.png`).

use std::path::Path;

use serde_json::{json, Value};

use super::chromium::{start_browser, Tab, ONE_BROWSER};
use crate::ai::fake_providers;
use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(the_bot_page_in_a_phone_sized_browser);

async fn the_bot_page_in_a_phone_sized_browser(b: Backend) {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn_with(b, |c| c.fetch_internal_urls = true).await;
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
    story(&tab).await;
    tab.c.clone().close().await.ok();
    drop(driver);
}

/// Reads (and so empties) the browser's console log: the refused form answers 400 on purpose.
async fn drain_console(tab: &Tab<'_>) {
    let id = tab.c.session_id().await.unwrap().unwrap();
    let _: Value = reqwest::Client::new()
        .post(format!(
            "http://127.0.0.1:{}/session/{id}/se/log",
            tab.driver_port
        ))
        .json(&json!({"type": "browser"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
}

async fn story(tab: &Tab<'_>) {
    let app = tab.app;
    let sari = app.user("sari").await;
    let device = app.device(sari.id, "Toko Sari").await;
    tab.c.set_window_size(390, 844).await.unwrap();
    tab.sign_in("sari", &sari.password).await;
    tab.open(&format!("/devices/{device}")).await;
    tab.click("#bot-link").await;
    tab.until(
        10,
        "the bot page",
        "return !!document.getElementById('bot-config')",
    )
    .await;

    tab.fill("#bot-tz", "Mars/Olympus").await;
    tab.fill("#hours-mon", "08:00-12:00, 13:00-16:00").await;
    tab.fill("#bot-welcome", "Halo dari Toko Sari").await;
    tab.click("#bot-config button[type=submit]").await;
    tab.until(
        10,
        "the refused form",
        "return !!document.getElementById('bot-tz-err')",
    )
    .await;
    assert_eq!(
        tab.js("return [document.getElementById('bot-tz').value, document.getElementById('hours-mon').value, document.getElementById('bot-welcome').value]")
            .await,
        json!(["Mars/Olympus", "08:00-12:00, 13:00-16:00", "Halo dari Toko Sari"])
    );
    assert!(tab.text().await.contains("Please fix"));
    drain_console(tab).await;
    tab.check_page("bot-refused").await;

    tab.fill("#bot-tz", "Asia/Jakarta").await;
    tab.click("#bot-config button[type=submit]").await;
    tab.until(
        10,
        "the saved settings",
        "return document.body.innerText.includes('settings were saved')",
    )
    .await;

    for (n, (name, words, reply)) in [
        ("Harga", "harga", "Harga mulai Rp10.000"),
        ("Alamat", "alamat, lokasi", "Jl. Merdeka 1, Bandung"),
    ]
    .into_iter()
    .enumerate()
    {
        tab.fill("#rule-name", name).await;
        tab.fill("#rule-keywords", words).await;
        tab.fill("#rule-reply", reply).await;
        tab.click("#add-rule button[type=submit]").await;
        tab.until(
            10,
            "the added rule",
            &format!(
                "return document.querySelectorAll('#rule-list li[data-rule]').length === {}",
                n + 1
            ),
        )
        .await;
    }
    tab.click("#rule-list li:nth-child(2) .move-up").await;
    tab.until(
        10,
        "the new order",
        "return document.querySelector('#rule-list li .rule-name').textContent === 'Alamat'",
    )
    .await;

    tab.fill("#try-message", "di mana lokasinya?").await;
    tab.click("#try-form button[type=submit]").await;
    tab.until(
        10,
        "the tried message",
        "const r = document.getElementById('try-rule'); return !!r && r.textContent === 'Alamat'",
    )
    .await;
    tab.c.set_window_size(390, 844).await.unwrap();
    let png = tab.c.screenshot().await.unwrap();
    std::fs::write(
        tab.shots
            .join(format!("{}-bot-tried-390x844.png", tab.prefix)),
        png,
    )
    .unwrap();
    tab.check_page("bot").await;
    more_settings_and_rule_edit(tab, &device).await;
    ai_key(tab, &device).await;
}

async fn more_settings_and_rule_edit(tab: &Tab<'_>, device: &str) {
    let app = tab.app;
    tab.c.set_window_size(390, 844).await.unwrap();
    // A negative limit is refused with everything typed kept; then saved with a holiday.
    tab.fill("#bot-loop-limit", "-4").await;
    tab.fill("#bot-auto-resume", "20").await;
    tab.fill("#bot-holiday-add", "2026-12-25").await;
    tab.click("#bot-config button[type=submit]").await;
    tab.until(
        10,
        "the refused limit",
        "return !!document.getElementById('bot-loop-limit-err')",
    )
    .await;
    assert_eq!(
        tab.js("return ['bot-loop-limit', 'bot-auto-resume', 'bot-holiday-add'].map(i => document.getElementById(i).value)")
            .await,
        json!(["-4", "20", "2026-12-25"])
    );
    assert_eq!(
        tab.js("return document.getElementById('bot-loop-limit').getAttribute('aria-invalid')")
            .await,
        json!("true")
    );
    drain_console(tab).await;
    tab.check_page("bot-refused-limit").await;
    // The checks end at desktop size; the story goes on at phone size.
    tab.c.set_window_size(390, 844).await.unwrap();
    tab.fill("#bot-loop-limit", "4").await;
    tab.click("#bot-config button[type=submit]").await;
    tab.until(
        10,
        "the saved holiday",
        "return !!document.querySelector('[data-holiday=\"2026-12-25\"]')",
    )
    .await;
    let cfg = app
        .get(
            &format!("/api/whatsapp-multi-device/devices/{device}/bot/config"),
            app.admin(),
        )
        .await;
    assert_eq!(cfg.data()["loopLimit"], 4, "{}", cfg.body);
    assert_eq!(cfg.data()["autoResumeMinutes"], 20);

    // The first rule (Alamat) edited: a priority and group chats.
    tab.click("#rule-list li:nth-child(1) .edit-rule").await;
    tab.until(
        10,
        "the rule editor",
        "return !!document.getElementById('edit-rule') && document.getElementById('rule-name').value === 'Alamat'",
    )
    .await;
    tab.check_page("bot-rule-edit").await;
    tab.c.set_window_size(390, 844).await.unwrap();
    tab.fill("#rule-priority", "7").await;
    tab.click("#rule-groups").await;
    tab.fill("#rule-reply", "Jl. Merdeka 2, Bandung").await;
    tab.click("#edit-rule button[type=submit]").await;
    tab.until(
        10,
        "the saved rule",
        "return document.body.innerText.includes('The rule was saved.')",
    )
    .await;
    let rules = app
        .get(
            &format!("/api/whatsapp-multi-device/devices/{device}/bot/rules"),
            app.admin(),
        )
        .await;
    let alamat = rules
        .data()
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Alamat")
        .cloned()
        .unwrap();
    assert_eq!(alamat["priority"], 7, "{}", rules.body);
    assert_eq!(alamat["groups"], true);
    assert_eq!(alamat["reply"], "Jl. Merdeka 2, Bandung");
}

async fn ai_key(tab: &Tab<'_>, device: &str) {
    let app = tab.app;
    let (base, _fake) = fake_providers().await;
    tab.c.set_window_size(390, 844).await.unwrap();
    tab.js("window.__stayed = true; return null;").await;
    tab.fill("#ai-base-url", &base).await;
    tab.fill("#ai-model", "gemini-test").await;
    tab.fill("#ai-key", "AIza-good-key-0001").await;
    tab.click("#ai-test").await;
    tab.until(
        10,
        "the accepted key",
        "return document.getElementById('ai-test-result').innerText.includes('accepted the key')",
    )
    .await;
    // Answered in place: the same page, with the typed key still in its field.
    assert_eq!(
        tab.js("return [window.__stayed === true, document.getElementById('ai-key').value]")
            .await,
        json!([true, "AIza-good-key-0001"])
    );
    tab.fill("#ai-key", "AIza-wrong-key").await;
    tab.click("#ai-test").await;
    tab.until(
        10,
        "the refused key",
        "return document.getElementById('ai-test-result').innerText.includes('The test failed')",
    )
    .await;
    assert!(tab
        .js("return document.getElementById('ai-test-result').innerText")
        .await
        .as_str()
        .unwrap()
        .contains("API key not valid"));
    tab.js("document.getElementById('ai-test').scrollIntoView({block: 'center'}); return null;")
        .await;
    let png = tab.c.screenshot().await.unwrap();
    std::fs::write(
        tab.shots
            .join(format!("{}-bot-ai-refused-key-390x844.png", tab.prefix)),
        png,
    )
    .unwrap();
    tab.check_page("bot-ai-test").await;
    tab.c.set_window_size(390, 844).await.unwrap();

    tab.fill("#ai-key", "AIza-good-key-0001").await;
    tab.click("#ai-form button.primary").await;
    tab.until(
        10,
        "the saved AI settings",
        "return document.body.innerText.includes('AI settings were saved')",
    )
    .await;
    assert_eq!(
        tab.js("return [document.getElementById('ai-key').value, document.documentElement.outerHTML.includes('AIza-good-key'), document.getElementById('ai-key-state').innerText.includes('0001')]")
            .await,
        json!(["", false, true])
    );
    let ai = app
        .get(
            &format!("/api/whatsapp-multi-device/devices/{device}/bot/ai"),
            app.admin(),
        )
        .await;
    assert_eq!(ai.data()["keyHint"], "…0001", "{}", ai.body);
    assert_eq!(ai.data()["baseUrl"], base.as_str());

    // A key typed and left: coming back (from the back/forward cache) the field is empty.
    tab.js("window.__kept = true; return null;").await;
    tab.fill("#ai-key", "AIza-typed-then-left").await;
    tab.click(&format!("a[href='/devices/{device}']")).await;
    tab.until(
        10,
        "the device page",
        &format!("return location.pathname === '/devices/{device}'"),
    )
    .await;
    tab.c.back().await.unwrap();
    tab.until(
        10,
        "the bot page again",
        "return !!document.getElementById('ai-key') && document.readyState === 'complete'",
    )
    .await;
    assert_eq!(
        tab.js("return [window.__kept === true, document.getElementById('ai-key').value]")
            .await,
        json!([true, ""]),
        "restored from the back/forward cache, without the typed key"
    );
    tab.check_page("bot-ai").await;
}
