//! The inbox and the bot: the bot's replies are marked, and an agent takes a chat over with one
//! click (a hand-off: the bot and its AI stay quiet) and gives it back, in both languages.

use reqwest::StatusCode;
use serde_json::json;

use super::{assert_translated, catalogue_keys, Visitor};
use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(an_agent_takes_a_chat_over_from_the_bot_in_the_inbox);

const DEV: &str = "/api/whatsapp-multi-device/devices";

async fn an_agent_takes_a_chat_over_from_the_bot_in_the_inbox(b: Backend) {
    let app = TestApp::spawn(b).await;
    let sari = app.user("sari").await;
    let tok = Some(sari.token.as_str());
    let device = app.device(sari.id, "Toko").await;
    app.link(&device).await;
    app.put(
        &format!("{DEV}/{device}/bot/config"),
        tok,
        json!({"enabled": true}),
    )
    .await;
    app.post(
        &format!("{DEV}/{device}/bot/rules"),
        tok,
        json!({"name": "Harga", "keywords": ["harga"], "reply": "Harga mulai Rp10.000"}),
    )
    .await;
    let ani = "6281311110001";
    let chat = format!("{ani}@s.whatsapp.net");
    app.post(
        "/api/sim/accounts",
        app.admin(),
        json!({"phone": ani, "name": "Ani"}),
    )
    .await;
    let write = |text: &'static str| {
        let app = &app;
        let device = device.clone();
        async move {
            let r = app
                .post(
                    &format!("/api/sim/devices/{device}/inbound"),
                    app.admin(),
                    json!({"from": ani, "text": text}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.data()["messageId"].as_str().unwrap().to_string()
        }
    };
    let decided = |inbound: String| {
        let app = &app;
        let device = device.clone();
        async move {
            wait_for(15, "the bot's decision", || async {
                let logs = app
                    .get(&format!("{DEV}/{device}/bot/logs?perPage=100"), app.admin())
                    .await;
                logs.data()["items"]
                    .as_array()
                    .and_then(|items| {
                        items
                            .iter()
                            .find(|l| l["inboundId"] == inbound.as_str())
                            .cloned()
                    })
                    .filter(|l| l["status"] != "claimed")
            })
            .await
        }
    };
    let d = decided(write("harga?").await).await;
    assert_eq!(d["status"], "sent", "{d}");

    let v = Visitor::new(&app.base);
    v.sign_in("sari", &sari.password).await;
    let keys = catalogue_keys();
    let inbox = format!("/inbox?device={device}&chat={chat}");
    let page = v.get(&inbox).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("class=\"bot-tag\">Bot<"),
        "the bot's reply is marked"
    );
    assert!(page.body.contains("id=\"take-over\""));
    assert!(page.body.contains("Take over from the bot"));
    assert_translated(&inbox, &page.body, &keys);

    // Without the CSRF token nothing happens.
    let r = v
        .post("/inbox/take-over", &[("device", &device), ("chat", &chat)])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let hs = app.get(&format!("{DEV}/{device}/bot/handoffs"), tok).await;
    assert_eq!(hs.data(), &json!([]));

    let token = page.csrf();
    let r = v
        .post(
            "/inbox/take-over",
            &[("_csrf", &token), ("device", &device), ("chat", &chat)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = v.follow(&r).await;
    assert!(
        page.body.contains("You took the chat over"),
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"resume-bot\""));
    let hs = app.get(&format!("{DEV}/{device}/bot/handoffs"), tok).await;
    assert_eq!(hs.data()[0]["contactJid"], chat.as_str());
    assert_eq!(hs.data()[0]["reason"], "manual");
    let d = decided(write("harga lagi?").await).await;
    assert_eq!(
        (d["action"].as_str(), d["detail"].as_str()),
        (Some("skip"), Some("handoff"))
    );

    // In Indonesian too; then the bot gets the chat back.
    let lang = v
        .post(
            "/lang",
            &[("_csrf", &token), ("lang", "id"), ("back", &inbox)],
        )
        .await;
    assert_eq!(lang.status, StatusCode::SEE_OTHER);
    let page = v.get(&inbox).await;
    assert!(
        page.body.contains("Biarkan bot menjawab lagi"),
        "{}",
        page.body
    );
    assert_translated(&inbox, &page.body, &keys);
    let r = v
        .post(
            "/inbox/resume-bot",
            &[
                ("_csrf", &page.csrf()),
                ("device", &device),
                ("chat", &chat),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(v
        .follow(&r)
        .await
        .body
        .contains("Bot menjawab kontak ini lagi"));
    let hs = app.get(&format!("{DEV}/{device}/bot/handoffs"), tok).await;
    assert_eq!(hs.data(), &json!([]));
    let d = decided(write("harga?").await).await;
    assert_eq!(d["action"], "rule");
}
