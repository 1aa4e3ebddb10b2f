//! Administration: users, every device with its owner, the audit log, the cluster's nodes. Non-admins get a 403 page
//! (the `AdminPage` extractor).

use super::form::Form;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use gerbang_app::admin::{CreateUserInput, UpdateUserInput, UserQuery};
use gerbang_app::audit::AuditQuery;
use gerbang_app::devices::{CreateDeviceInput, DeviceQuery};
use gerbang_app::Principal;
use gerbang_core::audit::{AuditEntry, AuditFilterValues};
use gerbang_core::device::Device;
use gerbang_core::user::{Role, User};

use super::auth_pages::CsrfForm;
use super::echo::{with_status, Echo};
use super::pages::{done, fail, render, Chrome};
use super::send::urlencode;
use super::session::AdminPage;
use crate::auth::ClientIp;
use crate::AppState;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    search: Option<String>,
    page: Option<u32>,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    c: Chrome,
    users: Vec<User>,
    search: String,
    page: u32,
    total_pages: i64,
}

impl UsersPage {
    fn page_link(&self, page: u32) -> String {
        format!(
            "/admin/users?search={}&page={page}",
            urlencode(&self.search)
        )
    }
}

pub async fn users(
    State(s): State<AppState>,
    AdminPage(ctx, _): AdminPage,
    Query(q): Query<ListQuery>,
) -> Response {
    let search = q.search.unwrap_or_default();
    let uq = UserQuery {
        page: q.page,
        per_page: Some(25),
        search: Some(search.clone()).filter(|s| !s.trim().is_empty()),
        role: None,
        is_active: None,
    };
    match s.app.list_users(uq).await {
        Ok(p) => render(&UsersPage {
            c: Chrome::new(&ctx, "admin.users_title"),
            users: p.items,
            search,
            page: p.page,
            total_pages: p.total_pages,
        }),
        Err(e) => fail(&ctx, "/overview", e),
    }
}

#[derive(Deserialize)]
pub struct NewUserForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    #[serde(default)]
    username: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
}

fn role(value: &str) -> Role {
    if value == "admin" {
        Role::Admin
    } else {
        Role::User
    }
}

pub async fn create_user(
    State(s): State<AppState>,
    AdminPage(ctx, admin): AdminPage,
    ip: ClientIp,
    Form(f): Form<NewUserForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    // The password is never sent back into the page.
    let typed = vec![
        ("username".to_string(), f.username.clone()),
        ("email".to_string(), f.email.clone()),
        ("full_name".to_string(), f.full_name.clone()),
        ("password".to_string(), String::new()),
        ("role".to_string(), f.role.clone()),
    ];
    let input = CreateUserInput {
        username: f.username,
        email: f.email,
        password: f.password,
        full_name: f.full_name,
        role: role(&f.role),
        is_active: true,
    };
    match s.app.admin_create_user(ip.actor(&admin), input).await {
        Ok(u) => ctx.flash_redirect(
            &format!("/admin/users/{}", u.id),
            "ok",
            "admin.user_created",
            "",
        ),
        Err(e) => {
            let echo = Echo::refused(
                ctx.lang,
                "new-user",
                typed,
                &e,
                &[("fullName", "full_name")],
            );
            let page = users(
                State(s),
                AdminPage(ctx.echoing(echo), admin),
                Query(ListQuery::default()),
            )
            .await;
            with_status(page, Echo::status(&e))
        }
    }
}

#[derive(Template)]
#[template(path = "admin_user.html")]
struct UserPage {
    c: Chrome,
    u: User,
    devices: Vec<Device>,
}

pub async fn user(
    State(s): State<AppState>,
    AdminPage(ctx, admin): AdminPage,
    Path(id): Path<i64>,
) -> Response {
    let u = match s.app.get_user(id).await {
        Ok(u) => u,
        Err(_) => return super::pages::error_page(&ctx, 404, "error.not_found"),
    };
    let q = DeviceQuery {
        per_page: Some(100),
        user_id: Some(id),
        ..DeviceQuery::default()
    };
    let devices = s
        .app
        .list_devices(&Principal::User(admin), q)
        .await
        .map(|p| p.items)
        .unwrap_or_default();
    render(&UserPage {
        c: Chrome::new(&ctx, "admin.user_title"),
        u,
        devices,
    })
}

#[derive(Deserialize)]
pub struct EditUserForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    /// Which of the page's forms was sent: `profile`, `lock`, `unlock` or `password`.
    #[serde(default)]
    action: String,
    email: Option<String>,
    full_name: Option<String>,
    role: Option<String>,
    password: Option<String>,
}

pub async fn update_user(
    State(s): State<AppState>,
    AdminPage(ctx, admin): AdminPage,
    ip: ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<EditUserForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let mut input = UpdateUserInput::default();
    let done = match f.action.as_str() {
        "profile" => {
            input.email = f.email;
            input.full_name = f.full_name;
            input.role = f.role.as_deref().map(role);
            "admin.user_saved"
        }
        "lock" => {
            input.is_active = Some(false);
            "admin.user_locked"
        }
        "unlock" => {
            input.is_active = Some(true);
            "admin.user_unlocked"
        }
        "password" => {
            input.password = Some(f.password.unwrap_or_default());
            "admin.password_reset"
        }
        _ => return ctx.flash_redirect(&format!("/admin/users/{id}"), "error", "err.form", ""),
    };
    let back = format!("/admin/users/{id}");
    match s.app.admin_update_user(ip.actor(&admin), id, input).await {
        Ok(_) => ctx.flash_redirect(&back, "ok", done, ""),
        Err(e) => fail(&ctx, &back, e),
    }
}

