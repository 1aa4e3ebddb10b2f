//! The real adapter against a fake WhatsApp endpoint on loopback: a real pairing QR from the
//! real client, dropped sockets and stream errors reported and retried, and WhatsApp ending the
//! session (logged out, banned, outdated client) ending it here too.

use std::time::Duration;

use chrono::Utc;
use gerbang_core::engine::{Engine, EngineEvent};
use gerbang_engine_whatsapp::{WhatsappConfig, WhatsappEngine};
use std::sync::Arc;

use crate::harness::{next_matching, Backend, Recorder, TestDb};
use gerbang_wa_fake::{failure, pair_device, stream_error, FakeWhatsapp, Step, DEVICE};

const WAIT: Duration = Duration::from_secs(30);

async fn engine_for(db: &TestDb, fake: &FakeWhatsapp) -> Arc<WhatsappEngine> {
    db.device("kasir").await;
    WhatsappEngine::new(
        db.db.clone(),
        WhatsappConfig {
            url: Some(fake.url.clone()),
            ..WhatsappConfig::default()
        },
    )
}

fn qr(e: &EngineEvent) -> Option<(String, u32, Duration)> {
    match e {
        EngineEvent::Qr {
            code,
            index,
            valid_for,
        } => Some((code.clone(), *index, *valid_for)),
        _ => None,
    }
}

fn disconnected(e: &EngineEvent) -> Option<(String, bool)> {
    match e {
        EngineEvent::Disconnected { reason, will_retry } => Some((reason.clone(), *will_retry)),
        _ => None,
    }
}

fn connecting(e: &EngineEvent) -> Option<u32> {
    match e {
        EngineEvent::Connecting { attempt } => Some(*attempt),
        _ => None,
    }
}

async fn pairing_qr_then_dropped_socket_is_retried(backend: Backend) {
    let fake = FakeWhatsapp::start(|n| match n {
        0 => vec![
            Step::Send(pair_device(&["REF-ONE", "REF-TWO"])),
            Step::Sleep(Duration::from_millis(1500)),
            Step::Drop,
        ],
        _ => vec![Step::Send(pair_device(&["REF-AGAIN"]))],
    })
    .await;
    let db = TestDb::new(backend).await;
    let engine = engine_for(&db, &fake).await;
    let (sink, mut rx) = Recorder::new();
    engine.start("kasir", sink.clone()).await.unwrap();

    assert_eq!(next_matching(&mut rx, WAIT, connecting).await, 1);
    let (code, index, valid_for) = next_matching(&mut rx, WAIT, qr).await;
    // The client's own QR payload: the server's ref, then its noise key, identity key and ADV
    // secret (base64), then the platform.
    let parts: Vec<&str> = code.split(',').collect();
    assert!(parts.len() >= 4, "{code}");
    assert_eq!(parts[0], "REF-ONE");
    assert!(parts[1..4].iter().all(|p| p.len() == 44), "{code}");
    assert_eq!(index, 0);
    assert!(valid_for > Duration::from_secs(50) && valid_for <= Duration::from_secs(60));

    let (reason, will_retry) = next_matching(&mut rx, WAIT, disconnected).await;
    assert!(will_retry);
    assert!(
        reason.starts_with("connection to WhatsApp lost"),
        "{reason}"
    );
    assert_eq!(next_matching(&mut rx, WAIT, connecting).await, 2);
    let (code, index, _) = next_matching(&mut rx, WAIT, qr).await;
    assert!(code.starts_with("REF-AGAIN,"), "{code}");
    assert_eq!(index, 1);
    assert_eq!(fake.connections(), 2);
    // The client answered the pairing offer on the encrypted channel.
    assert!(fake.received.lock().unwrap().iter().any(|t| t == "iq"));

    engine.stop("kasir").await.unwrap();
    assert!(engine.running().is_empty());
    // Not paired: the device row exists, with fresh credentials and nothing else.
    assert!(db.wa_rows("kasir").await >= 1);
}

