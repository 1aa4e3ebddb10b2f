//! The bot page of a device: every setting of the bot (business hours, holidays, hand-off,
//! safety limits), the AI settings with a key test, rules (add, edit, delete, move, try a
//! message), running hand-offs with a resume button, and the last decisions. Everything works
//! without JavaScript: forms post and redirect, and a refused form is shown again as typed,
//! with each field's problem beside it.

mod ai;
mod config;
mod rules;
mod week;

use std::borrow::Borrow;
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use gerbang_app::ai::AiConfigView;
use gerbang_app::bot::{Decision, LogQuery, TestInput, TestResult};
use gerbang_app::{AppError, Principal};
use gerbang_core::bot::{BotLog, BotRule, Handoff, MatchType};
use gerbang_core::device::Device;

use super::form::{check, Posted, Unreadable};
use super::pages::{done, error_page, fail, render_status, Chrome};
use super::session::{Ctx, Signed};
use crate::AppState;

pub use ai::{remove_key, save_ai, test_key};
pub use config::save_config;
pub use rules::{add_rule, delete_rule, move_rule, update_rule};

use ai::{AiForm, KeyTest};
use config::ConfigForm;
use rules::RuleForm;
use week::{escape, DAYS, I18N};

/// The form the problems belong to (field names repeat between forms).
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Which {
    #[default]
    None,
    Config,
    Rule,
    Ai,
}

/// What "try a message" found: the decision's label, the rule's name, the reply.
pub struct Tried {
    pub message: String,
    pub action: String,
    pub rule: Option<String>,
    pub text: Option<String>,
    pub open: bool,
    pub enabled: bool,
}

impl Tried {
    fn new(message: String, r: TestResult) -> Tried {
        let rule = match &r.decision {
            Decision::Rule { rule_name, .. } => Some(rule_name.clone()),
            _ => None,
        };
        let action = match &r.decision {
            Decision::Skip { reason } => format!("skip_{reason}"),
            d => d.action().to_string(),
        };
        Tried {
            message,
            action,
            rule,
            text: r.text,
            open: r.open,
            enabled: r.enabled,
        }
    }
}

#[derive(Template)]
#[template(path = "bot.html")]
struct BotPage {
    c: Chrome,
    device: Device,
    config: ConfigForm,
    ai: AiForm,
    /// The saved AI settings: whether a key is stored, today's usage.
    ai_saved: Option<AiConfigView>,
    key_test: Option<KeyTest>,
    /// The AI form came back from "Test the key" (its problems show in the test's answer).
    tested: bool,
    rules: Vec<BotRule>,
    rule_form: RuleForm,
    /// The rule the rule form edits (`None`: it adds one).
    editing: Option<i64>,
    /// Problems of the refused form, keyed by the API's field name.
    errors: BTreeMap<String, String>,
    which: Which,
    tried: Option<Tried>,
    try_error: Option<String>,
    handoffs: Vec<Handoff>,
    logs: Vec<BotLog>,
}

impl BotPage {
    fn problem(&self, form: Which, field: &str) -> Option<String> {
        if self.which != form {
            return None;
        }
        self.errors.get(field).map(|e| match e.strip_prefix(I18N) {
            Some(key) => match key.split_once('|') {
                Some((key, typed)) => format!("{} {typed}", self.c.t(key)),
                None => self.c.t(key),
            },
            None => e.clone(),
        })
    }

    /// ` aria-invalid="true" aria-describedby="ID-err"` when the field was refused.
    fn mark(&self, form: Which, field: &str, id: &str) -> String {
        match self.problem(form, field) {
            Some(_) => format!(" aria-invalid=\"true\" aria-describedby=\"{id}-err\""),
            None => String::new(),
        }
    }

