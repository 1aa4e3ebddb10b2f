//! What every page shares: the frame around it (navigation, language switch, flash message),
//! rendering, the error page, and turning a service error into a flash message.

use std::borrow::Borrow;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Utc};

use gerbang_app::AppError;
use gerbang_core::message::MessageStatus;
use gerbang_core::user::User;

use super::assets;
use super::echo::{self, Echo};
use super::i18n::{self, Lang};
use super::session::Ctx;

/// The parts of the layout every template reads through `c`.
pub struct Chrome {
    pub lang: Lang,
    pub tz: chrono_tz::Tz,
    pub csrf: String,
    pub user: Option<User>,
    pub is_admin: bool,
    pub path: String,
    /// `(kind, text)`, already translated.
    pub flash: Option<(String, String)>,
    pub css: String,
    pub js: String,
    /// The script that shares one event stream between all pages (loaded before `js`).
    pub live_js: String,
    /// The SharedWorker that owns that stream.
    pub events_worker: String,
    pub icon: String,
    pub title: String,
    /// Whether the page opens the event stream (pages with nothing live leave it closed).
    pub live: bool,
    /// A refused form shown again.
    pub echo: Option<Echo>,
    /// The colour scheme chosen with the switch; `None` follows the system.
    pub theme: Option<&'static str>,
    /// The viewer's saved contacts, number digits → name, on pages that show numbers.
    pub names: std::sync::Arc<std::collections::HashMap<String, String>>,
}

impl Chrome {
    pub fn new(ctx: &Ctx, title_key: &str) -> Chrome {
        let flash = ctx
            .flash
            .as_ref()
            .filter(|f| i18n::has(&f.1))
            .map(|(kind, key, detail)| {
                let mut text = i18n::text(ctx.lang, key);
                let extra: Vec<String> = detail
                    .split('|')
                    .filter(|k| i18n::has(k))
                    .map(|k| i18n::text(ctx.lang, k))
                    .collect();
                if !extra.is_empty() {
                    text = format!("{text}: {}", extra.join(", "));
                }
                (kind.clone(), text)
            });
        Chrome {
            lang: ctx.lang,
            tz: ctx.tz,
            csrf: ctx.csrf.clone(),
            user: ctx.user.clone(),
            is_admin: ctx.is_admin(),
            path: ctx.path.clone(),
            flash,
            css: assets::url("app.css"),
            js: assets::url("app.js"),
            live_js: assets::url("live.js"),
            events_worker: assets::url("events-worker.js"),
            icon: assets::url("icon.svg"),
            title: i18n::text(ctx.lang, title_key),
            live: true,
            echo: ctx.echo.clone(),
            theme: ctx.theme,
            names: Default::default(),
        }
    }

    /// The same frame, with the viewer's address book for naming numbers.
    pub async fn with_names(mut self, s: &crate::AppState, user: &User) -> Chrome {
        self.names = std::sync::Arc::new(saved_names(s, user).await);
        self
    }

    /// The saved contact's name for a number or a person's JID.
    pub fn saved_name(&self, number_or_jid: &str) -> Option<String> {
        let user = number_or_jid.split('@').next().unwrap_or(number_or_jid);
        let digits: String = user.chars().filter(char::is_ascii_digit).collect();
        self.names.get(&digits).filter(|n| !n.is_empty()).cloned()
    }

    pub fn t(&self, key: &str) -> String {
        i18n::text(self.lang, key)
    }

    fn echo_of(&self, form: &str) -> Option<&Echo> {
        self.echo.as_ref().filter(|e| e.of(form))
    }

    /// What was typed in a refused `form`'s field, else `default`.
    pub fn v(&self, form: &str, name: &str, default: &str) -> String {
        match self.echo_of(form) {
            Some(e) => e.value(name).unwrap_or("").to_string(),
            None => default.to_string(),
        }
    }

