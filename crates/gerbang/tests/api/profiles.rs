//! Profiles on the simulated network: device A sets its push name, about text and picture
//! (refusing bad input naming the field, without changing anything); device B reads A's
//! picture and about as a contact and hears of each change (`contact.about_changed`,
//! `contact.picture_changed`); a virtual business shows its business profile, anyone else
//! none; a group's picture is read; another user is refused.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{Backend, TestApp};
use crate::loopback::next_event;

db_tests!(a_s_profile_is_set_read_by_b_announced_and_refuses_bad_input);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const SHOP: &str = "6281300000301";

/// The smallest byte string the server takes for a JPEG (its signature).
pub(crate) fn jpeg() -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    j.extend_from_slice(b"JFIF\0profile-picture");
    j.extend_from_slice(&[0xFF, 0xD9]);
    j
}

/// Uploads a picture as `part` with `mime`; the status and body.
pub(crate) async fn upload_picture(
    app: &TestApp,
    tok: &str,
    dev: &str,
    part: &str,
    bytes: Vec<u8>,
) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new().part(
        part.to_string(),
        reqwest::multipart::Part::bytes(bytes)
            .file_name("toko.jpg")
            .mime_str("image/jpeg")
            .unwrap(),
    );
    let r = app
        .client
        .put(format!("{}{DEV}/{dev}/profile/picture", app.base))
        .bearer_auth(tok)
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

fn profile_event(e: &Value) -> Option<Value> {
    let t = e["type"].as_str()?;
    t.starts_with("contact.")
        .then(|| json!({"type": t, "data": e["data"].clone()}))
}