    /// The field's problem as a paragraph `#ID-err`, or nothing.
    fn reason(&self, form: Which, field: &str, id: &str, label: &str) -> String {
        match self.problem(form, field) {
            Some(e) => format!(
                "<p class=\"field-error\" id=\"{id}-err\">{} — {}: {}</p>",
                escape(label),
                escape(&self.c.t("bot.invalid")),
                escape(&e)
            ),
            None => String::new(),
        }
    }

    fn cfg_mark(&self, field: &str, id: &str) -> String {
        self.mark(Which::Config, field, id)
    }
    fn cfg_reason(&self, field: &str, id: &str, label: &str) -> String {
        self.reason(Which::Config, field, id, &self.c.t(label))
    }
    fn rule_mark(&self, field: &str, id: &str) -> String {
        self.mark(Which::Rule, field, id)
    }
    fn rule_reason(&self, field: &str, id: &str, label: &str) -> String {
        self.reason(Which::Rule, field, id, &self.c.t(label))
    }
    fn ai_mark(&self, field: &str, id: &str) -> String {
        self.mark(Which::Ai, field, id)
    }
    fn ai_reason(&self, field: &str, id: &str, label: &str) -> String {
        self.reason(Which::Ai, field, id, &self.c.t(label))
    }

    fn day_mark(&self, form: &str, day: &str) -> String {
        let (which, field, id) = self.day_ids(form, day);
        self.mark(which, &field, &id)
    }

    fn day_reason(&self, form: &str, day: &str) -> String {
        let (which, field, id) = self.day_ids(form, day);
        self.reason(which, &field, &id, &self.day_label(day))
    }

    fn day_ids(&self, form: &str, day: &str) -> (Which, String, String) {
        if form == "hours" {
            (
                Which::Config,
                format!("businessHours.{day}"),
                format!("hours-{day}"),
            )
        } else {
            (
                Which::Rule,
                format!("schedule.{day}"),
                format!("sched-{day}"),
            )
        }
    }

    fn is_type(&self, t: &str) -> bool {
        self.rule_form.match_type == t || (self.rule_form.match_type.is_empty() && t == "contains")
    }

    fn is_scope(&self, s: &str) -> bool {
        self.ai.scope == s || (self.ai.scope.is_empty() && s == "all")
    }

    fn match_label(&self, t: impl Borrow<MatchType>) -> String {
        let key = match t.borrow() {
            MatchType::Exact => "exact",
            MatchType::Contains => "contains",
            MatchType::StartsWith => "startsWith",
            MatchType::Regex => "regex",
        };
        self.c.t(&format!("bot.type_{key}"))
    }

    fn is_last(&self, i: impl Borrow<usize>) -> bool {
        *i.borrow() + 1 == self.rules.len()
    }

    fn action_label(&self, action: &str) -> String {
        self.c.t(&format!("bot.action_{action}"))
    }

    fn day_label(&self, day: &str) -> String {
        self.c.t(&format!("bot.day_{day}"))
    }

    /// `2026-12-25` with its weekday, as the page's language writes it.
    fn holiday_label(&self, date: &str) -> String {
        use chrono::Datelike;
        match chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
            Ok(d) => {
                let day = DAYS[d.weekday().num_days_from_monday() as usize];
                format!("{} {}", self.day_label(day), date)
            }
            Err(_) => date.to_string(),
        }
    }

    fn has_schedule(&self) -> bool {
        self.rule_form.schedule.iter().any(|(_, t)| !t.is_empty())
            || self.errors.keys().any(|k| k.starts_with("schedule."))
    }

    /// The refused fields of the AI form, for the key test's answer.
    fn ai_problems(&self) -> Vec<String> {
        if self.which != Which::Ai {
            return Vec::new();
        }
        self.errors
            .keys()
            .filter_map(|k| self.problem(Which::Ai, k).map(|e| format!("{k}: {e}")))
            .collect()
    }
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    /// A message to try against the rules (a GET form: trying changes nothing).
    #[serde(rename = "try")]
    message: Option<String>,
    /// A rule to edit in the rule form.
    edit: Option<String>,
}

