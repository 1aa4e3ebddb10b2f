//! The scheduler's clock: real time, which the simulator may move forward so that tests and
//! demos see hours of pacing in seconds.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use tokio::sync::Notify;

#[derive(Default)]
pub struct Clock {
    offset: Mutex<Duration>,
    /// Woken when the clock moves, so the schedulers look again at once.
    pub moved: Notify,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + *self.offset.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Moves the clock so that it reads `at` now (forward only: schedulers never see time
    /// run backwards).
    pub fn set(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        {
            let mut offset = self.offset.lock().unwrap_or_else(|e| e.into_inner());
            let wanted = at - Utc::now();
            if wanted > *offset {
                *offset = wanted;
            }
        }
        self.moved.notify_waiters();
        self.now()
    }

    pub fn advance(&self, by: Duration) -> DateTime<Utc> {
        self.set(self.now() + by)
    }

    /// How far ahead of real time the clock runs.
    pub fn offset(&self) -> Duration {
        *self.offset.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl crate::App {
    /// Moves the schedulers' clock (the simulator's `advance`/`set`) and keeps the new offset,
    /// so a restart does not put the clock back behind jobs paced in simulated time.
    pub async fn move_clock(&self, to: ClockMove) -> crate::AppResult<DateTime<Utc>> {
        let now = match to {
            ClockMove::By(by) => self.clock.advance(by),
            ClockMove::To(at) => self.clock.set(at),
        };
        let offset = self.clock.offset().num_milliseconds();
        self.store.save_clock_offset(offset).await?;
        Ok(now)
    }

    /// At start-up, with the simulator enabled: the clock resumes where it was moved to.
    /// Without the simulator the clock is real time; a kept offset is left unused.
    pub async fn restore_clock(&self) -> crate::AppResult<()> {
        let sim = gerbang_core::engine::EngineKind::Sim;
        let Some(offset) = self.store.clock_offset().await? else {
            return Ok(());
        };
        if self.runtime.engines().is_enabled(sim) {
            self.clock.set(Utc::now() + Duration::milliseconds(offset));
            tracing::info!(
                offset_ms = offset,
                "[simulated] the schedulers' clock resumes ahead of real time"
            );
        } else if offset != 0 {
            tracing::warn!(offset_ms = offset, "the simulator moved the clock once; it runs on real time now that the simulator is off");
        }
        Ok(())
    }
}

/// Where the simulator moves the clock to.
pub enum ClockMove {
    By(Duration),
    To(DateTime<Utc>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_forward_only() {
        let c = Clock::default();
        let start = c.now();
        let later = c.advance(Duration::hours(5));
        assert!(later - start >= Duration::hours(5));
        c.set(start);
        assert!(c.now() >= later);
    }
}
