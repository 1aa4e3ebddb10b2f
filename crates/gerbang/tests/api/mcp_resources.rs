//! The MCP server's media and resources, driven by the official MCP Python SDK: `send_media`
//! from a URL (a loopback file server) and inline as base64, bad arguments as tool errors naming
//! the argument and storing nothing, a user token refused with 403, and the device's chats as
//! resources: listed a page at a time and read as JSON history, never another device's.

use base64::Engine as _;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};
use crate::loopback_media::PNG;
use crate::mcp::{agent, python};

db_tests!(an_agent_sends_media_and_reads_chats_as_resources);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const CONTACT: &str = "6281300000301";
/// One more chat than a page of `resources/list` (50) holds, besides CONTACT's.
const SENDERS: usize = 51;

async fn an_agent_sends_media_and_reads_chats_as_resources(b: Backend) {
    let Some(python) = python() else { return };
    let app = TestApp::spawn_with(b, |c| c.fetch_internal_urls = true).await;
    let owner = app.user("toko").await;
    let tok = owner.token.as_str();
    let dev = app.device(owner.id, "Kasir").await;
    app.link(&dev).await;
    let other = app.device(owner.id, "Gudang").await;
    let (key, _) = app.api_key(&dev).await;
    let (other_key, _) = app.api_key(&other).await;
    let r = app
        .post(
            "/api/sim/accounts",
            Some(tok),
            json!({"phone": CONTACT, "name": "Bu Sari"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // A user's token is a valid login but not a device key: 403, before any MCP handling.
    let r = app
        .client
        .post(format!("{}/mcp", app.base))
        .header("accept", "application/json, text/event-stream")
        .bearer_auth(tok)
        .json(
            &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-03-26", "capabilities": {},
            "clientInfo": {"name": "t", "version": "1"}}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "forbidden", "{body}");

    // With the key, the transport's own refusals come in the API's error envelope, with the
    // status codes the MCP specification gives (rmcp itself says 401 for an unknown session).
    let list = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"});
    for (method, accept, session, status, code) in [
        (
            "POST",
            "application/json, text/event-stream",
            Some("nope"),
            404,
            "session_not_found",
        ),
        ("POST", "application/json", None, 406, "not_acceptable"),
        ("GET", "text/event-stream", None, 400, "session_required"),
        (
            "PUT",
            "application/json, text/event-stream",
            None,
            405,
            "method_not_allowed",
        ),
    ] {
        let mut req = app
            .client
            .request(method.parse().unwrap(), format!("{}/mcp", app.base))
            .header("x-api-key", &key)
            .header("accept", accept)
            .json(&list);
        if let Some(session) = session {
            req = req.header("mcp-session-id", session);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{method} {accept}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["success"], false, "{body}");
        assert_eq!(body["error"]["code"], code, "{body}");
    }

    // 51 people write to the device: with CONTACT's, 52 chats, one page of 50 and one of 2.
    for i in 0..SENDERS {
        let r = app
            .post(
                &format!("/api/sim/devices/{dev}/inbound"),
                Some(tok),
                json!({"from": format!("62813000010{i:02}"), "text": format!("Halo {i}")}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    wait_for(30, "the inbound chats", || async {
        let r = app
            .get(&format!("{DEV}/{dev}/chats?limit=200"), Some(tok))
            .await;
        (r.data().as_array().map_or(0, Vec::len) == SENDERS).then_some(())
    })
    .await;

    // A file server on loopback (allowed here by `fetch_internal_urls`).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let files = format!("http://{}", listener.local_addr().unwrap());
    let router = axum::Router::new().route(
        "/katalog.png",
        axum::routing::get(|| async { ([("content-type", "image/png")], PNG) }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let pdf = b"%PDF-1.4\n% nota pembelian\n%%EOF\n".to_vec();
    // 17 MiB: one more than an image may be.
    let too_big = b64(&vec![0u8; 17 * 1024 * 1024]);
    let chat = format!("{CONTACT}@s.whatsapp.net");
    let uri = format!("whatsapp://chats/{chat}");
    let seen = agent(
        &python,
        &app,
        &key,
        json!([
            ["send_media", {"phone": CONTACT, "url": format!("{files}/katalog.png"), "caption": "Katalog"}],
            ["send_media", {"phone": CONTACT, "data": b64(PNG), "mime_type": "image/png", "file_name": "struk.png", "caption": "Struk"}],
            ["send_media", {"phone": CONTACT, "data": b64(&pdf), "mimeType": "application/pdf", "fileName": "nota.pdf"}],
            ["send_media", {"phone": CONTACT, "data": "bukan base64!", "mime_type": "image/png"}],
            ["send_media", {"phone": CONTACT, "data": b64(PNG), "url": format!("{files}/katalog.png")}],
            ["send_media", {"phone": CONTACT, "data": b64(PNG)}],
            ["send_media", {"phone": CONTACT, "data": b64(PNG), "mime_type": "image/gif"}],
            ["send_media", {"phone": CONTACT, "data": too_big, "mime_type": "image/png"}],
            ["send_media", {"phone": CONTACT}],
            ["resources/list", {}],
            ["resources/list", {"cursor": "50"}],
            ["resources/list", {"cursor": "bukan"}],
            ["resources/read", {"uri": uri}],
            ["resources/read", {"uri": "whatsapp://groups/x"}],
            ["resources/read", {"uri": "whatsapp://chats/bukan nomor"}],
        ]),
    )
    .await;
    assert_eq!(seen["resources"], true, "{seen}");
    assert_eq!(
        seen["templates"],
        json!(["whatsapp://chats/{chat}"]),
        "{seen}"
    );
    let tool = |i: usize| -> (bool, String) {
        let r = &seen["results"][i];
        (
            r["isError"].as_bool().unwrap(),
            r["text"].as_str().unwrap().to_string(),
        )
    };
    let mut sent = Vec::new();
    for i in 0..3 {
        let (err, text) = tool(i);
        assert!(!err, "call {i}: {text}");
        let r: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(r["chatJid"], chat.as_str(), "{text}");
        sent.push(r["messageId"].as_str().unwrap().to_string());
    }
    for (i, starts) in [
        (3, "invalid arguments: data: not valid base64"),
        (4, "invalid arguments: data: give either url or data"),
        (5, "invalid arguments: mime_type: required with data"),
        (
            6,
            "invalid arguments: mime_type: WhatsApp does not accept \"image/gif\"",
        ),
        (
            7,
            "invalid arguments: data: image files may be at most 16 MiB",
        ),
        (8, "invalid arguments: url: "),
    ] {
        let (err, text) = tool(i);
        assert!(err, "call {i}: {text}");
        assert!(text.starts_with(starts), "call {i}: {text}");
    }

    // Exactly the three good sends are stored, with their files as given.
    let r = app
        .get(&format!("{DEV}/{dev}/chat-history/{CONTACT}"), Some(tok))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let messages = r.data()["messages"].as_array().unwrap().clone();
    let ids: Vec<&str> = messages
        .iter()
        .map(|m| m["messageId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [&sent[2], &sent[1], &sent[0]], "newest first");
    let (nota, struk, katalog) = (&messages[0], &messages[1], &messages[2]);
    assert_eq!(katalog["messageType"], "image");
    assert_eq!(katalog["media"]["fileName"], "katalog.png");
    assert_eq!(katalog["body"], "Katalog");
    assert_eq!(struk["messageType"], "image");
    assert_eq!(struk["media"]["fileName"], "struk.png");
    assert_eq!(struk["media"]["size"], PNG.len());
    assert_eq!(nota["messageType"], "document");
    assert_eq!(nota["media"]["mime"], "application/pdf");
    for (m, bytes) in [(struk, PNG), (nota, pdf.as_slice())] {
        let sha = m["media"]["sha256"].as_str().unwrap();
        let file = app
            .client
            .get(format!("{}{DEV}/{dev}/media/{sha}", app.base))
            .bearer_auth(tok)
            .send()
            .await
            .unwrap();
        assert_eq!(file.status(), StatusCode::OK);
        assert_eq!(file.bytes().await.unwrap().as_ref(), bytes);
    }

    // The chats, a page at a time: CONTACT's newest, then the 51 senders'.
    let first = &seen["results"][9];
    let page: Vec<&str> = first["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uri"].as_str().unwrap())
        .collect();
    assert_eq!(page.len(), 50, "{first}");
    assert_eq!(page[0], uri, "{first}");
    assert_eq!(first["resources"][0]["mimeType"], "application/json");
    assert_eq!(first["nextCursor"], "50", "{first}");
    let second = &seen["results"][10];
    let rest: Vec<&str> = second["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uri"].as_str().unwrap())
        .collect();
    assert_eq!(rest.len(), 2, "{second}");
    assert!(second["nextCursor"].is_null(), "{second}");
    let mut all: Vec<&str> = page.iter().chain(&rest).copied().collect();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), SENDERS + 1, "every chat once");
    let bad_cursor = &seen["results"][11]["error"];
    assert_eq!(bad_cursor["code"], -32602, "{seen}");
    assert!(bad_cursor["message"]
        .as_str()
        .unwrap()
        .starts_with("cursor:"));

    // Reading CONTACT's chat gives its history as JSON, the same three messages.
    let read = &seen["results"][12]["contents"][0];
    assert_eq!(read["uri"], uri.as_str(), "{read}");
    assert_eq!(read["mimeType"], "application/json", "{read}");
    let history: Value = serde_json::from_str(read["text"].as_str().unwrap()).unwrap();
    assert_eq!(history["chatJid"], chat.as_str());
    let read_ids: Vec<&str> = history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["messageId"].as_str().unwrap())
        .collect();
    assert_eq!(read_ids, ids);
    assert_eq!(seen["results"][13]["error"]["code"], -32002, "{seen}");
    let bad_chat = &seen["results"][14]["error"];
    assert_eq!(bad_chat["code"], -32602, "{seen}");
    assert!(
        bad_chat["message"].as_str().unwrap().contains("chat: "),
        "{bad_chat}"
    );

    // Another device's key lists none of these chats and reads nothing of CONTACT's.
    let seen = agent(
        &python,
        &app,
        &other_key,
        json!([["resources/list", {}], ["resources/read", {"uri": uri}]]),
    )
    .await;
    assert_eq!(seen["results"][0]["resources"], json!([]), "{seen}");
    let history: Value =
        serde_json::from_str(seen["results"][1]["contents"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(history["messages"], json!([]), "{seen}");
}
