//! The live event monitor: the newest events the viewer may see, narrowed by device and type,
//! each with its JSON; `app.js` adds events as they happen, with a pause. Without JavaScript
//! the page shows the backlog and a reload brings newer ones.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use gerbang_app::Principal;
use gerbang_core::device::Device;
use gerbang_core::event::{types, Event};

use super::devices::{device_choices, device_label};
use super::pages::{fail, render, Chrome};
use super::session::Signed;
use crate::AppState;

/// How many events the page opens with (and keeps, as live ones arrive).
const BACKLOG: i64 = 100;

#[derive(Template)]
#[template(path = "events.html")]
struct MonitorPage {
    c: Chrome,
    /// Newest first.
    events: Vec<Event>,
    devices: Vec<Device>,
    device: String,
    event_type: String,
    event_types: &'static [&'static str],
    backlog: i64,
}

impl MonitorPage {
    fn is_type(&self, t: &str) -> bool {
        self.event_type == t
    }

    fn pretty(&self, e: &Event) -> String {
        serde_json::to_string_pretty(e).unwrap_or_default()
    }

    fn device_name(&self, device_id: &Option<String>) -> String {
        device_id
            .as_deref()
            .map(|id| device_label(&self.devices, id))
            .unwrap_or_default()
    }
}

#[derive(Deserialize)]
pub struct MonitorQuery {
    device: Option<String>,
    #[serde(rename = "type")]
    event_type: Option<String>,
}

pub async fn page(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Query(q): Query<MonitorQuery>,
) -> Response {
    let who = Principal::User(user);
    let device = q.device.unwrap_or_default();
    let event_type = q
        .event_type
        .filter(|t| types::ALL.contains(&t.as_str()))
        .unwrap_or_default();
    let events = s
        .app
        .newest_events(
            &who,
            Some(device.as_str()),
            Some(event_type.as_str()),
            BACKLOG,
        )
        .await;
    let mut events = match events {
        Ok(events) => events,
        Err(e) => return fail(&ctx, "/events", e),
    };
    events.reverse();
    let devices = device_choices(&s, &who).await;
    render(&MonitorPage {
        c: Chrome::new(&ctx, "monitor.title"),
        events,
        devices,
        device,
        event_type,
        event_types: &types::ALL,
        backlog: BACKLOG,
    })
}
