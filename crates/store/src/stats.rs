//! Statistics reads, in SQL both backends read alike. The counters themselves are kept by
//! triggers (migrations 0012, 0018 and 0021), so no write path can forget them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::stats::{
    ConnectionEntry, GlobalCounts, QueueDepth, ResponseBucket, Slot, StatsScope, StatsStore, Waits,
};
use gerbang_core::StoreResult;

use crate::db::{query, Query};
use crate::SqlStore;

/// ` AND <devices of the scope>` for a table with a `device_id` column.
fn scoped<'a>(q: &mut Query<'a>, column: &str, scope: &'a StatsScope) {
    match scope {
        StatsScope::Device(id) => {
            q.push(format_args!(" AND {column} = "))
                .push_bind(id.as_str());
        }
        StatsScope::User(user) => {
            q.push(format_args!(
                " AND {column} IN (SELECT device_id FROM devices WHERE user_id = "
            ))
            .push_bind(*user)
            .push(")");
        }
        StatsScope::All => {}
    }
}

type ConnectionRow = (i64, String, String, Option<String>, DateTime<Utc>);

fn connection(r: ConnectionRow) -> ConnectionEntry {
    ConnectionEntry {
        id: r.0,
        device_id: r.1,
        status: r.2,
        reason: r.3,
        at: r.4,
    }
}

const CONNECTION_COLUMNS: &str = "id, device_id, status, reason, at";

#[async_trait]
impl<B: sqlx::Database> StatsStore for SqlStore<B> {
    async fn message_slots(
        &self,
        scope: &StatsScope,
        from: i64,
        to: i64,
        hours: bool,
    ) -> StoreResult<Vec<Slot>> {
        if hours {
            let mut q = query(
                "SELECT hour, CAST(SUM(outbound) AS BIGINT), CAST(SUM(inbound) AS BIGINT), \
                 CAST(SUM(failed) AS BIGINT) FROM message_stats_hours WHERE hour >= ",
            );
            q.push_bind(from).push(" AND hour < ").push_bind(to);
            scoped(&mut q, "device_id", scope);
            q.push(" GROUP BY hour ORDER BY hour");
            let rows: Vec<(i64, i64, i64, i64)> = q.fetch_all(&self.db).await?;
            return Ok(rows
                .into_iter()
                .map(|(start, outbound, inbound, failed)| Slot {
                    start,
                    outbound,
                    inbound,
                    failed,
                })
                .collect());
        }
        // Quarter hours from the hours' splits (migration 0021): one row per hour.
        let mut q = query(
            "SELECT hour, CAST(SUM(outbound) AS BIGINT), CAST(SUM(inbound) AS BIGINT), \
             CAST(SUM(failed) AS BIGINT), CAST(SUM(q0_outbound) AS BIGINT), \
             CAST(SUM(q0_inbound) AS BIGINT), CAST(SUM(q0_failed) AS BIGINT), \
             CAST(SUM(q1_outbound) AS BIGINT), CAST(SUM(q1_inbound) AS BIGINT), \
             CAST(SUM(q1_failed) AS BIGINT), CAST(SUM(q2_outbound) AS BIGINT), \
             CAST(SUM(q2_inbound) AS BIGINT), CAST(SUM(q2_failed) AS BIGINT) \
             FROM message_stats_hours WHERE hour >= ",
        );
        q.push_bind(from.div_euclid(3_600) * 3_600)
            .push(" AND hour < ")
            .push_bind(to);
        scoped(&mut q, "device_id", scope);
        q.push(" GROUP BY hour ORDER BY hour");
        type Quarters = (
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
            i64,
        );
        let rows: Vec<Quarters> = q.fetch_all(&self.db).await?;
        let mut slots = Vec::with_capacity(rows.len() * 4);
        for r in rows {
            let hour = r.0;
            let total = [r.1, r.2, r.3];
            let firsts = [[r.4, r.5, r.6], [r.7, r.8, r.9], [r.10, r.11, r.12]];
            let last = [0, 1, 2].map(|k| total[k] - firsts.iter().map(|q| q[k]).sum::<i64>());
            for (quarter, counts) in firsts.into_iter().chain([last]).enumerate() {
                let start = hour + quarter as i64 * 900;
                if start >= from && start < to && counts != [0, 0, 0] {
                    slots.push(Slot {
                        start,
                        outbound: counts[0],
                        inbound: counts[1],
                        failed: counts[2],
                    });
                }
            }
        }
        Ok(slots)
    }

