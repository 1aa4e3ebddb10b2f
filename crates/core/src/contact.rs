//! Saved contacts (a user's address book, with tags, categories and custom fields), contact
//! categories, message templates, and the people a device's WhatsApp has talked to.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::user::UserId;
use crate::{Page, PageRequest, StoreResult};

/// Custom fields: names to text values, e.g. `{"kota": "Bandung"}`.
pub type CustomFields = BTreeMap<String, String>;

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryRef {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub id: i64,
    /// Whose address book it is in.
    pub user_id: UserId,
    pub name: String,
    /// Digits with the country code (`6281234567890`).
    pub phone: String,
    /// Lower-case, sorted.
    pub tags: Vec<String>,
    pub categories: Vec<CategoryRef>,
    pub fields: CustomFields,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A contact as written: by the API (whole) or by an import (merged into an existing one).
#[derive(Debug, Clone, Default)]
pub struct ContactDraft {
    pub name: String,
    pub phone: String,
    pub tags: Vec<String>,
    pub category_ids: Vec<i64>,
    pub fields: CustomFields,
    pub notes: Option<String>,
}

impl ContactDraft {
    /// Import merge rule: `later` wins for every value it has (a non-empty name, notes, each
    /// custom field); tags and categories are added, never removed.
    pub fn merge(&mut self, later: ContactDraft) {
        if !later.name.is_empty() {
            self.name = later.name;
        }
        if later.notes.as_deref().is_some_and(|n| !n.is_empty()) {
            self.notes = later.notes;
        }
        self.fields.extend(later.fields);
        for t in later.tags {
            if !self.tags.contains(&t) {
                self.tags.push(t);
            }
        }
        for c in later.category_ids {
            if !self.category_ids.contains(&c) {
                self.category_ids.push(c);
            }
        }
    }
}

/// What `update_contact` changes; `None` leaves a value as it is.
#[derive(Debug, Clone, Default)]
pub struct ContactPatch {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub tags: Option<Vec<String>>,
    pub category_ids: Option<Vec<i64>>,
    pub fields: Option<CustomFields>,
    pub notes: Option<Option<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct ContactFilter {
    /// Only this user's contacts (absent: everyone's, for admins).
    pub owner: Option<UserId>,
    /// In the name or the phone number.
    pub search: Option<String>,
    pub tag: Option<String>,
    pub category_id: Option<i64>,
    pub page: PageRequest,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TagCount {
    pub tag: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: i64,
    pub user_id: UserId,
    pub name: String,
    pub description: Option<String>,
    /// How many contacts are in it.
    pub contact_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// How an import changed the address book.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub created: u64,
    pub updated: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub id: i64,
    pub user_id: UserId,
    pub name: String,
    /// The text, with `{{variables}}` (`{{name|default}}`) and spintax `{a|b}`.
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Someone the device's WhatsApp has exchanged messages with (directly or in a group).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceContact {
    pub jid: String,
    /// Digits with the country code; absent for hidden numbers (`…@lid`).
    pub phone: Option<String>,
    /// The WhatsApp display name they last sent with.
    pub push_name: Option<String>,
    pub message_count: i64,
    pub last_message_at: DateTime<Utc>,
}

#[async_trait]
pub trait ContactStore: Send + Sync {
    /// `Conflict("phone")` when the user already has a contact with that number.
    async fn create_contact(&self, user_id: UserId, draft: &ContactDraft) -> StoreResult<Contact>;
    async fn contact(&self, id: i64) -> StoreResult<Option<Contact>>;
    async fn update_contact(&self, id: i64, patch: &ContactPatch) -> StoreResult<Option<Contact>>;
    async fn delete_contact(&self, id: i64) -> StoreResult<bool>;
    async fn list_contacts(&self, filter: &ContactFilter) -> StoreResult<Page<Contact>>;
    /// Every contact the filter matches (its page is ignored), in id order.
    async fn all_contacts(&self, filter: &ContactFilter) -> StoreResult<Vec<Contact>>;
    /// Adds and removes tags on one contact.
    async fn retag_contact(&self, id: i64, add: &[String], remove: &[String]) -> StoreResult<()>;
    async fn tag_counts(&self, owner: Option<UserId>) -> StoreResult<Vec<TagCount>>;
    /// Writes drafts (unique phones) in one transaction: a phone the user already has is
    /// merged with [`ContactDraft::merge`], the rest are created.
    async fn import_contacts(
        &self,
        user_id: UserId,
        drafts: Vec<ContactDraft>,
    ) -> StoreResult<ImportCounts>;

    async fn create_category(
        &self,
        user_id: UserId,
        name: &str,
        description: Option<&str>,
    ) -> StoreResult<Category>;
    async fn category(&self, id: i64) -> StoreResult<Option<Category>>;
    /// The user's categories by name, case-insensitively.
    async fn category_by_name(&self, user_id: UserId, name: &str) -> StoreResult<Option<Category>>;
    async fn update_category(
        &self,
        id: i64,
        name: Option<&str>,
        description: Option<Option<&str>>,
    ) -> StoreResult<Option<Category>>;
    async fn delete_category(&self, id: i64) -> StoreResult<bool>;
    async fn list_categories(
        &self,
        owner: Option<UserId>,
        page: PageRequest,
    ) -> StoreResult<Page<Category>>;

    /// People the device has exchanged messages with, most recent first.
    async fn device_contacts(
        &self,
        device_id: &str,
        search: Option<&str>,
        page: PageRequest,
    ) -> StoreResult<Page<DeviceContact>>;
}

#[async_trait]
pub trait TemplateStore: Send + Sync {
    /// `Conflict("name")` when the user has a template of that name.
    async fn create_template(
        &self,
        user_id: UserId,
        name: &str,
        body: &str,
    ) -> StoreResult<Template>;
    async fn template(&self, id: i64) -> StoreResult<Option<Template>>;
    async fn update_template(
        &self,
        id: i64,
        name: Option<&str>,
        body: Option<&str>,
    ) -> StoreResult<Option<Template>>;
    async fn delete_template(&self, id: i64) -> StoreResult<bool>;
    async fn list_templates(
        &self,
        owner: Option<UserId>,
        search: Option<&str>,
        page: PageRequest,
    ) -> StoreResult<Page<Template>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_values_win_and_tags_add_up() {
        let mut a = ContactDraft {
            name: "Sari".into(),
            tags: vec!["vip".into()],
            fields: [("kota".into(), "Bandung".into())].into(),
            ..Default::default()
        };
        a.merge(ContactDraft {
            name: String::new(),
            tags: vec!["baru".into(), "vip".into()],
            fields: [
                ("kota".into(), "Bogor".into()),
                ("umur".into(), "30".into()),
            ]
            .into(),
            notes: Some("pelanggan".into()),
            ..Default::default()
        });
        assert_eq!(a.name, "Sari");
        assert_eq!(a.tags, ["vip", "baru"]);
        assert_eq!(a.fields["kota"], "Bogor");
        assert_eq!(a.fields.len(), 2);
        assert_eq!(a.notes.as_deref(), Some("pelanggan"));
    }
}
