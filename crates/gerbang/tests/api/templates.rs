//! Templates: CRUD, preview, `use`, and bulk jobs to tags, categories and CSV with a template.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

const API: &str = "/api/whatsapp-multi-device";

db_tests!(
    templates_crud_preview_and_bad_input,
    a_template_is_used_for_one_recipient_and_for_a_job_to_tags_categories_and_csv,
);

async fn templates_crud_preview_and_bad_input(b: Backend) {
    let app = TestApp::spawn(b).await;
    let sari = app.user("sari").await;
    let budi = app.user("budi").await;
    let tok = Some(sari.token.as_str());
    let body = "{Halo|Hai} {{name|Kak}}, promo {{kota}} untuk {{phone}}!";
    let r = app
        .post(
            &format!("{API}/templates"),
            tok,
            json!({"name": "Promo", "body": body}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.data()["id"].as_i64().unwrap();
    assert_eq!(
        r.data()["variables"],
        json!([{"name": "name", "default": "Kak"}, {"name": "kota", "default": null}, {"name": "phone", "default": null}])
    );
    let dup = app
        .post(
            &format!("{API}/templates"),
            tok,
            json!({"name": "promo", "body": "x"}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT, "{}", dup.body);
    let bad = app
        .post(
            &format!("{API}/templates"),
            tok,
            json!({"name": "", "body": "Halo {{name"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert!(
        bad.field("name").is_some() && bad.field("body").is_some(),
        "{}",
        bad.body
    );

    let c = app
        .post(
            &format!("{API}/contacts"),
            tok,
            json!({"name": "Ani", "phone": "081211110001", "fields": {"kota": "Bogor"}}),
        )
        .await;
    let ani = c.data()["id"].as_i64().unwrap();
    let p = app
        .post(
            &format!("{API}/templates/{id}/preview"),
            tok,
            json!({"contactId": ani}),
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    let text = p.data()["text"].as_str().unwrap();
    assert!(
        [
            "Halo Ani, promo Bogor untuk 6281211110001!",
            "Hai Ani, promo Bogor untuk 6281211110001!"
        ]
        .contains(&text),
        "{text}"
    );
    assert_eq!(p.data()["missing"], json!([]));
    let p = app
        .post(
            &format!("{API}/templates/{id}/preview"),
            tok,
            json!({"variables": {"kota": "Depok"}}),
        )
        .await;
    assert!(
        p.data()["text"]
            .as_str()
            .unwrap()
            .ends_with(" Kak, promo Depok untuk !"),
        "{}",
        p.body
    );
    assert_eq!(p.data()["missing"], json!(["phone"]));
    let p = app
        .post(
            &format!("{API}/templates/{id}/preview"),
            tok,
            json!({"contactId": 999999}),
        )
        .await;
    assert!(p.field("contactId").is_some(), "{}", p.body);

    let u = app
        .put(
            &format!("{API}/templates/{id}"),
            tok,
            json!({"body": "Hai {{name}}"}),
        )
        .await;
    assert_eq!(u.data()["name"], "Promo");
    assert_eq!(
        u.data()["variables"],
        json!([{"name": "name", "default": null}])
    );
    let list = app.get(&format!("{API}/templates?search=pro"), tok).await;
    assert_eq!(list.data()["total"], 1);
    assert_eq!(
        app.get(&format!("{API}/templates"), Some(&budi.token))
            .await
            .data()["total"],
        0
    );
    assert_eq!(
        app.get(&format!("{API}/templates/{id}"), Some(&budi.token))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("{API}/templates"), app.admin())
            .await
            .data()["total"],
        1
    );
    assert_eq!(
        app.delete(&format!("{API}/templates/{id}"), tok)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("{API}/templates/{id}"), tok).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn outbox_texts(app: &TestApp, device: &str) -> BTreeMap<String, Vec<String>> {
    let mut by_to: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let r = app
        .get(&format!("/api/sim/devices/{device}/outbox"), app.admin())
        .await;
    for d in r.data().as_array().unwrap() {
        by_to
            .entry(
                d["to"]
                    .as_str()
                    .unwrap()
                    .trim_end_matches("@s.whatsapp.net")
                    .to_string(),
            )
            .or_default()
            .push(d["text"].as_str().unwrap_or("").to_string());
    }
    by_to
}

async fn a_template_is_used_for_one_recipient_and_for_a_job_to_tags_categories_and_csv(b: Backend) {
    let app = TestApp::spawn(b).await;
    let sari = app.user("sari").await;
    let tok = Some(sari.token.as_str());
    let device = app.device(sari.id, "Toko").await;
    app.link(&device).await;
    let t = app
        .post(
            &format!("{API}/templates"),
            tok,
            json!({"name": "Sapa", "body": "Halo {{name|Kak}} dari {{kota|Jakarta}}"}),
        )
        .await;
    let tid = t.data()["id"].as_i64().unwrap();

    // `use`: one recipient, by number with values, or a saved contact.
    let r = app
        .post(
            &format!("{API}/templates/{tid}/use"),
            tok,
            json!({"deviceId": device, "phone": "081233330001", "variables": {"name": "Budi"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["text"], "Halo Budi dari Jakarta");
    assert_eq!(r.data()["sent"]["chatJid"], "6281233330001@s.whatsapp.net");
    let cat = app
        .post(
            &format!("{API}/contact-categories"),
            tok,
            json!({"name": "Reseller"}),
        )
        .await;
    let cat_id = cat.data()["id"].as_i64().unwrap();
    let ani = app
        .post(&format!("{API}/contacts"), tok, json!({"name": "Ani", "phone": "081233330002", "tags": ["vip"], "fields": {"kota": "Bogor"}}))
        .await;
    let ani_id = ani.data()["id"].as_i64().unwrap();
    app.post(
        &format!("{API}/contacts"),
        tok,
        json!({"name": "Cici", "phone": "081233330003", "categoryIds": [cat_id]}),
    )
    .await;
    app.post(
        &format!("{API}/contacts"),
        tok,
        json!({"name": "Dedi", "phone": "081233330004", "tags": ["vip"], "categoryIds": [cat_id]}),
    )
    .await;
    app.post(
        &format!("{API}/contacts"),
        tok,
        json!({"name": "Eko", "phone": "081233330005", "tags": ["lain"]}),
    )
    .await;
    let r = app
        .post(
            &format!("{API}/templates/{tid}/use"),
            tok,
            json!({"deviceId": device, "contactId": ani_id}),
        )
        .await;
    assert_eq!(r.data()["text"], "Halo Ani dari Bogor", "{}", r.body);
    let r = app
        .post(
            &format!("{API}/templates/{tid}/use"),
            tok,
            json!({"deviceId": device}),
        )
        .await;
    assert!(r.field("phone").is_some(), "{}", r.body);

    // A job: tags and categories (each contact once), a CSV, an explicit recipient.
    let csv = "nama,hp,kota\nFani,081233330006,Solo\nAni lagi,081233330002,Medan\n";
    let r = app
        .post(
            &format!("{API}/devices/{device}/jobs/send-text"),
            tok,
            json!({
            "templateId": tid, "tags": ["VIP"], "categoryIds": [cat_id], "csv": csv,
            "recipients": [{"phone": "081233330007", "variables": {"name": "Gita"}}],
            "delaySecs": 0, "jitterSecs": 0}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.data()["progress"]["total"], 5, "{}", r.body);
    let id = r.data()["jobId"].as_str().unwrap().to_string();
    wait_for(20, "the job to finish", || async {
        let j = app.get(&format!("{API}/jobs/{id}"), tok).await;
        (j.data()["status"] == "completed").then_some(())
    })
    .await;
    let texts = outbox_texts(&app, &device).await;
    let expect = [
        (
            "6281233330002",
            vec!["Halo Ani dari Bogor", "Halo Ani dari Bogor"],
        ),
        ("6281233330003", vec!["Halo Cici dari Jakarta"]),
        ("6281233330004", vec!["Halo Dedi dari Jakarta"]),
        ("6281233330006", vec!["Halo Fani dari Solo"]),
        ("6281233330007", vec!["Halo Gita dari Jakarta"]),
    ];
    for (to, want) in expect {
        assert_eq!(
            texts.get(to).cloned().unwrap_or_default(),
            want,
            "{to}: {texts:?}"
        );
    }
    assert!(
        !texts.contains_key("6281233330005"),
        "Eko has neither the tag nor the category"
    );

    // Bad bodies name the field; old bodies still work.
    let url = format!("{API}/devices/{device}/jobs/send-text");
    let r = app
        .post(
            &url,
            tok,
            json!({"templateId": tid, "message": "x", "recipients": ["0812"]}),
        )
        .await;
    assert!(r.field("templateId").is_some(), "{}", r.body);
    let r = app
        .post(
            &url,
            tok,
            json!({"templateId": 999999, "recipients": ["081233330001"]}),
        )
        .await;
    assert!(r.field("templateId").is_some(), "{}", r.body);
    let r = app
        .post(&url, tok, json!({"message": "x", "tags": ["kosong"]}))
        .await;
    assert!(r.field("tags").is_some(), "{}", r.body);
    let r = app
        .post(&url, tok, json!({"message": "x", "categoryIds": [999999]}))
        .await;
    assert!(r.field("categoryIds[0]").is_some(), "{}", r.body);
    let r = app
        .post(
            &url,
            tok,
            json!({"message": "x", "csv": "nama,hp\nA,12ab\n"}),
        )
        .await;
    assert!(r.field("csv.row2").is_some(), "{}", r.body);
    let r = app.post(&url, tok, json!({"tags": ["vip"]})).await;
    assert!(r.field("message").is_some(), "{}", r.body);
    let r = app
        .post(
            &url,
            tok,
            json!({"recipients": ["081233330001"], "message": "Tes", "delaySecs": 3600}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let jobs: Value = app.get(&format!("{API}/jobs"), tok).await.body;
    assert_eq!(jobs["data"]["total"], 2, "the refused bodies made no job");
}
