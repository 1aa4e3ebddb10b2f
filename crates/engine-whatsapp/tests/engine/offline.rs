//! With WhatsApp unreachable, a started device reports each attempt and the network error, and
//! whatsapp-rust's backoff spaces the attempts out; stopping ends it cleanly.

use std::time::{Duration, Instant};

use gerbang_core::engine::{Engine, EngineEvent};
use gerbang_engine_whatsapp::{WhatsappConfig, WhatsappEngine};

use crate::harness::{next_matching, Backend, Recorder, TestDb};

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

async fn unreachable_endpoint_is_reported_and_retried(backend: Backend) {
    let db = TestDb::new(backend).await;
    db.device("kasir").await;
    let engine = WhatsappEngine::new(
        db.db.clone(),
        WhatsappConfig {
            url: Some(format!("ws://127.0.0.1:{}/ws/chat", closed_port())),
            ..WhatsappConfig::default()
        },
    );
    let (sink, mut rx) = Recorder::new();
    engine.start("kasir", sink.clone()).await.unwrap();
    // A second start of a running device changes nothing.
    engine.start("kasir", sink.clone()).await.unwrap();

    let wait = Duration::from_secs(30);
    let first = next_matching(&mut rx, wait, |e| match e {
        EngineEvent::Connecting { attempt } => Some(*attempt),
        _ => None,
    })
    .await;
    assert_eq!(first, 1);
    let (reason, will_retry) = next_matching(&mut rx, wait, |e| match e {
        EngineEvent::Disconnected { reason, will_retry } => Some((reason.clone(), *will_retry)),
        _ => None,
    })
    .await;
    assert!(will_retry);
    assert!(reason.starts_with("cannot reach WhatsApp:"), "{reason}");
    let failed_at = Instant::now();
    let second = next_matching(&mut rx, wait, |e| match e {
        EngineEvent::Connecting { attempt } => Some(*attempt),
        _ => None,
    })
    .await;
    assert_eq!(second, 2);
    // whatsapp-rust's backoff starts at about a second: no busy loop.
    assert!(
        failed_at.elapsed() >= Duration::from_millis(800),
        "retried after {:?}",
        failed_at.elapsed()
    );
    // The device's credentials were created in our database on the first start.
    assert!(db.wa_rows("kasir").await >= 1);

    engine.stop("kasir").await.unwrap();
    assert!(engine.running().is_empty());
    let last = sink.log.lock().unwrap().last().cloned();
    assert_eq!(
        last,
        Some(EngineEvent::Disconnected {
            reason: "disconnected by request".into(),
            will_retry: false
        })
    );
    // Nothing after the stop.
    let count = sink.log.lock().unwrap().len();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(sink.log.lock().unwrap().len(), count);

    // Logout of a stopped device wipes what it stored.
    engine.logout("kasir").await.unwrap();
    assert_eq!(db.wa_rows("kasir").await, 0);
}

crate::db_tests!(unreachable_endpoint_is_reported_and_retried);
