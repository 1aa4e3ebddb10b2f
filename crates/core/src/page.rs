use serde::Serialize;
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
