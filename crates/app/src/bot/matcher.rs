//! Rules compiled for matching: keywords lower-cased once, regexes built once with a size cap
//! (the `regex` crate runs in linear time, so a pattern cannot stall the gateway), sorted by
//! priority then list position.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use regex::{Regex, RegexBuilder};

use gerbang_core::bot::{BotConfig, BotRule, MatchType, RuleSpec};

use super::hours::Hours;
use crate::jobs::render;
use crate::validate::Fields;

/// The compiled program of a regex may use at most this much memory.
const REGEX_SIZE_LIMIT: usize = 256 * 1024;
const MAX_PATTERN: usize = 500;
const MAX_KEYWORDS: usize = 50;
const MAX_TEXT: usize = 4096;

#[derive(Debug)]
enum Matcher {
    Keywords {
        kind: MatchType,
        words: Vec<String>,
        case_sensitive: bool,
    },
    Regex(Regex),
}

#[derive(Debug)]
pub struct CompiledRule {
    pub rule: BotRule,
    matcher: Matcher,
    schedule: Option<Hours>,
}

fn regex(pattern: &str, case_sensitive: bool) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .case_insensitive(!case_sensitive)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => "the pattern is too large".to_string(),
            other => format!("not a valid pattern: {other}"),
        })
}

/// A reply, welcome or hand-off text: not blank, not too long, well-formed variables.
pub fn check_text(f: &mut Fields, field: &str, text: &str) {
    if text.trim().is_empty() {
        f.add(field, "must not be empty");
    } else if text.chars().count() > MAX_TEXT {
        f.add(field, format!("at most {MAX_TEXT} characters"));
    } else {
        f.check(field, render::check(text));
    }
}

/// Checks a rule as a user wrote it; every broken rule is reported with its field.
pub fn check_spec(f: &mut Fields, s: &RuleSpec) {
    f.check("name", crate::validate::name(&s.name, 100));
    match s.match_type {
        MatchType::Regex => match s.pattern.as_deref() {
            None | Some("") => {
                f.add("pattern", "a regex rule needs a pattern");
            }
            Some(p) if p.chars().count() > MAX_PATTERN => {
                f.add("pattern", format!("at most {MAX_PATTERN} characters"));
            }
            Some(p) => {
                f.check("pattern", regex(p, s.case_sensitive).map(|_| ()));
            }
        },
        _ => {
            if s.keywords.is_empty() {
                f.add("keywords", "give at least one keyword");
            } else if s.keywords.len() > MAX_KEYWORDS {
                f.add("keywords", format!("at most {MAX_KEYWORDS} keywords"));
            } else if s.keywords.iter().any(|k| k.trim().is_empty()) {
                f.add("keywords", "keywords must not be empty");
            } else if s.keywords.iter().any(|k| k.chars().count() > 200) {
                f.add("keywords", "a keyword has at most 200 characters");
            }
        }
    }
    if !(-1000..=1000).contains(&s.priority) {
        f.add("priority", "must be between -1000 and 1000");
    }
    match (&s.media_url, s.reply.trim().is_empty()) {
        (Some(url), _) => {
            let ok =
                url.len() <= 2048 && (url.starts_with("http://") || url.starts_with("https://"));
            if !ok {
                f.add(
                    "mediaUrl",
                    "must be an http(s) URL of at most 2048 characters",
                );
            }
            if !s.reply.is_empty() {
                check_text(f, "reply", &s.reply);
            }
        }
        (None, _) => check_text(f, "reply", &s.reply),
    }
    if let Some(w) = &s.schedule {
        if let Err((day, e)) = Hours::parse(w) {
            f.add(&format!("schedule.{day}"), e);
        }
    }
}

impl CompiledRule {
    /// Compiles a stored rule; a stored rule was checked on the way in, so a failure here means
    /// the rule is skipped (and logged), never a crash.
    pub fn new(rule: BotRule) -> Result<Self, String> {
        let s = &rule.spec;
        let matcher = match s.match_type {
            MatchType::Regex => {
                Matcher::Regex(regex(s.pattern.as_deref().unwrap_or(""), s.case_sensitive)?)
            }
            kind => Matcher::Keywords {
                kind,
                case_sensitive: s.case_sensitive,
                words: s
                    .keywords
                    .iter()
                    .map(|k| {
                        let k = k.trim();
                        if s.case_sensitive {
                            k.to_string()
                        } else {
                            k.to_lowercase()
                        }
                    })
                    .collect(),
            },
        };
        let schedule = s
            .schedule
            .as_ref()
            .map(Hours::parse)
            .transpose()
            .map_err(|(d, e)| format!("{d}: {e}"))?;
        Ok(CompiledRule {
            rule,
            matcher,
            schedule,
        })
    }

    /// `text` is the trimmed message; `lower` the same, lower-cased (computed once per message).
    pub fn matches(&self, text: &str, lower: &str) -> bool {
        match &self.matcher {
            Matcher::Regex(re) => re.is_match(text),
            Matcher::Keywords {
                kind,
                words,
                case_sensitive,
            } => {
                let t = if *case_sensitive { text } else { lower };
                words.iter().any(|w| match kind {
                    MatchType::Exact => t == w,
                    MatchType::StartsWith => t.starts_with(w.as_str()),
                    _ => t.contains(w.as_str()),
                })
            }
        }
    }

