//! What the bot does with one message, given what it knows about the contact. Pure, so the
//! `…/bot/test` route and the live path take the very same decision.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::matcher::Compiled;

/// What is known about the contact when a message arrives.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub is_group: bool,
    pub handoff_active: bool,
    /// Times of the bot's replies to this contact within the loop window (any order).
    pub recent_replies: Vec<DateTime<Utc>>,
    pub last_out_of_hours: Option<DateTime<Utc>>,
    /// This is the first message the contact ever wrote to the device.
    pub first_contact: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", tag = "action")]
pub enum Decision {
    /// No answer; `reason` is `handoff`, `cooldown`, `closed`, `no_match` or `group`.
    #[serde(rename = "skip")]
    Skip { reason: String },
    /// Too many replies to one contact too fast (two bots talking): stop and hand off.
    #[serde(rename = "loop")]
    Loop,
    /// A hand-off keyword: send the hand-off message (if any) and pause the bot.
    #[serde(rename = "handoff")]
    Handoff { reply: Option<String> },
    #[serde(rename = "rule")]
    #[serde(rename_all = "camelCase")]
    Rule {
        rule_id: i64,
        rule_name: String,
        reply: String,
        media_url: Option<String>,
        /// The rule also hands the chat to a person.
        handoff: bool,
    },
    #[serde(rename = "welcome")]
    Welcome { reply: String },
    #[serde(rename = "out_of_hours")]
    OutOfHours { reply: String },
    /// No rule answers: the AI does (its text is made when sending; see `crate::ai`).
    #[serde(rename = "ai")]
    Ai,
}

impl Decision {
    pub fn action(&self) -> &'static str {
        match self {
            Decision::Skip { .. } => "skip",
            Decision::Loop => "loop",
            Decision::Handoff { .. } => "handoff",
            Decision::Rule { .. } => "rule",
            Decision::Welcome { .. } => "welcome",
            Decision::OutOfHours { .. } => "out_of_hours",
            Decision::Ai => "ai",
        }
    }

    fn skip(reason: &str) -> Self {
        Decision::Skip {
            reason: reason.into(),
        }
    }
}

fn text_of(t: &Option<String>) -> Option<String> {
    t.as_ref().filter(|s| !s.trim().is_empty()).cloned()
}

pub fn decide(c: &Compiled, text: &str, ctx: &Context, now: DateTime<Utc>) -> Decision {
    let cfg = &c.config;
    if ctx.handoff_active {
        return Decision::skip("handoff");
    }
    if !ctx.is_group && c.wants_handoff(text) {
        return Decision::Handoff {
            reply: text_of(&cfg.handoff_message),
        };
    }
    let window = now - Duration::seconds(cfg.loop_window_secs as i64);
    let in_window = ctx.recent_replies.iter().filter(|t| **t >= window).count();
    if in_window >= cfg.loop_limit.max(1) as usize {
        return Decision::Loop;
    }
    let gap = Duration::seconds(cfg.cooldown_secs as i64);
    if cfg.cooldown_secs > 0 && ctx.recent_replies.iter().any(|t| *t > now - gap) {
        return Decision::skip("cooldown");
    }
    if let Some(r) = c.rule_for(text, ctx.is_group, now) {
        let s = &r.rule.spec;
        return Decision::Rule {
            rule_id: r.rule.id,
            rule_name: s.name.clone(),
            reply: s.reply.clone(),
            media_url: s.media_url.clone(),
            handoff: s.handoff,
        };
    }
    if ctx.is_group {
        return Decision::skip("group");
    }
    if !c.open_at(now) {
        let quiet = Duration::minutes(cfg.out_of_hours_cooldown_minutes as i64);
        return match text_of(&cfg.out_of_hours_message) {
            Some(reply) if ctx.last_out_of_hours.is_none_or(|t| t <= now - quiet) => {
                Decision::OutOfHours { reply }
            }
            _ => Decision::skip("closed"),
        };
    }
    match text_of(&cfg.welcome_message) {
        Some(reply) if ctx.first_contact => Decision::Welcome { reply },
        _ => Decision::skip("no_match"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gerbang_core::bot::{BotConfig, BotRule, MatchType, RuleSpec, WeeklyHours};

    fn compiled(cfg: BotConfig) -> Compiled {
        let spec = RuleSpec {
            name: "harga".into(),
            enabled: true,
            match_type: MatchType::Contains,
            keywords: vec!["harga".into()],
            pattern: None,
            case_sensitive: false,
            priority: 0,
            reply: "Rp10.000".into(),
            media_url: None,
            groups: false,
            handoff: false,
            schedule: None,
        };
        let rule = BotRule {
            id: 7,
            device_id: "d".into(),
            position: 1,
            spec,
            hits: 0,
            last_hit_at: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        };
        Compiled::new(cfg, vec![rule])
    }

    fn closed_always() -> WeeklyHours {
        WeeklyHours::default()
    }

    #[test]
    fn order_of_decisions() {
        let cfg = BotConfig {
            enabled: true,
            welcome_message: Some("Selamat datang".into()),
            handoff_keywords: vec!["admin".into()],
            handoff_message: Some("Sebentar".into()),
            cooldown_secs: 10,
            ..BotConfig::default()
        };
        let c = compiled(cfg);
        let now = Utc::now();
        let ctx = Context::default();
        assert_eq!(decide(&c, "berapa HARGA?", &ctx, now).action(), "rule");
        assert_eq!(decide(&c, "halo", &ctx, now), Decision::skip("no_match"));
        let first = Context {
            first_contact: true,
            ..Context::default()
        };
        assert_eq!(decide(&c, "halo", &first, now).action(), "welcome");
        assert_eq!(
            decide(&c, "mau ke ADMIN", &ctx, now),
            Decision::Handoff {
                reply: Some("Sebentar".into())
            }
        );
        let paused = Context {
            handoff_active: true,
            ..Context::default()
        };
        assert_eq!(decide(&c, "harga", &paused, now), Decision::skip("handoff"));
        let recent = Context {
            recent_replies: vec![now - Duration::seconds(3)],
            ..Context::default()
        };
        assert_eq!(
            decide(&c, "harga", &recent, now),
            Decision::skip("cooldown")
        );
        let chatty = Context {
            recent_replies: (1..=5).map(|s| now - Duration::seconds(s * 11)).collect(),
            ..Context::default()
        };
        assert_eq!(decide(&c, "harga", &chatty, now), Decision::Loop);
        let group = Context {
            is_group: true,
            ..Context::default()
        };
        assert_eq!(decide(&c, "harga", &group, now), Decision::skip("group"));
    }

    #[test]
    fn out_of_hours_once_per_cooldown_and_rules_still_answer() {
        let cfg = BotConfig {
            enabled: true,
            business_hours: Some(closed_always()),
            out_of_hours_message: Some("Tutup".into()),
            ..BotConfig::default()
        };
        let c = compiled(cfg);
        let now = Utc::now();
        assert_eq!(
            decide(&c, "halo", &Context::default(), now).action(),
            "out_of_hours"
        );
        let told = Context {
            last_out_of_hours: Some(now - Duration::minutes(5)),
            ..Context::default()
        };
        assert_eq!(decide(&c, "halo", &told, now), Decision::skip("closed"));
        assert_eq!(decide(&c, "harga", &told, now).action(), "rule");
    }
}
