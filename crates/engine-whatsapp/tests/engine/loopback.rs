//! Two real clients (the adapter's sessions of two accounts) linked through the loopback
//! WhatsApp server, which relays between them: a text goes from A to B, Signal encryption and
//! all, B gets it, and A hears it delivered and then read.

use std::sync::Arc;
use std::time::Duration;

use gerbang_core::engine::{Engine, EngineEvent, MessageContent, OutboundMessage, ReceiptKind};
use gerbang_core::jid::Phone;
use gerbang_engine_whatsapp::{WhatsappConfig, WhatsappEngine};
use gerbang_wa_fake::LoopbackServer;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::harness::{next_matching, Backend, Recorder, TestDb};

crate::db_tests!(a_text_goes_from_a_to_b_and_comes_back_read);

const WAIT: Duration = Duration::from_secs(40);
const PHONE_A: &str = "6281100000001";
const PHONE_B: &str = "6281100000002";

/// Starts `device`, scans its first QR code as the phone of `phone`, and waits until the
/// client has logged in as the linked device.
pub async fn link(
    engine: &Arc<WhatsappEngine>,
    server: &LoopbackServer,
    device: &str,
    phone: &str,
) -> UnboundedReceiver<EngineEvent> {
    let (sink, mut rx) = Recorder::new();
    engine.start(device, sink).await.unwrap();
    let code = next_matching(&mut rx, WAIT, |e| match e {
        EngineEvent::Qr { code, .. } => Some(code.clone()),
        _ => None,
    })
    .await;
    server.scan(&code, phone).unwrap();
    // Paired, then the restart WhatsApp asks for, then logged in as the device.
    next_matching(&mut rx, WAIT, |e| {
        matches!(e, EngineEvent::Paired { .. }).then_some(())
    })
    .await;
    let online = next_matching(&mut rx, WAIT, |e| match e {
        EngineEvent::Connected { phone, .. } => Some(phone.clone()),
        _ => None,
    })
    .await;
    assert_eq!(online.as_str(), phone);
    rx
}

fn text(id: &str, to: &str, body: &str) -> OutboundMessage {
    OutboundMessage {
        id: id.into(),
        to: Phone::parse(to).unwrap().jid(),
        content: MessageContent::Text { body: body.into() },
        quoted: None,
        mentions: Vec::new(),
        flags: Default::default(),
    }
}

/// With `GERBANG_WA_FAKE_TRACE=1`, whatsapp-rust's own log too (`RUST_LOG` filters it).
fn trace_clients() {
    if std::env::var("GERBANG_WA_FAKE_TRACE").as_deref() == Ok("1") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
    }
}

async fn a_text_goes_from_a_to_b_and_comes_back_read(backend: Backend) {
    trace_clients();
    let server = LoopbackServer::start().await;
    let db = TestDb::new(backend).await;
    db.device("a").await;
    db.device("b").await;
    let engine = WhatsappEngine::new(
        db.db.clone(),
        WhatsappConfig {
            url: Some(server.url.clone()),
            ..WhatsappConfig::default()
        },
    );
    let mut a = link(&engine, &server, "a", PHONE_A).await;
    let mut b = link(&engine, &server, "b", PHONE_B).await;

    engine
        .send("a", &text("3EB0LOOP0001", PHONE_B, "Halo dari A"))
        .await
        .unwrap();
    let got = next_matching(&mut b, WAIT, |e| match e {
        EngineEvent::Message(m) => Some(m.clone()),
        _ => None,
    })
    .await;
    assert_eq!(got.id, "3EB0LOOP0001");
    assert_eq!(
        got.content,
        MessageContent::Text {
            body: "Halo dari A".into()
        }
    );
    assert_eq!(got.sender_phone.as_ref().map(Phone::as_str), Some(PHONE_A));
    assert!(!got.from_me);

    let receipt = |want: ReceiptKind| {
        move |e: &EngineEvent| match e {
            EngineEvent::Receipt {
                message_ids, kind, ..
            } if *kind == want => Some(message_ids.clone()),
            _ => None,
        }
    };
    let delivered = next_matching(&mut a, WAIT, receipt(ReceiptKind::Delivered)).await;
    assert_eq!(delivered, vec!["3EB0LOOP0001".to_string()]);
    engine
        .mark_read("b", &got.chat, None, std::slice::from_ref(&got.id))
        .await
        .unwrap();
    let read = next_matching(&mut a, WAIT, receipt(ReceiptKind::Read)).await;
    assert_eq!(read, vec!["3EB0LOOP0001".to_string()]);
    // B acknowledged what it got: nothing waits for it on the server.
    assert_eq!(server.queued(PHONE_B, 2), 0);

    engine.stop("a").await.unwrap();
    engine.stop("b").await.unwrap();
}
