//! Leases and node heartbeats on PostgreSQL (see `gerbang_core::cluster`), and the fence every
//! write that matters passes through.
//!
//! The leases a node holds live in [`Fences`], which the store shares with its writers: a write
//! for a device checks, in its own transaction, that the device's lease row (if there is one)
//! names this node with the epoch this node took it with. `FOR SHARE` makes a takeover (an
//! update of that row) wait for the write to commit, so nothing the old holder writes can land
//! after the new holder took over. A device without a lease row belongs to nobody and is not
//! fenced (a device that is not running, or a single node that never claims anything).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::PgPool;

use gerbang_core::cluster::{device_lease, ClusterStore, LeaseInfo, NodeInfo};
use gerbang_core::StoreResult;

use crate::db::Tx;
use crate::errors::map;

/// The leases this process holds, by name, with their epochs. Inactive (fencing nothing) until
/// the process joins a cluster.
#[derive(Default)]
pub(crate) struct Fences {
    node: OnceLock<String>,
    held: Mutex<HashMap<String, i64>>,
}

impl Fences {
    fn held_mut(&self) -> std::sync::MutexGuard<'_, HashMap<String, i64>> {
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether this process joined a cluster (and so fences its writes).
    pub(crate) fn active(&self) -> bool {
        self.node.get().is_some()
    }

    fn epoch(&self, name: &str) -> Option<i64> {
        self.held_mut().get(name).copied()
    }
}

/// Why a write was refused; carried through sqlx's error so that a batch fails like any other
/// failed write and the store maps it to `StoreError::Fenced`.
#[derive(Debug, thiserror::Error)]
#[error("device {0} is served by another node now")]
pub(crate) struct FencedWrite(pub(crate) String);

/// One query for the lease rows of `devices`, locked `FOR SHARE` until the transaction ends.
async fn fenced_pg(
    fences: &Fences,
    conn: &mut sqlx::PgConnection,
    devices: &[String],
) -> Result<(), sqlx::Error> {
    let Some(node) = fences.node.get() else {
        return Ok(());
    };
    let names: Vec<String> = devices.iter().map(|d| device_lease(d)).collect();
    let holders: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT name, node_id, epoch FROM leases WHERE name = ANY($1) ORDER BY name FOR SHARE",
    )
    .bind(&names)
    .fetch_all(conn)
    .await?;
    for (name, holder, epoch) in holders {
        if &holder != node || fences.epoch(&name) != Some(epoch) {
            let device = gerbang_core::cluster::lease_device(&name).unwrap_or(&name);
            return Err(sqlx::Error::Decode(Box::new(FencedWrite(
                device.to_string(),
            ))));
        }
    }
    Ok(())
}

/// Checks every device of a batch with one query before its writes; the devices checked go
/// into `checked`, so the writes do not check them again. SQLite is one node and fences nothing.
pub(crate) async fn check_all(
    fences: &Fences,
    tx: &mut Tx,
    checked: &mut Vec<String>,
    devices: Vec<String>,
) -> StoreResult<()> {
    if fences.node.get().is_none() || devices.is_empty() {
        return Ok(());
    }
    if let Tx::Postgres(conn) = tx {
        fenced_pg(fences, conn, &devices).await.map_err(map)?;
    }
    checked.extend(devices);
    Ok(())
}

/// Checks each device once per transaction (`checked` holds those already checked).
pub(crate) async fn check_once(
    fences: &Fences,
    tx: &mut Tx,
    checked: &mut Vec<String>,
    device_id: &str,
) -> StoreResult<()> {
    if fences.node.get().is_none() || checked.iter().any(|d| d == device_id) {
        return Ok(());
    }
    check_all(fences, tx, checked, vec![device_id.to_string()]).await
}

/// A row of `cluster_nodes`.
#[derive(sqlx::FromRow)]
struct NodeRow {
    node_id: String,
    address: String,
    started_at: DateTime<Utc>,
    heartbeat_at: DateTime<Utc>,
    key_check: String,
}

impl From<NodeRow> for NodeInfo {
    fn from(r: NodeRow) -> Self {
        NodeInfo {
            node_id: r.node_id,
            address: r.address,
            started_at: r.started_at,
            heartbeat_at: r.heartbeat_at,
            key_check: r.key_check,
        }
    }
}