async fn stream_error_and_handshake_failure_are_reported(backend: Backend) {
    let fake = FakeWhatsapp::start(|n| match n {
        0 => vec![Step::RefuseHandshake],
        1 => vec![
            Step::Send(pair_device(&["REF"])),
            Step::Sleep(Duration::from_millis(300)),
            Step::Send(stream_error("999")),
            Step::Sleep(Duration::from_millis(300)),
            Step::Drop,
        ],
        _ => vec![Step::Send(pair_device(&["REF"]))],
    })
    .await;
    let db = TestDb::new(backend).await;
    let engine = engine_for(&db, &fake).await;
    let (sink, mut rx) = Recorder::new();
    engine.start("kasir", sink).await.unwrap();

    let (reason, will_retry) = next_matching(&mut rx, WAIT, disconnected).await;
    assert!(will_retry);
    assert_eq!(
        reason,
        "the connection to WhatsApp closed during the handshake"
    );
    next_matching(&mut rx, WAIT, qr).await;
    let (reason, will_retry) = next_matching(&mut rx, WAIT, disconnected).await;
    assert!(will_retry);
    assert!(
        reason.contains("after WhatsApp stream error 999"),
        "{reason}"
    );
    assert_eq!(next_matching(&mut rx, WAIT, connecting).await, 3);
    engine.stop("kasir").await.unwrap();
}

async fn logged_out_by_whatsapp_wipes_the_session(backend: Backend) {
    let fake = FakeWhatsapp::start(|_| vec![Step::Send(failure(401, &[]))]).await;
    let db = TestDb::new(backend).await;
    let engine = engine_for(&db, &fake).await;
    let (sink, mut rx) = Recorder::new();
    engine.start("kasir", sink).await.unwrap();

    let reason = next_matching(&mut rx, WAIT, |e| match e {
        EngineEvent::LoggedOut { reason } => Some(reason.clone()),
        _ => None,
    })
    .await;
    assert!(reason.contains("unlinked"), "{reason}");
    assert_eq!(db.wa_rows("kasir").await, 0);
    // Nothing of the old client writes its state back afterwards.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(db.wa_rows("kasir").await, 0);
    assert!(engine.running().is_empty());
    assert_eq!(
        fake.connections(),
        1,
        "a logged-out client must not reconnect"
    );
}

async fn temporary_ban_reports_its_expiry(backend: Backend) {
    let fake = FakeWhatsapp::start(|_| {
        vec![Step::Send(failure(
            402,
            &[("code", "101"), ("expire", "3600")],
        ))]
    })
    .await;
    let db = TestDb::new(backend).await;
    let engine = engine_for(&db, &fake).await;
    let (sink, mut rx) = Recorder::new();
    engine.start("kasir", sink).await.unwrap();

    let (reason, expires_at) = next_matching(&mut rx, WAIT, |e| match e {
        EngineEvent::Banned { reason, expires_at } => Some((reason.clone(), *expires_at)),
        _ => None,
    })
    .await;
    assert!(
        reason.starts_with("temporarily banned by WhatsApp"),
        "{reason}"
    );
    let left = expires_at.unwrap() - Utc::now();
    assert!(left > chrono::Duration::minutes(55) && left <= chrono::Duration::minutes(60));
    assert!(engine.running().is_empty());
    // A ban is not a logout: the credentials stay for after it.
    assert!(db.wa_rows("kasir").await >= 1);
}

