//! The first page after sign-in: devices with their live status, today's counts, recent messages.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::{Duration, TimeZone, Utc};

use gerbang_app::devices::DeviceQuery;
use gerbang_app::Principal;
use gerbang_core::device::Device;
use gerbang_core::message::Message;

use super::pages::{fail, render, Chrome};
use super::session::Signed;
use crate::AppState;

/// Devices listed on the overview; the counts cover all of them.
const MAX_DEVICES: u32 = 20;

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    c: Chrome,
    devices: Vec<Device>,
    sent: i64,
    received: i64,
    recent: Vec<Message>,
}

pub async fn page(State(s): State<AppState>, Signed(ctx, user): Signed) -> Response {
    let who = Principal::User(user.clone());
    let q = DeviceQuery {
        per_page: Some(MAX_DEVICES),
        ..DeviceQuery::default()
    };
    let devices = match s.app.list_devices(&who, q).await {
        Ok(p) => p.items,
        Err(e) => return fail(&ctx, "/profile", e),
    };
    // "Today" is the viewer's day, which may span two UTC dates.
    let local_today = Utc::now().with_timezone(&ctx.tz).date_naive();
    let start = ctx
        .tz
        .from_local_datetime(&local_today.and_hms_opt(0, 0, 0).unwrap_or_default())
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(Utc::now);
    let end = start + Duration::days(1);
    let activity = match s.app.message_activity(&who, start, end, 10).await {
        Ok(a) => a,
        Err(e) => return fail(&ctx, "/profile", e),
    };
    render(&OverviewPage {
        c: Chrome::new(&ctx, "overview.title")
            .with_names(&s, &user)
            .await,
        devices,
        sent: activity.sent,
        received: activity.received,
        recent: activity.recent,
    })
}
