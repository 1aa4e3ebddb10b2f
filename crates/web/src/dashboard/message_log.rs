//! The message log: every message of the viewer's devices (administrators: all), newest
//! first, searched by words and narrowed by device and direction, each linking to its chat in
//! the inbox; older pages by cursor. The same service as `GET /api/whatsapp-multi-device/messages`.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use gerbang_app::activity::{MessageLogQuery, MessagePage};
use gerbang_app::Principal;
use gerbang_core::device::Device;
use gerbang_core::message::Message;

use super::devices::{device_choices, device_label};
use super::pages::{fail, render, Chrome};
use super::send::{inbox_url, urlencode};
use super::session::Signed;
use crate::AppState;

const PER_PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "message_log.html")]
struct MessageLogPage {
    c: Chrome,
    log: MessagePage,
    devices: Vec<Device>,
    q: String,
    device: String,
    direction: String,
}

impl MessageLogPage {
    fn device_name(&self, device_id: &str) -> String {
        device_label(&self.devices, device_id)
    }

    fn chat_url(&self, m: &Message) -> String {
        inbox_url(&m.device_id, &m.chat_jid)
    }

    fn older_url(&self, before: &i64) -> String {
        format!(
            "/messages?q={}&device={}&direction={}&before={before}",
            urlencode(&self.q),
            urlencode(&self.device),
            urlencode(&self.direction)
        )
    }

    fn is_direction(&self, d: &str) -> bool {
        self.direction == d
    }
}

#[derive(Deserialize)]
pub struct LogParams {
    q: Option<String>,
    device: Option<String>,
    direction: Option<String>,
    before: Option<i64>,
}

pub async fn page(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Query(p): Query<LogParams>,
) -> Response {
    let who = Principal::User(user.clone());
    let q = p.q.unwrap_or_default().trim().to_string();
    let device = p.device.unwrap_or_default();
    let direction = p
        .direction
        .filter(|d| d == "in" || d == "out")
        .unwrap_or_default();
    let query = MessageLogQuery {
        q: Some(q.clone()).filter(|t| !t.is_empty()),
        device_id: Some(device.clone()).filter(|d| !d.is_empty()),
        direction: Some(direction.clone()).filter(|d| !d.is_empty()),
        before: p.before,
        limit: Some(PER_PAGE),
        ..MessageLogQuery::default()
    };
    let log = match s.app.message_log(&who, query).await {
        Ok(log) => log,
        Err(e) => return fail(&ctx, "/messages", e),
    };
    let devices = device_choices(&s, &who).await;
    render(&MessageLogPage {
        c: Chrome::new(&ctx, "log.title").with_names(&s, &user).await,
        log,
        devices,
        q,
        device,
        direction,
    })
}
