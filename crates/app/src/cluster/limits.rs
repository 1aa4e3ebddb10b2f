//! Limits that must hold across the nodes of a cluster: behind a round-robin load balancer each
//! node sees a share of a client's attempts, so a per-node limit would let N times as many
//! through. Each node keeps its own limiter as well (it turns floods away without the database).

use std::time::Duration;

use crate::App;

/// The window sign-in attempts are counted in.
const WINDOW: Duration = Duration::from_secs(60);

impl App {
    /// Counts one sign-in attempt from `client` against the limit every node shares;
    /// `Err(seconds to wait)` past `per_minute` (0: no limit). A node alone (SQLite) relies on
    /// its own limiter only.
    pub async fn shared_sign_in_attempt(&self, client: &str, per_minute: u32) -> Result<(), u64> {
        let Some(cluster) = self.runtime.cluster() else {
            return Ok(());
        };
        if per_minute == 0 {
            return Ok(());
        }
        let key = format!("sign-in:{client}");
        match cluster.store.count_attempt(&key, WINDOW).await {
            Ok((count, left)) if count > i64::from(per_minute) => {
                Err(left.as_secs() + u64::from(left.subsec_nanos() > 0))
            }
            Ok(_) => Ok(()),
            // The sign-in itself needs the database and fails on its own if it is gone.
            Err(e) => {
                tracing::warn!(error = %e, "cannot count a sign-in attempt across nodes");
                Ok(())
            }
        }
    }
}
