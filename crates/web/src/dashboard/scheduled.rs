//! Scheduled messages: the list with each one's state, a form to schedule one (the local date
//! and time in a time zone, the user's by default), and cancel.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use gerbang_app::devices::DeviceQuery;
use gerbang_app::schedule::{ScheduleInput, ScheduleQuery};
use gerbang_app::{AppError, Principal};
use gerbang_core::device::Device;
use gerbang_core::job::ScheduledMessage;

use super::echo::{typed, with_status, Echo};
use super::form::{check, Posted, Unreadable};
use super::pages::{done, fail, render, Chrome};
use super::session::Signed;
use crate::AppState;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    page: Option<u32>,
}

#[derive(Template)]
#[template(path = "scheduled.html")]
struct ScheduledPage {
    c: Chrome,
    items: Vec<ScheduledMessage>,
    devices: Vec<Device>,
    page: u32,
    total_pages: i64,
}

#[derive(Template)]
#[template(path = "_scheduled_rows.html")]
struct ScheduledRows {
    c: Chrome,
    items: Vec<ScheduledMessage>,
}

/// One page of scheduled messages, newest first, as the user may see them.
async fn page_of(
    s: &AppState,
    user: &gerbang_core::user::User,
    page: Option<u32>,
) -> gerbang_app::AppResult<gerbang_core::Page<ScheduledMessage>> {
    let sq = ScheduleQuery {
        page,
        per_page: Some(25),
        status: None,
    };
    s.app
        .list_scheduled(&Principal::User(user.clone()), None, sq)
        .await
}

/// The list's rows, which the page's script fetches again when `scheduled.updated` arrives.
pub async fn rows(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    match page_of(&s, &user, q.page).await {
        Ok(p) => render(&ScheduledRows {
            c: Chrome::new(&ctx, "scheduled.title")
                .with_names(&s, &user)
                .await,
            items: p.items,
        }),
        Err(e) => fail(&ctx, "/scheduled", e),
    }
}

pub async fn list(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let who = Principal::User(user.clone());
    let dq = DeviceQuery {
        per_page: Some(100),
        ..DeviceQuery::default()
    };
    let devices = match s.app.list_devices(&who, dq).await {
        Ok(p) => p.items,
        Err(e) => return fail(&ctx, "/overview", e),
    };
    match page_of(&s, &user, q.page).await {
        Ok(p) => render(&ScheduledPage {
            c: Chrome::new(&ctx, "scheduled.title")
                .with_names(&s, &user)
                .await,
            items: p.items,
            devices,
            page: p.page,
            total_pages: p.total_pages,
        }),
        Err(e) => fail(&ctx, "/overview", e),
    }
}

pub async fn create(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, "/scheduled") {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let input = ScheduleInput {
        phone: f.get("to"),
        message: f.raw("text"),
        send_at: f.get("send_at"),
        timezone: Some(
            f.opt("timezone")
                .unwrap_or_else(|| ctx.tz.name().to_string()),
        ),
    };
    let who = Principal::User(user.clone());
    match s.app.schedule_message(&who, &f.get("device"), input).await {
        Ok(_) => ctx.flash_redirect("/scheduled", "ok", "scheduled.created", ""),
        // A refused message comes back as typed, each field with its reason.
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. } | AppError::NotFound(_))) => {
            let echo = Echo::refused(
                ctx.lang,
                "schedule-form",
                typed(&f),
                &e,
                &[
                    ("phone", "to"),
                    ("message", "text"),
                    ("sendAt", "send_at"),
                    ("deviceId", "device"),
                ],
            );
            let page = list(
                State(s),
                Signed(ctx.echoing(echo), user),
                Query(ListQuery::default()),
            )
            .await;
            with_status(page, Echo::status(&e))
        }
        Err(e) => fail(&ctx, "/scheduled", e),
    }
}

pub async fn cancel(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<i64>,
    form: Result<Posted, Unreadable>,
) -> Response {
    if let Err(r) = check(&ctx, form, "/scheduled") {
        return *r;
    }
    done(
        &ctx,
        s.app.cancel_scheduled(&Principal::User(user), id).await,
        "/scheduled",
        "scheduled.cancelled",
    )
}