    /// Whether a checkbox or option `value` of `name` is chosen: as posted in a refused form,
    /// else `default`.
    pub fn picked(&self, form: &str, name: &str, value: &str, default: bool) -> bool {
        match self.echo_of(form) {
            Some(e) => e.has(name, value),
            None => default,
        }
    }

    /// ` aria-invalid="true" aria-describedby="ID-error"` on a refused field (use with `|safe`).
    pub fn mark(&self, form: &str, name: &str, id: &str) -> String {
        match self.echo_of(form).and_then(|e| e.errors.get(name)) {
            Some(_) => format!(" aria-invalid=\"true\" aria-describedby=\"{id}-error\""),
            None => String::new(),
        }
    }

    /// The refused field's reason as a paragraph `#ID-error` (use with `|safe`).
    pub fn why(&self, form: &str, name: &str, id: &str) -> String {
        match self.echo_of(form).and_then(|e| e.errors.get(name)) {
            Some(why) => format!(
                "<p class=\"field-error\" id=\"{id}-error\">{}</p>",
                echo::escape(why)
            ),
            None => String::new(),
        }
    }

    /// A problem of the refused form that is no one field's, shown at the form (`|safe`).
    pub fn form_problem(&self, form: &str) -> String {
        match self.echo_of(form).and_then(|e| e.general.as_ref()) {
            Some(p) => format!(
                "<p class=\"field-error form-error\" role=\"alert\">{}</p>",
                echo::escape(p)
            ),
            None => String::new(),
        }
    }

    pub fn when(&self, at: impl Borrow<DateTime<Utc>>) -> String {
        i18n::datetime(self.lang, self.tz, *at.borrow())
    }

    /// In a given zone (a scheduled message's own), falling back to the viewer's.
    pub fn when_in(&self, at: impl Borrow<DateTime<Utc>>, zone: &str) -> String {
        let tz = zone.parse::<chrono_tz::Tz>().unwrap_or(self.tz);
        i18n::datetime(self.lang, tz, *at.borrow())
    }

    /// The day alone, for the inbox's day separators.
    pub fn date(&self, at: impl Borrow<DateTime<Utc>>) -> String {
        i18n::date(self.lang, self.tz, *at.borrow())
    }

    /// A number as people write it: `+62 812-3456-7890`.
    pub fn phone(&self, number: &str) -> String {
        format_phone(number)
    }

    /// A chat list entry's name: the saved contact, else the number, else the JID.
    pub fn chat_label(&self, ch: &gerbang_core::message::ChatSummary) -> String {
        if !ch.is_group {
            if let Some(name) = self.saved_name(&ch.chat_jid) {
                return name;
            }
        }
        ch.contact_name
            .clone()
            .or_else(|| ch.contact_number.as_deref().map(format_phone))
            .unwrap_or_else(|| self.chat_name(&ch.chat_jid))
    }

    /// An audit action as words in the page's language (`user.lock` → "Locked an account");
    /// an action without words yet shows its code.
    pub fn audit_action(&self, action: &str) -> String {
        let key = format!("audit_action.{}", action.replace('.', "_"));
        if i18n::has(&key) {
            self.t(&key)
        } else {
            action.to_string()
        }
    }

    /// Whether details in English (from the service) may be shown on this page.
    pub fn english(&self) -> bool {
        self.lang == i18n::Lang::En
    }

    /// The round avatar's letters.
    pub fn initials(&self, name: &str) -> String {
        super::inbox::initials(name)
    }

    pub fn when_opt(&self, at: impl Borrow<Option<DateTime<Utc>>>) -> String {
        at.borrow()
            .map(|a| self.when(a))
            .unwrap_or_else(|| "—".into())
    }

    pub fn num(&self, n: impl Borrow<i64>) -> String {
        i18n::number(self.lang, *n.borrow())
    }

