//! Inbound messages that the database cannot take as they are: NUL in a text is stored as
//! U+FFFD on both databases, and a message the database refuses outright is kept aside with
//! the reason (and a `message.unstored` event) while the messages after it go on.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::dbexec::{exec, is_sqlite, texts};
use crate::events::Sse;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    a_message_that_cannot_be_stored_does_not_hold_up_the_next,
    messages_that_waited_are_stored_together_in_order,
);

const FROM: &str = "081234500001";

async fn inbound(app: &TestApp, dev: &str, text: &str) {
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/inbound"),
            app.admin(),
            json!({"from": FROM, "text": text}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn bodies(app: &TestApp, dev: &str) -> Vec<String> {
    let h = app
        .get(
            &format!("/api/whatsapp-multi-device/devices/{dev}/chat-history/{FROM}"),
            app.admin(),
        )
        .await;
    assert_eq!(h.status, StatusCode::OK, "{}", h.body);
    h.data()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["body"].as_str().map(str::to_string))
        .collect()
}

async fn wait_for_body(app: &TestApp, dev: &str, body: &str) -> Vec<String> {
    wait_for(20, &format!("{body:?} stored"), || async {
        let all = bodies(app, dev).await;
        all.iter().any(|b| b == body).then_some(all)
    })
    .await
}

/// Makes the database refuse any message whose body is `poison`, as a damaged row would.
async fn poison_trigger(app: &TestApp) {
    if is_sqlite(app) {
        exec(
            app,
            &[
                "CREATE TRIGGER poison BEFORE INSERT ON messages WHEN NEW.body = 'poison' \
               BEGIN SELECT RAISE(ABORT, 'poisoned message refused'); END",
            ],
        )
        .await;
    } else {
        exec(
            app,
            &[
                "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN \
                 IF NEW.body = 'poison' THEN RAISE EXCEPTION 'poisoned message refused'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER poison BEFORE INSERT ON messages FOR EACH ROW \
                 EXECUTE FUNCTION poison()",
            ],
        )
        .await;
    }
}

async fn a_message_that_cannot_be_stored_does_not_hold_up_the_next(b: Backend) {
    let app = TestApp::spawn(b).await;
    let dev = app.device(1, "Masuk").await;
    app.link(&dev).await;

    // NUL (PostgreSQL refuses it in text) is stored as U+FFFD, on both databases alike.
    inbound(&app, &dev, "a\u{0}b").await;
    inbound(&app, &dev, "after the NUL").await;
    let stored = wait_for_body(&app, &dev, "after the NUL").await;
    assert!(stored.iter().any(|b| b == "a\u{FFFD}b"), "{stored:?}");

    // A message the database refuses is kept aside; the next one is stored all the same.
    poison_trigger(&app).await;
    inbound(&app, &dev, "poison").await;
    inbound(&app, &dev, "after the poison").await;
    let stored = wait_for_body(&app, &dev, "after the poison").await;
    assert!(!stored.iter().any(|b| b == "poison"), "{stored:?}");
    let kept = texts(
        &app,
        &format!("SELECT reason FROM inbound_failures WHERE device_id = '{dev}'"),
    )
    .await;
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].contains("poisoned message refused"), "{kept:?}");
    let payload = texts(
        &app,
        &format!(
            "SELECT {} FROM inbound_failures WHERE device_id = '{dev}'",
            if is_sqlite(&app) {
                "CAST(payload AS TEXT)"
            } else {
                "convert_from(payload, 'UTF8')"
            }
        ),
    )
    .await;
    let payload: Value = serde_json::from_str(&payload[0]).unwrap();
    assert_eq!(payload["body"], "poison", "{payload}");

    // Whoever follows the device hears of it, with the reason.
    let mut sse = Sse::open(
        &app,
        &format!("?deviceId={dev}"),
        app.admin().unwrap(),
        Some(0),
    )
    .await;
    let mut unstored = None;
    while let Some((_, e)) = sse.next(Duration::from_secs(2)).await {
        if e["type"] == "message.unstored" {
            unstored = Some(e);
            break;
        }
    }
    let e = unstored.expect("a message.unstored event");
    assert_eq!(e["data"]["messageId"], payload["id"], "{e}");
    assert!(
        e["data"]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("poisoned message refused")),
        "{e}"
    );
}

/// Messages that waited for the device (it was away) arrive together and are stored together
/// (issue #19: one write for what waited, not one per message), in the order they were
/// written, each once; a refused one among them is kept aside alone, and the unreadable ones
/// (handed over between them) are still followed by their message.
async fn messages_that_waited_are_stored_together_in_order(b: Backend) {
    let app = TestApp::spawn(b).await;
    let dev = app.device(1, "Antri").await;
    app.link(&dev).await;
    poison_trigger(&app).await;
    for fault in [
        json!({"kind": "undecryptable", "count": 3}),
        json!({"kind": "disconnect"}),
    ] {
        let r = app
            .post(
                &format!("/api/sim/devices/{dev}/faults"),
                app.admin(),
                fault,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let written: Vec<String> = (0..100)
        .map(|i| match i {
            50 => "poison".to_string(),
            _ => format!("n{i:03}"),
        })
        .collect();
    for text in &written {
        inbound(&app, &dev, text).await;
    }
    wait_for_body(&app, &dev, "n099").await;
    let stored = texts(
        &app,
        &format!("SELECT body FROM messages WHERE device_id = '{dev}' ORDER BY id"),
    )
    .await;
    let expected: Vec<String> = written.into_iter().filter(|t| t != "poison").collect();
    assert_eq!(stored, expected, "each once, in the order written");
    let kept = texts(
        &app,
        &format!("SELECT reason FROM inbound_failures WHERE device_id = '{dev}'"),
    )
    .await;
    assert_eq!(kept.len(), 1, "{kept:?}");
}
