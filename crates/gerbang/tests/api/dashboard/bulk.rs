//! The address book, templates, blasts, jobs and scheduled messages in the dashboard, over plain
//! HTTP on both databases: every page in both languages, CSRF refusals, an import with a
//! rejected row, a template preview, a blast from the form that completes on the sim engine,
//! retry, pause, resume and cancel through the job page's buttons, scheduling and cancelling.

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{assert_translated, catalogue_keys, Page, Visitor};
use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp, TestUser, ADMIN_PASSWORD};

db_tests!(
    the_bulk_pages_answer_in_both_languages,
    bulk_forms_without_a_csrf_token_change_nothing,
    an_import_through_the_form_shows_the_rejected_row,
    categories_and_templates_are_managed_and_previewed,
    a_blast_from_the_form_completes_and_is_controlled_by_the_buttons,
    a_message_is_scheduled_and_cancelled_through_the_form,
    an_admin_blasts_with_the_device_owners_address_book,
);

/// A user with a linked sim device, signed in to the dashboard.
async fn signed_in_user(app: &TestApp, name: &str) -> (TestUser, String, Visitor) {
    let user = app.user(name).await;
    let device = app.device(user.id, &format!("HP {name}")).await;
    app.link(&device).await;
    let v = Visitor::new(&app.base);
    v.sign_in(name, &user.password).await;
    (user, device, v)
}

fn ok(p: &Page, what: &str) {
    assert_eq!(p.status, StatusCode::OK, "{what}: {}", p.body);
}