/// One node's view of the cluster tables.
pub struct PgCluster {
    pool: PgPool,
    fences: Arc<Fences>,
    address: OnceLock<String>,
    /// Attempts counted by this process, to clear old windows every so often.
    attempts: AtomicU64,
}

impl PgCluster {
    pub(crate) fn new(pool: PgPool, fences: Arc<Fences>, node_id: &str) -> Result<Self, String> {
        let node = fences.node.get_or_init(|| node_id.to_string());
        if node != node_id {
            return Err(format!("this store already serves node {node}"));
        }
        Ok(Self {
            pool,
            fences,
            address: OnceLock::new(),
            attempts: AtomicU64::new(0),
        })
    }

    fn node(&self) -> &str {
        self.fences.node.get().map(String::as_str).unwrap_or("")
    }

    fn held_pairs(&self) -> (Vec<String>, Vec<i64>) {
        self.fences
            .held_mut()
            .iter()
            .map(|(n, e)| (n.clone(), *e))
            .unzip()
    }
}

/// PostgreSQL's `lock_not_available`, what `lock_timeout` raises.
const LOCK_NOT_AVAILABLE: &str = "55P03";

fn millis(ttl: Duration) -> i64 {
    i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX)
}

#[async_trait]
impl ClusterStore for PgCluster {
    fn node_id(&self) -> &str {
        self.node()
    }

    async fn join(&self, address: &str, key_check: &str) -> StoreResult<()> {
        let _ = self.address.set(address.to_string());
        sqlx::query(
            "INSERT INTO cluster_nodes (node_id, address, started_at, heartbeat_at, key_check) \
             VALUES ($1, $2, now(), now(), $3) ON CONFLICT (node_id) DO UPDATE \
             SET address = EXCLUDED.address, started_at = now(), heartbeat_at = now(), \
             key_check = EXCLUDED.key_check",
        )
        .bind(self.node())
        .bind(address)
        .bind(key_check)
        .execute(&self.pool)
        .await
        .map_err(map)?;
        Ok(())
    }

    async fn leave(&self) -> StoreResult<()> {
        let (names, epochs) = self.held_pairs();
        let mut tx = self.pool.begin().await.map_err(map)?;
        sqlx::query(
            "DELETE FROM leases WHERE node_id = $1 \
             AND (name, epoch) IN (SELECT * FROM UNNEST($2::text[], $3::bigint[]))",
        )
        .bind(self.node())
        .bind(&names)
        .bind(&epochs)
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        sqlx::query("DELETE FROM cluster_nodes WHERE node_id = $1")
            .bind(self.node())
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        tx.commit().await.map_err(map)?;
        self.fences.held_mut().clear();
        Ok(())
    }

    async fn renew(&self, ttl: Duration) -> StoreResult<Vec<String>> {
        let address = self.address.get().cloned().unwrap_or_default();
        sqlx::query(
            "INSERT INTO cluster_nodes (node_id, address, started_at, heartbeat_at) \
             VALUES ($1, $2, now(), now()) ON CONFLICT (node_id) DO UPDATE \
             SET heartbeat_at = now()",
        )
        .bind(self.node())
        .bind(&address)
        .execute(&self.pool)
        .await
        .map_err(map)?;
        let (names, epochs) = self.held_pairs();
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let kept: Vec<(String, i64)> = sqlx::query_as(
            "UPDATE leases SET expires_at = now() + $2 * interval '1 millisecond' \
             WHERE node_id = $1 \
             AND (name, epoch) IN (SELECT * FROM UNNEST($3::text[], $4::bigint[])) \
             RETURNING name, epoch",
        )
        .bind(self.node())
        .bind(millis(ttl) as f64)
        .bind(&names)
        .bind(&epochs)
        .fetch_all(&self.pool)
        .await
        .map_err(map)?;
        let mut held = self.fences.held_mut();
        let lost: Vec<String> = names
            .into_iter()
            .zip(epochs)
            .filter(|(n, e)| !kept.iter().any(|(k, ke)| k == n && ke == e))
            .map(|(n, _)| n)
            .collect();
        for name in &lost {
            held.remove(name);
        }
        Ok(lost)
    }

