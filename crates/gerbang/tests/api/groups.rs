//! Groups end to end over HTTP against the simulated network: the cache follows WhatsApp's
//! notifications, changes answer per member, refusals change nothing, and sending to a group
//! and to its members goes through the normal send path and the jobs machinery.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend, TestApp};

const DEV: &str = "/api/whatsapp-multi-device/devices";
const A: &str = "6281300000001";
const B: &str = "6281300000002";
const C: &str = "6281300000003";
const GROUP_EVENTS: &str =
    "group.joined,group.left,group.participants,group.updated,group.invite_revoked";

db_tests!(
    members_roles_settings_and_invites_with_events,
    a_non_admin_is_refused_and_inbound_group_messages_carry_the_sender,
    invite_join_and_leave,
    sending_to_a_group_and_to_its_members,
    bad_input_changes_nothing_and_admins_list_every_device,
    group_events_reach_webhooks_signed,
);

fn jid(phone: &str) -> String {
    format!("{phone}@s.whatsapp.net")
}

/// The next events of the given types, until `count` arrived (or the stream stays quiet).
async fn take(sse: &mut Sse, count: usize) -> Vec<Value> {
    let mut out = Vec::new();
    while out.len() < count {
        match sse.next(Duration::from_secs(10)).await {
            Some((_, data)) if data["type"] != "connected" => out.push(data),
            Some(_) => {}
            None => break,
        }
    }
    out
}

/// The device's cached groups (no WhatsApp round trip).
async fn cached(app: &TestApp, device: &str, tok: Option<&str>) -> Vec<Value> {
    let r = app
        .get(&format!("{DEV}/{device}/groups?refresh=false"), tok)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["cached"], true);
    r.data()["groups"].as_array().unwrap().clone()
}

