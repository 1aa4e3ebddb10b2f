//! SQLite is one node's database, and the gateway says so: a second gateway process on the same
//! file would connect the same WhatsApp sessions (WhatsApp then disconnects one of them with a
//! conflict, over and over), run the same jobs and scheduled messages, and mark the other's
//! pending sends uncertain at its start. Several nodes need PostgreSQL.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::PathBuf;
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;

/// Held for as long as a gateway serves from a SQLite file; dropping it (or the process ending,
/// however it ends) lets the next one start.
#[derive(Debug)]
pub struct NodeLock {
    _file: File,
    pub path: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum NodeLockError {
    #[error(
        "another Gerbang process is already serving from the SQLite database {database} (it holds \
         {lock}). SQLite is for one node: stop the other process first, or run several nodes on \
         PostgreSQL (GERBANG_DATABASE_URL=postgres://…)"
    )]
    Held { database: String, lock: String },
    #[error("cannot take the single-node lock {lock}: {reason}")]
    Io { lock: String, reason: String },
}

/// Takes the single-node lock of the SQLite database `url` names, or `None` for databases that
/// need none (PostgreSQL, in-memory SQLite).
pub fn single_node_lock(url: &str) -> Result<Option<NodeLock>, NodeLockError> {
    if !url.starts_with("sqlite:") || url.contains("mode=memory") {
        return Ok(None);
    }
    let Ok(options) = SqliteConnectOptions::from_str(url) else {
        // The store's own connect reports a bad URL with the reason.
        return Ok(None);
    };
    let database = options.get_filename().to_path_buf();
    if database
        .to_string_lossy()
        .starts_with("file:sqlx-in-memory")
    {
        return Ok(None);
    }
    let mut lock = database.clone().into_os_string();
    lock.push(".lock");
    let path = PathBuf::from(lock);
    let io = |e: std::io::Error| NodeLockError::Io {
        lock: path.display().to_string(),
        reason: e.to_string(),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(NodeLock { _file: file, path })),
        Err(TryLockError::WouldBlock) => Err(NodeLockError::Held {
            database: database.display().to_string(),
            lock: path.display().to_string(),
        }),
        Err(TryLockError::Error(e)) => Err(io(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_of_one_file_is_refused_until_the_first_lets_go() {
        let dir = std::env::temp_dir().join(format!("gerbang-lock-{}", std::process::id()));
        let url = format!("sqlite://{}/one.db", dir.display());
        let first = single_node_lock(&url)
            .unwrap()
            .expect("a file database is locked");
        let err = single_node_lock(&url).unwrap_err();
        assert!(matches!(err, NodeLockError::Held { .. }), "{err}");
        assert!(err.to_string().contains("PostgreSQL"), "{err}");
        drop(first);
        assert!(single_node_lock(&url).unwrap().is_some());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn postgres_and_memory_databases_take_no_lock() {
        for url in [
            "postgres://u@127.0.0.1/db",
            "sqlite::memory:",
            "sqlite://x.db?mode=memory",
        ] {
            assert!(single_node_lock(url).unwrap().is_none(), "{url}");
        }
    }
}
