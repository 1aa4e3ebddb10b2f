//! The bot page of a device over HTTP, in both languages: a refused setting is shown again as
//! typed with its field named and nothing saved; rules are added, moved, tried and deleted;
//! a hand-off is resumed from the page. Each change is read back through the API.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{assert_translated, catalogue_keys, Visitor};
use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(
    the_bot_page_edits_the_bot_of_a_device,
    every_setting_and_rule_field_round_trips_through_the_page,
);

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
                    ("enabled", "1"),
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
    assert!(page.body.contains("+62 813-1111-0001"));
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

/// The settings form with every field of the bot's config; `over` replaces or adds fields.
fn full_config<'a>(token: &'a str, over: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("_csrf", token),
        ("enabled", "1"),
        ("timeZone", "Asia/Makassar"),
        ("welcomeMessage", "Halo, selamat datang"),
        ("hours_mon", "08:00-12:00"),
        ("holidayAdd", "2026-12-25, 2026-08-17"),
        ("outOfHoursMessage", "Kami tutup"),
        ("outOfHoursCooldownMinutes", "30"),
        ("handoffKeywords", "cs"),
        ("handoffMessage", "Sebentar, admin kami segera membalas"),
        ("autoResumeMinutes", "15"),
        ("cooldownSecs", "5"),
        ("loopLimit", "3"),
        ("loopWindowSecs", "120"),
        ("replyDelayMs", "1500"),
        ("holidaysListed", "1"),
        ("agentReplyPausesShown", "1"),
    ];
    for (k, v) in over {
        match f.iter_mut().find(|(name, _)| name == k) {
            Some(slot) => slot.1 = v,
            None => f.push((k, v)),
        }
    }
    f
}

