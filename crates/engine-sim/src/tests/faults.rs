use std::time::Duration;

use chrono::Utc;
use gerbang_core::engine::{Engine, EngineError, EngineEvent};

use super::support::*;
use crate::{Fault, SimError};

const SECS: fn(u64) -> Duration = Duration::from_secs;

fn lost() -> EngineEvent {
    EngineEvent::Disconnected {
        reason: "connection lost (simulated)".into(),
        will_retry: true,
    }
}

#[tokio::test(start_paused = true)]
async fn a_dropped_connection_reconnects_with_backoff_and_catches_up() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    let me = paired(&sim, &rec).await;
    let before = rec.len();
    let dropped_at = rec.now();
    sim.inject(DEVICE, Fault::Disconnect).await.expect("inject");
    // Sends fail during the outage; messages for us wait in the network.
    assert_eq!(
        sim.send(DEVICE, &text("X", &me, "x")).await,
        Err(EngineError::NotConnected)
    );
    let friend = phone("081255554444");
    let id = sim
        .account_send(&friend, &me, "while you were away")
        .await
        .expect("account send");

    rec.wait_for(|e| matches!(e, EngineEvent::Message(_))).await;
    let timed = rec.timed().split_off(before);
    let times: Vec<_> = timed.iter().map(|(t, _)| *t - dropped_at).collect();
    assert_eq!(
        times,
        [
            SECS(0),
            SECS(1),
            Duration::from_millis(1200),
            Duration::from_millis(1200)
        ],
        "{timed:?}"
    );
    assert_eq!(timed[0].1, lost());
    assert_eq!(timed[1].1, EngineEvent::Connecting { attempt: 2 });
    assert!(matches!(&timed[2].1, EngineEvent::Connected { phone, .. } if *phone == me));
    assert!(matches!(&timed[3].1, EngineEvent::Message(m) if m.id == id));

    // A drop during the reconnect attempt fails it, and the backoff doubles.
    sim.inject(DEVICE, Fault::Disconnect).await.expect("drop");
    let (attempt_at, _) = rec
        .wait_nth(2, |e| *e == EngineEvent::Connecting { attempt: 2 })
        .await;
    sim.inject(DEVICE, Fault::Disconnect)
        .await
        .expect("drop during the attempt");
    let (third_at, _) = rec
        .wait_for(|e| *e == EngineEvent::Connecting { attempt: 3 })
        .await;
    assert_eq!(third_at - attempt_at, SECS(2));
    let (connected_at, _) = rec
        .wait_nth(3, |e| matches!(e, EngineEvent::Connected { .. }))
        .await;
    assert_eq!(connected_at - third_at, Duration::from_millis(200));
    assert_eq!(rec.events().iter().filter(|e| **e == lost()).count(), 3);
    // While the connection is down there is nothing to drop.
    sim.inject(DEVICE, Fault::Disconnect).await.expect("drop");
    assert!(matches!(
        sim.inject(DEVICE, Fault::Disconnect).await,
        Err(SimError::NotConnected)
    ));
}

#[tokio::test(start_paused = true)]
async fn injected_send_failures_and_rate_limits_are_counted() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    paired(&sim, &rec).await;
    let to = phone("081234567890");
    sim.inject(
        DEVICE,
        Fault::SendFailure {
            count: 2,
            reason: Some("no signal".into()),
        },
    )
    .await
    .expect("inject");
    sim.inject(DEVICE, Fault::RateLimit { count: 1 })
        .await
        .expect("inject");
    sim.inject(
        DEVICE,
        Fault::SendFailure {
            count: 1,
            reason: None,
        },
    )
    .await
    .expect("inject");
    let mut results = Vec::new();
    for i in 0..5 {
        results.push(
            sim.send(DEVICE, &text(&format!("M{i}"), &to, "hi"))
                .await
                .map(|ack| ack.id),
        );
    }
    assert_eq!(
        results,
        [
            Err(EngineError::Rejected("no signal".into())),
            Err(EngineError::Rejected("no signal".into())),
            Err(EngineError::RateLimited {
                retry_after: Some(SECS(60))
            }),
            Err(EngineError::Rejected("message rejected (simulated)".into())),
            Ok("M4".into()),
        ]
    );
    let sent: Vec<_> = sim.sent_log().into_iter().map(|d| d.message_id).collect();
    assert_eq!(sent, ["M4"]);
}

