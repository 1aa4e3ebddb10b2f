use std::sync::Arc;
use std::time::Duration;

use gerbang_core::engine::{
    Engine, EngineError, EngineEvent, MediaData, MediaKind, MessageContent, OnWhatsapp,
    OutboundMessage, ReceiptKind,
};

use super::support::*;

fn receipt(e: &EngineEvent) -> Option<(Vec<String>, ReceiptKind)> {
    match e {
        EngineEvent::Receipt {
            message_ids, kind, ..
        } => Some((message_ids.clone(), *kind)),
        _ => None,
    }
}

fn message(e: &EngineEvent) -> Option<&gerbang_core::engine::InboundMessage> {
    match e {
        EngineEvent::Message(m) => Some(m),
        _ => None,
    }
}

#[tokio::test(start_paused = true)]
async fn a_send_is_acked_with_our_id_then_delivered_and_read() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    let me = paired(&sim, &rec).await;
    let to = phone("081234567890");
    let sent_at = rec.now();
    let ack = sim
        .send(DEVICE, &text("OUR-ID-1", &to, "hello"))
        .await
        .expect("send");
    assert_eq!(ack.id, "OUR-ID-1");

    let (delivered_at, _) = rec.wait_for(|e| receipt(e).is_some()).await;
    let (read_at, _) = rec.wait_nth(2, |e| receipt(e).is_some()).await;
    assert_eq!(delivered_at - sent_at, Duration::from_secs(1));
    assert_eq!(read_at - sent_at, Duration::from_secs(3));
    let receipts: Vec<_> = rec.events().iter().filter_map(receipt).collect();
    let id = vec!["OUR-ID-1".to_string()];
    assert_eq!(
        receipts,
        [
            (id.clone(), ReceiptKind::Delivered),
            (id, ReceiptKind::Read)
        ]
    );
    assert!(rec.quiet_for(Duration::from_secs(600)).await.is_empty());

    let log = sim.sent_log();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].message_id.as_str(), log[0].kind.as_str()),
        ("OUR-ID-1", "text")
    );
    assert_eq!(
        (log[0].from.clone(), log[0].to.clone()),
        (me.jid().to_string(), to.jid().to_string())
    );
    assert_eq!(log[0].text.as_deref(), Some("hello"));
    assert_eq!(sim.inbox(&to).len(), 1);
    // First contact created the account.
    let accounts = sim.accounts();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].name, "Sim +6281234567890");
}

