//! How a transaction that writes starts, per backend.

use sqlx::{Pool, Postgres, Sqlite, Transaction};

/// Starts a transaction that will write.
///
/// SQLite: `BEGIN IMMEDIATE` takes the database's one write lock at the start. A plain (deferred)
/// `BEGIN` takes it at the first write instead; a writer that then collides either sleeps in the
/// busy loop while holding a read snapshot or fails outright with `SQLITE_BUSY` when another
/// writer committed since its snapshot. Taking it first makes writers queue in the busy handler
/// before they have done anything. PostgreSQL has row locks; a plain `BEGIN` is right there.
pub(crate) trait WriteBegin {
    type Db: sqlx::Database;
    async fn begin_write(&self) -> Result<Transaction<'static, Self::Db>, sqlx::Error>;
}

impl WriteBegin for Pool<Sqlite> {
    type Db = Sqlite;
    async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

impl WriteBegin for Pool<Postgres> {
    type Db = Postgres;
    async fn begin_write(&self) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        self.begin().await
    }
}
