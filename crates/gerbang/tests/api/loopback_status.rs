//! Status updates (stories) on the real engine through the loopback WhatsApp server: A posts a
//! text and then a photo status to B (sender-key encrypted, addressed by LID, relayed by the
//! server to the audience A distributed its key to); B, opted in, reports each as
//! `status.received` with the text, the caption and who posted it, and stores no chat message.

use reqwest::StatusCode;
use serde_json::json;

use gerbang_wa_fake::LoopbackServer;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend};
use crate::loopback::{gateway, link, next_event};
use crate::loopback_media::PNG;
use crate::status::post_photo;

db_tests!(a_status_posted_by_a_reaches_b_as_an_event);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000081";
const PHONE_B: &str = "6281200000082";

async fn a_status_posted_by_a_reaches_b_as_an_event(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    link(&app, &server, tok, &dev_a, PHONE_A).await;
    link(&app, &server, tok, &dev_b, PHONE_B).await;
    let r = app
        .put(
            &format!("{DEVICES}/{dev_b}/status-settings"),
            Some(tok),
            json!({"receive": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut at_b = Sse::open(
        &app,
        &format!("?deviceId={dev_b}&types=status.received,message.new"),
        tok,
        None,
    )
    .await;

    let r = app
        .post(
            &format!("{DEVICES}/{dev_a}/status"),
            Some(tok),
            json!({"text": "Buka jam 8 sampai 21", "recipients": [PHONE_B]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["simulated"], false, "{}", r.body);
    assert_eq!(r.data()["recipients"], 1, "{}", r.body);
    let text_id = r.data()["messageId"].as_str().unwrap().to_string();
    let got = next_event(&mut at_b, "the text status at B", |e| {
        (e["type"] == "status.received").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(got["messageId"], text_id.as_str(), "{got}");
    assert_eq!(got["type"], "text", "{got}");
    assert_eq!(got["text"], "Buka jam 8 sampai 21", "{got}");
    assert_eq!(got["senderPhone"], PHONE_A, "{got}");

    // The second post names no new device: the server sends it to the audience it knows.
    let (code, body) = post_photo(
        &app,
        tok,
        &dev_a,
        (PNG, "promo.png", "image/png"),
        &[("caption", "Kue baru!"), ("recipients", PHONE_B)],
    )
    .await;
    assert_eq!(code, StatusCode::OK, "{body}");
    let photo_id = body["data"]["messageId"].as_str().unwrap().to_string();
    let got = next_event(&mut at_b, "the photo status at B", |e| {
        assert_ne!(
            e["type"], "message.new",
            "a status became a chat message: {e}"
        );
        (e["type"] == "status.received").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(got["messageId"], photo_id.as_str(), "{got}");
    assert_eq!(got["type"], "image", "{got}");
    assert_eq!(got["text"], "Kue baru!", "{got}");
    assert_eq!(got["mime"], "image/png", "{got}");
    assert_eq!(server.status_posts(), 2);

    // Neither status is a chat at B.
    let chats = wait_for(5, "B's chat list", || async {
        let r = app
            .get(&format!("{DEVICES}/{dev_b}/chats"), Some(tok))
            .await;
        (r.status == StatusCode::OK).then(|| r.data().clone())
    })
    .await;
    assert_eq!(chats, json!([]), "{chats}");
}
