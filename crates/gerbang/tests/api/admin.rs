use reqwest::StatusCode;
use serde_json::json;

use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(
    list_users_paginates_and_filters,
    create_update_reset_delete_user,
    admins_cannot_lock_demote_or_delete_themselves,
    audit_log_records_admin_actions,
);

async fn list_users_paginates_and_filters(b: Backend) {
    let app = TestApp::spawn(b).await;
    for i in 0..12 {
        let role = if i % 4 == 0 { "admin" } else { "user" };
        let r = app
            .post(
                "/api/admin/users",
                app.admin(),
                json!({"username": format!("pegawai{i:02}"), "email": format!("p{i}@toko.id"),
                       "password": "password123", "role": role, "isActive": i != 5}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let page = app
        .get("/api/admin/users?page=2&perPage=5", app.admin())
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.data()["total"], 13);
    assert_eq!(page.data()["totalPages"], 3);
    assert_eq!(page.data()["items"].as_array().unwrap().len(), 5);
    assert_eq!(page.data()["items"][0]["username"], "pegawai04");

    let admins = app
        .get("/api/admin/users?role=admin&perPage=100", app.admin())
        .await;
    assert_eq!(admins.data()["total"], 4, "admin + 3: {}", admins.body);
    let locked = app
        .get("/api/admin/users?isActive=false", app.admin())
        .await;
    assert_eq!(locked.data()["total"], 1);
    assert_eq!(locked.data()["items"][0]["username"], "pegawai05");
    let search = app.get("/api/admin/users?search=P1", app.admin()).await;
    assert_eq!(
        search.data()["total"],
        3,
        "emails p1@, p10@, p11@: {}",
        search.body
    );
    // LIKE wildcards in the term are literal.
    let wild = app.get("/api/admin/users?search=%25", app.admin()).await;
    assert_eq!(wild.data()["total"], 0);

    let bad = app.get("/api/admin/users?role=owner", app.admin()).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.field("role").is_some(), "{}", bad.body);
    let bad = app.get("/api/admin/users?page=abc", app.admin()).await;
    assert!(bad.field("page").is_some(), "{}", bad.body);
}

async fn create_update_reset_delete_user(b: Backend) {
    let app = TestApp::spawn(b).await;
    let c = app
        .post(
            "/api/admin/users",
            app.admin(),
            json!({"username": "kasir", "email": "kasir@toko.id", "password": "password123",
                   "fullName": "Kasir Satu"}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED);
    assert_eq!(c.data()["role"], "user");
    let id = c.data()["id"].as_i64().unwrap();
    let path = format!("/api/admin/users/{id}");
    assert_eq!(
        app.get(&path, app.admin()).await.data()["email"],
        "kasir@toko.id"
    );
    assert_eq!(
        app.get("/api/admin/users/99999", app.admin()).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(app
        .get("/api/admin/users/abc", app.admin())
        .await
        .field("userId")
        .is_some());

    let token = app.login("kasir", "password123").await.data()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let up = app
        .put(
            &path,
            app.admin(),
            json!({"role": "admin", "fullName": "Kepala Kasir"}),
        )
        .await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.body);
    assert_eq!(up.data()["role"], "admin");
    app.user("other").await;
    let taken = app
        .put(&path, app.admin(), json!({"email": "other@example.id"}))
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert!(taken.field("email").is_some());
    let bad = app
        .put(
            &path,
            app.admin(),
            json!({"password": "short", "role": "root"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.field("role").is_some(), "{}", bad.body);

    let reset = app
        .put(&path, app.admin(), json!({"password": "reset-by-admin"}))
        .await;
    assert_eq!(reset.status, StatusCode::OK);
    assert_eq!(
        app.get("/api/auth/profile", Some(&token)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("kasir", "password123").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("kasir", "reset-by-admin").await.status,
        StatusCode::OK
    );

    let del = app.delete(&path, app.admin()).await;
    assert_eq!(del.status, StatusCode::OK, "{}", del.body);
    assert_eq!(
        app.get(&path, app.admin()).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.delete(&path, app.admin()).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn admins_cannot_lock_demote_or_delete_themselves(b: Backend) {
    let app = TestApp::spawn(b).await;
    let me = app.get("/api/auth/profile", app.admin()).await.data()["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/admin/users/{me}");
    for body in [json!({"isActive": false}), json!({"role": "user"})] {
        let r = app.put(&path, app.admin(), body).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    }
    assert_eq!(
        app.delete(&path, app.admin()).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.get("/api/auth/profile", app.admin()).await.data()["role"],
        "admin"
    );

    // A user who owns a device cannot be deleted out from under it.
    let owner = app.user("pemilik").await;
    app.device(owner.id, "Toko").await;
    let r = app
        .delete(&format!("/api/admin/users/{}", owner.id), app.admin())
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
}

async fn audit_log_records_admin_actions(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("diaudit").await;
    let path = format!("/api/admin/users/{}", user.id);
    app.put(&path, app.admin(), json!({"isActive": false}))
        .await;
    app.put(&path, app.admin(), json!({"isActive": true})).await;
    app.put(&path, app.admin(), json!({"password": "a-new-password"}))
        .await;
    let device = app.device(user.id, "Kasir").await;
    app.delete(
        &format!("/api/whatsapp-multi-device/devices/{device}"),
        app.admin(),
    )
    .await;
    app.delete(&path, app.admin()).await;

    let logs = app.get("/api/admin/logs?perPage=100", app.admin()).await;
    assert_eq!(logs.status, StatusCode::OK);
    let actions: Vec<&str> = logs.data()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "user.delete",
            "device.delete",
            "device.create",
            "user.reset_password",
            "user.unlock",
            "user.lock"
        ],
        "newest first"
    );
    let entry = &logs.data()["items"][3];
    assert_eq!(entry["actorUsername"], "admin");
    assert_eq!(entry["targetType"], "user");
    assert_eq!(entry["targetId"], user.id.to_string());
    assert_eq!(entry["ip"], "127.0.0.1");
    assert!(
        !logs.body.to_string().contains("a-new-password"),
        "no secrets in the log"
    );

    let locks = app
        .get("/api/admin/logs?action=user.lock", app.admin())
        .await;
    assert_eq!(locks.data()["total"], 1);
    let devices = app
        .get("/api/admin/logs?targetType=device", app.admin())
        .await;
    assert_eq!(devices.data()["total"], 2);
    let future = app
        .get("/api/admin/logs?from=2999-01-01T00:00:00Z", app.admin())
        .await;
    assert_eq!(future.data()["total"], 0);
    let past = app
        .get("/api/admin/logs?to=2999-01-01T00:00:00Z", app.admin())
        .await;
    assert_eq!(past.data()["total"], 6);
    let bad = app.get("/api/admin/logs?from=yesterday", app.admin()).await;
    assert!(bad.field("from").is_some(), "{}", bad.body);

    let filters = app.get("/api/admin/logs/filters", app.admin()).await;
    assert_eq!(filters.status, StatusCode::OK);
    let list = |k: &str| filters.data()[k].as_array().unwrap().to_vec();
    assert_eq!(list("actions").len(), 6);
    assert_eq!(list("targetTypes"), [json!("device"), json!("user")]);
    assert_eq!(list("actors")[0]["username"], "admin");
}
