use std::time::Duration;

use gerbang_core::engine::{Engine, EngineError, EngineEvent, EngineKind, SessionStore};

use super::support::*;
use crate::{SimConfig, SimError};

const SECS: fn(u64) -> Duration = Duration::from_secs;

#[tokio::test(start_paused = true)]
async fn qr_codes_rotate_like_whatsapp_then_run_out() {
    let (sim, _) = sim();
    assert_eq!(sim.kind(), EngineKind::Sim);
    let rec = Recorder::new();
    sim.start(DEVICE, rec.clone()).await.expect("start");
    rec.wait_for(|e| matches!(e, EngineEvent::QrExhausted))
        .await;

    let timed = rec.timed();
    assert_eq!(timed[0], (SECS(0), EngineEvent::Connecting { attempt: 1 }));
    let qrs: Vec<(Duration, u32, Duration)> = timed
        .iter()
        .filter_map(|(at, e)| match e {
            EngineEvent::Qr {
                index,
                valid_for,
                code,
            } => {
                assert!(code.starts_with("SIMULATED-2@"), "{code}");
                Some((*at, *index, *valid_for))
            }
            _ => None,
        })
        .collect();
    let expected: Vec<_> = (0..6u32)
        .map(|i| match i {
            0 => (SECS(0), 0, SECS(60)),
            i => (SECS(60 + 20 * (u64::from(i) - 1)), i, SECS(20)),
        })
        .collect();
    assert_eq!(qrs, expected);
    assert_eq!(timed.last(), Some(&(SECS(160), EngineEvent::QrExhausted)));
    assert_eq!(timed.len(), 8);
    let codes = qr_codes(&rec.events());
    assert!(
        codes
            .iter()
            .enumerate()
            .all(|(i, c)| !codes[..i].contains(c)),
        "codes repeat"
    );

    assert!(rec.quiet_for(SECS(600)).await.is_empty());
    assert!(matches!(
        sim.scan(DEVICE, None).await,
        Err(SimError::NotShowingQr)
    ));

    // The attempt is over: a new start begins again with fresh codes.
    sim.start(DEVICE, rec.clone()).await.expect("restart");
    let (_, EngineEvent::Qr { index: 0, code, .. }) = rec.wait_nth(7, is_qr).await else {
        panic!("expected a fresh first QR");
    };
    assert!(!codes.contains(&code));
}

#[tokio::test(start_paused = true)]
async fn scanning_pairs_connects_and_saves_the_session() {
    let (sim, store) = sim();
    let rec = Recorder::new();
    sim.start(DEVICE, rec.clone()).await.expect("start");
    tokio::time::sleep(SECS(30)).await;
    let phone = sim.scan(DEVICE, None).await.expect("scan");
    assert!(
        phone.as_str().starts_with("62899") && phone.as_str().len() == 13,
        "{phone}"
    );

    rec.wait_for(|e| matches!(e, EngineEvent::Connected { .. }))
        .await;
    let push_name = Some(format!("Sim {}", &phone.as_str()[9..]));
    let events = rec.events();
    assert_eq!(
        events[events.len() - 2..],
        [
            EngineEvent::Paired {
                phone: phone.clone(),
                push_name: push_name.clone()
            },
            EngineEvent::Connected {
                phone: phone.clone(),
                push_name
            },
        ]
    );
    assert!(store.get(DEVICE).is_some());
    assert_eq!(sim.linked_phone(DEVICE).await, Some(phone));
    // QR rotation stopped with the pairing.
    assert!(rec.quiet_for(SECS(600)).await.is_empty());
    assert!(matches!(
        sim.scan(DEVICE, None).await,
        Err(SimError::NotShowingQr)
    ));
}

