//! Saved contacts, their tags and categories, and the people a device has talked to.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::contact::*;
use gerbang_core::user::UserId;
use gerbang_core::{Page, PageRequest, StoreError, StoreResult};
use sqlx::types::Json;

use crate::db::{query, On, Query};

use crate::rows::contains_pattern;
use crate::SqlStore;

const CONTACT_COLUMNS: &str =
    "c.id, c.user_id, c.name, c.phone, c.fields, c.notes, c.created_at, c.updated_at";

/// Rows per multi-row statement: well under both backends' bind-parameter limits.
const CHUNK: usize = 500;

#[derive(sqlx::FromRow)]
struct ContactRow {
    id: i64,
    user_id: i64,
    name: String,
    phone: String,
    fields: Json<CustomFields>,
    notes: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl ContactRow {
    fn into_contact(self, tags: Vec<String>, categories: Vec<CategoryRef>) -> Contact {
        Contact {
            id: self.id,
            user_id: self.user_id,
            name: self.name,
            phone: self.phone,
            tags,
            categories,
            fields: self.fields.0,
            notes: self.notes,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

const CATEGORY_SELECT: &str =
    "SELECT g.id, g.user_id, g.name, g.description, g.created_at, g.updated_at, \
     (SELECT COUNT(*) FROM contact_category_members m WHERE m.category_id = g.id) AS contact_count \
     FROM contact_categories g";

#[derive(sqlx::FromRow)]
struct CategoryRow {
    id: i64,
    user_id: i64,
    name: String,
    description: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    contact_count: i64,
}

impl From<CategoryRow> for Category {
    fn from(r: CategoryRow) -> Self {
        Category {
            id: r.id,
            user_id: r.user_id,
            name: r.name,
            description: r.description,
            contact_count: r.contact_count,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct DeviceContactRow {
    jid: String,
    push_name: Option<String>,
    message_count: i64,
    last_message_at: DateTime<Utc>,
}

impl From<DeviceContactRow> for DeviceContact {
    fn from(r: DeviceContactRow) -> Self {
        let phone = r
            .jid
            .strip_suffix("@s.whatsapp.net")
            .map(|u| u.split(':').next().unwrap_or(u).to_string());
        DeviceContact {
            jid: r.jid,
            phone,
            push_name: r.push_name,
            message_count: r.message_count,
            last_message_at: r.last_message_at,
        }
    }
}

/// The people of a device's messages: the other side of each one-to-one chat, and every other
/// sender in its groups. The caller pushes the device id's placeholder between [`PEOPLE`] and
/// [`PEOPLE_TAIL`].
const PEOPLE: &str = "SELECT p.jid, p.message_count, p.last_id, l.timestamp AS last_message_at, \
     (SELECT n.push_name FROM messages n WHERE n.device_id = l.device_id AND NOT n.from_me \
       AND n.push_name IS NOT NULL AND (n.sender_jid = p.jid OR n.chat_jid = p.jid) \
       ORDER BY n.id DESC LIMIT 1) AS push_name \
     FROM (SELECT CASE WHEN m.chat_jid LIKE '%@g.us' THEN m.sender_jid ELSE m.chat_jid END AS jid, \
       COUNT(*) AS message_count, MAX(m.id) AS last_id FROM messages m WHERE m.device_id = ";

const PEOPLE_TAIL: &str =
    " AND NOT (m.chat_jid LIKE '%@g.us' AND m.from_me) AND m.chat_jid NOT LIKE '%@broadcast' \
       GROUP BY 1) p JOIN messages l ON l.id = p.last_id WHERE p.jid IS NOT NULL";

/// The digits of a search term, with the Indonesian local `0` read as `62` (as `Phone` does).
fn phone_digits(term: &str) -> Option<String> {
    let digits: String = term.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    Some(match digits.strip_prefix('0') {
        Some(rest) => format!("62{rest}"),
        None => digits,
    })
}

/// Adds each contact's tags and categories (queried in chunks of ids; not as cached
/// statements, see `import_contacts`).
async fn complete(on: &mut On<'_>, rows: Vec<ContactRow>) -> StoreResult<Vec<Contact>> {
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    let mut cats: HashMap<i64, Vec<CategoryRef>> = HashMap::new();
    for chunk in rows.chunks(CHUNK) {
        let mut q = query("SELECT contact_id, tag FROM contact_tags WHERE contact_id IN ");
        q.push_list(chunk.iter().map(|r| r.id));
        q.push(" ORDER BY tag");
        let found: Vec<(i64, String)> = q.persistent(false).fetch_all(on.reborrow()).await?;
        for (id, tag) in found {
            tags.entry(id).or_default().push(tag);
        }
        let mut q = query(
            "SELECT m.contact_id, g.id, g.name FROM contact_category_members m \
             JOIN contact_categories g ON g.id = m.category_id WHERE m.contact_id IN ",
        );
        q.push_list(chunk.iter().map(|r| r.id));
        q.push(" ORDER BY g.name");
        let found: Vec<(i64, i64, String)> = q.persistent(false).fetch_all(on.reborrow()).await?;
        for (id, cid, name) in found {
            cats.entry(id)
                .or_default()
                .push(CategoryRef { id: cid, name });
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let (t, c) = (tags.remove(&r.id), cats.remove(&r.id));
            r.into_contact(t.unwrap_or_default(), c.unwrap_or_default())
        })
        .collect())
}

async fn one_contact(on: &mut On<'_>, id: i64) -> StoreResult<Option<Contact>> {
    let row = query(format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts c WHERE c.id = $1"
    ))
    .bind(id)
    .fetch_optional::<ContactRow>(on.reborrow())
    .await?;
    match row {
        Some(r) => Ok(complete(on, vec![r]).await?.pop()),
        None => Ok(None),
    }
}

enum LinkValue {
    Tag(String),
    Category(i64),
}

const TAG_INSERT: &str = "INSERT INTO contact_tags (contact_id, tag) ";
const MEMBER_INSERT: &str = "INSERT INTO contact_category_members (contact_id, category_id) ";

/// Inserts (contact, value) pairs into a link table, skipping those already there.
async fn link(on: &mut On<'_>, sql: &'static str, pairs: Vec<(i64, LinkValue)>) -> StoreResult<()> {
    for chunk in pairs.chunks(CHUNK) {
        let mut q = query(sql);
        q.push("VALUES ");
        for (i, (id, v)) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" })
                .push_bind(*id)
                .push(", ");
            match v {
                LinkValue::Tag(t) => q.push_bind(t.clone()),
                LinkValue::Category(c) => q.push_bind(*c),
            };
            q.push(")");
        }
        q.push(" ON CONFLICT DO NOTHING");
        q.execute(on.reborrow()).await?;
    }
    Ok(())
}

async fn set_links(
    on: &mut On<'_>,
    id: i64,
    tags: Option<&[String]>,
    cats: Option<&[i64]>,
) -> StoreResult<()> {
    if let Some(tags) = tags {
        query("DELETE FROM contact_tags WHERE contact_id = $1")
            .bind(id)
            .execute(on.reborrow())
            .await?;
        let pairs = tags
            .iter()
            .map(|t| (id, LinkValue::Tag(t.clone())))
            .collect();
        link(on, TAG_INSERT, pairs).await?;
    }
    if let Some(cats) = cats {
        query("DELETE FROM contact_category_members WHERE contact_id = $1")
            .bind(id)
            .execute(on.reborrow())
            .await?;
        let pairs = cats.iter().map(|c| (id, LinkValue::Category(*c))).collect();
        link(on, MEMBER_INSERT, pairs).await?;
    }
    Ok(())
}

fn push_contact_where<'a>(q: &mut Query<'a>, f: &'a ContactFilter) {
    q.push(" WHERE 1 = 1");
    if let Some(owner) = f.owner {
        q.push(" AND c.user_id = ").push_bind(owner);
    }
    if let Some(term) = f.search.as_deref().filter(|t| !t.trim().is_empty()) {
        q.push(" AND (lower(c.name) LIKE ")
            .push_bind(contains_pattern(term.trim()))
            .push(" ESCAPE '\\'");
        if let Some(digits) = phone_digits(term) {
            q.push(" OR c.phone LIKE ").push_bind(format!("%{digits}%"));
        }
        q.push(")");
    }
    if let Some(tag) = &f.tag {
        q.push(" AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = c.id AND t.tag = ")
            .push_bind(tag.clone())
            .push(")");
    }
    if let Some(cat) = f.category_id {
        q.push(
            " AND EXISTS (SELECT 1 FROM contact_category_members m \
             WHERE m.contact_id = c.id AND m.category_id = ",
        )
        .push_bind(cat)
        .push(")");
    }
}

/// The people of a device's messages, as the table `dc`, matching the search if any.
fn push_people<'a>(q: &mut Query<'a>, device_id: &str, search: Option<&'a str>) {
    q.push(PEOPLE)
        .push_bind(device_id.to_string())
        .push(PEOPLE_TAIL);
    q.push(") dc");
    if let Some(term) = search.filter(|t| !t.trim().is_empty()) {
        q.push(" WHERE (lower(dc.jid) LIKE ")
            .push_bind(contains_pattern(term.trim()))
            .push(" ESCAPE '\\' OR lower(dc.push_name) LIKE ")
            .push_bind(contains_pattern(term.trim()))
            .push(" ESCAPE '\\'");
        if let Some(digits) = phone_digits(term) {
            q.push(" OR dc.jid LIKE ").push_bind(format!("%{digits}%"));
        }
        q.push(")");
    }
}

#[async_trait]
impl<B: sqlx::Database> ContactStore for SqlStore<B> {
    async fn create_contact(&self, user_id: UserId, d: &ContactDraft) -> StoreResult<Contact> {
        let mut tx = self.db.begin_write().await?;
        let mut on = On::from(&mut tx);
        let now = Utc::now();
        let id: i64 = query(
            "INSERT INTO contacts (user_id, name, phone, fields, notes, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(user_id)
        .bind(&d.name)
        .bind(&d.phone)
        .bind(Json(&d.fields))
        .bind(&d.notes)
        .bind(now)
        .scalar(on.reborrow())
        .await?;
        set_links(&mut on, id, Some(&d.tags), Some(&d.category_ids)).await?;
        let c = one_contact(&mut on, id).await?;
        tx.commit().await?;
        c.ok_or_else(|| StoreError::Other("contact vanished".into()))
    }

    async fn contact(&self, id: i64) -> StoreResult<Option<Contact>> {
        one_contact(&mut On::from(&self.db), id).await
    }

    async fn update_contact(&self, id: i64, p: &ContactPatch) -> StoreResult<Option<Contact>> {
        let mut tx = self.db.begin_write().await?;
        let mut on = On::from(&mut tx);
        let mut q = query("UPDATE contacts SET updated_at = ");
        q.push_bind(Utc::now());
        if let Some(name) = &p.name {
            q.push(", name = ").push_bind(name.clone());
        }
        if let Some(phone) = &p.phone {
            q.push(", phone = ").push_bind(phone.clone());
        }
        if let Some(fields) = &p.fields {
            q.push(", fields = ").push_bind(Json(fields.clone()));
        }
        if let Some(notes) = &p.notes {
            q.push(", notes = ").push_bind(notes.clone());
        }
        q.push(" WHERE id = ").push_bind(id);
        if q.execute(on.reborrow()).await? == 0 {
            return Ok(None);
        }
        set_links(&mut on, id, p.tags.as_deref(), p.category_ids.as_deref()).await?;
        let c = one_contact(&mut on, id).await?;
        tx.commit().await?;
        Ok(c)
    }

    async fn delete_contact(&self, id: i64) -> StoreResult<bool> {
        query("DELETE FROM contacts WHERE id = $1")
            .bind(id)
            .execute(&self.db)
            .await
            .map(|n| n == 1)
    }

    async fn list_contacts(&self, f: &ContactFilter) -> StoreResult<Page<Contact>> {
        let page = crate::paging::page::<ContactRow, ContactRow>(
            &self.db,
            "SELECT COUNT(*) FROM contacts c",
            &format!("SELECT {CONTACT_COLUMNS} FROM contacts c"),
            |q| push_contact_where(q, f),
            "ORDER BY lower(c.name), c.id",
            f.page,
        )
        .await?;
        let items = complete(&mut On::from(&self.db), page.items).await?;
        Ok(Page::new(items, page.total, f.page))
    }

    async fn all_contacts(&self, f: &ContactFilter) -> StoreResult<Vec<Contact>> {
        let mut q = query(format!("SELECT {CONTACT_COLUMNS} FROM contacts c"));
        push_contact_where(&mut q, f);
        q.push(" ORDER BY c.id");
        let rows = q.fetch_all::<ContactRow>(&self.db).await?;
        complete(&mut On::from(&self.db), rows).await
    }

    async fn retag_contact(&self, id: i64, add: &[String], remove: &[String]) -> StoreResult<()> {
        let mut tx = self.db.begin_write().await?;
        let mut on = On::from(&mut tx);
        for tag in remove {
            query("DELETE FROM contact_tags WHERE contact_id = $1 AND tag = $2")
                .bind(id)
                .bind(tag)
                .execute(on.reborrow())
                .await?;
        }
        let pairs = add
            .iter()
            .map(|t| (id, LinkValue::Tag(t.clone())))
            .collect();
        link(&mut on, TAG_INSERT, pairs).await?;
        query("UPDATE contacts SET updated_at = $1 WHERE id = $2")
            .bind(Utc::now())
            .bind(id)
            .execute(on.reborrow())
            .await?;
        tx.commit().await
    }

    async fn tag_counts(&self, owner: Option<UserId>) -> StoreResult<Vec<TagCount>> {
        let rows: Vec<(String, i64)> = query(
            "SELECT t.tag, COUNT(*) FROM contact_tags t JOIN contacts c ON c.id = t.contact_id \
             WHERE ($1 IS NULL OR c.user_id = $1) GROUP BY t.tag ORDER BY t.tag",
        )
        .bind(owner)
        .fetch_all(&self.db)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(tag, count)| TagCount { tag, count })
            .collect())
    }

    async fn import_contacts(
        &self,
        user_id: UserId,
        drafts: Vec<ContactDraft>,
    ) -> StoreResult<ImportCounts> {
        let mut tx = self.db.begin_write().await?;
        let mut on = On::from(&mut tx);
        let mut counts = ImportCounts::default();
        let now = Utc::now();
        for chunk in drafts.chunks(CHUNK) {
            let mut q = query(format!(
                "SELECT {CONTACT_COLUMNS} FROM contacts c WHERE c.user_id = "
            ));
            q.push_bind(user_id).push(" AND c.phone IN (");
            for (i, d) in chunk.iter().enumerate() {
                q.push(if i == 0 { "" } else { ", " })
                    .push_bind(d.phone.clone());
            }
            q.push(")");
            // Planned afresh each time: a cached generic plan for 500 parameters makes
            // PostgreSQL scan the whole table instead of using the (user, phone) index.
            let existing: HashMap<String, ContactRow> = q
                .persistent(false)
                .fetch_all::<ContactRow>(on.reborrow())
                .await?
                .into_iter()
                .map(|r| (r.phone.clone(), r))
                .collect();
            let merged: Vec<ContactDraft> = chunk
                .iter()
                .map(|d| match existing.get(&d.phone) {
                    Some(old) => {
                        let mut base = ContactDraft {
                            name: old.name.clone(),
                            phone: old.phone.clone(),
                            fields: old.fields.0.clone(),
                            notes: old.notes.clone(),
                            ..ContactDraft::default()
                        };
                        base.merge(d.clone());
                        base
                    }
                    None => d.clone(),
                })
                .collect();
            counts.updated += existing.len() as u64;
            counts.created += (chunk.len() - existing.len()) as u64;
            let mut q = query(
                "INSERT INTO contacts (user_id, name, phone, fields, notes, created_at, updated_at) \
                 VALUES ",
            );
            for (i, d) in merged.iter().enumerate() {
                q.push(if i == 0 { "(" } else { ", (" })
                    .push_bind(user_id)
                    .push(", ")
                    .push_bind(d.name.clone())
                    .push(", ")
                    .push_bind(d.phone.clone())
                    .push(", ")
                    .push_bind(Json(d.fields.clone()))
                    .push(", ")
                    .push_bind(d.notes.clone())
                    .push(", ")
                    .push_bind(now)
                    .push(", ")
                    .push_bind(now)
                    .push(")");
            }
            q.push(
                " ON CONFLICT (user_id, phone) DO UPDATE SET name = excluded.name, \
                 fields = excluded.fields, notes = excluded.notes, updated_at = excluded.updated_at \
                 RETURNING id, phone",
            );
            let ids: HashMap<String, i64> = q
                .fetch_all::<(i64, String)>(on.reborrow())
                .await?
                .into_iter()
                .map(|(id, phone)| (phone, id))
                .collect();
            let mut tags = Vec::new();
            let mut members = Vec::new();
            for d in &merged {
                let Some(&id) = ids.get(&d.phone) else {
                    continue;
                };
                tags.extend(d.tags.iter().map(|t| (id, LinkValue::Tag(t.clone()))));
                members.extend(d.category_ids.iter().map(|c| (id, LinkValue::Category(*c))));
            }
            link(&mut on, TAG_INSERT, tags).await?;
            link(&mut on, MEMBER_INSERT, members).await?;
        }
        tx.commit().await?;
        Ok(counts)
    }

    async fn create_category(
        &self,
        user_id: UserId,
        name: &str,
        description: Option<&str>,
    ) -> StoreResult<Category> {
        let now = Utc::now();
        let id: i64 = query(
            "INSERT INTO contact_categories (user_id, name, description, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(user_id)
        .bind(name)
        .bind(description)
        .bind(now)
        .scalar(&self.db)
        .await?;
        self.category(id)
            .await?
            .ok_or_else(|| StoreError::Other("category vanished".into()))
    }

    async fn category(&self, id: i64) -> StoreResult<Option<Category>> {
        query(format!("{CATEGORY_SELECT} WHERE g.id = $1"))
            .bind(id)
            .fetch_optional::<CategoryRow>(&self.db)
            .await
            .map(|r| r.map(Category::from))
    }

    async fn category_by_name(&self, user_id: UserId, name: &str) -> StoreResult<Option<Category>> {
        query(format!(
            "{CATEGORY_SELECT} WHERE g.user_id = $1 AND lower(g.name) = lower($2)"
        ))
        .bind(user_id)
        .bind(name)
        .fetch_optional::<CategoryRow>(&self.db)
        .await
        .map(|r| r.map(Category::from))
    }

    async fn update_category(
        &self,
        id: i64,
        name: Option<&str>,
        description: Option<Option<&str>>,
    ) -> StoreResult<Option<Category>> {
        let mut q = query("UPDATE contact_categories SET updated_at = ");
        q.push_bind(Utc::now());
        if let Some(name) = name {
            q.push(", name = ").push_bind(name.to_string());
        }
        if let Some(d) = description {
            q.push(", description = ").push_bind(d.map(str::to_string));
        }
        q.push(" WHERE id = ").push_bind(id);
        if q.execute(&self.db).await? == 0 {
            return Ok(None);
        }
        self.category(id).await
    }

    async fn delete_category(&self, id: i64) -> StoreResult<bool> {
        query("DELETE FROM contact_categories WHERE id = $1")
            .bind(id)
            .execute(&self.db)
            .await
            .map(|n| n == 1)
    }

    async fn list_categories(
        &self,
        owner: Option<UserId>,
        page: PageRequest,
    ) -> StoreResult<Page<Category>> {
        let filter = |q: &mut Query| {
            q.push(" WHERE 1 = 1");
            if let Some(owner) = owner {
                q.push(" AND g.user_id = ").push_bind(owner);
            }
        };
        crate::paging::page::<CategoryRow, Category>(
            &self.db,
            "SELECT COUNT(*) FROM contact_categories g",
            CATEGORY_SELECT,
            filter,
            "ORDER BY lower(g.name), g.id",
            page,
        )
        .await
    }

    async fn device_contacts(
        &self,
        device_id: &str,
        search: Option<&str>,
        page: PageRequest,
    ) -> StoreResult<Page<DeviceContact>> {
        crate::paging::page::<DeviceContactRow, DeviceContact>(
            &self.db,
            "SELECT COUNT(*) FROM (",
            "SELECT dc.* FROM (",
            |q| push_people(q, device_id, search),
            "ORDER BY dc.last_id DESC",
            page,
        )
        .await
    }
}
