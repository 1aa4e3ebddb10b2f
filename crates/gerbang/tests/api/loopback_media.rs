//! Media on the real engine (pictures, documents, voice notes, stickers): A uploads through whatsapp-rust (encrypted by the client, stored as
//! bytes by the loopback server's media host), B downloads and decrypts it, and B's media route
//! serves exactly what A sent.

use reqwest::StatusCode;
use serde_json::Value;

use gerbang_wa_fake::LoopbackServer;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{Backend, TestApp};
use crate::loopback::{gateway, link, next_event};

db_tests!(image_document_voice_note_and_sticker_from_a_reach_b_byte_identical);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000011";
const PHONE_B: &str = "6281200000012";

/// A 1×1 PNG.
pub(crate) const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// Sends a file from `dev` through `send-media`; returns the message id.
pub(crate) async fn send_file(
    app: &TestApp,
    token: &str,
    dev: &str,
    fields: &[(&str, &str)],
    file: (&[u8], &str, &str),
) -> String {
    let (bytes, name, mime) = file;
    let part = reqwest::multipart::Part::bytes(bytes.to_vec())
        .file_name(name.to_string())
        .mime_str(mime)
        .unwrap();
    let mut form = reqwest::multipart::Form::new().part("file", part);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    let res = app
        .client
        .post(format!("{}{DEVICES}/{dev}/send-media", app.base))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["simulated"], false, "{body}");
    body["data"]["messageId"].as_str().unwrap().to_string()
}

/// B's stored copy of `id`, from the `message.new` event, and the file B's media route serves.
pub(crate) async fn received(
    app: &TestApp,
    sse: &mut Sse,
    token: &str,
    dev: &str,
    id: &str,
) -> (Value, Vec<u8>) {
    let got = next_event(sse, &format!("message.new {id} at B"), |e| {
        (e["type"] == "message.new" && e["data"]["messageId"] == id).then(|| e["data"].clone())
    })
    .await;
    let message = got["message"].clone();
    let sha = message["media"]["sha256"]
        .as_str()
        .unwrap_or_else(|| panic!("no media on {message}"));
    let file = app
        .client
        .get(format!("{}{DEVICES}/{dev}/media/{sha}", app.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    (message, file.bytes().await.unwrap().to_vec())
}

async fn image_document_voice_note_and_sticker_from_a_reach_b_byte_identical(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    link(&app, &server, &owner.token, &dev_a, PHONE_A).await;
    link(&app, &server, &owner.token, &dev_b, PHONE_B).await;
    let mut at_b = Sse::open(
        &app,
        &format!("?deviceId={dev_b}&types=message.new"),
        &owner.token,
        None,
    )
    .await;
    let tok = &owner.token;

    let image = send_file(
        &app,
        tok,
        &dev_a,
        &[("phone", PHONE_B), ("caption", "Katalog baru, cek ya")],
        (PNG, "katalog.png", "image/png"),
    )
    .await;
    let (m, bytes) = received(&app, &mut at_b, tok, &dev_b, &image).await;
    assert_eq!(m["messageType"], "image", "{m}");
    assert_eq!(m["body"], "Katalog baru, cek ya", "{m}");
    assert_eq!(m["media"]["mime"], "image/png", "{m}");
    assert_eq!(m["senderPhone"], PHONE_A, "{m}");
    assert_eq!(bytes, PNG, "the image B serves is the one A sent");

    // Larger than one buffer, every byte value: a document survives encryption both ways.
    let pdf: Vec<u8> = b"%PDF-1.4\n"
        .iter()
        .copied()
        .chain((0..300_000u32).map(|i| (i * 7 % 251) as u8))
        .collect();
    let document = send_file(
        &app,
        tok,
        &dev_a,
        &[("phone", PHONE_B), ("type", "document")],
        (&pdf, "faktur-0042.pdf", "application/pdf"),
    )
    .await;
    let (m, bytes) = received(&app, &mut at_b, tok, &dev_b, &document).await;
    assert_eq!(m["messageType"], "document", "{m}");
    assert_eq!(m["media"]["fileName"], "faktur-0042.pdf", "{m}");
    assert_eq!(m["media"]["mime"], "application/pdf", "{m}");
    assert_eq!(m["media"]["size"], pdf.len(), "{m}");
    assert!(bytes == pdf, "the document B serves differs from A's");

    let ogg: Vec<u8> = b"OggS\0\x02"
        .iter()
        .copied()
        .chain((0..4_000u32).map(|i| (i % 256) as u8))
        .collect();
    let voice = send_file(
        &app,
        tok,
        &dev_a,
        &[("phone", PHONE_B), ("voiceNote", "true")],
        (&ogg, "catatan.ogg", "audio/ogg"),
    )
    .await;
    let (m, bytes) = received(&app, &mut at_b, tok, &dev_b, &voice).await;
    assert_eq!(m["messageType"], "voice", "{m}");
    assert!(
        m["media"]["mime"]
            .as_str()
            .unwrap()
            .starts_with("audio/ogg"),
        "{m}"
    );
    assert!(bytes == ogg, "the voice note B serves differs from A's");

    // A sticker: WebP, sent as WhatsApp's sticker message, and kept as a sticker at B.
    let webp: Vec<u8> = b"RIFF\x24\0\0\0WEBPVP8L"
        .iter()
        .copied()
        .chain((0..2_000u32).map(|i| (i * 13 % 256) as u8))
        .collect();
    let sticker = send_file(
        &app,
        tok,
        &dev_a,
        &[("phone", PHONE_B), ("type", "sticker")],
        (&webp, "senyum.webp", "image/webp"),
    )
    .await;
    let (m, bytes) = received(&app, &mut at_b, tok, &dev_b, &sticker).await;
    assert_eq!(m["messageType"], "sticker", "{m}");
    assert_eq!(m["media"]["mime"], "image/webp", "{m}");
    assert!(bytes == webp, "the sticker B serves differs from A's");

    // The server only ever held the encrypted files: four uploads, four downloads.
    assert_eq!(server.media_counts(), (4, 4));
}
