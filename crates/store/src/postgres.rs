use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;

use crate::{redact_url, ConnectError, PgStore};

impl PgStore {
    pub async fn connect(url: &str) -> Result<Self, ConnectError> {
        let options = sqlx::postgres::PgConnectOptions::from_str(url)
            .map_err(|e| ConnectError::Unreachable {
                url: redact_url(url),
                reason: e.to_string(),
            })?
            // A process that stops in the middle of a transaction (frozen, or cut off) must not
            // hold its row locks for long: the node taking over its devices waits on them.
            .options([("idle_in_transaction_session_timeout", "2s")]);
        let pool = PgPoolOptions::new()
            .max_connections(10)
            // Fail start-up in seconds, not the default half minute, when the server is away.
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .map_err(|e| ConnectError::Unreachable {
                url: redact_url(url),
                reason: e.to_string(),
            })?;
        // sqlx takes an advisory lock here, so nodes starting together migrate once.
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .map_err(|e| ConnectError::Migration {
                url: redact_url(url),
                reason: e.to_string(),
            })?;
        let db = crate::db::Db::Postgres(pool.clone());
        let (writer, fences) =
            crate::group_commit::Writer::with_fences(&db, crate::messages::commit_batch);
        Ok(Self {
            db,
            pool,
            writer,
            fences,
        })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// This store as node `node_id` of a cluster: from now on its writes for a device are
    /// fenced by the device's lease. One node per store.
    pub fn cluster(&self, node_id: &str) -> Result<crate::PgCluster, String> {
        crate::PgCluster::new(self.pool.clone(), self.fences.clone(), node_id)
    }

    /// Wake-ups for the event streams of every node on this database.
    pub fn event_signal(&self) -> crate::PgEventSignal {
        crate::PgEventSignal::new(self.pool.clone())
    }
}
