//! One handle on the database for every store port. A port's SQL is written once, in text both
//! backends read alike (`$n` placeholders, `RETURNING`, `ON CONFLICT … DO`), and its arguments
//! are bound when it runs, on whichever backend the handle holds.
//!
//! Why this and not the alternatives (issue #19):
//! - sqlx's generics: a function generic over `sqlx::Database` needs a bound for every type it
//!   binds or decodes, restated at each caller (Rust does not carry where-clauses along), which is
//!   why the store used to expand its SQL per backend inside `macro_rules!` bodies.
//! - `sqlx::Any`: no date-time and no JSON types, which most tables have.
//! - sea-query with sea-query-binder: its builder turns one readable line of SQL into a chain of
//!   calls, and its binder still needs the same per-backend dispatch as here; the dialect
//!   differences it would hide are few (see [`Backend`]).
//!
//! The cost is one small allocation per bound value and a `match` per statement.

use std::borrow::Cow;
use std::fmt::Display;
use std::sync::Arc;
use std::time::Duration;

use gerbang_core::{StoreError, StoreResult};
use sqlx::error::BoxDynError;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgArguments, PgConnection, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteConnection, SqliteRow};
use sqlx::{Arguments, Decode, Encode, FromRow, Pool, Postgres, Sqlite, Transaction, Type};
use tokio::sync::OwnedMutexGuard;

use crate::errors::map;

/// The pool of one database, whichever backend it is; SQLite's with this process's turn at
/// its one write lock.
#[derive(Clone, Debug)]
pub(crate) enum Db {
    Sqlite(Pool<Sqlite>, WriteTurn),
    Postgres(Pool<Postgres>),
}

/// Writers of this process take turns here before they take SQLite's write lock.
///
/// Why: SQLite has one write lock per database, and a connection that finds it taken sleeps in
/// SQLite's busy handler (1, 2, 5, 10 … up to 100 ms at a time) rather than being woken when it
/// is free. With many writers (a job's side-by-side sends, receipts, streams of events) most of
/// a write's time went to those sleeps. Queued here they wake the moment the writer before
/// them is done, in order. Other processes on the same file (the `gerbang` commands) still meet
/// the busy handler, as before.
#[derive(Clone, Debug, Default)]
pub(crate) struct WriteTurn(Arc<tokio::sync::Mutex<()>>);

impl WriteTurn {
    /// Waits for this process's turn, as long as SQLite's own busy timeout would have.
    async fn take(&self) -> StoreResult<OwnedMutexGuard<()>> {
        tokio::time::timeout(BUSY_TIMEOUT, self.0.clone().lock_owned())
            .await
            .map_err(|_| {
                StoreError::Unavailable("the database stayed busy with other writes".into())
            })
    }
}

/// How long a write waits for SQLite's write lock (the pool's `busy_timeout` too).
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Whether a statement run on its own (outside a transaction) writes, and so needs the write
/// turn. Statements that write through a `WITH` clause are not recognised; they meet SQLite's
/// busy handler as before.
fn writes(sql: &str) -> bool {
    let first = sql.split_whitespace().next().unwrap_or("");
    ["INSERT", "UPDATE", "DELETE", "REPLACE"]
        .iter()
        .any(|w| first.eq_ignore_ascii_case(w))
}

/// Which backend a statement runs on, for the few places where the SQL differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// A row-lock clause (`FOR UPDATE …`) on PostgreSQL; nothing on SQLite, which has one
    /// writer: a write transaction or statement holds the whole database already, and SQLite
    /// has no such clause.
    pub(crate) fn row_lock(self, clause: &'static str) -> &'static str {
        match self {
            Backend::Sqlite => "",
            Backend::Postgres => clause,
        }
    }
}

