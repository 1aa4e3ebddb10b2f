//! Several gateway nodes on one PostgreSQL: who is alive, and which node runs each device.
//!
//! A node runs a device's session only while it holds the device's lease. A lease carries an
//! epoch from one database-wide sequence, so every new holder has a larger one than any before
//! it; the store checks the epoch inside every write that matters (a message, its status, the
//! device's state, a job recipient) and refuses the write once a newer holder exists. A node
//! that was paused or cut off past its lease therefore cannot change anything when it wakes up.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::StoreResult;

/// The lease name of a device's session.
pub fn device_lease(device_id: &str) -> String {
    format!("device:{device_id}")
}

/// The device a lease name is for, when it is a device's.
pub fn lease_device(name: &str) -> Option<&str> {
    name.strip_prefix("device:")
}

/// A node that announced itself, with when it last did.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfo {
    pub node_id: String,
    /// Where other nodes reach it (forwarded requests).
    pub address: String,
    pub started_at: DateTime<Utc>,
    pub heartbeat_at: DateTime<Utc>,
    /// A hash of the node-to-node key: nodes that disagree on it sign tokens with different
    /// secrets and cannot forward to each other. Not the key itself.
    #[serde(skip)]
    pub key_check: String,
}

/// One lease as the database holds it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LeaseInfo {
    pub name: String,
    pub node_id: String,
    /// Larger for every new holder.
    pub epoch: i64,
    pub acquired_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// The cluster's side of the store, for one node. The leases it holds are remembered by the
/// store, which fences its own writes with them.
#[async_trait]
pub trait ClusterStore: Send + Sync {
    /// This node's id.
    fn node_id(&self) -> &str;
    /// Announces the node (again, after a restart with the same id) with its key check.
    async fn join(&self, address: &str, key_check: &str) -> StoreResult<()>;
    /// Releases every lease this node holds and forgets the node: a graceful stop.
    async fn leave(&self) -> StoreResult<()>;
    /// The heartbeat: marks the node alive and extends the leases it holds by `ttl`. Answers
    /// the leases it turned out not to hold any more (a newer holder took them); the store
    /// fences them from now on.
    async fn renew(&self, ttl: Duration) -> StoreResult<Vec<String>>;
    /// Takes a lease that nobody holds, that has expired, or that an earlier start of this node
    /// held; `None` when a live holder has it.
    async fn claim(&self, name: &str, ttl: Duration) -> StoreResult<Option<i64>>;
    /// Gives a lease up so that another node may take it at once.
    async fn release(&self, name: &str) -> StoreResult<()>;
    /// Forgets the leases this node holds without touching the database: after it could not
    /// renew them in time, they must be taken as lost.
    fn forget_all(&self) -> Vec<String>;
    /// Whether this node holds lease `name`, as far as it knows (without copying them all).
    fn holds(&self, name: &str) -> bool;
    /// The leases this node holds, as far as it knows.
    fn held(&self) -> Vec<String>;
    /// Nodes that announced themselves within `ttl`.
    async fn live_nodes(&self, ttl: Duration) -> StoreResult<Vec<NodeInfo>>;
    /// Every lease in the database, expired ones too.
    async fn leases(&self) -> StoreResult<Vec<LeaseInfo>>;
    /// The live node that holds a live lease `name`, if any.
    async fn holder(&self, name: &str) -> StoreResult<Option<NodeInfo>>;
    /// Devices whose sessions should run (restorable: connect-on-start and linked) but whose
    /// lease nobody holds, oldest first.
    async fn orphaned_devices(&self, limit: i64) -> StoreResult<Vec<String>>;
    /// How many devices should run somewhere (as for [`Self::orphaned_devices`]).
    async fn runnable_devices(&self) -> StoreResult<i64>;
    /// Of the devices this node holds, those that should run (linked, connect-on-start): the
    /// ones that count towards its share and may be handed over. A device still being paired
    /// stays where its QR code is.
    async fn runnable_held(&self) -> StoreResult<Vec<String>>;
    /// Counts one attempt against `key` in the current window of length `window`, for limits
    /// that must hold across nodes (sign-in): how many the window holds now, this one included,
    /// and how long until it ends.
    async fn count_attempt(&self, key: &str, window: Duration) -> StoreResult<(i64, Duration)>;
}

/// Wakes the event streams of every node as soon as one appends (PostgreSQL's LISTEN/NOTIFY):
/// the wake-up carries the newest id only; the log stays the truth, and each node still reads
/// it once a second in case a wake-up is lost.
#[async_trait]
pub trait EventSignal: Send + Sync {
    /// Tells the other nodes that the log grew to `newest`.
    async fn announce(&self, newest: i64) -> StoreResult<()>;
    /// Waits for the next announcement from any node.
    async fn next(&self) -> StoreResult<i64>;
}
