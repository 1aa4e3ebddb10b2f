//! The bot page of a device over HTTP, in both languages: a refused setting is shown again as
//! typed with its field named and nothing saved; rules are added, moved, tried and deleted;
//! a hand-off is resumed from the page. Each change is read back through the API.

use reqwest::StatusCode;
use serde_json::json;

use super::{assert_translated, catalogue_keys, Visitor};
use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(the_bot_page_edits_the_bot_of_a_device);

const DEV: &str = "/api/whatsapp-multi-device/devices";

fn config_form<'a>(token: &'a str, tz: &'a str, monday: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("_csrf", token),
        ("enabled", "1"),
        ("timeZone", tz),
        ("welcomeMessage", "Halo, selamat datang di Toko Sari"),
        ("outOfHoursMessage", "Kami tutup, besok kami balas"),
        ("handoffKeywords", "admin, manusia"),
        ("cooldownSecs", "0"),
        ("hours_mon", monday),
        ("hours_tue", "09:00-17:00"),
    ]
}

async fn the_bot_page_edits_the_bot_of_a_device(b: Backend) {
    let app = TestApp::spawn(b).await;
    let sari = app.user("sari").await;
    let tok = Some(sari.token.as_str());
    let device = app.device(sari.id, "Toko").await;
    let v = Visitor::new(&app.base);
    v.sign_in("sari", &sari.password).await;
    let keys = catalogue_keys();
    let path = format!("/devices/{device}/bot");

    let dp = v.get(&format!("/devices/{device}")).await;
    assert!(dp
        .body
        .contains(&format!("href=\"{path}\" id=\"bot-link\"")));
    let page = v.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Auto-reply bot"));
    assert_translated(&path, &page.body, &keys);
    let token = page.csrf();

    // Without the CSRF token nothing is saved.
    let r = v
        .post(&format!("{path}/config"), &[("timeZone", "Asia/Jakarta")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // A range that is not one, then a time zone that does not exist: the page comes back with
    // what was typed and the field named; the saved settings do not change.
    let r = v
        .post(
            &format!("{path}/config"),
            &config_form(&token, "Asia/Jakarta", "9 to 5"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("id=\"hours-mon-err\""), "{}", r.body);
    assert!(r.body.contains("value=\"9 to 5\""));
    assert!(r.body.contains("Halo, selamat datang di Toko Sari"));
    let r = v
        .post(
            &format!("{path}/config"),
            &config_form(&token, "Mars/Olympus", "08:00-12:00, 13:00-16:00"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("id=\"bot-tz-err\""), "{}", r.body);
    assert!(r.body.contains("value=\"Mars/Olympus\""));
    assert!(r.body.contains("value=\"08:00-12:00, 13:00-16:00\""));
    assert_translated(&path, &r.body, &keys);
    let cfg = app.get(&format!("{DEV}/{device}/bot/config"), tok).await;
    assert_eq!(cfg.data()["enabled"], false, "{}", cfg.body);

    let r = v
        .post(
            &format!("{path}/config"),
            &config_form(&token, "Asia/Jakarta", "08:00-12:00, 13:00-16:00"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(v.follow(&r).await.body.contains("settings were saved."));
    let cfg = app.get(&format!("{DEV}/{device}/bot/config"), tok).await;
    let c = cfg.data();
    assert_eq!(c["enabled"], true);
    assert_eq!(c["timeZone"], "Asia/Jakarta");
    assert_eq!(c["handoffKeywords"], json!(["admin", "manusia"]));
    assert_eq!(
        c["businessHours"]["mon"],
        json!([{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "16:00"}])
    );
    assert_eq!(c["businessHours"]["wed"], json!([]));
    let page = v.get(&path).await;
    assert!(page.body.contains("value=\"08:00-12:00, 13:00-16:00\""));

    // Two rules; one refused (no reply) comes back as typed.
    for (name, words, reply) in [
        ("Harga", "harga, price", "Harga mulai Rp10.000"),
        ("Alamat", "alamat", "Jl. Merdeka 1"),
    ] {
        let r = v
            .post(
                &format!("{path}/rules"),
                &[
                    ("_csrf", &token),
                    ("name", name),
                    ("matchType", "contains"),
                    ("keywords", words),
                    ("reply", reply),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let r = v
        .post(
            &format!("{path}/rules"),
            &[
                ("_csrf", &token),
                ("name", "Kosong"),
                ("matchType", "exact"),
                ("keywords", "halo"),
                ("reply", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("value=\"Kosong\""));
    assert!(r.body.contains("value=\"exact\" selected"));
    assert!(r.body.contains("class=\"field-error\""));
    let rules = app.get(&format!("{DEV}/{device}/bot/rules"), tok).await;
    let ids: Vec<i64> = rules
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);

    // "Alamat" moves up; moving the first up changes nothing.
    let r = v
        .post(
            &format!("{path}/rules/{}/move", ids[1]),
            &[("_csrf", &token), ("dir", "up")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let names = |body: &serde_json::Value| -> Vec<String> {
        body.as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect()
    };
    let rules = app.get(&format!("{DEV}/{device}/bot/rules"), tok).await;
    assert_eq!(names(rules.data()), ["Alamat", "Harga"]);
    let page = v.get(&path).await;
    let (a, h) = (
        page.body.find(">Alamat<").unwrap(),
        page.body.find(">Harga<").unwrap(),
    );
    assert!(a < h, "the page lists the rules in their new order");

    // Trying a message shows the rule that would answer, and sends nothing.
    let page = v.get(&format!("{path}?try=berapa+harganya%3F")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<span id=\"try-rule\">Harga</span>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Harga mulai Rp10.000"));
    let page = v.get(&format!("{path}?try=admin")).await;
    assert!(page.body.contains("Handed to a person"), "{}", page.body);

    // Deleting a rule.
    let r = v
        .post(
            &format!("{path}/rules/{}/delete", ids[0]),
            &[("_csrf", &token)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let rules = app.get(&format!("{DEV}/{device}/bot/rules"), tok).await;
    assert_eq!(names(rules.data()), ["Alamat"]);

    // A hand-off shows, and the bot takes the contact back from the page.
    let chat = "6281311110001@s.whatsapp.net";
    let r = app
        .post(
            &format!("{DEV}/{device}/bot/handoffs"),
            tok,
            json!({"contactJid": chat}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let page = v.get(&path).await;
    assert!(page.body.contains("+6281311110001"));
    assert!(page.body.contains(&format!("value=\"{chat}\"")));
    let r = v
        .post(
            &format!("{path}/resume"),
            &[("_csrf", &token), ("contact", chat)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let hs = app.get(&format!("{DEV}/{device}/bot/handoffs"), tok).await;
    assert_eq!(hs.data(), &json!([]));

    // In Indonesian.
    let lang = v
        .post(
            "/lang",
            &[("_csrf", &token), ("lang", "id"), ("back", &path)],
        )
        .await;
    assert_eq!(lang.status, StatusCode::SEE_OTHER);
    let page = v.get(&path).await;
    assert!(page.body.contains("Bot balasan otomatis"));
    assert!(page.body.contains("Senin"));
    assert_translated(&path, &page.body, &keys);

    // Someone else's device is not there for Budi.
    let budi = app.user("budi").await;
    let other = Visitor::new(&app.base);
    other.sign_in("budi", &budi.password).await;
    assert_eq!(other.get(&path).await.status, StatusCode::NOT_FOUND);
    let t = other.get("/overview").await.csrf();
    let r = other
        .post(&format!("{path}/rules/{}/delete", ids[1]), &[("_csrf", &t)])
        .await;
    let rules = app.get(&format!("{DEV}/{device}/bot/rules"), tok).await;
    assert_eq!(names(rules.data()), ["Alamat"], "{}", r.body);
}
