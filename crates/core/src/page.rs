use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// Which slice of a list the caller wants; `page` starts at 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl PageRequest {
    pub const MAX_PER_PAGE: u32 = 100;

    pub fn new(page: u32, per_page: u32) -> Self {
        Self {
            page: page.max(1),
            per_page: per_page.clamp(1, Self::MAX_PER_PAGE),
        }
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.per_page)
    }
}

/// `perPage` in a query: 1 to [`PageRequest::MAX_PER_PAGE`]; anything else is refused (and
/// named by the query extractor), as the API's schema says, rather than quietly clamped.
pub fn per_page<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let n = Option::<u32>::deserialize(d)?;
    match n {
        Some(n) if !(1..=PageRequest::MAX_PER_PAGE).contains(&n) => Err(serde::de::Error::custom(
            format!("must be 1 to {}", PageRequest::MAX_PER_PAGE),
        )),
        n => Ok(n),
    }
}

/// `page` in a query: 1 or more.
pub fn page<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    match Option::<u32>::deserialize(d)? {
        Some(0) => Err(serde::de::Error::custom("must be 1 or more")),
        n => Ok(n),
    }
}

/// How many messages or chats one request may list (`limit`).
pub const MAX_LIMIT: i64 = 200;

/// `limit` in a chat query: 1 to [`MAX_LIMIT`].
pub fn limit<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<i64>::deserialize(d)? {
        Some(n) if !(1..=MAX_LIMIT).contains(&n) => Err(serde::de::Error::custom(format!(
            "must be 1 to {MAX_LIMIT}"
        ))),
        n => Ok(n),
    }
}

/// `offset` and cursors in a query: 0 or more.
pub fn non_negative<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<i64>::deserialize(d)? {
        Some(n) if n < 0 => Err(serde::de::Error::custom("must be 0 or more")),
        n => Ok(n),
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self::new(1, 20)
    }
}

/// One page of a list plus what a client needs to ask for the next.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub total_pages: i64,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: i64, req: PageRequest) -> Self {
        let per = i64::from(req.per_page);
        Self {
            items,
            total,
            page: req.page,
            per_page: req.per_page,
            total_pages: (total + per - 1) / per,
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            per_page: self.per_page,
            total_pages: self.total_pages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_and_counts_pages() {
        let req = PageRequest::new(0, 1000);
        assert_eq!(req.page, 1);
        assert_eq!(req.per_page, 100);
        assert_eq!(PageRequest::new(3, 10).offset(), 20);
        let page = Page::new(vec![1, 2], 21, PageRequest::new(1, 10));
        assert_eq!(page.total_pages, 3);
        assert_eq!(
            Page::<i32>::new(vec![], 0, PageRequest::default()).total_pages,
            0
        );
    }
}