    async fn claim(&self, name: &str, ttl: Duration) -> StoreResult<Option<i64>> {
        if let Some(epoch) = self.fences.epoch(name) {
            return Ok(Some(epoch));
        }
        // A row this node's id holds but this process does not know is an earlier start's
        // (node ids are unique among live nodes): taken over at once, with a new epoch.
        let mut tx = self.pool.begin().await.map_err(map)?;
        // A write of the old holder's that is still open holds the row: wait a moment, not
        // for as long as it takes (the next pass tries again).
        sqlx::query("SET LOCAL lock_timeout = '500ms'")
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        let epoch: Result<Option<i64>, _> = sqlx::query_scalar(
            "INSERT INTO leases (name, node_id, epoch, acquired_at, expires_at) \
             VALUES ($1, $2, nextval('lease_epochs'), now(), now() + $3 * interval '1 millisecond') \
             ON CONFLICT (name) DO UPDATE SET node_id = EXCLUDED.node_id, epoch = EXCLUDED.epoch, \
             acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at \
             WHERE leases.expires_at < now() OR leases.node_id = EXCLUDED.node_id \
             RETURNING epoch",
        )
        .bind(name)
        .bind(self.node())
        .bind(millis(ttl) as f64)
        .fetch_optional(&mut *tx)
        .await;
        let epoch = match epoch {
            Ok(epoch) => epoch,
            Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some(LOCK_NOT_AVAILABLE) => {
                None
            }
            Err(e) => return Err(map(e)),
        };
        tx.commit().await.map_err(map)?;
        if let Some(epoch) = epoch {
            self.fences.held_mut().insert(name.to_string(), epoch);
        }
        Ok(epoch)
    }

    async fn release(&self, name: &str) -> StoreResult<()> {
        let Some(epoch) = self.fences.held_mut().remove(name) else {
            return Ok(());
        };
        sqlx::query("DELETE FROM leases WHERE name = $1 AND node_id = $2 AND epoch = $3")
            .bind(name)
            .bind(self.node())
            .bind(epoch)
            .execute(&self.pool)
            .await
            .map_err(map)?;
        Ok(())
    }

    fn forget_all(&self) -> Vec<String> {
        self.fences.held_mut().drain().map(|(n, _)| n).collect()
    }

    fn holds(&self, name: &str) -> bool {
        self.fences.epoch(name).is_some()
    }

    fn held(&self) -> Vec<String> {
        self.fences.held_mut().keys().cloned().collect()
    }

    async fn live_nodes(&self, ttl: Duration) -> StoreResult<Vec<NodeInfo>> {
        let rows: Vec<NodeRow> = sqlx::query_as(
            "SELECT node_id, address, started_at, heartbeat_at, key_check FROM cluster_nodes \
             WHERE heartbeat_at >= now() - $1 * interval '1 millisecond' ORDER BY node_id",
        )
        .bind(millis(ttl) as f64)
        .fetch_all(&self.pool)
        .await
        .map_err(map)?;
        Ok(rows.into_iter().map(NodeInfo::from).collect())
    }

