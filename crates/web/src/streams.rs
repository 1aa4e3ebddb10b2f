//! The event streams and WebSockets open on this node, counted per user, so an operator can
//! see how many live clients there are (and a test can see that a browser holds only one).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use utoipa::ToSchema;

use gerbang_core::user::UserId;

#[derive(Debug, Default)]
pub struct OpenStreams {
    per_user: Mutex<BTreeMap<UserId, usize>>,
}

/// Counts one open stream until dropped.
pub struct StreamGuard {
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

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<UserId, usize>> {
        self.per_user.lock().unwrap_or_else(|p| p.into_inner())
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
