//! Group messages through the gateway on the real engine. C, an outside WhatsApp user (a real
//! whatsapp-rust client of its own, not the gateway's), makes a group with the gateway's devices
//! A and B on the loopback WhatsApp server; C's message reaches both as `message.new` in the
//! group's chat with C as the sender, and A's answer, sent through the normal send route to the
//! group's JID (sender keys and all), reaches B and C and comes back delivered.

use std::sync::Arc;
use std::time::Duration;

use gerbang_core::device::NewDevice;
use gerbang_core::engine::{
    Engine, EngineEvent, EngineEvents, EngineKind, MessageContent, OutboundMessage,
};
use gerbang_core::jid::Phone;
use gerbang_core::store::{DeviceStore, UserStore};
use gerbang_core::user::{NewUser, Role};
use gerbang_engine_whatsapp::{WhatsappConfig, WhatsappEngine};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use whatsapp_rust::async_trait;

use gerbang_wa_fake::LoopbackServer;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend};
use crate::loopback::{gateway, link, next_event, send_text};

db_tests!(
    a_group_message_reaches_both_gateway_devices_and_an_answer_goes_back,
    the_group_routes_drive_the_real_engine_and_each_member_device_hears_the_changes,
);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000031";
const PHONE_B: &str = "6281200000032";
const PHONE_C: &str = "6281200000033";
const WAIT: Duration = Duration::from_secs(40);

struct Channel(mpsc::UnboundedSender<EngineEvent>);

#[async_trait]
impl EngineEvents for Channel {
    async fn on_event(&self, _: &str, event: EngineEvent) -> Result<(), String> {
        let _ = self.0.send(event);
        Ok(())
    }
}

/// The next event of C's that `pick` accepts.
async fn next<T>(
    rx: &mut mpsc::UnboundedReceiver<EngineEvent>,
    what: &str,
    pick: impl Fn(&EngineEvent) -> Option<T>,
) -> T {
    let found = tokio::time::timeout(WAIT, async {
        loop {
            if let Some(found) = pick(&rx.recv().await?) {
                return Some(found);
            }
        }
    })
    .await;
    match found {
        Ok(Some(found)) => found,
        _ => panic!("no event at C: {what}"),
    }
}

/// C: a real engine on a database of its own, linked as the phone `PHONE_C`.
async fn outsider(
    server: &LoopbackServer,
    dir: &std::path::Path,
) -> (Arc<WhatsappEngine>, mpsc::UnboundedReceiver<EngineEvent>) {
    let url = format!("sqlite://{}", dir.join("c.db").display());
    let store = gerbang_store::SqliteStore::connect(&url).await.unwrap();
    let user = store
        .create_user(&NewUser {
            username: "c".into(),
            email: "c@example.id".into(),
            full_name: "C".into(),
            password_hash: "x".into(),
            role: Role::User,
            is_active: true,
        })
        .await
        .unwrap();
    store
        .create_device(&NewDevice {
            device_id: "c".into(),
            device_name: "c".into(),
            user_id: user.id,
            engine: EngineKind::Whatsapp,
        })
        .await
        .unwrap();
    let engine = WhatsappEngine::new(
        store.wa_session(),
        WhatsappConfig {
            url: Some(server.url.clone()),
            ..WhatsappConfig::default()
        },
    );
    let (tx, mut rx) = mpsc::unbounded_channel();
    engine.start("c", Arc::new(Channel(tx))).await.unwrap();
    let code = next(&mut rx, "a QR code", |e| match e {
        EngineEvent::Qr { code, .. } => Some(code.clone()),
        _ => None,
    })
    .await;
    server.scan(&code, PHONE_C).unwrap();
    next(&mut rx, "connected", |e| {
        matches!(e, EngineEvent::Connected { .. }).then_some(())
    })
    .await;
    (engine, rx)
}

