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