    /// Labels the script needs for live updates, as JSON safe inside `<script type=...json>`.
    pub fn live_labels(&self) -> String {
        let labels: serde_json::Map<String, serde_json::Value> =
            i18n::keys_with_prefix(&["status.", "tick.", "live.", "jobstatus."])
                .into_iter()
                .map(|k| (k.clone(), self.t(&k).into()))
                .collect();
        serde_json::Value::Object(labels)
            .to_string()
            .replace('<', "\\u003c")
    }

    /// The inbox with this message quoted in the composer (a reply without JavaScript).
    pub fn reply_url(&self, device: &str, chat: &str, message_id: &str) -> String {
        format!(
            "{}&reply={}#reply-text",
            super::send::inbox_url(device, chat),
            super::send::urlencode(message_id)
        )
    }

    /// A chat as people write it: `+62812…` for a person's JID, the JID itself otherwise.
    pub fn chat_name(&self, jid: &str) -> String {
        if let Some(name) = self.saved_name(jid).filter(|_| !jid.ends_with("@g.us")) {
            return name;
        }
        match jid.strip_suffix("@s.whatsapp.net") {
            Some(n) if n.bytes().all(|b| b.is_ascii_digit()) => format_phone(n),
            _ => jid.to_string(),
        }
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// `aria-current` for the navigation link of the page being shown.
    pub fn current(&self, prefix: &str) -> &'static str {
        if self.path == prefix || self.path.starts_with(&format!("{prefix}/")) {
            "page"
        } else {
            "false"
        }
    }

    /// A device status as its label (shown beside the coloured badge).
    pub fn status(&self, status: &str) -> String {
        self.t(&format!("status.{status}"))
    }

    pub fn tick_icon(&self, status: impl Borrow<MessageStatus>) -> &'static str {
        tick(status.borrow()).0
    }

    pub fn tick_label(&self, status: impl Borrow<MessageStatus>) -> String {
        self.t(tick(status.borrow()).1)
    }
}

/// The viewer's address book as number digits → name (the first few thousand contacts: enough
/// for the pages that name numbers, without a query per number).
async fn saved_names(
    s: &crate::AppState,
    user: &User,
) -> std::collections::HashMap<String, String> {
    let mut names = std::collections::HashMap::new();
    for page in 1..=20u32 {
        let q = gerbang_app::contacts::ContactQuery {
            page: Some(page),
            per_page: Some(200),
            user_id: Some(user.id),
            ..Default::default()
        };
        let Ok(p) = s.app.list_contacts(user, q).await else {
            break;
        };
        let last = i64::from(page) >= p.total_pages;
        for k in p.items {
            if !k.name.trim().is_empty() {
                names.insert(k.phone, k.name);
            }
        }
        if last {
            break;
        }
    }
    names
}

/// Indonesian numbers grouped as people write them (`+62 812-3456-7890`); other countries'
/// numbers as `+` and the digits, since their grouping differs. Anything that is not a number
/// is shown as it is.
pub fn format_phone(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let plain = number
        .chars()
        .all(|ch| ch.is_ascii_digit() || matches!(ch, '+' | ' ' | '-' | '(' | ')' | '.'));
    if digits.len() < 8 || !plain {
        return number.to_string();
    }
    match digits.strip_prefix("62") {
        Some(rest) if rest.len() >= 8 => {
            let (a, b) = rest.split_at(3);
            let (b, c) = b.split_at(4);
            format!("+62 {a}-{b}-{c}")
        }
        _ => format!("+{digits}"),
    }
}

/// The icon and label of a message's delivery state; the label is always shown or read out.
pub fn tick(status: &MessageStatus) -> (&'static str, &'static str) {
    match status {
        MessageStatus::Pending => ("🕓", "tick.pending"),
        MessageStatus::Uncertain => ("?", "tick.uncertain"),
        MessageStatus::Sent => ("✓", "tick.sent"),
        MessageStatus::Delivered => ("✓✓", "tick.delivered"),
        MessageStatus::Read => ("✓✓", "tick.read"),
        MessageStatus::Played => ("✓✓", "tick.played"),
        MessageStatus::Failed => ("✗", "tick.failed"),
        MessageStatus::Received => ("", "tick.received"),
    }
}