#[tokio::test(start_paused = true)]
async fn a_stored_session_reconnects_without_qr() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    let phone = paired(&sim, &rec).await;
    sim.stop(DEVICE).await.expect("stop");
    rec.wait_for(|e| matches!(e, EngineEvent::Disconnected { .. }))
        .await;

    let rec = Recorder::new();
    sim.start(DEVICE, rec.clone()).await.expect("start");
    // A second start while running changes nothing.
    sim.start(DEVICE, rec.clone()).await.expect("start again");
    let (at, _) = rec
        .wait_for(|e| matches!(e, EngineEvent::Connected { .. }))
        .await;
    assert_eq!(at, Duration::from_millis(200));
    let push_name = Some(format!("Sim {}", &phone.as_str()[9..]));
    assert_eq!(
        rec.events(),
        [
            EngineEvent::Connecting { attempt: 1 },
            EngineEvent::Connected { phone, push_name }
        ]
    );
    assert!(rec.quiet_for(SECS(600)).await.is_empty());
}

#[tokio::test(start_paused = true)]
async fn pairing_by_code() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    let target = phone("+62 812 1111 2222");
    let refused = sim.pairing_code(DEVICE, &target).await;
    assert!(
        matches!(refused, Err(EngineError::Rejected(_))),
        "{refused:?}"
    );

    sim.start(DEVICE, rec.clone()).await.expect("start");
    assert!(matches!(
        sim.confirm_pairing_code(DEVICE, "AAAA-BBBB").await,
        Err(SimError::NoPairingCode)
    ));
    let code = sim.pairing_code(DEVICE, &target).await.expect("code");
    assert_eq!(code.len(), 9);
    assert_eq!(&code[4..5], "-");
    assert!(
        code.chars()
            .all(|c| c == '-' || c.is_ascii_uppercase() || c.is_ascii_digit()),
        "{code}"
    );
    // QR codes keep rotating meanwhile.
    rec.wait_nth(2, is_qr).await;

    let wrong = if code.starts_with('Z') {
        "YYYY-YYYY"
    } else {
        "ZZZZ-ZZZZ"
    };
    assert!(matches!(
        sim.confirm_pairing_code(DEVICE, wrong).await,
        Err(SimError::WrongPairingCode)
    ));
    let paired = sim
        .confirm_pairing_code(DEVICE, &code.to_lowercase())
        .await
        .expect("confirm");
    assert_eq!(paired, target);
    rec.wait_for(|e| matches!(e, EngineEvent::Paired { phone, .. } if *phone == target))
        .await;
    rec.wait_for(|e| matches!(e, EngineEvent::Connected { phone, .. } if *phone == target))
        .await;
    let again = sim.pairing_code(DEVICE, &target).await;
    assert_eq!(again, Err(EngineError::AlreadyPaired));
}

#[tokio::test(start_paused = true)]
async fn scan_errors_are_clear() {
    let (sim, _) = sim();
    let absent = phone("081299990000");
    sim.set_absent(absent.clone());
    assert!(matches!(
        sim.scan("nope", None).await,
        Err(SimError::NoSuchDevice)
    ));
    let rec = Recorder::new();
    sim.start(DEVICE, rec.clone()).await.expect("start");
    let err = sim.scan(DEVICE, Some(absent)).await.expect_err("absent");
    assert_eq!(err.to_string(), "+6281299990000 is not on WhatsApp");
    let err = sim
        .pairing_code(DEVICE, &phone("081299990000"))
        .await
        .expect_err("absent");
    assert_eq!(
        err,
        EngineError::Rejected("+6281299990000 is not on WhatsApp".into())
    );
    // A failed scan leaves the QR up for a proper one.
    let chosen = phone("081233334444");
    assert_eq!(
        sim.scan(DEVICE, Some(chosen.clone())).await.expect("scan"),
        chosen
    );
}

#[tokio::test(start_paused = true)]
async fn stop_disconnects_for_good_and_keeps_the_session() {
    let (sim, store) = sim();
    let rec = Recorder::new();
    paired(&sim, &rec).await;
    sim.stop(DEVICE).await.expect("stop");
    let (_, event) = rec
        .wait_for(|e| matches!(e, EngineEvent::Disconnected { .. }))
        .await;
    assert_eq!(
        event,
        EngineEvent::Disconnected {
            reason: "disconnected by request".into(),
            will_retry: false
        }
    );
    assert!(store.get(DEVICE).is_some());
    // Stopping a stopped device is silent.
    sim.stop(DEVICE).await.expect("stop again");
    assert!(rec.quiet_for(SECS(60)).await.is_empty());
}

