//! What clients send to change the bot: every field optional, so a change names only what it
//! changes; `null` clears a field that may be empty.

use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

use gerbang_core::bot::{BotConfig, MatchType, RuleSpec, WeeklyHours};

use super::hours::Hours;
use super::matcher::check_text;
use crate::validate::Fields;
use crate::AppResult;

/// Absent → `None` (keep), `null` → `Some(None)` (clear), a value → `Some(Some(v))`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotConfigUpdate {
    pub enabled: Option<bool>,
    #[serde(alias = "timezone")]
    pub time_zone: Option<String>,
    #[serde(default, deserialize_with = "present", alias = "greetingMessage")]
    #[schema(value_type = Option<String>)]
    pub welcome_message: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<WeeklyHours>)]
    pub business_hours: Option<Option<WeeklyHours>>,
    pub holidays: Option<Vec<chrono::NaiveDate>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub out_of_hours_message: Option<Option<String>>,
    pub out_of_hours_cooldown_minutes: Option<u32>,
    pub handoff_keywords: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub handoff_message: Option<Option<String>>,
    pub agent_reply_pauses: Option<bool>,
    pub auto_resume_minutes: Option<u32>,
    pub cooldown_secs: Option<u32>,
    pub loop_limit: Option<u32>,
    pub loop_window_secs: Option<u32>,
    pub reply_delay_ms: Option<u32>,
}

fn text(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

impl BotConfigUpdate {
    pub fn apply(self, mut c: BotConfig) -> BotConfig {
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = self.$f { c.$f = v; } )* };
        }
        set!(
            enabled,
            time_zone,
            business_hours,
            holidays,
            out_of_hours_cooldown_minutes,
            handoff_keywords,
            agent_reply_pauses,
            auto_resume_minutes,
            cooldown_secs,
            loop_limit,
            loop_window_secs,
            reply_delay_ms
        );
        if let Some(v) = self.welcome_message {
            c.welcome_message = text(v);
        }
        if let Some(v) = self.out_of_hours_message {
            c.out_of_hours_message = text(v);
        }
        if let Some(v) = self.handoff_message {
            c.handoff_message = text(v);
        }
        c
    }
}

fn range(f: &mut Fields, field: &str, v: u32, max: u32) {
    if v > max {
        f.add(field, format!("must be at most {max}"));
    }
}

pub fn check_config(c: &BotConfig) -> AppResult<()> {
    let mut f = Fields::new();
    if c.time_zone.parse::<chrono_tz::Tz>().is_err() {
        f.add("timeZone", "not a time zone name like Asia/Jakarta");
    }
    for (field, t) in [
        ("welcomeMessage", &c.welcome_message),
        ("outOfHoursMessage", &c.out_of_hours_message),
        ("handoffMessage", &c.handoff_message),
    ] {
        if let Some(t) = t {
            check_text(&mut f, field, t);
        }
    }
    if let Some(w) = &c.business_hours {
        if let Err((day, e)) = Hours::parse(w) {
            f.add(&format!("businessHours.{day}"), e);
        }
    }
    if c.holidays.len() > 400 {
        f.add("holidays", "at most 400 dates");
    }
    if c.handoff_keywords.len() > 50 {
        f.add("handoffKeywords", "at most 50 keywords");
    } else if c
        .handoff_keywords
        .iter()
        .any(|k| k.trim().is_empty() || k.chars().count() > 100)
    {
        f.add("handoffKeywords", "each keyword has 1 to 100 characters");
    }
    if c.loop_limit == 0 {
        f.add("loopLimit", "must be at least 1");
    }
    range(&mut f, "loopLimit", c.loop_limit, 1000);
    if c.loop_window_secs == 0 {
        f.add("loopWindowSecs", "must be at least 1");
    }
    range(&mut f, "loopWindowSecs", c.loop_window_secs, 86_400);
    range(&mut f, "cooldownSecs", c.cooldown_secs, 86_400);
    range(&mut f, "replyDelayMs", c.reply_delay_ms, 30_000);
    range(&mut f, "autoResumeMinutes", c.auto_resume_minutes, 43_200);
    range(
        &mut f,
        "outOfHoursCooldownMinutes",
        c.out_of_hours_cooldown_minutes,
        10_080,
    );
    f.finish()
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RuleInput {
    pub name: Option<String>,
    pub enabled: Option<bool>,
    /// `exact`, `contains` (default), `startsWith` or `regex`.
    #[serde(alias = "type")]
    pub match_type: Option<MatchType>,
    #[serde(alias = "triggers")]
    pub keywords: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub pattern: Option<Option<String>>,
    pub case_sensitive: Option<bool>,
    pub priority: Option<i32>,
    /// `{{name}}`, `{{phone}}`, `{{message}}` and spintax `{Halo|Hai}`.
    #[serde(alias = "response")]
    pub reply: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub media_url: Option<Option<String>>,
    pub groups: Option<bool>,
    pub handoff: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<WeeklyHours>)]
    pub schedule: Option<Option<WeeklyHours>>,
}

pub fn blank_rule() -> RuleSpec {
    RuleSpec {
        name: String::new(),
        enabled: true,
        match_type: MatchType::Contains,
        keywords: Vec::new(),
        pattern: None,
        case_sensitive: false,
        priority: 0,
        reply: String::new(),
        media_url: None,
        groups: false,
        handoff: false,
        schedule: None,
    }
}

impl RuleInput {
    pub fn apply(self, mut s: RuleSpec) -> RuleSpec {
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = self.$f { s.$f = v; } )* };
        }
        set!(
            enabled,
            match_type,
            keywords,
            case_sensitive,
            priority,
            reply,
            groups,
            handoff,
            schedule
        );
        if let Some(n) = self.name {
            s.name = n.trim().to_string();
        }
        if let Some(p) = self.pattern {
            s.pattern = text(p);
        }
        if let Some(m) = self.media_url {
            s.media_url = text(m).map(|u| u.trim().to_string());
        }
        s
    }
}