async fn every_setting_and_rule_field_round_trips_through_the_page(b: Backend) {
    let app = TestApp::spawn(b).await;
    let sari = app.user("sari").await;
    let tok = Some(sari.token.as_str());
    let device = app.device(sari.id, "Toko").await;
    let v = Visitor::new(&app.base);
    v.sign_in("sari", &sari.password).await;
    let keys = catalogue_keys();
    let path = format!("/devices/{device}/bot");
    let token = v.get(&path).await.csrf();
    let config_url = format!("{DEV}/{device}/bot/config");
    let config = || app.get(&config_url, tok);

    // Every field of the config, saved from the page and read back through the API.
    let r = v
        .post(&format!("{path}/config"), &full_config(&token, &[]))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let c = config().await;
    let c = c.data();
    assert_eq!(c["timeZone"], "Asia/Makassar");
    assert_eq!(c["holidays"], json!(["2026-08-17", "2026-12-25"]));
    assert_eq!(c["outOfHoursCooldownMinutes"], 30);
    assert_eq!(c["handoffMessage"], "Sebentar, admin kami segera membalas");
    assert_eq!(c["agentReplyPauses"], false, "the box was not ticked");
    assert_eq!(c["autoResumeMinutes"], 15);
    assert_eq!(c["cooldownSecs"], 5);
    assert_eq!(c["loopLimit"], 3);
    assert_eq!(c["loopWindowSecs"], 120);
    assert_eq!(c["replyDelayMs"], 1500);
    let page = v.get(&path).await;
    for shown in [
        "value=\"30\"",
        "value=\"15\"",
        "value=\"120\"",
        "value=\"1500\"",
        "data-holiday=\"2026-08-17\"",
        "data-holiday=\"2026-12-25\"",
        "Sebentar, admin kami segera membalas</textarea>",
        "name=\"agentReplyPauses\" value=\"1\">",
    ] {
        assert!(page.body.contains(shown), "{shown}: {}", page.body);
    }
    assert_translated(&path, &page.body, &keys);

    // Refused: a date that does not exist, negative minutes, a negative limit. Everything typed
    // comes back (the holiday ticked for removal stays ticked), each field with its reason,
    // and nothing is saved.
    let bad = full_config(
        &token,
        &[
            ("holidayAdd", "2026-02-30"),
            ("autoResumeMinutes", "-5"),
            ("loopLimit", "-2"),
            ("agentReplyPauses", "1"),
            ("holiday", "2026-08-17"),
            ("holidayRemove", "2026-08-17"),
        ],
    );
    let r = v.post(&format!("{path}/config"), &bad).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    for shown in [
        "id=\"bot-holiday-add-err\"",
        "id=\"bot-auto-resume-err\"",
        "id=\"bot-loop-limit-err\"",
        "aria-describedby=\"bot-loop-limit-err\"",
        "value=\"2026-02-30\"",
        "value=\"-5\"",
        "value=\"-2\"",
        "value=\"2026-08-17\" checked",
        "name=\"agentReplyPauses\" value=\"1\" checked",
        "a whole number, 0 or more",
        "not a date like 2026-12-25: “2026-02-30”",
    ] {
        assert!(r.body.contains(shown), "{shown}: {}", r.body);
    }
    assert_translated(&path, &r.body, &keys);
    // The service's own limits are named the same way.
    let r = v
        .post(
            &format!("{path}/config"),
            &full_config(&token, &[("loopLimit", "0"), ("replyDelayMs", "99999")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("id=\"bot-loop-limit-err\""), "{}", r.body);
    assert!(r.body.contains("id=\"bot-reply-delay-err\""), "{}", r.body);
    assert!(r.body.contains("value=\"99999\""));
    let c = config().await;
    assert_eq!(c.data()["loopLimit"], 3, "nothing saved: {}", c.body);
    assert_eq!(c.data()["autoResumeMinutes"], 15);
    assert_eq!(c.data()["holidays"], json!(["2026-08-17", "2026-12-25"]));

    // A holiday removed, none added.
    let r = v
        .post(
            &format!("{path}/config"),
            &full_config(
                &token,
                &[
                    ("holidayAdd", ""),
                    ("holiday", "2026-08-17"),
                    ("holidayRemove", "2026-08-17"),
                    ("agentReplyPauses", "1"),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let c = config().await;
    assert_eq!(c.data()["holidays"], json!([]), "{}", c.body);
    assert_eq!(c.data()["agentReplyPauses"], true);

    // A rule with every field, then edited.
    let rule_form = |over: &[(&'static str, &'static str)]| {
        let mut f: Vec<(&str, String)> = vec![
            ("_csrf", token.clone()),
            ("enabled", "1".into()),
            ("name", "Harga".into()),
            ("matchType", "contains".into()),
            ("keywords", "harga, price".into()),
            ("reply", "Mulai Rp10.000".into()),
            ("priority", "5".into()),
            ("mediaUrl", "https://example.com/menu.jpg".into()),
            ("groups", "1".into()),
            ("sched_mon", "08:00-17:00".into()),
        ];
        for (k, val) in over {
            match f.iter_mut().find(|(name, _)| name == k) {
                Some(slot) => slot.1 = val.to_string(),
                None => f.push((k, val.to_string())),
            }
        }
        f.retain(|(_, val)| val != "<absent>");
        f
    };
    let r = post_pairs(&v, &format!("{path}/rules"), rule_form(&[])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let rules = app.get(&format!("{DEV}/{device}/bot/rules"), tok).await;
    let rule = rules.data()[0].clone();
    let id = rule["id"].as_i64().unwrap();
    assert_eq!(rule["priority"], 5);
    assert_eq!(rule["groups"], true);
    assert_eq!(rule["enabled"], true);
    assert_eq!(rule["mediaUrl"], "https://example.com/menu.jpg");
    assert_eq!(
        rule["schedule"]["mon"],
        json!([{"start": "08:00", "end": "17:00"}])
    );

    let edit = v.get(&format!("{path}?edit={id}")).await;
    assert_eq!(edit.status, StatusCode::OK);
    for shown in [
        "id=\"edit-rule\"".to_string(),
        format!("action=\"/devices/{device}/bot/rules/{id}\""),
        "id=\"rule-name\" name=\"name\" value=\"Harga\"".to_string(),
        "value=\"5\"".to_string(),
        "name=\"groups\" value=\"1\" checked".to_string(),
        "value=\"08:00-17:00\"".to_string(),
        "value=\"https://example.com/menu.jpg\"".to_string(),
    ] {
        assert!(edit.body.contains(&shown), "{shown}: {}", edit.body);
    }
    assert_translated(&path, &edit.body, &keys);
    // Not a rule (or not a number): the page offers the add form.
    for q in ["abc", "99999999999999999999", "424242"] {
        let p = v.get(&format!("{path}?edit={q}")).await;
        assert_eq!(p.status, StatusCode::OK, "{q}");
        assert!(p.body.contains("id=\"add-rule\""), "{q}");
    }

    let to = format!("{path}/rules/{id}");
    let r = post_pairs(
        &v,
        &to,
        rule_form(&[
            ("priority", "abc"),
            ("name", "Harga baru"),
            ("sched_tue", "noon"),
        ]),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    for shown in [
        "id=\"edit-rule\"",
        "id=\"rule-priority-err\"",
        "id=\"sched-tue-err\"",
        "value=\"Harga baru\"",
        "value=\"abc\"",
        "value=\"noon\"",
    ] {
        assert!(r.body.contains(shown), "{shown}: {}", r.body);
    }
    let r = post_pairs(&v, &to, rule_form(&[("priority", "5000")])).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("id=\"rule-priority-err\""), "{}", r.body);
    let r = post_pairs(
        &v,
        &to,
        rule_form(&[
            ("name", "Harga baru"),
            ("enabled", "<absent>"),
            ("groups", "<absent>"),
            ("priority", "-3"),
            ("mediaUrl", ""),
            ("sched_mon", ""),
            ("reply", "Mulai Rp12.000"),
        ]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(v.follow(&r).await.body.contains("The rule was saved."));
    let rules = app.get(&format!("{DEV}/{device}/bot/rules"), tok).await;
    let rule = &rules.data()[0];
    assert_eq!(
        rules.data().as_array().unwrap().len(),
        1,
        "edited, not added"
    );
    assert_eq!(rule["id"], id);
    assert_eq!(rule["name"], "Harga baru");
    assert_eq!(rule["enabled"], false);
    assert_eq!(rule["groups"], false);
    assert_eq!(rule["priority"], -3);
    assert_eq!(rule["reply"], "Mulai Rp12.000");
    assert_eq!(rule["mediaUrl"], Value::Null);
    assert_eq!(rule["schedule"], Value::Null);

    // Budi cannot edit Sari's rule.
    let budi = app.user("budi").await;
    let other = Visitor::new(&app.base);
    other.sign_in("budi", &budi.password).await;
    let t = other.get("/overview").await.csrf();
    let r = other
        .post(
            &to,
            &[
                ("_csrf", &t),
                ("name", "Diambil"),
                ("keywords", "x"),
                ("reply", "x"),
            ],
        )
        .await;
    assert_ne!(r.status, StatusCode::OK);
    let rules = app.get(&format!("{DEV}/{device}/bot/rules"), tok).await;
    assert_eq!(rules.data()[0]["name"], "Harga baru");

    // In Indonesian, a refused number says why in Indonesian.
    v.post(
        "/lang",
        &[("_csrf", &token), ("lang", "id"), ("back", &path)],
    )
    .await;
    let r = v
        .post(
            &format!("{path}/config"),
            &full_config(&token, &[("cooldownSecs", "-1")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.body.contains("bilangan bulat, 0 atau lebih"),
        "{}",
        r.body
    );
    assert_translated(&path, &r.body, &keys);
}

async fn post_pairs(v: &Visitor, to: &str, f: Vec<(&str, String)>) -> super::Page {
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, val)| (*k, val.as_str())).collect();
    v.post(to, &pairs).await
}
