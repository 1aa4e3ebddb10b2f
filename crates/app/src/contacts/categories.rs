//! Contact categories: named groups in an address book; a contact may be in several.

use serde::Deserialize;
use utoipa::ToSchema;

use gerbang_core::contact::{Category, Contact, ContactFilter};
use gerbang_core::user::{User, UserId};
use gerbang_core::Page;

use super::{double_option, page, ContactQuery, OwnerQuery};
use crate::validate::Fields;
use crate::{App, AppError, AppResult};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryInput {
    pub name: String,
    pub description: Option<String>,
    /// Admins: create it for this user (default: the caller).
    pub user_id: Option<UserId>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryUpdate {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
}

impl App {
    pub async fn create_category(&self, who: &User, i: CategoryInput) -> AppResult<Category> {
        let owner = self.book_owner(who, i.user_id).await?;
        let mut f = Fields::new();
        f.check("name", crate::validate::name(&i.name, 100));
        if i.description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 500)
        {
            f.add("description", "at most 500 characters");
        }
        f.finish()?;
        let description = i.description.as_deref().filter(|d| !d.is_empty());
        Ok(self
            .store
            .create_category(owner, i.name.trim(), description)
            .await?)
    }

    pub async fn category(&self, who: &User, id: i64) -> AppResult<Category> {
        let c = self
            .store
            .category(id)
            .await?
            .ok_or(AppError::NotFound("category"))?;
        Self::may_touch(who, c.user_id, "category")?;
        Ok(c)
    }

    pub async fn update_category(
        &self,
        who: &User,
        id: i64,
        u: CategoryUpdate,
    ) -> AppResult<Category> {
        self.category(who, id).await?;
        let mut f = Fields::new();
        if let Some(n) = &u.name {
            f.check("name", crate::validate::name(n, 100));
        }
        if let Some(Some(d)) = &u.description {
            if d.chars().count() > 500 {
                f.add("description", "at most 500 characters");
            }
        }
        f.finish()?;
        let description = u
            .description
            .as_ref()
            .map(|d| d.as_deref().filter(|d| !d.is_empty()));
        self.store
            .update_category(id, u.name.as_deref().map(str::trim), description)
            .await?
            .ok_or(AppError::NotFound("category"))
    }

    /// Deletes the category; its contacts stay, without it.
    pub async fn delete_category(&self, who: &User, id: i64) -> AppResult<()> {
        self.category(who, id).await?;
        self.store.delete_category(id).await?;
        Ok(())
    }

    pub async fn list_categories(&self, who: &User, q: OwnerQuery) -> AppResult<Page<Category>> {
        let owner = self.owner_scope(who, q.user_id)?;
        Ok(self
            .store
            .list_categories(owner, page(q.page, q.per_page))
            .await?)
    }

    pub async fn category_contacts(
        &self,
        who: &User,
        id: i64,
        q: ContactQuery,
    ) -> AppResult<Page<Contact>> {
        let c = self.category(who, id).await?;
        let filter = ContactFilter {
            owner: Some(c.user_id),
            search: q.search.filter(|s| !s.trim().is_empty()),
            tag: None,
            category_id: Some(id),
            page: page(q.page, q.per_page),
        };
        Ok(self.store.list_contacts(&filter).await?)
    }
}
