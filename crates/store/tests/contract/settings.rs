//! Per-device and per-user settings, and the cursors of the event sinks.

use gerbang_core::engine::EngineKind;
use gerbang_core::event::NewEvent;
use gerbang_core::store::CallSettings;
use serde_json::json;

use crate::contract_tests;
use crate::support::TestStore;

contract_tests!(
    an_engine_session_is_kept_per_device_and_engine,
    device_settings_default_then_keep_what_was_set,
    a_default_device_is_per_user_or_global,
    a_sink_starts_at_the_end_of_the_log_and_moves_by_compare_and_set,
);

async fn an_engine_session_is_kept_per_device_and_engine(s: &TestStore) {
    s.store.ping().await.unwrap();
    let expected = if s.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(s.store.backend(), expected);
    let pool = s.store.pool_usage();
    assert!(pool.max >= 1 && pool.size <= pool.max, "{pool:?}");
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    assert!(s
        .store
        .load_session(&a, EngineKind::Sim)
        .await
        .unwrap()
        .is_none());
    s.store
        .save_session(&a, EngineKind::Sim, b"first\0state")
        .await
        .unwrap();
    s.store
        .save_session(&a, EngineKind::Sim, b"second\0state")
        .await
        .unwrap();
    assert_eq!(
        s.store
            .load_session(&a, EngineKind::Sim)
            .await
            .unwrap()
            .as_deref(),
        Some(&b"second\0state"[..])
    );
    s.store.delete_session(&a).await.unwrap();
    assert!(s
        .store
        .load_session(&a, EngineKind::Sim)
        .await
        .unwrap()
        .is_none());
}

async fn device_settings_default_then_keep_what_was_set(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;

    assert_eq!(
        s.store.call_settings(&a).await.unwrap(),
        CallSettings::default()
    );
    let reject = CallSettings {
        reject_calls: true,
        reject_message: Some("Maaf, tidak menerima telepon".into()),
    };
    s.store.set_call_settings(&a, &reject).await.unwrap();
    assert_eq!(s.store.call_settings(&a).await.unwrap(), reject);
    let off = CallSettings {
        reject_calls: false,
        reject_message: None,
    };
    s.store.set_call_settings(&a, &off).await.unwrap();
    assert_eq!(
        s.store.call_settings(&a).await.unwrap(),
        off,
        "an update, not a second row"
    );

    assert!(!s.store.history_sync(&a).await.unwrap());
    s.store.set_history_sync(&a, true).await.unwrap();
    assert!(s.store.history_sync(&a).await.unwrap());
    s.store.set_history_sync(&a, false).await.unwrap();
    assert!(!s.store.history_sync(&a).await.unwrap());

    assert!(s.store.device_proxy(&a).await.unwrap().is_none());
    s.store
        .set_device_proxy(&a, Some("socks5://127.0.0.1:1080"))
        .await
        .unwrap();
    assert_eq!(
        s.store.device_proxy(&a).await.unwrap().as_deref(),
        Some("socks5://127.0.0.1:1080")
    );
    s.store.set_device_proxy(&a, None).await.unwrap();
    assert!(s.store.device_proxy(&a).await.unwrap().is_none());
}

async fn a_default_device_is_per_user_or_global(s: &TestStore) {
    let ani = s.user("ani").await;
    let budi = s.user("budi").await;
    let a = s.device(&ani, "dev-a").await;
    let b = s.device(&budi, "dev-b").await;
    assert!(s
        .store
        .default_device(Some(ani.id))
        .await
        .unwrap()
        .is_none());
    s.store
        .set_default_device(Some(ani.id), Some(&a))
        .await
        .unwrap();
    s.store.set_default_device(None, Some(&b)).await.unwrap();
    assert_eq!(
        s.store.default_device(Some(ani.id)).await.unwrap(),
        Some(a.clone())
    );
    assert_eq!(s.store.default_device(None).await.unwrap(), Some(b.clone()));
    assert!(s
        .store
        .default_device(Some(budi.id))
        .await
        .unwrap()
        .is_none());
    s.store
        .set_default_device(Some(ani.id), None)
        .await
        .unwrap();
    assert!(s
        .store
        .default_device(Some(ani.id))
        .await
        .unwrap()
        .is_none());
    assert_eq!(s.store.default_device(None).await.unwrap(), Some(b));
}

async fn a_sink_starts_at_the_end_of_the_log_and_moves_by_compare_and_set(s: &TestStore) {
    let before = NewEvent {
        event_type: "x",
        device_id: None,
        user_id: None,
        chat_jid: None,
        data: json!({}),
    };
    let first = s.store.append_event(&before).await.unwrap();
    let start = s.store.sink_cursor("nats").await.unwrap();
    assert_eq!(
        start, first.id,
        "a new sink starts after what is already in the log"
    );
    let next = s.store.append_event(&before).await.unwrap();
    assert_eq!(
        s.store.sink_cursor("nats").await.unwrap(),
        start,
        "read again, not moved"
    );
    assert_eq!(
        s.store.sink_cursor("amqp").await.unwrap(),
        next.id,
        "each sink its own"
    );
    assert!(s
        .store
        .advance_sink_cursor("nats", start, next.id)
        .await
        .unwrap());
    assert!(
        !s.store
            .advance_sink_cursor("nats", start, next.id)
            .await
            .unwrap(),
        "another node moved it first"
    );
    assert_eq!(s.store.sink_cursor("nats").await.unwrap(), next.id);
}
