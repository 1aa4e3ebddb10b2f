use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Pool, Sqlite};

use crate::{redact_url, ConnectError, SqliteStore};

impl SqliteStore {
    pub async fn connect(url: &str) -> Result<Self, ConnectError> {
        let unreachable = |reason: String| ConnectError::Unreachable {
            url: redact_url(url),
            reason,
        };
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| unreachable(e.to_string()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        if let Some(dir) = options.get_filename().parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| unreachable(format!("cannot create {}: {e}", dir.display())))?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| unreachable(e.to_string()))?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&pool)
            .await
            .map_err(|e| ConnectError::Migration {
                url: redact_url(url),
                reason: e.to_string(),
            })?;
        let (writer, fences) = crate::group_commit::Writer::with_fences(&pool, Self::commit_batch);
        Ok(Self {
            db: crate::db::Db::Sqlite(pool.clone()),
            pool,
            writer,
            fences,
        })
    }

    /// The pool, for adapters that keep their own tables in the same database (the WhatsApp
    /// engine's session state).
    pub fn pool(&self) -> &Pool<Sqlite> {
        &self.pool
    }
}

mod impls {
    use super::SqliteStore;
    crate::shared::store_impl!(SqliteStore, sqlx::Sqlite, "sqlite");
}

mod message_impls {
    use super::SqliteStore;
    use crate::messages::chat_summary;
    crate::messages::message_store_impl!(SqliteStore, sqlx::Sqlite);
}

mod job_impls {
    use super::SqliteStore;
    crate::jobs::job_store_impl!(SqliteStore, sqlx::Sqlite);
}

mod queue_impls {
    use super::SqliteStore;
    crate::queue::queue_store_impl!(SqliteStore, sqlx::Sqlite);
}

mod contact_impls {
    use super::SqliteStore;
    crate::contacts::contact_store_impl!(SqliteStore, sqlx::Sqlite);
}

mod sink_impls {
    use super::SqliteStore;
    crate::sinks::sink_store_impl!(SqliteStore);
}

mod default_device_impls {
    use super::SqliteStore;
    crate::default_devices::default_device_store_impl!(SqliteStore);
}

mod history_sync_impls {
    use super::SqliteStore;
    crate::history_sync::history_sync_store_impl!(SqliteStore);
}

mod poll_impls {
    use super::SqliteStore;
    crate::polls::poll_store_impl!(SqliteStore);
}

mod call_settings_impls {
    use super::SqliteStore;
    crate::call_settings::call_settings_store_impl!(SqliteStore);
}

mod device_proxy_impls {
    use super::SqliteStore;
    crate::device_proxies::device_proxy_store_impl!(SqliteStore);
}

mod stats_impls {
    use super::SqliteStore;
    crate::stats::stats_store_impl!(SqliteStore, sqlx::Sqlite);
}

mod export_impls {
    use super::SqliteStore;
    crate::export::export_store_impl!(SqliteStore, sqlx::Sqlite, "+timestamp");
}

mod photo_impls {
    use super::SqliteStore;
    crate::photos::photo_store_impl!(SqliteStore);
}

mod ai_impls {
    use super::SqliteStore;
    crate::ai::ai_store_impl!(SqliteStore);
}

mod group_impls {
    use super::SqliteStore;
    crate::groups::group_store_impl!(SqliteStore, sqlx::Sqlite);
}