pub async fn delete_user(
    State(s): State<AppState>,
    AdminPage(ctx, admin): AdminPage,
    ip: ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    match s.app.admin_delete_user(ip.actor(&admin), id).await {
        Ok(()) => ctx.flash_redirect("/admin/users", "ok", "admin.user_deleted", ""),
        Err(e) => fail(&ctx, &format!("/admin/users/{id}"), e),
    }
}

#[derive(Template)]
#[template(path = "admin_devices.html")]
struct DevicesPage {
    c: Chrome,
    devices: Vec<Device>,
    users: Vec<User>,
    search: String,
}

impl DevicesPage {
    fn owner(&self, id: &i64) -> String {
        self.users
            .iter()
            .find(|u| u.id == *id)
            .map(|u| u.username.clone())
            .unwrap_or_else(|| id.to_string())
    }
}

pub async fn devices(
    State(s): State<AppState>,
    AdminPage(ctx, admin): AdminPage,
    Query(q): Query<ListQuery>,
) -> Response {
    let search = q.search.unwrap_or_default();
    let dq = DeviceQuery {
        per_page: Some(100),
        page: q.page,
        search: Some(search.clone()).filter(|s| !s.trim().is_empty()),
        ..DeviceQuery::default()
    };
    let devices = match s.app.list_devices(&Principal::User(admin), dq).await {
        Ok(p) => p.items,
        Err(e) => return fail(&ctx, "/overview", e),
    };
    let uq = UserQuery {
        page: None,
        per_page: Some(100),
        search: None,
        role: None,
        is_active: None,
    };
    let users = s
        .app
        .list_users(uq)
        .await
        .map(|p| p.items)
        .unwrap_or_default();
    render(&DevicesPage {
        c: Chrome::new(&ctx, "admin.devices_title"),
        devices,
        users,
        search,
    })
}

#[derive(Deserialize)]
pub struct NewDeviceForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    #[serde(default)]
    device_name: String,
    #[serde(default)]
    device_id: String,
    user_id: Option<i64>,
}

pub async fn create_device(
    State(s): State<AppState>,
    AdminPage(ctx, admin): AdminPage,
    ip: ClientIp,
    Form(f): Form<NewDeviceForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let input = CreateDeviceInput {
        device_name: f.device_name,
        user_id: f.user_id,
        device_id: Some(f.device_id).filter(|d| !d.trim().is_empty()),
        engine: None,
    };
    done(
        &ctx,
        s.app.create_device(ip.actor(&admin), input).await,
        "/admin/devices",
        "admin.device_created",
    )
}

#[derive(Deserialize, Default)]
pub struct AuditForm {
    action: Option<String>,
    target_type: Option<String>,
    actor_id: Option<String>,
    page: Option<u32>,
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    c: Chrome,
    entries: Vec<AuditEntry>,
    values: AuditFilterValues,
    action: String,
    target_type: String,
    actor_id: String,
    page: u32,
    total_pages: i64,
}

impl AuditPage {
    fn page_link(&self, page: u32) -> String {
        format!(
            "/admin/audit?action={}&target_type={}&actor_id={}&page={page}",
            urlencode(&self.action),
            urlencode(&self.target_type),
            urlencode(&self.actor_id)
        )
    }
}

pub async fn audit(
    State(s): State<AppState>,
    AdminPage(ctx, _): AdminPage,
    Query(q): Query<AuditForm>,
) -> Response {
    let nonempty = |v: &Option<String>| v.clone().filter(|x| !x.is_empty());
    let aq = AuditQuery {
        page: q.page,
        per_page: Some(50),
        action: nonempty(&q.action),
        actor_id: nonempty(&q.actor_id).and_then(|a| a.parse().ok()),
        target_type: nonempty(&q.target_type),
        target_id: None,
        from: None,
        to: None,
    };
    let (page, values) = match (s.app.audit_log(aq).await, s.app.audit_filter_values().await) {
        (Ok(p), Ok(v)) => (p, v),
        (Err(e), _) | (_, Err(e)) => return fail(&ctx, "/overview", e),
    };
    render(&AuditPage {
        c: Chrome::new(&ctx, "admin.audit_title"),
        entries: page.items,
        values,
        action: q.action.unwrap_or_default(),
        target_type: q.target_type.unwrap_or_default(),
        actor_id: q.actor_id.unwrap_or_default(),
        page: page.page,
        total_pages: page.total_pages,
    })
}

#[derive(Template)]
#[template(path = "admin_cluster.html")]
struct ClusterPage {
    c: Chrome,
    view: gerbang_app::cluster::ClusterView,
}

/// The gateway nodes on this database and the devices each runs (as `GET /api/admin/cluster`).
pub async fn cluster(State(s): State<AppState>, AdminPage(ctx, _): AdminPage) -> Response {
    match s.app.cluster_view().await {
        Ok(view) => render(&ClusterPage {
            c: Chrome::new(&ctx, "cluster.title"),
            view,
        }),
        Err(e) => fail(&ctx, "/overview", e),
    }
}
