//! What an attempt's result means for its delivery: delivered, dead, or retried when.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::Rng;

use gerbang_core::webhook::DeliveryStatus;

/// No retry waits longer than this, however many failures came before.
pub(crate) const MAX_DELAY: Duration = Duration::from_secs(3600);

/// How one attempt ended, as far as the retry policy cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// The receiver answered with this status.
    Status(u16),
    /// No answer: refused, reset, timed out.
    Failed,
    /// Not sent, by policy (the host resolves to an internal address): retrying cannot help.
    Refused,
}

/// Whether the answer ends the delivery, and when to try again if not. `attempts` counts this
/// attempt too; `retry_after` is what the receiver asked for (429, 503).
pub(crate) fn decide(
    answer: &Answer,
    attempts: i64,
    queued_at: DateTime<Utc>,
    now: DateTime<Utc>,
    retry_after: Option<Duration>,
    base: Duration,
    max_age: Duration,
) -> (DeliveryStatus, DateTime<Utc>) {
    match answer {
        Answer::Status(code) if (200..300).contains(code) => {
            return (DeliveryStatus::Delivered, now)
        }
        // The receiver understood and refused: sending the same body again will not help.
        Answer::Status(code) if (400..500).contains(code) && *code != 408 && *code != 429 => {
            return (DeliveryStatus::Dead, now)
        }
        Answer::Refused => return (DeliveryStatus::Dead, now),
        _ => {}
    }
    let deadline = queued_at + max_age;
    if now >= deadline {
        return (DeliveryStatus::Dead, now);
    }
    let mut delay = backoff(base, attempts, &mut rand::thread_rng());
    if let Some(asked) = retry_after {
        delay = delay.max(asked.min(MAX_DELAY));
    }
    let next = now + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::zero());
    // One last attempt at the deadline rather than none after it.
    (DeliveryStatus::Pending, next.min(deadline))
}

/// Exponential backoff with full jitter: anywhere up to `base · 2^(n-1)`, capped at an hour.
pub(crate) fn backoff(base: Duration, attempts: i64, rng: &mut impl Rng) -> Duration {
    let doublings = attempts.clamp(1, 40) as u32 - 1;
    let ceiling = base
        .checked_mul(1u32 << doublings.min(31))
        .unwrap_or(MAX_DELAY)
        .min(MAX_DELAY);
    ceiling.mul_f64(rng.gen_range(0.0..=1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + secs, 0).unwrap()
    }

    const BASE: Duration = Duration::from_secs(1);
    const DAY: Duration = Duration::from_secs(86_400);

    #[test]
    fn answers() {
        let d = |a: Answer| decide(&a, 1, at(0), at(1), None, BASE, DAY).0;
        assert_eq!(d(Answer::Status(200)), DeliveryStatus::Delivered);
        assert_eq!(d(Answer::Status(204)), DeliveryStatus::Delivered);
        assert_eq!(d(Answer::Status(400)), DeliveryStatus::Dead);
        assert_eq!(d(Answer::Status(410)), DeliveryStatus::Dead);
        assert_eq!(d(Answer::Status(408)), DeliveryStatus::Pending);
        assert_eq!(d(Answer::Status(429)), DeliveryStatus::Pending);
        assert_eq!(d(Answer::Status(500)), DeliveryStatus::Pending);
        assert_eq!(d(Answer::Status(302)), DeliveryStatus::Pending);
        assert_eq!(d(Answer::Failed), DeliveryStatus::Pending);
        assert_eq!(d(Answer::Refused), DeliveryStatus::Dead);
    }

    #[test]
    fn gives_up_after_the_maximum_age_with_a_last_try_at_the_deadline() {
        let (st, next) = decide(&Answer::Failed, 30, at(0), at(86_390), None, BASE, DAY);
        assert_eq!(st, DeliveryStatus::Pending);
        assert!(next <= at(86_400));
        let (st, _) = decide(&Answer::Failed, 31, at(0), at(86_400), None, BASE, DAY);
        assert_eq!(st, DeliveryStatus::Dead);
    }

    #[test]
    fn honours_retry_after() {
        let (_, next) = decide(
            &Answer::Status(429),
            1,
            at(0),
            at(0),
            Some(Duration::from_secs(120)),
            BASE,
            DAY,
        );
        assert!(next >= at(120));
    }

    #[test]
    fn backoff_doubles_within_its_cap() {
        let mut rng = rand::thread_rng();
        for n in 1..60 {
            let ceiling = BASE
                .checked_mul(1u32 << (n - 1).min(31))
                .unwrap_or(MAX_DELAY)
                .min(MAX_DELAY);
            for _ in 0..20 {
                assert!(backoff(BASE, n, &mut rng) <= ceiling);
            }
        }
        assert!(backoff(Duration::from_millis(20), 1, &mut rng) <= Duration::from_millis(20));
    }
}
