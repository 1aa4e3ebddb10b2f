//! The bot page of a device: settings with business hours, rules (add, delete, move, try a
//! message), running hand-offs with a resume button, and the last decisions. Everything works
//! without JavaScript: forms post and redirect, and a refused form is shown again as typed,
//! with each field's problem beside it.

use std::borrow::Borrow;
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use gerbang_app::bot::{
    BotConfigUpdate, Decision, LogQuery, ReorderInput, RuleInput, TestInput, TestResult,
};
use gerbang_app::{AppError, Principal};
use gerbang_core::bot::{BotConfig, BotLog, BotRule, Handoff, MatchType, TimeRange, WeeklyHours};
use gerbang_core::device::Device;

use super::form::{check, tag_list, Posted, Unreadable};
use super::pages::{done, error_page, fail, render_status, Chrome};
use super::session::{Ctx, Signed};
use crate::AppState;

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The settings form as typed (or as saved): text fields, so a refused value shows again.
#[derive(Default)]
pub struct ConfigForm {
    pub enabled: bool,
    pub time_zone: String,
    pub welcome: String,
    pub out_of_hours: String,
    pub keywords: String,
    pub cooldown: String,
    /// `(day, "09:00-12:00, 13:00-17:00")`, Monday first.
    pub hours: Vec<(String, String)>,
}

impl ConfigForm {
    fn from_config(c: &BotConfig) -> ConfigForm {
        let hours = DAYS
            .iter()
            .map(|d| {
                let text = c
                    .business_hours
                    .as_ref()
                    .and_then(|w| w.days().into_iter().find(|(n, _)| n == d))
                    .map(|(_, ranges)| {
                        ranges
                            .iter()
                            .map(|r| format!("{}-{}", r.start, r.end))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                (d.to_string(), text)
            })
            .collect();
        ConfigForm {
            enabled: c.enabled,
            time_zone: c.time_zone.clone(),
            welcome: c.welcome_message.clone().unwrap_or_default(),
            out_of_hours: c.out_of_hours_message.clone().unwrap_or_default(),
            keywords: c.handoff_keywords.join(", "),
            cooldown: c.cooldown_secs.to_string(),
            hours,
        }
    }

    fn from_posted(f: &Posted) -> ConfigForm {
        ConfigForm {
            enabled: f.checked("enabled"),
            time_zone: f.get("timeZone"),
            welcome: f.raw("welcomeMessage"),
            out_of_hours: f.raw("outOfHoursMessage"),
            keywords: f.get("handoffKeywords"),
            cooldown: f.get("cooldownSecs"),
            hours: DAYS
                .iter()
                .map(|d| (d.to_string(), f.get(&format!("hours_{d}"))))
                .collect(),
        }
    }

    /// The change to save, or the fields that cannot even be read (numbers, time ranges).
    fn to_update(&self) -> Result<BotConfigUpdate, BTreeMap<String, String>> {
        let mut errors = BTreeMap::new();
        let cooldown = match self.cooldown.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.insert("cooldownSecs".into(), "a whole number of seconds".into());
                None
            }
        };
        let mut week = WeeklyHours::default();
        let mut any = false;
        for (day, text) in &self.hours {
            match ranges(text) {
                Ok(r) => {
                    any |= !r.is_empty();
                    let slot = match day.as_str() {
                        "mon" => &mut week.mon,
                        "tue" => &mut week.tue,
                        "wed" => &mut week.wed,
                        "thu" => &mut week.thu,
                        "fri" => &mut week.fri,
                        "sat" => &mut week.sat,
                        _ => &mut week.sun,
                    };
                    *slot = r;
                }
                Err(e) => {
                    errors.insert(format!("businessHours.{day}"), e);
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(BotConfigUpdate {
            enabled: Some(self.enabled),
            time_zone: Some(self.time_zone.clone()),
            welcome_message: Some(Some(self.welcome.clone())),
            // Every day empty: no opening hours at all, the bot answers around the clock.
            business_hours: Some(any.then_some(week)),
            out_of_hours_message: Some(Some(self.out_of_hours.clone())),
            handoff_keywords: Some(tag_list(&self.keywords)),
            cooldown_secs: cooldown,
            ..BotConfigUpdate::default()
        })
    }
}

/// `09:00-12:00, 13:00-17:00` as ranges; the times themselves are checked by the service.
fn ranges(text: &str) -> Result<Vec<TimeRange>, String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| match r.split_once('-') {
            Some((a, b)) => Ok(TimeRange {
                start: a.trim().to_string(),
                end: b.trim().to_string(),
            }),
            None => Err(format!("“{r}” is not a range like 09:00-17:00")),
        })
        .collect()
}

/// The add-a-rule form as typed.
#[derive(Default)]
pub struct RuleForm {
    pub name: String,
    pub match_type: String,
    pub keywords: String,
    pub pattern: String,
    pub reply: String,
}

impl RuleForm {
    fn from_posted(f: &Posted) -> RuleForm {
        RuleForm {
            name: f.get("name"),
            match_type: f.get("matchType"),
            keywords: f.get("keywords"),
            pattern: f.get("pattern"),
            reply: f.raw("reply"),
        }
    }

