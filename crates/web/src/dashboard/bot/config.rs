//! The bot's settings form: every field of `BotConfig`, kept as typed so a refused value shows
//! again beside its reason.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::Response;
use chrono::NaiveDate;

use gerbang_app::bot::BotConfigUpdate;
use gerbang_app::{AppError, Principal};
use gerbang_core::bot::BotConfig;

use super::super::form::{check, tag_list, Posted, Unreadable};
use super::super::pages::fail;
use super::super::session::{Ctx, Signed};
use super::week::{number, parse_week, week_posted, week_text, I18N};
use super::{back, show, Shown, Which};
use crate::AppState;

/// The settings form as typed (or as saved): text fields, so a refused value shows again.
#[derive(Default)]
pub struct ConfigForm {
    pub enabled: bool,
    pub time_zone: String,
    pub welcome: String,
    pub out_of_hours: String,
    pub ooh_cooldown: String,
    pub keywords: String,
    pub handoff_message: String,
    pub agent_reply_pauses: bool,
    pub auto_resume: String,
    pub cooldown: String,
    pub loop_limit: String,
    pub loop_window: String,
    pub reply_delay: String,
    /// `(day, "09:00-12:00, 13:00-17:00")`, Monday first.
    pub hours: Vec<(String, String)>,
    /// The closed dates listed, each with whether it is ticked for removal.
    pub holidays: Vec<(String, bool)>,
    /// Dates typed to add (`2026-12-25`, several separated by commas).
    pub holiday_add: String,
}

impl ConfigForm {
    pub(super) fn from_config(c: &BotConfig) -> ConfigForm {
        ConfigForm {
            enabled: c.enabled,
            time_zone: c.time_zone.clone(),
            welcome: c.welcome_message.clone().unwrap_or_default(),
            out_of_hours: c.out_of_hours_message.clone().unwrap_or_default(),
            ooh_cooldown: c.out_of_hours_cooldown_minutes.to_string(),
            keywords: c.handoff_keywords.join(", "),
            handoff_message: c.handoff_message.clone().unwrap_or_default(),
            agent_reply_pauses: c.agent_reply_pauses,
            auto_resume: c.auto_resume_minutes.to_string(),
            cooldown: c.cooldown_secs.to_string(),
            loop_limit: c.loop_limit.to_string(),
            loop_window: c.loop_window_secs.to_string(),
            reply_delay: c.reply_delay_ms.to_string(),
            hours: week_text(c.business_hours.as_ref()),
            holidays: c.holidays.iter().map(|d| (d.to_string(), false)).collect(),
            holiday_add: String::new(),
        }
    }

    /// The form as posted; a field the form did not send (a page from before it had that
    /// field) keeps its saved value rather than being read as empty.
    fn from_posted(f: &Posted, saved: &BotConfig) -> ConfigForm {
        let was = ConfigForm::from_config(saved);
        let sent = |name: &str| f.fields.iter().any(|(k, _)| k == name);
        let get = |name: &str, saved: String| if sent(name) { f.get(name) } else { saved };
        let raw = |name: &str, saved: String| if sent(name) { f.raw(name) } else { saved };
        let removed = f.all("holidayRemove");
        let holidays = if sent("holidaysListed") {
            f.all("holiday")
                .into_iter()
                .map(|d| {
                    let gone = removed.contains(&d);
                    (d, gone)
                })
                .collect()
        } else {
            was.holidays
        };
        let hours = if sent("hours_mon") {
            week_posted(f, "hours")
        } else {
            was.hours
        };
        ConfigForm {
            enabled: f.checked("enabled"),
            time_zone: get("timeZone", was.time_zone),
            welcome: raw("welcomeMessage", was.welcome),
            out_of_hours: raw("outOfHoursMessage", was.out_of_hours),
            ooh_cooldown: get("outOfHoursCooldownMinutes", was.ooh_cooldown),
            keywords: get("handoffKeywords", was.keywords),
            handoff_message: raw("handoffMessage", was.handoff_message),
            agent_reply_pauses: if sent("agentReplyPausesShown") {
                f.checked("agentReplyPauses")
            } else {
                was.agent_reply_pauses
            },
            auto_resume: get("autoResumeMinutes", was.auto_resume),
            cooldown: get("cooldownSecs", was.cooldown),
            loop_limit: get("loopLimit", was.loop_limit),
            loop_window: get("loopWindowSecs", was.loop_window),
            reply_delay: get("replyDelayMs", was.reply_delay),
            hours,
            holidays,
            holiday_add: f.get("holidayAdd"),
        }
    }

