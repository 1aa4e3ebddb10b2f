//! Profile photos, exports (pages by id, newest-first lists), and a device's AI settings, usage
//! and per-contact memory resets.

use chrono::{Duration, NaiveDate, Utc};
use gerbang_core::ai::{AiRecord, AiSettings, AiUsage};
use gerbang_core::audit::{AuditFilter, NewAuditEntry};
use gerbang_core::device::DeviceStatus;
use gerbang_core::export::{Cursor, DeviceExportFilter, MessageFilter, UserExportFilter};
use gerbang_core::message::{MessageStatus, NewMessage};
use gerbang_core::user::Role;
use serde_json::json;

use crate::contract_tests;
use crate::support::{text, TestStore};

contract_tests!(
    a_photo_is_replaced_whole,
    exports_page_by_id_with_their_filters,
    ai_settings_usage_and_memory_are_per_device,
);

async fn a_photo_is_replaced_whole(s: &TestStore) {
    let ani = s.user("ani").await;
    assert!(s.store.photo(ani.id).await.unwrap().is_none());
    s.store
        .set_photo(ani.id, "image/png", &[0x89, b'P', b'N', b'G', 0])
        .await
        .unwrap();
    s.store
        .set_photo(ani.id, "image/jpeg", &[0xFF, 0xD8, 0xFF, 0x00, 0x01])
        .await
        .unwrap();
    let p = s.store.photo(ani.id).await.unwrap().unwrap();
    assert_eq!(
        (p.mime.as_str(), p.data.as_slice()),
        ("image/jpeg", &[0xFF, 0xD8, 0xFF, 0x00, 0x01][..])
    );
}

