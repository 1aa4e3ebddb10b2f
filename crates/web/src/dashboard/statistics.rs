//! Figures pages: a device's statistics, the administrators' analytics and a user's own
//! activity. Charts come from [`super::chart`]; the numbers from the same services as the API.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use gerbang_app::activity::{Activity, ActivityQuery};
use gerbang_app::insights::{DeviceHealth, GlobalStats, HealthQuery};
use gerbang_app::stats::{Counts, PeriodQuery, Statistics};
use gerbang_app::{AppError, Principal};
use gerbang_core::device::Device;

use super::chart::{self, Bar};
use super::pages::{error_page, fail, render, Chrome};
use super::session::{AdminPage, Signed};
use crate::AppState;

/// The periods the picker offers, in days.
pub const PERIODS: [u64; 3] = [7, 30, 90];

#[derive(Deserialize)]
pub struct PeriodForm {
    days: Option<String>,
}

impl PeriodForm {
    /// One of [`PERIODS`]; anything else (or nothing) is the default 30 days.
    fn days(&self) -> u64 {
        self.days
            .as_deref()
            .and_then(|d| d.trim().parse().ok())
            .filter(|d| PERIODS.contains(d))
            .unwrap_or(30)
    }
}

/// One bar of a chart: `named` is how its title names it (a date, `08:00–08:59`).
fn bar(c: &Chrome, label: String, named: &str, n: &Counts) -> Bar {
    Bar {
        title: format!(
            "{named}: {} {}, {} {}, {} {}",
            c.t("stats.sent"),
            c.num(n.sent),
            c.t("stats.received"),
            c.num(n.received),
            c.t("stats.failed"),
            c.num(n.failed)
        ),
        label,
        parts: [n.sent, n.received, n.failed],
    }
}

/// The daily chart of a period's statistics, labelled in the viewer's language.
fn daily_chart(c: &Chrome, stats: &Statistics) -> String {
    let bars: Vec<Bar> = stats
        .daily
        .iter()
        .map(|d| {
            let label = d.date.format("%Y-%m-%d").to_string();
            bar(c, label.clone(), &label, &d.counts)
        })
        .collect();
    chart::bars(&bars, "date", &c.t("stats.chart_label"))
}

/// The 24 local hours of the day, each summed over the period's days.
fn hourly_chart(c: &Chrome, stats: &Statistics) -> String {
    let bars: Vec<Bar> = stats
        .hourly
        .iter()
        .map(|h| {
            let named = format!("{:02}:00–{:02}:59", h.hour, h.hour);
            bar(c, format!("{:02}", h.hour), &named, &h.counts)
        })
        .collect();
    chart::bars(&bars, "hour", &c.t("stats.hourly_label"))
}

/// The hour marks written under the hourly chart, a quarter of its width apart.
pub const HOUR_MARKS: [&str; 5] = ["00:00", "06:00", "12:00", "18:00", "24:00"];

fn percent(r: Option<f64>) -> String {
    r.map(|r| format!("{:.0}%", r * 100.0))
        .unwrap_or_else(|| "—".into())
}

/// Seconds as `1 h 5 min`, `3 min 20 s` or `45 s`.
fn duration(secs: Option<f64>) -> String {
    let Some(s) = secs else {
        return "—".into();
    };
    let s = s.round() as i64;
    match s {
        s if s >= 3600 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        s if s >= 60 => format!("{} min {} s", s / 60, s % 60),
        s => format!("{s} s"),
    }
}

