//! Webhooks for operators: every webhook the viewer may manage (their devices', and the global
//! ones for admins) on one page with a create form; a page per webhook to change it, send a
//! test delivery, read its delivery log with each attempt, and redeliver. The same services as
//! the API's webhook routes; the signing secret is shown once, right after it is made.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use gerbang_app::webhooks::{
    CreateWebhookInput, CreatedWebhook, DeliveryQuery, UpdateWebhookInput, WebhookTest,
};
use gerbang_app::{Actor, AppError, AppResult, Principal};
use gerbang_core::device::Device;
use gerbang_core::event::types;
use gerbang_core::user::User;
use gerbang_core::webhook::{Delivery, DeliveryStatus, Webhook};
use gerbang_core::Page;

use super::devices::device_choices;
use super::echo::{typed, with_status, Echo};
use super::form::{check, Posted, Unreadable};
use super::pages::{done, error_page, fail, render, Chrome};
use super::session::{Ctx, Signed};
use crate::auth::ClientIp;
use crate::AppState;

/// The create form's device choice for a global webhook (admins).
const ALL_DEVICES: &str = "*";

#[derive(Template)]
#[template(path = "webhooks.html")]
struct WebhooksPage {
    c: Chrome,
    /// Each webhook with the name of its device (`None`: global).
    hooks: Vec<(Webhook, Option<String>)>,
    devices: Vec<Device>,
    /// A webhook just created: its secret is shown this once.
    created: Option<CreatedWebhook>,
    event_types: &'static [&'static str],
}

#[derive(Template)]
#[template(path = "webhook.html")]
struct WebhookPage {
    c: Chrome,
    hook: Webhook,
    device_name: Option<String>,
    deliveries: Page<Delivery>,
    /// The status the log is filtered by ("" for all).
    status: String,
    /// The answer to a test delivery just sent.
    test: Option<WebhookTest>,
    event_types: &'static [&'static str],
}

impl WebhooksPage {
    /// A new webhook starts with every event (no box ticked).
    fn preset(&self, _event_type: &str) -> bool {
        false
    }
}

impl WebhookPage {
    fn preset(&self, event_type: &str) -> bool {
        self.subscribed(event_type)
    }

    fn is_status(&self, st: &str) -> bool {
        self.status == st
    }

    fn headers_text(&self) -> String {
        headers_text(&self.hook.headers)
    }

    fn subscribed(&self, event_type: &str) -> bool {
        self.hook.events.iter().any(|e| e == event_type)
    }

    fn page_url(&self, page: u32) -> String {
        format!(
            "/webhooks/{}?status={}&page={page}",
            self.hook.id, self.status
        )
    }
}

fn headers_text(headers: &BTreeMap<String, String>) -> String {
    headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One header per line, `Name: value`; blank lines are skipped.
fn parse_headers(raw: &str) -> AppResult<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Err(AppError::field(
                "headers",
                format!("{line:?} is not `Name: value`"),
            ));
        };
        out.insert(name.trim().to_string(), value.trim().to_string());
    }
    Ok(out)
}

pub async fn list(State(s): State<AppState>, Signed(ctx, user): Signed) -> Response {
    list_page(&s, &ctx, &user, None).await
}

async fn list_page(
    s: &AppState,
    ctx: &Ctx,
    user: &User,
    created: Option<CreatedWebhook>,
) -> Response {
    let devices = device_choices(s, &Principal::User(user.clone())).await;
    let mut hooks = Vec::new();
    if ctx.is_admin() {
        for hook in s.app.global_webhooks(user).await.unwrap_or_default() {
            hooks.push((hook, None));
        }
    }
    for d in &devices {
        for hook in s
            .app
            .device_webhooks(user, &d.device_id)
            .await
            .unwrap_or_default()
        {
            hooks.push((hook, Some(d.device_name.clone())));
        }
    }
    render(&WebhooksPage {
        c: Chrome::new(ctx, "webhooks.title"),
        hooks,
        devices,
        created,
        event_types: &types::ALL,
    })
}

/// The create form's webhook, for the device it names (`*`: every device).
async fn create_from(s: &AppState, actor: Actor<'_>, f: &Posted) -> AppResult<CreatedWebhook> {
    let input = CreateWebhookInput {
        url: f.get("url"),
        events: f.all("events"),
        secret: None,
        headers: parse_headers(&f.raw("headers"))?,
        active: Some(f.checked("active")),
    };
    match f.get("device").as_str() {
        "" => Err(AppError::field("device", "choose a device")),
        ALL_DEVICES => s.app.create_global_webhook(actor, input).await,
        device => s.app.create_device_webhook(actor, device, input).await,
    }
}

pub async fn create(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    ip: ClientIp,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, "/webhooks") {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let result = create_from(&s, ip.actor(&user), &f).await;
    match result {
        Ok(created) => list_page(&s, &ctx, &user, Some(created)).await,
        Err(e @ (AppError::Validation(_) | AppError::Forbidden(_))) => {
            let echo = Echo::refused(ctx.lang, "create-webhook", typed(&f), &e, &[]);
            let page = list_page(&s, &ctx.echoing(echo), &user, None).await;
            with_status(page, Echo::status(&e))
        }
        Err(e) => fail(&ctx, "/webhooks", e),
    }
}

