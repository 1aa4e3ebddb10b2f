//! The auto-reply bot: its settings, ordered rules with hit counts, hand-offs to a person, and
//! the decision log that makes sure an inbound message is answered at most once.

use chrono::{Duration, NaiveDate, Utc};
use gerbang_core::bot::{BotConfig, BotLogFilter, MatchType, NewBotLog, RuleSpec};
use gerbang_core::message::NewMessage;

use crate::contract_tests;
use crate::support::{text, TestStore};

contract_tests!(
    bot_rules_keep_their_order_and_hits,
    hand_offs_and_decisions_are_kept_once_per_contact_and_message,
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
