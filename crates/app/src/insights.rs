//! What administrators see across the system: global counts, one user's insights, one device's
//! health. Users reach their own statistics through [`App::device_statistics`] and
//! [`App::user_statistics`].

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use gerbang_core::audit::{AuditEntry, AuditFilter};
use gerbang_core::device::{Device, DeviceFilter, DeviceStatus};
use gerbang_core::stats::{ConnectionEntry, QueueDepth, StatsScope};
use gerbang_core::user::{User, UserId};
use gerbang_core::PageRequest;

use crate::stats::{PeriodQuery, Statistics};
use crate::{App, AppError, AppResult, Principal};

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserCounts {
    pub total: i64,
    pub active: i64,
    pub admins: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    pub total: i64,
    pub by_status: BTreeMap<String, i64>,
}

impl Tally {
    fn of(rows: Vec<(String, i64)>) -> Self {
        Self {
            total: rows.iter().map(|(_, n)| n).sum(),
            by_status: rows.into_iter().collect(),
        }
    }
}

/// The whole system: counts now, and the period's statistics over every device.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GlobalStats {
    pub users: UserCounts,
    pub devices: Tally,
    /// Every message ever stored (edits, deletions and reactions not counted).
    pub messages: i64,
    pub jobs: Tally,
    pub period: Statistics,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserInsights {
    pub user: User,
    pub devices: Vec<Device>,
    pub statistics: Statistics,
    /// The user's latest actions from the audit log.
    pub recent_actions: Vec<AuditEntry>,
    /// The latest connection changes of the user's devices.
    pub recent_connections: Vec<ConnectionEntry>,
}

#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct HealthQuery {
    /// The window uptime and reconnects are measured over, in hours (1 to 720, default 24).
    pub hours: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceHealth {
    pub device_id: String,
    pub status: DeviceStatus,
    /// When the current connection began, while connected.
    pub connected_since: Option<DateTime<Utc>>,
    pub window_hours: i64,
    /// Seconds connected within the window.
    pub uptime_secs: i64,
    /// `uptime_secs` over the window's length, 0 to 1.
    pub uptime_ratio: f64,
    /// Times the device (re)connected within the window.
    pub reconnects: i64,
    /// The latest disconnections with their reasons, newest first.
    pub last_errors: Vec<ConnectionEntry>,
    pub queue: QueueDepth,
}

