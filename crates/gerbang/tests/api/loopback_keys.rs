//! Keys changing under the real engine, through the loopback server: a device whose one-time
//! pre-keys others fetched until few (then none) were left is told so and uploads more, and
//! messages to it keep arriving; a contact whose phone got a new identity is announced, the
//! sender drops its old session, fetches the new bundle, and its next message arrives, with
//! `contact.identity_changed` on the sender's stream.

use reqwest::StatusCode;
use serde_json::{json, Value};

use gerbang_wa_fake::LoopbackServer;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend, TestApp};
use crate::loopback::{gateway, link, next_event, send_text};

db_tests!(
    a_device_whose_prekeys_run_out_is_told_uploads_more_and_still_receives,
    after_a_contacts_phone_gets_a_new_identity_the_next_message_still_arrives,
);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000051";
const PHONE_B: &str = "6281200000052";
const PHONE_C: &str = "6281200000053";
/// The server's threshold (`keys::LOW_PREKEYS`): below it a device is told.
const LOW: usize = 10;

/// The next message the device received (not one it sent): its id and body.
async fn received(sse: &mut Sse, what: &str) -> (String, String) {
    next_event(sse, what, |e: &Value| {
        (e["type"] == "message.new" && e["data"]["message"]["fromMe"] == false).then(|| {
            let d = &e["data"];
            (
                d["messageId"].as_str().unwrap_or_default().to_string(),
                d["message"]["body"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
    })
    .await
}

async fn stream(app: &TestApp, tok: &str, dev: &str, types: &str) -> Sse {
    Sse::open(app, &format!("?deviceId={dev}&types={types}"), tok, None).await
}

async fn a_device_whose_prekeys_run_out_is_told_uploads_more_and_still_receives(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = &owner.token;
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    let dev_c = app.device(owner.id, "Kasir C").await;
    link(&app, &server, tok, &dev_a, PHONE_A).await;
    link(&app, &server, tok, &dev_b, PHONE_B).await;
    link(&app, &server, tok, &dev_c, PHONE_C).await;
    let b_dev = server.devices(PHONE_B)[0];
    let mut at_b = stream(&app, tok, &dev_b, "message.new").await;

    // Others fetch B's bundles until few one-time pre-keys are left: B, online, is told and
    // uploads a new batch by itself (it does not reconnect, so nothing else made it upload).
    let uploaded = server.prekeys_left(PHONE_B, b_dev);
    assert!(
        uploaded > LOW,
        "B uploaded {uploaded} pre-keys when it linked"
    );
    server.fetch_bundles(PHONE_B, b_dev, uploaded - 3);
    assert_eq!(server.prekeys_left(PHONE_B, b_dev), 3);
    assert_eq!(
        server.low_prekey_notices(),
        1,
        "B was told its pre-keys run low"
    );
    let topped_up = wait_for(30, "B uploads more pre-keys", || async {
        let left = server.prekeys_left(PHONE_B, b_dev);
        (left > LOW).then_some(left)
    })
    .await;
    assert!(topped_up > 3 + LOW, "{topped_up}");

    // Now they run out while B is away: A starts its session without a one-time pre-key.
    let d = app
        .delete(&format!("{DEVICES}/{dev_b}/disconnect"), Some(tok))
        .await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.body);
    wait_for(10, "B offline at the server", || async {
        (!server.online(PHONE_B, b_dev)).then_some(())
    })
    .await;
    server.fetch_bundles(PHONE_B, b_dev, topped_up);
    assert_eq!(server.prekeys_left(PHONE_B, b_dev), 0);
    assert_eq!(server.low_prekey_notices(), 2);
    let fetched = server.bundles_fetched(PHONE_B, b_dev);
    let from_a = send_text(&app, tok, &dev_a, PHONE_B, "tanpa kunci sekali pakai").await;
    wait_for(20, "A's message held for B", || async {
        (server.queued(PHONE_B, b_dev) >= 2).then_some(())
    })
    .await;
    assert_eq!(
        server.bundles_fetched(PHONE_B, b_dev),
        fetched + 1,
        "A fetched B's bundle when none of its one-time pre-keys was left"
    );
    let c = app
        .post(&format!("{DEVICES}/{dev_b}/connect"), Some(tok), json!({}))
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let (id, body) = received(&mut at_b, "A's message at B after reconnecting").await;
    assert_eq!(
        (id.as_str(), body.as_str()),
        (from_a.as_str(), "tanpa kunci sekali pakai")
    );
    let refilled = wait_for(30, "B uploads again", || async {
        let left = server.prekeys_left(PHONE_B, b_dev);
        (left > LOW).then_some(left)
    })
    .await;

    // A new sender takes a key of the new batch, and its message arrives.
    let from_c = send_text(&app, tok, &dev_c, PHONE_B, "dari C").await;
    let (id, body) = received(&mut at_b, "C's message at B").await;
    assert_eq!((id.as_str(), body.as_str()), (from_c.as_str(), "dari C"));
    assert_eq!(server.prekeys_left(PHONE_B, b_dev), refilled - 1);
}

async fn after_a_contacts_phone_gets_a_new_identity_the_next_message_still_arrives(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = &owner.token;
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    link(&app, &server, tok, &dev_a, PHONE_A).await;
    link(&app, &server, tok, &dev_b, PHONE_B).await;
    server.phone_start(PHONE_B).unwrap();
    let mut at_b = stream(&app, tok, &dev_b, "message.new").await;
    let mut changed = stream(&app, tok, &dev_a, "contact.identity_changed").await;
    let phone_got = |text: &'static str| {
        let server = &server;
        move || async move {
            server
                .phone_inbox(PHONE_B)
                .into_iter()
                .find(|m| m.text.as_deref() == Some(text))
        }
    };

    // A has a session with B's phone.
    let first = send_text(&app, tok, &dev_a, PHONE_B, "sebelum").await;
    assert_eq!(received(&mut at_b, "the first at B").await.0, first);
    let got = wait_for(20, "the first at B's phone", phone_got("sebelum")).await;
    assert_eq!(got.id, first);
    let fetched = server.bundles_fetched(PHONE_B, 0);
    assert_eq!(fetched, 1);

    // B reinstalls WhatsApp on the phone: the server tells A, A's integrator hears of it.
    server.phone_reinstall(PHONE_B).unwrap();
    assert!(server.identity_notices() >= 1);
    let event = next_event(&mut changed, "contact.identity_changed at A", |e| {
        (e["type"] == "contact.identity_changed").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(event["deviceId"], dev_a.as_str(), "{event}");
    assert_eq!(event["jid"], format!("{PHONE_B}@s.whatsapp.net"), "{event}");
    assert_eq!(event["phone"], PHONE_B, "{event}");
    assert_eq!(
        event["lid"],
        format!("{}@lid", server.lid_of(PHONE_B)),
        "{event}"
    );
    assert_eq!(event["implicit"], false, "{event}");

    // The next message is encrypted to the new identity: only then can the phone read it.
    let second = send_text(&app, tok, &dev_a, PHONE_B, "sesudah").await;
    let got = wait_for(20, "the second at B's phone", phone_got("sesudah")).await;
    assert_eq!(got.id, second);
    assert!(
        server.bundles_fetched(PHONE_B, 0) > fetched,
        "A fetched the phone's new bundle"
    );
    assert_eq!(received(&mut at_b, "the second at B").await.0, second);
}