impl Db {
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(..) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Starts a transaction that will write.
    ///
    /// SQLite: `BEGIN IMMEDIATE` takes the database's one write lock at the start. A plain
    /// (deferred) `BEGIN` takes it at the first write instead; a writer that then collides
    /// either sleeps in the busy loop while holding a read snapshot or fails outright with
    /// `SQLITE_BUSY` when another writer committed since its snapshot. PostgreSQL has row
    /// locks; a plain `BEGIN` is right there.
    pub(crate) async fn begin_write(&self) -> StoreResult<Tx> {
        match self {
            Db::Sqlite(pool, turn) => {
                let turn = turn.take().await?;
                let tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(map)?;
                Ok(Tx::Sqlite(tx, turn))
            }
            Db::Postgres(pool) => pool.begin().await.map(Tx::Postgres).map_err(map),
        }
    }
}

/// A transaction on either backend; dropped without [`Tx::commit`], it rolls back. On SQLite it
/// holds the write turn until it ends.
pub(crate) enum Tx {
    Sqlite(Transaction<'static, Sqlite>, OwnedMutexGuard<()>),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    pub(crate) async fn commit(self) -> StoreResult<()> {
        match self {
            Tx::Sqlite(tx, _turn) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
        .map_err(map)
    }
}

/// Where a statement runs: on a connection of the pool, or on one already held (inside a
/// transaction).
pub(crate) enum On<'c> {
    Pool(&'c Db),
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

impl On<'_> {
    /// The same place again, for a helper that runs several statements where its caller said.
    pub(crate) fn reborrow(&mut self) -> On<'_> {
        match self {
            On::Pool(db) => On::Pool(db),
            On::Sqlite(conn) => On::Sqlite(conn),
            On::Postgres(conn) => On::Postgres(conn),
        }
    }
}

impl<'c> From<&'c Db> for On<'c> {
    fn from(db: &'c Db) -> Self {
        On::Pool(db)
    }
}

impl<'c> From<&'c mut Tx> for On<'c> {
    fn from(tx: &'c mut Tx) -> Self {
        match tx {
            Tx::Sqlite(tx, _) => On::Sqlite(tx),
            Tx::Postgres(tx) => On::Postgres(tx),
        }
    }
}

impl<'c> From<&'c mut Transaction<'static, Sqlite>> for On<'c> {
    fn from(tx: &'c mut Transaction<'static, Sqlite>) -> Self {
        On::Sqlite(tx)
    }
}

impl<'c> From<&'c mut Transaction<'static, Postgres>> for On<'c> {
    fn from(tx: &'c mut Transaction<'static, Postgres>) -> Self {
        On::Postgres(tx)
    }
}

/// A value either backend can bind.
pub(crate) trait Bind<'q>: Send + 'q {
    fn add_sqlite(self: Box<Self>, args: &mut SqliteArguments<'q>) -> Result<(), BoxDynError>;
    fn add_postgres(self: Box<Self>, args: &mut PgArguments) -> Result<(), BoxDynError>;
}

impl<'q, T> Bind<'q> for T
where
    T: Encode<'q, Sqlite> + Type<Sqlite> + Encode<'q, Postgres> + Type<Postgres> + Send + 'q,
{
    fn add_sqlite(self: Box<Self>, args: &mut SqliteArguments<'q>) -> Result<(), BoxDynError> {
        args.add(*self)
    }

    fn add_postgres(self: Box<Self>, args: &mut PgArguments) -> Result<(), BoxDynError> {
        args.add(*self)
    }
}

/// A row type either backend can read (`#[derive(sqlx::FromRow)]` gives both).
pub(crate) trait Row:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{}

/// A single column value either backend can read.
pub(crate) trait Value:
    for<'r> Decode<'r, Sqlite>
    + Type<Sqlite>
    + for<'r> Decode<'r, Postgres>
    + Type<Postgres>
    + Send
    + Unpin
{
}

impl<T> Value for T where
    T: for<'r> Decode<'r, Sqlite>
        + Type<Sqlite>
        + for<'r> Decode<'r, Postgres>
        + Type<Postgres>
        + Send
        + Unpin
{
}

/// A statement and its arguments. Either the text already holds its placeholders and the
/// values follow with [`Query::bind`], or it is built piece by piece with [`Query::push`] and
/// [`Query::push_bind`], which writes the next `$n`.
pub(crate) struct Query<'q> {
    sql: Cow<'q, str>,
    args: Vec<Box<dyn Bind<'q> + 'q>>,
    /// Whether the connection keeps the prepared statement for the next time (sqlx's default).
    persistent: bool,
}

