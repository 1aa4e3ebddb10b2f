//! SIGKILL of a gateway process while its device B takes in a backlog from the loopback
//! WhatsApp server: after the restart B has every message exactly once. The durability hook
//! holds B's receipt (WhatsApp's acknowledgement) until a message is stored, so the server
//! redelivers whatever the dead process had not stored, and the gateway drops what it had.

use std::time::Duration;

use serde_json::json;

use gerbang_wa_fake::LoopbackServer;

use crate::harness::wait_for;
use crate::process::{Api, Server, TempDir};

const PASSWORD: &str = "loopback-crash-pass";
const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281300000001";
const PHONE_B: &str = "6281300000002";
const COUNT: usize = 40;

fn start(dir: &TempDir, url: &str) -> Server {
    let env = [
        ("GERBANG_ENGINE", "whatsapp"),
        ("GERBANG_WHATSAPP_URL", url),
        ("GERBANG_ADMIN_PASSWORD", PASSWORD),
        ("GERBANG_RATE_LIMIT_PER_MINUTE", "0"),
        ("GERBANG_AUTH_RATE_LIMIT_PER_MINUTE", "0"),
        // `wait_ready` looks for the info line that says the server listens.
        ("GERBANG_LOG", "info,whatsapp_rust=warn"),
    ];
    let server = Server::start_with(&dir.0, &env);
    server.wait_ready();
    server
}

async fn status(api: &Api, dev: &str) -> String {
    let s = api.get(&format!("{DEVICES}/{dev}/status")).await;
    s["status"].as_str().unwrap_or("").to_string()
}

async fn link(api: &Api, server: &LoopbackServer, dev: &str, phone: &str) {
    api.post(DEVICES, json!({"deviceName": dev, "deviceId": dev}))
        .await;
    let c = api
        .post(&format!("{DEVICES}/{dev}/connect"), json!({}))
        .await;
    server
        .scan(c["qr"]["code"].as_str().expect("a QR code"), phone)
        .unwrap();
    wait_for(60, &format!("{dev} connected"), || async {
        (status(api, dev).await == "connected" && !server.devices(phone).is_empty()).then_some(())
    })
    .await;
}

async fn bodies_at_b(api: &Api) -> Vec<String> {
    api.chat_bodies("kasir-b", PHONE_A).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_while_b_receives_loses_and_doubles_nothing() {
    let loopback = LoopbackServer::start().await;
    let dir = TempDir::new();
    let mut gateway = start(&dir, &loopback.url);
    let api = Api::sign_in(&gateway.base(), PASSWORD).await;
    link(&api, &loopback, "kasir-a", PHONE_A).await;
    link(&api, &loopback, "kasir-b", PHONE_B).await;
    let b_device = loopback.devices(PHONE_B)[0];

    let d = api
        .call(
            reqwest::Method::DELETE,
            &format!("{DEVICES}/kasir-b/disconnect"),
            None,
        )
        .await;
    assert!(!d.is_null());
    wait_for(10, "B offline", || async {
        (!loopback.online(PHONE_B, b_device)).then_some(())
    })
    .await;
    for i in 0..COUNT {
        api.post(
            &format!("{DEVICES}/kasir-a/send-message"),
            json!({"phone": PHONE_B, "message": format!("pesan {i:02}")}),
        )
        .await;
    }
    wait_for(30, "the backlog queued for B", || async {
        (loopback.queued(PHONE_B, b_device) == COUNT).then_some(())
    })
    .await;

    // B comes back and takes the backlog in; the process dies in the middle of it.
    api.post(&format!("{DEVICES}/kasir-b/connect"), json!({}))
        .await;
    // Watched closely: the kill lands as soon as B has stored its first message. B's
    // receipts for a backlog go out together once it is through, so the server still holds
    // every message then and redelivers them all to the restarted gateway.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while bodies_at_b(&api).await.is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "B never took the backlog in"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    gateway.kill();
    let left = loopback.queued(PHONE_B, b_device);

    gateway = start(&dir, &loopback.url);
    let api = Api::sign_in(&gateway.base(), PASSWORD).await;
    wait_for(60, "the whole backlog stored at B", || async {
        (loopback.queued(PHONE_B, b_device) == 0 && bodies_at_b(&api).await.len() >= COUNT)
            .then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let expected: Vec<String> = (0..COUNT).map(|i| format!("pesan {i:02}")).collect();
    assert_eq!(
        bodies_at_b(&api).await,
        expected,
        "every message once ({left} were still queued at the kill)"
    );
    gateway.stop();
}
