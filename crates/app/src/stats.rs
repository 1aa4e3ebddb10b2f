//! Statistics for a device, a user and the whole system, over a period of local days in a time
//! zone (by default the user's own). Counts come from the store's hour counters (or its
//! 15-minute ones for zones offset by half or quarter hours) and response times from its daily
//! histogram, so a period costs the same however many messages it holds.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use gerbang_core::stats::{Slot, StatsScope};

use crate::{App, AppError, AppResult};

/// The longest period one request may ask for.
pub const MAX_DAYS: u64 = 366;
/// The period when none is given: the last 30 days, today included.
pub const DEFAULT_DAYS: u64 = 30;

#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// First day, `YYYY-MM-DD` (local). Alias: `startDate`.
    #[serde(alias = "startDate")]
    pub from: Option<String>,
    /// Last day, included, `YYYY-MM-DD` (local; default today). Alias: `endDate`.
    #[serde(alias = "endDate")]
    pub to: Option<String>,
    /// The number of days ending at `to` when `from` is absent (1 to 366, default 30).
    pub days: Option<u64>,
    /// IANA time zone such as `Asia/Jakarta`; default the user's own.
    pub time_zone: Option<String>,
}

/// A period resolved to local dates and the UTC instants that bound them.
#[derive(Debug, Clone)]
pub struct Period {
    pub tz: Tz,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

fn date(field: &str, value: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::field(field, "must be a date as YYYY-MM-DD"))
}

/// Local midnight of `day`; a day that starts inside a DST gap starts when the gap ends.
pub fn day_start(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let mut local = day.and_time(NaiveTime::MIN);
    for _ in 0..4 {
        if let Some(t) = tz.from_local_datetime(&local).earliest() {
            return t.with_timezone(&Utc);
        }
        local += chrono::Duration::minutes(30);
    }
    day.and_time(NaiveTime::MIN).and_utc()
}

impl Period {
    /// Whether every local day of the period starts on a whole UTC hour, so that hours add up
    /// to its days and local hours (true in most zones; not in India, Nepal, parts of
    /// Australia, ...).
    pub fn whole_hours(&self) -> bool {
        let mut day = self.first;
        loop {
            if day_start(day, self.tz).timestamp().rem_euclid(3600) != 0 {
                return false;
            }
            if day > self.last {
                return true;
            }
            day = day + Days::new(1);
        }
    }
}

impl PeriodQuery {
    /// Checks the query and resolves it in `default_tz` unless it names its own zone.
    pub fn resolve(&self, default_tz: &str, now: DateTime<Utc>) -> AppResult<Period> {
        let tz: Tz = match &self.time_zone {
            Some(name) => name.parse().map_err(|_| {
                AppError::field("timeZone", "must be an IANA time zone such as Asia/Jakarta")
            })?,
            None => default_tz.parse().unwrap_or(Tz::UTC),
        };
        let last = match &self.to {
            Some(v) => date("to", v)?,
            None => now.with_timezone(&tz).date_naive(),
        };
        let first = match (&self.from, self.days) {
            (Some(v), _) => date("from", v)?,
            (None, days) => {
                let days = days.unwrap_or(DEFAULT_DAYS);
                if !(1..=MAX_DAYS).contains(&days) {
                    return Err(AppError::field("days", format!("must be 1 to {MAX_DAYS}")));
                }
                last - Days::new(days - 1)
            }
        };
        if first > last {
            return Err(AppError::field("from", "must not be after `to`"));
        }
        if (last - first).num_days() >= MAX_DAYS as i64 {
            return Err(AppError::field(
                "from",
                format!("the period is at most {MAX_DAYS} days"),
            ));
        }
        Ok(Period {
            tz,
            first,
            last,
            start: day_start(first, tz),
            end: day_start(last + Days::new(1), tz),
        })
    }
}

/// Sent, received and failed messages of one day or hour.
#[derive(Debug, Clone, Copy, Default, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Outbound messages that did not fail.
    pub sent: i64,
    pub received: i64,
    pub failed: i64,
}

