//! Several nodes on one PostgreSQL (issue #17): each device's session runs on the one node that
//! holds its lease (see `gerbang_core::cluster` for the fencing). This module keeps a node's
//! share: it renews the leases in the background, drops the sessions of leases it lost, takes
//! over devices whose node died (after settling their sends that were in flight, as a restart
//! would), and hands devices over when another node has too few.
//!
//! A node alone (SQLite, or PostgreSQL with one node) holds every lease and behaves as before.

pub mod forward;
mod limits;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use utoipa::ToSchema;

use gerbang_core::cluster::{device_lease, lease_device, ClusterStore, LeaseInfo};
use gerbang_core::device::DeviceStatus;

use crate::{App, AppError, AppResult};

/// How a node takes part in a cluster.
#[derive(Debug, Clone)]
pub struct ClusterSettings {
    /// Unique among the live nodes; a node that restarts with the same id takes its devices
    /// back at once.
    pub node_id: String,
    /// Where the other nodes reach this one.
    pub address: String,
    /// How long a lease lasts unless renewed (renewed every third of it). A node that stops
    /// renewing loses its devices this long after its last renewal.
    pub lease_ttl: Duration,
    /// The most devices this node runs (0: no cap beyond an even share).
    pub max_devices: usize,
}

/// The devices of a handed-over or taken-over session say why they are reconnecting.
pub const MOVING: &str = "moving to another gateway node";

/// This node's membership.
pub struct Cluster {
    store: Arc<dyn ClusterStore>,
    settings: ClusterSettings,
    /// When the leases were last renewed: past the lease's lifetime they count as lost, since
    /// another node may hold them by now.
    renewed: Mutex<Instant>,
    /// No other node was alive when this one started: the start-up recovery was all its own.
    alone_at_start: AtomicBool,
}

impl Cluster {
    pub fn new(store: Arc<dyn ClusterStore>, settings: ClusterSettings) -> Arc<Self> {
        Arc::new(Self {
            store,
            settings,
            renewed: Mutex::new(Instant::now()),
            alone_at_start: AtomicBool::new(false),
        })
    }

    pub fn node_id(&self) -> &str {
        &self.settings.node_id
    }

    /// Whether this node found no other alive when it started (it then settled everything).
    pub fn alone_at_start(&self) -> bool {
        self.alone_at_start.load(Ordering::Relaxed)
    }

    /// Whether this node runs the device's session now.
    pub fn serves(&self, device_id: &str) -> bool {
        self.store.holds(&device_lease(device_id))
    }

    /// The devices whose leases this node holds.
    pub fn served_devices(&self) -> Vec<String> {
        let mut devices: Vec<String> = self
            .store
            .held()
            .iter()
            .filter_map(|n| lease_device(n).map(str::to_string))
            .collect();
        devices.sort();
        devices
    }

    /// Takes the device's lease; `false` when a live node holds it.
    pub async fn claim(&self, device_id: &str) -> AppResult<bool> {
        let name = device_lease(device_id);
        Ok(self
            .store
            .claim(&name, self.settings.lease_ttl)
            .await?
            .is_some())
    }

    pub async fn release(&self, device_id: &str) -> AppResult<()> {
        Ok(self.store.release(&device_lease(device_id)).await?)
    }

    /// Whether another node is alive to take this one's devices.
    pub async fn others_alive(&self) -> bool {
        self.store
            .live_nodes(self.settings.lease_ttl)
            .await
            .is_ok_and(|nodes| nodes.iter().any(|n| n.node_id != self.node_id()))
    }

    pub async fn leave(&self) -> AppResult<()> {
        Ok(self.store.leave().await?)
    }

    fn renew_every(&self) -> Duration {
        self.settings.lease_ttl / 3
    }

    /// Renews the leases; answers the devices this node lost (to a newer holder, or because it
    /// could not renew in time).
    async fn renew(&self) -> Vec<String> {
        let lost = match self.store.renew(self.settings.lease_ttl).await {
            Ok(lost) => {
                *self.renewed.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
                lost
            }
            Err(e) => {
                let since = self
                    .renewed
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .elapsed();
                tracing::warn!(error = %e, "cannot renew this node's leases");
                if since < self.settings.lease_ttl {
                    return Vec::new();
                }
                self.store.forget_all()
            }
        };
        lost.iter()
            .filter_map(|n| lease_device(n).map(str::to_string))
            .collect()
    }
}