async fn exports_page_by_id_with_their_filters(s: &TestStore) {
    let ani = s.user("ani").await;
    let budi = s.user("budi").await;
    let a = s.device(&ani, "dev-a").await;
    let b = s.device(&budi, "dev-b").await;
    for (i, (device, from_me)) in [(&a, false), (&a, true), (&a, false), (&b, false)]
        .iter()
        .enumerate()
    {
        s.store
            .insert_message(&NewMessage {
                status: if *from_me {
                    MessageStatus::Sent
                } else {
                    MessageStatus::Received
                },
                ..text(
                    device,
                    &format!("M{i}"),
                    "6281100000001",
                    *from_me,
                    &format!("pesan {i}"),
                )
            })
            .await
            .unwrap();
    }
    let mine = MessageFilter {
        owner: Some(ani.id),
        ..MessageFilter::default()
    };
    let first = s
        .store
        .messages_page(&mine, Cursor::After(0), 2)
        .await
        .unwrap();
    assert_eq!(
        first
            .iter()
            .map(|m| m.message_id.as_str())
            .collect::<Vec<_>>(),
        ["M0", "M1"]
    );
    let rest = s
        .store
        .messages_page(&mine, Cursor::After(first[1].id), 10)
        .await
        .unwrap();
    assert_eq!(
        rest.iter()
            .map(|m| m.message_id.as_str())
            .collect::<Vec<_>>(),
        ["M2"]
    );
    let newest = s
        .store
        .messages_page(&mine, Cursor::Before(None), 2)
        .await
        .unwrap();
    assert_eq!(
        newest
            .iter()
            .map(|m| m.message_id.as_str())
            .collect::<Vec<_>>(),
        ["M2", "M1"]
    );
    let older = s
        .store
        .messages_page(&mine, Cursor::Before(Some(newest[1].id)), 10)
        .await
        .unwrap();
    assert_eq!(
        older
            .iter()
            .map(|m| m.message_id.as_str())
            .collect::<Vec<_>>(),
        ["M0"]
    );
    let outbound = MessageFilter {
        from_me: Some(true),
        ..MessageFilter::default()
    };
    assert_eq!(
        s.store
            .messages_page(&outbound, Cursor::After(0), 10)
            .await
            .unwrap()
            .len(),
        1
    );
    let of_b = MessageFilter {
        device_id: Some(b.clone()),
        status: Some("received".into()),
        ..MessageFilter::default()
    };
    assert_eq!(
        s.store
            .messages_page(&of_b, Cursor::After(0), 10)
            .await
            .unwrap()[0]
            .message_id,
        "M3"
    );
    // Text search: any case, and `%` / `_` are letters, not wildcards.
    let found = |text: &str, owner: Option<i64>| {
        let f = MessageFilter {
            text: Some(text.into()),
            owner,
            ..MessageFilter::default()
        };
        async move {
            s.store
                .messages_page(&f, Cursor::Before(None), 10)
                .await
                .unwrap()
                .into_iter()
                .map(|m| m.message_id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(found("PESAN 2", None).await, ["M2"]);
    assert_eq!(found("pesan", Some(ani.id)).await, ["M2", "M1", "M0"]);
    assert!(found("pesan_", None).await.is_empty());
    assert!(found("%", None).await.is_empty());
    let future = MessageFilter {
        from: Some(Utc::now() + Duration::hours(1)),
        ..MessageFilter::default()
    };
    assert!(s
        .store
        .messages_page(&future, Cursor::After(0), 10)
        .await
        .unwrap()
        .is_empty());

    let users = s
        .store
        .users_after(&UserExportFilter::default(), 0, 10)
        .await
        .unwrap();
    assert_eq!(users.len(), 2);
    let after_ani = s
        .store
        .users_after(&UserExportFilter::default(), ani.id, 10)
        .await
        .unwrap();
    assert_eq!(
        after_ani.iter().map(|u| u.id).collect::<Vec<_>>(),
        [budi.id]
    );
    let admins = UserExportFilter {
        role: Some(Role::Admin),
        ..UserExportFilter::default()
    };
    assert!(s
        .store
        .users_after(&admins, 0, 10)
        .await
        .unwrap()
        .is_empty());

    let of_budi = DeviceExportFilter {
        owner: Some(budi.id),
        ..DeviceExportFilter::default()
    };
    assert_eq!(
        s.store.devices_after(&of_budi, 0, 10).await.unwrap()[0].device_id,
        b
    );
    let connected = DeviceExportFilter {
        status: Some(DeviceStatus::Connected),
        ..DeviceExportFilter::default()
    };
    assert!(s
        .store
        .devices_after(&connected, 0, 10)
        .await
        .unwrap()
        .is_empty());

    for action in ["user.create", "device.delete"] {
        s.store
            .append_audit(&NewAuditEntry {
                actor_id: Some(ani.id),
                actor_username: "ani".into(),
                action: action.into(),
                target_type: "user".into(),
                target_id: "1".into(),
                details: json!({}),
                ip: None,
            })
            .await
            .unwrap();
    }
    let all = s
        .store
        .audit_after(&AuditFilter::default(), 0, 10)
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["user.create", "device.delete"]
    );
    assert_eq!(
        s.store
            .audit_after(&AuditFilter::default(), all[0].id, 10)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn ai_settings_usage_and_memory_are_per_device(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let b = s.device(&ani, "dev-b").await;
    assert!(s.store.ai_record(&a).await.unwrap().is_none());
    let record = AiRecord {
        settings: AiSettings {
            enabled: true,
            system_prompt: Some("Jawab sopan".into()),
            ..AiSettings::default()
        },
        key_cipher: Some("bm9uY2U=.Y2lwaGVy".into()),
        key_hint: Some("…a1b2".into()),
        updated_at: None,
    };
    s.store.put_ai_record(&a, &record).await.unwrap();
    let kept = s.store.ai_record(&a).await.unwrap().unwrap();
    assert_eq!(kept.settings, record.settings);
    assert_eq!(
        (kept.key_cipher, kept.key_hint),
        (record.key_cipher.clone(), record.key_hint.clone())
    );
    assert!(kept.updated_at.is_some());
    let no_key = AiRecord {
        key_cipher: None,
        key_hint: None,
        ..record
    };
    s.store.put_ai_record(&a, &no_key).await.unwrap();
    assert!(s
        .store
        .ai_record(&a)
        .await
        .unwrap()
        .unwrap()
        .key_cipher
        .is_none());

    let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    s.store.add_ai_usage(&a, day, 1, 120).await.unwrap();
    s.store.add_ai_usage(&a, day, 1, 80).await.unwrap();
    s.store
        .add_ai_usage(&a, day.succ_opt().unwrap(), 1, 5)
        .await
        .unwrap();
    assert_eq!(
        s.store.ai_usage(&a, day).await.unwrap(),
        AiUsage {
            requests: 2,
            tokens: 200
        }
    );
    assert_eq!(s.store.ai_usage(&b, day).await.unwrap(), AiUsage::default());

    let budi = "6281100000001@s.whatsapp.net";
    assert!(s
        .store
        .ai_memory_reset_at(&a, budi)
        .await
        .unwrap()
        .is_none());
    let at = Utc::now();
    s.store
        .reset_ai_memory(&a, budi, at - Duration::hours(1))
        .await
        .unwrap();
    s.store.reset_ai_memory(&a, budi, at).await.unwrap();
    let reset = s.store.ai_memory_reset_at(&a, budi).await.unwrap().unwrap();
    assert!((reset - at).num_milliseconds().abs() < 5);
    assert!(s
        .store
        .ai_memory_reset_at(&b, budi)
        .await
        .unwrap()
        .is_none());
}
