use reqwest::StatusCode;
use serde_json::json;

use crate::db_tests;
use crate::harness::{Backend, TestApp};

const DEVICES: &str = "/api/whatsapp-multi-device/devices";

db_tests!(
    admin_creates_devices_for_users,
    users_see_only_their_own_devices,
    status_and_delete,
    api_keys_act_on_their_own_device_only,
);

async fn admin_creates_devices_for_users(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("toko").await;
    let custom = app
        .post(
            DEVICES,
            app.admin(),
            json!({"deviceName": "Toko Utama", "userId": user.id, "deviceId": "toko-utama"}),
        )
        .await;
    assert_eq!(custom.status, StatusCode::CREATED, "{}", custom.body);
    assert_eq!(custom.data()["deviceId"], "toko-utama");
    assert_eq!(custom.data()["status"], "disconnected");
    assert_eq!(custom.data()["userId"], user.id);

    let generated = app
        .post(DEVICES, app.admin(), json!({"deviceName": "Cadangan"}))
        .await;
    let id = generated.data()["deviceId"].as_str().unwrap();
    assert!(
        id.starts_with("device-1-"),
        "owned by the creating admin: {id}"
    );

    let dup = app
        .post(
            DEVICES,
            app.admin(),
            json!({"deviceName": "Lagi", "deviceId": "toko-utama"}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert!(dup.field("deviceId").is_some(), "{}", dup.body);

    let bad = app
        .post(
            DEVICES,
            app.admin(),
            json!({"deviceName": " ", "deviceId": "has space", "userId": 4242}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    for f in ["deviceName", "deviceId", "userId"] {
        assert!(bad.field(f).is_some(), "{f}: {}", bad.body);
    }
    let missing = app.post(DEVICES, app.admin(), json!({})).await;
    assert!(missing.field("deviceName").is_some(), "{}", missing.body);
    let wrong_type = app
        .post(
            DEVICES,
            app.admin(),
            json!({"deviceName": "x", "userId": "two"}),
        )
        .await;
    assert!(wrong_type.field("userId").is_some(), "{}", wrong_type.body);

    let not_admin = app
        .post(DEVICES, Some(&user.token), json!({"deviceName": "Mine"}))
        .await;
    assert_eq!(not_admin.status, StatusCode::FORBIDDEN);
    let all = app.get(DEVICES, app.admin()).await;
    assert_eq!(all.data()["total"], 2, "refused requests created nothing");
}

async fn users_see_only_their_own_devices(b: Backend) {
    let app = TestApp::spawn(b).await;
    let a = app.user("ani").await;
    let c = app.user("cici").await;
    let dev_a = app.device(a.id, "Ani 1").await;
    app.device(a.id, "Ani 2").await;
    let dev_c = app.device(c.id, "Cici").await;

    let mine = app.get(DEVICES, Some(&a.token)).await;
    assert_eq!(mine.data()["total"], 2);
    assert!(mine.data()["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["userId"] == a.id));
    // A user cannot widen the filter to someone else's devices.
    let sneaky = app
        .get(&format!("{DEVICES}?userId={}", c.id), Some(&a.token))
        .await;
    assert_eq!(sneaky.data()["total"], 2);
    assert_eq!(app.get(DEVICES, app.admin()).await.data()["total"], 3);
    let of_c = app
        .get(&format!("{DEVICES}?userId={}", c.id), app.admin())
        .await;
    assert_eq!(of_c.data()["total"], 1);
    let search = app
        .get(&format!("{DEVICES}?search=ani%202"), app.admin())
        .await;
    assert_eq!(search.data()["total"], 1);
    let bad = app
        .get(&format!("{DEVICES}?status=online"), app.admin())
        .await;
    assert!(bad.field("status").is_some(), "{}", bad.body);
    let none = app
        .get(&format!("{DEVICES}?status=connected"), app.admin())
        .await;
    assert_eq!(none.data()["total"], 0);
    let connected = app
        .get(&format!("{DEVICES}/connected"), Some(&a.token))
        .await;
    assert_eq!(connected.status, StatusCode::OK);
    assert_eq!(connected.data()["total"], 0);

    assert_eq!(
        app.get(&format!("{DEVICES}/{dev_a}"), Some(&a.token))
            .await
            .status,
        StatusCode::OK
    );
    let other = app.get(&format!("{DEVICES}/{dev_c}"), Some(&a.token)).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    assert_eq!(other.code(), "forbidden");
    let unknown = app
        .get(&format!("{DEVICES}/nope-123"), Some(&a.token))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

async fn status_and_delete(b: Backend) {
    let app = TestApp::spawn(b).await;
    let u = app.user("wawan").await;
    let dev = app.device(u.id, "Wawan").await;
    let st = app
        .get(&format!("{DEVICES}/{dev}/status"), Some(&u.token))
        .await;
    assert_eq!(st.status, StatusCode::OK);
    assert_eq!(st.data()["status"], "disconnected");
    assert_eq!(st.data()["connected"], false);
    assert_eq!(st.data()["deviceId"], dev.as_str());

    assert_eq!(
        app.delete(&format!("{DEVICES}/{dev}"), Some(&u.token))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let (key, _) = app.api_key(&dev).await;
    assert_eq!(
        app.delete(&format!("{DEVICES}/{dev}"), app.admin())
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("{DEVICES}/{dev}"), app.admin())
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.delete(&format!("{DEVICES}/{dev}"), app.admin())
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Its keys went with it.
    let r = app.get(&format!("{DEVICES}/{dev}"), Some(&key)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

async fn api_keys_act_on_their_own_device_only(b: Backend) {
    let app = TestApp::spawn(b).await;
    let u = app.user("mesin").await;
    let other_user = app.user("lain").await;
    let dev = app.device(u.id, "Mesin").await;
    let dev2 = app.device(u.id, "Mesin 2").await;
    let foreign = app.device(other_user.id, "Lain").await;
    let keys = format!("{DEVICES}/{dev}/api-keys");

    let created = app
        .post(&keys, Some(&u.token), json!({"name": "CRM"}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let key = created.data()["key"].as_str().unwrap().to_string();
    assert!(key.starts_with("gbk_"));
    assert_eq!(created.data()["prefix"], &key[..12]);
    let key_id = created.data()["id"].as_i64().unwrap();

    let list = app.get(&keys, Some(&u.token)).await;
    assert_eq!(list.data().as_array().unwrap().len(), 1);
    assert!(
        !list.body.to_string().contains(&key),
        "the secret is shown once only"
    );

    assert_eq!(
        app.get(&format!("{DEVICES}/{dev}"), Some(&key))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("{DEVICES}/{dev}/status"), Some(&key))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("{DEVICES}/{dev2}"), Some(&key))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("{DEVICES}/{foreign}"), Some(&key))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(DEVICES, Some(&key)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/api/auth/profile", Some(&key)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(&keys, Some(&key), json!({"name": "more"}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let used = app.get(&keys, Some(&u.token)).await;
    assert!(used.data()[0]["lastUsedAt"].is_string());

    // Someone else's device: no keys for them.
    let r = app
        .post(
            &format!("{DEVICES}/{foreign}/api-keys"),
            Some(&u.token),
            json!({"name": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.post(&keys, Some(&u.token), json!({"name": ""})).await;
    assert!(r.field("name").is_some());

    let bogus = app
        .get(&format!("{DEVICES}/{dev}"), Some("gbk_not-a-real-key"))
        .await;
    assert_eq!(bogus.status, StatusCode::UNAUTHORIZED);
    assert_eq!(bogus.code(), "invalid_api_key");

    // Locking the owner stops the key; unlocking restores it.
    let owner_path = format!("/api/admin/users/{}", u.id);
    app.put(&owner_path, app.admin(), json!({"isActive": false}))
        .await;
    assert_eq!(
        app.get(&format!("{DEVICES}/{dev}"), Some(&key))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    app.put(&owner_path, app.admin(), json!({"isActive": true}))
        .await;

    let wrong_device = app
        .delete(
            &format!("{DEVICES}/{dev2}/api-keys/{key_id}"),
            Some(&u.token),
        )
        .await;
    assert_eq!(wrong_device.status, StatusCode::NOT_FOUND);
    let revoke = app
        .delete(&format!("{keys}/{key_id}"), Some(&u.token))
        .await;
    assert_eq!(revoke.status, StatusCode::OK);
    assert_eq!(
        app.get(&format!("{DEVICES}/{dev}"), Some(&key))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.delete(&format!("{keys}/{key_id}"), Some(&u.token))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&keys, Some(&u.token))
            .await
            .data()
            .as_array()
            .unwrap()
            .len(),
        0
    );
}
