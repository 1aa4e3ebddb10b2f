//! Users, refresh tokens, devices, API keys and the audit log.

use chrono::{Duration, Utc};
use gerbang_core::audit::{AuditFilter, NewAuditEntry};
use gerbang_core::device::{DeviceFilter, DeviceState, DeviceStatus, NewApiKey};
use gerbang_core::engine::EngineKind;
use gerbang_core::page::PageRequest;
use gerbang_core::user::{Role, UserFilter, UserPatch};
use gerbang_core::StoreError;
use serde_json::json;

use crate::contract_tests;
use crate::support::TestStore;

contract_tests!(
    users_are_created_found_changed_listed_and_deleted,
    a_spent_refresh_token_cannot_be_spent_again_and_families_revoke_together,
    devices_are_listed_by_owner_and_report_their_state,
    api_keys_are_found_by_hash_touched_and_revoked,
    the_audit_log_filters_and_offers_its_values,
    searches_take_like_wildcards_literally,
    a_device_state_that_changes_nothing_shown_is_no_event,
    a_session_belongs_to_the_engine_that_saved_it,
);

async fn users_are_created_found_changed_listed_and_deleted(s: &TestStore) {
    let ani = s.user("ani").await;
    let budi = s.user("budi").await;
    assert_eq!((ani.role, ani.is_active), (Role::User, true));
    assert_eq!(s.store.user(ani.id).await.unwrap().unwrap().username, "ani");
    let by_email = s
        .store
        .user_by_login("ANI@example.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_email.id, ani.id, "login by email, any case");
    assert_eq!(
        s.store.user_by_login("Budi").await.unwrap().unwrap().id,
        budi.id
    );
    assert!(s.store.user_by_login("nobody").await.unwrap().is_none());
    let dup = gerbang_core::user::NewUser {
        username: "ani".into(),
        email: "other@example.test".into(),
        full_name: "Other".into(),
        password_hash: "x".into(),
        role: Role::User,
        is_active: true,
    };
    assert!(matches!(
        s.store.create_user(&dup).await,
        Err(StoreError::Conflict("username"))
    ));

    assert_eq!(
        s.store.password_hash(ani.id).await.unwrap().as_deref(),
        Some("not-a-real-hash")
    );
    assert!(s.store.set_password(ani.id, "new-hash").await.unwrap());
    assert_eq!(
        s.store.password_hash(ani.id).await.unwrap().as_deref(),
        Some("new-hash")
    );
    assert!(!s.store.set_password(9_999, "x").await.unwrap());

    let patch = UserPatch {
        full_name: Some("Ani Wijaya".into()),
        role: Some(Role::Admin),
        time_zone: Some("Asia/Makassar".into()),
        ..UserPatch::default()
    };
    let changed = s.store.update_user(ani.id, &patch).await.unwrap().unwrap();
    assert_eq!(
        (changed.full_name.as_str(), changed.role),
        ("Ani Wijaya", Role::Admin)
    );
    assert_eq!(changed.time_zone, "Asia/Makassar");
    assert_eq!(changed.email, "ani@example.test", "untouched");
    assert!(s.store.update_user(9_999, &patch).await.unwrap().is_none());

    let at = Utc::now();
    s.store.record_login(budi.id, at).await.unwrap();
    let seen = s
        .store
        .user(budi.id)
        .await
        .unwrap()
        .unwrap()
        .last_login
        .unwrap();
    assert!((seen - at).num_milliseconds().abs() < 5, "{seen} vs {at}");

    assert_eq!(s.store.count_users().await.unwrap(), 2);
    assert_eq!(s.store.count_admins(true).await.unwrap(), 1);
    let locked = UserPatch {
        is_active: Some(false),
        ..UserPatch::default()
    };
    s.store.update_user(ani.id, &locked).await.unwrap();
    assert_eq!(s.store.count_admins(true).await.unwrap(), 0);
    assert_eq!(s.store.count_admins(false).await.unwrap(), 1);

    let page = s
        .store
        .list_users(&UserFilter {
            search: Some("WIJAYA".into()),
            ..UserFilter::default()
        })
        .await
        .unwrap();
    assert_eq!((page.total, page.items[0].id), (1, ani.id));
    let active = UserFilter {
        is_active: Some(true),
        page: PageRequest::new(1, 1),
        ..UserFilter::default()
    };
    let page = s.store.list_users(&active).await.unwrap();
    assert_eq!((page.total, page.items.len(), page.total_pages), (1, 1, 1));
    let second = UserFilter {
        page: PageRequest::new(2, 1),
        ..UserFilter::default()
    };
    let page = s.store.list_users(&second).await.unwrap();
    assert_eq!((page.total, page.items.len(), page.total_pages), (2, 1, 2));

    assert!(s.store.delete_user(budi.id).await.unwrap());
    assert!(!s.store.delete_user(budi.id).await.unwrap());
    assert!(s.store.user(budi.id).await.unwrap().is_none());
}

async fn a_spent_refresh_token_cannot_be_spent_again_and_families_revoke_together(s: &TestStore) {
    let ani = s.user("ani").await;
    let later = Utc::now() + Duration::days(30);
    for (hash, family) in [("h1", "f1"), ("h2", "f1"), ("h3", "f2"), ("h4", "f3")] {
        s.store
            .insert_refresh_token(hash, ani.id, family, later)
            .await
            .unwrap();
    }
    let t1 = s.store.refresh_token("h1").await.unwrap().unwrap();
    assert_eq!((t1.user_id, t1.family_id.as_str()), (ani.id, "f1"));
    assert!(t1.used_at.is_none() && t1.revoked_at.is_none());
    assert!(s.store.refresh_token("missing").await.unwrap().is_none());

    let now = Utc::now();
    assert!(
        s.store.spend_refresh_token(t1.id, now).await.unwrap(),
        "first use"
    );
    assert!(
        !s.store.spend_refresh_token(t1.id, now).await.unwrap(),
        "second use refused"
    );
    assert!(s
        .store
        .refresh_token("h1")
        .await
        .unwrap()
        .unwrap()
        .used_at
        .is_some());

    s.store.revoke_refresh_family("f1", now).await.unwrap();
    assert!(s
        .store
        .refresh_token("h2")
        .await
        .unwrap()
        .unwrap()
        .revoked_at
        .is_some());
    assert!(
        s.store
            .refresh_token("h3")
            .await
            .unwrap()
            .unwrap()
            .revoked_at
            .is_none(),
        "other family"
    );

    s.store
        .revoke_user_refresh_tokens(ani.id, now)
        .await
        .unwrap();
    for hash in ["h3", "h4"] {
        assert!(s
            .store
            .refresh_token(hash)
            .await
            .unwrap()
            .unwrap()
            .revoked_at
            .is_some());
    }
}

async fn devices_are_listed_by_owner_and_report_their_state(s: &TestStore) {
    let ani = s.user("ani").await;
    let budi = s.user("budi").await;
    let a1 = s.device(&ani, "toko-ani-1").await;
    s.device(&ani, "toko-ani-2").await;
    let b1 = s.device(&budi, "toko-budi").await;
    let d = s.store.device(&a1).await.unwrap().unwrap();
    assert_eq!((d.user_id, d.status), (ani.id, DeviceStatus::Disconnected));
    assert!(s.store.device("nope").await.unwrap().is_none());
    assert_eq!(s.store.count_user_devices(ani.id).await.unwrap(), 2);

    let mine = DeviceFilter {
        owner: Some(ani.id),
        ..DeviceFilter::default()
    };
    assert_eq!(s.store.list_devices(&mine).await.unwrap().total, 2);
    let all = s
        .store
        .list_devices(&DeviceFilter::default())
        .await
        .unwrap();
    assert_eq!(all.total, 3);
    let search = DeviceFilter {
        search: Some("budi".into()),
        ..DeviceFilter::default()
    };
    let found = s.store.list_devices(&search).await.unwrap();
    assert_eq!(
        found
            .items
            .iter()
            .map(|d| d.device_id.as_str())
            .collect::<Vec<_>>(),
        [b1.as_str()]
    );

    let state = DeviceState {
        status: Some(DeviceStatus::Connected),
        phone_number: Some(Some("6281234567890".into())),
        push_name: Some(Some("Toko Ani".into())),
        last_seen: Some(Utc::now()),
        ..DeviceState::default()
    };
    let event = s.store.update_device_state(&a1, &state).await.unwrap();
    assert!(event.is_some(), "a status change is an event");
    let d = s.store.device(&a1).await.unwrap().unwrap();
    assert_eq!(d.status, DeviceStatus::Connected);
    assert_eq!(d.phone_number.as_deref(), Some("6281234567890"));
    assert_eq!(d.push_name.as_deref(), Some("Toko Ani"));
    let connected = DeviceFilter {
        status: Some(DeviceStatus::Connected),
        ..DeviceFilter::default()
    };
    assert_eq!(s.store.list_devices(&connected).await.unwrap().total, 1);
    let cleared = DeviceState {
        push_name: Some(None),
        ..DeviceState::default()
    };
    s.store.update_device_state(&a1, &cleared).await.unwrap();
    let d = s.store.device(&a1).await.unwrap().unwrap();
    assert_eq!(
        (d.push_name, d.status),
        (None, DeviceStatus::Connected),
        "only what was given"
    );
    assert!(s
        .store
        .update_device_state("nope", &state)
        .await
        .unwrap()
        .is_none());

    assert!(s
        .store
        .auto_connect_devices()
        .await
        .unwrap()
        .iter()
        .all(|d| d.device_id != b1));
    s.store.set_auto_connect(&b1, true).await.unwrap();
    assert!(s
        .store
        .auto_connect_devices()
        .await
        .unwrap()
        .iter()
        .any(|d| d.device_id == b1));
    s.store.set_auto_connect(&b1, false).await.unwrap();
    assert!(s
        .store
        .auto_connect_devices()
        .await
        .unwrap()
        .iter()
        .all(|d| d.device_id != b1));

    assert!(s.store.delete_device(&b1).await.unwrap());
    assert!(!s.store.delete_device(&b1).await.unwrap());
    assert_eq!(s.store.count_user_devices(budi.id).await.unwrap(), 0);
}

async fn api_keys_are_found_by_hash_touched_and_revoked(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "dev-a").await;
    let new = |name: &str, hash: &str| NewApiKey {
        device_id: a.clone(),
        name: name.into(),
        prefix: format!("gbk_{name}"),
        key_hash: hash.into(),
        created_by: ani.id,
    };
    let k1 = s
        .store
        .create_api_key(&new("kasir", "hash-1"))
        .await
        .unwrap();
    s.store
        .create_api_key(&new("gudang", "hash-2"))
        .await
        .unwrap();
    assert!(matches!(
        s.store.create_api_key(&new("lagi", "hash-1")).await,
        Err(StoreError::Conflict("key"))
    ));
    assert_eq!(s.store.list_api_keys(&a).await.unwrap().len(), 2);
    let (found, owner) = s.store.api_key_by_hash("hash-1").await.unwrap().unwrap();
    assert_eq!((found.id, owner, found.last_used_at), (k1.id, ani.id, None));
    let at = Utc::now();
    s.store.touch_api_key(k1.id, at).await.unwrap();
    let used = s
        .store
        .api_key_by_hash("hash-1")
        .await
        .unwrap()
        .unwrap()
        .0
        .last_used_at
        .unwrap();
    assert!((used - at).num_milliseconds().abs() < 5);
    assert!(s.store.revoke_api_key(&a, k1.id).await.unwrap());
    assert!(!s.store.revoke_api_key(&a, k1.id).await.unwrap());
    assert!(s.store.api_key_by_hash("hash-1").await.unwrap().is_none());
    assert_eq!(s.store.list_api_keys(&a).await.unwrap().len(), 1);
    assert!(!s.store.revoke_api_key("other-device", k1.id).await.unwrap());
}