async fn outdated_client_is_surfaced(backend: Backend) {
    let fake = FakeWhatsapp::start(|_| vec![Step::Send(failure(405, &[]))]).await;
    let db = TestDb::new(backend).await;
    let engine = engine_for(&db, &fake).await;
    let (sink, mut rx) = Recorder::new();
    engine.start("kasir", sink).await.unwrap();

    let (reason, will_retry) = next_matching(&mut rx, WAIT, |e| match e {
        EngineEvent::Disconnected {
            reason,
            will_retry: false,
        } => Some((reason.clone(), false)),
        _ => None,
    })
    .await;
    assert!(!will_retry);
    assert!(reason.contains("outdated"), "{reason}");
    // It says what to do about it.
    assert!(reason.contains("GERBANG_WHATSAPP_VERSION"), "{reason}");
    assert!(engine.running().is_empty());
    // A later start builds a new client and connects again.
    let (sink, mut rx) = Recorder::new();
    engine.start("kasir", sink).await.unwrap();
    assert_eq!(next_matching(&mut rx, WAIT, connecting).await, 1);
    next_matching(&mut rx, WAIT, disconnected).await;
    assert_eq!(fake.connections(), 2);
    engine.stop("kasir").await.unwrap();
}

/// Scanning the QR pairs the device: `Paired` with the phone number, the credentials stored in
/// our database, and the reconnect that WhatsApp asks for (stream error 515) logs in as that
/// phone's companion device.
async fn scanning_the_qr_pairs_and_logs_in_as_the_phone(backend: Backend) {
    let fake = FakeWhatsapp::start(|n| match n {
        0 => vec![
            Step::Send(pair_device(&["REF-SCAN"])),
            Step::PairOnScan("6281234567890"),
            Step::Sleep(Duration::from_millis(300)),
            Step::Send(stream_error("515")),
        ],
        _ => vec![],
    })
    .await;
    let db = TestDb::new(backend).await;
    let engine = engine_for(&db, &fake).await;
    let (sink, mut rx) = Recorder::new();
    engine.start("kasir", sink.clone()).await.unwrap();

    let (code, _, _) = next_matching(&mut rx, WAIT, qr).await;
    fake.scan(&code);
    let phone = next_matching(&mut rx, WAIT, |e| match e {
        EngineEvent::Paired { phone, .. } => Some(phone.clone()),
        _ => None,
    })
    .await;
    assert_eq!(phone.as_str(), "6281234567890");
    // The client confirmed the pairing to the server.
    assert!(fake.received.lock().unwrap().iter().any(|t| t == "iq"));
    // The credentials are in our database (written just after the event).
    tokio::time::timeout(WAIT, async {
        while !gerbang_engine_whatsapp::store::is_paired(&db.db, "kasir")
            .await
            .unwrap()
        {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the paired credentials are stored");
    // 515 is the expected restart after pairing: straight back, no disconnect reported.
    assert_eq!(next_matching(&mut rx, WAIT, connecting).await, 2);
    tokio::time::timeout(WAIT, async {
        while fake.logins.lock().unwrap().len() < 2 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the client reconnects after pairing");
    let logins = fake.logins.lock().unwrap().clone();
    assert_eq!(logins[0].username, None, "the first connection registers");
    assert_eq!(logins[1].username, Some(6281234567890));
    assert_eq!(logins[1].device, Some(u32::from(DEVICE)));
    let log = sink.log.lock().unwrap().clone();
    assert!(
        !log.iter()
            .any(|e| matches!(e, EngineEvent::Disconnected { .. })),
        "{log:#?}"
    );

    engine.stop("kasir").await.unwrap();
    // Logging out of a paired device reports it and wipes the credentials.
    let (sink, mut rx) = Recorder::new();
    engine.start("kasir", sink.clone()).await.unwrap();
    next_matching(&mut rx, WAIT, connecting).await;
    engine.logout("kasir").await.unwrap();
    assert!(matches!(
        sink.log.lock().unwrap().last(),
        Some(EngineEvent::LoggedOut { .. })
    ));
    assert_eq!(db.wa_rows("kasir").await, 0);
}

crate::db_tests!(
    scanning_the_qr_pairs_and_logs_in_as_the_phone,
    pairing_qr_then_dropped_socket_is_retried,
    stream_error_and_handshake_failure_are_reported,
    logged_out_by_whatsapp_wipes_the_session,
    temporary_ban_reports_its_expiry,
    outdated_client_is_surfaced,
);
