//! One page of a listing, as every paged list in the store reads it: the matching rows counted,
//! then one page of them read in a fixed order. The filter is written once and pushed onto both
//! statements, so the count and the page can never disagree about what matches.

use gerbang_core::{Page, PageRequest, StoreResult};

use crate::db::{query, Query, Row};

/// `count_from` and `select_from` are the statements up to their `WHERE` (`SELECT COUNT(*) FROM
/// users`, `SELECT … FROM users`); `filter` pushes the `WHERE …` onto each; `order` is the
/// `ORDER BY …` of the page.
pub(crate) async fn page<'a, R, T>(
    db: &crate::db::Db,
    count_from: &'a str,
    select_from: &'a str,
    filter: impl Fn(&mut Query<'a>),
    order: &str,
    req: PageRequest,
) -> StoreResult<Page<T>>
where
    R: Row,
    T: From<R>,
{
    let mut count = query(count_from);
    filter(&mut count);
    let total: i64 = count.scalar(db).await?;
    let mut rows = query(select_from);
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
