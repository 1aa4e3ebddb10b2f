//! Forwarding, stickers, view-once media and disappearing timers over HTTP on the simulated
//! network; bad input is a 400 naming the field and changes nothing.

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    a_message_is_forwarded_marked_as_forwarded,
    a_sticker_is_sent_and_a_non_webp_one_refused,
    a_view_once_photo_is_stored_as_view_once,
    the_disappearing_timer_is_set_both_ways_and_carried,
);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const ANI: &str = "6281300000401";
const BUDI: &str = "6281300000402";

async fn history(app: &TestApp, tok: &str, dev: &str, phone: &str) -> Vec<Value> {
    let r = app
        .get(
            &format!("{DEV}/{dev}/chat-history/{phone}@s.whatsapp.net"),
            Some(tok),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data()["messages"].as_array().unwrap().clone()
}

async fn setup(b: Backend) -> (TestApp, String, String) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let dev = app.device(owner.id, "Kasir").await;
    app.link(&dev).await;
    (app, owner.token, dev)
}

async fn a_message_is_forwarded_marked_as_forwarded(b: Backend) {
    let (app, tok, dev) = setup(b).await;
    let tok = tok.as_str();
    let r = app
        .post(
            &format!("{DEV}/{dev}/send-location"),
            Some(tok),
            json!({"phone": ANI, "latitude": -6.2, "longitude": 106.8, "name": "Toko"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let place = r.data()["messageId"].as_str().unwrap().to_string();
    let r = app
        .post(
            &format!("{DEV}/{dev}/messages/{place}/forward"),
            Some(tok),
            json!({"to": BUDI}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let copy = r.data()["messageId"].as_str().unwrap().to_string();
    assert_ne!(copy, place);
    let m = history(&app, tok, &dev, BUDI).await;
    assert_eq!(m.len(), 1);
    assert_eq!(m[0]["messageId"], copy.as_str());
    assert_eq!(m[0]["messageType"], "location", "{}", m[0]);
    assert_eq!(m[0]["extra"]["latitude"], -6.2, "{}", m[0]);
    assert_eq!(m[0]["extra"]["forwarded"], true, "{}", m[0]);
    // The original is not marked.
    let m = history(&app, tok, &dev, ANI).await;
    assert!(m[0]["extra"].get("forwarded").is_none(), "{}", m[0]);

    // A contact's text is forwarded too.
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/inbound"),
            app.admin(),
            json!({"from": ANI, "text": "promo hari ini"}),
        )
        .await;
    let theirs = r.data()["messageId"].as_str().unwrap().to_string();
    wait_for(10, "Ani's text", || async {
        let m = history(&app, tok, &dev, ANI).await;
        m.iter()
            .any(|m| m["messageId"] == theirs.as_str())
            .then_some(())
    })
    .await;
    let r = app
        .post(
            &format!("{DEV}/{dev}/messages/{theirs}/forward"),
            Some(tok),
            json!({"to": BUDI}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let m = history(&app, tok, &dev, BUDI).await;
    assert_eq!(m[0]["body"], "promo hari ini", "{}", m[0]);
    assert_eq!(m[0]["extra"]["forwarded"], true, "{}", m[0]);

    // Bad input: no address; an unknown message; nothing sent.
    let r = app
        .post(
            &format!("{DEV}/{dev}/messages/{place}/forward"),
            Some(tok),
            json!({"to": "bukan"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("to").is_some(), "{}", r.body);
    let r = app
        .post(
            &format!("{DEV}/{dev}/messages/3EB0NOPE/forward"),
            Some(tok),
            json!({"to": BUDI}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(history(&app, tok, &dev, BUDI).await.len(), 2);
}

/// A minimal WebP file (RIFF header, `WEBP`, a VP8L chunk).
fn webp() -> Vec<u8> {
    let mut v = b"RIFF".to_vec();
    v.extend_from_slice(&26u32.to_le_bytes());
    v.extend_from_slice(b"WEBPVP8L");
    v.extend_from_slice(&14u32.to_le_bytes());
    v.extend_from_slice(&[
        0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0,
    ]);
    v
}

async fn a_sticker_is_sent_and_a_non_webp_one_refused(b: Backend) {
    let (app, tok, dev) = setup(b).await;
    let send = |data: Vec<u8>, mime: &'static str| {
        let form = Form::new().text("phone", ANI).text("type", "sticker").part(
            "file",
            Part::bytes(data)
                .file_name("s.webp")
                .mime_str(mime)
                .unwrap(),
        );
        app.client
            .post(format!("{}{DEV}/{dev}/send-media", app.base))
            .bearer_auth(&tok)
            .multipart(form)
            .send()
    };
    let r = send(webp(), "image/webp").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let m = history(&app, &tok, &dev, ANI).await;
    assert_eq!(m[0]["messageType"], "sticker", "{}", m[0]);
    assert_eq!(m[0]["media"]["mime"], "image/webp", "{}", m[0]);
    // A PNG named .webp is not a sticker.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let r = send(png, "image/webp").await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.unwrap();
    assert!(body["error"]["fields"]["file"].is_string(), "{body}");
    assert_eq!(history(&app, &tok, &dev, ANI).await.len(), 1);
}

async fn a_view_once_photo_is_stored_as_view_once(b: Backend) {
    let (app, tok, dev) = setup(b).await;
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/inbound"),
            app.admin(),
            json!({"from": ANI, "text": "sekali lihat", "viewOnce": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id = r.data()["messageId"].as_str().unwrap().to_string();
    let m = wait_for(10, "the view-once photo", || async {
        history(&app, &tok, &dev, ANI)
            .await
            .into_iter()
            .find(|m| m["messageId"] == id.as_str())
    })
    .await;
    assert_eq!(m["messageType"], "image", "{m}");
    assert_eq!(m["body"], "sekali lihat", "{m}");
    assert_eq!(m["extra"]["viewOnce"], true, "{m}");
    assert_eq!(m["media"]["mime"], "image/png", "{m}");
}

async fn the_disappearing_timer_is_set_both_ways_and_carried(b: Backend) {
    let (app, tok, dev) = setup(b).await;
    let tok = tok.as_str();
    let url = format!("{DEV}/{dev}/chats/{ANI}/disappearing");
    let r = app.put(&url, Some(tok), json!({"seconds": 86400})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["seconds"], 86400);
    assert_eq!(r.data()["chatJid"], format!("{ANI}@s.whatsapp.net"));
    let r = app
        .post(
            &format!("{DEV}/{dev}/send-message"),
            Some(tok),
            json!({"phone": ANI, "message": "hilang besok"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let m = history(&app, tok, &dev, ANI).await;
    assert_eq!(m[0]["extra"]["expiration"], 86400, "{}", m[0]);
    // Another chat has no timer.
    app.post(
        &format!("{DEV}/{dev}/send-message"),
        Some(tok),
        json!({"phone": BUDI, "message": "tetap"}),
    )
    .await;
    let m = history(&app, tok, &dev, BUDI).await;
    assert!(m[0]["extra"].get("expiration").is_none(), "{}", m[0]);

    // Ani turns it off: an event, and the next message carries none.
    let r = app
        .post(
            &format!("/api/sim/devices/{dev}/disappearing"),
            app.admin(),
            json!({"from": ANI, "seconds": 0}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let events = wait_for(10, "Ani's timer change", || async {
        let log = app
            .get("/api/logs?types=chat.disappearing", Some(tok))
            .await;
        let events = log.data()["events"].as_array().unwrap().clone();
        (events.len() == 2).then_some(events)
    })
    .await;
    let mut seen: Vec<(Value, Value)> = events
        .iter()
        .map(|e| (e["data"]["seconds"].clone(), e["data"]["fromMe"].clone()))
        .collect();
    seen.sort_by_key(|(s, _)| s.as_u64());
    assert_eq!(
        seen,
        vec![(json!(0), json!(false)), (json!(86400), json!(true))]
    );
    app.post(
        &format!("{DEV}/{dev}/send-message"),
        Some(tok),
        json!({"phone": ANI, "message": "sekarang tetap"}),
    )
    .await;
    let m = history(&app, tok, &dev, ANI).await;
    assert_eq!(m[0]["body"], "sekarang tetap");
    assert!(m[0]["extra"].get("expiration").is_none(), "{}", m[0]);
    // The timer-change message itself is no chat message.
    assert_eq!(m.len(), 2);

    // Bad input: a timer WhatsApp does not offer, a chat that is no address.
    for (path, body, field) in [
        (url.clone(), json!({"seconds": 3600}), "seconds"),
        (
            format!("{DEV}/{dev}/chats/bukan-nomor/disappearing"),
            json!({"seconds": 0}),
            "chatId",
        ),
    ] {
        let r = app.put(&path, Some(tok), body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
        assert!(r.field(field).is_some(), "{}", r.body);
    }
    let log = app
        .get("/api/logs?types=chat.disappearing", Some(tok))
        .await;
    assert_eq!(log.data()["events"].as_array().unwrap().len(), 2);
}