    fn to_input(&self) -> Result<RuleInput, BTreeMap<String, String>> {
        let match_type = match self.match_type.as_str() {
            "exact" => MatchType::Exact,
            "startsWith" => MatchType::StartsWith,
            "regex" => MatchType::Regex,
            "contains" | "" => MatchType::Contains,
            _ => {
                let mut e = BTreeMap::new();
                e.insert("matchType".into(), "not a match type".into());
                return Err(e);
            }
        };
        let regex = match_type == MatchType::Regex;
        Ok(RuleInput {
            name: Some(self.name.clone()),
            match_type: Some(match_type),
            keywords: Some(if regex {
                Vec::new()
            } else {
                tag_list(&self.keywords)
            }),
            pattern: Some(Some(self.pattern.clone()).filter(|_| regex)),
            reply: Some(self.reply.clone()),
            ..RuleInput::default()
        })
    }
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
    rules: Vec<BotRule>,
    rule_form: RuleForm,
    /// Problems of the refused form, keyed by the API's field name.
    errors: BTreeMap<String, String>,
    tried: Option<Tried>,
    try_error: Option<String>,
    handoffs: Vec<Handoff>,
    logs: Vec<BotLog>,
}

impl BotPage {
    fn err(&self, field: &str) -> Option<String> {
        self.errors.get(field).cloned()
    }

    fn hour_err(&self, day: &str) -> Option<String> {
        self.err(&format!("businessHours.{day}"))
    }

    fn is_type(&self, t: &str) -> bool {
        self.rule_form.match_type == t || (self.rule_form.match_type.is_empty() && t == "contains")
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
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    /// A message to try against the rules (a GET form: trying changes nothing).
    #[serde(rename = "try")]
    message: Option<String>,
}

/// What a re-shown page carries besides the saved state.
#[derive(Default)]
struct Shown {
    config: Option<ConfigForm>,
    rule_form: Option<RuleForm>,
    errors: BTreeMap<String, String>,
    tried: Option<String>,
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
    let rules = s.app.bot_rules(&who, id).await.unwrap_or_default();
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
    let status = if shown.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render_status(
        status,
        &BotPage {
            c: Chrome::new(ctx, "bot.title"),
            device,
            config,
            rules,
            rule_form: shown.rule_form.unwrap_or_default(),
            errors: shown.errors,
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
        ..Shown::default()
    };
    show(&s, &ctx, &id, shown).await
}

fn back(id: &str) -> String {
    format!("/devices/{id}/bot")
}

pub async fn save_config(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<String>,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, &back(&id)) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let typed = ConfigForm::from_posted(&f);
    let update = match typed.to_update() {
        Ok(u) => u,
        Err(errors) => return refused_config(&s, &ctx, &id, typed, errors).await,
    };
    match s
        .app
        .update_bot_config(&Principal::User(user), &id, update)
        .await
    {
        Ok(_) => ctx.flash_redirect(&back(&id), "ok", "bot.saved", ""),
        Err(AppError::Validation(errors)) => refused_config(&s, &ctx, &id, typed, errors).await,
        Err(e) => fail(&ctx, &back(&id), e),
    }
}

async fn refused_config(
    s: &AppState,
    ctx: &Ctx,
    id: &str,
    typed: ConfigForm,
    errors: BTreeMap<String, String>,
) -> Response {
    let shown = Shown {
        config: Some(typed),
        errors,
        ..Shown::default()
    };
    show(s, ctx, id, shown).await
}

pub async fn add_rule(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<String>,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, &back(&id)) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let typed = RuleForm::from_posted(&f);
    let result = match typed.to_input() {
        Ok(input) => {
            s.app
                .create_bot_rule(&Principal::User(user), &id, input)
                .await
        }
        Err(errors) => Err(AppError::Validation(errors)),
    };
    match result {
        Ok(_) => ctx.flash_redirect(&format!("{}#rules", back(&id)), "ok", "bot.rule_added", ""),
        Err(AppError::Validation(errors)) => {
            let shown = Shown {
                rule_form: Some(typed),
                errors,
                ..Shown::default()
            };
            show(&s, &ctx, &id, shown).await
        }
        Err(e) => fail(&ctx, &back(&id), e),
    }
}

pub async fn delete_rule(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path((id, rule)): Path<(String, i64)>,
    form: Result<Posted, Unreadable>,
) -> Response {
    if let Err(r) = check(&ctx, form, &back(&id)) {
        return *r;
    }
    let res = s
        .app
        .delete_bot_rule(&Principal::User(user), &id, rule)
        .await;
    done(&ctx, res, &back(&id), "bot.rule_deleted")
}

/// Moves a rule one place up or down (the form's `dir`), as a reorder of the whole list.
pub async fn move_rule(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path((id, rule)): Path<(String, i64)>,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, &back(&id)) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let who = Principal::User(user);
    let rules = match s.app.bot_rules(&who, &id).await {
        Ok(r) => r,
        Err(e) => return fail(&ctx, &back(&id), e),
    };
    let mut ids: Vec<i64> = rules.iter().map(|r| r.id).collect();
    let Some(at) = ids.iter().position(|r| *r == rule) else {
        return fail(&ctx, &back(&id), AppError::NotFound("rule"));
    };
    let to = match f.get("dir").as_str() {
        "up" if at > 0 => at - 1,
        "down" if at + 1 < ids.len() => at + 1,
        _ => at,
    };
    ids.swap(at, to);
    let res = s
        .app
        .reorder_bot_rules(&who, &id, ReorderInput { rule_ids: ids })
        .await;
    done(&ctx, res, &format!("{}#rules", back(&id)), "bot.moved")
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

#[cfg(test)]
mod tests {
    use super::ranges;

    #[test]
    fn hours_are_read_as_ranges() {
        let r = ranges("09:00-12:00, 13:00 - 17:00").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!((r[1].start.as_str(), r[1].end.as_str()), ("13:00", "17:00"));
        assert!(ranges("").unwrap().is_empty());
        assert!(ranges("9 to 5").is_err());
    }
}
