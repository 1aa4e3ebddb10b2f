//! The pieces the bot page's forms share: a week of time ranges typed as text, numbers read
//! with the field named, and the marker for problems shown in the viewer's language.

use std::collections::BTreeMap;

use gerbang_core::bot::{TimeRange, WeeklyHours};

use super::super::form::Posted;

pub(super) const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A problem the form itself finds (before the service sees it), shown in the viewer's language.
pub(super) const I18N: &str = "i18n:";

/// `(day, "09:00-12:00, 13:00-17:00")` for each weekday, Monday first.
pub(super) fn week_text(w: Option<&WeeklyHours>) -> Vec<(String, String)> {
    DAYS.iter()
        .map(|d| {
            let text = w
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
        .collect()
}

pub(super) fn week_posted(f: &Posted, prefix: &str) -> Vec<(String, String)> {
    DAYS.iter()
        .map(|d| (d.to_string(), f.get(&format!("{prefix}_{d}"))))
        .collect()
}

/// The week as typed; `None` when every day is empty. Problems go under `field.day`.
pub(super) fn parse_week(
    days: &[(String, String)],
    field: &str,
    errors: &mut BTreeMap<String, String>,
) -> Option<WeeklyHours> {
    let mut week = WeeklyHours::default();
    let mut any = false;
    for (day, text) in days {
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
                errors.insert(format!("{field}.{day}"), e);
            }
        }
    }
    any.then_some(week)
}

/// `09:00-12:00, 13:00-17:00` as ranges; the times themselves are checked by the service.
pub(super) fn ranges(text: &str) -> Result<Vec<TimeRange>, String> {
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

/// A number typed in a form, or the field's problem.
pub(super) fn number<T: std::str::FromStr>(
    errors: &mut BTreeMap<String, String>,
    field: &str,
    text: &str,
    problem: &str,
) -> Option<T> {
    match text.trim().parse::<T>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.insert(field.into(), format!("{I18N}{problem}"));
            None
        }
    }
}

pub(super) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A label key exists in both languages (used by the forms' own problems).
#[cfg(test)]
fn known(key: &str) -> bool {
    super::super::i18n::has(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_read_as_ranges() {
        let r = ranges("09:00-12:00, 13:00 - 17:00").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!((r[1].start.as_str(), r[1].end.as_str()), ("13:00", "17:00"));
        assert!(ranges("").unwrap().is_empty());
        assert!(ranges("9 to 5").is_err());
    }

    #[test]
    fn an_empty_week_is_no_schedule_and_a_bad_day_is_named() {
        let mut errors = BTreeMap::new();
        let empty: Vec<(String, String)> = DAYS
            .iter()
            .map(|d| (d.to_string(), String::new()))
            .collect();
        assert!(parse_week(&empty, "schedule", &mut errors).is_none());
        let mut days = empty.clone();
        days[2].1 = "noon".into();
        days[0].1 = "08:00-10:00".into();
        let w = parse_week(&days, "schedule", &mut errors);
        assert!(errors.contains_key("schedule.wed"));
        assert_eq!(w.unwrap().mon.len(), 1);
        assert_eq!(week_text(None).len(), 7);
    }

    #[test]
    fn numbers_refuse_negative_and_huge_values_by_name() {
        let mut errors = BTreeMap::new();
        assert_eq!(
            number::<u32>(&mut errors, "loopLimit", "-3", "bot.err_count"),
            None
        );
        assert_eq!(
            number::<u32>(&mut errors, "cooldownSecs", "99999999999", "bot.err_count"),
            None
        );
        assert_eq!(
            number::<u32>(&mut errors, "x", " 7 ", "bot.err_count"),
            Some(7)
        );
        assert_eq!(errors.len(), 2);
        assert!(known("bot.err_count") && known("bot.err_integer") && known("bot.err_date"));
    }
}
