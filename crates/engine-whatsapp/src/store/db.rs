//! One small query layer over both databases: every statement is written once, in SQL that
//! SQLite and PostgreSQL both accept (`$n` placeholders, `ON CONFLICT … DO UPDATE`,
//! `RETURNING`), with its arguments as values bound at run time.

use std::borrow::Cow;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{Database, Encode, FromRow, PgPool, SqlitePool, Type};

/// The database that holds the engine's session state: Gerbang's own.
#[derive(Clone, Debug)]
pub enum WaDb {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl WaDb {
    /// A pool over the database `url` names that connects on first use, so wiring stays
    /// synchronous. The schema is Gerbang's (migrated by `gerbang-store`); SQLite connections
    /// get the same settings as the main pool so both can write to one file.
    pub fn connect_lazy(url: &str) -> Result<WaDb, String> {
        match url.split_once(':').map(|(scheme, _)| scheme) {
            Some("sqlite") => {
                let options = SqliteConnectOptions::from_str(url)
                    .map_err(|e| e.to_string())?
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10));
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_lazy_with(options);
                Ok(WaDb::Sqlite(pool))
            }
            Some("postgres" | "postgresql") => PgPoolOptions::new()
                .max_connections(5)
                .acquire_timeout(Duration::from_secs(10))
                .connect_lazy(url)
                .map(WaDb::Postgres)
                .map_err(|e| e.to_string()),
            _ => Err("the WhatsApp engine needs a sqlite:// or postgres:// database".into()),
        }
    }
}

/// A bound argument. The set is what the tables use: text, bytes, integers, flags.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    Text(String),
    Blob(Vec<u8>),
    Int(i64),
    OptInt(Option<i64>),
    Bool(bool),
}

impl From<&str> for Val {
    fn from(v: &str) -> Self {
        Val::Text(v.to_string())
    }
}
impl From<String> for Val {
    fn from(v: String) -> Self {
        Val::Text(v)
    }
}
impl From<&String> for Val {
    fn from(v: &String) -> Self {
        Val::Text(v.clone())
    }
}
impl From<&[u8]> for Val {
    fn from(v: &[u8]) -> Self {
        Val::Blob(v.to_vec())
    }
}
impl From<Vec<u8>> for Val {
    fn from(v: Vec<u8>) -> Self {
        Val::Blob(v)
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Val::Int(v)
    }
}
impl From<u32> for Val {
    fn from(v: u32) -> Self {
        Val::Int(i64::from(v))
    }
}
impl From<Option<i64>> for Val {
    fn from(v: Option<i64>) -> Self {
        Val::OptInt(v)
    }
}
impl From<bool> for Val {
    fn from(v: bool) -> Self {
        Val::Bool(v)
    }
}

pub(crate) struct Stmt {
    sql: Cow<'static, str>,
    args: Vec<Val>,
}

impl Stmt {
    pub fn new(sql: impl Into<Cow<'static, str>>, args: Vec<Val>) -> Stmt {
        Stmt {
            sql: sql.into(),
            args,
        }
    }
}

/// `stmt!("SQL", a, b, …)`: a statement with its arguments converted to [`Val`]s.
macro_rules! stmt {
    ($sql:expr $(, $arg:expr)* $(,)?) => {
        $crate::store::db::Stmt::new($sql, vec![$($crate::store::db::Val::from($arg)),*])
    };
}
pub(crate) use stmt;

/// `$first, $first+1, …` for an `IN (…)` list of `n` values.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `Query` and `QueryAs` share no trait for `bind`, so one macro serves both.
macro_rules! bind_vals {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                Val::Text(v) => query.bind(v.as_str()),
                Val::Blob(v) => query.bind(v.as_slice()),
                Val::Int(v) => query.bind(*v),
                Val::OptInt(v) => query.bind(*v),
                Val::Bool(v) => query.bind(*v),
            };
        }
        query
    }};
}

fn bind<'q, DB>(
    query: sqlx::query::Query<'q, DB, <DB as Database>::Arguments<'q>>,
    args: &'q [Val],
) -> sqlx::query::Query<'q, DB, <DB as Database>::Arguments<'q>>
where
    DB: Database,
    &'q str: Encode<'q, DB> + Type<DB>,
    &'q [u8]: Encode<'q, DB> + Type<DB>,
    i64: Encode<'q, DB> + Type<DB>,
    Option<i64>: Encode<'q, DB> + Type<DB>,
    bool: Encode<'q, DB> + Type<DB>,
{
    bind_vals!(query, args)
}

fn bind_as<'q, DB, T>(
    query: sqlx::query::QueryAs<'q, DB, T, <DB as Database>::Arguments<'q>>,
    args: &'q [Val],
) -> sqlx::query::QueryAs<'q, DB, T, <DB as Database>::Arguments<'q>>
where
    DB: Database,
    &'q str: Encode<'q, DB> + Type<DB>,
    &'q [u8]: Encode<'q, DB> + Type<DB>,
    i64: Encode<'q, DB> + Type<DB>,
    Option<i64>: Encode<'q, DB> + Type<DB>,
    bool: Encode<'q, DB> + Type<DB>,
{
    bind_vals!(query, args)
}

