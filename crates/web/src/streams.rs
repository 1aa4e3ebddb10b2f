//! The event streams and WebSockets open on this node, counted per user, so an operator can
//! see how many live clients there are (and a test can see that a browser holds only one).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::OnceCell;
use tokio::time::Instant;

use serde::Serialize;
use utoipa::ToSchema;

use gerbang_core::user::UserId;

use crate::auth::Credential;
use crate::error::ApiError;

#[derive(Default)]
pub struct OpenStreams {
    per_user: Mutex<BTreeMap<UserId, usize>>,
    /// The latest check of each credential open streams hold, shared: the streams a dashboard's
    /// tabs or an integration open with one token cost one query a second, not one each.
    checks: Mutex<Checks>,
}

#[derive(Default)]
struct Checks {
    by_credential: HashMap<[u8; 32], Arc<Check>>,
    pruned: Option<Instant>,
}

/// One credential's check: started at `at`, answered once for everyone who asks meanwhile.
struct Check {
    at: Instant,
    /// The credential-change generation it was made at: after a change, no stream takes an
    /// answer given before it.
    generation: u64,
    result: OnceCell<Result<(), ApiError>>,
}

/// Counts one open stream until dropped.
pub struct StreamGuard {
    /// Also where the stream's credential checks are shared.
    streams: Arc<OpenStreams>,
    user: UserId,
}

/// How many event streams and WebSockets are open on this node.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StreamCounts {
    pub open: usize,
    /// Per user (a device API key's streams count for the device's owner).
    pub users: Vec<UserStreams>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserStreams {
    pub user_id: UserId,
    pub open: usize,
}

impl OpenStreams {
    pub fn open(self: &Arc<Self>, user: UserId) -> StreamGuard {
        *self.lock().entry(user).or_default() += 1;
        StreamGuard {
            streams: self.clone(),
            user,
        }
    }

    pub fn counts(&self) -> StreamCounts {
        let map = self.lock();
        StreamCounts {
            open: map.values().sum(),
            users: map
                .iter()
                .map(|(&user_id, &open)| UserStreams { user_id, open })
                .collect(),
        }
    }

    /// Whether `credential` still admits its holder, answered by a check made at most `fresh`
    /// ago and since the last credential change (or now, once, for all the streams that ask).
    pub(crate) async fn check(
        &self,
        app: &gerbang_app::App,
        credential: &Credential,
        fresh: Duration,
    ) -> Result<(), ApiError> {
        let check = {
            let mut checks = self.checks.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            if checks.pruned.is_none_or(|at| now - at >= fresh) {
                checks.by_credential.retain(|_, c| now - c.at < fresh);
                checks.pruned = Some(now);
            }
            let key = credential.digest();
            let generation = app.runtime.events.credentials.generation();
            match checks.by_credential.get(&key) {
                Some(c) if now - c.at < fresh && c.generation == generation => c.clone(),
                _ => {
                    let c = Arc::new(Check {
                        at: now,
                        generation,
                        result: OnceCell::new(),
                    });
                    checks.by_credential.insert(key, c.clone());
                    c
                }
            }
        };
        check
            .result
            .get_or_init(|| async { credential.check(app).await.map_err(ApiError::from) })
            .await
            .clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<UserId, usize>> {
        self.per_user.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl StreamGuard {
    pub(crate) fn streams(&self) -> &OpenStreams {
        &self.streams
    }
}

impl Drop for StreamGuard {
    fn drop(&mut self) {
        let mut map = self.streams.lock();
        if let Some(n) = map.get_mut(&self.user) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.user);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_follow_the_guards() {
        let s = Arc::new(OpenStreams::default());
        let a = s.open(1);
        let b = s.open(1);
        let c = s.open(2);
        assert_eq!(s.counts().open, 3);
        drop(a);
        drop(c);
        let now = s.counts();
        assert_eq!((now.open, now.users.len(), now.users[0].open), (1, 1, 1));
        drop(b);
        assert_eq!(s.counts().open, 0);
        assert!(s.counts().users.is_empty());
    }
}
