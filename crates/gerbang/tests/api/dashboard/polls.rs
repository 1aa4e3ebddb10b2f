//! Polls in the inbox over HTTP, in both languages: the composer sends a poll, a contact votes,
//! and the poll's bubble shows the tally; a refused poll sends nothing.

use reqwest::StatusCode;
use serde_json::json;

use super::{assert_translated, catalogue_keys, Visitor};
use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(the_inbox_sends_a_poll_and_shows_its_tally);

const ANI: &str = "6281300000501";
const CHAT: &str = "6281300000501@s.whatsapp.net";
const DEV: &str = "/api/whatsapp-multi-device/devices";

async fn the_inbox_sends_a_poll_and_shows_its_tally(b: Backend) {
    let app = TestApp::spawn(b).await;
    let tono = app.user("tono").await;
    let device = app.device(tono.id, "Tono HP").await;
    app.link(&device).await;
    // The chat exists once Ani has written.
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/inbound"),
            app.admin(),
            json!({"from": ANI, "text": "halo"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = Visitor::new(&app.base);
    v.sign_in("tono", &tono.password).await;
    let path = format!("/inbox?device={device}&chat={}", CHAT.replace('@', "%40"));
    let page = wait_for(10, "Ani's chat in the inbox", || async {
        let page = v.get(&path).await;
        page.body.contains("halo").then_some(page)
    })
    .await;
    assert!(
        page.body.contains("action=\"/inbox/poll\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("New poll"));
    let csrf = page.csrf();

    // One option is not a poll: refused, nothing sent.
    let r = v
        .post(
            "/inbox/poll",
            &[
                ("_csrf", &csrf),
                ("device", &device),
                ("to", CHAT),
                ("question", "Kapan?"),
                ("options", "Besok"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let hist = app
        .get(
            &format!("{DEV}/{device}/chat-history/{CHAT}"),
            Some(&tono.token),
        )
        .await;
    assert_eq!(hist.data()["messages"].as_array().unwrap().len(), 1);

    let r = v
        .post(
            "/inbox/poll",
            &[
                ("_csrf", &csrf),
                ("device", &device),
                ("to", CHAT),
                ("question", "Kapan diantar?"),
                ("options", "Pagi\nSiang\n\nSore\n"),
                ("multiple", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let hist = app
        .get(
            &format!("{DEV}/{device}/chat-history/{CHAT}"),
            Some(&tono.token),
        )
        .await;
    let poll = hist.data()["messages"][0].clone();
    assert_eq!(poll["messageType"], "poll", "{poll}");
    assert_eq!(
        poll["extra"]["options"],
        json!(["Pagi", "Siang", "Sore"]),
        "{poll}"
    );
    assert_eq!(poll["extra"]["selectableCount"], 3, "{poll}");
    let id = poll["messageId"].as_str().unwrap().to_string();

    let r = app
        .post(
            &format!("/api/sim/devices/{device}/polls/{id}/vote"),
            app.admin(),
            json!({"from": ANI, "options": ["Siang", "Sore"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let page = wait_for(10, "the tally in the bubble", || async {
        let page = v.get(&path).await;
        page.body.contains("1 voted").then_some(page)
    })
    .await;
    let bubble = page
        .body
        .split(&format!("data-poll=\"{id}\""))
        .nth(1)
        .expect("the poll's tally");
    assert!(
        bubble.contains("Pagi</span> <span class=\"poll-count\">0 votes"),
        "{bubble}"
    );
    assert!(
        bubble.contains("Siang</span> <span class=\"poll-count\">1 votes"),
        "{bubble}"
    );
    assert!(
        bubble.contains("Sore</span> <span class=\"poll-count\">1 votes"),
        "{bubble}"
    );
    let keys = catalogue_keys();
    assert_translated(&path, &page.body, &keys);

    // In Indonesian.
    let lang = v
        .post(
            "/lang",
            &[("_csrf", &csrf), ("lang", "id"), ("back", &path)],
        )
        .await;
    assert_eq!(lang.status, StatusCode::SEE_OTHER);
    let page = v.get(&path).await;
    assert!(page.body.contains("Polling baru"), "{}", page.body);
    assert!(page.body.contains("1 memilih"), "{}", page.body);
    assert!(page.body.contains("1 suara"), "{}", page.body);
    assert_translated(&path, &page.body, &keys);
}