/// A statement from its text.
pub(crate) fn query<'q>(sql: impl Into<Cow<'q, str>>) -> Query<'q> {
    Query {
        sql: sql.into(),
        args: Vec::new(),
        persistent: true,
    }
}

/// A connection to run one statement on, with the statement's arguments for its backend.
enum Conn<'c, 'q> {
    Sqlite(Held<'c, Sqlite>, SqliteArguments<'q>),
    Postgres(Held<'c, Postgres>, PgArguments),
}

/// The connection a statement runs on; a write on SQLite's pool also holds the write turn (the
/// connection goes back to the pool before the turn is released).
enum Held<'c, DB: sqlx::Database> {
    Pooled(
        PoolConnection<DB>,
        #[allow(dead_code)] // held, never read
        Option<OwnedMutexGuard<()>>,
    ),
    Borrowed(&'c mut DB::Connection),
}

impl<DB: sqlx::Database> Held<'_, DB> {
    fn conn(&mut self) -> &mut DB::Connection {
        match self {
            Held::Pooled(c, _) => c,
            Held::Borrowed(c) => c,
        }
    }
}

impl<'q> Query<'q> {
    /// The next argument of a statement whose text holds its placeholders.
    pub(crate) fn bind(mut self, value: impl Bind<'q>) -> Self {
        self.args.push(Box::new(value));
        self
    }

    /// Whether the connection caches the prepared statement (sqlx's `persistent`); `false` for
    /// statements planned afresh each time.
    pub(crate) fn persistent(mut self, value: bool) -> Self {
        self.persistent = value;
        self
    }

    /// More text.
    pub(crate) fn push(&mut self, sql: impl Display) -> &mut Self {
        use std::fmt::Write;
        let _ = write!(self.sql.to_mut(), "{sql}");
        self
    }

    /// A placeholder for `value`, numbered after the arguments before it.
    pub(crate) fn push_bind(&mut self, value: impl Bind<'q>) -> &mut Self {
        self.args.push(Box::new(value));
        let n = self.args.len();
        self.push(format_args!("${n}"))
    }

