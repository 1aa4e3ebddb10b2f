//! The bot page in a real headless Chromium at phone size (390×844): a refused setting keeps
//! what was typed and names the field, two rules are added and reordered, a message is tried.
//! Screenshots go to `screenshots/` (`<db>-bot-*.png`).

use std::path::Path;

use serde_json::{json, Value};

use super::chromium::{start_browser, Tab, ONE_BROWSER};
use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(the_bot_page_in_a_phone_sized_browser);

async fn the_bot_page_in_a_phone_sized_browser(b: Backend) {
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
}