/// Seconds connected in `[from, to)` given the state at `from` and the changes after it.
pub fn uptime(
    connected_at_start: bool,
    changes: &[ConnectionEntry],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> (i64, i64, Option<DateTime<Utc>>) {
    let mut up_since = connected_at_start.then_some(from);
    let (mut secs, mut reconnects) = (0, 0);
    for c in changes {
        let connected = c.status == DeviceStatus::Connected.as_str();
        match (up_since, connected) {
            (None, true) => {
                up_since = Some(c.at.max(from));
                reconnects += 1;
            }
            (Some(since), false) => {
                secs += (c.at.min(to) - since).num_seconds().max(0);
                up_since = None;
            }
            _ => {}
        }
    }
    if let Some(since) = up_since {
        secs += (to - since).num_seconds().max(0);
    }
    (secs, reconnects, up_since)
}

impl App {
    /// A device's statistics; in the time zone of the caller (or of the device's owner for an
    /// API key) unless the query names one.
    pub async fn device_statistics(
        &self,
        who: &Principal,
        device_id: &str,
        q: &PeriodQuery,
    ) -> AppResult<Statistics> {
        let device = self.device_for(who, device_id).await?;
        let tz = match who {
            Principal::User(u) => u.time_zone.clone(),
            Principal::ApiKey { .. } => self
                .store
                .user(device.user_id)
                .await?
                .map(|u| u.time_zone)
                .unwrap_or_else(|| "UTC".into()),
        };
        let period = q.resolve(&tz, Utc::now())?;
        self.statistics(&StatsScope::Device(device.device_id), &period)
            .await
    }

    /// Statistics over all of the user's own devices.
    pub async fn user_statistics(&self, user: &User, q: &PeriodQuery) -> AppResult<Statistics> {
        let period = q.resolve(&user.time_zone, Utc::now())?;
        self.statistics(&StatsScope::User(user.id), &period).await
    }

    pub async fn global_stats(&self, admin: &User, q: &PeriodQuery) -> AppResult<GlobalStats> {
        let period = q.resolve(&admin.time_zone, Utc::now())?;
        // The system's counts and the period's statistics read different tables: side by side.
        let (counts, statistics) = tokio::try_join!(
            async { Ok::<_, AppError>(self.store.global_counts().await?) },
            self.statistics(&StatsScope::All, &period),
        )?;
        Ok(GlobalStats {
            users: UserCounts {
                total: counts.users,
                active: counts.active_users,
                admins: counts.admins,
            },
            devices: Tally::of(counts.devices_by_status),
            messages: counts.messages,
            jobs: Tally::of(counts.jobs_by_status),
            period: statistics,
        })
    }

    pub async fn user_insights(
        &self,
        admin: &User,
        user_id: UserId,
        q: &PeriodQuery,
    ) -> AppResult<UserInsights> {
        let user = self
            .store
            .user(user_id)
            .await?
            .ok_or(AppError::NotFound("user"))?;
        let period = q.resolve(&admin.time_zone, Utc::now())?;
        let devices = self
            .store
            .list_devices(&DeviceFilter {
                owner: Some(user.id),
                page: PageRequest::new(1, PageRequest::MAX_PER_PAGE),
                ..Default::default()
            })
            .await?
            .items;
        let scope = StatsScope::User(user.id);
        let statistics = self.statistics(&scope, &period).await?;
        let recent_actions = self
            .store
            .list_audit(&AuditFilter {
                actor_id: Some(user.id),
                page: PageRequest::new(1, 10),
                ..Default::default()
            })
            .await?
            .items;
        let recent_connections = self.store.connection_history(&scope, None, 10).await?;
        Ok(UserInsights {
            user,
            devices,
            statistics,
            recent_actions,
            recent_connections,
        })
    }

    pub async fn device_health(&self, device_id: &str, q: &HealthQuery) -> AppResult<DeviceHealth> {
        let hours = q.hours.unwrap_or(24);
        if !(1..=720).contains(&hours) {
            return Err(AppError::field("hours", "must be 1 to 720"));
        }
        let device = self
            .store
            .device(device_id)
            .await?
            .ok_or(AppError::NotFound("device"))?;
        let to = Utc::now();
        let from = to - Duration::hours(hours);
        let before = self.store.connection_at(device_id, from).await?;
        let changes = self.store.connections_since(device_id, from).await?;
        // Without any recorded change the device has been in its present state all along.
        let connected_at_start = match &before {
            Some(c) => c.status == DeviceStatus::Connected.as_str(),
            None => changes.is_empty() && device.status == DeviceStatus::Connected,
        };
        let (uptime_secs, reconnects, up_since) = uptime(connected_at_start, &changes, from, to);
        let scope = StatsScope::Device(device.device_id.clone());
        let last_errors = self
            .store
            .connection_history(&scope, None, 50)
            .await?
            .into_iter()
            .filter(|c| c.reason.is_some())
            .take(10)
            .collect();
        let connected_since = if device.status == DeviceStatus::Connected {
            match up_since {
                Some(t) if t > from => Some(t),
                _ => before
                    .filter(|c| c.status == "connected")
                    .map(|c| c.at)
                    .or(up_since),
            }
        } else {
            None
        };
        Ok(DeviceHealth {
            queue: self.store.queue_depth(device_id).await?,
            device_id: device.device_id,
            status: device.status,
            connected_since,
            window_hours: hours,
            uptime_secs,
            uptime_ratio: uptime_secs as f64 / (hours * 3600) as f64,
            reconnects,
            last_errors,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(status: &str, at: &str) -> ConnectionEntry {
        ConnectionEntry {
            id: 0,
            device_id: "d".into(),
            status: status.into(),
            reason: None,
            at: at.parse().unwrap(),
        }
    }

    #[test]
    fn uptime_counts_connected_spans_inside_the_window() {
        let from: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let to = from + Duration::hours(10);
        let changes = [
            change("disconnected", "2026-01-01T01:00:00Z"),
            change("connecting", "2026-01-01T02:00:00Z"),
            change("connected", "2026-01-01T03:00:00Z"),
            change("logged_out", "2026-01-01T05:00:00Z"),
            change("connected", "2026-01-01T09:00:00Z"),
        ];
        let (secs, reconnects, since) = uptime(true, &changes, from, to);
        assert_eq!(secs, 3600 * (1 + 2 + 1));
        assert_eq!(reconnects, 2);
        assert_eq!(since, Some("2026-01-01T09:00:00Z".parse().unwrap()));
        assert_eq!(uptime(false, &[], from, to).0, 0);
        assert_eq!(uptime(true, &[], from, to).0, 36_000);
    }
}