#[derive(Template)]
#[template(path = "statistics.html")]
struct StatisticsPage {
    c: Chrome,
    device: Device,
    days: u64,
    periods: [u64; 3],
    stats: Statistics,
    chart: String,
    hourly: String,
    hour_marks: [&'static str; 5],
    chart_from: String,
    chart_to: String,
    response_rate: String,
    median_response: String,
    /// Uptime, reconnects, waiting work and the latest disconnections, over `health_days`.
    health: Option<DeviceHealth>,
    health_days: i64,
    uptime: String,
}

pub async fn device(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<String>,
    Query(f): Query<PeriodForm>,
) -> Response {
    let who = Principal::User(user);
    let device = match s.app.device_for(&who, &id).await {
        Ok(d) => d,
        Err(AppError::NotFound(_)) | Err(AppError::Forbidden(_)) => {
            return error_page(&ctx, 404, "error.not_found")
        }
        Err(e) => return fail(&ctx, "/devices", e),
    };
    let days = f.days();
    let q = PeriodQuery {
        days: Some(days),
        ..PeriodQuery::default()
    };
    let stats = match s.app.device_statistics(&who, &id, &q).await {
        Ok(st) => st,
        Err(e) => return fail(&ctx, &format!("/devices/{id}"), e),
    };
    // The health API measures at most 30 days back.
    let health_days = (days as i64).min(30);
    let hq = HealthQuery {
        hours: Some(health_days * 24),
    };
    let health = s.app.device_health(&id, &hq).await.ok();
    let uptime = health
        .as_ref()
        .map(|h| format!("{:.1}%", h.uptime_ratio * 100.0))
        .unwrap_or_default();
    let mut c = Chrome::new(&ctx, "stats.title");
    c.live = false;
    render(&StatisticsPage {
        health,
        health_days,
        uptime,
        chart: daily_chart(&c, &stats),
        hourly: hourly_chart(&c, &stats),
        hour_marks: HOUR_MARKS,
        chart_from: stats.from.to_string(),
        chart_to: stats.to.to_string(),
        response_rate: percent(stats.responses.response_rate),
        median_response: duration(stats.responses.median_first_response_secs),
        c,
        device,
        days,
        periods: PERIODS,
        stats,
    })
}

#[derive(Template)]
#[template(path = "admin_analytics.html")]
struct AnalyticsPage {
    c: Chrome,
    days: u64,
    periods: [u64; 3],
    g: GlobalStats,
    chart: String,
    hourly: String,
    hour_marks: [&'static str; 5],
    chart_from: String,
    chart_to: String,
}

pub async fn analytics(
    State(s): State<AppState>,
    AdminPage(ctx, admin): AdminPage,
    Query(f): Query<PeriodForm>,
) -> Response {
    let days = f.days();
    let q = PeriodQuery {
        days: Some(days),
        ..PeriodQuery::default()
    };
    let g = match s.app.global_stats(&admin, &q).await {
        Ok(g) => g,
        Err(e) => return fail(&ctx, "/overview", e),
    };
    let mut c = Chrome::new(&ctx, "analytics.title");
    c.live = false;
    render(&AnalyticsPage {
        chart: daily_chart(&c, &g.period),
        hourly: hourly_chart(&c, &g.period),
        hour_marks: HOUR_MARKS,
        chart_from: g.period.from.to_string(),
        chart_to: g.period.to.to_string(),
        c,
        days,
        periods: PERIODS,
        g,
    })
}

#[derive(Template)]
#[template(path = "activity.html")]
struct ActivityPage {
    c: Chrome,
    a: Activity,
}

pub async fn activity(State(s): State<AppState>, Signed(ctx, user): Signed) -> Response {
    let q = ActivityQuery { limit: Some(50) };
    match s.app.activity(&user, &q).await {
        Ok(a) => {
            let mut c = Chrome::new(&ctx, "activity.title");
            c.live = false;
            render(&ActivityPage { c, a })
        }
        Err(e) => fail(&ctx, "/profile", e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_picker_only_takes_its_periods_and_figures_read_plainly() {
        let f = |d: &str| PeriodForm {
            days: Some(d.into()),
        };
        assert_eq!(f("7").days(), 7);
        assert_eq!(f("90").days(), 90);
        assert_eq!(f("365").days(), 30);
        assert_eq!(f("abc").days(), 30);
        assert_eq!(PeriodForm { days: None }.days(), 30);
        assert_eq!(percent(Some(0.5)), "50%");
        assert_eq!(percent(None), "—");
        assert_eq!(duration(Some(45.2)), "45 s");
        assert_eq!(duration(Some(200.0)), "3 min 20 s");
        assert_eq!(duration(Some(3900.0)), "1 h 5 min");
    }
}
