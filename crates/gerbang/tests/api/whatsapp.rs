//! The real WhatsApp engine inside the running gateway, against the fake WhatsApp endpoint on
//! loopback (`gerbang-wa-fake`): the pairing QR the real adapter makes is what the API and the
//! event stream show, a lost connection is reported and retried, a scan pairs the device and it
//! logs in as `connected`, and the phone unlinking it logs it out and wipes its session.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use gerbang_wa_fake::{device_removed, pair_device, stream_error, FakeWhatsapp, Step};
use whatsapp_rust::buffa::Message as _;
use whatsapp_rust::waproto::whatsapp as wa;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    the_real_qr_is_shown_and_a_lost_connection_is_retried,
    scanning_pairs_and_unlinking_from_the_phone_logs_out,
    deleting_a_linked_device_unlinks_it_and_frees_its_id,
);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE: &str = "6281234567890";

/// A gateway whose real engine connects to `fake`, announcing this version and device name.
async fn gateway(backend: Backend, fake: &FakeWhatsapp) -> TestApp {
    let url = fake.url.clone();
    TestApp::spawn_with(backend, move |c| {
        c.engine = "whatsapp".into();
        c.whatsapp_url = Some(url);
        c.whatsapp_version = "2.3000.1099999999".into();
        c.whatsapp_device_name = "Toko Kasir".into();
    })
    .await
}

/// The next event on the stream that `pick` accepts (earlier ones are skipped), within 30 s.
async fn next_event<T>(sse: &mut Sse, what: &str, pick: impl Fn(&Value) -> Option<T>) -> T {
    let found = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let (_, event) = sse.next(Duration::from_secs(30)).await?;
            if let Some(found) = pick(&event) {
                return Some(found);
            }
        }
    })
    .await;
    match found {
        Ok(Some(found)) => found,
        _ => panic!("no event: {what}"),
    }
}

fn status_event(event: &Value, status: &str) -> Option<Value> {
    (event["type"] == "whatsapp-status" && event["data"]["status"] == status)
        .then(|| event["data"].clone())
}

/// The device's current QR code text through the API, once it starts with `prefix`.
async fn qr_starting_with(app: &TestApp, token: &str, dev: &str, prefix: &str) -> Value {
    wait_for(30, &format!("a QR code from {prefix}"), || async {
        let r = app.get(&format!("{DEVICES}/{dev}/qr"), Some(token)).await;
        let code = r.data()["code"].as_str().unwrap_or("");
        (r.status == StatusCode::OK && code.starts_with(prefix)).then(|| r.data().clone())
    })
    .await
}