async fn the_audit_log_filters_and_offers_its_values(s: &TestStore) {
    let ani = s.user("ani").await;
    for (action, target) in [
        ("user.create", "7"),
        ("user.lock", "7"),
        ("device.delete", "dev-x"),
    ] {
        s.store
            .append_audit(&NewAuditEntry {
                actor_id: Some(ani.id),
                actor_username: "ani".into(),
                action: action.into(),
                target_type: action.split('.').next().unwrap().into(),
                target_id: target.into(),
                details: json!({ "why": "test" }),
                ip: Some("127.0.0.1".into()),
            })
            .await
            .unwrap();
    }
    let all = s.store.list_audit(&AuditFilter::default()).await.unwrap();
    assert_eq!(all.total, 3);
    assert_eq!(all.items[0].action, "device.delete", "newest first");
    let users = AuditFilter {
        target_type: Some("user".into()),
        ..AuditFilter::default()
    };
    assert_eq!(s.store.list_audit(&users).await.unwrap().total, 2);
    let one = AuditFilter {
        action: Some("user.lock".into()),
        target_id: Some("7".into()),
        ..AuditFilter::default()
    };
    let got = s.store.list_audit(&one).await.unwrap();
    assert_eq!(
        (got.total, got.items[0].details["why"].as_str()),
        (1, Some("test"))
    );
    let future = AuditFilter {
        from: Some(Utc::now() + Duration::hours(1)),
        ..AuditFilter::default()
    };
    assert_eq!(s.store.list_audit(&future).await.unwrap().total, 0);
    let values = s.store.audit_filter_values().await.unwrap();
    assert_eq!(values.actions.len(), 3);
    assert!(values.target_types.contains(&"device".to_string()));
    assert!(values.actors.iter().any(|a| a.id == Some(ani.id)));
}