    async fn leases(&self) -> StoreResult<Vec<LeaseInfo>> {
        let rows: Vec<(String, String, i64, DateTime<Utc>, DateTime<Utc>)> = sqlx::query_as(
            "SELECT name, node_id, epoch, acquired_at, expires_at FROM leases ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(map)?;
        Ok(rows
            .into_iter()
            .map(
                |(name, node_id, epoch, acquired_at, expires_at)| LeaseInfo {
                    name,
                    node_id,
                    epoch,
                    acquired_at,
                    expires_at,
                },
            )
            .collect())
    }

    async fn holder(&self, name: &str) -> StoreResult<Option<NodeInfo>> {
        let row: Option<NodeRow> = sqlx::query_as(
            "SELECT n.node_id, n.address, n.started_at, n.heartbeat_at, n.key_check \
             FROM leases l JOIN cluster_nodes n ON n.node_id = l.node_id \
             WHERE l.name = $1 AND l.expires_at >= now()",
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await
        .map_err(map)?;
        Ok(row.map(NodeInfo::from))
    }

    async fn orphaned_devices(&self, limit: i64) -> StoreResult<Vec<String>> {
        let (_, epochs) = self.held_pairs();
        sqlx::query_scalar(
            "SELECT d.device_id FROM devices d \
             WHERE d.auto_connect AND d.phone_number IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM leases l WHERE l.name = 'device:' || d.device_id \
               AND l.expires_at >= now() AND NOT (l.node_id = $1 AND l.epoch <> ALL($2))) \
             ORDER BY d.id LIMIT $3",
        )
        .bind(self.node())
        .bind(&epochs)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(map)
    }

    async fn runnable_held(&self) -> StoreResult<Vec<String>> {
        let devices: Vec<String> = self
            .fences
            .held_mut()
            .keys()
            .filter_map(|n| gerbang_core::cluster::lease_device(n).map(str::to_string))
            .collect();
        sqlx::query_scalar(
            "SELECT device_id FROM devices WHERE auto_connect AND phone_number IS NOT NULL \
             AND device_id = ANY($1) ORDER BY id",
        )
        .bind(&devices)
        .fetch_all(&self.pool)
        .await
        .map_err(map)
    }

    async fn count_attempt(&self, key: &str, window: Duration) -> StoreResult<(i64, Duration)> {
        // Old windows are cleared now and then; one row per client address stays otherwise.
        if self.attempts.fetch_add(1, Ordering::Relaxed) % 1000 == 999 {
            sqlx::query("DELETE FROM attempt_windows WHERE ends_at < now() - interval '1 hour'")
                .execute(&self.pool)
                .await
                .map_err(map)?;
        }
        let (count, left_ms): (i64, f64) = sqlx::query_as(
            "INSERT INTO attempt_windows AS w (key, ends_at, count) \
             VALUES ($1, now() + $2 * interval '1 millisecond', 1) \
             ON CONFLICT (key) DO UPDATE SET \
             count = CASE WHEN w.ends_at <= now() THEN 1 ELSE w.count + 1 END, \
             ends_at = CASE WHEN w.ends_at <= now() THEN EXCLUDED.ends_at ELSE w.ends_at END \
             RETURNING count::bigint, (EXTRACT(EPOCH FROM ends_at - now()) * 1000)::float8",
        )
        .bind(key)
        .bind(millis(window) as f64)
        .fetch_one(&self.pool)
        .await
        .map_err(map)?;
        Ok((count, Duration::from_millis(left_ms.max(0.0) as u64)))
    }

    async fn runnable_devices(&self) -> StoreResult<i64> {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM devices WHERE auto_connect AND phone_number IS NOT NULL",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(map)
    }
}

/// The channel the nodes announce new events on.
const EVENTS_CHANNEL: &str = "gerbang_events";

/// LISTEN/NOTIFY on one dedicated connection (listening) and the pool (announcing).
pub struct PgEventSignal {
    pool: PgPool,
    listener: tokio::sync::Mutex<Option<sqlx::postgres::PgListener>>,
}

impl PgEventSignal {
    pub(crate) fn new(pool: PgPool) -> Self {
        Self {
            pool,
            listener: tokio::sync::Mutex::new(None),
        }
    }
}

#[async_trait]
impl gerbang_core::cluster::EventSignal for PgEventSignal {
    async fn announce(&self, newest: i64) -> StoreResult<()> {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(EVENTS_CHANNEL)
            .bind(newest.to_string())
            .execute(&self.pool)
            .await
            .map_err(map)?;
        Ok(())
    }

    async fn next(&self) -> StoreResult<i64> {
        let mut listener = self.listener.lock().await;
        loop {
            if listener.is_none() {
                let mut l = sqlx::postgres::PgListener::connect_with(&self.pool)
                    .await
                    .map_err(map)?;
                l.listen(EVENTS_CHANNEL).await.map_err(map)?;
                *listener = Some(l);
            }
            let Some(l) = listener.as_mut() else {
                continue;
            };
            match l.recv().await {
                Ok(n) => {
                    if let Ok(id) = n.payload().parse() {
                        return Ok(id);
                    }
                }
                Err(e) => {
                    *listener = None;
                    return Err(map(e));
                }
            }
        }
    }
}
