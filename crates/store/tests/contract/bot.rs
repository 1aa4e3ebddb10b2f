//! The auto-reply bot: its settings, ordered rules with hit counts, hand-offs to a person, and
//! the decision log that makes sure an inbound message is answered at most once.

use chrono::{Duration, NaiveDate, Utc};
use gerbang_core::bot::{BotConfig, BotLogFilter, MatchType, NewBotLog, RuleSpec};
use gerbang_core::message::NewMessage;
use gerbang_core::PageRequest;

use crate::contract_tests;
use crate::support::{text, TestStore};

contract_tests!(
    bot_rules_keep_their_order_and_hits,
    hand_offs_and_decisions_are_kept_once_per_contact_and_message,
    the_decision_log_lists_one_device_by_contact_and_action_newest_first_in_pages,
);

fn rule(name: &str, keyword: &str) -> RuleSpec {
    RuleSpec {
        name: name.into(),
        enabled: true,
        match_type: MatchType::Contains,
        keywords: vec![keyword.into()],
        pattern: None,
        case_sensitive: false,
        priority: 0,
        reply: format!("Jawaban untuk {keyword}"),
        media_url: None,
        groups: false,
        handoff: false,
        schedule: None,
    }
}

async fn bot_rules_keep_their_order_and_hits(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    assert!(s.store.bot_config(&a).await.unwrap().is_none());
    let config = BotConfig {
        enabled: true,
        welcome_message: Some("Selamat datang".into()),
        handoff_keywords: vec!["admin".into()],
        holidays: vec![NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()],
        ..BotConfig::default()
    };
    s.store.put_bot_config(&a, &config).await.unwrap();
    assert_eq!(s.store.bot_config(&a).await.unwrap(), Some(config));

    let harga = s
        .store
        .create_bot_rule(&a, &rule("Harga", "harga"))
        .await
        .unwrap();
    let ongkir = s
        .store
        .create_bot_rule(&a, &rule("Ongkir", "ongkir"))
        .await
        .unwrap();
    let jam = s
        .store
        .create_bot_rule(&a, &rule("Jam buka", "jam"))
        .await
        .unwrap();
    assert!(
        harga.position < ongkir.position && ongkir.position < jam.position,
        "appended at the end"
    );
    s.store
        .reorder_bot_rules(&a, &[jam.id, harga.id, ongkir.id])
        .await
        .unwrap();
    let order: Vec<i64> = s
        .store
        .bot_rules(&a)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(order, [jam.id, harga.id, ongkir.id]);

    let changed = RuleSpec {
        reply: "Harga mulai 10rb".into(),
        enabled: false,
        ..rule("Harga", "harga")
    };
    let updated = s
        .store
        .update_bot_rule(&a, harga.id, &changed)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(updated.spec, changed);
    assert!(
        s.store
            .update_bot_rule("other", harga.id, &changed)
            .await
            .unwrap()
            .is_none(),
        "another device's"
    );
    let at = Utc::now();
    s.store.count_bot_rule_hit(jam.id, at).await.unwrap();
    s.store.count_bot_rule_hit(jam.id, at).await.unwrap();
    let hit = s.store.bot_rule(&a, jam.id).await.unwrap().unwrap();
    assert_eq!(hit.hits, 2);
    assert!(hit.last_hit_at.is_some());
    assert!(s.store.delete_bot_rule(&a, ongkir.id).await.unwrap());
    assert!(!s.store.delete_bot_rule(&a, ongkir.id).await.unwrap());
    assert_eq!(s.store.bot_rules(&a).await.unwrap().len(), 2);
}