async fn a_s_profile_is_set_read_by_b_announced_and_refuses_bad_input(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    let phone_a = app.link(&dev_a).await;
    app.link(&dev_b).await;
    let phone_a = phone_a.trim_matches('"').to_string();
    let a_jid = format!("{phone_a}@s.whatsapp.net");
    let mut at_b = Sse::open(
        &app,
        &format!("?deviceId={dev_b}&types=contact.about_changed,contact.picture_changed"),
        tok,
        None,
    )
    .await;

    let r = app.get(&format!("{DEV}/{dev_a}/profile"), Some(tok)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["simulated"], true, "{}", r.body);
    assert!(r.data()["about"].is_null(), "{}", r.body);
    assert!(r.data()["pictureUrl"].is_null(), "{}", r.body);

    let r = app
        .put(
            &format!("{DEV}/{dev_a}/profile"),
            Some(tok),
            json!({"pushName": "Toko Maju", "about": "Buka 08.00-17.00"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["pushName"], "Toko Maju", "{}", r.body);
    assert_eq!(r.data()["about"], "Buka 08.00-17.00", "{}", r.body);
    let e = next_event(&mut at_b, "A's about at B", profile_event).await;
    assert_eq!(e["type"], "contact.about_changed", "{e}");
    assert_eq!(e["data"]["jid"], a_jid.as_str(), "{e}");
    assert_eq!(e["data"]["phone"], phone_a.as_str(), "{e}");
    assert_eq!(e["data"]["about"], "Buka 08.00-17.00", "{e}");

    // Bad input names the field and changes nothing.
    for (bad, field) in [
        (json!({}), "pushName"),
        (json!({"pushName": "  "}), "pushName"),
        (json!({"pushName": "x".repeat(26)}), "pushName"),
        (json!({"about": ""}), "about"),
        (
            json!({"pushName": "Baru", "about": "y".repeat(140)}),
            "about",
        ),
    ] {
        let r = app
            .put(&format!("{DEV}/{dev_a}/profile"), Some(tok), bad.clone())
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
        assert!(r.field(field).is_some(), "{bad}: {}", r.body);
    }
    let (status, body) =
        upload_picture(&app, tok, &dev_a, "picture", b"\x89PNG\r\n\x1a\n".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"]["fields"]["picture"].is_string(), "{body}");
    let (status, body) = upload_picture(&app, tok, &dev_a, "gambar", jpeg()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"]["fields"]["picture"].is_string(), "{body}");
    let r = app
        .put(
            &format!("{DEV}/{dev_a}/profile/picture"),
            Some(tok),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.body);
    let r = app.get(&format!("{DEV}/{dev_a}/profile"), Some(tok)).await;
    assert_eq!(r.data()["pushName"], "Toko Maju", "{}", r.body);
    assert_eq!(r.data()["about"], "Buka 08.00-17.00", "{}", r.body);
    assert!(r.data()["pictureUrl"].is_null(), "{}", r.body);

    // A picture: A shows it, B reads it as A's and hears of it.
    let (status, body) = upload_picture(&app, tok, &dev_a, "picture", jpeg()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["hasPicture"], true, "{body}");
    let own = app.get(&format!("{DEV}/{dev_a}/profile"), Some(tok)).await;
    let url = own.data()["pictureUrl"]
        .as_str()
        .expect("a picture")
        .to_string();
    let e = next_event(&mut at_b, "A's picture at B", profile_event).await;
    assert_eq!(e["type"], "contact.picture_changed", "{e}");
    assert_eq!(e["data"]["jid"], a_jid.as_str(), "{e}");
    assert_eq!(e["data"]["removed"], false, "{e}");
    assert_eq!(e["data"]["group"], false, "{e}");
    let seen = app
        .get(
            &format!("{DEV}/{dev_b}/contacts/{phone_a}/profile"),
            Some(tok),
        )
        .await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    assert_eq!(seen.data()["jid"], a_jid.as_str(), "{}", seen.body);
    assert_eq!(seen.data()["pictureUrl"], url.as_str(), "{}", seen.body);
    assert_eq!(seen.data()["about"], "Buka 08.00-17.00", "{}", seen.body);
    let r = app
        .get(
            &format!("{DEV}/{dev_b}/contacts/120363000000000001@g.us/profile"),
            Some(tok),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("phone").is_some(), "{}", r.body);

    // Removed: gone for both, and B hears it.
    let r = app
        .delete(&format!("{DEV}/{dev_a}/profile/picture"), Some(tok))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["hasPicture"], false, "{}", r.body);
    let e = next_event(&mut at_b, "A's picture removed at B", profile_event).await;
    assert_eq!(e["type"], "contact.picture_changed", "{e}");
    assert_eq!(e["data"]["removed"], true, "{e}");
    let seen = app
        .get(
            &format!("{DEV}/{dev_b}/contacts/{phone_a}/profile"),
            Some(tok),
        )
        .await;
    assert!(seen.data()["pictureUrl"].is_null(), "{}", seen.body);

    // A business shows its profile; A is no business.
    let r = app
        .post(
            "/api/sim/accounts",
            Some(tok),
            json!({"phone": SHOP, "name": "Toko Sebelah", "about": "Grosir",
                   "business": {"description": "Grosir sembako", "email": "halo@sebelah.id",
                                "websites": ["https://sebelah.id"], "categories": ["Grocery Store"]}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .get(
            &format!("{DEV}/{dev_a}/contacts/{SHOP}/business-profile"),
            Some(tok),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["isBusiness"], true, "{}", r.body);
    assert_eq!(
        r.data()["profile"]["description"],
        "Grosir sembako",
        "{}",
        r.body
    );
    assert_eq!(
        r.data()["profile"]["email"],
        "halo@sebelah.id",
        "{}",
        r.body
    );
    assert_eq!(
        r.data()["profile"]["categories"][0],
        "Grocery Store",
        "{}",
        r.body
    );
    let r = app
        .get(&format!("{DEV}/{dev_a}/contacts/{SHOP}/profile"), Some(tok))
        .await;
    assert_eq!(r.data()["about"], "Grosir", "{}", r.body);
    let r = app
        .get(
            &format!("{DEV}/{dev_b}/contacts/{phone_a}/business-profile"),
            Some(tok),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["isBusiness"], false, "{}", r.body);
    assert!(r.data()["profile"].is_null(), "{}", r.body);

    // A group's picture: none yet; a group A is not in is refused.
    let r = app
        .post(
            &format!("{DEV}/{dev_a}/groups"),
            Some(tok),
            json!({"subject": "Pelanggan", "participants": [SHOP]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let group = r.data()["jid"].as_str().unwrap().to_string();
    let r = app
        .get(&format!("{DEV}/{dev_a}/groups/{group}/picture"), Some(tok))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["groupId"], group.as_str(), "{}", r.body);
    assert!(r.data()["pictureUrl"].is_null(), "{}", r.body);
    let r = app
        .get(&format!("{DEV}/{dev_b}/groups/{group}/picture"), Some(tok))
        .await;
    assert_eq!(r.status, StatusCode::BAD_GATEWAY, "{}", r.body);
    let r = app
        .get(
            &format!("{DEV}/{dev_a}/groups/{phone_a}@s.whatsapp.net/picture"),
            Some(tok),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("groupId").is_some(), "{}", r.body);

    // Another user's devices are not theirs to read or change.
    let other = app.user("lain").await;
    let r = app
        .get(
            &format!("{DEV}/{dev_a}/profile"),
            Some(other.token.as_str()),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app
        .put(
            &format!("{DEV}/{dev_a}/profile"),
            Some(other.token.as_str()),
            json!({"pushName": "Bajakan"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = app.get(&format!("{DEV}/{dev_a}/profile"), Some(tok)).await;
    assert_eq!(r.data()["pushName"], "Toko Maju", "{}", r.body);
}