    async fn active_chats(
        &self,
        scope: &StatsScope,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<i64> {
        if to >= Utc::now() {
            // Nothing is written after now, so a chat is active in the period exactly when its
            // latest message is at or after the start: the whole UTC days after the start from
            // the per-day counts (migration 0021), the start's own day from the chats
            // themselves, by time.
            let start = from.timestamp();
            let next_day = (start + 86_399).div_euclid(86_400) * 86_400;
            let mut q = query(
                "SELECT CAST(COALESCE((SELECT SUM(chats) FROM chat_activity_days \
                 WHERE day >= ",
            );
            q.push_bind(next_day);
            scoped(&mut q, "device_id", scope);
            q.push("), 0) AS BIGINT) + (SELECT COUNT(*) FROM chat_activity WHERE last_at >= ")
                .push_bind(start)
                .push(" AND last_at < ")
                .push_bind(next_day);
            scoped(&mut q, "device_id", scope);
            q.push(")");
            return q.scalar(&self.db).await;
        }
        // A past period: each device's messages in the period, through the
        // (device_id, timestamp, chat_jid) index.
        let mut q = query(
            "SELECT COUNT(*) FROM (SELECT DISTINCT m.device_id, m.chat_jid \
             FROM devices d JOIN messages m ON m.device_id = d.device_id \
             AND m.timestamp >= ",
        );
        q.push_bind(from).push(" AND m.timestamp < ").push_bind(to);
        q.push(" WHERE 1 = 1");
        scoped(&mut q, "d.device_id", scope);
        q.push(") chats");
        q.scalar(&self.db).await
    }

    async fn waits(&self, scope: &StatsScope, from: i64, to: i64) -> StoreResult<Waits> {
        // Whole UTC days from the daily histogram; the parts of days at the period's ends (a
        // local midnight is rarely a UTC one) from the conversations themselves.
        const DAY: i64 = 86_400;
        let first_day = (from + DAY - 1).div_euclid(DAY) * DAY;
        let end_day = to.div_euclid(DAY) * DAY;
        let (first_day, end_day) = if first_day < end_day {
            (first_day, end_day)
        } else {
            (to, to)
        };
        let mut q = query(
            "SELECT CAST(h.k AS BIGINT), b.lower_secs, b.upper_secs, \
             CAST(SUM(h.n) AS BIGINT) FROM (SELECT k, n FROM response_stats WHERE day >= ",
        );
        q.push_bind(first_day)
            .push(" AND day < ")
            .push_bind(end_day);
        scoped(&mut q, "device_id", scope);
        for (a, b) in [(from, first_day), (end_day, to)] {
            q.push(
                " UNION ALL SELECT CASE WHEN answered_at IS NULL THEN -1 ELSE \
                 COALESCE((SELECT k FROM response_buckets WHERE lower_secs <= \
                 answered_at - asked_at ORDER BY lower_secs DESC LIMIT 1), 0) END, 1 \
                 FROM chat_waits WHERE asked_at >= ",
            )
            .push_bind(a)
            .push(" AND asked_at < ")
            .push_bind(b);
            scoped(&mut q, "device_id", scope);
        }
        q.push(
            ") h LEFT JOIN response_buckets b ON b.k = h.k \
             GROUP BY h.k, b.lower_secs, b.upper_secs ORDER BY h.k",
        );
        let rows: Vec<(i64, Option<i64>, Option<i64>, i64)> = q.fetch_all(&self.db).await?;
        let buckets: Vec<ResponseBucket> = rows
            .into_iter()
            .map(|(_, lower, upper, n)| ResponseBucket { lower, upper, n })
            .collect();
        Ok(Waits::from_histogram(&buckets))
    }

    async fn job_counts(
        &self,
        scope: &StatsScope,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<(String, i64)>> {
        let mut q = query("SELECT status, COUNT(*) FROM jobs WHERE created_at >= ");
        q.push_bind(from).push(" AND created_at < ").push_bind(to);
        scoped(&mut q, "device_id", scope);
        q.push(" GROUP BY status ORDER BY status");
        q.fetch_all(&self.db).await
    }

    async fn connection_history(
        &self,
        scope: &StatsScope,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<ConnectionEntry>> {
        let mut q = query(format!(
            "SELECT {CONNECTION_COLUMNS} FROM device_connections WHERE 1 = 1"
        ));
        scoped(&mut q, "device_id", scope);
        if let Some(before) = before {
            q.push(" AND id < ").push_bind(before);
        }
        q.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
        let rows: Vec<ConnectionRow> = q.fetch_all(&self.db).await?;
        Ok(rows.into_iter().map(connection).collect())
    }

    async fn connection_at(
        &self,
        device_id: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<ConnectionEntry>> {
        let row: Option<ConnectionRow> = query(format!(
            "SELECT {CONNECTION_COLUMNS} FROM device_connections \
             WHERE device_id = $1 AND at < $2 ORDER BY id DESC LIMIT 1"
        ))
        .bind(device_id)
        .bind(at)
        .fetch_optional(&self.db)
        .await?;
        Ok(row.map(connection))
    }

    async fn connections_since(
        &self,
        device_id: &str,
        from: DateTime<Utc>,
    ) -> StoreResult<Vec<ConnectionEntry>> {
        let rows: Vec<ConnectionRow> = query(format!(
            "SELECT {CONNECTION_COLUMNS} FROM device_connections \
             WHERE device_id = $1 AND at >= $2 ORDER BY id LIMIT 10000"
        ))
        .bind(device_id)
        .bind(from)
        .fetch_all(&self.db)
        .await?;
        Ok(rows.into_iter().map(connection).collect())
    }

    async fn queue_depth(&self, device_id: &str) -> StoreResult<QueueDepth> {
        let (pending_messages, pending_job_recipients, pending_scheduled): (i64, i64, i64) = query(
            "SELECT \
             (SELECT COUNT(*) FROM messages WHERE status = 'pending' \
               AND device_id = $1), \
             (SELECT COUNT(*) FROM job_recipients r JOIN jobs j ON j.job_id = r.job_id \
               WHERE j.device_id = $1 AND j.status IN ('running', 'paused') \
               AND r.status IN ('pending', 'sending')), \
             (SELECT COUNT(*) FROM scheduled_messages WHERE status = 'pending' \
               AND device_id = $1)",
        )
        .bind(device_id)
        .fetch_one(&self.db)
        .await?;
        Ok(QueueDepth {
            pending_messages,
            pending_job_recipients,
            pending_scheduled,
        })
    }

    async fn global_counts(&self) -> StoreResult<GlobalCounts> {
        let (users, active_users, admins): (i64, i64, i64) = query(
            "SELECT COUNT(*), \
             CAST(COALESCE(SUM(CASE WHEN is_active THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN role = 'admin' THEN 1 ELSE 0 END), 0) AS BIGINT) \
             FROM users",
        )
        .fetch_one(&self.db)
        .await?;
        let devices_by_status =
            query("SELECT status, COUNT(*) FROM devices GROUP BY status ORDER BY status")
                .fetch_all(&self.db)
                .await?;
        // From each device's count (migration 0021): counting ten million message rows takes
        // seconds, and even summing every chat's count reads a row per chat.
        let messages: i64 =
            query("SELECT CAST(COALESCE(SUM(messages), 0) AS BIGINT) FROM device_message_totals")
                .scalar(&self.db)
                .await?;
        let jobs_by_status =
            query("SELECT status, COUNT(*) FROM jobs GROUP BY status ORDER BY status")
                .fetch_all(&self.db)
                .await?;
        Ok(GlobalCounts {
            users,
            active_users,
            admins,
            devices_by_status,
            messages,
            jobs_by_status,
        })
    }
}
