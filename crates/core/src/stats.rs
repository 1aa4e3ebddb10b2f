//! Statistics: the counters the store keeps (per device, in 15-minute slots and in hours, and
//! first-response times as a histogram per UTC day) and what services read from them. Periods are given in Unix seconds or instants; time zones are the service's
//! business, the store speaks UTC only.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::user::UserId;
use crate::StoreResult;

/// Which devices a statistic covers.
#[derive(Debug, Clone)]
pub enum StatsScope {
    Device(String),
    /// Every device of one user.
    User(UserId),
    All,
}

/// Message counts of one 15-minute slot (summed over the scope's devices).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Slot {
    /// Unix seconds at the start of the slot.
    pub start: i64,
    /// Every outbound message, failed ones included.
    pub outbound: i64,
    pub inbound: i64,
    pub failed: i64,
}

/// Conversations that waited for a first answer in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Waits {
    pub asked: i64,
    pub answered: i64,
    pub median_response_secs: Option<f64>,
}

/// Conversations whose first response took `[lower, upper)` seconds (`upper` absent for the
/// last, open bucket), or, with `lower` absent, those not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseBucket {
    pub lower: Option<i64>,
    pub upper: Option<i64>,
    pub n: i64,
}

impl Waits {
    /// Totals and the median from a histogram, oldest bucket first. The median is interpolated
    /// inside the bucket that holds it, as if its times were spread evenly, so it is off by less
    /// than that bucket's width.
    pub fn from_histogram(buckets: &[ResponseBucket]) -> Waits {
        let asked = buckets.iter().map(|b| b.n).sum();
        let answered: Vec<(i64, Option<i64>, i64)> = buckets
            .iter()
            .filter(|b| b.n > 0)
            .filter_map(|b| b.lower.map(|lower| (lower, b.upper, b.n)))
            .collect();
        let total: i64 = answered.iter().map(|b| b.2).sum();
        let mut median = None;
        let half = total as f64 / 2.0;
        let mut below = 0;
        for (lower, upper, n) in answered {
            if (below + n) as f64 >= half {
                let width = upper.map(|u| (u - lower) as f64).unwrap_or(0.0);
                median = Some(lower as f64 + width * (half - below as f64) / n as f64);
                break;
            }
            below += n;
        }
        Waits {
            asked,
            answered: total,
            median_response_secs: median,
        }
    }
}

/// One change of a device's connection status.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionEntry {
    pub id: i64,
    pub device_id: String,
    pub status: String,
    /// Why it disconnected, when it did.
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// Work waiting for a device.
#[derive(Debug, Clone, Copy, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueDepth {
    /// Outbound messages not yet handed to WhatsApp.
    pub pending_messages: i64,
    /// Recipients of running or paused jobs not yet sent.
    pub pending_job_recipients: i64,
    pub pending_scheduled: i64,
}

/// Whole-system counts for the admin overview.
#[derive(Debug, Clone, Default)]
pub struct GlobalCounts {
    pub users: i64,
    pub active_users: i64,
    pub admins: i64,
    pub devices_by_status: Vec<(String, i64)>,
    pub messages: i64,
    pub jobs_by_status: Vec<(String, i64)>,
}

#[async_trait]
pub trait StatsStore: Send + Sync {
    /// Non-empty slots in `[from, to)` (Unix seconds), oldest first: hours when `hours`,
    /// otherwise 15-minute slots.
    async fn message_slots(
        &self,
        scope: &StatsScope,
        from: i64,
        to: i64,
        hours: bool,
    ) -> StoreResult<Vec<Slot>>;
    /// Chats with at least one message in `[from, to)`.
    async fn active_chats(
        &self,
        scope: &StatsScope,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// Waits opened in `[from, to)` (Unix seconds), how many were answered and how fast (the
    /// median from the response-time histogram, see [`Waits::from_histogram`]).
    async fn waits(&self, scope: &StatsScope, from: i64, to: i64) -> StoreResult<Waits>;
    /// Jobs created in `[from, to)` by status.
    async fn job_counts(
        &self,
        scope: &StatsScope,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<(String, i64)>>;
    /// Connection changes of the scope's devices, newest first, only those before the entry id
    /// `before` when given.
    async fn connection_history(
        &self,
        scope: &StatsScope,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<ConnectionEntry>>;
    /// The last connection change before `at` (the state a window starts in).
    async fn connection_at(
        &self,
        device_id: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<ConnectionEntry>>;
    /// Connection changes of one device in `[from, now)`, oldest first.
    async fn connections_since(
        &self,
        device_id: &str,
        from: DateTime<Utc>,
    ) -> StoreResult<Vec<ConnectionEntry>>;
    async fn queue_depth(&self, device_id: &str) -> StoreResult<QueueDepth>;
    async fn global_counts(&self) -> StoreResult<GlobalCounts>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(lower: Option<i64>, upper: Option<i64>, n: i64) -> ResponseBucket {
        ResponseBucket { lower, upper, n }
    }

    #[test]
    fn the_median_lies_in_its_bucket() {
        // 4 unanswered; answered: 2 in [10, 12), 2 in [12, 14), 1 in [100, 120).
        let w = Waits::from_histogram(&[
            b(None, None, 4),
            b(Some(10), Some(12), 2),
            b(Some(12), Some(14), 2),
            b(Some(100), Some(120), 1),
        ]);
        assert_eq!((w.asked, w.answered), (9, 5));
        // Half of 5 is 2.5: half a conversation into the [12, 14) bucket of two.
        assert_eq!(w.median_response_secs, Some(12.5));
        let w = Waits::from_histogram(&[b(Some(3_488_890), None, 3)]);
        assert_eq!(w.median_response_secs, Some(3_488_890.0));
        let w = Waits::from_histogram(&[b(None, None, 2), b(Some(5), Some(6), 0)]);
        assert_eq!((w.asked, w.answered, w.median_response_secs), (2, 0, None));
        assert_eq!(Waits::from_histogram(&[]), Waits::default());
    }
}