/// `GET /api/admin/cluster`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClusterView {
    /// `false` on SQLite: one node, no leases.
    pub enabled: bool,
    /// The node that answered.
    pub node_id: Option<String>,
    pub lease_ttl_secs: u64,
    pub nodes: Vec<ClusterNode>,
    /// Devices that should run but whose lease nobody holds now (being taken over).
    pub unassigned: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClusterNode {
    pub node_id: String,
    /// Where the other nodes reach it.
    pub address: String,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub heartbeat_at: chrono::DateTime<chrono::Utc>,
    /// Seconds since its last heartbeat.
    pub heartbeat_age_secs: f64,
    pub devices: Vec<ClusterLease>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClusterLease {
    pub device_id: String,
    pub epoch: i64,
    /// Seconds since this node took the device.
    pub age_secs: f64,
    /// Seconds until the lease runs out unless renewed.
    pub expires_in_secs: f64,
}

fn secs(d: chrono::Duration) -> f64 {
    (d.num_milliseconds() as f64 / 1000.0 * 10.0).round() / 10.0
}

impl App {
    /// Brings back the devices that should run: alone, all of them (as before clusters); in a
    /// cluster, this node's share, after announcing itself.
    pub async fn restore_devices(&self, real_per_second: u32) -> AppResult<()> {
        let Some(cluster) = self.runtime.cluster().cloned() else {
            return self.runtime.restore(real_per_second).await;
        };
        // Read once, before joining: a node that will not stay never counts as a member.
        let others: Vec<_> = cluster
            .store
            .live_nodes(cluster.settings.lease_ttl)
            .await?
            .into_iter()
            .filter(|n| n.node_id != cluster.node_id())
            .collect();
        let key_check = forward::key_check(&self.tokens.node_key);
        if let Some(other) = others
            .iter()
            .find(|n| !n.key_check.is_empty() && n.key_check != key_check)
        {
            // Tokens signed here would be refused there, and neither could forward to the other.
            return Err(AppError::Conflict {
                field: None,
                message: format!(
                    "node {} runs with a different GERBANG_JWT_SECRET: every node on one \
                     database needs the same secret",
                    other.node_id
                ),
            });
        }
        cluster
            .store
            .join(&cluster.settings.address, &key_check)
            .await?;
        // Nobody else runs anything: what any node left in flight (devices that will not come
        // back included) is settled now, as a restart alone does. With others alive, each
        // device is settled by whoever takes it over.
        if others.is_empty() {
            cluster.alone_at_start.store(true, Ordering::Relaxed);
            self.runtime.settle_pending(None).await?;
        }
        self.settle_unlinked(&cluster).await?;
        self.balance(&cluster, real_per_second).await
    }

    /// A device that never got linked has nothing to reconnect with; the node that finds it
    /// unheld stops it (as a restart alone does).
    async fn settle_unlinked(&self, cluster: &Cluster) -> AppResult<()> {
        for device in self.store.auto_connect_devices().await? {
            if device.phone_number.is_some() || !cluster.claim(&device.device_id).await? {
                continue;
            }
            self.runtime.settle_unlinked(&device).await?;
            cluster.release(&device.device_id).await?;
        }
        Ok(())
    }

    /// Renews this node's leases every third of their lifetime, drops the sessions of lost
    /// ones and keeps its share of the devices. Nothing to run for a node alone.
    pub fn spawn_cluster(&self, real_per_second: u32) -> Option<tokio::task::JoinHandle<()>> {
        let cluster = self.runtime.cluster().cloned()?;
        let every = cluster.renew_every();
        let ticks = move || {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tick
        };
        // Apart, so that a slow takeover never delays the heartbeat.
        let renew = {
            let (app, cluster, mut tick) = (self.clone(), cluster.clone(), ticks());
            async move {
                loop {
                    tick.tick().await;
                    for device_id in cluster.renew().await {
                        tracing::warn!(%device_id, "lease lost: another node runs this device now");
                        app.runtime.drop_session(&device_id).await;
                    }
                }
            }
        };
        let balance = {
            let (app, mut tick) = (self.clone(), ticks());
            async move {
                tick.tick().await;
                loop {
                    tick.tick().await;
                    if let Err(e) = app.balance(&cluster, real_per_second).await {
                        tracing::warn!(error = %e, "cannot balance devices across nodes");
                    }
                }
            }
        };
        Some(tokio::spawn(async move {
            tokio::join!(renew, balance);
        }))
    }

    /// Takes devices nobody runs, up to an even share (and the cap), or hands some over when
    /// this node runs more than its share and another node fewer.
    async fn balance(&self, cluster: &Cluster, real_per_second: u32) -> AppResult<()> {
        let ttl = cluster.settings.lease_ttl;
        let nodes = cluster.store.live_nodes(ttl).await?.len().max(1);
        let runnable = usize::try_from(cluster.store.runnable_devices().await?).unwrap_or(0);
        let share = runnable.div_ceil(nodes);
        let cap = match cluster.settings.max_devices {
            0 => share,
            max => share.min(max),
        };
        let held = cluster.store.runnable_held().await?;
        let mine = held.len();
        if mine < cap {
            let limit = i64::try_from(cap - mine).unwrap_or(i64::MAX);
            let orphans = cluster.store.orphaned_devices(limit).await?;
            // Side by side: one device after another, the five commits of each took a
            // thousand devices four seconds to take over after a restart. A `Vec` built first
            // keeps this future `Send` (rust#64552).
            let takes: Vec<_> = orphans
                .iter()
                .map(|device_id| self.claim_and_take_over(cluster, device_id))
                .collect();
            let outcomes: Vec<AppResult<Option<gerbang_core::device::Device>>> = {
                use futures_util::StreamExt;
                futures_util::stream::iter(takes)
                    .buffered(crate::runtime::RESTORE_AT_ONCE)
                    .collect()
                    .await
            };
            let mut taken = Vec::new();
            let mut failed = None;
            for outcome in outcomes {
                match outcome {
                    Ok(Some(device)) => taken.push(device),
                    Ok(None) => {}
                    Err(e) => failed = failed.or(Some(e)),
                }
            }
            // What was taken runs, even when taking another failed (it is tried again at the
            // next balance).
            if !taken.is_empty() {
                tracing::info!(devices = taken.len(), "taking over devices");
                let runtime = self.runtime.clone();
                tokio::spawn(async move { runtime.reconnect_all(taken, real_per_second).await });
            }
            if let Some(e) = failed {
                return Err(e);
            }
        } else if mine > share + 1 {
            // A few at a time, so that a node joining does not make all others drop at once.
            const HAND_OVER_AT_ONCE: usize = 8;
            let extra = (mine - share).min(HAND_OVER_AT_ONCE);
            for device_id in held.into_iter().rev().take(extra) {
                self.runtime.drop_session(&device_id).await;
                self.runtime
                    .set_status(&device_id, DeviceStatus::Connecting, Some(MOVING))
                    .await?;
                cluster.release(&device_id).await?;
            }
            tracing::info!(devices = extra, "handed devices over to other nodes");
        }
        Ok(())
    }

    /// Takes the device's lease if nobody holds it, then takes it over.
    async fn claim_and_take_over(
        &self,
        cluster: &Cluster,
        device_id: &str,
    ) -> AppResult<Option<gerbang_core::device::Device>> {
        if !cluster.claim(device_id).await? {
            return Ok(None);
        }
        self.take_over(device_id).await
    }

    /// After this node took a device's lease: what was in flight on the node that ran it is
    /// settled as after a crash (pending sends `uncertain`, job sends `uncertain`, overdue
    /// schedules `missed`), and the device shows `connecting`.
    async fn take_over(&self, device_id: &str) -> AppResult<Option<gerbang_core::device::Device>> {
        let Some(device) = self.store.device(device_id).await? else {
            return Ok(None);
        };
        // First, so that nothing here sends on the strength of the old node's `connected`.
        self.runtime
            .set_status(device_id, DeviceStatus::Connecting, None)
            .await?;
        self.runtime.settle_pending(Some(device_id)).await?;
        self.settle_jobs(Some(device_id)).await?;
        Ok(Some(device))
    }

    /// The nodes, their devices and their leases' ages (administrators).
    pub async fn cluster_view(&self) -> AppResult<ClusterView> {
        let Some(cluster) = self.runtime.cluster() else {
            return Ok(ClusterView {
                enabled: false,
                node_id: None,
                lease_ttl_secs: 0,
                nodes: Vec::new(),
                unassigned: Vec::new(),
            });
        };
        let ttl = cluster.settings.lease_ttl;
        let now = chrono::Utc::now();
        let leases: Vec<LeaseInfo> = cluster.store.leases().await?;
        let nodes = cluster
            .store
            .live_nodes(ttl)
            .await?
            .into_iter()
            .map(|node| {
                let devices = leases
                    .iter()
                    .filter(|l| l.node_id == node.node_id && l.expires_at > now)
                    .filter_map(|l| {
                        Some(ClusterLease {
                            device_id: lease_device(&l.name)?.to_string(),
                            epoch: l.epoch,
                            age_secs: secs(now - l.acquired_at),
                            expires_in_secs: secs(l.expires_at - now),
                        })
                    })
                    .collect();
                ClusterNode {
                    heartbeat_age_secs: secs(now - node.heartbeat_at),
                    node_id: node.node_id,
                    address: node.address,
                    started_at: node.started_at,
                    heartbeat_at: node.heartbeat_at,
                    devices,
                }
            })
            .collect();
        let unassigned = cluster.store.orphaned_devices(1000).await?;
        Ok(ClusterView {
            enabled: true,
            node_id: Some(cluster.node_id().to_string()),
            lease_ttl_secs: ttl.as_secs(),
            nodes,
            unassigned,
        })
    }
}

/// The error for a device another node runs.
pub(crate) fn served_elsewhere(device_id: &str) -> AppError {
    AppError::Unavailable(format!(
        "device {device_id} is served by another gateway node now; try again"
    ))
}
