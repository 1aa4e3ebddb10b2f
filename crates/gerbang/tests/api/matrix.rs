//! The authorization matrix: every route × {no credentials, another user, the owner, an admin,
//! the owner device's API key}, with the status each must get. The route list is checked against
//! the OpenAPI document, so a new route without a row here fails the test.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::db_tests;
use crate::harness::{Backend, TestApp, TestUser};

db_tests!(every_route_answers_each_caller_as_specified);

#[derive(Clone, Copy, Debug)]
enum Caller {
    Nobody,
    Other,
    Owner,
    Admin,
    Key,
}

const CALLERS: [Caller; 5] = [
    Caller::Nobody,
    Caller::Other,
    Caller::Owner,
    Caller::Admin,
    Caller::Key,
];

struct Row {
    method: Method,
    path: &'static str,
    body: fn(usize) -> Option<Value>,
    /// Expected status per caller, in the order of [`CALLERS`].
    expect: [u16; 5],
}

const CONTACTS: &str = "/api/whatsapp-multi-device";

fn none(_: usize) -> Option<Value> {
    None
}

fn rows() -> Vec<Row> {
    use Method as M;
    vec![
        Row {
            method: M::GET,
            path: "/api/health",
            body: none,
            expect: [200, 200, 200, 200, 200],
        },
        // Loopback clients may scrape without the (unset) metrics token, whoever they are.
        Row {
            method: M::GET,
            path: "/metrics",
            body: none,
            expect: [200, 200, 200, 200, 200],
        },
        // The MCP server takes device keys only. A key gets past the check to the transport:
        // `initialize` is answered, GET and DELETE need the session it would give.
        Row {
            method: M::POST,
            path: "/mcp",
            body: |_| {
                Some(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                    "protocolVersion": "2025-03-26", "capabilities": {},
                    "clientInfo": {"name": "matrix", "version": "1"}}}))
            },
            expect: [401, 403, 403, 403, 200],
        },
        Row {
            method: M::GET,
            path: "/mcp",
            body: none,
            expect: [401, 403, 403, 403, 400],
        },
        Row {
            method: M::DELETE,
            path: "/mcp",
            body: none,
            expect: [401, 403, 403, 403, 400],
        },
        Row {
            method: M::POST,
            path: "/api/auth/register",
            body: |n| {
                Some(
                    json!({"username": format!("reg{n}"), "email": format!("reg{n}@x.id"), "password": "password123"}),
                )
            },
            expect: [201, 201, 201, 201, 201],
        },
        Row {
            method: M::POST,
            path: "/api/auth/login",
            body: |_| Some(json!({"login": "admin", "password": crate::harness::ADMIN_PASSWORD})),
            expect: [200, 200, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/auth/refresh-token",
            body: |_| Some(json!({"refreshToken": "gbr_unknown"})),
            expect: [401, 401, 401, 401, 401],
        },
        Row {
            method: M::POST,
            path: "/api/auth/refresh",
            body: |_| Some(json!({"refreshToken": "gbr_unknown"})),
            expect: [401, 401, 401, 401, 401],
        },
        Row {
            method: M::GET,
            path: "/api/auth/profile",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::PUT,
            path: "/api/auth/profile",
            body: |_| Some(json!({"fullName": "Nama"})),
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/auth/change-password",
            body: |_| {
                Some(json!({"currentPassword": "not-it-at-all", "newPassword": "whatever-123"}))
            },
            expect: [401, 400, 400, 400, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/users",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/admin/users",
            body: |n| {
                Some(
                    json!({"username": format!("made{n}"), "email": format!("made{n}@x.id"), "password": "password123"}),
                )
            },
            expect: [401, 403, 403, 201, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/users/{userId}",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::PUT,
            path: "/api/admin/users/{userId}",
            body: |_| Some(json!({"fullName": "Baru"})),
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::DELETE,
            path: "/api/admin/users/{userId}",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/logs",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/logs/filters",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/cluster",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/streams",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices",
            body: |_| Some(json!({"deviceName": "Baru"})),
            expect: [401, 403, 403, 201, 403],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/connected",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/connected/detail",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/status",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/api-keys",
            body: |_| Some(json!({"name": "kunci"})),
            expect: [401, 403, 201, 201, 403],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/api-keys",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/api-keys/{keyId}",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        // Connection: each call gets a fresh device, so every caller meets a disconnected one.
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/connect",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/disconnect",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/cancel-and-wipe",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/session",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/pairing-code",
            body: |_| Some(json!({"phone": "081399998888"})),
            expect: [401, 403, 200, 200, 403],
        },
        // The shared device is never connected: authorised callers get "no QR" / "not connected".
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/qr",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/qr-image",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/qr-base64",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/qr-svg",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/call-settings",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/call-settings",
            body: |_| Some(json!({"rejectCalls": true, "rejectMessage": "Silakan chat saja"})),
            expect: [401, 403, 200, 200, 200],
        },
        // Chatwoot: configured (disabled, so nothing is called) before it is read and removed.
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chatwoot",
            body: |_| {
                Some(json!({"baseUrl": "https://chatwoot.example.com", "accountId": 1,
                    "inboxId": 2, "apiAccessToken": "cw-token-1234", "enabled": false}))
            },
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chatwoot",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chatwoot",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        // Authenticated by its `?token=` only: no login or key opens it.
        Row {
            method: M::POST,
            path: "/api/integrations/chatwoot/{deviceId}/webhook",
            body: |_| Some(json!({"event": "message_created", "message_type": "outgoing", "id": 1})),
            expect: [401, 401, 401, 401, 401],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/history-sync",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/history-sync",
            body: |_| Some(json!({"historySync": true})),
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/proxy",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/proxy",
            body: |_| Some(json!({"url": "socks5://ana:rahasia@127.0.0.1:1080"})),
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/proxy",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/send-message",
            body: |_| Some(json!({"phone": "08123456789", "message": "Halo"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/send-media",
            body: |_| {
                Some(json!({"phone": "08123456789", "url": "http://127.0.0.1:9/internal.png"}))
            },
            expect: [401, 403, 400, 400, 400],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/send-location",
            body: |_| Some(json!({"phone": "08123456789", "latitude": 1.0, "longitude": 2.0})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/send-contact",
            body: |_| {
                Some(
                    json!({"phone": "08123456789", "contactName": "A", "contactPhone": "08129999999"}),
                )
            },
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/send-reaction",
            body: |_| Some(json!({"messageId": "X", "emoji": "👍"})),
            expect: [401, 403, 409, 409, 409],
        },
        // Polls (the matrix device is not connected: 409; its message ids name no poll: 404).
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/messages/{messageId}/forward",
            body: |_| Some(json!({"to": "08123456789"})),
            expect: [401, 403, 404, 404, 404],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{chatId}/disappearing",
            body: |_| Some(json!({"seconds": 86400})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/send-poll",
            body: |_| Some(json!({"phone": "08123456789", "question": "Q?", "options": ["a", "b"]})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/messages/{messageId}/poll",
            body: none,
            expect: [401, 403, 404, 404, 404],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/messages/{messageId}/poll/vote",
            body: |_| Some(json!({"options": ["a"]})),
            expect: [401, 403, 404, 404, 404],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/edit-message",
            body: |_| Some(json!({"messageId": "X", "message": "y"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/delete-message",
            body: |_| Some(json!({"messageId": "X"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chat-history/{jid}",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/group-chat-history/{groupId}",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/daily-chat-list",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/read",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/media/{sha256}",
            body: none,
            expect: [401, 403, 404, 404, 404],
        },
        // The simulator's own routes.
        Row {
            method: M::POST,
            path: "/api/sim/devices/{deviceId}/scan",
            body: |_| Some(json!({})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/sim/devices/{deviceId}/pairing-code/confirm",
            body: |_| Some(json!({"code": "ABCD-EFGH"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/sim/devices/{deviceId}/faults",
            body: |_| Some(json!({"kind": "disconnect"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/sim/devices/{deviceId}/inbound",
            body: |_| Some(json!({"from": "08120000000", "text": "Halo"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/sim/devices/{deviceId}/polls",
            body: |_| Some(json!({"from": "08120000000", "question": "Q?", "options": ["a", "b"]})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/sim/devices/{deviceId}/polls/{messageId}/vote",
            body: |_| Some(json!({"from": "08120000000", "options": ["a"]})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/sim/devices/{deviceId}/disappearing",
            body: |_| Some(json!({"from": "08120000000", "seconds": 86400})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/sim/devices/{deviceId}/outbox",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/sim/devices/{deviceId}/calls",
            body: |_| Some(json!({"from": "6281299990001"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/sim/devices/{deviceId}/calls/{callId}/hang-up",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/sim/devices/{deviceId}/history",
            body: |_| Some(json!({"messages": [{"chat": "6281299990001", "text": "lama",
                "timestamp": "2024-01-02T03:04:05Z"}]})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/sim/devices/{deviceId}/presence",
            body: |_| Some(json!({"from": "6281299990001", "state": "typing"})),
            expect: [401, 403, 409, 409, 409],
        },
        // Presence and the number check (the matrix device is not connected: 409).
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/presence",
            body: |_| Some(json!({"state": "available"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/presence/subscribe",
            body: |_| Some(json!({"jid": "6281299990001"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chat-state",
            body: |_| Some(json!({"chat": "6281299990001", "state": "typing"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/check-numbers",
            body: |_| Some(json!({"numbers": ["6281299990001"]})),
            expect: [401, 403, 409, 409, 409],
        },
        // Blocking (the matrix device is not connected: 409).
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/contacts/{phone}/block",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/contacts/{phone}/unblock",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/blocked",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        // Channels (the matrix device is not connected: 409).
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/channels",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/channels/{channel}",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/channels/{channel}/follow",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/channels/{channel}/unfollow",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/channels/{channel}/posts",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        // Profiles (the matrix device is not connected: 409; no multipart form is a 415).
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/profile",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/profile",
            body: |_| Some(json!({"pushName": "Toko"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/profile/picture",
            body: none,
            expect: [401, 403, 415, 415, 415],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/profile/picture",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/contacts/{phone}/profile",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/contacts/{phone}/business-profile",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/picture",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        // App state: chat actions, stars, labels (the matrix device is not connected: 409).
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/pin",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/pin",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/archive",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/archive",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/mute",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/mute",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/unread",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/unread",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/messages/{messageId}/star",
            body: none,
            expect: [401, 403, 404, 404, 404],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/labels/{labelId}",
            body: none,
            expect: [401, 403, 404, 404, 404],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/messages/{messageId}/star",
            body: none,
            expect: [401, 403, 404, 404, 404],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/labels/{labelId}",
            body: none,
            expect: [401, 403, 404, 404, 404],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/messages/{messageId}/labels/{labelId}",
            body: none,
            expect: [401, 403, 404, 404, 404],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/chats/{jid}/messages/{messageId}/labels/{labelId}",
            body: none,
            expect: [401, 403, 404, 404, 404],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/starred-messages",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/labels",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/labels",
            body: |_| Some(json!({"name": "Pesanan baru", "color": 2})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/labels/{labelId}",
            body: |_| Some(json!({"name": "Lunas"})),
            expect: [401, 403, 404, 404, 404],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/labels/{labelId}",
            body: none,
            expect: [401, 403, 404, 404, 404],
        },
        // Status updates (the matrix device is not connected: posts answer 409).
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/status",
            body: |_| Some(json!({"text": "Promo akhir pekan", "recipients": ["6281299990001"]})),
            expect: [401, 403, 409, 409, 409],
        },
        // A JSON body is not the multipart upload this route takes.
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/status/media",
            body: |_| Some(json!({"caption": "x"})),
            expect: [401, 403, 415, 415, 415],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/status-settings",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/status-settings",
            body: |_| Some(json!({"receive": true})),
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/sim/devices/{deviceId}/status",
            body: |_| Some(json!({"from": "6281299990001", "text": "Buka jam 8"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/sim/devices/{deviceId}/app-state",
            body: |_| Some(json!({"action": "pin", "chat": "6281299990001"})),
            expect: [401, 403, 409, 409, 409],
        },
        // Groups (the matrix device is not connected: changes answer 409, reads the cache).
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups",
            body: |_| Some(json!({"subject": "Tim", "participants": ["08123456789"]})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/info",
            body: none,
            expect: [401, 403, 404, 404, 404],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/send-group-message",
            body: |_| Some(json!({"groupId": "120363000000000001", "message": "Halo"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/mention-message",
            body: |_| Some(json!({"message": "Halo"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/send-media",
            body: |_| Some(json!({"url": "http://127.0.0.1:9/internal.png"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/jobs/send-media",
            body: |_| Some(json!({"url": "http://127.0.0.1:9/internal.png", "message": "Halo"})),
            expect: [401, 403, 404, 404, 404],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/jobs/send-text",
            body: |_| Some(json!({"message": "Halo"})),
            expect: [401, 403, 404, 404, 404],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/participants",
            body: |_| Some(json!({"participants": ["08123456789"]})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/participants/{participantJid}",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/admins",
            body: |_| Some(json!({"participants": ["08123456789"]})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/admins/{adminJid}",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}",
            body: |_| Some(json!({"subject": "Baru"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/settings",
            body: |_| Some(json!({"announce": true})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/invite-link",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/invite-link/revoke",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/join",
            body: |_| Some(json!({"invite": "https://chat.whatsapp.com/AbCdEf123"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/leave",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/admin/groups",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/sim/groups",
            body: |n| Some(json!({"creator": format!("62812{n:07}"), "subject": "Sim", "participants": []})),
            expect: [401, 201, 201, 201, 403],
        },
        Row {
            method: M::GET,
            path: "/api/sim/groups/{groupJid}",
            body: none,
            expect: [401, 404, 404, 404, 403],
        },
        Row {
            method: M::POST,
            path: "/api/sim/groups/{groupJid}/messages",
            body: |_| Some(json!({"from": "08120000000", "text": "Halo"})),
            expect: [401, 404, 404, 404, 403],
        },
        Row {
            method: M::POST,
            path: "/api/sim/groups/{groupJid}/participants",
            body: |_| Some(json!({"actor": "08120000000", "action": "add", "participants": ["08130000000"]})),
            expect: [401, 404, 404, 404, 403],
        },
        Row {
            method: M::GET,
            path: "/api/sim/accounts/{phone}/inbox",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        // Real-time: the event stream is checked by status only; the WebSocket wants an upgrade.
        Row {
            method: M::GET,
            path: "/api/events",
            body: none,
            expect: [401, 200, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/ws",
            body: none,
            expect: [401, 426, 426, 426, 426],
        },
        // Jobs: `{jobId}` is a fresh paused-by-pacing job on the owner's device for every call.
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/jobs/send-text",
            body: |_| {
                Some(json!({"recipients": ["081234567890"], "message": "Halo", "delaySecs": 3600}))
            },
            expect: [401, 403, 201, 201, 201],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/jobs/send-media",
            body: |_| {
                Some(json!({"recipients": ["081234567890"], "url": "http://127.0.0.1:9/x.png"}))
            },
            expect: [401, 403, 400, 400, 400],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/jobs",
            body: none,
            expect: [401, 200, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/jobs/{jobId}",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/jobs/{jobId}/recipients",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        // A fresh job is running: pause and cancel work, resume and retry have nothing to do.
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/jobs/{jobId}/pause",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/jobs/{jobId}/resume",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/jobs/{jobId}/cancel",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/jobs/{jobId}/retry",
            body: none,
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/admin/jobs",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/jobs/{jobId}",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/admin/jobs/{jobId}/pause",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/admin/jobs/{jobId}/resume",
            body: none,
            expect: [401, 403, 403, 409, 403],
        },
        Row {
            method: M::POST,
            path: "/api/admin/jobs/{jobId}/cancel",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/admin/jobs/{jobId}/retry",
            body: none,
            expect: [401, 403, 403, 409, 403],
        },
        // Contacts and templates: `{contactId}`, `{categoryId}` and `{templateId}` are fresh
        // ones of the owner for every call; API keys have no address book.
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/contacts",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/contacts",
            body: |n| Some(json!({"name": "Sari", "phone": format!("0813{n:08}")})),
            expect: [401, 201, 201, 201, 403],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/contacts/{contactId}",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/contacts/{contactId}",
            body: |n| Some(json!({"name": format!("Baru {n}")})),
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/contacts/{contactId}",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/contacts/{contactId}/tags",
            body: |n| Some(json!({"tags": ["baru", format!("t{n}")]})),
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/contacts/{contactId}/tags",
            body: |_| Some(json!({"tags": ["baru"]})),
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/contacts/{contactId}/tags/{tag}",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/contacts",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/tags",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/contacts/import",
            body: |n| Some(json!({"csv": format!("nama,hp\nA,0856{n:08}\n")})),
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/contacts/export",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/contact-categories",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/contact-categories",
            body: |n| Some(json!({"name": format!("Kategori {n}")})),
            expect: [401, 201, 201, 201, 403],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/contact-categories/{categoryId}",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/contact-categories/{categoryId}",
            body: |n| Some(json!({"name": format!("Ganti {n}")})),
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/contact-categories/{categoryId}",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/contact-categories/{categoryId}/contacts",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/contacts",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/templates",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/templates",
            body: |n| Some(json!({"name": format!("Promo {n}"), "body": "Halo {{name|Kak}}"})),
            expect: [401, 201, 201, 201, 403],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/templates/{templateId}",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/templates/{templateId}",
            body: |_| Some(json!({"body": "Hai {{name}}"})),
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/templates/{templateId}",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/templates/{templateId}/preview",
            body: |n| Some(json!({"variables": {"name": format!("X{n}")}})),
            expect: [401, 403, 200, 200, 403],
        },
        // The owner's device is not connected.
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/templates/{templateId}/use",
            body: |n| Some(json!({"deviceId": "{deviceId}", "phone": format!("0812{n:08}")})),
            expect: [401, 403, 409, 409, 403],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/schedule-message",
            body: |_| {
                Some(
                    json!({"phone": "081234567890", "message": "Nanti", "sendAt": "2099-01-01T00:00:00Z"}),
                )
            },
            expect: [401, 403, 201, 201, 201],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/scheduled-messages",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/scheduled-messages",
            body: none,
            expect: [401, 200, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/scheduled-messages/{messageId}/cancel",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/sim/clock",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/sim/clock",
            body: |_| Some(json!({"advanceSecs": 1})),
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/sim/channels",
            body: |_| Some(json!({"name": "Info Promo"})),
            expect: [401, 201, 201, 201, 403],
        },
        Row {
            method: M::POST,
            path: "/api/sim/channels/{channel}/posts",
            body: |_| Some(json!({"text": "Promo"})),
            expect: [401, 404, 404, 404, 403],
        },
        Row {
            method: M::GET,
            path: "/api/sim/accounts",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/sim/accounts",
            body: |n| Some(json!({"phone": format!("62811{n:07}"), "name": "Virtual"})),
            expect: [401, 201, 201, 201, 403],
        },
        // Webhooks: API keys manage none; every webhook made here is inactive (nothing is sent).
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/webhooks",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/webhooks",
            body: |_| Some(json!({"url": "https://example.com/hook", "active": false})),
            expect: [401, 403, 201, 201, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/webhooks",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/admin/webhooks",
            body: |_| Some(json!({"url": "https://example.com/all", "active": false})),
            expect: [401, 403, 403, 201, 403],
        },
        Row {
            method: M::GET,
            path: "/api/webhooks/{webhookId}",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::PUT,
            path: "/api/webhooks/{webhookId}",
            body: |_| Some(json!({"events": ["message.new"]})),
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::DELETE,
            path: "/api/webhooks/{webhookId}",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/webhooks/{webhookId}/deliveries",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        // No delivery has that id: authorised callers learn so.
        Row {
            method: M::POST,
            path: "/api/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver",
            body: none,
            expect: [401, 403, 404, 404, 403],
        },
        Row {
            method: M::POST,
            path: "/api/webhooks/{webhookId}/redeliver-dead",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        // The test delivery goes to a loopback URL that nothing listens on: still a 200 that
        // says it was not delivered.
        Row {
            method: M::POST,
            path: "/api/webhooks/{webhookId}/test",
            body: none,
            expect: [401, 403, 200, 200, 403],
        },
        // The auto-reply bot: every authorised caller of the device may manage it.
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/config",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/config",
            body: |_| Some(json!({"enabled": false})),
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/rules",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/rules",
            body: |n| {
                Some(
                    json!({"name": format!("Aturan {n}"), "keywords": ["harga"], "reply": "Rp10.000"}),
                )
            },
            expect: [401, 403, 201, 201, 201],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/rules/{ruleId}",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/rules/{ruleId}",
            body: |_| Some(json!({"priority": 3})),
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/rules/{ruleId}",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        // No rule has id -1: authorised callers are told which field is wrong.
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/rules/reorder",
            body: |_| Some(json!({"ruleIds": [-1]})),
            expect: [401, 403, 400, 400, 400],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/test",
            body: |_| Some(json!({"message": "harga?"})),
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/handoffs",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/handoffs",
            body: |n| Some(json!({"contactJid": format!("0858{n:08}")})),
            expect: [401, 403, 201, 201, 201],
        },
        Row {
            method: M::POST,
            path:
                "/api/whatsapp-multi-device/devices/{deviceId}/bot/handoffs/{contactJid}/resume-bot",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/logs",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/stats",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        // AI replies: as the bot. No key is stored, so a dry run is refused (409); the key
        // check names an internal address, refused before any connection (valid: false).
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/ai",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::PUT,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/ai",
            body: |_| Some(json!({"memoryTurns": 4})),
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/ai/validate-key",
            body: |_| Some(json!({"apiKey": "AIza-test", "baseUrl": "http://127.0.0.1:9"})),
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/ai/test",
            body: |_| Some(json!({"message": "Halo"})),
            expect: [401, 403, 409, 409, 409],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/ai/history/{contactJid}",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::DELETE,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/bot/ai/history/{contactJid}",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        // Seed 001's bot table at its own paths: the same rules as above.
        Row {
            method: M::GET,
            path: "/api/bot/devices/{deviceId}/config",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::PUT,
            path: "/api/bot/devices/{deviceId}/config",
            body: |_| Some(json!({"enabled": false})),
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/bot/devices/{deviceId}/rules",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/bot/devices/{deviceId}/rules",
            body: |n| {
                Some(
                    json!({"name": format!("Aturan seed {n}"), "keywords": ["harga"], "reply": "Rp10.000"}),
                )
            },
            expect: [401, 403, 201, 201, 201],
        },
        Row {
            method: M::PUT,
            path: "/api/bot/devices/{deviceId}/rules/{ruleId}",
            body: |_| Some(json!({"priority": 3})),
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::DELETE,
            path: "/api/bot/devices/{deviceId}/rules/{ruleId}",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/bot/devices/{deviceId}/handoffs",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::POST,
            path: "/api/bot/devices/{deviceId}/handoffs/{contactJid}/resume",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/bot/devices/{deviceId}/logs",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/bot/devices/{deviceId}/stats",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/admin/devices",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        // Statistics (crates/gerbang/tests/api/stats.rs checks the figures).
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/statistics",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/devices/{deviceId}/statistics/daily",
            body: none,
            expect: [401, 403, 200, 200, 200],
        },
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/user/statistics",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/stats",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/users/{userId}/insights",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/devices/{deviceId}/health",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        // Activity and sign-out (a refresh token nobody was given: authorised callers get 400).
        Row {
            method: M::GET,
            path: "/api/auth/activity",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::POST,
            path: "/api/auth/logout",
            body: |_| Some(json!({"refreshToken": "gbr_unknown"})),
            expect: [401, 400, 400, 400, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/messages",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        // The message log: everyone reads their own (another user's is empty, not refused).
        Row {
            method: M::GET,
            path: "/api/whatsapp-multi-device/messages",
            body: none,
            expect: [401, 200, 200, 200, 200],
        },
        // Profile photo: no multipart form is a 415; nobody has a photo yet.
        Row {
            method: M::POST,
            path: "/api/auth/profile/photo",
            body: none,
            expect: [401, 415, 415, 415, 403],
        },
        Row {
            method: M::GET,
            path: "/api/auth/profile/photo",
            body: none,
            expect: [401, 404, 404, 404, 403],
        },
        // Exports: users see their own devices and messages; the rest is for administrators.
        Row {
            method: M::GET,
            path: "/api/export/users",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/export/devices",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/export/messages",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/export/audit-logs",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/export/users",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/export/devices",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/export/messages",
            body: none,
            expect: [401, 200, 200, 200, 403],
        },
        Row {
            method: M::GET,
            path: "/api/admin/export/logs",
            body: none,
            expect: [401, 403, 403, 200, 403],
        },
    ]
}

// Seed compatibility routes (`routes/compat`). The owner and the admin have the owner's device
// as their default (set in the fixture); the other user has no device, so device-less routes
// answer it `409`. State-changing rows come last, in the order they must run.
fn compat_rows() -> Vec<Row> {
    use Method as M;
    let row = |method: Method, path: &'static str, body: fn(usize) -> Option<Value>, expect| Row {
        method,
        path,
        body,
        expect,
    };
    let text: fn(usize) -> Option<Value> =
        |_| Some(json!({"recipient": "081234567890", "message": "Halo"}));
    let own: fn(usize) -> Option<Value> = |_| Some(json!({"deviceId": "{deviceId}"}));
    vec![
        // Seed 000's inbox socket: a plain GET is told to upgrade.
        row(M::GET, "/api", none, [401, 426, 426, 426, 426]),
        row(
            M::GET,
            "/api/default-device",
            none,
            [401, 200, 200, 200, 200],
        ),
        row(
            M::GET,
            "/api/admin/default-device",
            none,
            [401, 403, 403, 200, 403],
        ),
        row(
            M::PUT,
            "/api/admin/default-device",
            |_| Some(json!({"deviceId": null})),
            [401, 403, 403, 200, 403],
        ),
        // Seed 000's Gemini routes act on the default device (none for the other user: 409).
        row(
            M::GET,
            "/api/gemini/config",
            none,
            [401, 409, 200, 200, 200],
        ),
        row(
            M::POST,
            "/api/gemini/config",
            |_| Some(json!({"memoryTurns": 4})),
            [401, 409, 200, 200, 200],
        ),
        row(
            M::POST,
            "/api/gemini/generate",
            |_| Some(json!({"prompt": "Halo"})),
            [401, 409, 409, 409, 409],
        ),
        row(M::GET, "/api/gemini/test", none, [401, 409, 409, 409, 409]),
        row(
            M::POST,
            "/api/gemini/validate-key",
            |_| Some(json!({"apiKey": "AIza-test", "baseUrl": "http://127.0.0.1:9"})),
            [401, 409, 200, 200, 200],
        ),
        row(
            M::GET,
            "/api/gemini/history/{contactJid}",
            none,
            [401, 409, 200, 200, 200],
        ),
        row(
            M::DELETE,
            "/api/gemini/history/{contactJid}",
            none,
            [401, 409, 200, 200, 200],
        ),
        row(M::GET, "/api/config", none, [401, 200, 200, 200, 200]),
        row(M::GET, "/api/status", none, [401, 409, 200, 200, 200]),
        row(M::GET, "/status", none, [401, 409, 200, 200, 200]),
        row(M::GET, "/api/qr", none, [401, 409, 409, 409, 409]),
        row(M::GET, "/api/whatsapp/qr", none, [401, 409, 409, 409, 409]),
        row(
            M::GET,
            "/api/whatsapp/status",
            none,
            [401, 409, 200, 200, 200],
        ),
        row(
            M::GET,
            "/api/whatsapp/messages",
            none,
            [401, 409, 200, 200, 200],
        ),
        row(
            M::GET,
            "/api/whatsapp/contacts",
            none,
            [401, 409, 200, 200, 200],
        ),
        row(M::GET, "/api/contacts", none, [401, 200, 200, 200, 403]),
        row(M::GET, "/api/logs", none, [401, 200, 200, 200, 200]),
        row(
            M::POST,
            "/api/send-message",
            text,
            [401, 409, 409, 409, 409],
        ),
        row(
            M::POST,
            "/api/send",
            |_| Some(json!({"to": "081234567890", "message": "Halo"})),
            [401, 409, 409, 409, 409],
        ),
        // Seed 003's queue: sends are queued (200, as the seed) even while the device is offline.
        row(
            M::POST,
            "/api/whatsapp/send-message",
            text,
            [401, 409, 200, 200, 200],
        ),
        row(
            M::GET,
            "/api/whatsapp/retry-queue",
            none,
            [401, 409, 200, 200, 200],
        ),
        row(
            M::GET,
            "/api/whatsapp/queue/stats",
            none,
            [401, 409, 200, 200, 200],
        ),
        row(
            M::GET,
            "/api/whatsapp/queue/job/{queueJobId}",
            none,
            [401, 409, 200, 200, 200],
        ),
        // A waiting message has nothing to retry.
        row(
            M::POST,
            "/api/whatsapp/queue/retry/{queueJobId}",
            none,
            [401, 409, 409, 409, 409],
        ),
        row(
            M::GET,
            "/api/whatsapp/queue/config",
            none,
            [401, 409, 200, 200, 200],
        ),
        row(
            M::POST,
            "/api/whatsapp/queue/config",
            |_| Some(json!({"concurrency": 2, "processInterval": 4000})),
            [401, 409, 200, 200, 200],
        ),
        row(
            M::POST,
            "/api/whatsapp/queue/pause",
            none,
            [401, 409, 200, 200, 200],
        ),
        row(
            M::POST,
            "/api/whatsapp/queue/resume",
            none,
            [401, 409, 200, 200, 200],
        ),
        row(
            M::POST,
            "/api/whatsapp/queue/clean",
            |_| Some(json!({"grace": 0})),
            [401, 409, 200, 200, 200],
        ),
        row(
            M::POST,
            "/api/whatsapp/queue/clear",
            none,
            [401, 409, 200, 200, 200],
        ),
        // No `url`: refused before the device is looked for.
        row(
            M::POST,
            "/api/send-media",
            |_| Some(json!({"recipient": "081234567890"})),
            [401, 400, 400, 400, 400],
        ),
        row(
            M::POST,
            "/api/v1/sessions/{sessionId}/send-message",
            |_| Some(json!({"phoneNumber": "081234567890", "message": "Halo"})),
            [401, 403, 409, 409, 409],
        ),
        row(
            M::GET,
            "/api/v1/realtime/status",
            none,
            [401, 200, 200, 200, 403],
        ),
        row(
            M::POST,
            "/api/v1/realtime/test-broadcast",
            |_| Some(json!({"whatsappNumberId": "{deviceId}", "message": "tes"})),
            [401, 403, 403, 200, 403],
        ),
        row(M::POST, "/api/qr/generate", none, [401, 409, 200, 200, 200]),
        row(
            M::POST,
            "/api/whatsapp/connect",
            none,
            [401, 409, 200, 200, 200],
        ),
        row(
            M::POST,
            "/api/whatsapp/regenerate-qr",
            none,
            [401, 409, 200, 200, 200],
        ),
        row(
            M::POST,
            "/api/whatsapp/disconnect",
            none,
            [401, 409, 200, 200, 200],
        ),
        row(M::POST, "/api/logout", none, [401, 403, 403, 200, 403]),
        row(
            M::POST,
            "/api/whatsapp/reset-session",
            none,
            [401, 403, 403, 200, 403],
        ),
        row(
            M::PUT,
            "/api/default-device",
            own,
            [401, 403, 200, 200, 403],
        ),
        row(M::POST, "/api/config", own, [401, 403, 200, 200, 403]),
    ]
}

struct Fixture {
    owner: TestUser,
    other: TestUser,
    device: String,
    key: String,
}

impl Fixture {
    fn token(&self, app: &TestApp, caller: Caller) -> Option<String> {
        match caller {
            Caller::Nobody => None,
            Caller::Other => Some(self.other.token.clone()),
            Caller::Owner => Some(self.owner.token.clone()),
            Caller::Admin => Some(app.admin_token.clone()),
            Caller::Key => Some(self.key.clone()),
        }
    }

    /// The concrete path and credentials; a route that changes state gets a fresh target each
    /// time (with its own API key), so every caller meets the same state.
    async fn target(
        &self,
        app: &TestApp,
        row: &Row,
        n: usize,
        caller: Caller,
    ) -> (String, Option<String>) {
        let mut token = self.token(app, caller);
        let mut path = row.path.to_string();
        if path.contains("{userId}") {
            let r = app
                .post("/api/admin/users", app.admin(),
                    json!({"username": format!("victim{n}"), "email": format!("victim{n}@x.id"), "password": "password123"}))
                .await;
            path = path.replace("{userId}", &r.data()["id"].to_string());
        }
        if path.contains("{webhookId}") {
            // A fresh (inactive) webhook on the owner's device for every call.
            let r = app
                .post(
                    &format!(
                        "/api/whatsapp-multi-device/devices/{}/webhooks",
                        self.device
                    ),
                    app.admin(),
                    json!({"url": "https://example.com/hook", "active": false}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            path = path
                .replace("{webhookId}", &r.data()["id"].to_string())
                .replace("{deliveryId}", "999999");
        }
        if path.contains("{jobId}") {
            let r = app
                .post(
                    &format!(
                        "/api/whatsapp-multi-device/devices/{}/jobs/send-text",
                        self.device
                    ),
                    app.admin(),
                    json!({"recipients": ["081234567890"], "message": "Tes", "delaySecs": 3600}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            path = path.replace("{jobId}", r.data()["jobId"].as_str().unwrap());
        }
        if path.contains("{queueJobId}") {
            // A message queued on the owner's device (the admin's default is that device).
            let r = app
                .post(
                    "/api/whatsapp/send-message",
                    app.admin(),
                    json!({"number": "081234567890", "message": "Antre"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            path = path.replace("{queueJobId}", r.data()["id"].as_str().unwrap());
        }
        if path.contains("{messageId}") {
            let r = app
                .post(&format!("/api/whatsapp-multi-device/devices/{}/schedule-message", self.device), app.admin(),
                    json!({"phone": "081234567890", "message": "Nanti", "sendAt": "2099-01-01T00:00:00Z"}))
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            path = path.replace("{messageId}", &r.data()["id"].to_string());
        }
        if path.contains("{contactId}") {
            let r = app
                .post(&format!("{CONTACTS}/contacts"), Some(&self.owner.token),
                    json!({"name": format!("Kontak {n}"), "phone": format!("0857{n:08}"), "tags": ["vip"]}))
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            path = path
                .replace("{contactId}", &r.data()["id"].to_string())
                .replace("{tag}", "vip");
        }
        if path.contains("{categoryId}") {
            let r = app
                .post(
                    &format!("{CONTACTS}/contact-categories"),
                    Some(&self.owner.token),
                    json!({"name": format!("Grup {n}")}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            path = path.replace("{categoryId}", &r.data()["id"].to_string());
        }
        if path.contains("{templateId}") {
            let r = app
                .post(
                    &format!("{CONTACTS}/templates"),
                    Some(&self.owner.token),
                    json!({"name": format!("Templat {n}"), "body": "Halo {{name|Kak}}"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            path = path.replace("{templateId}", &r.data()["id"].to_string());
        }
        if path.contains("{ruleId}") {
            let r = app
                .post(
                    &format!(
                        "/api/whatsapp-multi-device/devices/{}/bot/rules",
                        self.device
                    ),
                    app.admin(),
                    json!({"name": format!("Aturan {n}"), "keywords": ["x"], "reply": "y"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            path = path.replace("{ruleId}", &r.data()["id"].to_string());
        }
        if path.contains("{contactJid}") {
            let contact = format!("62859{n:08}");
            let r = app
                .post(
                    &format!(
                        "/api/whatsapp-multi-device/devices/{}/bot/handoffs",
                        self.device
                    ),
                    app.admin(),
                    json!({"contactJid": contact}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            path = path.replace("{contactJid}", &contact);
        }
        path = path.replace("{phone}", "6281299990001");
        if path.contains("{keyId}") {
            let (_, id) = app.api_key(&self.device).await;
            path = path.replace("{keyId}", &id.to_string());
        }
        let fresh = [
            "/connect",
            "/disconnect",
            "/cancel-and-wipe",
            "/session",
            "/pairing-code",
        ];
        let needs_fresh = fresh.iter().any(|f| row.path.ends_with(f));
        if needs_fresh || (row.method == Method::DELETE && row.path.ends_with("{deviceId}")) {
            let fresh = app.device(self.owner.id, &format!("Hapus {n}")).await;
            if let Caller::Key = caller {
                token = Some(app.api_key(&fresh).await.0);
            }
            path = path.replace("{deviceId}", &fresh);
        }
        let path = path
            .replace("{deviceId}", &self.device)
            .replace("{sessionId}", &self.device)
            .replace("{jid}", "6281234567890@s.whatsapp.net")
            .replace("{chatId}", "6281234567890@s.whatsapp.net")
            .replace("{groupId}", "120363000000000001")
            .replace("{groupJid}", "120363000000000001")
            .replace("{participantJid}", "6281234567890@s.whatsapp.net")
            .replace("{adminJid}", "6281234567890@s.whatsapp.net")
            .replace("{phone}", "6281234567890")
            .replace("{callId}", "CALLSIM0000000000000000000000000")
            .replace("{labelId}", "99")
            .replace("{channel}", "120363999999999999@newsletter")
            .replace("{sha256}", &"0".repeat(64));
        (path, token)
    }
}

async fn every_route_answers_each_caller_as_specified(b: Backend) {
    let app = TestApp::spawn(b).await;
    let owner = app.user("pemilik").await;
    let other = app.user("tetangga").await;
    let device = app.device(owner.id, "Matriks").await;
    let (key, _) = app.api_key(&device).await;
    let fx = Fixture {
        owner,
        other,
        device,
        key,
    };

    // The seeds' device-less routes act on a default device: the owner's, for owner and admin.
    for token in [fx.owner.token.as_str(), app.admin_token.as_str()] {
        let r = app
            .put(
                "/api/default-device",
                Some(token),
                json!({"deviceId": fx.device}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }

    let mut rows = rows();
    rows.extend(compat_rows());
    let doc = app.get("/api/openapi.json", None).await.body;
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(p, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), p.clone()))
        })
        .collect();
    let covered: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    assert_eq!(
        documented, covered,
        "the matrix and the OpenAPI document list the same routes"
    );

    let mut n = 0;
    let mut failures = Vec::new();
    for row in &rows {
        for (i, caller) in CALLERS.iter().enumerate() {
            n += 1;
            let (path, token) = fx.target(&app, row, n, *caller).await;
            let r = if row.path == "/api/events" {
                app.open_stream(&path, token.as_deref()).await
            } else if row.path == "/mcp" {
                mcp_request(&app, row, token.as_deref()).await
            } else {
                // A body may name the owner's device as `{deviceId}`, like paths do.
                let body = (row.body)(n).map(|b| {
                    serde_json::from_str(&b.to_string().replace("{deviceId}", &fx.device)).unwrap()
                });
                app.request(row.method.clone(), &path, token.as_deref(), body)
                    .await
            };
            if r.status != StatusCode::from_u16(row.expect[i]).unwrap() {
                failures.push(format!(
                    "{} {} as {caller:?}: got {} want {} {}",
                    row.method,
                    row.path,
                    r.status.as_u16(),
                    row.expect[i],
                    r.body
                ));
            }
            if !r.status.is_success() {
                assert_eq!(
                    r.body["success"], false,
                    "{} {}: error envelope",
                    row.method, row.path
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `/mcp` as an MCP client calls it: the transport requires this `Accept` header.
async fn mcp_request(app: &TestApp, row: &Row, token: Option<&str>) -> crate::harness::Reply {
    let mut req = app
        .client
        .request(row.method.clone(), format!("{}/mcp", app.base))
        .header("accept", "application/json, text/event-stream");
    if let Some(token) = token {
        req = if token.starts_with("gbk_") {
            req.header("x-api-key", token)
        } else {
            req.bearer_auth(token)
        };
    }
    if let Some(body) = (row.body)(0) {
        req = req.json(&body);
    }
    let res = req.send().await.expect("request");
    let status = res.status();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    crate::harness::Reply {
        status,
        body,
        headers,
    }
}