async fn hand_offs_and_decisions_are_kept_once_per_contact_and_message(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    s.store
        .put_bot_config(
            &a,
            &BotConfig {
                enabled: true,
                ..BotConfig::default()
            },
        )
        .await
        .unwrap();
    let budi = "6281100000001@s.whatsapp.net";
    let now = Utc::now();
    assert!(s.store.bot_handoff(&a, budi).await.unwrap().is_none());
    let h = s
        .store
        .start_bot_handoff(&a, budi, "keyword", now - Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(h.reason, "keyword");
    let again = s
        .store
        .start_bot_handoff(&a, budi, "agent_reply", now - Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        again.started_at, h.started_at,
        "a running hand-off records activity only"
    );
    s.store
        .start_bot_handoff(&a, "6281100000002@s.whatsapp.net", "keyword", now)
        .await
        .unwrap();
    s.store
        .touch_bot_handoff(&a, "6281100000002@s.whatsapp.net", now)
        .await
        .unwrap();
    assert_eq!(s.store.bot_handoffs(&a).await.unwrap().len(), 2);
    assert_eq!(
        s.store
            .end_idle_bot_handoffs(&a, now - Duration::minutes(30))
            .await
            .unwrap(),
        1
    );
    assert!(
        s.store.bot_handoff(&a, budi).await.unwrap().is_none(),
        "idle for an hour: ended"
    );
    assert!(s
        .store
        .end_bot_handoff(&a, "6281100000002@s.whatsapp.net")
        .await
        .unwrap());
    assert!(!s
        .store
        .end_bot_handoff(&a, "6281100000002@s.whatsapp.net")
        .await
        .unwrap());

    for id in ["IN1", "IN2", "IN3"] {
        s.store
            .insert_message(&NewMessage {
                timestamp: now,
                ..text(&a, id, "6281100000001", false, "harga?")
            })
            .await
            .unwrap();
    }
    assert_eq!(s.store.count_inbound_from(&a, budi).await.unwrap(), 3);
    let day = now.date_naive();
    let log = |inbound: &str, action: &str| NewBotLog {
        device_id: a.clone(),
        inbound_id: inbound.into(),
        contact_jid: budi.into(),
        action: action.into(),
        rule_id: None,
        detail: None,
        status: "pending".into(),
        day,
        created_at: now,
    };
    let first = s
        .store
        .claim_bot_inbound(&log("IN1", "rule"))
        .await
        .unwrap()
        .unwrap();
    assert!(
        s.store
            .claim_bot_inbound(&log("IN1", "rule"))
            .await
            .unwrap()
            .is_none(),
        "decided once"
    );
    s.store
        .claim_bot_inbound(&log("IN2", "skip"))
        .await
        .unwrap()
        .unwrap();
    s.store
        .finish_bot_log(first.id, "sent", Some("WA-REPLY"), Some("Harga"))
        .await
        .unwrap();

    let undecided = s
        .store
        .bot_undecided_inbound(now - Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(
        undecided
            .iter()
            .map(|m| m.message_id.as_str())
            .collect::<Vec<_>>(),
        ["IN3"]
    );
    let replies = s
        .store
        .bot_replies_since(&a, budi, now - Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(replies.len(), 1, "skips are not replies");
    assert_eq!(replies[0].reply_message_id.as_deref(), Some("WA-REPLY"));
    let logs = s
        .store
        .bot_logs(&a, &BotLogFilter::default())
        .await
        .unwrap();
    assert_eq!(logs.total, 2);
    let skips = BotLogFilter {
        action: Some("skip".into()),
        ..BotLogFilter::default()
    };
    assert_eq!(
        s.store.bot_logs(&a, &skips).await.unwrap().items[0].inbound_id,
        "IN2"
    );
    let counts = s.store.bot_day_counts(&a, day).await.unwrap();
    assert_eq!(counts.iter().map(|c| c.count).sum::<i64>(), 2);
}

async fn the_decision_log_lists_one_device_by_contact_and_action_newest_first_in_pages(
    s: &TestStore,
) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let b = s.device(&ani, "dev-b").await;
    let now = Utc::now();
    let log = |device: &str, inbound: &str, contact: &str, action: &str| NewBotLog {
        device_id: device.into(),
        inbound_id: inbound.into(),
        contact_jid: contact.into(),
        action: action.into(),
        rule_id: None,
        detail: None,
        status: "done".into(),
        day: now.date_naive(),
        created_at: now,
    };
    let budi = "6281111@s.whatsapp.net";
    let citra = "6282222@s.whatsapp.net";
    for (inbound, contact, action) in [
        ("M1", budi, "rule"),
        ("M2", citra, "rule"),
        ("M3", budi, "skip"),
        ("M4", budi, "rule"),
        ("M5", citra, "skip"),
    ] {
        s.store
            .claim_bot_inbound(&log(&a, inbound, contact, action))
            .await
            .unwrap()
            .unwrap();
    }
    s.store
        .claim_bot_inbound(&log(&b, "M1", budi, "rule"))
        .await
        .unwrap()
        .expect("the same inbound id on another device is its own decision");

    let list =
        |contact: Option<&str>, action: Option<&str>, page: u32, per_page: u32| BotLogFilter {
            contact_jid: contact.map(Into::into),
            action: action.map(Into::into),
            page: PageRequest::new(page, per_page),
        };
    let ids = |f: BotLogFilter| {
        let store = s.store.clone();
        let device = a.clone();
        async move {
            let got = store.bot_logs(&device, &f).await.unwrap();
            let ids: Vec<String> = got.items.into_iter().map(|l| l.inbound_id).collect();
            (got.total, ids)
        }
    };
    assert_eq!(
        ids(list(None, None, 1, 100)).await,
        (
            5,
            vec![
                "M5".into(),
                "M4".into(),
                "M3".into(),
                "M2".into(),
                "M1".into()
            ]
        ),
        "one device, newest first"
    );
    assert_eq!(
        ids(list(Some(budi), None, 1, 100)).await,
        (3, vec!["M4".into(), "M3".into(), "M1".into()])
    );
    assert_eq!(
        ids(list(Some(budi), Some("rule"), 1, 100)).await,
        (2, vec!["M4".into(), "M1".into()])
    );
    assert_eq!(
        ids(list(None, Some("skip"), 2, 1)).await,
        (2, vec!["M3".into()]),
        "the second page of one"
    );
    assert_eq!(
        ids(list(Some(citra), Some("none"), 1, 100)).await,
        (0, Vec::<String>::new())
    );
}