/// Runs `stmts` in order in `tx`; the rows they changed.
async fn run_all<DB>(
    tx: &mut sqlx::Transaction<'static, DB>,
    stmts: &[Stmt],
) -> Result<u64, sqlx::Error>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> <DB as Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    for<'q> &'q [u8]: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    for<'q> bool: Encode<'q, DB> + Type<DB>,
    <DB as Database>::QueryResult: RowsAffected,
{
    let mut changed = 0;
    for stmt in stmts {
        let done = bind(sqlx::query(&stmt.sql), &stmt.args)
            .execute(&mut **tx)
            .await?;
        changed += done.rows_affected();
    }
    Ok(changed)
}

/// The rows a statement changed, for either driver.
trait RowsAffected {
    fn rows_affected(&self) -> u64;
}

impl RowsAffected for sqlx::sqlite::SqliteQueryResult {
    fn rows_affected(&self) -> u64 {
        sqlx::sqlite::SqliteQueryResult::rows_affected(self)
    }
}

impl RowsAffected for sqlx::postgres::PgQueryResult {
    fn rows_affected(&self) -> u64 {
        sqlx::postgres::PgQueryResult::rows_affected(self)
    }
}

/// A device's session-state writes in a cluster: on PostgreSQL each checks, in its own
/// transaction, that the device's lease is still this node's (as the store's writes do), so a
/// node that was frozen past its lease cannot overwrite the keys the new holder uses.
#[derive(Clone)]
pub struct Fence {
    pub book: std::sync::Arc<dyn gerbang_core::cluster::LeaseBook>,
    pub device: std::sync::Arc<str>,
}

/// A row type both drivers can decode.
pub(crate) trait AnyRow:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}
impl<T> AnyRow for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

impl WaDb {
    /// Runs one statement; the number of rows it changed.
    pub(crate) async fn exec(&self, stmt: Stmt) -> Result<u64, sqlx::Error> {
        match self {
            WaDb::Sqlite(pool) => bind(sqlx::query(&stmt.sql), &stmt.args)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()),
            WaDb::Postgres(pool) => bind(sqlx::query(&stmt.sql), &stmt.args)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()),
        }
    }

    /// [`Self::exec_all`], refused when the device's lease is another node's (see [`Fence`]).
    pub(crate) async fn exec_fenced(
        &self,
        fence: Option<&Fence>,
        stmts: Vec<Stmt>,
    ) -> Result<u64, sqlx::Error> {
        let (WaDb::Postgres(pool), Some(fence)) = (self, fence) else {
            return self.exec_all(stmts).await;
        };
        let Some((node, epoch)) = fence.book.holding(&fence.device) else {
            return self.exec_all(stmts).await;
        };
        let mut tx = pool.begin().await?;
        let holder: Option<(String, i64)> =
            sqlx::query_as("SELECT node_id, epoch FROM leases WHERE name = $1 FOR SHARE")
                .bind(gerbang_core::cluster::device_lease(&fence.device))
                .fetch_optional(&mut *tx)
                .await?;
        if holder.is_some_and(|(n, e)| n != node || Some(e) != epoch) {
            return Err(sqlx::Error::Protocol(format!(
                "device {} is served by another node now; its session state is not written here",
                fence.device
            )));
        }
        let changed = run_all(&mut tx, &stmts).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// Runs statements in order in one transaction: all of them or none.
    pub(crate) async fn exec_all(&self, stmts: Vec<Stmt>) -> Result<u64, sqlx::Error> {
        match self {
            WaDb::Sqlite(pool) => {
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let changed = run_all(&mut tx, &stmts).await?;
                tx.commit().await?;
                Ok(changed)
            }
            WaDb::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                let changed = run_all(&mut tx, &stmts).await?;
                tx.commit().await?;
                Ok(changed)
            }
        }
    }

    pub(crate) async fn fetch_all<T: AnyRow>(&self, stmt: Stmt) -> Result<Vec<T>, sqlx::Error> {
        match self {
            WaDb::Sqlite(pool) => {
                bind_as(sqlx::query_as::<_, T>(&stmt.sql), &stmt.args)
                    .fetch_all(pool)
                    .await
            }
            WaDb::Postgres(pool) => {
                bind_as(sqlx::query_as::<_, T>(&stmt.sql), &stmt.args)
                    .fetch_all(pool)
                    .await
            }
        }
    }

    pub(crate) async fn fetch_optional<T: AnyRow>(
        &self,
        stmt: Stmt,
    ) -> Result<Option<T>, sqlx::Error> {
        match self {
            WaDb::Sqlite(pool) => {
                bind_as(sqlx::query_as::<_, T>(&stmt.sql), &stmt.args)
                    .fetch_optional(pool)
                    .await
            }
            WaDb::Postgres(pool) => {
                bind_as(sqlx::query_as::<_, T>(&stmt.sql), &stmt.args)
                    .fetch_optional(pool)
                    .await
            }
        }
    }
}
