//! Opening hours: parsed once per configuration, then asked "open at this instant?" for every
//! message. Pure functions, tested below.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike, Utc};
use chrono_tz::Tz;

use gerbang_core::bot::{TimeRange, WeeklyHours};

/// Minutes since local midnight, `[start, end)` per range, Monday first.
#[derive(Debug, Clone, Default)]
pub struct Hours {
    days: [Vec<(u32, u32)>; 7],
}

const MAX_RANGES_PER_DAY: usize = 8;

fn minutes(s: &str) -> Result<u32, String> {
    if s == "24:00" {
        return Ok(24 * 60);
    }
    NaiveTime::parse_from_str(s, "%H:%M")
        .map(|t| t.hour() * 60 + t.minute())
        .map_err(|_| format!("{s:?} is not a time like 09:00"))
}

fn range(r: &TimeRange) -> Result<(u32, u32), String> {
    let (start, end) = (minutes(&r.start)?, minutes(&r.end)?);
    if end <= start {
        return Err(format!(
            "{}–{}: the end must be after the start",
            r.start, r.end
        ));
    }
    Ok((start, end))
}

impl Hours {
    /// Checks and parses; the error names the day (`mon`) that is wrong.
    pub fn parse(w: &WeeklyHours) -> Result<Hours, (String, String)> {
        let mut days: [Vec<(u32, u32)>; 7] = Default::default();
        for (i, (name, ranges)) in w.days().into_iter().enumerate() {
            if ranges.len() > MAX_RANGES_PER_DAY {
                return Err((name.into(), format!("at most {MAX_RANGES_PER_DAY} ranges")));
            }
            for r in ranges {
                days[i].push(range(r).map_err(|e| (name.to_string(), e))?);
            }
        }
        Ok(Hours { days })
    }

    pub fn open_at(&self, at: DateTime<Utc>, tz: Tz, holidays: &[NaiveDate]) -> bool {
        let local = at.with_timezone(&tz);
        if holidays.contains(&local.date_naive()) {
            return false;
        }
        let day = local.weekday().num_days_from_monday() as usize;
        let m = local.hour() * 60 + local.minute();
        self.days[day].iter().any(|&(s, e)| m >= s && m < e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn r(a: &str, b: &str) -> TimeRange {
        TimeRange {
            start: a.into(),
            end: b.into(),
        }
    }

    #[test]
    fn several_ranges_days_and_holidays_in_the_local_zone() {
        let w = WeeklyHours {
            mon: vec![r("08:00", "12:00"), r("13:00", "17:00")],
            sat: vec![r("09:00", "24:00")],
            ..WeeklyHours::default()
        };
        let h = Hours::parse(&w).unwrap();
        let tz: Tz = "Asia/Jakarta".parse().unwrap();
        // Monday 2026-11-30 09:00 in Jakarta is 02:00 UTC.
        let at = |d, hh, mm| {
            tz.with_ymd_and_hms(2026, 11, d, hh, mm, 0)
                .unwrap()
                .to_utc()
        };
        assert!(h.open_at(at(30, 9, 0), tz, &[]));
        assert!(!h.open_at(at(30, 12, 30), tz, &[]));
        assert!(h.open_at(at(30, 16, 59), tz, &[]));
        assert!(!h.open_at(at(30, 17, 0), tz, &[]));
        assert!(!h.open_at(at(29, 10, 0), tz, &[]), "Sunday is closed");
        assert!(
            h.open_at(at(28, 23, 59), tz, &[]),
            "Saturday until midnight"
        );
        let holiday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert!(!h.open_at(at(30, 9, 0), tz, &[holiday]));
    }

    #[test]
    fn bad_ranges_name_the_day() {
        let w = WeeklyHours {
            tue: vec![r("17:00", "09:00")],
            ..WeeklyHours::default()
        };
        assert_eq!(Hours::parse(&w).unwrap_err().0, "tue");
        let w = WeeklyHours {
            fri: vec![r("9", "10:00")],
            ..WeeklyHours::default()
        };
        assert!(Hours::parse(&w).unwrap_err().1.contains("not a time"));
    }
}