#[tokio::test(start_paused = true)]
async fn a_ban_stops_the_session_until_it_expires() {
    let (sim, store) = sim();
    let rec = Recorder::new();
    paired(&sim, &rec).await;
    sim.inject(
        DEVICE,
        Fault::Ban {
            duration_secs: Some(3600),
        },
    )
    .await
    .expect("ban");
    let (_, event) = rec
        .wait_for(|e| matches!(e, EngineEvent::Banned { .. }))
        .await;
    let EngineEvent::Banned {
        reason,
        expires_at: Some(expires_at),
    } = event
    else {
        panic!("expected an expiry: {event:?}");
    };
    assert_eq!(reason, "temporarily banned (simulated)");
    let left = expires_at - Utc::now();
    assert!((3590..=3600).contains(&left.num_seconds()), "{left}");
    assert!(store.get(DEVICE).is_some(), "a ban keeps the session");
    assert_eq!(
        sim.send(DEVICE, &text("X", &phone("081234567890"), "x"))
            .await,
        Err(EngineError::NotConnected)
    );

    let before = rec.len();
    sim.start(DEVICE, rec.clone())
        .await
        .expect("start while banned");
    let after = rec.quiet_for(SECS(60)).await;
    assert!(
        matches!(after.as_slice(), [EngineEvent::Banned { .. }]),
        "{after:?}"
    );
    assert_eq!(rec.len(), before + 1);
    assert!(matches!(
        sim.inject(DEVICE, Fault::Disconnect).await,
        Err(SimError::NotConnected)
    ));

    tokio::time::sleep(SECS(3600)).await;
    sim.start(DEVICE, rec.clone())
        .await
        .expect("start after the ban");
    rec.wait_nth(2, |e| matches!(e, EngineEvent::Connected { .. }))
        .await;
}

#[tokio::test(start_paused = true)]
async fn unlinking_from_the_phone_logs_out() {
    let (sim, store) = sim();
    let rec = Recorder::new();
    paired(&sim, &rec).await;
    sim.inject(DEVICE, Fault::LogoutFromPhone)
        .await
        .expect("inject");
    let reason = "logged out from the phone (simulated)".to_string();
    rec.wait_for(|e| {
        *e == EngineEvent::LoggedOut {
            reason: reason.clone(),
        }
    })
    .await;
    assert!(store.get(DEVICE).is_none());
    assert!(rec.quiet_for(SECS(600)).await.is_empty());
    assert!(matches!(
        sim.inject(DEVICE, Fault::LogoutFromPhone).await,
        Err(SimError::NotConnected)
    ));

    sim.start(DEVICE, rec.clone()).await.expect("start");
    rec.wait_for(is_qr).await;
    // Showing a QR there is no linked phone to ban or unlink.
    assert!(matches!(
        sim.inject(
            DEVICE,
            Fault::Ban {
                duration_secs: None
            }
        )
        .await,
        Err(SimError::NotConnected)
    ));
}

#[tokio::test(start_paused = true)]
async fn faults_need_a_running_device() {
    let (sim, _) = sim();
    assert!(matches!(
        sim.inject("ghost", Fault::Disconnect).await,
        Err(SimError::NoSuchDevice)
    ));
    let rec = Recorder::new();
    paired(&sim, &rec).await;
    sim.stop(DEVICE).await.expect("stop");
    for fault in [
        Fault::Disconnect,
        Fault::RateLimit { count: 1 },
        Fault::Ban {
            duration_secs: None,
        },
    ] {
        assert!(matches!(
            sim.inject(DEVICE, fault).await,
            Err(SimError::NotConnected)
        ));
    }
}

#[test]
fn faults_read_from_json() {
    let cases = [
        (r#"{"kind":"disconnect"}"#, Fault::Disconnect),
        (
            r#"{"kind":"send_failure","count":2}"#,
            Fault::SendFailure {
                count: 2,
                reason: None,
            },
        ),
        (
            r#"{"kind":"rate_limit","count":1}"#,
            Fault::RateLimit { count: 1 },
        ),
        (
            r#"{"kind":"ban","durationSecs":60}"#,
            Fault::Ban {
                duration_secs: Some(60),
            },
        ),
        (
            r#"{"kind":"ban"}"#,
            Fault::Ban {
                duration_secs: None,
            },
        ),
        (r#"{"kind":"logout_from_phone"}"#, Fault::LogoutFromPhone),
    ];
    for (json, fault) in cases {
        assert_eq!(serde_json::from_str::<Fault>(json).expect(json), fault);
    }
}