/// What a re-shown page carries besides the saved state.
#[derive(Default)]
struct Shown {
    config: Option<ConfigForm>,
    rule_form: Option<RuleForm>,
    editing: Option<i64>,
    ai: Option<AiForm>,
    key_test: Option<KeyTest>,
    tested: bool,
    errors: BTreeMap<String, String>,
    which: Which,
    tried: Option<String>,
    status: Option<StatusCode>,
}

async fn show(s: &AppState, ctx: &Ctx, id: &str, shown: Shown) -> Response {
    let Some(user) = ctx.user.clone() else {
        return axum::response::IntoResponse::into_response(axum::response::Redirect::to("/login"));
    };
    let who = Principal::User(user);
    let device = match s.app.device_for(&who, id).await {
        Ok(d) => d,
        Err(AppError::NotFound(_)) | Err(AppError::Forbidden(_)) => {
            return error_page(ctx, 404, "error.not_found")
        }
        Err(e) => return fail(ctx, "/devices", e),
    };
    let config = match shown.config {
        Some(c) => c,
        None => match s.app.bot_config(&who, id).await {
            Ok(c) => ConfigForm::from_config(&c),
            Err(e) => return fail(ctx, "/devices", e),
        },
    };
    let ai_saved = s.app.ai_config(&who, id).await.ok();
    let ai = match (shown.ai, &ai_saved) {
        (Some(a), _) => a,
        (None, Some(v)) => AiForm::from_view(v),
        (None, None) => AiForm::default(),
    };
    let rules = s.app.bot_rules(&who, id).await.unwrap_or_default();
    let (rule_form, editing) = match (shown.rule_form, shown.editing) {
        (Some(f), e) => (f, e),
        (None, Some(e)) => match rules.iter().find(|r| r.id == e) {
            Some(r) => (RuleForm::from_rule(r), Some(e)),
            None => (RuleForm::blank(), None),
        },
        (None, None) => (RuleForm::blank(), None),
    };
    let handoffs = s.app.bot_handoffs(&who, id).await.unwrap_or_default();
    let q = LogQuery {
        per_page: Some(50),
        ..LogQuery::default()
    };
    let logs = s
        .app
        .bot_logs(&who, id, q)
        .await
        .map(|p| p.items)
        .unwrap_or_default();
    let (mut tried, mut try_error) = (None, None);
    if let Some(message) = shown.tried.filter(|m| !m.trim().is_empty()) {
        let input = TestInput {
            message: message.clone(),
            from: None,
            is_group: false,
            first_contact: false,
        };
        match s.app.test_bot(&who, id, input).await {
            Ok(r) => tried = Some(Tried::new(message, r)),
            Err(_) => try_error = Some(message),
        }
    }
    let status = shown.status.unwrap_or(if shown.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    });
    render_status(
        status,
        &BotPage {
            c: Chrome::new(ctx, "bot.title"),
            device,
            config,
            ai,
            ai_saved,
            key_test: shown.key_test,
            tested: shown.tested,
            rules,
            rule_form,
            editing,
            errors: shown.errors,
            which: shown.which,
            tried,
            try_error,
            handoffs,
            logs,
        },
    )
}

pub async fn page(
    State(s): State<AppState>,
    Signed(ctx, _): Signed,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let shown = Shown {
        tried: q.message,
        // Not a rule id: the plain add form.
        editing: q.edit.and_then(|e| e.trim().parse().ok()),
        ..Shown::default()
    };
    show(&s, &ctx, &id, shown).await
}

fn back(id: &str) -> String {
    format!("/devices/{id}/bot")
}

/// The bot answers this contact again (from the hand-off list).
pub async fn resume(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<String>,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, &back(&id)) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let res = s
        .app
        .resume_bot(&Principal::User(user), &id, &f.get("contact"))
        .await;
    done(
        &ctx,
        res,
        &format!("{}#handoffs", back(&id)),
        "inbox.bot_resumed",
    )
}
