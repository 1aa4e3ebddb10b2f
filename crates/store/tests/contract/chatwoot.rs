//! The Chatwoot bridge's configuration, conversations and message ledger.

use chrono::Utc;
use gerbang_core::chatwoot::{ChatwootConfig, ChatwootConversation, ChatwootMessageState};

use crate::contract_tests;
use crate::support::TestStore;

contract_tests!(the_chatwoot_bridge_remembers_each_message_once);

async fn the_chatwoot_bridge_remembers_each_message_once(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    assert!(s.store.chatwoot_config(&a).await.unwrap().is_none());
    let config = ChatwootConfig {
        device_id: a.clone(),
        base_url: "http://127.0.0.1:3000".into(),
        account_id: 1,
        inbox_id: 4,
        token_cipher: "bm9uY2U=.c2VjcmV0".into(),
        token_hint: "…wxyz".into(),
        webhook_token_hash: "hash".into(),
        enabled: true,
        last_error: None,
        last_error_at: None,
        updated_at: Utc::now(),
    };
    s.store.put_chatwoot_config(&config).await.unwrap();
    assert_eq!(
        s.store.chatwoot_devices().await.unwrap(),
        std::slice::from_ref(&a)
    );
    s.store
        .set_chatwoot_error(&a, "401 from Chatwoot")
        .await
        .unwrap();
    let kept = s.store.chatwoot_config(&a).await.unwrap().unwrap();
    assert_eq!(
        (kept.inbox_id, kept.last_error.as_deref()),
        (4, Some("401 from Chatwoot"))
    );
    assert!(kept.last_error_at.is_some());
    s.store
        .put_chatwoot_config(&ChatwootConfig {
            enabled: false,
            ..config.clone()
        })
        .await
        .unwrap();
    let kept = s.store.chatwoot_config(&a).await.unwrap().unwrap();
    assert!(
        kept.last_error.is_none(),
        "a new configuration clears the error"
    );
    assert!(
        s.store.chatwoot_devices().await.unwrap().is_empty(),
        "disabled"
    );

    let phone = "6281100000001";
    assert!(s
        .store
        .chatwoot_conversation(&a, phone)
        .await
        .unwrap()
        .is_none());
    let conv = ChatwootConversation {
        contact_id: 7,
        conversation_id: 42,
    };
    s.store
        .save_chatwoot_conversation(&a, phone, conv)
        .await
        .unwrap();
    assert_eq!(
        s.store.chatwoot_conversation(&a, phone).await.unwrap(),
        Some(conv)
    );
    assert_eq!(
        s.store.chatwoot_phone(&a, 42).await.unwrap().as_deref(),
        Some(phone)
    );
    s.store
        .forget_chatwoot_conversation(&a, phone)
        .await
        .unwrap();
    assert!(s.store.chatwoot_phone(&a, 42).await.unwrap().is_none());

    let record = |id, state, cw, err| s.store.record_chatwoot_message(&a, id, state, cw, err);
    assert!(record("WA1", ChatwootMessageState::Posted, Some(100), None)
        .await
        .unwrap());
    assert!(
        !record("WA1", ChatwootMessageState::Posted, Some(100), None)
            .await
            .unwrap(),
        "once"
    );
    assert!(
        record("WA2", ChatwootMessageState::FromChatwoot, Some(101), None)
            .await
            .unwrap()
    );
    assert!(
        record("WA3", ChatwootMessageState::Failed, None, Some("timed out"))
            .await
            .unwrap()
    );
    assert!(s.store.chatwoot_message_known(&a, "WA1").await.unwrap());
    assert!(!s.store.chatwoot_message_known(&a, "WA9").await.unwrap());
    assert!(s.store.chatwoot_id_known(&a, 101).await.unwrap());
    assert!(!s.store.chatwoot_id_known(&a, 999).await.unwrap());
    assert_eq!(s.store.chatwoot_failures(&a).await.unwrap(), 1);

    assert!(s.store.delete_chatwoot_config(&a).await.unwrap());
    assert!(!s.store.delete_chatwoot_config(&a).await.unwrap());
}
