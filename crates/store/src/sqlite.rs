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
            .busy_timeout(crate::db::BUSY_TIMEOUT);
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
        let db = crate::db::Db::Sqlite(pool.clone(), Default::default());
        let (writer, fences) =
            crate::group_commit::Writer::with_fences(&db, crate::messages::commit_batch);
        Ok(Self {
            db,
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
