//! Calls on the real engine through the loopback server. B's phone rings gateway device A:
//! A acknowledges the ring and reports `call.offer`; when B hangs up unanswered A reports
//! `call.missed`. With A's call setting on, A declines the next ring (B's phone sees the
//! `<reject>`), reports it as `call.missed` with `rejected`, and B's phone receives the reply
//! text; B hanging up afterwards is no second missed call.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use gerbang_wa_fake::{CallOutcome, LoopbackServer};

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend};
use crate::loopback::{gateway, link, next_event};

db_tests!(b_s_phone_rings_a_which_reports_the_call_missed_then_rejects_it_with_a_reply);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000071";
const PHONE_B: &str = "6281200000072";

fn call_event(e: &Value) -> Option<Value> {
    let t = e["type"].as_str()?;
    t.starts_with("call.")
        .then(|| json!({"type": t, "data": e["data"].clone()}))
}

async fn b_s_phone_rings_a_which_reports_the_call_missed_then_rejects_it_with_a_reply(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    link(&app, &server, tok, &dev_a, PHONE_A).await;
    link(&app, &server, tok, &dev_b, PHONE_B).await;
    // B's phone takes part: it can be written to, so A's reply reaches it.
    server.phone_start(PHONE_B).unwrap();
    let mut at_a = Sse::open(
        &app,
        &format!("?deviceId={dev_a}&types=call.offer,call.missed"),
        tok,
        None,
    )
    .await;
    let b_jid = format!("{PHONE_B}@s.whatsapp.net");
    let a_device = server.devices(PHONE_A)[0];

    // No setting: it rings at A, A acknowledges the ring, and it is missed when B gives up.
    let first = server.phone_call(PHONE_B, PHONE_A, true).unwrap();
    let e = next_event(&mut at_a, "the first call rings at A", call_event).await;
    assert_eq!(e["type"], "call.offer", "{e}");
    assert_eq!(e["data"]["callId"], first.as_str(), "{e}");
    assert_eq!(e["data"]["from"], b_jid.as_str(), "{e}");
    assert_eq!(e["data"]["phone"], PHONE_B, "{e}");
    assert_eq!(e["data"]["video"], true, "{e}");
    assert_eq!(e["data"]["rejected"], false, "{e}");
    wait_for(20, "A acknowledges the ring", || async {
        server
            .call_state(&first)
            .filter(|(_, rang)| rang.contains(&a_device))
            .map(|_| ())
    })
    .await;
    assert_eq!(server.phone_hang_up(&first).unwrap(), CallOutcome::HungUp);
    let e = next_event(&mut at_a, "the first call missed at A", call_event).await;
    assert_eq!(e["type"], "call.missed", "{e}");
    assert_eq!(e["data"]["callId"], first.as_str(), "{e}");
    assert_eq!(e["data"]["from"], b_jid.as_str(), "{e}");
    assert_eq!(e["data"]["video"], true, "{e}");
    assert_eq!(e["data"]["rejected"], false, "{e}");

    // A declines calls and answers in text.
    let reply = "Maaf, kami tidak menerima telepon. Silakan kirim pesan.";
    let r = app
        .put(
            &format!("{DEVICES}/{dev_a}/call-settings"),
            Some(tok),
            json!({"rejectCalls": true, "rejectMessage": reply}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let second = server.phone_call(PHONE_B, PHONE_A, false).unwrap();
    let e = next_event(&mut at_a, "the second call rings at A", call_event).await;
    assert_eq!(e["type"], "call.offer", "{e}");
    assert_eq!(e["data"]["callId"], second.as_str(), "{e}");
    assert_eq!(e["data"]["video"], false, "{e}");
    let e = next_event(&mut at_a, "A rejects the second call", call_event).await;
    assert_eq!(e["type"], "call.missed", "{e}");
    assert_eq!(e["data"]["callId"], second.as_str(), "{e}");
    assert_eq!(e["data"]["rejected"], true, "{e}");
    wait_for(20, "B's phone sees the call rejected", || async {
        server
            .call_state(&second)
            .filter(|(outcome, _)| *outcome == CallOutcome::Rejected)
    })
    .await;
    let text = wait_for(30, "the reply reaches B's phone", || async {
        server
            .phone_inbox(PHONE_B)
            .into_iter()
            .find(|m| m.from == PHONE_A && m.text.as_deref() == Some(reply))
    })
    .await;
    assert_eq!(text.chat, PHONE_A, "{text:?}");
    assert!(!text.from_me, "{text:?}");

    // B's phone closes the declined call: not a missed call at A.
    assert_eq!(
        server.phone_hang_up(&second).unwrap(),
        CallOutcome::Rejected
    );
    while let Some((_, e)) = at_a.next(Duration::from_secs(3)).await {
        assert!(
            call_event(&e).is_none(),
            "a declined call was reported again: {e}"
        );
    }

    // Each call is in the event log once per outcome.
    let log = app
        .get("/api/logs?types=call.offer,call.missed", Some(tok))
        .await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    for call in [&first, &second] {
        let n = log.body.to_string().matches(call.as_str()).count();
        assert_eq!(n, 2, "{call}: {}", log.body);
    }
}