async fn a_group_message_reaches_both_gateway_devices_and_an_answer_goes_back(b: Backend) {
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("toko").await;
    let tok = &owner.token;
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    link(&app, &server, tok, &dev_a, PHONE_A).await;
    link(&app, &server, tok, &dev_b, PHONE_B).await;
    let dir = std::env::temp_dir().join(format!("gerbang-c-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let (c, mut at_c) = outsider(&server, &dir).await;

    let pn = |p: &str| Phone::parse(p).unwrap().jid();
    let group = c
        .create_group("c", "Grosir Sembako", &[pn(PHONE_A), pn(PHONE_B)])
        .await
        .unwrap()
        .jid;
    let chat = group.as_str().to_string();
    let mut at_a = Sse::open(
        &app,
        &format!("?deviceId={dev_a}&types=message.new,message.status"),
        tok,
        None,
    )
    .await;
    let mut at_b = Sse::open(
        &app,
        &format!("?deviceId={dev_b}&types=message.new"),
        tok,
        None,
    )
    .await;

    c.send(
        "c",
        &OutboundMessage {
            id: "3EB0GCHAT0001".into(),
            to: group.clone(),
            content: MessageContent::Text {
                body: "Harga beras naik besok".into(),
            },
            quoted: None,
            mentions: Vec::new(),
            flags: Default::default(),
        },
    )
    .await
    .unwrap();
    let new_message = |id: &'static str| {
        move |e: &Value| {
            (e["type"] == "message.new" && e["data"]["messageId"] == id).then(|| e["data"].clone())
        }
    };
    for (name, sse) in [("A", &mut at_a), ("B", &mut at_b)] {
        let got = next_event(
            sse,
            &format!("C's text at {name}"),
            new_message("3EB0GCHAT0001"),
        )
        .await;
        assert_eq!(got["chatJid"], chat.as_str(), "{got}");
        assert_eq!(got["message"]["body"], "Harga beras naik besok", "{got}");
        assert_eq!(got["message"]["senderPhone"], PHONE_C, "{got}");
        assert_eq!(got["message"]["fromMe"], false, "{got}");
    }

    // A answers in the group through the ordinary send route, addressed to the group's JID.
    let id = send_text(&app, tok, &dev_a, &chat, "Siap, kami stok hari ini").await;
    let got = next_event(&mut at_b, "A's answer at B", |e| {
        (e["type"] == "message.new" && e["data"]["messageId"] == id.as_str())
            .then(|| e["data"].clone())
    })
    .await;
    assert_eq!(got["chatJid"], chat.as_str(), "{got}");
    assert_eq!(got["message"]["senderPhone"], PHONE_A, "{got}");
    assert_eq!(got["message"]["body"], "Siap, kami stok hari ini", "{got}");
    let at_c_msg = next(&mut at_c, "A's answer at C", |e| match e {
        EngineEvent::Message(m) if m.id == id => Some(m.clone()),
        _ => None,
    })
    .await;
    assert_eq!(at_c_msg.chat, group);
    assert_eq!(
        at_c_msg.sender_phone.as_ref().map(Phone::as_str),
        Some(PHONE_A)
    );
    // The members' receipts come back: A's message is delivered.
    next_event(&mut at_a, "A's answer delivered", |e| {
        (e["type"] == "message.status"
            && e["data"]["messageId"] == id.as_str()
            && e["data"]["status"] == "delivered")
            .then_some(())
    })
    .await;

    // Both conversations are kept under the group, once each.
    for (dev, count) in [(&dev_a, 2), (&dev_b, 2)] {
        let history = app
            .get(&format!("{DEVICES}/{dev}/chat-history/{chat}"), Some(tok))
            .await;
        let messages = history.data()["messages"].as_array().unwrap().clone();
        assert_eq!(messages.len(), count, "{messages:?}");
    }
    let b_device = server.devices(PHONE_B)[0];
    wait_for(10, "B's queue settled", || async {
        (server.queued(PHONE_B, b_device) == 0).then_some(())
    })
    .await;
    c.stop("c").await.unwrap();
    drop(c);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The gateway's own group routes on the real engine: device A creates a group with device B
/// (both linked to the loopback server), promotes B, renames the group and writes in it; B's
/// event stream hears each change as WhatsApp notifies it, and B's list comes from WhatsApp.
async fn the_group_routes_drive_the_real_engine_and_each_member_device_hears_the_changes(
    b: Backend,
) {
    const PHONE_D: &str = "6281200000034";
    const PHONE_E: &str = "6281200000035";
    let server = LoopbackServer::start().await;
    let app = gateway(b, &server).await;
    let owner = app.user("warung").await;
    let tok = Some(owner.token.as_str());
    let dev_a = app.device(owner.id, "Kasir D").await;
    let dev_b = app.device(owner.id, "Kasir E").await;
    link(&app, &server, &owner.token, &dev_a, PHONE_D).await;
    link(&app, &server, &owner.token, &dev_b, PHONE_E).await;
    let mut at_b = Sse::open(
        &app,
        &format!("?deviceId={dev_b}&types=group.joined,group.participants,group.updated,group.left,message.new"),
        &owner.token,
        None,
    )
    .await;

    let r = app
        .post(
            &format!("{DEVICES}/{dev_a}/groups"),
            tok,
            json!({"subject": "Toko Berkah", "participants": [PHONE_E]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let g = r.data()["jid"].as_str().unwrap().to_string();
    let role_of = |info: &Value, phone: &str| {
        info["participants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["jid"].as_str().unwrap_or("").starts_with(phone))
            .map(|p| p["role"].clone())
    };
    assert_eq!(
        role_of(r.data(), PHONE_D),
        Some(json!("owner")),
        "{}",
        r.body
    );
    assert_eq!(
        role_of(r.data(), PHONE_E),
        Some(json!("member")),
        "{}",
        r.body
    );

    let for_group = |kind: &'static str, g: String| {
        move |e: &Value| {
            (e["type"] == kind && e["data"]["groupJid"] == g.as_str()).then(|| e["data"].clone())
        }
    };
    let joined = next_event(
        &mut at_b,
        "group.joined at B",
        for_group("group.joined", g.clone()),
    )
    .await;
    assert_eq!(joined["subject"], "Toko Berkah", "{joined}");
    let list = app.get(&format!("{DEVICES}/{dev_b}/groups"), tok).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.data()["cached"], false, "{}", list.body);
    assert!(
        list.data()["groups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["jid"] == g.as_str()),
        "{}",
        list.body
    );

    let r = app
        .post(
            &format!("{DEVICES}/{dev_a}/groups/{g}/admins"),
            tok,
            json!({"participants": [PHONE_E]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let promoted = next_event(
        &mut at_b,
        "promotion at B",
        for_group("group.participants", g.clone()),
    )
    .await;
    assert_eq!(promoted["action"], "promote", "{promoted}");
    let info = app
        .get(&format!("{DEVICES}/{dev_b}/groups/{g}/info"), tok)
        .await;
    assert_eq!(info.status, StatusCode::OK, "{}", info.body);
    assert_eq!(
        role_of(info.data(), PHONE_E),
        Some(json!("admin")),
        "{}",
        info.body
    );

    let r = app
        .put(
            &format!("{DEVICES}/{dev_a}/groups/{g}"),
            tok,
            json!({"subject": "Toko Berkah Jaya"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let updated = next_event(
        &mut at_b,
        "rename at B",
        for_group("group.updated", g.clone()),
    )
    .await;
    assert_eq!(
        updated["changes"]["subject"], "Toko Berkah Jaya",
        "{updated}"
    );

    let sent = app
        .post(
            &format!("{DEVICES}/{dev_a}/send-group-message"),
            tok,
            json!({"groupJid": g, "text": "Stok gula datang"}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let id = sent.data()["messageId"].as_str().unwrap().to_string();
    let got = next_event(&mut at_b, "the group text at B", |e| {
        (e["type"] == "message.new" && e["data"]["messageId"] == id.as_str())
            .then(|| e["data"].clone())
    })
    .await;
    assert_eq!(got["chatJid"], g.as_str(), "{got}");
    assert_eq!(got["message"]["senderPhone"], PHONE_D, "{got}");

    let r = app
        .post(
            &format!("{DEVICES}/{dev_b}/groups/{g}/leave"),
            tok,
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    next_event(
        &mut at_b,
        "group.left at B",
        for_group("group.left", g.clone()),
    )
    .await;
    let info = app
        .get(&format!("{DEVICES}/{dev_a}/groups/{g}/info"), tok)
        .await;
    assert_eq!(role_of(info.data(), PHONE_E), None, "{}", info.body);
}
