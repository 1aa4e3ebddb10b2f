//! A user's saved contacts (name, phone, tags, categories, custom fields, notes), contact
//! categories, tags, CSV import and export, and the people a device's WhatsApp knows.
//!
//! Users see and change their own address book; admins see everyone's and may act on any
//! contact (lists are everyone's unless `userId` narrows them). API keys have no address book.

mod categories;
pub mod csv_import;
mod export;

use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};

use gerbang_core::contact::{
    Contact, ContactDraft, ContactFilter, ContactPatch, CustomFields, DeviceContact, TagCount,
};
use gerbang_core::jid::Phone;
use gerbang_core::user::{Role, User, UserId};
use gerbang_core::{Page, PageRequest};

use crate::validate::Fields;
use crate::{App, AppError, AppResult, Principal};

pub use categories::{CategoryInput, CategoryUpdate};
pub use export::{to_csv, ExportFormat, ExportQuery};

const MAX_TAGS: usize = 50;
const MAX_FIELDS: usize = 50;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactInput {
    #[serde(default)]
    pub name: String,
    /// `0812…`, `+62 812-…` or digits with the country code; stored as digits (`62812…`).
    /// Also accepted as `phoneNumber` or `number`.
    #[serde(alias = "phoneNumber", alias = "number")]
    pub phone: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Ids of the owner's categories.
    #[serde(default)]
    pub category_ids: Vec<i64>,
    /// Custom fields, each a text value: `{"kota": "Bandung"}`.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub fields: CustomFields,
    pub notes: Option<String>,
    /// Admins: save it in this user's address book (default: the caller's).
    pub user_id: Option<UserId>,
}

/// Only what is given changes; `tags`, `categoryIds` and `fields` replace the old values.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactUpdate {
    pub name: Option<String>,
    /// Also accepted as `phoneNumber` or `number`.
    #[serde(alias = "phoneNumber", alias = "number")]
    pub phone: Option<String>,
    pub tags: Option<Vec<String>>,
    pub category_ids: Option<Vec<i64>>,
    #[schema(value_type = Option<Object>)]
    pub fields: Option<CustomFields>,
    /// `null` clears the notes.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
}

