//! When a job may send next: delay with jitter, quiet hours and daily caps in the job's time
//! zone, and a warm-up ramp for new numbers. Pure functions, so they are tested exhaustively.

use chrono::{DateTime, Days, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rand::Rng;

use gerbang_core::job::{Pacing, QuietHours};

pub fn timezone(name: &str) -> Option<Tz> {
    name.parse().ok()
}

/// The moment after a send at `now`: `delay ± jitter`, never before `now`.
pub fn after_send(now: DateTime<Utc>, p: &Pacing, rng: &mut impl Rng) -> DateTime<Utc> {
    let jitter = if p.jitter_secs > 0.0 {
        rng.gen_range(-p.jitter_secs..=p.jitter_secs)
    } else {
        0.0
    };
    let secs = (p.delay_secs + jitter).max(0.0);
    now + Duration::milliseconds((secs * 1000.0) as i64)
}

/// A job sent as fast as the device allows: no delay, no jitter, no typing, and no daily cap
/// or warm-up (a count taken before each send could not keep messages sent side by side
/// under a cap).
pub fn unpaced(p: &Pacing) -> bool {
    p.delay_secs <= 0.0 && p.jitter_secs <= 0.0 && !p.typing && p.daily_cap.is_none() && !p.warmup
}

/// The daily cap in force for a device `age_days` old (0 on its first day).
pub fn daily_cap(p: &Pacing, age_days: i64) -> Option<u32> {
    let ramp = p
        .warmup
        .then(|| 20u32.saturating_mul(1u32 << age_days.clamp(0, 20)));
    match (p.daily_cap, ramp) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The local day `at` falls in, as a UTC range.
pub fn local_day(at: DateTime<Utc>, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let date = at.with_timezone(&tz).date_naive();
    let start = start_of(date, tz);
    let end = start_of(date + Days::new(1), tz);
    (start, end)
}

fn start_of(date: chrono::NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    tz.from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| midnight.and_utc())
}

/// If `at` falls in quiet hours, when they end.
pub fn quiet_until(at: DateTime<Utc>, q: &QuietHours, tz: Tz) -> Option<DateTime<Utc>> {
    let local = at.with_timezone(&tz);
    let time = local.time();
    let date = local.date_naive();
    let end_date = if q.start <= q.end {
        if time >= q.start && time < q.end {
            Some(date)
        } else {
            None
        }
    } else if time >= q.start {
        Some(date + Days::new(1))
    } else if time < q.end {
        Some(date)
    } else {
        None
    }?;
    tz.from_local_datetime(&end_date.and_time(q.end))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// `None` when a message may go out at `now`; otherwise the earliest moment to look again.
/// `sent_today` counts this device's job messages in the local day of `now`.
pub fn blocked_until(
    now: DateTime<Utc>,
    p: &Pacing,
    tz: Tz,
    sent_today: i64,
    age_days: i64,
) -> Option<DateTime<Utc>> {
    if let Some(cap) = daily_cap(p, age_days) {
        if sent_today >= i64::from(cap) {
            let (_, tomorrow) = local_day(now, tz);
            return Some(
                p.quiet_hours
                    .and_then(|q| quiet_until(tomorrow, &q, tz))
                    .unwrap_or(tomorrow),
            );
        }
    }
    p.quiet_hours.and_then(|q| quiet_until(now, &q, tz))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    fn jakarta() -> Tz {
        timezone("Asia/Jakarta").unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn delay_stays_within_jitter() {
        let p = Pacing {
            delay_secs: 3.0,
            jitter_secs: 2.0,
            ..Pacing::default()
        };
        let mut rng = StdRng::seed_from_u64(3);
        let now = Utc::now();
        let gaps: Vec<i64> = (0..1000)
            .map(|_| (after_send(now, &p, &mut rng) - now).num_milliseconds())
            .collect();
        assert!(
            gaps.iter().all(|g| (1000..=5000).contains(g)),
            "{:?}",
            gaps.iter().minmax()
        );
        assert!(
            gaps.iter().any(|g| *g < 1500) && gaps.iter().any(|g| *g > 4500),
            "the whole range is used"
        );
    }

    #[test]
    fn overnight_quiet_hours() {
        let q = QuietHours {
            start: hm(21, 0),
            end: hm(8, 0),
        };
        // 22:00 WIB = 15:00Z: quiet until 08:00 WIB next day = 01:00Z.
        assert_eq!(
            quiet_until(at("2026-12-01T15:00:00Z"), &q, jakarta()),
            Some(at("2026-12-02T01:00:00Z"))
        );
        // 07:00 WIB = 00:00Z: quiet until 08:00 the same day.
        assert_eq!(
            quiet_until(at("2026-12-01T00:00:00Z"), &q, jakarta()),
            Some(at("2026-12-01T01:00:00Z"))
        );
        assert_eq!(
            quiet_until(at("2026-12-01T05:00:00Z"), &q, jakarta()),
            None,
            "12:00 WIB"
        );
        let day = QuietHours {
            start: hm(12, 0),
            end: hm(13, 0),
        };
        assert_eq!(
            quiet_until(at("2026-12-01T05:30:00Z"), &day, jakarta()),
            Some(at("2026-12-01T06:00:00Z"))
        );
    }

    #[test]
    fn daily_cap_waits_for_the_next_local_day_and_its_quiet_hours() {
        let p = Pacing {
            daily_cap: Some(100),
            quiet_hours: Some(QuietHours {
                start: hm(21, 0),
                end: hm(8, 0),
            }),
            ..Pacing::default()
        };
        let noon = at("2026-12-01T05:00:00Z");
        assert_eq!(blocked_until(noon, &p, jakarta(), 99, 30), None);
        assert_eq!(
            blocked_until(noon, &p, jakarta(), 100, 30),
            Some(at("2026-12-02T01:00:00Z"))
        );
        assert_eq!(
            local_day(noon, jakarta()),
            (at("2026-11-30T17:00:00Z"), at("2026-12-01T17:00:00Z"))
        );
    }

    #[test]
    fn warmup_ramps_and_respects_the_cap() {
        let p = Pacing {
            warmup: true,
            daily_cap: Some(100),
            ..Pacing::default()
        };
        assert_eq!(daily_cap(&p, 0), Some(20));
        assert_eq!(daily_cap(&p, 1), Some(40));
        assert_eq!(daily_cap(&p, 2), Some(80));
        assert_eq!(daily_cap(&p, 3), Some(100));
        assert_eq!(daily_cap(&Pacing::default(), 0), None);
        assert_eq!(
            daily_cap(
                &Pacing {
                    warmup: true,
                    ..Pacing::default()
                },
                1
            ),
            Some(40)
        );
    }

    trait MinMax {
        fn minmax(self) -> (Option<i64>, Option<i64>);
    }
    impl<'a, I: Iterator<Item = &'a i64> + Clone> MinMax for I {
        fn minmax(self) -> (Option<i64>, Option<i64>) {
            (self.clone().min().copied(), self.max().copied())
        }
    }
}
