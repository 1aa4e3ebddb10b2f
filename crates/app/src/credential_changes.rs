//! Tells open streams that a credential may have stopped admitting its holder (an account locked
//! or deleted, a password changed or reset, a key revoked, a session ended, a device deleted),
//! so they check at once instead of polling: an idle stream then costs nothing between changes.
//! Changes made by another process on the same database are not announced here; streams still
//! check on a slow timer for those (and for tokens that expire).

use std::sync::Arc;

use tokio::sync::watch;

/// A generation counter: each change bumps it, and a check is only shared between streams
/// when it was made at the current generation.
#[derive(Clone)]
pub struct CredentialChanges {
    generation: Arc<watch::Sender<u64>>,
}

impl Default for CredentialChanges {
    fn default() -> Self {
        Self {
            generation: Arc::new(watch::channel(0).0),
        }
    }
}

impl CredentialChanges {
    /// Call after the change is committed.
    pub fn changed(&self) {
        self.generation.send_modify(|g| *g += 1);
    }

    pub fn generation(&self) -> u64 {
        *self.generation.borrow()
    }

    /// Wakes on each change after this call.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.generation.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_change_wakes_subscribers_and_moves_the_generation() {
        let changes = CredentialChanges::default();
        let mut rx = changes.subscribe();
        assert!(!rx.has_changed().unwrap());
        let before = changes.generation();
        changes.changed();
        tokio::time::timeout(std::time::Duration::from_secs(1), rx.changed())
            .await
            .expect("woken")
            .unwrap();
        assert_eq!(changes.generation(), before + 1);
        assert!(!rx.has_changed().unwrap());
    }
}
