//! Knobs of the simulated network. The defaults copy WhatsApp's own timings where it has them
//! (QR lifetimes and count), and pick short, human-watchable delays for everything else.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimConfig {
    /// Seeds the one random generator behind codes, ids and phone numbers, so a run can be replayed.
    pub seed: u64,
    /// Lifetime of the first QR code (WhatsApp: 60 s).
    pub qr_first: Duration,
    /// Lifetime of every later QR code (WhatsApp: 20 s).
    pub qr_next: Duration,
    /// How many QR codes a pairing attempt shows before `QrExhausted`.
    pub qr_count: u32,
    /// Time to "connect" with a stored session (and for each reconnect attempt).
    pub connect_delay: Duration,
    /// Delay from a send to its `Delivered` receipt.
    pub delivered_after: Duration,
    /// Delay from a send to its `Read` receipt (and `Played` for voice notes).
    pub read_after: Duration,
    /// Delay before a virtual contact's auto-reply arrives.
    pub reply_after: Duration,
    /// First reconnect backoff; doubles on each failed attempt, capped at `reconnect_max`.
    pub reconnect_base: Duration,
    pub reconnect_max: Duration,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 42,
            qr_first: Duration::from_secs(60),
            qr_next: Duration::from_secs(20),
            qr_count: 6,
            connect_delay: Duration::from_millis(200),
            delivered_after: Duration::from_secs(1),
            read_after: Duration::from_secs(3),
            reply_after: Duration::from_secs(2),
            reconnect_base: Duration::from_secs(1),
            reconnect_max: Duration::from_secs(30),
        }
    }
}

impl SimConfig {
    /// Backoff before reconnect attempt `attempt` (attempt 1 is the first connect, which has none;
    /// attempt 2 waits `reconnect_base`, attempt 3 twice that, and so on).
    pub(crate) fn reconnect_delay(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(2).min(31);
        self.reconnect_base
            .saturating_mul(1u32 << doublings)
            .min(self.reconnect_max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconnect_backoff_doubles_and_caps() {
        let c = SimConfig::default();
        let secs: Vec<u64> = (2..=9).map(|a| c.reconnect_delay(a).as_secs()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(c.reconnect_delay(u32::MAX), Duration::from_secs(30));
    }
}
