//! The first page after sign-in: devices with their live status, today's counts, recent messages.

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::{Duration, TimeZone, Utc};

use gerbang_app::chats::{DailyQuery, HistoryQuery};
use gerbang_app::devices::DeviceQuery;
use gerbang_app::Principal;
use gerbang_core::device::Device;
use gerbang_core::message::Message;

use super::pages::{fail, render, Chrome};
use super::session::Signed;
use crate::AppState;

/// How much the overview reads at most, so a busy account still gets a quick page.
const MAX_DEVICES: u32 = 20;
const MAX_CHATS: usize = 50;

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
    let who = Principal::User(user);
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
    let days: BTreeSet<_> = [
        start.date_naive(),
        (end - Duration::seconds(1)).date_naive(),
    ]
    .into();
    let (mut sent, mut received, mut recent) = (0, 0, Vec::new());
    for d in &devices {
        let mut chats = BTreeSet::new();
        for day in &days {
            let q = DailyQuery { date: Some(*day) };
            if let Ok(list) = s.app.daily_chats(&who, &d.device_id, q).await {
                chats.extend(list.into_iter().map(|c| c.chat_jid));
            }
        }
        for jid in chats.into_iter().take(MAX_CHATS) {
            let q = HistoryQuery {
                before: None,
                limit: Some(200),
            };
            let Ok(h) = s.app.chat_history(&who, &d.device_id, &jid, q).await else {
                continue;
            };
            for m in h.messages {
                if m.timestamp >= start && m.timestamp < end {
                    if m.from_me {
                        sent += 1;
                    } else {
                        received += 1;
                    }
                    recent.push(m);
                }
            }
        }
    }
    recent.sort_by_key(|m| std::cmp::Reverse(m.timestamp));
    recent.truncate(10);
    render(&OverviewPage {
        c: Chrome::new(&ctx, "overview.title"),
        devices,
        sent,
        received,
        recent,
    })
}