#[tokio::test(start_paused = true)]
async fn a_voice_note_is_played_and_groups_only_confirm_delivery() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    paired(&sim, &rec).await;
    let to = phone("081234567890");
    let media = MediaData {
        kind: MediaKind::Voice,
        mime: "audio/ogg".into(),
        file_name: None,
        data: Arc::from(&b"ogg"[..]),
    };
    let voice = OutboundMessage {
        id: "VOICE".into(),
        to: to.jid(),
        content: MessageContent::Media {
            media,
            caption: None,
        },
        quoted: None,
        mentions: Vec::new(),
        flags: Default::default(),
    };
    sim.send(DEVICE, &voice).await.expect("send voice");
    // A group we are in: the network refuses messages to groups from non-members.
    let group = sim
        .create_group(DEVICE, "Grup", &[to.jid()])
        .await
        .expect("group")
        .jid;
    let mut to_group = text("GROUP", &to, "hi all");
    to_group.to = group.clone();
    sim.send(DEVICE, &to_group).await.expect("send to group");
    let mut reaction = text("REACT", &to, "");
    reaction.content = MessageContent::Reaction {
        target_id: "VOICE".into(),
        emoji: "👍".into(),
    };
    sim.send(DEVICE, &reaction).await.expect("react");

    assert!(!rec.quiet_for(Duration::from_secs(600)).await.is_empty());
    let receipts: Vec<_> = rec.events().iter().filter_map(receipt).collect();
    let ids = |id: &str| vec![id.to_string()];
    assert_eq!(
        receipts,
        [
            (ids("VOICE"), ReceiptKind::Delivered),
            (ids("GROUP"), ReceiptKind::Delivered),
            (ids("VOICE"), ReceiptKind::Read),
            (ids("VOICE"), ReceiptKind::Played),
        ]
    );
    let kinds: Vec<_> = sim.sent_log().into_iter().map(|d| (d.kind, d.to)).collect();
    assert_eq!(
        kinds,
        [
            ("voice".to_string(), to.jid().to_string()),
            ("text".into(), group.to_string()),
            ("reaction".into(), to.jid().to_string()),
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn numbers_not_on_whatsapp_are_rejected() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    paired(&sim, &rec).await;
    let absent = phone("081200000000");
    let present = phone("081211111111");
    sim.set_absent(absent.clone());
    let err = sim
        .send(DEVICE, &text("X", &absent, "hi"))
        .await
        .expect_err("absent");
    assert_eq!(
        err,
        EngineError::Rejected("+6281200000000 is not on WhatsApp".into())
    );
    assert!(sim.sent_log().is_empty());

    let found = sim
        .on_whatsapp(DEVICE, &[absent.clone(), present.clone()])
        .await
        .expect("lookup");
    assert_eq!(
        found,
        [
            OnWhatsapp {
                phone: absent,
                exists: false,
                jid: None,
                lid: None,
            },
            OnWhatsapp {
                phone: present.clone(),
                exists: true,
                jid: Some(present.jid()),
                lid: Some(crate::messaging::sim_lid(&present)),
            },
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn nothing_goes_out_while_not_connected() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    let to = phone("081234567890");
    assert_eq!(
        sim.send(DEVICE, &text("A", &to, "x")).await,
        Err(EngineError::NotConnected)
    );
    sim.start(DEVICE, rec.clone()).await.expect("start");
    // Showing a QR is not connected either.
    assert_eq!(
        sim.send(DEVICE, &text("A", &to, "x")).await,
        Err(EngineError::NotConnected)
    );
    assert_eq!(
        sim.typing(DEVICE, &to.jid(), true).await,
        Err(EngineError::NotConnected)
    );
    assert_eq!(
        sim.mark_read(DEVICE, &to.jid(), None, &["A".into()]).await,
        Err(EngineError::NotConnected)
    );
    assert_eq!(
        sim.on_whatsapp(DEVICE, std::slice::from_ref(&to)).await,
        Err(EngineError::NotConnected)
    );
    sim.scan(DEVICE, None).await.expect("scan");
    sim.typing(DEVICE, &to.jid(), true).await.expect("typing");
    sim.mark_read(DEVICE, &to.jid(), None, &["A".into()])
        .await
        .expect("mark read");
    sim.stop(DEVICE).await.expect("stop");
    assert_eq!(
        sim.send(DEVICE, &text("A", &to, "x")).await,
        Err(EngineError::NotConnected)
    );
    assert!(sim.sent_log().is_empty());
}

#[tokio::test(start_paused = true)]
async fn virtual_contacts_auto_reply_and_echo() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    let me = paired(&sim, &rec).await;
    let bot = phone("081277776666");
    let echo = phone("081277775555");
    sim.add_account(bot.clone(), "Toko Bot", Some("Terima kasih!".into()));
    sim.add_account(echo.clone(), "Echo", Some("{echo}".into()));

    let sent_at = rec.now();
    sim.send(DEVICE, &text("M1", &bot, "halo"))
        .await
        .expect("send");
    sim.send(DEVICE, &text("M2", &echo, "apa kabar"))
        .await
        .expect("send");
    let (at, _) = rec.wait_nth(2, |e| message(e).is_some()).await;
    assert_eq!(at - sent_at, Duration::from_secs(2));

    let replies: Vec<_> = rec.events().iter().filter_map(message).cloned().collect();
    let bodies: Vec<_> = replies
        .iter()
        .map(|m| match &m.content {
            MessageContent::Text { body } => body.clone(),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(bodies, ["Terima kasih!", "echo: apa kabar"]);
    let reply = &replies[0];
    assert!(
        reply.id.starts_with("SIM") && reply.id.len() == 27,
        "{}",
        reply.id
    );
    assert!(reply.id[3..].chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(
        (reply.chat.clone(), reply.sender.clone()),
        (bot.jid(), bot.jid())
    );
    assert_eq!(reply.sender_phone, Some(bot.clone()));
    assert_eq!(reply.push_name.as_deref(), Some("Toko Bot"));
    assert!(!reply.from_me && reply.quoted_id.is_none());
    assert_eq!(sim.inbox(&bot)[0].from, me.jid().to_string());
}

#[tokio::test(start_paused = true)]
async fn messages_for_an_offline_device_wait_for_it() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    let me = paired(&sim, &rec).await;
    sim.stop(DEVICE).await.expect("stop");
    let friend = phone("081255554444");
    let id = sim
        .account_send(&friend, &me, "are you there?")
        .await
        .expect("account send");
    assert!(rec
        .quiet_for(Duration::from_secs(60))
        .await
        .iter()
        .all(|e| message(e).is_none()));

    let rec = Recorder::new();
    sim.start(DEVICE, rec.clone()).await.expect("start");
    rec.wait_for(|e| message(e).is_some()).await;
    let events = rec.events();
    assert!(
        matches!(events[1], EngineEvent::Connected { .. }),
        "{events:?}"
    );
    let delivered = message(&events[2]).expect("message after connect");
    assert_eq!(delivered.id, id);
    assert_eq!(delivered.sender_phone, Some(friend.clone()));
    assert_eq!(delivered.push_name.as_deref(), Some("Sim +6281255554444"));
    assert!(rec.quiet_for(Duration::from_secs(600)).await.is_empty());
}

/// What waited for the device is handed over in one batch, in order (issue #19: so that the
/// gateway can store it in one write).
#[tokio::test(start_paused = true)]
async fn messages_that_waited_are_handed_over_together_in_order() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    let me = paired(&sim, &rec).await;
    sim.stop(DEVICE).await.expect("stop");
    let friend = phone("081255554444");
    let mut sent = Vec::new();
    for i in 0..5 {
        sent.push(
            sim.account_send(&friend, &me, &format!("m{i}"))
                .await
                .expect("account send"),
        );
    }
    let rec = Recorder::new();
    sim.start(DEVICE, rec.clone()).await.expect("start");
    rec.wait_nth(5, |e| message(e).is_some()).await;
    let ids: Vec<_> = rec
        .events()
        .iter()
        .filter_map(message)
        .map(|m| m.id.clone())
        .collect();
    assert_eq!(ids, sent);
    assert_eq!(rec.batches(), [5], "one batch of five");
}

#[tokio::test(start_paused = true)]
async fn a_refused_message_is_retried_until_stored_exactly_once() {
    let (sim, _) = sim();
    let rec = Recorder::failing_messages(2);
    let me = paired(&sim, &rec).await;
    let friend = phone("081255554444");
    let first = sim.account_send(&friend, &me, "one").await.expect("send");
    let second = sim.account_send(&friend, &me, "two").await.expect("send");
    let (stored_at, _) = rec.wait_nth(2, |e| message(e).is_some()).await;

    let refused = rec.refused();
    let start = refused[0].0;
    assert_eq!(
        refused.iter().map(|(_, id)| id.clone()).collect::<Vec<_>>(),
        [first.clone(), first.clone()]
    );
    // Retried after 1 s, then 2 s; order kept, so the second waits for the first.
    assert_eq!(refused[1].0 - start, Duration::from_secs(1));
    assert_eq!(stored_at - start, Duration::from_secs(3));
    assert!(rec.quiet_for(Duration::from_secs(600)).await.is_empty());
    let ids: Vec<_> = rec
        .events()
        .iter()
        .filter_map(message)
        .map(|m| m.id.clone())
        .collect();
    assert_eq!(ids, [first, second]);

    // Accepted means gone from the network: a reconnect does not deliver it again.
    sim.stop(DEVICE).await.expect("stop");
    sim.start(DEVICE, rec.clone()).await.expect("start");
    assert!(rec
        .quiet_for(Duration::from_secs(600))
        .await
        .iter()
        .all(|e| message(e).is_none()));
}

#[tokio::test(start_paused = true)]
async fn delivery_gives_up_after_eight_attempts_until_the_next_connection() {
    let (sim, _) = sim();
    let rec = Recorder::failing_messages(9);
    let me = paired(&sim, &rec).await;
    let id = sim
        .account_send(&phone("081255554444"), &me, "hi")
        .await
        .expect("send");
    tokio::time::sleep(Duration::from_secs(600)).await;
    let refused = rec.refused();
    assert_eq!(refused.len(), 8);
    let gaps: Vec<u64> = refused
        .windows(2)
        .map(|w| (w[1].0 - w[0].0).as_secs())
        .collect();
    assert_eq!(gaps, [1, 2, 4, 8, 16, 30, 30]);

    // WhatsApp offers unacknowledged messages again on the next connection.
    sim.inject(DEVICE, crate::Fault::Disconnect)
        .await
        .expect("drop");
    let (_, event) = rec.wait_for(|e| message(e).is_some()).await;
    assert_eq!(message(&event).map(|m| m.id.clone()), Some(id));
    assert_eq!(rec.refused().len(), 9);
    let delivered = rec.events().iter().filter(|e| message(e).is_some()).count();
    assert_eq!(delivered, 1);
}

#[tokio::test(start_paused = true)]
async fn receipts_of_a_stopped_session_are_dropped() {
    let (sim, _) = sim();
    let rec = Recorder::new();
    paired(&sim, &rec).await;
    sim.send(DEVICE, &text("M1", &phone("081234567890"), "hi"))
        .await
        .expect("send");
    sim.stop(DEVICE).await.expect("stop");
    sim.start(DEVICE, rec.clone()).await.expect("start");
    rec.quiet_for(Duration::from_secs(600)).await;
    assert!(
        rec.events().iter().all(|e| receipt(e).is_none()),
        "{:?}",
        rec.events()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn busy_traffic_on_real_threads_arrives_once_each() {
    let ms = Duration::from_millis;
    let config = crate::SimConfig {
        connect_delay: ms(5),
        delivered_after: ms(5),
        read_after: ms(10),
        reply_after: ms(8),
        reconnect_base: ms(5),
        ..crate::SimConfig::default()
    };
    let (sim, _) = sim_with(config);
    let rec = Recorder::failing_messages(1);
    paired(&sim, &rec).await;
    let echo = phone("081277775555");
    sim.add_account(echo.clone(), "Echo", Some("{echo}".into()));
    for i in 0..20 {
        if i == 10 {
            sim.inject(DEVICE, crate::Fault::Disconnect)
                .await
                .expect("drop");
            rec.wait_nth(2, |e| matches!(e, EngineEvent::Connected { .. }))
                .await;
        }
        sim.send(DEVICE, &text(&format!("M{i}"), &echo, &format!("n{i}")))
            .await
            .expect("send");
    }
    rec.wait_nth(20, |e| message(e).is_some()).await;
    tokio::time::sleep(ms(50)).await;
    let mut bodies: Vec<_> = rec
        .events()
        .iter()
        .filter_map(message)
        .map(|m| match &m.content {
            MessageContent::Text { body } => body.clone(),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    bodies.sort();
    let mut expected: Vec<_> = (0..20).map(|i| format!("echo: n{i}")).collect();
    expected.sort();
    assert_eq!(bodies, expected);
    assert_eq!(sim.sent_log().len(), 20);
}