    /// The closed dates to keep, or the first one that is not a date.
    fn holiday_dates(&self) -> Result<Vec<NaiveDate>, String> {
        let kept = self
            .holidays
            .iter()
            .filter(|(_, gone)| !gone)
            .map(|(d, _)| d.as_str());
        let added = self
            .holiday_add
            .split([',', ';', ' ', '\n'])
            .map(str::trim)
            .filter(|d| !d.is_empty());
        let mut dates = Vec::new();
        for d in kept.chain(added) {
            match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Ok(date) => dates.push(date),
                Err(_) => return Err(format!("“{d}”")),
            }
        }
        dates.sort_unstable();
        dates.dedup();
        Ok(dates)
    }

    /// The change to save, or the fields that cannot even be read (numbers, dates, ranges).
    fn to_update(&self) -> Result<BotConfigUpdate, BTreeMap<String, String>> {
        let mut errors = BTreeMap::new();
        let mut count =
            |field: &str, text: &str| number::<u32>(&mut errors, field, text, "bot.err_count");
        let ooh_cooldown = count("outOfHoursCooldownMinutes", &self.ooh_cooldown);
        let auto_resume = count("autoResumeMinutes", &self.auto_resume);
        let cooldown = count("cooldownSecs", &self.cooldown);
        let loop_limit = count("loopLimit", &self.loop_limit);
        let loop_window = count("loopWindowSecs", &self.loop_window);
        let reply_delay = count("replyDelayMs", &self.reply_delay);
        let week = parse_week(&self.hours, "businessHours", &mut errors);
        let holidays = match self.holiday_dates() {
            Ok(d) => Some(d),
            Err(bad) => {
                errors.insert("holidays".into(), format!("{I18N}bot.err_date|{bad}"));
                None
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(BotConfigUpdate {
            enabled: Some(self.enabled),
            time_zone: Some(self.time_zone.clone()),
            welcome_message: Some(Some(self.welcome.clone())),
            // Every day empty: no opening hours at all, the bot answers around the clock.
            business_hours: Some(week),
            holidays,
            out_of_hours_message: Some(Some(self.out_of_hours.clone())),
            out_of_hours_cooldown_minutes: ooh_cooldown,
            handoff_keywords: Some(tag_list(&self.keywords)),
            handoff_message: Some(Some(self.handoff_message.clone())),
            agent_reply_pauses: Some(self.agent_reply_pauses),
            auto_resume_minutes: auto_resume,
            cooldown_secs: cooldown,
            loop_limit,
            loop_window_secs: loop_window,
            reply_delay_ms: reply_delay,
        })
    }
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
    let who = Principal::User(user);
    let saved = match s.app.bot_config(&who, &id).await {
        Ok(c) => c,
        Err(e) => return fail(&ctx, &back(&id), e),
    };
    let typed = ConfigForm::from_posted(&f, &saved);
    let update = match typed.to_update() {
        Ok(u) => u,
        Err(errors) => return refused(&s, &ctx, &id, typed, errors).await,
    };
    match s.app.update_bot_config(&who, &id, update).await {
        Ok(_) => ctx.flash_redirect(&back(&id), "ok", "bot.saved", ""),
        Err(AppError::Validation(errors)) => refused(&s, &ctx, &id, typed, errors).await,
        Err(e) => fail(&ctx, &back(&id), e),
    }
}

async fn refused(
    s: &AppState,
    ctx: &Ctx,
    id: &str,
    typed: ConfigForm,
    errors: BTreeMap<String, String>,
) -> Response {
    let shown = Shown {
        config: Some(typed),
        errors,
        which: Which::Config,
        ..Shown::default()
    };
    show(s, ctx, id, shown).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ConfigForm {
        ConfigForm::from_config(&BotConfig::default())
    }

    #[test]
    fn every_number_and_date_is_read_or_named() {
        let mut f = form();
        f.loop_limit = "-1".into();
        f.reply_delay = "lots".into();
        f.holiday_add = "2026-12-25, 2026-02-30".into();
        let e = f.to_update().unwrap_err();
        assert!(e.contains_key("loopLimit") && e.contains_key("replyDelayMs"));
        assert!(e.contains_key("holidays"));
        assert_eq!(e["holidays"], "i18n:bot.err_date|“2026-02-30”");
    }

    #[test]
    fn holidays_are_added_removed_sorted_and_deduplicated() {
        let mut f = form();
        f.holidays = vec![("2026-12-31".into(), false), ("2026-08-17".into(), true)];
        f.holiday_add = "2026-12-25 2026-12-31".into();
        let u = f.to_update().unwrap();
        let d: Vec<String> = u.holidays.unwrap().iter().map(|d| d.to_string()).collect();
        assert_eq!(d, ["2026-12-25", "2026-12-31"]);
    }

    #[test]
    fn a_field_the_form_did_not_send_keeps_its_saved_value() {
        let saved = BotConfig {
            loop_limit: 9,
            holidays: vec![NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()],
            agent_reply_pauses: true,
            ..BotConfig::default()
        };
        let posted = Posted {
            fields: vec![
                ("timeZone".into(), "UTC".into()),
                ("loopLimit".into(), "".into()),
            ],
            file: None,
        };
        let f = ConfigForm::from_posted(&posted, &saved);
        assert_eq!(f.time_zone, "UTC");
        assert_eq!(f.loop_limit, "", "sent empty: refused, not kept");
        assert_eq!(f.loop_window, "60");
        assert!(f.agent_reply_pauses);
        assert_eq!(f.holidays, vec![("2026-12-25".to_string(), false)]);
    }
}