    /// `($n, $n+1, …)`: a placeholder for each of `values`, for `IN` lists and `VALUES` rows.
    pub(crate) fn push_list(
        &mut self,
        values: impl IntoIterator<Item = impl Bind<'q>>,
    ) -> &mut Self {
        self.push("(");
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push_bind(value);
        }
        self.push(")")
    }

    /// The text so far, for tests and logs.
    #[cfg(test)]
    pub(crate) fn sql(&self) -> &str {
        &self.sql
    }

    async fn split<'c>(self, on: On<'c>) -> StoreResult<(Cow<'q, str>, Conn<'c, 'q>, bool)> {
        let Query {
            sql,
            args,
            persistent,
        } = self;
        let conn = match on {
            On::Pool(Db::Sqlite(pool, turn)) => {
                // The turn first: a writer waiting for it holds no connection meanwhile.
                let turn = match writes(&sql) {
                    true => Some(turn.take().await?),
                    false => None,
                };
                let conn = pool.acquire().await.map_err(map)?;
                Conn::Sqlite(Held::Pooled(conn, turn), sqlite_args(args)?)
            }
            On::Pool(Db::Postgres(pool)) => Conn::Postgres(
                Held::Pooled(pool.acquire().await.map_err(map)?, None),
                pg_args(args)?,
            ),
            On::Sqlite(conn) => Conn::Sqlite(Held::Borrowed(conn), sqlite_args(args)?),
            On::Postgres(conn) => Conn::Postgres(Held::Borrowed(conn), pg_args(args)?),
        };
        Ok((sql, conn, persistent))
    }

    /// Runs it; the number of rows it changed.
    pub(crate) async fn execute(self, on: impl Into<On<'_>>) -> StoreResult<u64> {
        let (sql, conn, persistent) = self.split(on.into()).await?;
        match conn {
            Conn::Sqlite(mut c, args) => sqlx::query_with(&sql, args)
                .persistent(persistent)
                .execute(c.conn())
                .await
                .map(|r| r.rows_affected()),
            Conn::Postgres(mut c, args) => sqlx::query_with(&sql, args)
                .persistent(persistent)
                .execute(c.conn())
                .await
                .map(|r| r.rows_affected()),
        }
        .map_err(map)
    }

    pub(crate) async fn fetch_one<R: Row>(self, on: impl Into<On<'_>>) -> StoreResult<R> {
        let (sql, conn, persistent) = self.split(on.into()).await?;
        match conn {
            Conn::Sqlite(mut c, args) => {
                sqlx::query_as_with(&sql, args)
                    .persistent(persistent)
                    .fetch_one(c.conn())
                    .await
            }
            Conn::Postgres(mut c, args) => {
                sqlx::query_as_with(&sql, args)
                    .persistent(persistent)
                    .fetch_one(c.conn())
                    .await
            }
        }
        .map_err(map)
    }

    pub(crate) async fn fetch_optional<R: Row>(
        self,
        on: impl Into<On<'_>>,
    ) -> StoreResult<Option<R>> {
        let (sql, conn, persistent) = self.split(on.into()).await?;
        match conn {
            Conn::Sqlite(mut c, args) => {
                sqlx::query_as_with(&sql, args)
                    .persistent(persistent)
                    .fetch_optional(c.conn())
                    .await
            }
            Conn::Postgres(mut c, args) => {
                sqlx::query_as_with(&sql, args)
                    .persistent(persistent)
                    .fetch_optional(c.conn())
                    .await
            }
        }
        .map_err(map)
    }

    pub(crate) async fn fetch_all<R: Row>(self, on: impl Into<On<'_>>) -> StoreResult<Vec<R>> {
        let (sql, conn, persistent) = self.split(on.into()).await?;
        match conn {
            Conn::Sqlite(mut c, args) => {
                sqlx::query_as_with(&sql, args)
                    .persistent(persistent)
                    .fetch_all(c.conn())
                    .await
            }
            Conn::Postgres(mut c, args) => {
                sqlx::query_as_with(&sql, args)
                    .persistent(persistent)
                    .fetch_all(c.conn())
                    .await
            }
        }
        .map_err(map)
    }

    /// The first column of the one row it returns.
    pub(crate) async fn scalar<T: Value>(self, on: impl Into<On<'_>>) -> StoreResult<T> {
        let (sql, conn, persistent) = self.split(on.into()).await?;
        match conn {
            Conn::Sqlite(mut c, args) => {
                sqlx::query_scalar_with(&sql, args)
                    .persistent(persistent)
                    .fetch_one(c.conn())
                    .await
            }
            Conn::Postgres(mut c, args) => {
                sqlx::query_scalar_with(&sql, args)
                    .persistent(persistent)
                    .fetch_one(c.conn())
                    .await
            }
        }
        .map_err(map)
    }

    /// The first column of the row it returns, if any.
    pub(crate) async fn scalar_optional<T: Value>(
        self,
        on: impl Into<On<'_>>,
    ) -> StoreResult<Option<T>> {
        let (sql, conn, persistent) = self.split(on.into()).await?;
        match conn {
            Conn::Sqlite(mut c, args) => {
                sqlx::query_scalar_with(&sql, args)
                    .persistent(persistent)
                    .fetch_optional(c.conn())
                    .await
            }
            Conn::Postgres(mut c, args) => {
                sqlx::query_scalar_with(&sql, args)
                    .persistent(persistent)
                    .fetch_optional(c.conn())
                    .await
            }
        }
        .map_err(map)
    }

    /// The first column of every row it returns.
    pub(crate) async fn scalars<T: Value>(self, on: impl Into<On<'_>>) -> StoreResult<Vec<T>> {
        let (sql, conn, persistent) = self.split(on.into()).await?;
        match conn {
            Conn::Sqlite(mut c, args) => {
                sqlx::query_scalar_with(&sql, args)
                    .persistent(persistent)
                    .fetch_all(c.conn())
                    .await
            }
            Conn::Postgres(mut c, args) => {
                sqlx::query_scalar_with(&sql, args)
                    .persistent(persistent)
                    .fetch_all(c.conn())
                    .await
            }
        }
        .map_err(map)
    }
}