/// Posts a form with the page's CSRF token and follows the redirect.
async fn submit(v: &Visitor, from: &str, action: &str, fields: &[(&str, &str)]) -> Page {
    let token = v.get(from).await.csrf();
    let mut form = vec![("_csrf", token.as_str())];
    form.extend_from_slice(fields);
    let r = v.post(action, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{action}: {}", r.body);
    v.follow(&r).await
}

async fn api_job(app: &TestApp, user: &TestUser, id: &str) -> Value {
    let r = app
        .get(
            &format!("/api/whatsapp-multi-device/jobs/{id}"),
            Some(&user.token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data().clone()
}

async fn contacts(app: &TestApp, user: &TestUser) -> Vec<Value> {
    let r = app
        .get("/api/whatsapp-multi-device/contacts", Some(&user.token))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data()["items"].as_array().unwrap().clone()
}

async fn the_bulk_pages_answer_in_both_languages(b: Backend) {
    let app = TestApp::spawn(b).await;
    let keys = catalogue_keys();
    let (user, device, v) = signed_in_user(&app, "dewi").await;
    let page = submit(
        &v,
        "/categories",
        "/categories",
        &[("name", "Pelanggan"), ("description", "")],
    )
    .await;
    assert!(page.body.contains("Pelanggan"), "{}", page.body);
    let category = app
        .get(
            "/api/whatsapp-multi-device/contact-categories",
            Some(&user.token),
        )
        .await
        .data()["items"][0]["id"]
        .as_i64()
        .unwrap();
    let cat = category.to_string();
    submit(
        &v,
        "/contacts",
        "/contacts",
        &[
            ("name", "Bu Ani"),
            ("phone", "0812-1111-2222"),
            ("tags", "vip, baru"),
            ("category", &cat),
        ],
    )
    .await;
    let contact = contacts(&app, &user).await[0]["id"].as_i64().unwrap();
    let page = submit(
        &v,
        "/templates",
        "/templates",
        &[("name", "Promo"), ("body", "{Halo|Hai} {{name|Kak}}!")],
    )
    .await;
    assert!(page.body.contains("Promo"));
    let template = contacts_template_id(&app, &user).await;
    let job = app
        .post(
            &format!("/api/whatsapp-multi-device/devices/{device}/jobs/send-text"),
            Some(&user.token),
            json!({"recipients": ["0812 3333 4444"], "message": "Tes", "delaySecs": 0, "jitterSecs": 0}),
        )
        .await;
    assert_eq!(job.status, StatusCode::CREATED, "{}", job.body);
    let job = job.data()["jobId"].as_str().unwrap().to_string();
    let pages = [
        "/contacts".to_string(),
        "/contacts?search=ani&tag=vip".into(),
        format!("/contacts?category={category}&page=1"),
        format!("/contacts/{contact}"),
        "/categories".into(),
        "/templates".into(),
        format!("/templates/{template}"),
        format!("/templates/{template}?preview=1&contact={contact}&values="),
        "/blast".into(),
        "/jobs".into(),
        format!("/jobs/{job}"),
        "/scheduled".into(),
    ];
    for lang in ["en", "id"] {
        let token = v.get("/profile").await.csrf();
        let r = v
            .post(
                "/lang",
                &[("_csrf", &token), ("lang", lang), ("back", "/profile")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        for path in &pages {
            let p = v.get(path).await;
            ok(&p, path);
            assert!(
                p.body.contains(&format!("<html lang=\"{lang}\" ")),
                "{path} in {lang}"
            );
            assert!(
                !p.body.contains("<script>") && !p.body.contains("style="),
                "{path}: inline code"
            );
            for link in [
                "/contacts",
                "/categories",
                "/templates",
                "/blast",
                "/jobs",
                "/scheduled",
            ] {
                assert!(
                    p.body.contains(&format!("<a href=\"{link}\" aria-current")),
                    "{path}: no {link} in the navigation"
                );
            }
            assert_translated(path, &p.body, &keys);
        }
    }
    let id = v.get("/contacts").await;
    assert!(id.body.contains("Ekspor CSV") && id.body.contains("Bu Ani"));
    // The exports carry the filtered address book.
    let csv = v.get("/contacts/export?format=csv&tag=vip").await;
    ok(&csv, "csv export");
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(csv.body.contains("6281211112222") && csv.body.contains("Bu Ani"));
    let json = v.get("/contacts/export?format=json&tag=nope").await;
    ok(&json, "json export");
    assert_eq!(
        serde_json::from_str::<Value>(&json.body).unwrap(),
        json!([])
    );
    // Someone else's job is not shown to this user.
    let other = Visitor::new(&app.base);
    let eko = app.user("eko").await;
    other.sign_in("eko", &eko.password).await;
    assert_eq!(
        other.get(&format!("/jobs/{job}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!other.get("/jobs").await.body.contains(&job));
    // Administrators see every user's jobs and scheduled messages.
    let admin = Visitor::new(&app.base);
    admin.sign_in("admin", crate::harness::ADMIN_PASSWORD).await;
    assert!(admin
        .get("/jobs")
        .await
        .body
        .contains(&format!("/jobs/{job}")));
    ok(
        &admin.get(&format!("/jobs/{job}")).await,
        "the admin's view of a job",
    );
    // Signed-out visitors are sent to sign in.
    let stranger = Visitor::new(&app.base);
    assert_eq!(stranger.get("/contacts").await.location(), "/login");
}

/// The texts the simulated network carried from the device.
async fn outbox(app: &TestApp, user: &TestUser, device: &str) -> Vec<String> {
    let r = app
        .get(
            &format!("/api/sim/devices/{device}/outbox"),
            Some(&user.token),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data()
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["text"].as_str().map(str::to_string))
        .collect()
}

async fn contacts_template_id(app: &TestApp, user: &TestUser) -> i64 {
    let r = app
        .get("/api/whatsapp-multi-device/templates", Some(&user.token))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data()["items"][0]["id"].as_i64().unwrap()
}

async fn bulk_forms_without_a_csrf_token_change_nothing(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (user, device, v) = signed_in_user(&app, "rina").await;
    let posts: [(&str, Vec<(&str, &str)>); 5] = [
        ("/contacts", vec![("name", "X"), ("phone", "081299998888")]),
        ("/categories", vec![("name", "X")]),
        ("/templates", vec![("name", "X"), ("body", "Halo")]),
        (
            "/scheduled",
            vec![
                ("device", device.as_str()),
                ("to", "081299998888"),
                ("text", "Halo"),
                ("send_at", "2099-01-01T09:00"),
            ],
        ),
        (
            "/blast",
            vec![
                ("device", device.as_str()),
                ("recipients", "081299998888"),
                ("message", "Halo"),
            ],
        ),
    ];
    for (path, fields) in &posts {
        for token in [None, Some("forged")] {
            let mut form = fields.clone();
            if let Some(t) = token {
                form.push(("_csrf", t));
            }
            let r = v.post(path, &form).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.body);
            assert!(r.body.contains("did not come from this site"), "{path}");
        }
    }
    let file = Form::new().part(
        "file",
        Part::bytes(b"name,phone\nA,081211112222\n".to_vec()).file_name("c.csv"),
    );
    let r = v.post_multipart("/contacts/import", file).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(contacts(&app, &user).await.is_empty());
    for api in [
        "/api/whatsapp-multi-device/contact-categories",
        "/api/whatsapp-multi-device/templates",
        "/api/whatsapp-multi-device/jobs",
    ] {
        let r = app.get(api, Some(&user.token)).await;
        assert_eq!(r.data()["total"], 0, "{api}: {}", r.body);
    }
    assert!(v
        .get("/scheduled")
        .await
        .body
        .contains("No scheduled messages."));
}

async fn an_import_through_the_form_shows_the_rejected_row(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (user, _, v) = signed_in_user(&app, "budi").await;
    let token = v.get("/contacts").await.csrf();
    let csv = "Nama;No HP;Kota\nSari;0812-1111-2222;Bandung\nJoko;bukan nomor;Solo\nSari lagi;+62 812 1111 2222;Bandung\nTono;0813 5555 6666;Medan\n";
    let form = Form::new().text("_csrf", token).text("tags", "impor").part(
        "file",
        Part::bytes(csv.as_bytes().to_vec())
            .file_name("pelanggan.csv")
            .mime_str("text/csv")
            .unwrap(),
    );
    let page = v.post_multipart("/contacts/import", form).await;
    ok(&page, "import");
    let count = |id: &str| {
        let at = page.body.find(&format!("id=\"{id}\">")).unwrap() + id.len() + 6;
        page.body[at..at + page.body[at..].find('<').unwrap()].to_string()
    };
    assert_eq!(count("import-created"), "2", "{}", page.body);
    assert_eq!(count("import-merged"), "1");
    assert_eq!(count("import-rejected"), "1");
    assert!(page
        .body
        .contains("<td data-label=\"Row\">3</td><td data-label=\"Column\">No HP</td><td data-label=\"Reason\">Not a valid phone number"));
    let saved = contacts(&app, &user).await;
    assert_eq!(saved.len(), 2);
    assert!(saved.iter().all(|c| c["tags"] == json!(["impor"])));
    // A form without a file is refused with the field named.
    let token = v.get("/contacts").await.csrf();
    let r = v
        .post_multipart("/contacts/import", Form::new().text("_csrf", token))
        .await;
    let page = v.follow(&r).await;
    assert!(
        page.body.contains("Please check these fields: File"),
        "{}",
        page.body
    );
}

async fn categories_and_templates_are_managed_and_previewed(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (user, _, v) = signed_in_user(&app, "lina").await;
    submit(&v, "/categories", "/categories", &[("name", "Reseller")]).await;
    let cats = app
        .get(
            "/api/whatsapp-multi-device/contact-categories",
            Some(&user.token),
        )
        .await;
    let cat = cats.data()["items"][0]["id"].as_i64().unwrap();
    let page = submit(
        &v,
        "/categories",
        &format!("/categories/{cat}"),
        &[("name", "Agen")],
    )
    .await;
    assert!(page.body.contains("The category was renamed.") && page.body.contains("Agen"));
    submit(
        &v,
        "/contacts",
        "/contacts",
        &[
            ("name", "Pak Harto"),
            ("phone", "+62 813-2222-3333"),
            ("category", &cat.to_string()),
        ],
    )
    .await;
    // "Contacts in category" lists its members.
    let link = format!("/contacts?category={cat}");
    assert!(v.get("/categories").await.body.contains(&link));
    let members = v.get(&link).await;
    assert!(members.body.contains("Pak Harto") && members.body.contains("+62 813-2222-3333"));
    // A contact is edited and its name shows; a bad number is refused with the field named.
    let contact = contacts(&app, &user).await[0]["id"].as_i64().unwrap();
    let path = format!("/contacts/{contact}");
    let page = submit(
        &v,
        &path,
        &path,
        &[
            ("name", "Pak Harto W"),
            ("phone", "081322223333"),
            ("tags", "grosir"),
        ],
    )
    .await;
    assert!(page.body.contains("The contact was saved."));
    assert_eq!(contacts(&app, &user).await[0]["tags"], json!(["grosir"]));
    assert_eq!(contacts(&app, &user).await[0]["categories"], json!([]));
    // The refused edit comes back as typed, the number marked with its reason.
    let token = v.get(&path).await.csrf();
    let page = v
        .post(
            &path,
            &[("_csrf", token.as_str()), ("name", "X"), ("phone", "12")],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
    assert!(
        page.body.contains("id=\"contact-phone-error\"")
            && page.body.contains("value=\"X\"")
            && page.body.contains("value=\"12\""),
        "{}",
        page.body
    );
    assert_eq!(contacts(&app, &user).await[0]["name"], "Pak Harto W");

    // A template, previewed for the contact and for typed sample values.
    let page = submit(
        &v,
        "/templates",
        "/templates",
        &[
            ("name", "Sapa"),
            ("body", "Halo {{name|Kak}}, kota {{kota}}"),
        ],
    )
    .await;
    assert!(page.body.contains("The template was added."));
    let tpl = contacts_template_id(&app, &user).await;
    let p = v
        .get(&format!(
            "/templates/{tpl}?preview=1&contact={contact}&values="
        ))
        .await;
    ok(&p, "preview");
    assert!(p.body.contains("Halo Pak Harto W, kota "), "{}", p.body);
    assert!(p.body.contains("Variables without a value: kota"));
    let p = v
        .get(&format!(
            "/templates/{tpl}?preview=1&contact=&values=kota%3DBandung"
        ))
        .await;
    assert!(p.body.contains("Halo Kak, kota Bandung"), "{}", p.body);
    // A refused edit comes back as typed with the field's reason, and changes nothing.
    let tpath = format!("/templates/{tpl}");
    let token = v.get(&tpath).await.csrf();
    let r = v
        .post(
            &tpath,
            &[
                ("_csrf", token.as_str()),
                ("name", ""),
                ("body", "Isi baru yang diketik"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        r.body.contains(">Isi baru yang diketik</textarea>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("id=\"template-name-error\""), "{}", r.body);
    // A refused category name, new or renamed, likewise.
    let token = v.get("/categories").await.csrf();
    let r = v
        .post(
            "/categories",
            &[
                ("_csrf", token.as_str()),
                ("name", ""),
                ("description", "yang diketik"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("value=\"yang diketik\""), "{}", r.body);
    assert!(
        r.body.contains("id=\"new-category-name-error\""),
        "{}",
        r.body
    );
    let r = v
        .post(
            &format!("/categories/{cat}"),
            &[("_csrf", token.as_str()), ("name", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        r.body.contains(&format!("id=\"rename-{cat}-error\"")),
        "{}",
        r.body
    );
    // Edited, then deleted; the category too.
    submit(
        &v,
        &tpath,
        &tpath,
        &[("name", "Sapa"), ("body", "Selamat pagi")],
    )
    .await;
    let t = app
        .get(
            &format!("/api/whatsapp-multi-device/templates/{tpl}"),
            Some(&user.token),
        )
        .await;
    assert_eq!(t.data()["body"], "Selamat pagi");
    let page = submit(&v, &tpath, &format!("{tpath}/delete"), &[]).await;
    assert!(page.body.contains("The template was deleted."));
    assert_eq!(v.get(&tpath).await.status, StatusCode::NOT_FOUND);
    let page = submit(&v, "/categories", &format!("/categories/{cat}/delete"), &[]).await;
    assert!(page.body.contains("The category was deleted."));
    let page = submit(&v, &path, &format!("{path}/delete"), &[]).await;
    assert!(page.body.contains("The contact was deleted."));
    assert!(contacts(&app, &user).await.is_empty());
}

/// Sends the blast form; returns the job page it leads to and the job id.
async fn blast(v: &Visitor, fields: &[(&str, &str)]) -> (Page, String) {
    let token = v.get("/blast").await.csrf();
    let form_of = |confirm: bool| {
        let mut form = Form::new().text("_csrf", token.clone());
        for (k, val) in fields {
            form = form.text(k.to_string(), val.to_string());
        }
        if confirm {
            form = form.text("confirm", "1");
        }
        form
    };
    // First the review: nothing is sent yet; it says to how many and how it reads.
    let review = v.post_multipart("/blast", form_of(false)).await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    assert!(
        review.body.contains("id=\"review-send\""),
        "{}",
        review.body
    );
    assert!(review.body.contains("Send to "), "{}", review.body);
    let r = v.post_multipart("/blast", form_of(true)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = r
        .location()
        .strip_prefix("/jobs/")
        .unwrap_or_else(|| panic!("went to {}", r.location()))
        .to_string();
    (v.follow(&r).await, id)
}

async fn a_blast_from_the_form_completes_and_is_controlled_by_the_buttons(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (user, device, v) = signed_in_user(&app, "agus").await;
    submit(
        &v,
        "/contacts",
        "/contacts",
        &[
            ("name", "Bu Wati"),
            ("phone", "0815 1111 0001"),
            ("tags", "vip"),
        ],
    )
    .await;
    // The simulated network fails the first send, so there is something to retry.
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/faults"),
            Some(&user.token),
            json!({"kind": "send_failure", "count": 1}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let (page, id) = blast(
        &v,
        &[
            ("device", &device),
            ("recipients", "0815 1111 0002\n0815 1111 0003"),
            ("tags", "vip"),
            ("message", "Halo {{name|Kak}}, promo!"),
            ("delay", "0"),
            ("jitter", "0"),
            ("timezone", "Asia/Jakarta"),
        ],
    )
    .await;
    assert!(
        page.body.contains("The blast has started."),
        "{}",
        page.body
    );
    let done = wait_for(20, "the blast to complete", || async {
        let j = api_job(&app, &user, &id).await;
        (j["status"] == "completed").then_some(j)
    })
    .await;
    assert_eq!(done["progress"]["total"], 3);
    assert_eq!(done["progress"]["sent"], 2);
    assert_eq!(done["progress"]["failed"], 1);
    let path = format!("/jobs/{id}");
    let page = v.get(&path).await;
    assert!(page.body.contains("Completed"));
    assert!(
        page.body.contains("data-job-count=\"failed\">1<"),
        "{}",
        page.body
    );
    let retry = format!("action=\"{path}/retry\" class=\"inline\" data-job-when=\"retry\">");
    assert!(page.body.contains(&retry), "the retry button is shown");
    submit(&v, &path, &format!("{path}/retry"), &[]).await;
    wait_for(20, "the retried job", || async {
        let j = api_job(&app, &user, &id).await;
        (j["status"] == "completed" && j["progress"]["sent"] == 3).then_some(())
    })
    .await;
    let page = v.get(&path).await;
    assert!(
        page.body.contains("data-job-count=\"sent\">3<"),
        "{}",
        page.body
    );
    assert!(!page.body.contains(&retry), "nothing left to retry");
    assert!(page.body.contains("Halo {{name|Kak}}, promo!"));
    let texts = outbox(&app, &user, &device).await;
    assert!(
        texts.contains(&"Halo Bu Wati, promo!".to_string())
            && texts.contains(&"Halo Kak, promo!".to_string()),
        "{texts:?}"
    );

    // A saved template for the contacts of a category.
    submit(&v, "/categories", "/categories", &[("name", "Arisan")]).await;
    let cat = app
        .get(
            "/api/whatsapp-multi-device/contact-categories",
            Some(&user.token),
        )
        .await
        .data()["items"][0]["id"]
        .to_string();
    submit(
        &v,
        "/contacts",
        "/contacts",
        &[
            ("name", "Pak Udin"),
            ("phone", "0815 1111 0009"),
            ("category", &cat),
        ],
    )
    .await;
    submit(
        &v,
        "/templates",
        "/templates",
        &[
            ("name", "Undangan"),
            ("body", "Yth. {{name}}, arisan besok"),
        ],
    )
    .await;
    let tpl = contacts_template_id(&app, &user).await.to_string();
    let (_, by_template) = blast(
        &v,
        &[
            ("device", &device),
            ("category", &cat),
            ("template", &tpl),
            ("delay", "0"),
            ("jitter", "0"),
        ],
    )
    .await;
    wait_for(20, "the template blast", || async {
        let j = api_job(&app, &user, &by_template).await;
        (j["status"] == "completed").then_some(())
    })
    .await;
    let texts = outbox(&app, &user, &device).await;
    assert!(
        texts.contains(&"Yth. Pak Udin, arisan besok".to_string()),
        "{texts:?}"
    );

    let list = v.get("/jobs").await;
    assert!(list.body.contains(&format!("/jobs/{id}")) && list.body.contains("Completed"));

    // Bad pacing is refused with the field named, and no job is made.
    let token = v.get("/blast").await.csrf();
    let form = Form::new()
        .text("_csrf", token)
        .text("device", device.clone())
        .text("recipients", "0815 1111 0002")
        .text("message", "x")
        .text("delay", "lama");
    let r = v.post_multipart("/blast", form).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("id=\"blast-delay-error\""), "{}", r.body);
    assert!(r.body.contains("value=\"lama\"") && r.body.contains(">0815 1111 0002</textarea>"));

    // A slow job is paused and resumed with the page's buttons.
    let numbers: Vec<String> = (0..30).map(|i| format!("0816 2222 {i:04}")).collect();
    let (_, slow) = blast(
        &v,
        &[
            ("device", &device),
            ("recipients", &numbers.join("\n")),
            ("message", "Pelan-pelan"),
            ("delay", "1"),
            ("jitter", "0"),
        ],
    )
    .await;
    let path = format!("/jobs/{slow}");
    let page = submit(&v, &path, &format!("{path}/pause"), &[]).await;
    assert!(page.body.contains("Paused"), "{}", page.body);
    assert_eq!(api_job(&app, &user, &slow).await["status"], "paused");
    assert!(page.body.contains(&format!(
        "action=\"{path}/resume\" class=\"inline\" data-job-when=\"paused\">"
    )));
    let page = submit(&v, &path, &format!("{path}/resume"), &[]).await;
    assert!(page.body.contains("Running"));
    // Cancelling asks first, without JavaScript: the button is inside a confirmation.
    let confirm = page
        .body
        .find("<details class=\"confirm inline\" data-job-when=\"running paused\">")
        .expect("a confirmation around Cancel");
    let cancel = page
        .body
        .find(&format!("action=\"{path}/cancel\""))
        .unwrap();
    assert!(confirm < cancel && page.body[confirm..cancel].contains("Messages not yet sent"));
    assert_eq!(api_job(&app, &user, &slow).await["status"], "running");
    let page = submit(&v, &path, &format!("{path}/cancel"), &[]).await;
    assert!(page.body.contains("Cancelled"));
    // Pausing a cancelled job is refused as a conflict.
    let page = submit(&v, &path, &format!("{path}/pause"), &[]).await;
    assert!(page.body.contains("conflicts with the current state"));
    assert_eq!(api_job(&app, &user, &slow).await["status"], "cancelled");
}

async fn a_message_is_scheduled_and_cancelled_through_the_form(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (_, device, v) = signed_in_user(&app, "yanti").await;
    // The time zone defaults to the user's.
    assert!(v
        .get("/scheduled")
        .await
        .body
        .contains("name=\"timezone\" value=\"UTC\""));
    submit(
        &v,
        "/profile",
        "/profile",
        &[
            ("email", "yanti@example.id"),
            ("full_name", "Yanti"),
            ("language", "en"),
            ("time_zone", "Asia/Makassar"),
        ],
    )
    .await;
    assert!(v
        .get("/scheduled")
        .await
        .body
        .contains("name=\"timezone\" value=\"Asia/Makassar\""));
    let page = submit(
        &v,
        "/scheduled",
        "/scheduled",
        &[
            ("device", &device),
            ("to", "0812 7777 8888"),
            ("text", "Jangan lupa besok"),
            ("send_at", "2099-03-01T09:30"),
            ("timezone", "Asia/Jakarta"),
        ],
    )
    .await;
    assert!(
        page.body.contains("The message is scheduled."),
        "{}",
        page.body
    );
    assert!(page.body.contains("1 Mar 2099, 09:30") && page.body.contains("Scheduled"));
    let token = v.get("/scheduled").await.csrf();
    let page = v
        .post(
            "/scheduled",
            &[
                ("_csrf", token.as_str()),
                ("device", &device),
                ("to", "0812 7777 8888"),
                ("text", "Terlambat"),
                ("send_at", "2001-01-01T09:30"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
    // Refused: the form comes back as typed, the time marked with its reason, nothing stored.
    assert!(
        page.body.contains(">Terlambat</textarea>"),
        "the text is kept: {}",
        page.body
    );
    assert!(page.body.contains("value=\"0812 7777 8888\""));
    assert!(page.body.contains("value=\"2001-01-01T09:30\""));
    assert!(page
        .body
        .contains("id=\"schedule-at\" name=\"send_at\" type=\"datetime-local\" required value=\"2001-01-01T09:30\" aria-invalid=\"true\""));
    assert!(
        page.body.contains("id=\"schedule-at-error\""),
        "{}",
        page.body
    );
    assert!(!page.body.contains("id=\"schedule-to-error\""));
    assert_eq!(
        page.body.matches("/cancel\"").count(),
        1,
        "only the first is stored"
    );
    let at = page.body.find("/cancel\"").expect("a cancel button");
    let start = page.body[..at].rfind("/scheduled/").unwrap();
    let action = page.body[start..at + "/cancel".len()].to_string();
    let page = submit(&v, "/scheduled", &action, &[]).await;
    assert!(page.body.contains("The scheduled message was cancelled."));
    assert!(page.body.contains("Cancelled") && !page.body.contains("/cancel\""));
}

/// A job uses the address book of the device's owner. An administrator blasting on a user's
/// device gets that user's tags, categories and templates in the form, is told whose they are,
/// and the sample in the review is addressed by the owner's saved name.
async fn an_admin_blasts_with_the_device_owners_address_book(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (sari, device, _) = signed_in_user(&app, "sari").await;
    let api = "/api/whatsapp-multi-device";
    let r = app
        .post(
            &format!("{api}/contact-categories"),
            Some(&sari.token),
            json!({"name": "Langganan"}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let category = r.data()["id"].as_i64().unwrap();
    for (name, phone) in [
        ("Bu Wati", "0815 2222 0001"),
        ("Pak Joko", "0815 2222 0002"),
    ] {
        let r = app
            .post(
                &format!("{api}/contacts"),
                Some(&sari.token),
                json!({"name": name, "phone": phone, "tags": ["pelanggan"], "categoryIds": [category]}),
            )
            .await;
        assert!(r.status.is_success(), "{}", r.body);
    }
    for (token, name) in [
        (sari.token.as_str(), "Sapa Sari"),
        (app.admin_token.as_str(), "Punya Admin"),
    ] {
        let r = app
            .post(
                &format!("{api}/templates"),
                Some(token),
                json!({"name": name, "body": "Halo {{name|Kak}}"}),
            )
            .await;
        assert!(r.status.is_success(), "{}", r.body);
    }
    let v = Visitor::new(&app.base);
    v.sign_in("admin", ADMIN_PASSWORD).await;
    let page = v.get(&format!("/blast?device={device}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let owner = page
        .body
        .find("id=\"blast-owner\"")
        .expect("the page says whose book");
    assert!(page.body[owner..].contains("sari"), "{}", page.body);
    assert!(page.body.contains(">Sapa Sari<"), "the owner's template");
    assert!(
        !page.body.contains(">Punya Admin<"),
        "not the administrator's own"
    );
    assert!(page.body.contains("Langganan (2)"), "the owner's category");
    assert!(
        page.body.contains("<option value=\"pelanggan\">"),
        "the owner's tag"
    );

    let token = page.csrf();
    let review = v
        .post_multipart(
            "/blast",
            Form::new()
                .text("_csrf", token)
                .text("device", device.clone())
                .text("tags", "pelanggan")
                .text("message", "Halo {{name|Kak}}, promo!")
                .text("delay", "0")
                .text("jitter", "0")
                .text("timezone", "Asia/Jakarta"),
        )
        .await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    assert!(review.body.contains("Send to 2"), "{}", review.body);
    assert!(
        review.body.contains("Halo Bu Wati, promo!")
            || review.body.contains("Halo Pak Joko, promo!"),
        "named from the owner's contacts: {}",
        review.body
    );
    assert!(!review.body.contains("Halo Kak, promo!"), "{}", review.body);
}
