//! The operator screens over HTTP, on both databases: webhooks (create with the event picker,
//! the secret shown once, a refused form kept as typed, a test delivery to a receiver on
//! loopback, the delivery log with attempts, redelivering the dead, edit, delete) and the event
//! monitor (backlog, filters, JSON, only the viewer's devices) and the message log (search).

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{assert_translated, catalogue_keys, Page, Visitor};
use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};
use crate::webhooks::receiver::{Mode, Receiver};

db_tests!(webhooks_the_event_monitor_and_the_message_log_work_from_the_dashboard);

const DEV: &str = "/api/whatsapp-multi-device/devices";

async fn inbound(app: &TestApp, device: &str, text: &str) {
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/inbound"),
            app.admin(),
            json!({"from": "081200000777", "text": text}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// The part of the page from the element with this id on.
fn from_id<'a>(page: &'a Page, id: &str) -> &'a str {
    page.body
        .split(&format!("id=\"{id}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no #{id} in {}", page.body))
}

async fn webhooks_the_event_monitor_and_the_message_log_work_from_the_dashboard(b: Backend) {
    let app = TestApp::spawn_with(b, |c| {
        c.webhook_allow_internal = true;
        c.webhook_retry_base_ms = 20;
        c.webhook_timeout_secs = 5;
    })
    .await;
    let wulan = app.user("wulan").await;
    let device = app.device(wulan.id, "Toko Wulan").await;
    app.link(&device).await;
    let keys = catalogue_keys();
    let v = Visitor::new(&app.base);
    v.sign_in("wulan", &wulan.password).await;

    let page = v.get("/webhooks").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("No webhooks yet."));
    assert!(
        !page.body.contains("value=\"*\""),
        "only admins get global webhooks"
    );
    assert_translated("/webhooks", &page.body, &keys);
    let csrf = page.csrf();
    let rx = Receiver::start(0, Mode::Answer(200)).await;
    let url = rx.url();

    // Refused: a URL that is not http(s); what was typed and ticked comes back.
    let r = v
        .post(
            "/webhooks",
            &[
                ("_csrf", &csrf),
                ("device", &device),
                ("url", "ftp://toko.example/hook"),
                ("events", "message.new"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let form = from_id(&r, "create-webhook");
    assert!(form.contains("value=\"ftp://toko.example/hook\""), "{form}");
    assert!(form.contains("id=\"wh-url-error\""), "{form}");
    assert!(
        form.contains("value=\"message.new\" checked"),
        "the ticked event stays ticked"
    );
    // Refused: a header line that is not `Name: value`.
    let r = v
        .post(
            "/webhooks",
            &[
                ("_csrf", &csrf),
                ("device", &device),
                ("url", &url),
                ("headers", "no colon"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(from_id(&r, "create-webhook").contains("id=\"wh-headers-error\""));
    // Nothing was made by either.
    let list = app
        .get(
            &format!("{DEV}/{device}/webhooks"),
            Some(wulan.token.as_str()),
        )
        .await;
    assert_eq!(list.data().as_array().unwrap().len(), 0);

    let r = v
        .post(
            "/webhooks",
            &[
                ("_csrf", &csrf),
                ("device", &device),
                ("url", &url),
                ("events", "message.new"),
                ("headers", "X-Shop: Toko Wulan"),
                ("active", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let shown = from_id(&r, "new-secret");
    let secret = shown[1..shown.find('<').unwrap()].to_string();
    assert!(secret.starts_with("whsec_"), "{secret}");
    rx.set_secret(&secret);
    let list = app
        .get(
            &format!("{DEV}/{device}/webhooks"),
            Some(wulan.token.as_str()),
        )
        .await;
    let hook: &Value = &list.data()[0];
    assert_eq!(hook["events"], json!(["message.new"]));
    assert_eq!(hook["headers"]["X-Shop"], "Toko Wulan");
    let id = hook["id"].as_i64().unwrap();
    let path = format!("/webhooks/{id}");
    assert!(
        !v.get("/webhooks").await.body.contains(&secret),
        "shown once"
    );

    // The test delivery: signed, answered, not an event in the log.
    let r = v.post(&format!("{path}/test"), &[("_csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let result = from_id(&r, "test-result");
    assert!(result.contains("accepted the test"), "{result}");
    assert!(result.contains("HTTP 200"), "{result}");
    let hits = rx.hits();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].body["type"], "webhook.test");
    assert!(hits[0].signature_ok && hits[0].headers_ok);
    assert!(v.get(&path).await.body.contains("No deliveries here."));

    // A delivered event, then a dead one, in the log with their attempts.
    inbound(&app, &device, "pesan satu").await;
    wait_for(20, "the first delivery", || async {
        (rx.acked().len() == 2).then_some(())
    })
    .await;
    let page = wait_for(10, "the delivery in the log", || async {
        let p = v.get(&format!("{path}?status=delivered")).await;
        p.body.contains("id=\"delivery-log\"").then_some(p)
    })
    .await;
    let log = from_id(&page, "delivery-log");
    assert!(
        log.contains("message.new") && log.contains("HTTP 200"),
        "{log}"
    );
    assert!(log.contains("pesan satu"), "the payload is there to read");
    assert_translated(&path, &page.body, &keys);

    rx.set_mode(Mode::Answer(400));
    inbound(&app, &device, "pesan dua").await;
    let page = wait_for(20, "a dead delivery", || async {
        let p = v.get(&format!("{path}?status=dead")).await;
        p.body.contains("id=\"redeliver-dead\"").then_some(p)
    })
    .await;
    assert!(from_id(&page, "delivery-log").contains("HTTP 400"));
    rx.set_mode(Mode::Answer(200));
    let r = v
        .post(&format!("{path}/redeliver-dead"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(v.follow(&r).await.body.contains("queued again"));
    wait_for(20, "the dead one delivered", || async {
        (rx.acked().len() == 3).then_some(())
    })
    .await;

    // Edit: every event, another header, switched off. A bad URL changes nothing.
    let r = v
        .post(
            &path,
            &[("_csrf", &csrf), ("url", "not a url"), ("active", "on")],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(from_id(&r, "edit-webhook").contains("value=\"not a url\""));
    let r = v
        .post(
            &path,
            &[
                ("_csrf", &csrf),
                ("url", &url),
                ("headers", "X-Shop: Cabang 2"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let hook = app
        .get(&format!("/api/webhooks/{id}"), Some(wulan.token.as_str()))
        .await;
    assert_eq!(hook.data()["events"], json!([]));
    assert_eq!(hook.data()["active"], false);
    assert_eq!(hook.data()["headers"]["X-Shop"], "Cabang 2");

    // Nobody else's: another user gets a 404 page and cannot test or delete it.
    let dodi = app.user("dodi").await;
    let other = Visitor::new(&app.base);
    other.sign_in("dodi", &dodi.password).await;
    assert_eq!(other.get(&path).await.status, StatusCode::NOT_FOUND);
    let other_csrf = other.get("/webhooks").await.csrf();
    let r = other
        .post(&format!("{path}/delete"), &[("_csrf", &other_csrf)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(other.follow(&r).await.body.contains("flash-error"));
    assert_eq!(
        app.get(&format!("/api/webhooks/{id}"), Some(wulan.token.as_str()))
            .await
            .status,
        StatusCode::OK
    );

    // The event monitor: the viewer's events with their JSON, filtered by type.
    let page = v.get("/events").await;
    assert_eq!(page.status, StatusCode::OK);
    let list = from_id(&page, "event-monitor");
    assert!(
        list.contains("message.new") && list.contains("pesan dua"),
        "{list}"
    );
    assert!(
        !list.contains("webhook.test"),
        "a test delivery is not an event"
    );
    assert_translated("/events", &page.body, &keys);
    let page = v.get("/events?type=whatsapp-status").await;
    let list = from_id(&page, "event-monitor");
    assert!(list.contains("whatsapp-status") && !list.contains("pesan dua"));
    let page = v.get(&format!("/events?device={device}")).await;
    assert!(from_id(&page, "event-monitor").contains("pesan satu"));
    let page = other.get("/events").await;
    assert!(
        !page.body.contains("pesan satu"),
        "another user sees none of it"
    );
    // Another user's device as the filter: refused, not shown.
    let r = other.get(&format!("/events?device={device}")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The message log: searched in any case, by direction, each row linking to its chat.
    let page = v.get("/messages").await;
    assert_eq!(page.status, StatusCode::OK);
    let log = from_id(&page, "message-log");
    assert!(
        log.contains("pesan satu") && log.contains("pesan dua"),
        "{log}"
    );
    assert!(log.contains("chat=6281200000777%40s.whatsapp.net"), "{log}");
    assert_translated("/messages", &page.body, &keys);
    let log = v.get("/messages?q=DUA").await;
    let log = from_id(&log, "message-log");
    assert!(
        log.contains("pesan dua") && !log.contains("pesan satu"),
        "{log}"
    );
    assert!(v
        .get("/messages?q=tidak+ada")
        .await
        .body
        .contains("No message matches."));
    assert!(!v
        .get("/messages?direction=out")
        .await
        .body
        .contains("pesan satu"));
    assert!(!other
        .get("/messages?q=pesan")
        .await
        .body
        .contains("pesan satu"));

    // The API's test delivery; a public host is refused here before any lookup (tests run
    // with the loopback-only switch), and says why.
    let r = app
        .post(
            &format!("/api/webhooks/{id}/test"),
            Some(wulan.token.as_str()),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["delivered"], true);
    assert_eq!(r.data()["statusCode"], 200);
    let public = app
        .post(
            &format!("{DEV}/{device}/webhooks"),
            Some(wulan.token.as_str()),
            json!({"url": "https://example.com/hook", "active": false}),
        )
        .await;
    let public = public.data()["id"].as_i64().unwrap();
    let r = app
        .post(
            &format!("/api/webhooks/{public}/test"),
            Some(wulan.token.as_str()),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["delivered"], false);
    assert!(r.data()["statusCode"].is_null());
    assert!(
        r.data()["error"].as_str().unwrap().contains("loopback"),
        "{}",
        r.body
    );

    // An administrator adds a global webhook: every device's events.
    let admin = Visitor::new(&app.base);
    admin.sign_in("admin", crate::harness::ADMIN_PASSWORD).await;
    let page = admin.get("/webhooks").await;
    assert!(
        page.body.contains("value=\"*\""),
        "admins may pick all devices"
    );
    let r = admin
        .post(
            "/webhooks",
            &[
                ("_csrf", &page.csrf()),
                ("device", "*"),
                ("url", "https://pusat.example/all"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(from_id(&r, "webhook-list").contains("All devices"));
    let global = app.get("/api/admin/webhooks", app.admin()).await;
    assert_eq!(global.data()[0]["deviceId"], Value::Null);
    assert_eq!(global.data()[0]["active"], false, "the box was not ticked");

    // Delete, after asking.
    let page = v.get(&path).await;
    assert!(page.body.contains("class=\"confirm\""));
    let r = v.post(&format!("{path}/delete"), &[("_csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/webhooks");
    assert_eq!(
        app.get(&format!("/api/webhooks/{id}"), Some(wulan.token.as_str()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
