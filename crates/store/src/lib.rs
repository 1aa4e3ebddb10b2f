//! The sqlx implementations of Gerbang's store traits: [`SqliteStore`] and [`PgStore`].
//!
//! Both backends share their SQL, written so that SQLite and PostgreSQL read it alike and run
//! through one handle (`db.rs`); what differs (pool set-up, migrations, error details) lives in
//! `sqlite.rs` and `postgres.rs`.

mod ai;
mod api_keys;
mod appstate;
mod audit;
mod bot;
mod call_settings;
mod chatwoot;
mod cluster;
mod contacts;
mod db;
mod default_devices;
mod device_proxies;
mod devices;
mod errors;
mod events;
mod export;
mod group_commit;
mod groups;
mod history_sync;
mod jobs;
mod messages;
mod node_lock;
mod paging;
mod photos;
mod polls;
mod postgres;
mod queue;
mod refresh_tokens;
mod rows;
mod sessions;
mod sinks;
mod sqlite;
mod stats;
mod store;
mod templates;
pub mod test_db;
mod text;
mod users;
mod wa_session;
mod webhooks;

use std::sync::Arc;

use gerbang_core::Store;

pub use cluster::{PgCluster, PgEventSignal};
pub use node_lock::{single_node_lock, NodeLock, NodeLockError};
pub use wa_session::{LidMapping, MsgSecret, TcToken, WaDeviceDb, WaSessionDb};

/// The store on one database: [`SqliteStore`] (one file, the embedded default) or [`PgStore`]
/// (PostgreSQL, which several nodes may share).
pub struct SqlStore<B: sqlx::Database> {
    pool: sqlx::Pool<B>,
    /// The same pool, for the ports written once for both backends.
    db: db::Db,
    /// Message writes, committed in groups (see `group_commit`).
    writer: group_commit::Writer,
    /// The leases this process holds, which fence its writes (see `cluster`).
    fences: Arc<cluster::Fences>,
}

/// One file, WAL so readers never wait for the writer, foreign keys on, and a busy timeout so
/// concurrent writers queue instead of failing.
pub type SqliteStore = SqlStore<sqlx::Sqlite>;
/// PostgreSQL, for teams that outgrow one machine: several nodes may share one database.
pub type PgStore = SqlStore<sqlx::Postgres>;

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("unsupported database URL scheme {0:?}: use sqlite://PATH or postgres://USER@HOST/DB")]
    UnknownScheme(String),
    #[error("cannot open database {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("cannot migrate database {url}: {reason}")]
    Migration { url: String, reason: String },
}

/// Opens the database a URL names and brings its schema up to date.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, ConnectError> {
    let store: Arc<dyn Store> = match scheme(url) {
        Some("sqlite") => Arc::new(SqliteStore::connect(url).await?),
        Some("postgres" | "postgresql") => Arc::new(PgStore::connect(url).await?),
        other => {
            return Err(ConnectError::UnknownScheme(
                other.unwrap_or(url).to_string(),
            ))
        }
    };
    Ok(store)
}

fn scheme(url: &str) -> Option<&str> {
    url.split_once(':').map(|(s, _)| s)
}

/// The URL with any password replaced, fit for logs and error messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            let masked = if userinfo.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{masked}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(
            redact_url("postgres://bob:s3cret@db:5432/gerbang"),
            "postgres://bob:***@db:5432/gerbang"
        );
        assert_eq!(redact_url("postgres://bob@db/x"), "postgres://bob@db/x");
        assert_eq!(
            redact_url("sqlite://./data/gerbang.db"),
            "sqlite://./data/gerbang.db"
        );
    }

    #[tokio::test]
    async fn unknown_scheme_is_a_clear_error() {
        let err = connect("mysql://root@localhost/x").await.err().unwrap();
        assert!(err
            .to_string()
            .contains("unsupported database URL scheme \"mysql\""));
        assert!(matches!(
            connect("nonsense").await,
            Err(ConnectError::UnknownScheme(_))
        ));
    }
}