impl Counts {
    fn add(&mut self, s: &Slot) {
        self.sent += s.outbound - s.failed;
        self.received += s.inbound;
        self.failed += s.failed;
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DayCounts {
    pub date: NaiveDate,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HourCounts {
    /// Local hour of the day, 0 to 23, summed over the period's days.
    pub hour: u32,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Responses {
    /// Direct chats where a contact wrote while no earlier message of theirs was unanswered.
    pub conversations: i64,
    /// Of those, the ones that got an answer.
    pub answered: i64,
    /// `answered / conversations`, 0 to 1; absent without conversations.
    pub response_rate: Option<f64>,
    /// Median seconds from the contact's first message to the first answer.
    pub median_first_response_secs: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobTotals {
    pub total: i64,
    /// Jobs created in the period by status (`running`, `completed`, ...).
    pub by_status: BTreeMap<String, i64>,
}

/// Statistics of a device or of all of a user's devices over a period.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Statistics {
    pub time_zone: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub totals: Counts,
    /// Every day of the period, oldest first (days without messages included).
    pub daily: Vec<DayCounts>,
    /// The 24 local hours.
    pub hourly: Vec<HourCounts>,
    /// Chats with at least one message in the period.
    pub active_chats: i64,
    pub responses: Responses,
    pub jobs: JobTotals,
}

/// Totals, one row per local day and one per local hour, from the store's slots.
pub fn tally(slots: &[Slot], period: &Period) -> (Counts, Vec<DayCounts>, Vec<HourCounts>) {
    let mut totals = Counts::default();
    let mut days: BTreeMap<NaiveDate, Counts> = BTreeMap::new();
    let mut day = period.first;
    while day <= period.last {
        days.insert(day, Counts::default());
        day = day + Days::new(1);
    }
    let mut hours = [Counts::default(); 24];
    for s in slots {
        let Some(at) = DateTime::from_timestamp(s.start, 0) else {
            continue;
        };
        let local = at.with_timezone(&period.tz);
        totals.add(s);
        days.entry(local.date_naive()).or_default().add(s);
        hours[local.hour() as usize].add(s);
    }
    let daily = days
        .into_iter()
        .map(|(date, counts)| DayCounts { date, counts })
        .collect();
    let hourly = hours
        .into_iter()
        .enumerate()
        .map(|(hour, counts)| HourCounts {
            hour: hour as u32,
            counts,
        })
        .collect();
    (totals, daily, hourly)
}

impl App {
    /// Statistics of the scope's devices over the period.
    pub async fn statistics(&self, scope: &StatsScope, period: &Period) -> AppResult<Statistics> {
        let (from, to) = (period.start.timestamp(), period.end.timestamp());
        // Independent reads, side by side on the pool's connections.
        let (slots, active_chats, waits, jobs) = tokio::try_join!(
            self.store
                .message_slots(scope, from, to, period.whole_hours()),
            self.store.active_chats(scope, period.start, period.end),
            self.store.waits(scope, from, to),
            self.store.job_counts(scope, period.start, period.end),
        )?;
        let (totals, daily, hourly) = tally(&slots, period);
        Ok(Statistics {
            time_zone: period.tz.name().to_string(),
            from: period.first,
            to: period.last,
            totals,
            daily,
            hourly,
            active_chats,
            responses: Responses {
                conversations: waits.asked,
                answered: waits.answered,
                response_rate: (waits.asked > 0)
                    .then(|| waits.answered as f64 / waits.asked as f64),
                median_first_response_secs: waits.median_response_secs,
            },
            jobs: JobTotals {
                total: jobs.iter().map(|(_, n)| n).sum(),
                by_status: jobs.into_iter().collect(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(from: Option<&str>, to: Option<&str>, days: Option<u64>, tz: Option<&str>) -> PeriodQuery {
        PeriodQuery {
            from: from.map(String::from),
            to: to.map(String::from),
            days,
            time_zone: tz.map(String::from),
        }
    }

    #[test]
    fn periods_are_local_days() {
        let now = "2026-11-27T20:00:00Z".parse().unwrap();
        // 20:00 UTC is already the 28th in Jakarta (UTC+7).
        let p = q(None, None, Some(1), None)
            .resolve("Asia/Jakarta", now)
            .unwrap();
        assert_eq!(p.first.to_string(), "2026-11-28");
        assert_eq!(p.start.to_rfc3339(), "2026-11-27T17:00:00+00:00");
        assert_eq!(p.end.to_rfc3339(), "2026-11-28T17:00:00+00:00");
        let p = q(None, None, None, Some("UTC"))
            .resolve("Asia/Jakarta", now)
            .unwrap();
        assert_eq!((p.last - p.first).num_days(), 29);
    }

    #[test]
    fn bad_periods_name_their_field() {
        let now = Utc::now();
        let field = |r: AppResult<Period>| match r {
            Err(AppError::Validation(f)) => f.keys().next().unwrap().clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(q(Some("27-11-2026"), None, None, None).resolve("UTC", now)),
            "from"
        );
        assert_eq!(
            field(q(None, Some("x"), None, None).resolve("UTC", now)),
            "to"
        );
        assert_eq!(
            field(q(None, None, Some(0), None).resolve("UTC", now)),
            "days"
        );
        assert_eq!(
            field(q(None, None, None, Some("Mars/Base")).resolve("UTC", now)),
            "timeZone"
        );
        assert_eq!(
            field(q(Some("2026-02-01"), Some("2026-01-01"), None, None).resolve("UTC", now)),
            "from"
        );
        assert_eq!(
            field(q(Some("2020-01-01"), Some("2026-01-01"), None, None).resolve("UTC", now)),
            "from"
        );
    }

    #[test]
    fn hour_counters_serve_zones_on_whole_hours() {
        let now = "2026-11-27T12:00:00Z".parse().unwrap();
        let whole = |tz: &str, days: u64| {
            q(None, None, Some(days), Some(tz))
                .resolve("UTC", now)
                .unwrap()
                .whole_hours()
        };
        assert!(whole("UTC", 30));
        assert!(whole("Asia/Jakarta", 366));
        // Berlin changes its clock twice a year, by whole hours.
        assert!(whole("Europe/Berlin", 366));
        assert!(!whole("Asia/Kolkata", 1));
        assert!(!whole("Asia/Kathmandu", 30));
        // Lord Howe Island moves by half an hour: whole in winter, not in summer.
        assert!(!whole("Australia/Lord_Howe", 366));
    }

    #[test]
    fn slots_fall_on_local_days_and_hours() {
        let now = "2026-11-27T12:00:00Z".parse().unwrap();
        // Kathmandu is UTC+5:45: the 15-minute slots still land on whole local hours.
        let p = q(
            Some("2026-11-26"),
            Some("2026-11-27"),
            None,
            Some("Asia/Kathmandu"),
        )
        .resolve("UTC", now)
        .unwrap();
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap().timestamp();
        let slots = [
            // 2026-11-26 18:15 UTC = 2026-11-27 00:00 local.
            Slot {
                start: at("2026-11-26T18:15:00Z"),
                outbound: 3,
                inbound: 2,
                failed: 1,
            },
            // 2026-11-26 18:00 UTC = 2026-11-26 23:45 local.
            Slot {
                start: at("2026-11-26T18:00:00Z"),
                outbound: 1,
                inbound: 0,
                failed: 0,
            },
        ];
        let (totals, daily, hourly) = tally(&slots, &p);
        assert_eq!(
            totals,
            Counts {
                sent: 3,
                received: 2,
                failed: 1
            }
        );
        assert_eq!(daily.len(), 2);
        assert_eq!(
            daily[0].counts,
            Counts {
                sent: 1,
                received: 0,
                failed: 0
            }
        );
        assert_eq!(
            daily[1].counts,
            Counts {
                sent: 2,
                received: 2,
                failed: 1
            }
        );
        assert_eq!(hourly[0].counts.received, 2);
        assert_eq!(hourly[23].counts.sent, 1);
    }
}