pub(crate) fn double_option<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ContactQuery {
    #[serde(default, deserialize_with = "gerbang_core::page::page")]
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[serde(alias = "limit")]
    #[serde(default, deserialize_with = "gerbang_core::page::per_page")]
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    /// In the name or the phone number (`0812…` finds `62812…`).
    pub search: Option<String>,
    pub tag: Option<String>,
    pub category_id: Option<i64>,
    /// Admins: only this user's contacts.
    pub user_id: Option<UserId>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TagsInput {
    pub tags: Vec<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct OwnerQuery {
    /// Admins: only this user's.
    pub user_id: Option<UserId>,
    #[serde(default, deserialize_with = "gerbang_core::page::page")]
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[serde(alias = "limit")]
    #[serde(default, deserialize_with = "gerbang_core::page::per_page")]
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct DeviceContactQuery {
    #[serde(default, deserialize_with = "gerbang_core::page::page")]
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[serde(alias = "limit")]
    #[serde(default, deserialize_with = "gerbang_core::page::per_page")]
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    /// In the number or the WhatsApp name.
    pub search: Option<String>,
}

/// A tag as stored: trimmed, lower-case, without list separators.
pub fn tag(raw: &str) -> Result<String, String> {
    let t = raw.trim().to_lowercase();
    if t.is_empty() || t.chars().count() > 50 {
        return Err("a tag has 1 to 50 characters".into());
    }
    if t.chars()
        .any(|c| c.is_control() || matches!(c, ',' | ';' | '|'))
    {
        return Err("a tag cannot contain ',', ';', '|' or control characters".into());
    }
    Ok(t)
}

pub(crate) fn contact_name(s: &str) -> Result<(), String> {
    if s.trim().chars().count() > 100 || s.chars().any(char::is_control) {
        return Err("must be at most 100 characters, without control characters".into());
    }
    Ok(())
}

/// A custom field's name: what `{{name}}` in a template refers to.
pub(crate) fn field_name(s: &str) -> Result<(), String> {
    if s.is_empty()
        || s.len() > 50
        || !s
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return Err("a field name has 1 to 50 letters, digits, '_' or '-'".into());
    }
    if matches!(s, "name" | "phone") {
        return Err("`name` and `phone` are the contact's own; choose another name".into());
    }
    Ok(())
}

fn check_fields(f: &mut Fields, fields: &CustomFields) {
    if fields.len() > MAX_FIELDS {
        f.add("fields", format!("at most {MAX_FIELDS} custom fields"));
    }
    for (k, v) in fields {
        if let Err(e) = field_name(k) {
            f.add(&format!("fields.{k}"), e);
        } else if v.chars().count() > 1000 {
            f.add(&format!("fields.{k}"), "at most 1000 characters");
        }
    }
}

fn check_tags(f: &mut Fields, field: &str, tags: &[String]) -> Vec<String> {
    if tags.len() > MAX_TAGS {
        f.add(field, format!("at most {MAX_TAGS} tags"));
    }
    let mut out: Vec<String> = Vec::new();
    for (i, t) in tags.iter().enumerate() {
        if let Some(t) = f.take(&format!("{field}[{i}]"), tag(t)) {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

fn check_notes(f: &mut Fields, notes: Option<&str>) {
    if notes.is_some_and(|n| n.chars().count() > 2000) {
        f.add("notes", "at most 2000 characters");
    }
}

/// The variables a contact gives a template: its custom fields, `name` and `phone`.
pub fn variables(c: &Contact) -> Map<String, Value> {
    let mut vars: Map<String, Value> = c
        .fields
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    vars.insert("name".into(), Value::String(c.name.clone()));
    vars.insert("phone".into(), Value::String(c.phone.clone()));
    vars
}

pub(crate) fn page(p: Option<u32>, per: Option<u32>) -> PageRequest {
    PageRequest::new(p.unwrap_or(1), per.unwrap_or(20))
}

impl App {
    /// Whose address book a list shows: the caller's, or for admins everyone's or `user_id`'s.
    pub(crate) fn owner_scope(
        &self,
        who: &User,
        user_id: Option<UserId>,
    ) -> AppResult<Option<UserId>> {
        match (who.role, user_id) {
            (Role::Admin, u) => Ok(u),
            (_, Some(u)) if u != who.id => Err(AppError::forbidden(
                "only administrators see other users' address books",
            )),
            _ => Ok(Some(who.id)),
        }
    }

    /// The user whose book a new entry goes into.
    pub(crate) async fn book_owner(
        &self,
        who: &User,
        user_id: Option<UserId>,
    ) -> AppResult<UserId> {
        match self.owner_scope(who, user_id)? {
            Some(u) if u != who.id => {
                self.store
                    .user(u)
                    .await?
                    .ok_or_else(|| AppError::field("userId", "no such user"))?;
                Ok(u)
            }
            _ => Ok(who.id),
        }
    }

    pub(crate) fn may_touch(who: &User, owner: UserId, what: &str) -> AppResult<()> {
        if who.role == Role::Admin || who.id == owner {
            Ok(())
        } else {
            Err(AppError::forbidden(format!(
                "this {what} belongs to another user"
            )))
        }
    }

    /// Checks that every category id is one of `owner`'s.
    async fn check_categories(
        &self,
        f: &mut Fields,
        owner: UserId,
        ids: &[i64],
    ) -> AppResult<Vec<i64>> {
        let mut out = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            match self.store.category(*id).await? {
                Some(c) if c.user_id == owner => {
                    if !out.contains(id) {
                        out.push(*id);
                    }
                }
                _ => {
                    f.add(
                        &format!("categoryIds[{i}]"),
                        "no such category in this address book",
                    );
                }
            }
        }
        Ok(out)
    }

    pub async fn create_contact(&self, who: &User, i: ContactInput) -> AppResult<Contact> {
        let owner = self.book_owner(who, i.user_id).await?;
        let mut f = Fields::new();
        f.check("name", contact_name(&i.name));
        let phone = f.take("phone", Phone::parse(&i.phone));
        let tags = check_tags(&mut f, "tags", &i.tags);
        check_fields(&mut f, &i.fields);
        check_notes(&mut f, i.notes.as_deref());
        let category_ids = self
            .check_categories(&mut f, owner, &i.category_ids)
            .await?;
        f.finish()?;
        let draft = ContactDraft {
            name: i.name.trim().to_string(),
            phone: phone.map(|p| p.as_str().to_string()).unwrap_or_default(),
            tags,
            category_ids,
            fields: i.fields,
            notes: i.notes.filter(|n| !n.is_empty()),
        };
        Ok(self.store.create_contact(owner, &draft).await?)
    }

    pub async fn contact(&self, who: &User, id: i64) -> AppResult<Contact> {
        let c = self
            .store
            .contact(id)
            .await?
            .ok_or(AppError::NotFound("contact"))?;
        Self::may_touch(who, c.user_id, "contact")?;
        Ok(c)
    }

    pub async fn update_contact(
        &self,
        who: &User,
        id: i64,
        u: ContactUpdate,
    ) -> AppResult<Contact> {
        let c = self.contact(who, id).await?;
        let mut f = Fields::new();
        if let Some(n) = &u.name {
            f.check("name", contact_name(n));
        }
        let phone = match &u.phone {
            Some(p) => f
                .take("phone", Phone::parse(p))
                .map(|p| p.as_str().to_string()),
            None => None,
        };
        let tags = u.tags.as_ref().map(|t| check_tags(&mut f, "tags", t));
        if let Some(fields) = &u.fields {
            check_fields(&mut f, fields);
        }
        check_notes(&mut f, u.notes.as_ref().and_then(|n| n.as_deref()));
        let category_ids = match &u.category_ids {
            Some(ids) => Some(self.check_categories(&mut f, c.user_id, ids).await?),
            None => None,
        };
        f.finish()?;
        let patch = ContactPatch {
            name: u.name.map(|n| n.trim().to_string()),
            phone,
            tags,
            category_ids,
            fields: u.fields,
            notes: u.notes.map(|n| n.filter(|n| !n.is_empty())),
        };
        self.store
            .update_contact(id, &patch)
            .await?
            .ok_or(AppError::NotFound("contact"))
    }

    pub async fn delete_contact(&self, who: &User, id: i64) -> AppResult<()> {
        self.contact(who, id).await?;
        self.store.delete_contact(id).await?;
        Ok(())
    }

    pub async fn list_contacts(&self, who: &User, q: ContactQuery) -> AppResult<Page<Contact>> {
        let filter = self.contact_filter(who, q.user_id, q.search, q.tag, q.category_id)?;
        Ok(self
            .store
            .list_contacts(&ContactFilter {
                page: page(q.page, q.per_page),
                ..filter
            })
            .await?)
    }

    fn contact_filter(
        &self,
        who: &User,
        user_id: Option<UserId>,
        search: Option<String>,
        tag_name: Option<String>,
        category_id: Option<i64>,
    ) -> AppResult<ContactFilter> {
        let tag = match tag_name {
            Some(t) => Some(tag(&t).map_err(|e| AppError::field("tag", e))?),
            None => None,
        };
        Ok(ContactFilter {
            owner: self.owner_scope(who, user_id)?,
            search: search.filter(|s| !s.trim().is_empty()),
            tag,
            category_id,
            page: PageRequest::default(),
        })
    }

    /// Adds tags to a contact (`replace`: the tags become exactly these).
    pub async fn add_tags(
        &self,
        who: &User,
        id: i64,
        i: TagsInput,
        replace: bool,
    ) -> AppResult<Contact> {
        let c = self.contact(who, id).await?;
        let mut f = Fields::new();
        let tags = check_tags(&mut f, "tags", &i.tags);
        f.finish()?;
        if replace {
            let patch = ContactPatch {
                tags: Some(tags),
                ..ContactPatch::default()
            };
            self.store.update_contact(id, &patch).await?;
        } else {
            if c.tags.len() + tags.iter().filter(|t| !c.tags.contains(t)).count() > MAX_TAGS {
                return Err(AppError::field(
                    "tags",
                    format!("a contact has at most {MAX_TAGS} tags"),
                ));
            }
            self.store.retag_contact(id, &tags, &[]).await?;
        }
        self.contact(who, id).await
    }

    pub async fn remove_tag(&self, who: &User, id: i64, raw: &str) -> AppResult<Contact> {
        let c = self.contact(who, id).await?;
        let t = tag(raw).map_err(|e| AppError::field("tag", e))?;
        if !c.tags.contains(&t) {
            return Err(AppError::NotFound("tag"));
        }
        self.store.retag_contact(id, &[], &[t]).await?;
        self.contact(who, id).await
    }

    pub async fn tags(&self, who: &User, user_id: Option<UserId>) -> AppResult<Vec<TagCount>> {
        Ok(self
            .store
            .tag_counts(self.owner_scope(who, user_id)?)
            .await?)
    }

    /// The people the device's WhatsApp has exchanged messages with, as the gateway recorded
    /// them (the engine port has no address-book call).
    pub async fn device_contacts(
        &self,
        who: &Principal,
        device_id: &str,
        q: DeviceContactQuery,
    ) -> AppResult<Page<DeviceContact>> {
        let device = self.device_for(who, device_id).await?;
        Ok(self
            .store
            .device_contacts(
                &device.device_id,
                q.search.as_deref(),
                page(q.page, q.per_page),
            )
            .await?)
    }

    /// Saved contacts of `owner` with any of the tags or categories, each once.
    pub(crate) async fn contacts_by_groups(
        &self,
        owner: UserId,
        tags: &[String],
        category_ids: &[i64],
    ) -> AppResult<Vec<Contact>> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        let filters = tags
            .iter()
            .map(|t| (Some(t.clone()), None))
            .chain(category_ids.iter().map(|c| (None, Some(*c))));
        for (tag, category_id) in filters {
            let f = ContactFilter {
                owner: Some(owner),
                tag,
                category_id,
                ..ContactFilter::default()
            };
            for c in self.store.all_contacts(&f).await? {
                if seen.insert(c.id) {
                    out.push(c);
                }
            }
        }
        Ok(out)
    }
}
