//! Polls on the real engine through the loopback WhatsApp server: gateway device A sends a poll
//! to B's phone, the phone sees it (with the secret) and votes, and A opens the encrypted vote
//! and tallies it; B's phone sends a poll, A stores it and votes, and the phone opens A's vote.

use reqwest::StatusCode;
use serde_json::{json, Value};

use gerbang_wa_fake::LoopbackServer;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend};
use crate::loopback::{gateway, link, next_event};

db_tests!(a_poll_goes_both_ways_and_the_votes_are_opened_and_counted);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000031";
const PHONE_B: &str = "6281200000032";

async fn a_poll_goes_both_ways_and_the_votes_are_opened_and_counted(b: Backend) {
    let server = LoopbackServer::start().await;
    server.phone_start(PHONE_B).unwrap();
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev_a = app.device(owner.id, "Kasir A").await;
    link(&app, &server, tok, &dev_a, PHONE_A).await;
    let mut at_a = Sse::open(&app, &format!("?deviceId={dev_a}"), tok, None).await;

    // A's poll reaches B's phone as a poll, with the secret that votes need.
    let r = app
        .post(
            &format!("{DEVICES}/{dev_a}/send-poll"),
            Some(tok),
            json!({"phone": PHONE_B, "question": "Buka jam berapa?",
                   "options": ["07.00", "08.00", "09.00"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["simulated"], false, "{}", r.body);
    let poll = r.data()["messageId"].as_str().unwrap().to_string();
    let got = wait_for(30, "the poll at B's phone", || async {
        server
            .phone_inbox(PHONE_B)
            .into_iter()
            .find(|m| m.id == poll)
    })
    .await;
    let seen = got.poll.expect("B's phone sees a poll");
    assert_eq!(seen.question, "Buka jam berapa?");
    assert_eq!(seen.options, ["07.00", "08.00", "09.00"]);
    assert_eq!(seen.selectable, 1);
    assert_eq!(seen.secret.len(), 32);

    // B votes; A decrypts the vote and counts it.
    server
        .phone_vote(PHONE_B, PHONE_A, &poll, &["08.00"])
        .unwrap();
    let vote = next_event(&mut at_a, "poll.vote at A", |e: &Value| {
        (e["type"] == "poll.vote").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(vote["messageId"], poll.as_str(), "{vote}");
    assert_eq!(vote["selectedOptions"], json!(["08.00"]), "{vote}");
    assert_eq!(vote["voterPhone"], PHONE_B, "{vote}");
    assert_eq!(vote["fromMe"], false, "{vote}");
    let t = app
        .get(
            &format!("{DEVICES}/{dev_a}/messages/{poll}/poll"),
            Some(tok),
        )
        .await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.body);
    assert_eq!(t.data()["options"][1]["count"], 1, "{}", t.body);
    assert_eq!(
        t.data()["options"][1]["voters"],
        json!([format!("{PHONE_B}@s.whatsapp.net")]),
        "{}",
        t.body
    );
    // B changes the vote: it moves.
    server
        .phone_vote(PHONE_B, PHONE_A, &poll, &["09.00"])
        .unwrap();
    let vote = next_event(&mut at_a, "the second vote at A", |e: &Value| {
        (e["type"] == "poll.vote").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(vote["selectedOptions"], json!(["09.00"]), "{vote}");
    let counts: Vec<u64> = vote["poll"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [0, 0, 1], "{vote}");

    // B's phone sends a multiple-choice poll: A stores it as a poll and votes in it.
    let theirs = server
        .phone_send_poll(
            PHONE_B,
            PHONE_A,
            "Menu baru?",
            &["Kopi susu", "Teh", "Jus"],
            true,
        )
        .unwrap();
    let m = next_event(&mut at_a, "B's poll at A", |e: &Value| {
        (e["type"] == "message.new" && e["data"]["messageId"] == theirs.as_str())
            .then(|| e["data"]["message"].clone())
    })
    .await;
    assert_eq!(m["messageType"], "poll", "{m}");
    assert_eq!(m["body"], "Menu baru?", "{m}");
    assert_eq!(
        m["extra"]["options"],
        json!(["Kopi susu", "Teh", "Jus"]),
        "{m}"
    );
    assert_eq!(m["extra"]["selectableCount"], 3, "{m}");
    let r = app
        .post(
            &format!("{DEVICES}/{dev_a}/messages/{theirs}/poll/vote"),
            Some(tok),
            json!({"options": ["Kopi susu", "Jus"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let opened = wait_for(30, "A's vote at B's phone", || async {
        server
            .phone_inbox(PHONE_B)
            .into_iter()
            .find_map(|m| m.vote.filter(|v| v.poll_id == theirs))
    })
    .await;
    assert_eq!(opened.selected, ["Kopi susu", "Jus"]);
}
