//! Profiles on the real engine through the loopback server: A sets its push name and about
//! text (the server keeps the about, announces it, and A reads it back through usync), sets
//! and removes its picture (the server keeps the JPEG; B hears each change and reads A's
//! picture URL and about as a contact); B's business profile is read by A, and A is no
//! business.

use reqwest::StatusCode;
use serde_json::{json, Value};

use gerbang_wa_fake::{LoopbackBusiness, LoopbackServer};

use crate::db_tests;
use crate::events::Sse;
use crate::harness::Backend;
use crate::loopback::{gateway, link, next_event};
use crate::profiles::{jpeg, upload_picture};

db_tests!(a_s_profile_reaches_the_server_and_b_and_b_s_business_profile_reaches_a);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000081";
const PHONE_B: &str = "6281200000082";

fn profile_event(e: &Value) -> Option<Value> {
    let t = e["type"].as_str()?;
    t.starts_with("contact.")
        .then(|| json!({"type": t, "data": e["data"].clone()}))
}

async fn a_s_profile_reaches_the_server_and_b_and_b_s_business_profile_reaches_a(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    link(&app, &server, tok, &dev_a, PHONE_A).await;
    link(&app, &server, tok, &dev_b, PHONE_B).await;
    let mut at_b = Sse::open(
        &app,
        &format!("?deviceId={dev_b}&types=contact.about_changed,contact.picture_changed"),
        tok,
        None,
    )
    .await;
    let a_jid = format!("{PHONE_A}@s.whatsapp.net");

    let r = app
        .put(
            &format!("{DEVICES}/{dev_a}/profile"),
            Some(tok),
            json!({"pushName": "Toko Maju", "about": "Buka 08.00-17.00"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["simulated"], false, "{}", r.body);
    assert_eq!(r.data()["pushName"], "Toko Maju", "{}", r.body);
    // Read back from the server (usync), not from what was sent.
    assert_eq!(r.data()["about"], "Buka 08.00-17.00", "{}", r.body);
    assert!(r.data()["pictureUrl"].is_null(), "{}", r.body);
    assert_eq!(server.about(PHONE_A).as_deref(), Some("Buka 08.00-17.00"));
    let e = next_event(&mut at_b, "A's about at B", profile_event).await;
    assert_eq!(e["type"], "contact.about_changed", "{e}");
    assert_eq!(e["data"]["jid"], a_jid.as_str(), "{e}");
    assert_eq!(e["data"]["about"], "Buka 08.00-17.00", "{e}");

    let (status, body) = upload_picture(&app, tok, &dev_a, "picture", jpeg()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["simulated"], false, "{body}");
    assert_eq!(server.picture(PHONE_A), Some(jpeg()));
    let e = next_event(&mut at_b, "A's picture at B", profile_event).await;
    assert_eq!(e["type"], "contact.picture_changed", "{e}");
    assert_eq!(e["data"]["jid"], a_jid.as_str(), "{e}");
    assert_eq!(e["data"]["removed"], false, "{e}");
    let own = app
        .get(&format!("{DEVICES}/{dev_a}/profile"), Some(tok))
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let url = own.data()["pictureUrl"]
        .as_str()
        .expect("a picture")
        .to_string();
    assert!(url.contains(&format!("/pp/{PHONE_A}/")), "{url}");
    let seen = app
        .get(
            &format!("{DEVICES}/{dev_b}/contacts/{PHONE_A}/profile"),
            Some(tok),
        )
        .await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    assert_eq!(seen.data()["pictureUrl"], url.as_str(), "{}", seen.body);
    assert_eq!(seen.data()["about"], "Buka 08.00-17.00", "{}", seen.body);

    let r = app
        .delete(&format!("{DEVICES}/{dev_a}/profile/picture"), Some(tok))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(server.picture(PHONE_A), None);
    let e = next_event(&mut at_b, "A's picture removed at B", profile_event).await;
    assert_eq!(e["type"], "contact.picture_changed", "{e}");
    assert_eq!(e["data"]["removed"], true, "{e}");
    let seen = app
        .get(
            &format!("{DEVICES}/{dev_b}/contacts/{PHONE_A}/profile"),
            Some(tok),
        )
        .await;
    assert!(seen.data()["pictureUrl"].is_null(), "{}", seen.body);

    server.set_business(
        PHONE_B,
        LoopbackBusiness {
            description: "Grosir sembako".into(),
            email: Some("halo@grosir.id".into()),
            website: Some("https://grosir.id".into()),
            address: Some("Jl. Pasar 1".into()),
            category: Some("Grocery Store".into()),
        },
    );
    let r = app
        .get(
            &format!("{DEVICES}/{dev_a}/contacts/{PHONE_B}/business-profile"),
            Some(tok),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["isBusiness"], true, "{}", r.body);
    let p = &r.data()["profile"];
    assert_eq!(p["description"], "Grosir sembako", "{p}");
    assert_eq!(p["email"], "halo@grosir.id", "{p}");
    assert_eq!(p["websites"], json!(["https://grosir.id"]), "{p}");
    assert_eq!(p["address"], "Jl. Pasar 1", "{p}");
    assert_eq!(p["categories"], json!(["Grocery Store"]), "{p}");
    let r = app
        .get(
            &format!("{DEVICES}/{dev_b}/contacts/{PHONE_A}/business-profile"),
            Some(tok),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["isBusiness"], false, "{}", r.body);
}
