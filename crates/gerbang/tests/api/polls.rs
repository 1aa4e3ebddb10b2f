//! Polls over HTTP on the simulated network: the device sends a poll, contacts vote (a new vote
//! replaces the voter's earlier one), the votes arrive as `poll.vote` events and the tally
//! counts them; a contact's poll is stored as a poll and the device votes in it; bad input is a
//! 400 naming the field and changes nothing.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    a_poll_is_sent_voted_on_and_tallied,
    the_device_votes_in_a_contacts_poll,
);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const ANI: &str = "6281300000301";
const BUDI: &str = "6281300000302";

async fn tally(app: &TestApp, tok: &str, dev: &str, poll: &str) -> Value {
    let r = app
        .get(&format!("{DEV}/{dev}/messages/{poll}/poll"), Some(tok))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data().clone()
}

/// The counts of the tally, by option, in the poll's order.
fn counts(t: &Value) -> Vec<(String, u64)> {
    t["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap().to_string(),
                o["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn named(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|(n, c)| (n.to_string(), *c)).collect()
}

async fn sim_vote(app: &TestApp, dev: &str, poll: &str, from: &str, options: &[&str]) {
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/polls/{poll}/vote"),
            app.admin(),
            json!({"from": from, "options": options}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn wait_counts(
    app: &TestApp,
    tok: &str,
    dev: &str,
    poll: &str,
    want: &[(&str, u64)],
) -> Value {
    let want = named(want);
    wait_for(10, &format!("the tally {want:?}"), || async {
        let t = tally(app, tok, dev, poll).await;
        (counts(&t) == want).then_some(t)
    })
    .await
}

async fn a_poll_is_sent_voted_on_and_tallied(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    app.link(&dev).await;

    let r = app
        .post(
            &format!("{DEV}/{dev}/send-poll"),
            Some(tok),
            json!({"phone": ANI, "question": "Makan siang?", "options": ["Nasi", "Mie", "Soto"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let poll = r.data()["messageId"].as_str().unwrap().to_string();

    // Stored as a poll message, its secret nowhere in what the API shows.
    let history = app
        .get(
            &format!("{DEV}/{dev}/chat-history/{ANI}@s.whatsapp.net"),
            Some(tok),
        )
        .await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    let m = &history.data()["messages"][0];
    assert_eq!(m["messageType"], "poll", "{m}");
    assert_eq!(m["body"], "Makan siang?", "{m}");
    assert_eq!(m["extra"]["options"], json!(["Nasi", "Mie", "Soto"]), "{m}");
    assert_eq!(m["extra"]["selectableCount"], 1, "{m}");
    assert!(m["extra"].get("secret").is_none(), "{m}");
    let out = app
        .get(&format!("/api/sim/devices/{dev}/outbox"), Some(tok))
        .await;
    assert!(
        out.body.to_string().contains("\"kind\":\"poll\""),
        "{}",
        out.body
    );

    let t = tally(&app, tok, &dev, &poll).await;
    assert_eq!(t["question"], "Makan siang?");
    assert_eq!(t["selectableCount"], 1);
    assert_eq!(t["totalVoters"], 0);
    assert_eq!(counts(&t), named(&[("Nasi", 0), ("Mie", 0), ("Soto", 0)]));

    sim_vote(&app, &dev, &poll, ANI, &["Mie"]).await;
    let t = wait_counts(
        &app,
        tok,
        &dev,
        &poll,
        &[("Nasi", 0), ("Mie", 1), ("Soto", 0)],
    )
    .await;
    assert_eq!(
        t["options"][1]["voters"],
        json!([format!("{ANI}@s.whatsapp.net")])
    );
    // Ani changes her mind: her vote moves. Budi is not in this chat: his vote is not counted.
    sim_vote(&app, &dev, &poll, ANI, &["Soto"]).await;
    let t = wait_counts(
        &app,
        tok,
        &dev,
        &poll,
        &[("Nasi", 0), ("Mie", 0), ("Soto", 1)],
    )
    .await;
    assert_eq!(t["totalVoters"], 1);
    sim_vote(&app, &dev, &poll, BUDI, &["Nasi"]).await;
    // Ani takes her vote back.
    sim_vote(&app, &dev, &poll, ANI, &[]).await;
    let t = wait_counts(
        &app,
        tok,
        &dev,
        &poll,
        &[("Nasi", 0), ("Mie", 0), ("Soto", 0)],
    )
    .await;
    assert_eq!(t["totalVoters"], 0);
    assert_eq!(t["votes"][0]["selected"], json!([]), "{t}");

    // Each vote was told as an event, decrypted, with the tally after it.
    // (The vote is stored a moment before its event is logged.)
    let log = wait_for(10, "three poll.vote events", || async {
        let log = app.get("/api/logs?types=poll.vote", Some(tok)).await;
        (log.data()["events"].as_array().map(Vec::len) == Some(3)).then_some(log)
    })
    .await;
    let mut events = log.data()["events"].as_array().unwrap().clone();
    events.sort_by_key(|e| e["id"].as_i64().unwrap());
    let told: Vec<(Value, Value, Value)> = events
        .iter()
        .map(|e| {
            assert_eq!(e["data"]["messageId"], poll.as_str(), "{e}");
            (
                e["data"]["voterPhone"].clone(),
                e["data"]["selectedOptions"].clone(),
                e["data"]["poll"]["totalVoters"].clone(),
            )
        })
        .collect();
    assert_eq!(
        told,
        vec![
            (json!(ANI), json!(["Mie"]), json!(1)),
            (json!(ANI), json!(["Soto"]), json!(1)),
            (json!(ANI), json!([]), json!(0)),
        ],
        "{}",
        log.body
    );

    // Bad input: a 400 naming the field; nothing sent.
    for (body, field) in [
        (
            json!({"phone": ANI, "question": "?", "options": ["Satu"]}),
            "options",
        ),
        (
            json!({"phone": ANI, "question": "?", "options": ["Satu", "Satu"]}),
            "options[1]",
        ),
        (
            json!({"phone": ANI, "question": " ", "options": ["a", "b"]}),
            "question",
        ),
        (
            json!({"phone": "bukan", "question": "?", "options": ["a", "b"]}),
            "phone",
        ),
        (
            json!({"phone": ANI, "question": "?", "options": (0..13).map(|i| i.to_string()).collect::<Vec<_>>()}),
            "options",
        ),
    ] {
        let r = app
            .post(&format!("{DEV}/{dev}/send-poll"), Some(tok), body.clone())
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.body);
        assert!(r.field(field).is_some(), "{body}: {}", r.body);
    }
    // A single-choice poll takes one option; an unknown option is refused.
    for (options, field) in [
        (json!(["Nasi", "Mie"]), "options"),
        (json!(["Rendang"]), "options[0]"),
    ] {
        let r = app
            .post(
                &format!("{DEV}/{dev}/messages/{poll}/poll/vote"),
                Some(tok),
                json!({ "options": options }),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.field(field).is_some(), "{}", r.body);
    }
    let t = tally(&app, tok, &dev, &poll).await;
    assert_eq!(counts(&t), named(&[("Nasi", 0), ("Mie", 0), ("Soto", 0)]));
    let history = app
        .get(
            &format!("{DEV}/{dev}/chat-history/{ANI}@s.whatsapp.net"),
            Some(tok),
        )
        .await;
    assert_eq!(history.data()["messages"].as_array().unwrap().len(), 1);

    // A message that is not a poll has no tally; an unknown one is not found.
    let r = app
        .post(
            &format!("{DEV}/{dev}/send-message"),
            Some(tok),
            json!({"phone": ANI, "message": "halo"}),
        )
        .await;
    let text = r.data()["messageId"].as_str().unwrap().to_string();
    let r = app
        .get(&format!("{DEV}/{dev}/messages/{text}/poll"), Some(tok))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("messageId").is_some(), "{}", r.body);
    let r = app
        .get(&format!("{DEV}/{dev}/messages/3EB0NOPE/poll"), Some(tok))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
}

async fn the_device_votes_in_a_contacts_poll(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    let phone = app.link(&dev).await;

    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/polls"),
            app.admin(),
            json!({"from": ANI, "question": "Warna?", "options": ["Merah", "Biru", "Hijau"],
                "multipleAnswers": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let poll = r.data()["messageId"].as_str().unwrap().to_string();
    let t = wait_for(10, "the contact's poll", || async {
        let r = app
            .get(&format!("{DEV}/{dev}/messages/{poll}/poll"), Some(tok))
            .await;
        (r.status == StatusCode::OK).then(|| r.data().clone())
    })
    .await;
    assert_eq!(t["fromMe"], false);
    assert_eq!(t["selectableCount"], 3);
    assert_eq!(t["question"], "Warna?");

    let r = app
        .post(
            &format!("{DEV}/{dev}/messages/{poll}/poll/vote"),
            Some(tok),
            json!({"options": ["Merah", "Hijau"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        counts(r.data()),
        named(&[("Merah", 1), ("Biru", 0), ("Hijau", 1)])
    );
    let own = format!("{phone}@s.whatsapp.net");
    assert_eq!(r.data()["options"][0]["voters"], json!([own]));
    assert_eq!(r.data()["votes"][0]["fromMe"], true);
    // The contact votes too; the device changes its vote.
    sim_vote(&app, &dev, &poll, ANI, &["Biru"]).await;
    wait_counts(
        &app,
        tok,
        &dev,
        &poll,
        &[("Merah", 1), ("Biru", 1), ("Hijau", 1)],
    )
    .await;
    let r = app
        .post(
            &format!("{DEV}/{dev}/messages/{poll}/poll/vote"),
            Some(tok),
            json!({"options": ["Biru"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        counts(r.data()),
        named(&[("Merah", 0), ("Biru", 2), ("Hijau", 0)])
    );
    assert_eq!(r.data()["totalVoters"], 2);
    // The network got the device's votes.
    let out = app
        .get(&format!("/api/sim/devices/{dev}/outbox"), Some(tok))
        .await;
    let kinds = out
        .body
        .to_string()
        .matches("\"kind\":\"poll_vote\"")
        .count();
    assert_eq!(kinds, 2, "{}", out.body);
}
