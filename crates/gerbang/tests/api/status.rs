//! Status updates (stories) over HTTP on the simulated network: a text status goes to the
//! people the device chats with unless recipients are named, a photo status is uploaded, bad
//! input is a 400 naming the field; contacts' status updates become `status.received` events
//! only once the device opted in. The real engine's version is `loopback_status.rs`.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend, TestApp};
use crate::loopback::next_event;
use crate::loopback_media::PNG;

db_tests!(statuses_are_posted_and_received_by_choice);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const CONTACT: &str = "6281300000401";

/// Posts a photo status from `dev` as multipart; the status code and body.
pub(crate) async fn post_photo(
    app: &TestApp,
    tok: &str,
    dev: &str,
    file: (&[u8], &str, &str),
    fields: &[(&str, &str)],
) -> (StatusCode, Value) {
    let (bytes, name, mime) = file;
    let part = reqwest::multipart::Part::bytes(bytes.to_vec())
        .file_name(name.to_string())
        .mime_str(mime)
        .unwrap();
    let mut form = reqwest::multipart::Form::new().part("file", part);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    let res = app
        .client
        .post(format!("{}{DEV}/{dev}/status/media", app.base))
        .bearer_auth(tok)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

async fn statuses_are_posted_and_received_by_choice(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    app.link(&dev).await;
    let status = format!("{DEV}/{dev}/status");

    // No chats yet and nobody named: nobody to show it to.
    let r = app.post(&status, Some(tok), json!({"text": "Buka!"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("recipients").is_some(), "{}", r.body);

    // A customer writes; now the status goes to them by default.
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/inbound"),
            app.admin(),
            json!({"from": CONTACT, "text": "kak, buka jam berapa?"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    wait_for(10, "the customer's chat", || async {
        let r = app.get(&format!("{DEV}/{dev}/chats"), Some(tok)).await;
        (r.data().as_array().is_some_and(|c| !c.is_empty())).then_some(())
    })
    .await;
    let r = app
        .post(
            &status,
            Some(tok),
            json!({"text": "Buka jam 8 sampai 21", "backgroundColor": "#1E6E4F"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["recipients"], 1, "{}", r.body);
    assert_eq!(r.data()["simulated"], true, "{}", r.body);
    assert!(r.data()["messageId"].as_str().unwrap().starts_with("3EB0"));

    // Named recipients, each once.
    let r = app
        .post(
            &status,
            Some(tok),
            json!({"text": "Promo", "recipients": ["0812-0000-0001", "6281200000001", "6281200000002"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["recipients"], 2, "{}", r.body);

    // Bad input names its field.
    for (body, field) in [
        (json!({"text": "  "}), "text"),
        (json!({"text": "x".repeat(701)}), "text"),
        (
            json!({"text": "x", "backgroundColor": "hijau"}),
            "backgroundColor",
        ),
        (
            json!({"text": "x", "recipients": ["120363000000000001@g.us"]}),
            "recipients",
        ),
        (
            json!({"text": "x", "recipients": ["bukan nomor"]}),
            "recipients",
        ),
        (json!({"text": "x", "recipients": []}), "recipients"),
    ] {
        let r = app.post(&status, Some(tok), body.clone()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.body);
        assert!(r.field(field).is_some(), "{body}: {}", r.body);
    }

    // A photo status; a document is not one.
    let (code, body) = post_photo(
        &app,
        tok,
        &dev,
        (PNG, "promo.png", "image/png"),
        &[
            ("caption", "Kue baru!"),
            ("recipients", "6281200000001, 6281200000002"),
        ],
    )
    .await;
    assert_eq!(code, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["recipients"], 2, "{body}");
    let (code, body) = post_photo(
        &app,
        tok,
        &dev,
        (b"%PDF-1.4", "menu.pdf", "application/pdf"),
        &[],
    )
    .await;
    assert_eq!(code, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"]["fields"]["file"].is_string(), "{body}");

    // Another user can neither post on this device nor read its setting.
    let other = app.user("lain").await;
    let r = app
        .post(&status, Some(&other.token), json!({"text": "x"}))
        .await;
    assert!(
        matches!(r.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "{}",
        r.body
    );
    let (code, _) = post_photo(&app, &other.token, &dev, (PNG, "a.png", "image/png"), &[]).await;
    assert!(matches!(
        code,
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
    ));

    // Contacts' statuses: off by default, so the first one is not reported.
    let settings = format!("{DEV}/{dev}/status-settings");
    let r = app.get(&settings, Some(tok)).await;
    assert_eq!(r.data()["receive"], false, "{}", r.body);
    let mut sse = Sse::open(
        &app,
        &format!("?deviceId={dev}&types=status.received"),
        tok,
        None,
    )
    .await;
    let contact_status = |text: &'static str| {
        let app = &app;
        let dev = dev.clone();
        async move {
            let r = app
                .post(
                    &format!("/api/sim/devices/{dev}/status"),
                    app.admin(),
                    json!({"from": CONTACT, "text": text}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            assert_eq!(r.data()["delivered"], true, "{}", r.body);
            r.data()["messageId"].as_str().unwrap().to_string()
        }
    };
    contact_status("tidak dilaporkan").await;
    // The engine's events of one device are handled in order: once a message sent after the
    // status is stored, the status was decided (under the old setting).
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/inbound"),
            app.admin(),
            json!({"from": CONTACT, "text": "pembatas"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let barrier = r.data()["messageId"].as_str().unwrap().to_string();
    wait_for(10, "the message after the status", || async {
        let r = app.get("/api/admin/messages", app.admin()).await;
        let items = r.data()["items"].as_array().cloned().unwrap_or_default();
        items
            .iter()
            .any(|m| m["messageId"] == barrier.as_str())
            .then_some(())
    })
    .await;
    let r = app
        .put(&settings, Some(tok), json!({"receive": true}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["receive"], true, "{}", r.body);
    let r = app
        .put(&settings, Some(tok), json!({"receive": "ya"}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(app.get(&settings, Some(tok)).await.data()["receive"], true);
    let second = contact_status("Diskon 10% hari ini").await;
    let got = next_event(&mut sse, "status.received", |e| {
        (e["type"] == "status.received").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(
        got["messageId"],
        second.as_str(),
        "only the one after opting in: {got}"
    );
    assert_eq!(got["text"], "Diskon 10% hari ini", "{got}");
    assert_eq!(got["senderPhone"], CONTACT, "{got}");
    assert_eq!(got["type"], "text", "{got}");

    // The simulator's control checks its input too.
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/status"),
            app.admin(),
            json!({"from": CONTACT, "type": "audio"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("type").is_some(), "{}", r.body);
}
