//! One page of a listing, as every paged list in the store reads it: the matching rows counted,
//! then one page of them read in a fixed order. The filter is written once and pushed onto both
//! statements, so the count and the page can never disagree about what matches.
//!
//! Implemented per backend (the same body for both): sqlx's query builders only lend their
//! arguments for as long as the builder is borrowed when the database type is concrete.

use std::future::Future;
use std::pin::Pin;

use gerbang_core::{Page, PageRequest, StoreResult};
use sqlx::{Database, FromRow, Pool, QueryBuilder};

use crate::errors::map;

type Paged<'a, T> = Pin<Box<dyn Future<Output = StoreResult<Page<T>>> + Send + 'a>>;

pub(crate) trait Paging: Database + Sized {
    fn page<'a, R, T>(
        pool: &'a Pool<Self>,
        count_from: &'a str,
        select_from: &'a str,
        filter: impl Fn(&mut QueryBuilder<'a, Self>) + Send + 'a,
        order: &'a str,
        req: PageRequest,
    ) -> Paged<'a, T>
    where
        R: for<'r> FromRow<'r, Self::Row> + Send + Unpin + 'a,
        T: From<R> + Send + 'a;
}

macro_rules! paging_impl {
    ($db:ty) => {
        impl Paging for $db {
            fn page<'a, R, T>(
                pool: &'a Pool<Self>,
                count_from: &'a str,
                select_from: &'a str,
                filter: impl Fn(&mut QueryBuilder<'a, Self>) + Send + 'a,
                order: &'a str,
                req: PageRequest,
            ) -> Paged<'a, T>
            where
                R: for<'r> FromRow<'r, Self::Row> + Send + Unpin + 'a,
                T: From<R> + Send + 'a,
            {
                Box::pin(async move {
                    let mut count = QueryBuilder::<'a, Self>::new(count_from);
                    filter(&mut count);
                    let total: i64 = count
                        .build_query_scalar()
                        .fetch_one(pool)
                        .await
                        .map_err(map)?;
                    let mut rows = QueryBuilder::<'a, Self>::new(select_from);
                    filter(&mut rows);
                    rows.push(" ")
                        .push(order)
                        .push(" LIMIT ")
                        .push_bind(req.limit())
                        .push(" OFFSET ")
                        .push_bind(req.offset());
                    let items = rows
                        .build_query_as::<R>()
                        .fetch_all(pool)
                        .await
                        .map_err(map)?;
                    Ok(Page::new(
                        items.into_iter().map(T::from).collect(),
                        total,
                        req,
                    ))
                })
            }
        }
    };
}

paging_impl!(sqlx::Sqlite);
paging_impl!(sqlx::Postgres);

/// `count_from` and `select_from` are the statements up to their `WHERE` (`SELECT COUNT(*) FROM
/// users`, `SELECT … FROM users`); `filter` pushes the `WHERE …` onto each; `order` is the
/// `ORDER BY …` of the page.
pub(crate) async fn page<'a, DB, R, T>(
    pool: &'a Pool<DB>,
    count_from: &'a str,
    select_from: &'a str,
    filter: impl Fn(&mut QueryBuilder<'a, DB>) + Send + 'a,
    order: &'a str,
    req: PageRequest,
) -> StoreResult<Page<T>>
where
    DB: Paging,
    R: for<'r> FromRow<'r, DB::Row> + Send + Unpin + 'a,
    T: From<R> + Send + 'a,
{
    DB::page(pool, count_from, select_from, filter, order, req).await
}

/// [`page`] for the ports written once for both backends (`db.rs`).
pub(crate) async fn page_of<'a, R, T>(
    db: &crate::db::Db,
    count_from: &'a str,
    select_from: &'a str,
    filter: impl Fn(&mut crate::db::Query<'a>),
    order: &str,
    req: PageRequest,
) -> StoreResult<Page<T>>
where
    R: crate::db::Row,
    T: From<R>,
{
    let mut count = crate::db::query(count_from);
    filter(&mut count);
    let total: i64 = count.scalar(db).await?;
    let mut rows = crate::db::query(select_from);
    filter(&mut rows);
    rows.push(" ")
        .push(order)
        .push(" LIMIT ")
        .push_bind(req.limit())
        .push(" OFFSET ")
        .push_bind(req.offset());
    let items: Vec<R> = rows.fetch_all(db).await?;
    Ok(Page::new(
        items.into_iter().map(T::from).collect(),
        total,
        req,
    ))
}