#[tokio::test(start_paused = true)]
async fn logout_unlinks_and_deletes_the_session() {
    let (sim, store) = sim();
    let rec = Recorder::new();
    paired(&sim, &rec).await;
    sim.logout(DEVICE).await.expect("logout");
    rec.wait_for(|e| {
        *e == EngineEvent::LoggedOut {
            reason: "logged out by request".into(),
        }
    })
    .await;
    assert!(store.get(DEVICE).is_none());
    assert_eq!(sim.linked_phone(DEVICE).await, None);

    // Not running: the stored session is deleted all the same, silently.
    store
        .save_session("other", EngineKind::Sim, b"{}")
        .await
        .expect("save");
    sim.logout("other").await.expect("logout when not running");
    assert!(store.get("other").is_none());

    // The next start pairs from scratch.
    sim.start(DEVICE, rec.clone()).await.expect("start");
    let (_, event) = rec.wait_for(is_qr).await;
    assert!(matches!(event, EngineEvent::Qr { index: 0, .. }));
}

#[tokio::test(start_paused = true)]
async fn a_seed_replays_codes_and_numbers() {
    async fn run(seed: u64) -> (Vec<String>, String) {
        let (sim, _) = sim_with(SimConfig {
            seed,
            ..SimConfig::default()
        });
        let rec = Recorder::new();
        sim.start(DEVICE, rec.clone()).await.expect("start");
        rec.wait_nth(3, is_qr).await;
        let phone = sim.scan(DEVICE, None).await.expect("scan");
        (qr_codes(&rec.events()), phone.as_str().to_string())
    }
    let first = run(7).await;
    assert_eq!(first.0.len(), 3);
    assert_eq!(run(7).await, first);
    let other = run(8).await;
    assert_ne!(other.0, first.0);
}

/// A handler that calls back into the engine from inside an event, as an app reacting to
/// `Connected` might; the engine must not deadlock on it.
struct StopOnConnect {
    sim: std::sync::Mutex<Option<std::sync::Weak<crate::SimEngine>>>,
    inner: std::sync::Arc<Recorder>,
}

#[async_trait::async_trait]
impl gerbang_core::engine::EngineEvents for StopOnConnect {
    async fn on_event(&self, device_id: &str, event: EngineEvent) -> Result<(), String> {
        let connected = matches!(event, EngineEvent::Connected { .. });
        self.inner.on_event(device_id, event).await?;
        let sim = self
            .sim
            .lock()
            .expect("lock")
            .clone()
            .and_then(|w| w.upgrade());
        if let (true, Some(sim)) = (connected, sim) {
            sim.stop(device_id).await.map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handlers_may_call_back_into_the_engine() {
    let config = SimConfig {
        connect_delay: Duration::from_millis(5),
        ..SimConfig::default()
    };
    let (sim, _) = sim_with(config);
    let rec = Recorder::new();
    let handler = std::sync::Arc::new(StopOnConnect {
        sim: std::sync::Mutex::new(Some(std::sync::Arc::downgrade(&sim))),
        inner: rec.clone(),
    });
    sim.start(DEVICE, handler.clone()).await.expect("start");
    sim.scan(DEVICE, None).await.expect("scan");
    rec.wait_for(|e| {
        matches!(
            e,
            EngineEvent::Disconnected {
                will_retry: false,
                ..
            }
        )
    })
    .await;
    sim.start(DEVICE, handler).await.expect("start again");
    rec.wait_nth(2, |e| {
        matches!(
            e,
            EngineEvent::Disconnected {
                will_retry: false,
                ..
            }
        )
    })
    .await;
    let kinds: Vec<_> = rec
        .events()
        .into_iter()
        .filter(|e| !is_qr(e))
        .map(|e| {
            format!("{e:?}")
                .split([' ', '{', '('])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "Connecting",
            "Paired",
            "Connected",
            "Disconnected",
            "Connecting",
            "Connected",
            "Disconnected"
        ]
    );
}
