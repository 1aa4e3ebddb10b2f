//! The device page's tools over HTTP, on both databases: the number check shows which numbers
//! are on WhatsApp, the profile form sets the push name and about text (a refused value
//! changes nothing), the call form turns rejecting on with a reply; all of it in Indonesian
//! without an English label left.

use reqwest::StatusCode;
use serde_json::json;

use super::{assert_translated, catalogue_keys, Visitor};
use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(the_number_check_profile_and_call_forms_work_in_both_languages);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const ON: &str = "6281300000401";
const OFF: &str = "6281300000402";

async fn the_number_check_profile_and_call_forms_work_in_both_languages(b: Backend) {
    let app = TestApp::spawn(b).await;
    let tono = app.user("tono").await;
    let tok = tono.token.as_str();
    let device = app.device(tono.id, "Tono HP").await;
    app.link(&device).await;
    for (phone, on) in [(ON, true), (OFF, false)] {
        let r = app
            .post(
                "/api/sim/accounts",
                app.admin(),
                json!({"phone": phone, "name": "Kontak", "onWhatsapp": on}),
            )
            .await;
        assert!(r.status.is_success(), "{}", r.body);
    }
    let keys = catalogue_keys();
    let v = Visitor::new(&app.base);
    v.sign_in("tono", &tono.password).await;
    let path = format!("/devices/{device}");
    let page = v.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    for id in ["number-check", "profile-settings", "call-settings"] {
        assert!(page.body.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert_translated(&path, &page.body, &keys);
    let csrf = page.csrf();

    // The number check: one number on WhatsApp, one not.
    let r = v
        .post(
            &format!("{path}/check-numbers"),
            &[("_csrf", &csrf), ("numbers", &format!("{ON}\n{OFF}"))],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let table = r
        .body
        .split("id=\"check-results\"")
        .nth(1)
        .expect("results");
    assert!(table.contains(&format!("{ON}@s.whatsapp.net")), "{table}");
    assert_eq!(table.matches("data-exists=\"true\"").count(), 1, "{table}");
    assert_eq!(table.matches("data-exists=\"false\"").count(), 1, "{table}");
    let r = v
        .post(
            &format!("{path}/check-numbers"),
            &[("_csrf", &csrf), ("numbers", "abc")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(v.follow(&r).await.body.contains("flash-error"));

    // The profile.
    let r = v
        .post(
            &format!("{path}/profile"),
            &[
                ("_csrf", &csrf),
                ("pushName", "Toko Tono"),
                ("about", "Buka setiap hari"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = v.follow(&r).await;
    assert!(
        page.body.contains("The profile was saved."),
        "{}",
        page.body
    );
    assert!(page.body.contains("value=\"Toko Tono\""));
    let p = app.get(&format!("{DEV}/{device}/profile"), Some(tok)).await;
    assert_eq!(p.data()["pushName"], "Toko Tono", "{}", p.body);
    assert_eq!(p.data()["about"], "Buka setiap hari", "{}", p.body);
    let long = "x".repeat(26);
    let r = v
        .post(
            &format!("{path}/profile"),
            &[("_csrf", &csrf), ("pushName", &long), ("about", "Tutup")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(v.follow(&r).await.body.contains("flash-error"));
    let p = app.get(&format!("{DEV}/{device}/profile"), Some(tok)).await;
    assert_eq!(
        p.data()["about"],
        "Buka setiap hari",
        "refused but changed: {}",
        p.body
    );

    // Calls: reject, with a reply.
    let r = v
        .post(
            &format!("{path}/call-settings"),
            &[
                ("_csrf", &csrf),
                ("rejectCalls", "on"),
                ("rejectMessage", "Silakan chat saja"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = v.follow(&r).await;
    assert!(
        page.body.contains("The call setting was saved."),
        "{}",
        page.body
    );
    assert!(page.body.contains(" checked>"), "{}", page.body);
    let s = app
        .get(&format!("{DEV}/{device}/call-settings"), Some(tok))
        .await;
    assert_eq!(s.data()["rejectCalls"], true, "{}", s.body);
    assert_eq!(s.data()["rejectMessage"], "Silakan chat saja", "{}", s.body);
    let r = v
        .post(
            &format!("{path}/call-settings"),
            &[("_csrf", &csrf), ("rejectMessage", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let s = app
        .get(&format!("{DEV}/{device}/call-settings"), Some(tok))
        .await;
    assert_eq!(s.data()["rejectCalls"], false, "{}", s.body);
    assert!(s.data()["rejectMessage"].is_null(), "{}", s.body);

    // In Indonesian: the tools are translated, no English label of theirs is left.
    let lang = v
        .post(
            "/lang",
            &[("_csrf", &csrf), ("lang", "id"), ("back", &path)],
        )
        .await;
    assert_eq!(lang.status, StatusCode::SEE_OTHER);
    let page = v.get(&path).await;
    for text in [
        "Nomor mana yang terdaftar di WhatsApp",
        "Profil WhatsApp",
        "Panggilan masuk",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    for english in [
        "Which numbers are on WhatsApp",
        "WhatsApp profile",
        "Incoming calls",
        "Reject incoming calls",
        "Save profile",
        "Push name",
        "Reply text",
    ] {
        assert!(!page.body.contains(english), "English left: {english}");
    }
    assert_translated(&path, &page.body, &keys);
    let r = v
        .post(
            &format!("{path}/check-numbers"),
            &[("_csrf", &page.csrf()), ("numbers", ON)],
        )
        .await;
    assert!(r.body.contains("Terdaftar di WhatsApp"), "{}", r.body);
}
