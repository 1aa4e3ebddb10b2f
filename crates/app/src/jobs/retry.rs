//! A send that failed before WhatsApp took the message (the device was not connected, or
//! WhatsApp asked to slow down) is safe to try again; one whose hand-off is uncertain never is.

use chrono::{DateTime, Duration, Utc};

use gerbang_core::event::types;
use gerbang_core::job::{Job, JobRecipient, RecipientStatus};

use crate::{App, AppError, AppResult};

/// The longest wait between two tries.
const MAX_BACKOFF_SECS: i64 = 300;

/// How long to wait after the `attempts`-th safe failure. Jobs with an attempt limit (the
/// queue) back off exponentially from 5 s; others keep the fixed 5 s.
pub fn backoff(e: &AppError, attempts: i64, limited: bool) -> Duration {
    let base = if limited {
        let exp = attempts.clamp(1, 16) - 1;
        (5_i64 << exp).min(MAX_BACKOFF_SECS)
    } else {
        5
    };
    match e {
        AppError::RateLimited { retry_after_secs } => {
            Duration::seconds(base.max(retry_after_secs.unwrap_or(60) as i64))
        }
        _ => Duration::seconds(base),
    }
}

impl App {
    /// Counts the attempt; the recipient waits for its backoff, or is `failed` once its job's
    /// `maxAttempts` are spent. `true` when the recipient was settled.
    pub(super) async fn retry_later(
        &self,
        job: &Job,
        r: &JobRecipient,
        e: AppError,
        now: DateTime<Utc>,
    ) -> AppResult<bool> {
        let reason = e.to_string();
        let attempts = self.store.count_failed_attempt(r.id, &reason).await?;
        let limit = job.pacing.max_attempts;
        let gave_up = limit.is_some_and(|max| attempts >= i64::from(max));
        if gave_up {
            let error = format!("gave up after {attempts} attempts: {reason}");
            self.store
                .finish_recipient(r.id, RecipientStatus::Failed, None, Some(&error), now)
                .await?;
            self.store.set_next_send_at(&job.job_id, now).await?;
        } else {
            let wait = backoff(&e, attempts, limit.is_some());
            self.store.set_next_send_at(&job.job_id, now + wait).await?;
        }
        if let Some(updated) = self.store.job(&job.job_id).await? {
            self.job_event(&updated, types::JOB_PROGRESS).await?;
        }
        tracing::info!(job_id = %job.job_id, attempts, gave_up, "send to retry later");
        Ok(gave_up)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gerbang_core::device::DeviceStatus;

    #[test]
    fn backoff_doubles_up_to_five_minutes_and_honours_rate_limits() {
        let nc = AppError::DeviceNotConnected {
            status: DeviceStatus::Disconnected,
        };
        let secs = |e: &AppError, n, l| backoff(e, n, l).num_seconds();
        assert_eq!(
            [1, 2, 3, 4, 7, 60].map(|n| secs(&nc, n, true)),
            [5, 10, 20, 40, 300, 300]
        );
        assert_eq!(secs(&nc, 9, false), 5, "unlimited jobs keep a fixed wait");
        let rl = AppError::RateLimited {
            retry_after_secs: Some(60),
        };
        assert_eq!(secs(&rl, 1, true), 60);
        assert_eq!(secs(&rl, 8, true), 300);
        let rl_none = AppError::RateLimited {
            retry_after_secs: None,
        };
        assert_eq!(secs(&rl_none, 1, false), 60);
    }
}