pub fn render(t: &impl Template) -> Response {
    render_status(StatusCode::OK, t)
}

pub fn render_status(status: StatusCode, t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    code: u16,
    message: String,
}

pub fn error_page(ctx: &Ctx, code: u16, key: &str) -> Response {
    let c = Chrome::new(ctx, &format!("error.title{code}"));
    let message = c.t(key);
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    render_status(status, &ErrorPage { c, code, message })
}

/// A service error as a flash message on the page the form came from.
/// The end of a form that changes something: back to `to` with the `ok` message `key`, or with
/// the error.
pub fn done<T>(ctx: &Ctx, result: Result<T, AppError>, to: &str, key: &str) -> Response {
    match result {
        Ok(_) => ctx.flash_redirect(to, "ok", key, ""),
        Err(e) => fail(ctx, to, e),
    }
}

pub fn fail(ctx: &Ctx, back: &str, e: AppError) -> Response {
    let (key, detail) = match &e {
        AppError::Validation(fields) => (
            "err.validation",
            fields
                .keys()
                .map(|f| format!("field.{}", f.split('[').next().unwrap_or(f)))
                .collect::<Vec<_>>()
                .join("|"),
        ),
        AppError::Unauthorized { .. } => ("err.unauthorized", String::new()),
        AppError::Forbidden(_) => ("err.forbidden", String::new()),
        AppError::NotFound(_) => ("err.not_found", String::new()),
        AppError::Conflict { .. } => ("err.conflict", String::new()),
        AppError::RateLimited { .. } => ("err.rate_limited", String::new()),
        AppError::DeviceNotConnected { .. } => ("err.not_connected", String::new()),
        AppError::PayloadTooLarge(_) => ("err.too_large", String::new()),
        AppError::UnsupportedMediaType(_) => ("err.media_type", String::new()),
        _ => {
            tracing::warn!(error = %e, "dashboard action failed");
            ("err.generic", String::new())
        }
    };
    ctx.flash_redirect(back, "error", key, &detail)
}

/// Only same-site paths are followed after a form, never another host. Browsers drop tabs and
/// line breaks from URLs and read `\` as `/`, so `/\t/evil.example` would become
/// `//evil.example`: any control character, space or backslash refuses the value.
pub fn safe_back(back: Option<&str>, default: &str) -> String {
    match back {
        Some(b)
            if b.starts_with('/')
                && !b.starts_with("//")
                && !b
                    .chars()
                    .any(|c| c == '\\' || c.is_whitespace() || c.is_control()) =>
        {
            b.to_string()
        }
        _ => default.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_site_paths_are_followed() {
        assert_eq!(safe_back(Some("/inbox?x=1"), "/"), "/inbox?x=1");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "evil",
        ] {
            assert_eq!(safe_back(Some(bad), "/overview"), "/overview", "{bad}");
        }
        assert_eq!(safe_back(None, "/"), "/");
    }

    #[test]
    fn numbers_are_grouped_for_people() {
        assert_eq!(format_phone("6281234567890"), "+62 812-3456-7890");
        assert_eq!(format_phone("+62 812 3456 789"), "+62 812-3456-789");
        assert_eq!(format_phone("+14155550100"), "+14155550100");
        assert_eq!(format_phone("120363@g.us"), "120363@g.us");
        assert_eq!(super::super::inbox::initials("Bu Sari Wulandari"), "BS");
        assert_eq!(super::super::inbox::initials("+62 812-3456-7890"), "90");
    }

    #[test]
    fn every_status_has_an_icon_and_a_label() {
        use gerbang_core::message::MessageStatus as S;
        for s in [
            S::Pending,
            S::Uncertain,
            S::Sent,
            S::Delivered,
            S::Read,
            S::Played,
            S::Failed,
        ] {
            let (icon, key) = tick(&s);
            assert!(!icon.is_empty() && i18n::has(key), "{s:?}");
        }
    }
}