async fn searches_take_like_wildcards_literally(s: &TestStore) {
    let under = s.user("a_b").await;
    let other = s.user("axb").await;
    let found = s
        .store
        .list_users(&UserFilter {
            search: Some("A_B".into()),
            ..UserFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(
        found.items.iter().map(|u| u.id).collect::<Vec<_>>(),
        vec![under.id]
    );
    let percent = s
        .store
        .list_users(&UserFilter {
            search: Some("a%b".into()),
            ..UserFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(percent.total, 0, "% is no wildcard");

    let d = s.device(&other, "shop_1").await;
    s.device(&other, "shopx1").await;
    let found = s
        .store
        .list_devices(&DeviceFilter {
            search: Some("SHOP_".into()),
            ..DeviceFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(
        found
            .items
            .iter()
            .map(|d| d.device_id.as_str())
            .collect::<Vec<_>>(),
        vec![d.as_str()]
    );
}

async fn a_device_state_that_changes_nothing_shown_is_no_event(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "toko-ani").await;
    let connected = DeviceState {
        status: Some(DeviceStatus::Connected),
        ..DeviceState::default()
    };
    let first = s.store.update_device_state(&a, &connected).await.unwrap();
    let event = first.expect("a status change is an event");
    assert_eq!(event.device_id.as_deref(), Some(a.as_str()));
    assert_eq!(event.user_id, Some(ani.id), "the device's owner");
    let written = s.store.device(&a).await.unwrap().unwrap().updated_at;
    assert!(s
        .store
        .update_device_state(&a, &connected)
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        s.store.device(&a).await.unwrap().unwrap().updated_at,
        written,
        "a report that changes nothing writes nothing"
    );
    // A push name is no status: stored, but not reported.
    let named = DeviceState {
        push_name: Some(Some("Toko\0Ani".into())),
        ..DeviceState::default()
    };
    assert!(s
        .store
        .update_device_state(&a, &named)
        .await
        .unwrap()
        .is_none());
    let d = s.store.device(&a).await.unwrap().unwrap();
    assert_eq!(
        (d.status, d.push_name.as_deref()),
        (DeviceStatus::Connected, Some("Toko\u{FFFD}Ani"))
    );
}

async fn a_session_belongs_to_the_engine_that_saved_it(s: &TestStore) {
    let ani = s.user("ani").await;
    let a = s.device(&ani, "toko-ani").await;
    s.store
        .save_session(&a, EngineKind::Sim, b"sim state")
        .await
        .unwrap();
    assert!(s
        .store
        .load_session(&a, EngineKind::Whatsapp)
        .await
        .unwrap()
        .is_none());
    // One session per device: another engine's save replaces it.
    s.store
        .save_session(&a, EngineKind::Whatsapp, b"wa state")
        .await
        .unwrap();
    assert!(s
        .store
        .load_session(&a, EngineKind::Sim)
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        s.store
            .load_session(&a, EngineKind::Whatsapp)
            .await
            .unwrap()
            .as_deref(),
        Some(&b"wa state"[..])
    );
}