fn sqlite_args<'q>(args: Vec<Box<dyn Bind<'q> + 'q>>) -> StoreResult<SqliteArguments<'q>> {
    let mut out = SqliteArguments::default();
    for arg in args {
        arg.add_sqlite(&mut out).map_err(encode_error)?;
    }
    Ok(out)
}

fn pg_args<'q>(args: Vec<Box<dyn Bind<'q> + 'q>>) -> StoreResult<PgArguments> {
    let mut out = PgArguments::default();
    for arg in args {
        arg.add_postgres(&mut out).map_err(encode_error)?;
    }
    Ok(out)
}

fn encode_error(e: BoxDynError) -> gerbang_core::StoreError {
    map(sqlx::Error::Encode(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushed_placeholders_follow_bound_ones() {
        let mut q = query("SELECT 1 FROM t WHERE a = $1").bind(1_i64);
        q.push(" AND b = ")
            .push_bind("x")
            .push(" AND c = ")
            .push_bind(true);
        assert_eq!(
            q.sql(),
            "SELECT 1 FROM t WHERE a = $1 AND b = $2 AND c = $3"
        );
    }

    #[test]
    fn statements_that_write_take_the_turn() {
        for sql in [
            "INSERT INTO t VALUES (1)",
            "  update t SET a = 1",
            "\nDELETE FROM t",
            "REPLACE INTO t VALUES (1)",
        ] {
            assert!(writes(sql), "{sql}");
        }
        for sql in ["SELECT 1", "  select * from t", "PRAGMA user_version", ""] {
            assert!(!writes(sql), "{sql}");
        }
    }

    /// A write on the pool waits while a transaction holds the turn, and goes on when that
    /// transaction commits or is dropped (rolled back).
    #[tokio::test(flavor = "multi_thread")]
    async fn a_write_waits_for_the_open_transaction_and_goes_on_after_it() {
        let path = std::env::temp_dir().join(format!("gerbang-turn-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let store = crate::SqliteStore::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        let db = store.db.clone();
        query("CREATE TABLE turn_test (n INTEGER)")
            .execute(&db)
            .await
            .unwrap();
        for end in ["commit", "drop"] {
            let mut tx = db.begin_write().await.unwrap();
            query("INSERT INTO turn_test VALUES (1)")
                .execute(&mut tx)
                .await
                .unwrap();
            let waiting = tokio::spawn({
                let db = db.clone();
                async move {
                    query("INSERT INTO turn_test VALUES (2)")
                        .execute(&db)
                        .await
                        .unwrap()
                }
            });
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert!(!waiting.is_finished(), "the write did not wait its turn");
            match end {
                "commit" => tx.commit().await.unwrap(),
                _ => drop(tx),
            }
            let done = tokio::time::timeout(Duration::from_secs(5), waiting).await;
            assert_eq!(done.unwrap().unwrap(), 1, "after {end}");
        }
        let rows: Vec<i64> = query("SELECT n FROM turn_test ORDER BY rowid")
            .scalars(&db)
            .await
            .unwrap();
        assert_eq!(rows, [1, 2, 2], "the dropped transaction's row is gone");
        gerbang_core::Store::close(&store).await;
        let _ = std::fs::remove_file(&path);
    }
}
