//! whatsapp-rust's lifecycle events, as Gerbang hears them.

use std::sync::Arc;
use std::time::Duration;

use gerbang_core::engine::{EngineEvent, EngineEvents, ReceiptKind};
use tokio::sync::mpsc;
use whatsapp_rust::types::events::{
    ConnectFailure, ConnectFailureReason, Disconnected, Event, EventHandler, PairingQrCode,
    PairingQrCodesExhausted, Receipt, StreamError, TempBanReason, TemporaryBan,
};
use whatsapp_rust::types::message::MessageSource;
use whatsapp_rust::types::presence::ReceiptType;
use whatsapp_rust::wacore::net::DisconnectReason;

use crate::emitter::Emitter;
use crate::events::Handler;
use crate::state::{End, Shared};

struct Channel(mpsc::UnboundedSender<EngineEvent>);

#[async_trait::async_trait]
impl EngineEvents for Channel {
    async fn on_event(&self, _: &str, event: EngineEvent) -> Result<(), String> {
        let _ = self.0.send(event);
        Ok(())
    }
}

fn handler() -> (Handler, mpsc::UnboundedReceiver<EngineEvent>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let (emitter, _task) = Emitter::spawn("d", Arc::new(Channel(tx)));
    let shared = Arc::new(Shared::new("d", 1, emitter));
    (Handler { shared }, rx)
}

fn send(h: &Handler, event: Event) {
    h.handle_event(Arc::new(event));
}

async fn next(rx: &mut mpsc::UnboundedReceiver<EngineEvent>) -> EngineEvent {
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn qr_codes_count_up_and_exhaustion_ends_the_session() {
    let (h, mut rx) = handler();
    for (code, secs) in [("A,1", 60), ("B,2", 20)] {
        send(
            &h,
            Event::PairingQrCode(
                PairingQrCode::builder()
                    .code(code.into())
                    .timeout(Duration::from_secs(secs))
                    .build(),
            ),
        );
    }
    assert_eq!(
        next(&mut rx).await,
        EngineEvent::Qr {
            code: "A,1".into(),
            index: 0,
            valid_for: Duration::from_secs(60)
        }
    );
    assert_eq!(
        next(&mut rx).await,
        EngineEvent::Qr {
            code: "B,2".into(),
            index: 1,
            valid_for: Duration::from_secs(20)
        }
    );
    // With a pairing code outstanding the client stays: not the end.
    send(
        &h,
        Event::PairingQrCodesExhausted(
            PairingQrCodesExhausted::builder()
                .disconnected(false)
                .build(),
        ),
    );
    assert_eq!(h.shared.take_end(), None);
    send(
        &h,
        Event::PairingQrCodesExhausted(
            PairingQrCodesExhausted::builder()
                .disconnected(true)
                .build(),
        ),
    );
    assert_eq!(h.shared.take_end(), Some(End::QrExhausted));
}

#[tokio::test]
async fn a_drop_after_a_stream_error_says_both_once_per_attempt() {
    let (h, mut rx) = handler();
    h.shared.begin_attempt();
    assert_eq!(next(&mut rx).await, EngineEvent::Connecting { attempt: 1 });
    send(
        &h,
        Event::StreamError(StreamError::builder().code("999".into()).build()),
    );
    let drop = || {
        Event::Disconnected(
            Disconnected::builder()
                .reason(DisconnectReason::StreamEnded)
                .build(),
        )
    };
    send(&h, drop());
    send(&h, drop());
    assert_eq!(
        next(&mut rx).await,
        EngineEvent::Disconnected {
            reason:
                "connection to WhatsApp lost: stream ended (EOF) (after WhatsApp stream error 999)"
                    .into(),
            will_retry: true
        }
    );
    h.shared.begin_attempt();
    assert_eq!(next(&mut rx).await, EngineEvent::Connecting { attempt: 2 });
}

#[tokio::test]
async fn refusals_end_the_session_with_their_reason() {
    let (h, mut rx) = handler();
    send(
        &h,
        Event::TemporaryBan(
            TemporaryBan::builder()
                .code(TempBanReason::SentToTooManyPeople)
                .expire(whatsapp_rust::chrono::Duration::hours(2))
                .build(),
        ),
    );
    match h.shared.take_end() {
        Some(End::Banned { reason, expires_at }) => {
            assert!(
                reason.starts_with("temporarily banned by WhatsApp"),
                "{reason}"
            );
            let left = expires_at.unwrap() - chrono::Utc::now();
            assert!(left > chrono::Duration::minutes(119));
        }
        other => panic!("{other:?}"),
    }
    // A 503 is worth retrying; a 403 is final.
    send(
        &h,
        Event::ConnectFailure(
            ConnectFailure::builder()
                .reason(ConnectFailureReason::ServiceUnavailable)
                .build(),
        ),
    );
    match next(&mut rx).await {
        EngineEvent::Disconnected {
            reason,
            will_retry: true,
        } => assert!(reason.contains("service unavailable"), "{reason}"),
        other => panic!("{other:?}"),
    }
    send(
        &h,
        Event::ConnectFailure(
            ConnectFailure::builder()
                .reason(ConnectFailureReason::AccountLocked)
                .build(),
        ),
    );
    assert!(matches!(h.shared.take_end(), Some(End::Refused(r)) if r.contains("account locked")));
}

#[tokio::test]
async fn delivery_and_read_receipts_reach_gerbang_others_do_not() {
    let (h, mut rx) = handler();
    let receipt = |kind| {
        Event::Receipt(
            Receipt::builder()
                .source(MessageSource {
                    chat: "628111222333@s.whatsapp.net".parse().unwrap(),
                    ..Default::default()
                })
                .message_ids(vec!["3EB0A".into()])
                .timestamp(whatsapp_rust::chrono::Utc::now())
                .r#type(kind)
                .offline(false)
                .build(),
        )
    };
    send(&h, receipt(ReceiptType::Retry));
    send(&h, receipt(ReceiptType::Read));
    match next(&mut rx).await {
        EngineEvent::Receipt {
            chat,
            message_ids,
            kind,
            ..
        } => {
            assert_eq!(chat.as_str(), "628111222333@s.whatsapp.net");
            assert_eq!(message_ids, vec!["3EB0A".to_string()]);
            assert_eq!(kind, ReceiptKind::Read);
        }
        other => panic!("{other:?}"),
    }
}
