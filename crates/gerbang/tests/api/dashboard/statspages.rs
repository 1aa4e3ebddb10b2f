//! The figures pages in a real Chromium at phone size, on both databases: a device's statistics
//! page draws one SVG bar per day of the chosen period, and today's bar holds the messages just
//! sent and received through the simulator, beside 24 bars of local hours that hold them too; the admin analytics page counts the system; the
//! activity page lists the user's actions and their device's connection history; a non-admin
//! gets 403 for analytics and another user's device is not found.

use std::path::Path;

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::chromium::{start_browser, Tab, ONE_BROWSER};
use super::{assert_translated, catalogue_keys, Visitor};
use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp, ADMIN_PASSWORD};

db_tests!(the_statistics_analytics_and_activity_pages_in_a_browser);

const DEV: &str = "/api/whatsapp-multi-device/devices";

async fn the_statistics_analytics_and_activity_pages_in_a_browser(b: Backend) {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn(b).await;

    // Rina's linked sim device gets three messages in and sends two.
    let rina = app.user("rina").await;
    let device = app.device(rina.id, "Toko Rina").await;
    app.link(&device).await;
    for text in ["halo", "harga?", "terima kasih"] {
        let r = app
            .post(
                &format!("/api/sim/devices/{device}/inbound"),
                app.admin(),
                json!({"from": "081200000001", "text": text}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    for text in ["halo juga", "mulai Rp10.000"] {
        let r = app
            .post(
                &format!("{DEV}/{device}/send-message"),
                Some(&rina.token),
                json!({"phone": "081200000001", "message": text}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let stats: Value = wait_for(15, "five messages counted", || async {
        let r = app
            .get(
                &format!("{DEV}/{device}/statistics?days=7"),
                Some(&rina.token),
            )
            .await;
        let t = &r.data()["totals"];
        (t["sent"] == 2 && t["received"] == 3).then(|| r.data().clone())
    })
    .await;
    let today = stats["to"].as_str().unwrap().to_string();

    // Over plain HTTP: both languages without raw labels, the picker's choice kept, bad input
    // falls back to the default period, and the pages refuse who must not see them.
    let keys = catalogue_keys();
    let v = Visitor::new(&app.base);
    v.sign_in("rina", &rina.password).await;
    for path in [
        format!("/devices/{device}/statistics"),
        format!("/devices/{device}/statistics?days=90"),
        "/activity".to_string(),
    ] {
        let p = v.get(&path).await;
        assert_eq!(p.status, StatusCode::OK, "{path}: {}", p.body);
        assert_translated(&path, &p.body, &keys);
    }
    let p = v
        .get(&format!("/devices/{device}/statistics?days=90"))
        .await;
    // 90 days and 24 hours.
    assert_eq!(p.body.matches("<g class=\"bar\" data-date=").count(), 90);
    assert_eq!(p.body.matches("<g class=\"bar\" data-hour=").count(), 24);
    assert!(
        p.body.contains("Messages per hour of the day"),
        "{}",
        p.body
    );
    assert!(
        p.body.contains("<option value=\"90\" selected>"),
        "{}",
        p.body
    );
    // Health: the device has been linked the whole time, so fully up, over at most 30 days.
    let health = p
        .body
        .split("id=\"device-health\"")
        .nth(1)
        .expect("the health section");
    assert!(health.contains("Over the last 30 days."), "{health}");
    assert!(health.contains("<span id=\"uptime\">"), "{health}");
    assert!(health.contains("Connected"), "{health}");
    let p = v
        .get(&format!("/devices/{device}/statistics?days=abc"))
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert_eq!(p.body.matches("<g class=\"bar\" data-date=").count(), 30);
    assert_eq!(
        v.get("/admin/analytics").await.status,
        StatusCode::FORBIDDEN
    );
    let other = app.user("budi").await;
    let budi_device = app.device(other.id, "Toko Budi").await;
    let p = v.get(&format!("/devices/{budi_device}/statistics")).await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    let token = v.get("/profile").await.csrf();
    let r = v
        .post(
            "/lang",
            &[("_csrf", &token), ("lang", "id"), ("back", "/activity")],
        )
        .await;
    assert!(r.status.is_redirection(), "{}", r.body);
    let p = v.get(&format!("/devices/{device}/statistics")).await;
    assert!(p.body.contains("Pesan per hari"), "{}", p.body);
    assert!(p.body.contains("Pesan per jam dalam sehari"), "{}", p.body);
    assert_translated("statistics (id)", &p.body, &keys);
    let p = v.get("/activity").await;
    assert!(
        p.body.contains("Riwayat koneksi perangkat Anda"),
        "{}",
        p.body
    );
    // The choice is saved on the account: back to English for the browser below.
    let token = p.csrf();
    let r = v
        .post(
            "/lang",
            &[("_csrf", &token), ("lang", "en"), ("back", "/activity")],
        )
        .await;
    assert!(r.status.is_redirection(), "{}", r.body);

    let Some((driver, client)) = start_browser().await else {
        return;
    };
    let prefix = match b {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let tab = Tab {
        c: client,
        app: &app,
        driver_port: driver.port,
        shots: Path::new(env!("CARGO_MANIFEST_DIR")).join("../../screenshots"),
        prefix: prefix.into(),
    };
    std::fs::create_dir_all(&tab.shots).unwrap();
    browse(&tab, &rina.password, &device, &today).await;
    tab.c.clone().close().await.ok();
    drop(driver);
}

/// The hourly chart as [bars, first hour, last hour, messages in all bars, whether only this
/// UTC hour or the one before holds any, the chart's width, the title of the fullest bar,
/// whether the hour marks under it fit the width of a phone].
const HOURLY_BARS: &str = "const svg = document.querySelector('#hourly-chart svg[role=img][aria-label]');
    const bars = [...svg.querySelectorAll('g.bar')];
    const now = new Date().getUTCHours();
    const busy = bars.filter(b => b.dataset.total !== '0').map(b => Number(b.dataset.hour));
    const fullest = bars.reduce((a, b) => Number(b.dataset.total) > Number(a.dataset.total) ? b : a);
    const axis = document.querySelector('#hourly-chart + .chart-axis');
    return [bars.length, bars[0].dataset.hour, bars[23].dataset.hour,
            bars.reduce((n, b) => n + Number(b.dataset.total), 0),
            busy.length > 0 && busy.every(h => h === now || h === (now + 23) % 24),
            Math.round(svg.getBoundingClientRect().width),
            fullest.querySelector('title').textContent,
            axis.scrollWidth <= axis.clientWidth + 1];";

async fn browse(tab: &Tab<'_>, password: &str, device: &str, today: &str) {
    tab.c.set_window_size(390, 844).await.unwrap();
    tab.sign_in("rina", password).await;

    // From the device page to its statistics, then the 7-day period through the picker.
    tab.open(&format!("/devices/{device}")).await;
    tab.click("#statistics-link").await;
    tab.until(
        10,
        "the statistics page",
        &format!("return location.pathname === '/devices/{device}/statistics'"),
    )
    .await;
    let bars = tab
        .js("return document.querySelectorAll('#daily-chart svg[role=img][aria-label] g.bar').length")
        .await;
    assert_eq!(bars, json!(30));
    tab.js("document.getElementById('period').value = '7'")
        .await;
    tab.click("#period-form button[type=submit]").await;
    tab.until(
        10,
        "the 7-day chart",
        "return location.search === '?days=7'",
    )
    .await;
    let chart = tab
        .js(&format!(
            "const svg = document.querySelector('#daily-chart svg');
             const bars = svg.querySelectorAll('g.bar');
             const today = svg.querySelector('g.bar[data-date=\"{today}\"]');
             return [bars.length, today.dataset.total, today.querySelector('title').textContent,
                     svg.getAttribute('viewBox'), Math.round(svg.getBoundingClientRect().width),
                     document.getElementById('total-sent').textContent,
                     document.getElementById('total-received').textContent,
                     document.getElementById('active-chats').textContent];"
        ))
        .await;
    assert_eq!(chart[0], json!(7), "{chart}");
    assert_eq!(chart[1], json!("5"), "{chart}");
    let title = chart[2].as_str().unwrap();
    assert!(
        title.contains(today) && title.contains("Sent 2") && title.contains("Received 3"),
        "{chart}"
    );
    assert_eq!(chart[3], json!("0 0 600 200"));
    assert!(chart[4].as_i64().unwrap() > 300, "{chart}");
    assert_eq!(chart[5], json!("2"));
    assert_eq!(chart[6], json!("3"));
    assert_eq!(chart[7], json!("1"));
    // The hourly chart: 24 bars, 00 to 23, the five messages in the hour they were written
    // (Rina's zone is UTC; the one before too, should the hour have turned meanwhile).
    let hourly = tab.js(HOURLY_BARS).await;
    assert_eq!(hourly[0], json!(24), "{hourly}");
    assert_eq!(hourly[1], json!("00"), "{hourly}");
    assert_eq!(hourly[2], json!("23"), "{hourly}");
    assert_eq!(hourly[3], json!(5), "{hourly}");
    assert_eq!(hourly[4], json!(true), "{hourly}");
    assert!(hourly[5].as_i64().unwrap() > 300, "{hourly}");
    assert!(hourly[6].as_str().unwrap().contains("Received"), "{hourly}");
    assert_eq!(hourly[7], json!(true), "the hour marks fit: {hourly}");
    tab.check_page("device-statistics").await;

    // The activity page, from the navigation: the link of the device and its connection.
    tab.nav("/activity").await;
    tab.until(
        10,
        "the activity page",
        "return location.pathname === '/activity'",
    )
    .await;
    let text = tab.text().await;
    assert!(text.contains("My activity"), "{text}");
    let connected = tab
        .js(&format!(
            "return [...document.querySelectorAll('#connections li')].some(li => li.textContent.includes('{device}'))"
        ))
        .await;
    assert_eq!(connected, json!(true), "{text}");
    tab.check_page("activity").await;
    tab.sign_out().await;

    // The admin's analytics: users, devices by status and today's messages of every device.
    tab.c.set_window_size(390, 844).await.unwrap();
    tab.sign_in("admin", ADMIN_PASSWORD).await;
    tab.nav("/admin/analytics").await;
    tab.until(
        10,
        "the analytics page",
        "return location.pathname === '/admin/analytics'",
    )
    .await;
    let figures = tab
        .js(&format!(
            "const svg = document.querySelector('#daily-chart svg[role=img]');
             return [svg.querySelectorAll('g.bar').length,
                     svg.querySelector('g.bar[data-date=\"{today}\"]').dataset.total,
                     document.getElementById('users-total').textContent,
                     document.getElementById('devices-total').textContent,
                     document.getElementById('devices-by-status').textContent];"
        ))
        .await;
    assert_eq!(figures[0], json!(30), "{figures}");
    assert_eq!(figures[1], json!("5"), "{figures}");
    // The admin, Rina and Budi; Rina's and Budi's devices.
    assert_eq!(figures[2], json!("3"), "{figures}");
    assert_eq!(figures[3], json!("2"), "{figures}");
    assert!(
        figures[4].as_str().unwrap().contains("Connected"),
        "{figures}"
    );
    let hourly = tab.js(HOURLY_BARS).await;
    assert_eq!(hourly[0], json!(24), "{hourly}");
    assert_eq!(hourly[3], json!(5), "{hourly}");
    assert_eq!(hourly[4], json!(true), "{hourly}");
    tab.check_page("admin-analytics").await;
}
