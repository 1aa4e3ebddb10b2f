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
        let (writer, fences) = crate::group_commit::Writer::with_fences(&pool, Self::commit_batch);
        Ok(Self {
            db: crate::db::Db::Postgres(pool.clone()),
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

mod impls {
    use super::PgStore;
    crate::shared::store_impl!(PgStore, sqlx::Postgres, "postgres");
}

mod message_impls {
    use super::PgStore;
    use crate::messages::chat_summary;
    crate::messages::message_store_impl!(PgStore, sqlx::Postgres);
}

mod webhook_impls {
    use super::PgStore;
    crate::webhooks::webhook_store_impl!(PgStore, sqlx::Postgres);
}

mod job_impls {
    use super::PgStore;
    crate::jobs::job_store_impl!(PgStore, sqlx::Postgres);
}

mod queue_impls {
    use super::PgStore;
    crate::queue::queue_store_impl!(PgStore, sqlx::Postgres);
}

mod contact_impls {
    use super::PgStore;
    crate::contacts::contact_store_impl!(PgStore, sqlx::Postgres);
}

mod sink_impls {
    use super::PgStore;
    crate::sinks::sink_store_impl!(PgStore);
}

mod default_device_impls {
    use super::PgStore;
    crate::default_devices::default_device_store_impl!(PgStore);
}

mod chatwoot_impls {
    use super::PgStore;
    crate::chatwoot::chatwoot_store_impl!(PgStore);
}

mod history_sync_impls {
    use super::PgStore;
    crate::history_sync::history_sync_store_impl!(PgStore);
}

mod poll_impls {
    use super::PgStore;
    crate::polls::poll_store_impl!(PgStore);
}

mod app_state_impls {
    use super::PgStore;
    crate::appstate::app_state_store_impl!(PgStore);
}

mod call_settings_impls {
    use super::PgStore;
    crate::call_settings::call_settings_store_impl!(PgStore);
}

mod device_proxy_impls {
    use super::PgStore;
    crate::device_proxies::device_proxy_store_impl!(PgStore);
}

mod stats_impls {
    use super::PgStore;
    crate::stats::stats_store_impl!(PgStore, sqlx::Postgres);
}

mod export_impls {
    use super::PgStore;
    crate::export::export_store_impl!(PgStore, sqlx::Postgres, "timestamp");
}

mod photo_impls {
    use super::PgStore;
    crate::photos::photo_store_impl!(PgStore);
}

mod bot_impls {
    use super::PgStore;
    crate::bot::bot_store_impl!(PgStore, sqlx::Postgres);
}

mod ai_impls {
    use super::PgStore;
    crate::ai::ai_store_impl!(PgStore);
}

mod group_impls {
    use super::PgStore;
    crate::groups::group_store_impl!(PgStore, sqlx::Postgres);
}