#[derive(Deserialize, Default)]
pub struct LogQuery {
    status: Option<String>,
    page: Option<u32>,
}

pub async fn detail(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<i64>,
    Query(q): Query<LogQuery>,
) -> Response {
    detail_page(&s, &ctx, &user, id, q, None).await
}

async fn detail_page(
    s: &AppState,
    ctx: &Ctx,
    user: &User,
    id: i64,
    q: LogQuery,
    test: Option<WebhookTest>,
) -> Response {
    let Ok(hook) = s.app.webhook_for(user, id).await else {
        return error_page(ctx, 404, "error.not_found");
    };
    let status = q.status.as_deref().and_then(DeliveryStatus::parse);
    let dq = DeliveryQuery {
        status,
        page: Some(q.page.unwrap_or(1).max(1)),
        per_page: Some(20),
    };
    let deliveries = match s.app.webhook_deliveries(user, id, dq).await {
        Ok(d) => d,
        Err(e) => return fail(ctx, "/webhooks", e),
    };
    let device_name = match &hook.device_id {
        Some(device_id) => s
            .app
            .device_for(&Principal::User(user.clone()), device_id)
            .await
            .ok()
            .map(|d| d.device_name),
        None => None,
    };
    render(&WebhookPage {
        c: Chrome::new(ctx, "webhooks.one_title"),
        hook,
        device_name,
        deliveries,
        status: status.map(|s| s.as_str().to_string()).unwrap_or_default(),
        test,
        event_types: &types::ALL,
    })
}

pub async fn save(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    ip: ClientIp,
    Path(id): Path<i64>,
    form: Result<Posted, Unreadable>,
) -> Response {
    let back = format!("/webhooks/{id}");
    let f = match check(&ctx, form, &back) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let input = parse_headers(&f.raw("headers")).map(|headers| UpdateWebhookInput {
        url: Some(f.get("url")),
        events: Some(f.all("events")),
        secret: None,
        headers: Some(headers),
        active: Some(f.checked("active")),
    });
    let result = match input {
        Ok(input) => s.app.update_webhook(ip.actor(&user), id, input).await,
        Err(e) => Err(e),
    };
    match result {
        Err(e @ AppError::Validation(_)) => {
            let echo = Echo::refused(ctx.lang, "edit-webhook", typed(&f), &e, &[]);
            let page =
                detail_page(&s, &ctx.echoing(echo), &user, id, LogQuery::default(), None).await;
            with_status(page, Echo::status(&e))
        }
        other => done(&ctx, other, &back, "webhooks.saved"),
    }
}

pub async fn test(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    ip: ClientIp,
    Path(id): Path<i64>,
    form: Result<Posted, Unreadable>,
) -> Response {
    let back = format!("/webhooks/{id}");
    if let Err(r) = check(&ctx, form, &back) {
        return *r;
    }
    match s.app.test_webhook(ip.actor(&user), id).await {
        Ok(answer) => detail_page(&s, &ctx, &user, id, LogQuery::default(), Some(answer)).await,
        Err(e) => fail(&ctx, &back, e),
    }
}

pub async fn delete(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    ip: ClientIp,
    Path(id): Path<i64>,
    form: Result<Posted, Unreadable>,
) -> Response {
    if let Err(r) = check(&ctx, form, &format!("/webhooks/{id}")) {
        return *r;
    }
    let result = s.app.delete_webhook(ip.actor(&user), id).await;
    done(&ctx, result, "/webhooks", "webhooks.deleted")
}

pub async fn redeliver_dead(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<i64>,
    form: Result<Posted, Unreadable>,
) -> Response {
    let back = format!("/webhooks/{id}");
    if let Err(r) = check(&ctx, form, &back) {
        return *r;
    }
    let result = s.app.redeliver_dead(&user, id).await;
    done(&ctx, result, &back, "webhooks.requeued")
}

pub async fn redeliver(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path((id, delivery)): Path<(i64, i64)>,
    form: Result<Posted, Unreadable>,
) -> Response {
    let back = format!("/webhooks/{id}");
    if let Err(r) = check(&ctx, form, &back) {
        return *r;
    }
    let result = s.app.redeliver(&user, id, delivery).await;
    done(&ctx, result, &back, "webhooks.requeued_one")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_one_per_line() {
        let h = parse_headers("X-Token: abc\n\n  X-Shop :  Toko Maju: Jaya \n").unwrap();
        assert_eq!(h["X-Token"], "abc");
        assert_eq!(h["X-Shop"], "Toko Maju: Jaya");
        assert_eq!(headers_text(&h), "X-Shop: Toko Maju: Jaya\nX-Token: abc");
        let Err(AppError::Validation(f)) = parse_headers("no colon here") else {
            panic!("a line without a colon is refused");
        };
        assert!(f["headers"].contains("no colon here"));
    }
}