async fn the_real_qr_is_shown_and_a_lost_connection_is_retried(b: Backend) {
    let fake = FakeWhatsapp::start(|n| match n {
        0 => vec![
            Step::Send(pair_device(&["GW-REF-1", "GW-REF-2"])),
            Step::Hold,
            Step::Send(stream_error("999")),
            Step::Sleep(Duration::from_millis(300)),
            Step::Drop,
        ],
        1 => vec![
            Step::Send(pair_device(&["GW-REF-3"])),
            Step::Hold,
            Step::Drop,
        ],
        _ => vec![Step::Send(pair_device(&["GW-REF-4"]))],
    })
    .await;
    let app = gateway(b, &fake).await;
    let owner = app.user("toko").await;
    let dev = app.device(owner.id, "Kasir").await;
    let mut sse = Sse::open(&app, &format!("?deviceId={dev}"), &owner.token, None).await;

    let c = app
        .post(
            &format!("{DEVICES}/{dev}/connect"),
            Some(&owner.token),
            json!({}),
        )
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    assert_eq!(c.data()["simulated"], false, "{}", c.body);
    assert_eq!(c.data()["status"], "qr_required", "{}", c.body);
    // whatsapp-rust's own QR payload: the server's ref, then the client's noise key, identity
    // key and ADV secret (32 bytes each, base64), then the platform.
    let code = c.data()["qr"]["code"].as_str().unwrap().to_string();
    let parts: Vec<&str> = code.split(',').collect();
    assert!(parts.len() >= 4, "{code}");
    assert_eq!(parts[0], "GW-REF-1");
    assert!(parts[1..4].iter().all(|p| p.len() == 44), "{code}");
    assert_eq!(c.data()["qr"]["index"], 0);

    let qr = app
        .get(&format!("{DEVICES}/{dev}/qr"), Some(&owner.token))
        .await;
    assert_eq!(qr.status, StatusCode::OK, "{}", qr.body);
    assert_eq!(qr.data()["code"], code.as_str());
    let svg = app
        .get(&format!("{DEVICES}/{dev}/qr-svg"), Some(&owner.token))
        .await;
    assert_eq!(svg.status, StatusCode::OK);
    let event = next_event(&mut sse, "qr-code", |e| {
        (e["type"] == "qr-code").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(event["qr"], code.as_str());
    assert_eq!(event["index"], 0);
    assert_eq!(fake.connections(), 1);
    // The configured version and device name went out in the registration.
    let login = fake.logins.lock().unwrap()[0].clone();
    let agent = login.user_agent.into_option().expect("a user agent");
    let version = agent.app_version.into_option().expect("an app version");
    assert_eq!(
        (version.primary, version.secondary, version.tertiary),
        (Some(2), Some(3000), Some(1_099_999_999))
    );
    let pairing = login
        .device_pairing_data
        .into_option()
        .expect("registration");
    let props = wa::DeviceProps::decode_from_slice(&pairing.device_props.unwrap()).unwrap();
    assert_eq!(props.os.as_deref(), Some("Toko Kasir"));

    // WhatsApp ends the stream with an error, then closes the socket.
    fake.proceed();
    let lost = next_event(&mut sse, "connecting after the stream error", |e| {
        status_event(e, "connecting")
    })
    .await;
    let reason = lost["lastDisconnectReason"].as_str().unwrap_or("");
    assert!(reason.contains("stream error 999"), "{lost}");
    let again = qr_starting_with(&app, &owner.token, &dev, "GW-REF-3,").await;
    assert_ne!(again["code"], code.as_str());
    assert_eq!(fake.connections(), 2);
    let st = app.status(&dev).await;
    assert_eq!(st["status"], "qr_required", "{st}");
    assert!(
        st["lastDisconnectReason"]
            .as_str()
            .is_some_and(|r| r.contains("stream error 999")),
        "{st}"
    );

    // Then the socket just drops, without a word.
    fake.proceed();
    let lost = next_event(&mut sse, "connecting after the drop", |e| {
        status_event(e, "connecting")
    })
    .await;
    let reason = lost["lastDisconnectReason"].as_str().unwrap_or("");
    assert!(reason.starts_with("connection to WhatsApp lost"), "{lost}");
    qr_starting_with(&app, &owner.token, &dev, "GW-REF-4,").await;
    assert_eq!(fake.connections(), 3);
    let st = app.status(&dev).await;
    assert!(
        st["lastDisconnectReason"]
            .as_str()
            .is_some_and(|r| r.starts_with("connection to WhatsApp lost")),
        "{st}"
    );

    let d = app
        .delete(&format!("{DEVICES}/{dev}/disconnect"), Some(&owner.token))
        .await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.body);
    assert_eq!(
        app.wait_status(&dev, "disconnected").await["status"],
        "disconnected"
    );
}

async fn scanning_pairs_and_unlinking_from_the_phone_logs_out(b: Backend) {
    let fake = FakeWhatsapp::start(|n| match n {
        0 => vec![
            Step::Send(pair_device(&["GW-PAIR"])),
            Step::PairBusinessOnScan(PHONE, "Toko Sari"),
            Step::Sleep(Duration::from_millis(300)),
            // What WhatsApp does after a pairing: the client reconnects and logs in.
            Step::Send(stream_error("515")),
        ],
        _ => vec![Step::Login, Step::Hold, Step::Send(device_removed())],
    })
    .await;
    let app = gateway(b, &fake).await;
    let owner = app.user("toko").await;
    let dev = app.device(owner.id, "Kasir").await;
    let mut sse = Sse::open(&app, &format!("?deviceId={dev}"), &owner.token, None).await;

    let c = app
        .post(
            &format!("{DEVICES}/{dev}/connect"),
            Some(&owner.token),
            json!({}),
        )
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let code = c.data()["qr"]["code"].as_str().unwrap().to_string();
    assert!(code.starts_with("GW-PAIR,"), "{code}");
    // The fake phone scans exactly what the API showed.
    fake.scan(&code);

    // Paired…
    let paired = next_event(&mut sse, "connected", |e| status_event(e, "connected")).await;
    assert_eq!(paired["phoneNumber"], PHONE, "{paired}");
    assert_eq!(paired["pushName"], "Toko Sari", "{paired}");
    assert_eq!(paired["simulated"], false, "{paired}");
    // …then the restart WhatsApp asks for, and the login as the paired device. whatsapp-rust
    // reports it connected after its first app-state sync, which waits up to 10 s for the
    // phone to share the app-state keys (the fake phone never does).
    next_event(&mut sse, "reconnecting after pairing", |e| {
        status_event(e, "connecting")
    })
    .await;
    let online = next_event(&mut sse, "connected after login", |e| {
        status_event(e, "connected")
    })
    .await;
    assert_eq!(online["phoneNumber"], PHONE, "{online}");
    let login = fake.logins.lock().unwrap()[1].clone();
    assert_eq!(login.username, Some(PHONE.parse::<u64>().unwrap()));
    let st = app.status(&dev).await;
    assert_eq!(st["status"], "connected", "{st}");
    assert_eq!(st["connected"], true, "{st}");
    assert_eq!(st["phoneNumber"], PHONE, "{st}");
    assert_eq!(st["lastDisconnectReason"], Value::Null, "{st}");
    assert!(session_rows(&app, &dev).await > 0);
    let shown = app
        .get(&format!("{DEVICES}/{dev}/qr"), Some(&owner.token))
        .await;
    assert_ne!(
        shown.status,
        StatusCode::OK,
        "no QR once paired: {}",
        shown.body
    );
    // The client went active: it asked the server something and was answered.
    assert!(fake.received.lock().unwrap().iter().any(|t| t == "iq"));

    // The phone unlinks this device.
    fake.proceed();
    let out = next_event(&mut sse, "logged_out", |e| status_event(e, "logged_out")).await;
    let reason = out["lastDisconnectReason"].as_str().unwrap_or("");
    assert!(reason.contains("unlinked"), "{out}");
    let st = app.wait_status(&dev, "logged_out").await;
    assert_eq!(st["connected"], false);
    wait_for(10, "the session wiped", || async {
        (session_rows(&app, &dev).await == 0).then_some(())
    })
    .await;
    // A logged-out device does not reconnect by itself.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(fake.connections(), 2);
    assert_eq!(session_rows(&app, &dev).await, 0);
}

/// Deleting a linked device logs it out at WhatsApp (the phone's list of linked devices loses
/// it), wipes its session state, and a new device with the same id pairs from scratch.
async fn deleting_a_linked_device_unlinks_it_and_frees_its_id(b: Backend) {
    let fake = FakeWhatsapp::start(|n| match n {
        0 => vec![
            Step::Send(pair_device(&["GW-DEL"])),
            Step::PairBusinessOnScan(PHONE, "Toko Sari"),
            Step::Sleep(Duration::from_millis(300)),
            Step::Send(stream_error("515")),
        ],
        1 => vec![Step::Login],
        _ => vec![Step::Send(pair_device(&["GW-AGAIN"])), Step::Hold],
    })
    .await;
    let app = gateway(b, &fake).await;
    let owner = app.user("toko").await;
    let dev = "kasir-wa";
    let body = json!({"deviceName": "Kasir", "userId": owner.id, "deviceId": dev});
    let created = app.post(DEVICES, app.admin(), body.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let mut sse = Sse::open(&app, &format!("?deviceId={dev}"), &owner.token, None).await;
    let c = app
        .post(&format!("{DEVICES}/{dev}/connect"), app.admin(), json!({}))
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let code = qr_starting_with(&app, &owner.token, dev, "GW-DEL,").await["code"]
        .as_str()
        .unwrap()
        .to_string();
    fake.scan(&code);
    next_event(&mut sse, "connected", |e| status_event(e, "connected")).await;
    next_event(&mut sse, "reconnecting after pairing", |e| {
        status_event(e, "connecting")
    })
    .await;
    next_event(&mut sse, "connected after login", |e| {
        status_event(e, "connected")
    })
    .await;
    assert!(session_rows(&app, dev).await > 0);
    let unlinks = || {
        fake.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| *r == "remove-companion-device")
            .count()
    };
    assert_eq!(unlinks(), 0);

    let d = app.delete(&format!("{DEVICES}/{dev}"), app.admin()).await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.body);
    // The delete answered after the logout request went out.
    assert_eq!(unlinks(), 1, "{:?}", fake.requests.lock().unwrap());
    assert_eq!(session_rows(&app, dev).await, 0);
    let connections = fake.connections();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(fake.connections(), connections, "the old client is gone");

    let again = app.post(DEVICES, app.admin(), body).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    let c = app
        .post(&format!("{DEVICES}/{dev}/connect"), app.admin(), json!({}))
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    qr_starting_with(&app, &owner.token, dev, "GW-AGAIN,").await;
    assert_eq!(app.status(dev).await["phoneNumber"], Value::Null);
}

/// Rows of the real engine's session state (keys, credentials) for a device, in all its tables.
async fn session_rows(app: &TestApp, device_id: &str) -> i64 {
    const TABLES: [&str; 8] = [
        "wa_device",
        "wa_identities",
        "wa_sessions",
        "wa_prekeys",
        "wa_sender_keys",
        "wa_lid_mappings",
        "wa_tc_tokens",
        "wa_msg_secrets",
    ];
    let url = app.database_url();
    let count = |table: &str| format!("SELECT COUNT(*) FROM {table} WHERE device_id = $1");
    let mut total = 0;
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        for table in TABLES {
            total += sqlx::query_scalar::<_, i64>(&count(table))
                .bind(device_id)
                .fetch_one(&pool)
                .await
                .unwrap();
        }
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(&url).await.unwrap();
        for table in TABLES {
            total += sqlx::query_scalar::<_, i64>(&count(table))
                .bind(device_id)
                .fetch_one(&pool)
                .await
                .unwrap();
        }
        pool.close().await;
    }
    total
}
