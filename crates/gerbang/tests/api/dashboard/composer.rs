//! The inbox composer over HTTP, on both databases: "Reply to this" quotes a message (without
//! JavaScript: a link that opens the composer with the quote) and the reply goes out quoting
//! it; a saved template starts the reply, rendered for the chat; pictures open in the viewer and
//! videos play in the chat.

use reqwest::multipart::Form;
use reqwest::StatusCode;
use serde_json::json;

use super::Visitor;
use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(a_reply_quotes_a_message_and_can_start_from_a_template);

const LOG: &str = "/api/whatsapp-multi-device/messages";

async fn a_reply_quotes_a_message_and_can_start_from_a_template(b: Backend) {
    let app = TestApp::spawn(b).await;
    let eka = app.user("eka").await;
    let tok = Some(eka.token.as_str());
    let device = app.device(eka.id, "Toko Eka").await;
    app.link(&device).await;
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/inbound"),
            app.admin(),
            json!({"from": "081200000888", "text": "Ada stok kopi?"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let asked = wait_for(10, "the inbound message", || async {
        let r = app.get(&format!("{LOG}?direction=in"), tok).await;
        r.data()["items"][0]["messageId"]
            .as_str()
            .map(str::to_string)
    })
    .await;
    let t = app
        .post(
            "/api/whatsapp-multi-device/templates",
            tok,
            json!({"name": "Stok", "body": "Halo {{name|Kak}}, stok untuk {{phone}} ada"}),
        )
        .await;
    assert_eq!(t.status, StatusCode::CREATED, "{}", t.body);
    let template = t.data()["id"].as_i64().unwrap();

    let v = Visitor::new(&app.base);
    v.sign_in("eka", &eka.password).await;
    let chat = format!("/inbox?device={device}&chat=6281200000888%40s.whatsapp.net");
    let page = v.get(&chat).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("data-reply=\"{asked}\"")));
    assert!(page
        .body
        .contains("id=\"replying\" class=\"replying\" hidden"));
    assert!(page.body.contains("<dialog id=\"viewer\""));
    assert!(page.body.contains("id=\"template-pick\"") && page.body.contains(">Stok</option>"));

    // Without JavaScript: the reply link opens the composer quoting the message.
    let page = v.get(&format!("{chat}&reply={asked}")).await;
    let composer = page.body.split("id=\"replying\"").nth(1).unwrap();
    assert!(
        !composer.starts_with(" class=\"replying\" hidden"),
        "{composer}"
    );
    assert!(composer.contains("Ada stok kopi?"), "{composer}");
    assert!(composer.contains(&format!(
        "name=\"reply_to\" id=\"reply-to\" value=\"{asked}\""
    )));

    // A template starts the reply, rendered for this chat (no saved name: the default).
    let page = v
        .get(&format!("{chat}&reply={asked}&template={template}"))
        .await;
    let text = page.body.split("id=\"reply-text\"").nth(1).unwrap();
    assert!(
        text.contains("Halo ") && text.contains(", stok untuk 6281200000888 ada</textarea>"),
        "{text}"
    );
    assert!(
        page.body.contains(&format!("value=\"{asked}\"")),
        "the quote stays"
    );

    let csrf = page.csrf();
    let form = Form::new()
        .text("_csrf", csrf)
        .text("device", device.clone())
        .text("to", "6281200000888@s.whatsapp.net")
        .text("reply_to", asked.clone())
        .text("text", "Ada, Kak. Mau berapa?");
    let r = v.post_multipart("/inbox/reply", form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let sent = wait_for(10, "the quoted reply", || async {
        let r = app.get(&format!("{LOG}?direction=out"), tok).await;
        let m = r.data()["items"][0].clone();
        (m["body"] == "Ada, Kak. Mau berapa?").then_some(m)
    })
    .await;
    assert_eq!(sent["quotedId"], json!(asked), "{sent}");
    let page = v.get(&chat).await;
    assert!(
        page.body.contains("class=\"quoted\""),
        "the reply shows its quote"
    );
}