fn roles(group: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = group["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["jid"].as_str().unwrap().to_string(),
                p["role"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

fn sorted(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
    v.sort();
    v
}

fn pair(phone: &str, role: &str) -> (String, String) {
    (jid(phone), role.to_string())
}

async fn setup(app: &TestApp, name: &str) -> (String, String, String) {
    let user = app.user(name).await;
    let device = app.device(user.id, "Grup").await;
    let phone = app.link(&device).await;
    (user.token, device, phone)
}

async fn members_roles_settings_and_invites_with_events(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (token, device, me) = setup(&app, "ketua").await;
    let tok = Some(token.as_str());
    let r = app
        .post(
            "/api/sim/accounts",
            tok,
            json!({"phone": "6289900000009", "name": "Hilang", "onWhatsapp": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let mut sse = Sse::open(&app, &format!("?types={GROUP_EVENTS}"), &token, None).await;

    let r = app
        .post(
            &format!("{DEV}/{device}/groups"),
            tok,
            json!({"subject": "Arisan RT 05", "participants": [A, "0813-0000-0002"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let g = r.data()["jid"].as_str().unwrap().to_string();
    assert!(g.starts_with("120363") && g.ends_with("@g.us"), "{g}");
    assert_eq!(
        roles(r.data()),
        sorted(vec![
            pair(&me, "owner"),
            pair(A, "member"),
            pair(B, "member")
        ])
    );
    let joined = take(&mut sse, 1).await;
    assert_eq!(joined[0]["type"], "group.joined");
    assert_eq!(joined[0]["data"]["groupJid"], g.as_str());
    assert_eq!(joined[0]["data"]["subject"], "Arisan RT 05");

    let list = app.get(&format!("{DEV}/{device}/groups"), tok).await;
    assert_eq!(list.data()["cached"], false);
    assert_eq!(list.data()["simulated"], true);
    assert_eq!(list.data()["groups"].as_array().unwrap().len(), 1);
    let short = g.trim_end_matches("@g.us");
    let info = app
        .get(&format!("{DEV}/{device}/groups/{short}/info"), tok)
        .await;
    assert_eq!(info.status, StatusCode::OK, "{}", info.body);
    assert_eq!(info.data()["myRole"], "owner");
    assert_eq!(info.data()["owner"], jid(&me).as_str());
    assert!(info.data()["inviteLink"]
        .as_str()
        .unwrap()
        .starts_with("https://chat.whatsapp.com/"));

    // Add: one outcome per member named.
    let r = app
        .post(
            &format!("{DEV}/{device}/groups/{g}/participants"),
            tok,
            json!({"participants": [C, A, "6289900000009"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let res = r.data()["results"].as_array().unwrap();
    assert_eq!(
        res.iter()
            .map(|o| (
                o["ok"].as_bool().unwrap(),
                o["error"].as_str().unwrap_or("")
            ))
            .collect::<Vec<_>>(),
        vec![
            (true, ""),
            (false, "already a member"),
            (false, "not on WhatsApp")
        ]
    );
    let e = take(&mut sse, 1).await;
    assert_eq!(e[0]["type"], "group.participants");
    assert_eq!(e[0]["data"]["action"], "add");
    assert_eq!(e[0]["data"]["participants"], json!([jid(C)]));
    assert_eq!(e[0]["data"]["author"], jid(&me).as_str());

    let r = app
        .post(
            &format!("{DEV}/{device}/groups/{g}/admins"),
            tok,
            json!({"participants": [A]}),
        )
        .await;
    assert_eq!(r.data()["results"][0]["ok"], true, "{}", r.body);
    let r = app
        .delete(
            &format!("{DEV}/{device}/groups/{g}/participants/{}", jid(B)),
            tok,
        )
        .await;
    assert_eq!(r.data()["results"][0]["ok"], true, "{}", r.body);
    let r = app
        .delete(&format!("{DEV}/{device}/groups/{g}/participants/{me}"), tok)
        .await;
    assert_eq!(r.data()["results"][0]["ok"], false, "{}", r.body);
    assert!(r.data()["results"][0]["error"]
        .as_str()
        .unwrap()
        .contains("creator"));
    let e = take(&mut sse, 2).await;
    let actions: Vec<_> = e.iter().map(|e| e["data"]["action"].clone()).collect();
    assert_eq!(actions, vec![json!("promote"), json!("remove")]);
    let r = app
        .delete(&format!("{DEV}/{device}/groups/{g}/admins/{A}"), tok)
        .await;
    assert_eq!(r.data()["results"][0]["ok"], true, "{}", r.body);
    let e = take(&mut sse, 1).await;
    assert_eq!(e[0]["data"]["action"], "demote");

    // The cache followed the notifications.
    let groups = cached(&app, &device, tok).await;
    assert_eq!(
        roles(&groups[0]),
        sorted(vec![
            pair(&me, "owner"),
            pair(A, "member"),
            pair(C, "member")
        ])
    );

    let r = app
        .put(
            &format!("{DEV}/{device}/groups/{g}"),
            tok,
            json!({"subject": "Arisan RT 06", "description": "Tiap Minggu pagi"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["subject"], "Arisan RT 06");
    assert_eq!(r.data()["description"], "Tiap Minggu pagi");
    let r = app
        .put(
            &format!("{DEV}/{device}/groups/{g}/settings"),
            tok,
            json!({"announce": true, "locked": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.data()["announce"].clone(), r.data()["locked"].clone()),
        (json!(true), json!(true))
    );
    let e = take(&mut sse, 4).await;
    let changes: Vec<_> = e
        .iter()
        .map(|e| (e["type"].clone(), e["data"]["changes"].clone()))
        .collect();
    assert_eq!(
        changes,
        vec![
            (json!("group.updated"), json!({"subject": "Arisan RT 06"})),
            (
                json!("group.updated"),
                json!({"description": "Tiap Minggu pagi"})
            ),
            (json!("group.updated"), json!({"announce": true})),
            (json!("group.updated"), json!({"locked": true})),
        ]
    );
    let groups = cached(&app, &device, tok).await;
    assert_eq!(groups[0]["subject"], "Arisan RT 06");
    assert_eq!(groups[0]["locked"], true);

    let link = app
        .get(&format!("{DEV}/{device}/groups/{g}/invite-link"), tok)
        .await;
    assert_eq!(link.status, StatusCode::OK, "{}", link.body);
    let old = link.data()["link"].as_str().unwrap().to_string();
    assert_eq!(
        old,
        format!(
            "https://chat.whatsapp.com/{}",
            link.data()["code"].as_str().unwrap()
        )
    );
    let new = app
        .post(
            &format!("{DEV}/{device}/groups/{g}/invite-link/revoke"),
            tok,
            json!({}),
        )
        .await;
    assert_eq!(new.status, StatusCode::OK, "{}", new.body);
    assert_ne!(new.data()["link"], old.as_str());
    let e = take(&mut sse, 1).await;
    assert_eq!(e[0]["type"], "group.invite_revoked");
    assert_eq!(e[0]["chatJid"], g.as_str(), "{}", e[0]);
}

async fn a_non_admin_is_refused_and_inbound_group_messages_carry_the_sender(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (token, device, me) = setup(&app, "anggota").await;
    let tok = Some(token.as_str());
    let mut sse = Sse::open(&app, &format!("?types={GROUP_EVENTS}"), &token, None).await;

    // Another account's group, with this device as a plain member.
    let r = app
        .post(
            "/api/sim/groups",
            tok,
            json!({"creator": A, "subject": "Kelas 6B", "participants": [me, B]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let g = r.data()["jid"].as_str().unwrap().to_string();
    let e = take(&mut sse, 1).await;
    assert_eq!(e[0]["type"], "group.joined");
    assert_eq!(e[0]["data"]["author"], jid(A).as_str());
    let before = cached(&app, &device, tok).await;
    assert_eq!(before.len(), 1);
    assert_eq!(
        roles(&before[0]),
        sorted(vec![
            pair(A, "owner"),
            pair(&me, "member"),
            pair(B, "member")
        ])
    );

    for (method, path, body) in [
        (
            "POST",
            format!("{DEV}/{device}/groups/{g}/participants"),
            json!({"participants": [C]}),
        ),
        (
            "POST",
            format!("{DEV}/{device}/groups/{g}/admins"),
            json!({"participants": [B]}),
        ),
        (
            "PUT",
            format!("{DEV}/{device}/groups/{g}/settings"),
            json!({"announce": true}),
        ),
        (
            "GET",
            format!("{DEV}/{device}/groups/{g}/invite-link"),
            json!({}),
        ),
    ] {
        let r = match method {
            "POST" => app.post(&path, tok, body).await,
            "PUT" => app.put(&path, tok, body).await,
            _ => app.get(&path, tok).await,
        };
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{method} {path}: {}",
            r.body
        );
        assert_eq!(r.code(), "group_refused");
    }
    let info = app
        .get(&format!("{DEV}/{device}/groups/{g}/info"), tok)
        .await;
    assert_eq!(info.data()["myRole"], "member");
    assert!(info.data()["inviteLink"].is_null());
    assert!(
        take_quiet(&mut sse).await.is_empty(),
        "a refusal reports nothing"
    );
    assert_eq!(
        cached(&app, &device, tok).await,
        before,
        "nothing cached changed"
    );
    let view = app.get(&format!("/api/sim/groups/{g}"), tok).await;
    assert_eq!(view.data()["participants"].as_array().unwrap().len(), 3);

    // A member writes in the group: stored with the group as chat and the member as sender.
    let r = app
        .post(
            &format!("/api/sim/groups/{g}/messages"),
            tok,
            json!({"from": B, "text": "Besok libur?"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id = r.data()["messageId"].as_str().unwrap().to_string();
    let msg = wait_for(10, "the group message", || async {
        let h = app
            .get(
                &format!("{DEV}/{device}/group-chat-history/{g}"),
                app.admin(),
            )
            .await;
        h.data()["messages"]
            .as_array()
            .and_then(|m| m.iter().find(|m| m["messageId"] == id.as_str()).cloned())
    })
    .await;
    assert_eq!(msg["chatJid"], g.as_str());
    assert_eq!(msg["senderJid"], jid(B).as_str());
    assert_eq!(msg["senderPhone"], B);
    assert_eq!(msg["fromMe"], false);
    let r = app
        .post(
            &format!("/api/sim/groups/{g}/messages"),
            tok,
            json!({"from": C, "text": "Halo"}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "a non-member cannot write: {}",
        r.body
    );

    // Promoted by the owner, the device may now add members.
    let r = app
        .post(
            &format!("/api/sim/groups/{g}/participants"),
            tok,
            json!({"actor": A, "action": "promote", "participants": [me]}),
        )
        .await;
    assert_eq!(r.data()["results"][0]["ok"], true, "{}", r.body);
    let e = take(&mut sse, 1).await;
    assert_eq!(
        (
            e[0]["data"]["action"].clone(),
            e[0]["data"]["author"].clone()
        ),
        (json!("promote"), json!(jid(A)))
    );
    let r = app
        .post(
            &format!("{DEV}/{device}/groups/{g}/participants"),
            tok,
            json!({"participants": [C]}),
        )
        .await;
    assert_eq!(r.data()["results"][0]["ok"], true, "{}", r.body);
    take(&mut sse, 1).await;

    // Removed by the owner: the group leaves the list.
    let r = app
        .post(
            &format!("/api/sim/groups/{g}/participants"),
            tok,
            json!({"actor": A, "action": "remove", "participants": [me]}),
        )
        .await;
    assert_eq!(r.data()["results"][0]["ok"], true, "{}", r.body);
    let e = take(&mut sse, 1).await;
    assert_eq!(e[0]["type"], "group.left");
    assert!(cached(&app, &device, tok).await.is_empty());
    let info = app
        .get(&format!("{DEV}/{device}/groups/{g}/info"), tok)
        .await;
    assert_eq!(info.status, StatusCode::NOT_FOUND, "{}", info.body);
}

async fn take_quiet(sse: &mut Sse) -> Vec<Value> {
    let mut out = Vec::new();
    while let Some((_, data)) = sse.next(Duration::from_millis(700)).await {
        if data["type"] != "connected" {
            out.push(data);
        }
    }
    out
}

async fn invite_join_and_leave(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (token, first, phone1) = setup(&app, "pengundang").await;
    let tok = Some(token.as_str());
    let user2 = app.user("tamu").await;
    let second = app.device(user2.id, "Tamu").await;
    let phone2 = app.link(&second).await;
    let tok2 = Some(user2.token.as_str());

    let r = app
        .post(
            &format!("{DEV}/{first}/groups"),
            tok,
            json!({"name": "Reuni SMA", "participants": [A]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let g = r.data()["jid"].as_str().unwrap().to_string();
    let link = app
        .get(&format!("{DEV}/{first}/groups/{g}/invite-link"), tok)
        .await;
    let link = link.data()["link"].as_str().unwrap().to_string();

    let mut sse2 = Sse::open(&app, &format!("?types={GROUP_EVENTS}"), &user2.token, None).await;
    let r = app
        .post(
            &format!("{DEV}/{second}/groups/join"),
            tok2,
            json!({"invite": link}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["groupJid"], g.as_str());
    let e = take(&mut sse2, 1).await;
    assert_eq!(e[0]["type"], "group.joined");
    let theirs = cached(&app, &second, tok2).await;
    assert_eq!(theirs.len(), 1);
    assert!(roles(&theirs[0]).contains(&pair(&phone2, "member")));
    // The first device heard of the newcomer.
    wait_for(
        10,
        "the first device's cache to list the newcomer",
        || async {
            let groups = cached(&app, &first, tok).await;
            roles(&groups[0])
                .contains(&pair(&phone2, "member"))
                .then_some(())
        },
    )
    .await;

    // What one member device writes in the group reaches the other as an inbound group message.
    let sent = app
        .post(
            &format!("{DEV}/{first}/send-group-message"),
            tok,
            json!({"groupJid": g, "text": "Selamat datang"}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let id = sent.data()["messageId"].as_str().unwrap().to_string();
    let got = wait_for(10, "the message on the other member device", || async {
        let h = app
            .get(
                &format!("{DEV}/{second}/group-chat-history/{g}"),
                app.admin(),
            )
            .await;
        h.data()["messages"]
            .as_array()
            .and_then(|m| m.iter().find(|m| m["messageId"] == id.as_str()).cloned())
    })
    .await;
    assert_eq!(got["fromMe"], false);
    assert_eq!(got["senderJid"], jid(&phone1).as_str());
    assert_eq!(got["body"], "Selamat datang");

    let r = app
        .post(&format!("{DEV}/{second}/groups/{g}/leave"), tok2, json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let e = take(&mut sse2, 1).await;
    assert_eq!(e[0]["type"], "group.left");
    assert!(cached(&app, &second, tok2).await.is_empty());
    let list = app.get(&format!("{DEV}/{second}/groups"), tok2).await;
    assert!(list.data()["groups"].as_array().unwrap().is_empty());

    // A reset link no longer works; the new one does (as a bare code too).
    let new = app
        .post(
            &format!("{DEV}/{first}/groups/{g}/invite-link/revoke"),
            tok,
            json!({}),
        )
        .await;
    let code = new.data()["code"].as_str().unwrap().to_string();
    let r = app
        .post(
            &format!("{DEV}/{second}/groups/join"),
            tok2,
            json!({"invite": link}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.field("invite").is_some(), "{}", r.body);
    assert!(cached(&app, &second, tok2).await.is_empty());
    let r = app
        .post(
            &format!("{DEV}/{second}/groups/join"),
            tok2,
            json!({"code": code}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    wait_for(10, "the group back in the list", || async {
        (cached(&app, &second, tok2).await.len() == 1).then_some(())
    })
    .await;
}

/// A tiny valid PNG (1×1).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

async fn inbox(app: &TestApp, phone: &str) -> Vec<Value> {
    let r = app
        .get(&format!("/api/sim/accounts/{phone}/inbox"), app.admin())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data().as_array().unwrap().clone()
}

async fn sending_to_a_group_and_to_its_members(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (token, device, me) = setup(&app, "pengirim").await;
    let tok = Some(token.as_str());
    let r = app
        .post(
            &format!("{DEV}/{device}/groups"),
            tok,
            json!({"subject": "Toko", "participants": [A, B]}),
        )
        .await;
    let g = r.data()["jid"].as_str().unwrap().to_string();
    let short = g.trim_end_matches("@g.us").to_string();
    let mut sse = Sse::open(&app, "?types=message.new,message.status", &token, None).await;

    let r = app
        .post(
            &format!("{DEV}/{device}/send-group-message"),
            tok,
            json!({"groupId": short, "message": "Stok baru datang"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.data()["chatJid"], g.as_str());
    assert_eq!(r.data()["status"], "sent");
    let id = r.data()["messageId"].as_str().unwrap().to_string();
    let e = take(&mut sse, 2).await;
    let seen: Vec<_> = e
        .iter()
        .map(|e| {
            (
                e["type"].clone(),
                e["data"]["status"].clone(),
                e["data"]["chatJid"].clone(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (json!("message.new"), json!("pending"), json!(g)),
            (json!("message.status"), json!("sent"), json!(g)),
        ]
    );
    for member in [A, B] {
        let got = inbox(&app, member).await;
        assert!(
            got.iter()
                .any(|d| d["messageId"] == id.as_str() && d["to"] == g.as_str()),
            "{member} got the group message: {got:?}"
        );
    }
    let outbox = app
        .get(&format!("/api/sim/devices/{device}/outbox"), tok)
        .await;
    assert!(outbox
        .data()
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["to"] == g.as_str()));

    let r = app
        .post(
            &format!("{DEV}/{device}/groups/{g}/mention-message"),
            tok,
            json!({"message": "Rapat jam 8"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mid = r.data()["messageId"].as_str().unwrap().to_string();
    let got = inbox(&app, A).await;
    let text = got
        .iter()
        .find(|d| d["messageId"] == mid.as_str())
        .and_then(|d| d["text"].as_str())
        .unwrap()
        .to_string();
    assert!(
        text.starts_with("Rapat jam 8")
            && text.contains(&format!("@{A}"))
            && text.contains(&format!("@{B}")),
        "{text}"
    );
    assert!(!text.contains(&format!("@{me}")), "{text}");
    let h = app
        .get(
            &format!("{DEV}/{device}/group-chat-history/{g}"),
            app.admin(),
        )
        .await;
    let row = h.data()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["messageId"] == mid.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["mentions"], json!([jid(A), jid(B)]));
    let r = app
        .post(
            &format!("{DEV}/{device}/groups/{g}/mention-message"),
            tok,
            json!({"message": "Hai @6281300000002", "participants": [B]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .post(
            &format!("{DEV}/{device}/groups/{g}/mention-message"),
            tok,
            json!({"message": "Hai", "participants": [C]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("participants[0]").is_some());

    let part = reqwest::multipart::Part::bytes(PNG.to_vec())
        .file_name("promo.png")
        .mime_str("image/png")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("caption", "Promo")
        .part("file", part);
    let res = app
        .client
        .post(format!(
            "{}{DEV}/{device}/groups/{short}/send-media",
            app.base
        ))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["data"]["chatJid"], g.as_str());
    let media_id = body["data"]["messageId"].as_str().unwrap().to_string();
    assert!(inbox(&app, B)
        .await
        .iter()
        .any(|d| d["messageId"] == media_id.as_str() && d["kind"] == "image"));

    // A job to the members: each gets the message privately; this device is left out.
    let r = app
        .post(
            &format!("{DEV}/{device}/groups/{g}/jobs/send-text"),
            tok,
            json!({"message": "Halo {{phone}}", "delaySecs": 0, "jitterSecs": 0}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.data()["progress"]["total"], 2, "{}", r.body);
    let job = r.data()["jobId"].as_str().unwrap().to_string();
    wait_for(20, "the members job to complete", || async {
        let j = app
            .get(&format!("/api/whatsapp-multi-device/jobs/{job}"), tok)
            .await;
        (j.data()["status"] == "completed").then(|| j.data().clone())
    })
    .await;
    for member in [A, B] {
        let got = inbox(&app, member).await;
        let private: Vec<_> = got
            .iter()
            .filter(|d| d["to"] == jid(member).as_str())
            .collect();
        assert_eq!(private.len(), 1, "{member}: {got:?}");
        assert_eq!(private[0]["text"], format!("Halo {member}"));
    }
    let r = app
        .post(
            &format!("{DEV}/{device}/groups/{g}/jobs/send-text"),
            tok,
            json!({"message": "Hanya A", "participants": [A], "delaySecs": 3600}),
        )
        .await;
    assert_eq!(r.data()["progress"]["total"], 1, "{}", r.body);
    let r = app
        .post(
            &format!("{DEV}/{device}/groups/{g}/jobs/send-text"),
            tok,
            json!({"message": "x", "recipients": [C]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("recipients").is_some());
}

async fn bad_input_changes_nothing_and_admins_list_every_device(b: Backend) {
    let app = TestApp::spawn(b).await;
    let (token, device, _) = setup(&app, "teliti").await;
    let tok = Some(token.as_str());
    let r = app
        .post(
            &format!("{DEV}/{device}/groups"),
            tok,
            json!({"subject": "Rapi", "participants": [A]}),
        )
        .await;
    let g = r.data()["jid"].as_str().unwrap().to_string();
    let before = cached(&app, &device, tok).await;

    let too_many: Vec<String> = (0..1025).map(|i| format!("62813{i:08}")).collect();
    let cases: Vec<(&str, String, Value, StatusCode, &str)> = vec![
        (
            "POST",
            format!("{DEV}/{device}/groups"),
            json!({"subject": "  "}),
            StatusCode::BAD_REQUEST,
            "subject",
        ),
        (
            "POST",
            format!("{DEV}/{device}/groups"),
            json!({"subject": "x".repeat(101)}),
            StatusCode::BAD_REQUEST,
            "subject",
        ),
        (
            "POST",
            format!("{DEV}/{device}/groups"),
            json!({"subject": "Besar", "participants": too_many}),
            StatusCode::BAD_REQUEST,
            "participants",
        ),
        (
            "POST",
            format!("{DEV}/{device}/groups"),
            json!({"subject": "G", "participants": ["bukan nomor"]}),
            StatusCode::BAD_REQUEST,
            "participants[0]",
        ),
        (
            "POST",
            format!("{DEV}/{device}/groups/{g}/participants"),
            json!({"participants": too_many}),
            StatusCode::BAD_REQUEST,
            "participants",
        ),
        (
            "POST",
            format!("{DEV}/{device}/groups/{g}/participants"),
            json!({"participants": []}),
            StatusCode::BAD_REQUEST,
            "participants",
        ),
        (
            "POST",
            format!("{DEV}/{device}/groups/{g}/participants"),
            json!({"participants": ["120363111@g.us"]}),
            StatusCode::BAD_REQUEST,
            "participants[0]",
        ),
        (
            "POST",
            format!("{DEV}/{device}/groups/abc/participants"),
            json!({"participants": [C]}),
            StatusCode::BAD_REQUEST,
            "groupId",
        ),
        (
            "POST",
            format!("{DEV}/{device}/groups/{}/participants", jid(A)),
            json!({"participants": [C]}),
            StatusCode::BAD_REQUEST,
            "groupId",
        ),
        (
            "POST",
            format!("{DEV}/{device}/groups/120363999999@g.us/participants"),
            json!({"participants": [C]}),
            StatusCode::NOT_FOUND,
            "",
        ),
        (
            "POST",
            format!("{DEV}/{device}/send-group-message"),
            json!({"groupId": jid(A), "message": "x"}),
            StatusCode::BAD_REQUEST,
            "groupId",
        ),
        (
            "POST",
            format!("{DEV}/{device}/send-group-message"),
            json!({"groupId": g, "message": " "}),
            StatusCode::BAD_REQUEST,
            "message",
        ),
        (
            "POST",
            format!("{DEV}/{device}/send-group-message"),
            json!({"groupId": "120363999999", "message": "x"}),
            StatusCode::NOT_FOUND,
            "",
        ),
        (
            "PUT",
            format!("{DEV}/{device}/groups/{g}"),
            json!({"subject": ""}),
            StatusCode::BAD_REQUEST,
            "subject",
        ),
        (
            "PUT",
            format!("{DEV}/{device}/groups/{g}"),
            json!({}),
            StatusCode::BAD_REQUEST,
            "subject",
        ),
        (
            "PUT",
            format!("{DEV}/{device}/groups/{g}/settings"),
            json!({}),
            StatusCode::BAD_REQUEST,
            "announce",
        ),
        (
            "POST",
            format!("{DEV}/{device}/groups/join"),
            json!({"invite": "https://chat.whatsapp.com/"}),
            StatusCode::BAD_REQUEST,
            "invite",
        ),
        (
            "POST",
            format!("{DEV}/{device}/groups/join"),
            json!({"invite": "a\u{0}b"}),
            StatusCode::BAD_REQUEST,
            "",
        ),
        (
            "POST",
            format!("{DEV}/{device}/groups/join"),
            json!({"invite": "TidakAda123"}),
            StatusCode::CONFLICT,
            "invite",
        ),
    ];
    for (method, path, body, status, field) in cases {
        let r = match method {
            "POST" => app.post(&path, tok, body).await,
            _ => app.put(&path, tok, body).await,
        };
        assert_eq!(r.status, status, "{method} {path}: {}", r.body);
        if !field.is_empty() {
            assert!(
                r.field(field).is_some(),
                "{method} {path} names {field}: {}",
                r.body
            );
        }
    }
    let r = app
        .get(&format!("{DEV}/{device}/groups/120363999999/info"), tok)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = app
        .get(&format!("{DEV}/{device}/groups/bukan-grup/info"), tok)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = app
        .delete(
            &format!("{DEV}/{device}/groups/{g}/participants/bukan-nomor"),
            tok,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.field("participantJid").is_some());
    assert_eq!(cached(&app, &device, tok).await, before, "nothing changed");
    assert_eq!(
        app.get(&format!("/api/sim/groups/{g}"), tok).await.data()["participants"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Administrators list every device's groups, with filters and pages.
    let other = app.user("lain").await;
    let device2 = app.device(other.id, "Lain").await;
    app.link(&device2).await;
    app.post(
        &format!("{DEV}/{device2}/groups"),
        Some(&other.token),
        json!({"subject": "Lain 1"}),
    )
    .await;
    app.post(
        &format!("{DEV}/{device2}/groups"),
        Some(&other.token),
        json!({"subject": "Lain 2"}),
    )
    .await;
    let all = app.get("/api/admin/groups?perPage=2", app.admin()).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(
        (
            all.data()["total"].clone(),
            all.data()["totalPages"].clone()
        ),
        (json!(3), json!(2))
    );
    assert_eq!(all.data()["items"].as_array().unwrap().len(), 2);
    let mine = app
        .get(&format!("/api/admin/groups?deviceId={device}"), app.admin())
        .await;
    assert_eq!(mine.data()["total"], 1);
    assert_eq!(mine.data()["items"][0]["jid"], g.as_str());
    assert_eq!(mine.data()["items"][0]["deviceId"], device.as_str());
    let found = app
        .get("/api/admin/groups?search=lain%202", app.admin())
        .await;
    assert_eq!(found.data()["total"], 1);
    assert_eq!(found.data()["items"][0]["subject"], "Lain 2");
    let by_user = app
        .get(
            &format!("/api/admin/groups?userId={}", other.id),
            app.admin(),
        )
        .await;
    assert_eq!(by_user.data()["total"], 2);
    assert_eq!(
        app.get("/api/admin/groups", tok).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/api/admin/groups?perPage=1000", app.admin())
            .await
            .status,
        StatusCode::BAD_REQUEST
    );

    // Offline, the list and the info come from the cache and say so.
    let r = app.delete(&format!("{DEV}/{device}/disconnect"), tok).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.wait_status(&device, "disconnected").await;
    let list = app.get(&format!("{DEV}/{device}/groups"), tok).await;
    assert_eq!(list.data()["cached"], true);
    assert_eq!(list.data()["groups"][0]["jid"], g.as_str());
    let info = app
        .get(&format!("{DEV}/{device}/groups/{g}/info"), tok)
        .await;
    assert_eq!(info.status, StatusCode::OK, "{}", info.body);
    assert_eq!(info.data()["cached"], true);
    let r = app
        .post(
            &format!("{DEV}/{device}/groups/{g}/participants"),
            tok,
            json!({"participants": [C]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.code(), "device_not_connected");

    // The cache goes with its device.
    let r = app.delete(&format!("{DEV}/{device2}"), app.admin()).await;
    assert!(r.status.is_success(), "{}", r.body);
    let all = app.get("/api/admin/groups", app.admin()).await;
    assert_eq!(all.data()["total"], 1);
}

async fn group_events_reach_webhooks_signed(b: Backend) {
    use crate::webhooks::receiver::{Mode, Receiver};
    let app = TestApp::spawn_with(b, |c| {
        c.webhook_allow_internal = true;
        c.webhook_retry_base_ms = 20;
    })
    .await;
    let (token, device, _) = setup(&app, "kait").await;
    let tok = Some(token.as_str());
    let rx = Receiver::start(0, Mode::Answer(200)).await;
    let r = app
        .post(
            &format!("{DEV}/{device}/webhooks"),
            tok,
            json!({"url": rx.url(), "events": ["group.joined", "group.participants"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    rx.set_secret(r.data()["secret"].as_str().unwrap());

    let r = app
        .post(
            &format!("{DEV}/{device}/groups"),
            tok,
            json!({"subject": "Kait", "participants": [A]}),
        )
        .await;
    let g = r.data()["jid"].as_str().unwrap().to_string();
    app.post(
        &format!("{DEV}/{device}/groups/{g}/participants"),
        tok,
        json!({"participants": [B]}),
    )
    .await;
    app.put(
        &format!("{DEV}/{device}/groups/{g}"),
        tok,
        json!({"subject": "Tidak dikirim"}),
    )
    .await;
    wait_for(15, "two group webhooks", || async {
        (rx.hits().len() >= 2).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let hits = rx.hits();
    let types: Vec<_> = hits.iter().map(|h| h.body["type"].clone()).collect();
    assert_eq!(
        types,
        vec![json!("group.joined"), json!("group.participants")],
        "only the subscribed types"
    );
    assert!(hits
        .iter()
        .all(|h| h.signature_ok && h.chat.as_deref() == Some(g.as_str())));
    assert_eq!(hits[1].body["data"]["participants"], json!([jid(B)]));
}
