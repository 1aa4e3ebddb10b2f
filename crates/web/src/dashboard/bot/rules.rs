//! The rule form (add or edit: every field of a rule, its weekly schedule included) and the
//! list's actions: delete and move.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::Response;

use gerbang_app::bot::{ReorderInput, RuleInput};
use gerbang_app::{AppError, Principal};
use gerbang_core::bot::{BotRule, MatchType};

use super::super::form::{check, tag_list, Posted, Unreadable};
use super::super::pages::{done, fail};
use super::super::session::{Ctx, Signed};
use super::week::{number, parse_week, week_posted, week_text};
use super::{back, show, Shown, Which};
use crate::AppState;

/// The rule form as typed (or as saved).
#[derive(Default)]
pub struct RuleForm {
    pub name: String,
    pub enabled: bool,
    pub match_type: String,
    pub keywords: String,
    pub pattern: String,
    pub case_sensitive: bool,
    pub priority: String,
    pub reply: String,
    pub media_url: String,
    pub groups: bool,
    pub handoff: bool,
    /// `(day, ranges)`; every day empty: the rule applies at any time.
    pub schedule: Vec<(String, String)>,
}

impl RuleForm {
    pub(super) fn blank() -> RuleForm {
        RuleForm {
            enabled: true,
            priority: "0".into(),
            schedule: week_text(None),
            ..RuleForm::default()
        }
    }

    pub(super) fn from_rule(r: &BotRule) -> RuleForm {
        let s = &r.spec;
        RuleForm {
            name: s.name.clone(),
            enabled: s.enabled,
            match_type: match s.match_type {
                MatchType::Exact => "exact",
                MatchType::Contains => "contains",
                MatchType::StartsWith => "startsWith",
                MatchType::Regex => "regex",
            }
            .into(),
            keywords: s.keywords.join(", "),
            pattern: s.pattern.clone().unwrap_or_default(),
            case_sensitive: s.case_sensitive,
            priority: s.priority.to_string(),
            reply: s.reply.clone(),
            media_url: s.media_url.clone().unwrap_or_default(),
            groups: s.groups,
            handoff: s.handoff,
            schedule: week_text(s.schedule.as_ref()),
        }
    }

    fn from_posted(f: &Posted) -> RuleForm {
        RuleForm {
            name: f.get("name"),
            enabled: f.checked("enabled"),
            match_type: f.get("matchType"),
            keywords: f.get("keywords"),
            pattern: f.get("pattern"),
            case_sensitive: f.checked("caseSensitive"),
            priority: f.get("priority"),
            reply: f.raw("reply"),
            media_url: f.get("mediaUrl"),
            groups: f.checked("groups"),
            handoff: f.checked("handoff"),
            schedule: week_posted(f, "sched"),
        }
    }

    fn to_input(&self) -> Result<RuleInput, BTreeMap<String, String>> {
        let mut errors = BTreeMap::new();
        let match_type = match self.match_type.as_str() {
            "exact" => Some(MatchType::Exact),
            "startsWith" => Some(MatchType::StartsWith),
            "regex" => Some(MatchType::Regex),
            "contains" | "" => Some(MatchType::Contains),
            _ => {
                errors.insert("matchType".into(), "not a match type".into());
                None
            }
        };
        let priority = if self.priority.is_empty() {
            Some(0)
        } else {
            number::<i32>(&mut errors, "priority", &self.priority, "bot.err_integer")
        };
        let schedule = parse_week(&self.schedule, "schedule", &mut errors);
        let (Some(match_type), Some(priority), true) = (match_type, priority, errors.is_empty())
        else {
            return Err(errors);
        };
        let regex = match_type == MatchType::Regex;
        Ok(RuleInput {
            name: Some(self.name.clone()),
            enabled: Some(self.enabled),
            match_type: Some(match_type),
            keywords: Some(if regex {
                Vec::new()
            } else {
                tag_list(&self.keywords)
            }),
            pattern: Some(Some(self.pattern.clone()).filter(|_| regex)),
            case_sensitive: Some(self.case_sensitive),
            priority: Some(priority),
            reply: Some(self.reply.clone()),
            media_url: Some(Some(self.media_url.clone())),
            groups: Some(self.groups),
            handoff: Some(self.handoff),
            schedule: Some(schedule),
        })
    }
}

fn rules_anchor(id: &str) -> String {
    format!("{}#rules", back(id))
}

async fn refused(
    s: &AppState,
    ctx: &Ctx,
    id: &str,
    typed: RuleForm,
    editing: Option<i64>,
    errors: BTreeMap<String, String>,
) -> Response {
    let shown = Shown {
        rule_form: Some(typed),
        editing,
        errors,
        which: Which::Rule,
        ..Shown::default()
    };
    show(s, ctx, id, shown).await
}

/// Adds a rule (`rule` absent) or changes one; a refused form comes back as typed.
async fn save(
    s: AppState,
    ctx: Ctx,
    who: Principal,
    id: String,
    rule: Option<i64>,
    f: Posted,
) -> Response {
    let typed = RuleForm::from_posted(&f);
    let input = match typed.to_input() {
        Ok(i) => i,
        Err(errors) => return refused(&s, &ctx, &id, typed, rule, errors).await,
    };
    let (result, key) = match rule {
        None => (
            s.app.create_bot_rule(&who, &id, input).await,
            "bot.rule_added",
        ),
        Some(r) => (
            s.app.update_bot_rule(&who, &id, r, input).await,
            "bot.rule_saved",
        ),
    };
    match result {
        Ok(_) => ctx.flash_redirect(&rules_anchor(&id), "ok", key, ""),
        Err(AppError::Validation(errors)) => refused(&s, &ctx, &id, typed, rule, errors).await,
        Err(e) => fail(&ctx, &back(&id), e),
    }
}

pub async fn add_rule(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<String>,
    form: Result<Posted, Unreadable>,
) -> Response {
    match check(&ctx, form, &back(&id)) {
        Ok(f) => save(s, ctx, Principal::User(user), id, None, f).await,
        Err(r) => *r,
    }
}

pub async fn update_rule(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path((id, rule)): Path<(String, i64)>,
    form: Result<Posted, Unreadable>,
) -> Response {
    match check(&ctx, form, &back(&id)) {
        Ok(f) => save(s, ctx, Principal::User(user), id, Some(rule), f).await,
        Err(r) => *r,
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
    done(&ctx, res, &rules_anchor(&id), "bot.rule_deleted")
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
    done(&ctx, res, &rules_anchor(&id), "bot.moved")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_form_reads_every_field() {
        let mut f = RuleForm::blank();
        f.name = "Harga".into();
        f.keywords = "harga, price".into();
        f.reply = "Rp10.000".into();
        f.priority = "5".into();
        f.groups = true;
        f.schedule[0].1 = "08:00-12:00".into();
        let i = f.to_input().unwrap();
        assert_eq!(i.priority, Some(5));
        assert_eq!(i.groups, Some(true));
        assert_eq!(i.keywords.unwrap(), ["harga", "price"]);
        assert_eq!(i.schedule.unwrap().unwrap().mon.len(), 1);
        f.priority = "99999999999".into();
        f.schedule[1].1 = "all day".into();
        let e = f.to_input().unwrap_err();
        assert!(e.contains_key("priority") && e.contains_key("schedule.tue"));
    }
}
