//! The device lifecycle and messaging, end to end over HTTP against the simulated network.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

const DEV: &str = "/api/whatsapp-multi-device/devices";

db_tests!(
    connect_scan_send_receive_read_and_restart,
    sends_location_contact_reaction_edit_delete,
    bad_input_is_refused_before_anything_is_sent,
    pairing_code_links_a_device,
    qr_codes_run_out,
    media_by_url_is_fetched,
);

/// A tiny valid PNG (1×1).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

pub async fn send_media(
    app: &TestApp,
    device: &str,
    form: reqwest::multipart::Form,
    token: &str,
) -> (StatusCode, Value) {
    let res = app
        .client
        .post(format!("{}{DEV}/{device}/send-media", app.base))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

fn image_form(to: &str, bytes: Vec<u8>, mime: &str) -> reqwest::multipart::Form {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name("foto.png")
        .mime_str(mime)
        .unwrap();
    reqwest::multipart::Form::new()
        .text("phone", to.to_string())
        .text("caption", "Katalog baru")
        .part("file", part)
}

async fn history(app: &TestApp, device: &str, jid: &str) -> Vec<Value> {
    let h = app
        .get(&format!("{DEV}/{device}/chat-history/{jid}"), app.admin())
        .await;
    assert_eq!(h.status, StatusCode::OK, "{}", h.body);
    h.data()["messages"].as_array().unwrap().clone()
}

async fn connect_scan_send_receive_read_and_restart(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("penjual").await;
    let device = app.device(user.id, "Toko Online").await;
    let tok = Some(user.token.as_str());

    let c = app
        .post(&format!("{DEV}/{device}/connect"), tok, json!({}))
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    assert_eq!(c.data()["status"], "qr_required");
    assert_eq!(c.data()["simulated"], true);
    let first = c.data()["qr"]["code"].as_str().unwrap().to_string();
    assert!(first.starts_with("SIMULATED-"), "{first}");
    assert_eq!(c.data()["qr"]["index"], 0);

    let img = app.get(&format!("{DEV}/{device}/qr-image"), tok).await;
    assert!(img.data()["qrImage"]
        .as_str()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    let b64 = app.get(&format!("{DEV}/{device}/qr-base64"), tok).await;
    assert_eq!(b64.status, StatusCode::OK);
    let svg = app
        .client
        .get(format!("{}{DEV}/{device}/qr-svg", app.base))
        .bearer_auth(&user.token)
        .send()
        .await
        .unwrap();
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert!(svg.text().await.unwrap().contains("<svg"));

    // The code rotates (the first lasts 60 s, here sped up 20×).
    let rotated = wait_for(10, "a new QR code", || async {
        let q = app.get(&format!("{DEV}/{device}/qr"), tok).await;
        (q.status == StatusCode::OK && q.data()["code"] != first.as_str()).then(|| q.data().clone())
    })
    .await;
    assert_eq!(rotated["index"], 1);

    let scan = app
        .post(
            &format!("/api/sim/devices/{device}/scan"),
            tok,
            json!({"phone": "0811-1111-2222"}),
        )
        .await;
    assert_eq!(scan.status, StatusCode::OK, "{}", scan.body);
    let st = app.wait_status(&device, "connected").await;
    assert_eq!(st["phoneNumber"], "6281111112222");
    assert_eq!(
        app.get(&format!("{DEV}/{device}/qr"), tok).await.status,
        StatusCode::CONFLICT
    );

    let acct = app
        .post("/api/sim/accounts", tok, json!({"phone": "+62 812-3456-7890", "name": "Bu Sari", "autoReply": "Terima kasih, pesanan diterima"}))
        .await;
    assert_eq!(acct.status, StatusCode::CREATED, "{}", acct.body);

    let sent = app
        .post(
            &format!("{DEV}/{device}/send-message"),
            tok,
            json!({"phone": "0812 3456 7890", "message": "Halo Bu Sari"}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert_eq!(sent.data()["status"], "sent");
    assert_eq!(sent.data()["chatJid"], "6281234567890@s.whatsapp.net");
    assert_eq!(sent.data()["simulated"], true);
    let text_id = sent.data()["messageId"].as_str().unwrap().to_string();

    let (status, body) = send_media(
        &app,
        &device,
        image_form("6281234567890", PNG.to_vec(), "image/png"),
        &user.token,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let image_id = body["data"]["messageId"].as_str().unwrap().to_string();

    let jid = "6281234567890@s.whatsapp.net";
    let msgs = wait_for(10, "both messages read and two replies", || async {
        let h = history(&app, &device, jid).await;
        let read = |id: &str| {
            h.iter()
                .any(|m| m["messageId"] == id && m["status"] == "read")
        };
        let replies = h.iter().filter(|m| m["fromMe"] == false).count();
        (read(&text_id) && read(&image_id) && replies == 2).then_some(h)
    })
    .await;
    let image = msgs
        .iter()
        .find(|m| m["messageId"] == image_id.as_str())
        .unwrap();
    assert_eq!(image["messageType"], "image");
    assert_eq!(image["body"], "Katalog baru");
    let sha = image["media"]["sha256"].as_str().unwrap();
    let file = app
        .client
        .get(format!("{}{DEV}/{device}/media/{sha}", app.base))
        .bearer_auth(&user.token)
        .send()
        .await
        .unwrap();
    assert_eq!(file.bytes().await.unwrap().as_ref(), PNG);
    let reply = msgs.iter().find(|m| m["fromMe"] == false).unwrap();
    assert_eq!(reply["body"], "Terima kasih, pesanan diterima");
    assert_eq!(reply["pushName"], "Bu Sari");
    assert_eq!(reply["senderPhone"], "6281234567890");

    let chats = app.get(&format!("{DEV}/{device}/chats"), tok).await;
    let chat = &chats.data()[0];
    assert_eq!(chat["chatJid"], jid);
    assert_eq!(chat["unreadCount"], 2);
    assert_eq!(chat["contactName"], "Bu Sari");
    assert_eq!(chat["contactNumber"], "+6281234567890");
    assert_eq!(chat["isGroup"], false);
    let daily = app
        .get(&format!("{DEV}/{device}/daily-chat-list"), tok)
        .await;
    assert_eq!(daily.data().as_array().unwrap().len(), 1);

    let read = app
        .post(&format!("{DEV}/{device}/chats/{jid}/read"), tok, json!({}))
        .await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_eq!(read.data()["marked"], 2);
    assert_eq!(read.data()["receiptsSent"], true);
    let chats = app.get(&format!("{DEV}/{device}/chats"), tok).await;
    assert_eq!(chats.data()[0]["unreadCount"], 0);

    // History pages back with a cursor.
    let page = app
        .get(&format!("{DEV}/{device}/chat-history/{jid}?limit=3"), tok)
        .await;
    let before = page.data()["nextBefore"].as_i64().expect("a next page");
    let older = app
        .get(
            &format!("{DEV}/{device}/chat-history/{jid}?limit=3&before={before}"),
            tok,
        )
        .await;
    assert_eq!(older.data()["messages"].as_array().unwrap().len(), 1);

    let app = app.restart().await;
    app.wait_status(&device, "connected").await;
    assert_eq!(
        history(&app, &device, jid).await.len(),
        4,
        "history intact after restart"
    );
    let again = app
        .post(
            &format!("{DEV}/{device}/send-message"),
            Some(user.token.as_str()),
            json!({"phone": "6281234567890", "message": "Masih di sini"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
}

async fn sends_location_contact_reaction_edit_delete(b: Backend) {
    let app = TestApp::spawn(b).await;
    let device = app.device(1, "Lengkap").await;
    app.link(&device).await;
    let url = |p: &str| format!("{DEV}/{device}/{p}");
    let to = "6285700000001";
    let loc = app
        .post(
            &url("send-location"),
            app.admin(),
            json!({"phone": to, "latitude": -6.2, "longitude": 106.8, "name": "Monas"}),
        )
        .await;
    assert_eq!(loc.status, StatusCode::OK, "{}", loc.body);
    let card = app
        .post(
            &url("send-contact"),
            app.admin(),
            json!({"phone": to, "contactName": "Pak Budi", "contactPhone": "0812-0000-1111"}),
        )
        .await;
    assert_eq!(card.status, StatusCode::OK, "{}", card.body);
    let text = app
        .post(
            &url("send-message"),
            app.admin(),
            json!({"phone": to, "message": "Harga Rp10.000"}),
        )
        .await;
    let id = text.data()["messageId"].as_str().unwrap().to_string();
    let reply = app
        .post(
            &url("send-message"),
            app.admin(),
            json!({"phone": to, "message": "Maaf, ralat", "replyTo": id, "mentions": [to]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let react = app
        .post(
            &url("send-reaction"),
            app.admin(),
            json!({"messageId": id, "emoji": "👍"}),
        )
        .await;
    assert_eq!(react.status, StatusCode::OK, "{}", react.body);
    let edit = app
        .post(
            &url("edit-message"),
            app.admin(),
            json!({"messageId": id, "message": "Harga Rp12.000"}),
        )
        .await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.body);
    let loc_id = loc.data()["messageId"].as_str().unwrap();
    let del = app
        .post(
            &url("delete-message"),
            app.admin(),
            json!({"messageId": loc_id}),
        )
        .await;
    assert_eq!(del.status, StatusCode::OK, "{}", del.body);

    let h = history(&app, &device, &format!("{to}@s.whatsapp.net")).await;
    let find = |id: &str| h.iter().find(|m| m["messageId"] == id).cloned().unwrap();
    let edited = find(&id);
    assert_eq!(
        (edited["body"].as_str(), edited["edited"].as_bool()),
        (Some("Harga Rp12.000"), Some(true))
    );
    assert_eq!(find(loc_id)["deleted"], true);
    assert_eq!(
        find(card.data()["messageId"].as_str().unwrap())["messageType"],
        "contact"
    );
    let r = find(reply.data()["messageId"].as_str().unwrap());
    assert_eq!(r["quotedId"], id.as_str());
    assert_eq!(r["mentions"][0], format!("{to}@s.whatsapp.net"));
    assert!(h
        .iter()
        .any(|m| m["messageType"] == "reaction" && m["body"] == "👍"));
    let outbox = app
        .get(&format!("/api/sim/devices/{device}/outbox"), app.admin())
        .await;
    let kinds: Vec<&str> = outbox
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["location", "contact", "text", "text", "reaction", "edit", "revoke"]
    );

    // Someone else's message cannot be edited.
    let other = app
        .post(
            &url("edit-message"),
            app.admin(),
            json!({"messageId": "NOPE", "message": "x"}),
        )
        .await;
    assert!(other.field("messageId").is_some());
}

async fn bad_input_is_refused_before_anything_is_sent(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("pemilik").await;
    let stranger = app.user("orang").await;
    let device = app.device(owner.id, "Toko").await;
    let url = |p: &str| format!("{DEV}/{device}/{p}");
    let tok = Some(owner.token.as_str());

    // Not connected: a 409 that says the status, and nothing is written.
    let r = app
        .post(
            &url("send-message"),
            tok,
            json!({"phone": "08123456789", "message": "Halo"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.code(), "device_not_connected");
    assert_eq!(r.field("deviceStatus"), Some("disconnected"));

    let me = app.link(&device).await;
    // A group this device is in (the simulated network refuses non-members, as WhatsApp does).
    let g = app
        .post(
            "/api/sim/groups",
            tok,
            json!({"creator": "6281299990000", "subject": "Tes", "participants": [me]}),
        )
        .await;
    assert_eq!(g.status, StatusCode::CREATED, "{}", g.body);
    let group = g.data()["jid"].as_str().unwrap().to_string();
    for (phone, ok) in [
        ("+62 812-3456-7890", true),
        ("0812abc", false),
        ("12", false),
        ("x@example.com", false),
        (group.as_str(), true),
        ("123456789012345@lid", true),
    ] {
        let r = app
            .post(
                &url("send-message"),
                tok,
                json!({"phone": phone, "message": "Tes"}),
            )
            .await;
        assert_eq!(r.status.is_success(), ok, "{phone}: {}", r.body);
        if !ok {
            assert_eq!(r.status, StatusCode::BAD_REQUEST);
            assert!(r.field("phone").is_some(), "{}", r.body);
        }
    }
    let r = app
        .post(
            &url("send-message"),
            tok,
            json!({"phone": "0812345678", "message": " ", "mentions": ["bad"]}),
        )
        .await;
    assert!(
        r.field("message").is_some() && r.field("mentions[0]").is_some(),
        "{}",
        r.body
    );
    let r = app
        .post(
            &url("send-location"),
            tok,
            json!({"phone": "0812345678", "latitude": 91, "longitude": 0}),
        )
        .await;
    assert!(r.field("latitude").is_some());
    let r = app
        .post(
            &url("send-message"),
            tok,
            json!({"phone": "0812345678", "message": "x", "replyTo": "NOPE"}),
        )
        .await;
    assert!(r.field("replyTo").is_some());

    let (s, body) = send_media(
        &app,
        &device,
        image_form("0812345678", vec![0u8; 20], "application/pdf").text("type", "image"),
        &owner.token,
    )
    .await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    let sticker = reqwest::multipart::Part::bytes(vec![0u8; 2 * 1024 * 1024])
        .file_name("s.webp")
        .mime_str("image/webp")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("phone", "0812345678")
        .text("type", "sticker")
        .part("file", sticker);
    let (s, body) = send_media(&app, &device, form, &owner.token).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    let form = reqwest::multipart::Form::new().text("phone", "0812345678");
    let (s, body) = send_media(&app, &device, form, &owner.token).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(body["error"]["fields"]["file"].is_string(), "{body}");
    let json_body = app
        .post(&url("send-media"), tok, json!({"phone": "0812345678"}))
        .await;
    assert!(json_body.field("url").is_some(), "{}", json_body.body);
    let internal = app
        .post(
            &url("send-media"),
            tok,
            json!({"phone": "0812345678", "url": "http://127.0.0.1:9/x.png"}),
        )
        .await;
    assert_eq!(internal.status, StatusCode::BAD_REQUEST);
    assert!(
        internal.field("url").unwrap().contains("internal"),
        "{}",
        internal.body
    );
    let text = app
        .client
        .post(format!("{}{}", app.base, url("send-media")))
        .bearer_auth(&owner.token)
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(text.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let r = app
        .post(
            &format!("{DEV}/unknown-device/send-message"),
            tok,
            json!({"phone": "0812345678", "message": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .post(
            &url("send-message"),
            Some(&stranger.token),
            json!({"phone": "0812345678", "message": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let outbox = app
        .get(&format!("/api/sim/devices/{device}/outbox"), tok)
        .await;
    assert_eq!(
        outbox.data().as_array().unwrap().len(),
        3,
        "only the three valid sends went out"
    );
}

async fn pairing_code_links_a_device(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("kode").await;
    let device = app.device(owner.id, "Dengan kode").await;
    let path = format!("{DEV}/{device}/pairing-code");
    let bad = app.post(&path, app.admin(), json!({"phone": "12"})).await;
    assert!(bad.field("phone").is_some());
    // The owner links from the phone itself; another user may not, nor the device's API key.
    let other = app.user("lain").await;
    let r = app
        .post(
            &path,
            Some(&other.token),
            json!({"phone": "0813-2222-3333"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let (key, _) = app.api_key(&device).await;
    let r = app
        .post(&path, Some(&key), json!({"phone": "0813-2222-3333"}))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app
        .post(
            &path,
            Some(&owner.token),
            json!({"phone": "0813-2222-3333"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "owners link too: {}", r.body);
    // WhatsApp refusing the number is a problem with the input, named, not a gateway failure.
    let absent = app
        .post(
            "/api/sim/accounts",
            app.admin(),
            json!({"phone": "6289900000077", "name": "Tidak ada", "onWhatsapp": false}),
        )
        .await;
    assert_eq!(absent.status, StatusCode::CREATED, "{}", absent.body);
    let r = app
        .post(&path, app.admin(), json!({"phone": "6289900000077"}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        r.field("phone").unwrap().contains("not on WhatsApp"),
        "{}",
        r.body
    );
    let r = app
        .post(&path, app.admin(), json!({"phone": "0813-2222-3333"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let code = r.data()["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 9, "ABCD-EFGH: {code}");
    let wrong = app
        .post(
            &format!("/api/sim/devices/{device}/pairing-code/confirm"),
            app.admin(),
            json!({"code": "AAAA-AAAA"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::CONFLICT);
    let ok = app
        .post(
            &format!("/api/sim/devices/{device}/pairing-code/confirm"),
            app.admin(),
            json!({"code": code}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let st = app.wait_status(&device, "connected").await;
    assert_eq!(st["phoneNumber"], "6281322223333");
}

async fn qr_codes_run_out(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.sim_speed = 200.0).await;
    let device = app.device(1, "Tak dipindai").await;
    let c = app
        .post(&format!("{DEV}/{device}/connect"), app.admin(), json!({}))
        .await;
    assert_eq!(c.status, StatusCode::OK);
    let st = app.wait_status(&device, "disconnected").await;
    assert!(
        st["lastDisconnectReason"].as_str().unwrap().contains("QR"),
        "{st}"
    );
    let q = app.get(&format!("{DEV}/{device}/qr"), app.admin()).await;
    assert_eq!(q.status, StatusCode::CONFLICT);
    // A new connect starts over with fresh codes.
    let again = app
        .post(&format!("{DEV}/{device}/connect"), app.admin(), json!({}))
        .await;
    assert_eq!(again.data()["qr"]["index"], 0, "{}", again.body);
}

async fn media_by_url_is_fetched(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.fetch_internal_urls = true).await;
    let device = app.device(1, "Dari URL").await;
    app.link(&device).await;
    // A file server on loopback (allowed here by `fetch_internal_urls`).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let files = format!("http://{}", listener.local_addr().unwrap());
    let router = axum::Router::new()
        .route(
            "/katalog.png",
            axum::routing::get(|| async { ([("content-type", "image/png")], PNG) }),
        )
        .route(
            "/pindah",
            axum::routing::get(|| async { axum::response::Redirect::temporary("/katalog.png") }),
        );
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let url = format!("{DEV}/{device}/send-media");
    let ok = app.post(&url, app.admin(), json!({"phone": "081277778888", "url": format!("{files}/katalog.png"), "caption": "Promo"})).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let h = history(&app, &device, "6281277778888@s.whatsapp.net").await;
    assert_eq!(h[0]["messageType"], "image");
    assert_eq!(h[0]["media"]["fileName"], "katalog.png");
    assert_eq!(h[0]["media"]["size"], PNG.len());
    let redirect = app
        .post(
            &url,
            app.admin(),
            json!({"phone": "081277778888", "url": format!("{files}/pindah")}),
        )
        .await;
    assert!(
        redirect.field("url").unwrap().contains("redirect"),
        "{}",
        redirect.body
    );
    let missing = app
        .post(
            &url,
            app.admin(),
            json!({"phone": "081277778888", "url": format!("{files}/tidak-ada.png")}),
        )
        .await;
    assert!(
        missing.field("url").unwrap().contains("404"),
        "{}",
        missing.body
    );
    let scheme = app
        .post(
            &url,
            app.admin(),
            json!({"phone": "081277778888", "url": "file:///etc/passwd"}),
        )
        .await;
    assert!(scheme.field("url").is_some());
}