    fn in_schedule(&self, at: DateTime<Utc>, tz: Tz) -> bool {
        self.schedule
            .as_ref()
            .is_none_or(|h| h.open_at(at, tz, &[]))
    }
}

/// A device's bot, ready to answer.
#[derive(Debug)]
pub struct Compiled {
    pub config: BotConfig,
    pub tz: Tz,
    hours: Option<Hours>,
    /// Enabled rules, in the order they are tried.
    pub rules: Vec<CompiledRule>,
    handoff_words: Vec<String>,
}

impl Compiled {
    pub fn new(config: BotConfig, rules: Vec<BotRule>) -> Self {
        let tz = config.time_zone.parse().unwrap_or(chrono_tz::UTC);
        let hours = config
            .business_hours
            .as_ref()
            .and_then(|w| Hours::parse(w).ok());
        let mut compiled: Vec<CompiledRule> = rules
            .into_iter()
            .filter(|r| r.spec.enabled)
            .filter_map(|r| {
                let id = r.id;
                CompiledRule::new(r)
                    .map_err(|e| tracing::warn!(rule = id, error = %e, "bot rule skipped"))
                    .ok()
            })
            .collect();
        // Stable: equal priorities keep their list order.
        compiled.sort_by_key(|c| -c.rule.spec.priority);
        let handoff_words = config
            .handoff_keywords
            .iter()
            .map(|k| k.trim().to_lowercase())
            .filter(|k| !k.is_empty())
            .collect();
        Compiled {
            tz,
            hours,
            rules: compiled,
            handoff_words,
            config,
        }
    }

    /// The first rule that answers this message now.
    pub fn rule_for(&self, text: &str, is_group: bool, at: DateTime<Utc>) -> Option<&CompiledRule> {
        let text = text.trim();
        let lower = text.to_lowercase();
        self.rules.iter().find(|c| {
            (!is_group || c.rule.spec.groups)
                && c.in_schedule(at, self.tz)
                && c.matches(text, &lower)
        })
    }

    pub fn wants_handoff(&self, text: &str) -> bool {
        let lower = text.to_lowercase();
        self.handoff_words
            .iter()
            .any(|w| lower.contains(w.as_str()))
    }

    pub fn open_at(&self, at: DateTime<Utc>) -> bool {
        self.hours
            .as_ref()
            .is_none_or(|h| h.open_at(at, self.tz, &self.config.holidays))
    }

    pub fn local_day(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: i64, position: i32, spec: RuleSpec) -> BotRule {
        BotRule {
            id,
            device_id: "d".into(),
            position,
            spec,
            hits: 0,
            last_hit_at: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    pub(crate) fn spec(kind: MatchType, words: &[&str], pattern: Option<&str>) -> RuleSpec {
        RuleSpec {
            name: "r".into(),
            enabled: true,
            match_type: kind,
            keywords: words.iter().map(|s| s.to_string()).collect(),
            pattern: pattern.map(str::to_string),
            case_sensitive: false,
            priority: 0,
            reply: "ok".into(),
            media_url: None,
            groups: false,
            handoff: false,
            schedule: None,
        }
    }

    #[test]
    fn keyword_kinds_regex_priority_and_groups() {
        let mut high = spec(MatchType::Contains, &["harga"], None);
        high.priority = 5;
        let rules = vec![
            rule(1, 1, spec(MatchType::Exact, &["Halo"], None)),
            rule(2, 2, spec(MatchType::StartsWith, &["info"], None)),
            rule(
                3,
                3,
                spec(MatchType::Regex, &[], Some(r"^order\s+#?\d{4,}$")),
            ),
            rule(4, 4, high),
        ];
        let c = Compiled::new(BotConfig::default(), rules);
        let at = Utc::now();
        let id = |t: &str, g: bool| c.rule_for(t, g, at).map(|r| r.rule.id);
        assert_eq!(id("  halo ", false), Some(1));
        assert_eq!(id("halo kak", false), None, "exact means the whole message");
        assert_eq!(id("INFO promo", false), Some(2));
        assert_eq!(id("order #12345", false), Some(3));
        assert_eq!(id("order 12", false), None);
        assert_eq!(
            id("info harga dong", false),
            Some(4),
            "higher priority first"
        );
        assert_eq!(id("halo", true), None, "groups only when the rule allows");
    }

    #[test]
    fn bad_and_huge_patterns_are_refused_with_the_field() {
        let mut f = Fields::new();
        check_spec(&mut f, &spec(MatchType::Regex, &[], Some("(unclosed")));
        let e = f.finish().unwrap_err().to_string();
        assert!(e.contains("validation"), "{e}");
        let mut f = Fields::new();
        check_spec(
            &mut f,
            &spec(MatchType::Regex, &[], Some(r"\w{1000}\w{1000}")),
        );
        match f.finish() {
            Err(crate::AppError::Validation(m)) => {
                assert!(m["pattern"].contains("too large"), "{m:?}")
            }
            other => panic!("{other:?}"),
        }
        let mut f = Fields::new();
        check_spec(&mut f, &spec(MatchType::Contains, &[], None));
        assert!(f.finish().is_err());
    }
}
