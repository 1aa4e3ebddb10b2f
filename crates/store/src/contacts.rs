//! Saved contacts, their tags and categories, and the people a device has talked to; in SQL
//! both backends read alike, expanded per backend like `shared.rs`.

use chrono::{DateTime, Utc};
use gerbang_core::contact::{Category, CategoryRef, Contact, CustomFields, DeviceContact};
use sqlx::types::Json;

pub(crate) const CONTACT_COLUMNS: &str =
    "c.id, c.user_id, c.name, c.phone, c.fields, c.notes, c.created_at, c.updated_at";

/// Rows per multi-row statement: well under both backends' bind-parameter limits.
pub(crate) const CHUNK: usize = 500;

#[derive(sqlx::FromRow)]
pub(crate) struct ContactRow {
    pub id: i64,
    user_id: i64,
    pub name: String,
    pub phone: String,
    pub fields: Json<CustomFields>,
    pub notes: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl ContactRow {
    pub fn into_contact(self, tags: Vec<String>, categories: Vec<CategoryRef>) -> Contact {
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

pub(crate) const CATEGORY_SELECT: &str =
    "SELECT g.id, g.user_id, g.name, g.description, g.created_at, g.updated_at, \
     (SELECT COUNT(*) FROM contact_category_members m WHERE m.category_id = g.id) AS contact_count \
     FROM contact_categories g";

#[derive(sqlx::FromRow)]
pub(crate) struct CategoryRow {
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
pub(crate) struct DeviceContactRow {
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
/// sender in its groups. `$1`-free: the caller binds the device id where `?` stands.
pub(crate) const PEOPLE: &str =
    "SELECT p.jid, p.message_count, p.last_id, l.timestamp AS last_message_at, \
     (SELECT n.push_name FROM messages n WHERE n.device_id = l.device_id AND NOT n.from_me \
       AND n.push_name IS NOT NULL AND (n.sender_jid = p.jid OR n.chat_jid = p.jid) \
       ORDER BY n.id DESC LIMIT 1) AS push_name \
     FROM (SELECT CASE WHEN m.chat_jid LIKE '%@g.us' THEN m.sender_jid ELSE m.chat_jid END AS jid, \
       COUNT(*) AS message_count, MAX(m.id) AS last_id FROM messages m WHERE m.device_id = ";

pub(crate) const PEOPLE_TAIL: &str =
    " AND NOT (m.chat_jid LIKE '%@g.us' AND m.from_me) AND m.chat_jid NOT LIKE '%@broadcast' \
       GROUP BY 1) p JOIN messages l ON l.id = p.last_id WHERE p.jid IS NOT NULL";

/// The digits of a search term, with the Indonesian local `0` read as `62` (as `Phone` does).
pub(crate) fn phone_digits(term: &str) -> Option<String> {
    let digits: String = term.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    Some(match digits.strip_prefix('0') {
        Some(rest) => format!("62{rest}"),
        None => digits,
    })
}

macro_rules! contact_store_impl {
    ($store:ty, $db:ty) => {
        use std::collections::HashMap;

        use async_trait::async_trait;
        use chrono::Utc;
        use gerbang_core::contact::*;
        use gerbang_core::user::UserId;
        use gerbang_core::{Page, PageRequest, StoreResult};
        use sqlx::types::Json;
        use sqlx::QueryBuilder;

        use crate::contacts::{
            phone_digits, CategoryRow, ContactRow, DeviceContactRow, CATEGORY_SELECT, CHUNK,
            CONTACT_COLUMNS, PEOPLE, PEOPLE_TAIL,
        };
        use crate::errors::map;
        use crate::rows::contains_pattern;

        type Conn = <$db as sqlx::Database>::Connection;

        /// Adds each contact's tags and categories (queried in chunks of ids; not as cached
        /// statements, see `import_contacts`).
        async fn complete(conn: &mut Conn, rows: Vec<ContactRow>) -> StoreResult<Vec<Contact>> {
            let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
            let mut cats: HashMap<i64, Vec<CategoryRef>> = HashMap::new();
            for chunk in rows.chunks(CHUNK) {
                let mut q = QueryBuilder::<$db>::new(
                    "SELECT contact_id, tag FROM contact_tags WHERE contact_id IN (",
                );
                let mut s = q.separated(", ");
                for r in chunk {
                    s.push_bind(r.id);
                }
                q.push(") ORDER BY tag");
                let found: Vec<(i64, String)> =
                    q.build_query_as().persistent(false).fetch_all(&mut *conn).await.map_err(map)?;
                for (id, tag) in found {
                    tags.entry(id).or_default().push(tag);
                }
                let mut q = QueryBuilder::<$db>::new(
                    "SELECT m.contact_id, g.id, g.name FROM contact_category_members m \
                     JOIN contact_categories g ON g.id = m.category_id WHERE m.contact_id IN (",
                );
                let mut s = q.separated(", ");
                for r in chunk {
                    s.push_bind(r.id);
                }
                q.push(") ORDER BY g.name");
                let found: Vec<(i64, i64, String)> =
                    q.build_query_as().persistent(false).fetch_all(&mut *conn).await.map_err(map)?;
                for (id, cid, name) in found {
                    cats.entry(id).or_default().push(CategoryRef { id: cid, name });
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

        async fn one_contact(conn: &mut Conn, id: i64) -> StoreResult<Option<Contact>> {
            let sql = format!("SELECT {CONTACT_COLUMNS} FROM contacts c WHERE c.id = $1");
            let row = sqlx::query_as::<_, ContactRow>(&sql)
                .bind(id)
                .fetch_optional(&mut *conn)
                .await
                .map_err(map)?;
            match row {
                Some(r) => Ok(complete(conn, vec![r]).await?.pop()),
                None => Ok(None),
            }
        }

        /// Inserts (contact, value) pairs into a link table, skipping those already there.
        async fn link(
            conn: &mut Conn,
            sql: &'static str,
            pairs: Vec<(i64, LinkValue)>,
        ) -> StoreResult<()> {
            for chunk in pairs.chunks(CHUNK) {
                let mut q = QueryBuilder::<$db>::new(sql);
                q.push_values(chunk, |mut b, (id, v)| {
                    b.push_bind(*id);
                    match v {
                        LinkValue::Tag(t) => b.push_bind(t.clone()),
                        LinkValue::Category(c) => b.push_bind(*c),
                    };
                });
                q.push(" ON CONFLICT DO NOTHING");
                q.build().execute(&mut *conn).await.map_err(map)?;
            }
            Ok(())
        }

        enum LinkValue {
            Tag(String),
            Category(i64),
        }

        const TAG_INSERT: &str = "INSERT INTO contact_tags (contact_id, tag) ";
        const MEMBER_INSERT: &str = "INSERT INTO contact_category_members (contact_id, category_id) ";

        async fn set_links(conn: &mut Conn, id: i64, tags: Option<&[String]>, cats: Option<&[i64]>) -> StoreResult<()> {
            if let Some(tags) = tags {
                sqlx::query("DELETE FROM contact_tags WHERE contact_id = $1")
                    .bind(id)
                    .execute(&mut *conn)
                    .await
                    .map_err(map)?;
                let pairs = tags.iter().map(|t| (id, LinkValue::Tag(t.clone()))).collect();
                link(conn, TAG_INSERT, pairs).await?;
            }
            if let Some(cats) = cats {
                sqlx::query("DELETE FROM contact_category_members WHERE contact_id = $1")
                    .bind(id)
                    .execute(&mut *conn)
                    .await
                    .map_err(map)?;
                let pairs = cats.iter().map(|c| (id, LinkValue::Category(*c))).collect();
                link(conn, MEMBER_INSERT, pairs).await?;
            }
            Ok(())
        }

        fn push_contact_where<'a>(q: &mut QueryBuilder<'a, $db>, f: &'a ContactFilter) {
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
                q.push(" AND EXISTS (SELECT 1 FROM contact_category_members m \
                         WHERE m.contact_id = c.id AND m.category_id = ")
                    .push_bind(cat)
                    .push(")");
            }
        }

        #[async_trait]
        impl ContactStore for $store {
            async fn create_contact(&self, user_id: UserId, d: &ContactDraft) -> StoreResult<Contact> {
                let mut tx = crate::WriteBegin::begin_write(&self.pool).await.map_err(map)?;
                let now = Utc::now();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO contacts (user_id, name, phone, fields, notes, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
                )
                .bind(user_id)
                .bind(&d.name)
                .bind(&d.phone)
                .bind(Json(&d.fields))
                .bind(&d.notes)
                .bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(map)?;
                set_links(&mut tx, id, Some(&d.tags), Some(&d.category_ids)).await?;
                let c = one_contact(&mut tx, id).await?;
                tx.commit().await.map_err(map)?;
                c.ok_or_else(|| gerbang_core::StoreError::Other("contact vanished".into()))
            }

            async fn contact(&self, id: i64) -> StoreResult<Option<Contact>> {
                let mut conn = self.pool.acquire().await.map_err(map)?;
                one_contact(&mut conn, id).await
            }

            async fn update_contact(&self, id: i64, p: &ContactPatch) -> StoreResult<Option<Contact>> {
                let mut tx = crate::WriteBegin::begin_write(&self.pool).await.map_err(map)?;
                let mut q = QueryBuilder::<$db>::new("UPDATE contacts SET updated_at = ");
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
                let n = q.build().execute(&mut *tx).await.map_err(map)?.rows_affected();
                if n == 0 {
                    return Ok(None);
                }
                set_links(&mut tx, id, p.tags.as_deref(), p.category_ids.as_deref()).await?;
                let c = one_contact(&mut tx, id).await?;
                tx.commit().await.map_err(map)?;
                Ok(c)
            }

            async fn delete_contact(&self, id: i64) -> StoreResult<bool> {
                sqlx::query("DELETE FROM contacts WHERE id = $1")
                    .bind(id)
                    .execute(&self.pool)
                    .await
                    .map(|r| r.rows_affected() == 1)
                    .map_err(map)
            }

            async fn list_contacts(&self, f: &ContactFilter) -> StoreResult<Page<Contact>> {
                let mut conn = self.pool.acquire().await.map_err(map)?;
                let mut count = QueryBuilder::<$db>::new("SELECT COUNT(*) FROM contacts c");
                push_contact_where(&mut count, f);
                let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await.map_err(map)?;
                let mut q = QueryBuilder::<$db>::new(format!("SELECT {CONTACT_COLUMNS} FROM contacts c"));
                push_contact_where(&mut q, f);
                q.push(" ORDER BY lower(c.name), c.id LIMIT ")
                    .push_bind(f.page.limit())
                    .push(" OFFSET ")
                    .push_bind(f.page.offset());
                let rows = q.build_query_as::<ContactRow>().fetch_all(&mut *conn).await.map_err(map)?;
                Ok(Page::new(complete(&mut conn, rows).await?, total, f.page))
            }

            async fn all_contacts(&self, f: &ContactFilter) -> StoreResult<Vec<Contact>> {
                let mut conn = self.pool.acquire().await.map_err(map)?;
                let mut q = QueryBuilder::<$db>::new(format!("SELECT {CONTACT_COLUMNS} FROM contacts c"));
                push_contact_where(&mut q, f);
                q.push(" ORDER BY c.id");
                let rows = q.build_query_as::<ContactRow>().fetch_all(&mut *conn).await.map_err(map)?;
                complete(&mut conn, rows).await
            }

            async fn retag_contact(&self, id: i64, add: &[String], remove: &[String]) -> StoreResult<()> {
                let mut tx = crate::WriteBegin::begin_write(&self.pool).await.map_err(map)?;
                for tag in remove {
                    sqlx::query("DELETE FROM contact_tags WHERE contact_id = $1 AND tag = $2")
                        .bind(id)
                        .bind(tag)
                        .execute(&mut *tx)
                        .await
                        .map_err(map)?;
                }
                let pairs = add.iter().map(|t| (id, LinkValue::Tag(t.clone()))).collect();
                link(&mut tx, TAG_INSERT, pairs).await?;
                sqlx::query("UPDATE contacts SET updated_at = $1 WHERE id = $2")
                    .bind(Utc::now())
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(map)?;
                tx.commit().await.map_err(map)
            }

            async fn tag_counts(&self, owner: Option<UserId>) -> StoreResult<Vec<TagCount>> {
                let rows: Vec<(String, i64)> = sqlx::query_as(
                    "SELECT t.tag, COUNT(*) FROM contact_tags t JOIN contacts c ON c.id = t.contact_id \
                     WHERE ($1 IS NULL OR c.user_id = $1) GROUP BY t.tag ORDER BY t.tag",
                )
                .bind(owner)
                .fetch_all(&self.pool)
                .await
                .map_err(map)?;
                Ok(rows.into_iter().map(|(tag, count)| TagCount { tag, count }).collect())
            }

            async fn import_contacts(&self, user_id: UserId, drafts: Vec<ContactDraft>) -> StoreResult<ImportCounts> {
                let mut tx = crate::WriteBegin::begin_write(&self.pool).await.map_err(map)?;
                let mut counts = ImportCounts::default();
                let now = Utc::now();
                for chunk in drafts.chunks(CHUNK) {
                    let mut q = QueryBuilder::<$db>::new(format!(
                        "SELECT {CONTACT_COLUMNS} FROM contacts c WHERE c.user_id = "
                    ));
                    q.push_bind(user_id).push(" AND c.phone IN (");
                    let mut s = q.separated(", ");
                    for d in chunk {
                        s.push_bind(d.phone.clone());
                    }
                    q.push(")");
                    // Planned afresh each time: a cached generic plan for 500 parameters makes
                    // PostgreSQL scan the whole table instead of using the (user, phone) index.
                    let existing: HashMap<String, ContactRow> = q
                        .build_query_as::<ContactRow>()
                        .persistent(false)
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(map)?
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
                    let mut q = QueryBuilder::<$db>::new(
                        "INSERT INTO contacts (user_id, name, phone, fields, notes, created_at, updated_at) ",
                    );
                    q.push_values(&merged, |mut b, d| {
                        b.push_bind(user_id)
                            .push_bind(d.name.clone())
                            .push_bind(d.phone.clone())
                            .push_bind(Json(d.fields.clone()))
                            .push_bind(d.notes.clone())
                            .push_bind(now)
                            .push_bind(now);
                    });
                    q.push(
                        " ON CONFLICT (user_id, phone) DO UPDATE SET name = excluded.name, \
                         fields = excluded.fields, notes = excluded.notes, updated_at = excluded.updated_at \
                         RETURNING id, phone",
                    );
                    let ids: HashMap<String, i64> = q
                        .build_query_as::<(i64, String)>()
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(map)?
                        .into_iter()
                        .map(|(id, phone)| (phone, id))
                        .collect();
                    let mut tags = Vec::new();
                    let mut members = Vec::new();
                    for d in &merged {
                        let Some(&id) = ids.get(&d.phone) else { continue };
                        tags.extend(d.tags.iter().map(|t| (id, LinkValue::Tag(t.clone()))));
                        members.extend(d.category_ids.iter().map(|c| (id, LinkValue::Category(*c))));
                    }
                    link(&mut tx, TAG_INSERT, tags).await?;
                    link(&mut tx, MEMBER_INSERT, members).await?;
                }
                tx.commit().await.map_err(map)?;
                Ok(counts)
            }

            async fn create_category(&self, user_id: UserId, name: &str, description: Option<&str>) -> StoreResult<Category> {
                let now = Utc::now();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO contact_categories (user_id, name, description, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $4) RETURNING id",
                )
                .bind(user_id)
                .bind(name)
                .bind(description)
                .bind(now)
                .fetch_one(&self.pool)
                .await
                .map_err(map)?;
                self.category(id).await?.ok_or_else(|| gerbang_core::StoreError::Other("category vanished".into()))
            }

            async fn category(&self, id: i64) -> StoreResult<Option<Category>> {
                let sql = format!("{CATEGORY_SELECT} WHERE g.id = $1");
                sqlx::query_as::<_, CategoryRow>(&sql)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map(|r| r.map(Category::from))
                    .map_err(map)
            }

            async fn category_by_name(&self, user_id: UserId, name: &str) -> StoreResult<Option<Category>> {
                let sql = format!("{CATEGORY_SELECT} WHERE g.user_id = $1 AND lower(g.name) = lower($2)");
                sqlx::query_as::<_, CategoryRow>(&sql)
                    .bind(user_id)
                    .bind(name)
                    .fetch_optional(&self.pool)
                    .await
                    .map(|r| r.map(Category::from))
                    .map_err(map)
            }

            async fn update_category(
                &self,
                id: i64,
                name: Option<&str>,
                description: Option<Option<&str>>,
            ) -> StoreResult<Option<Category>> {
                let mut q = QueryBuilder::<$db>::new("UPDATE contact_categories SET updated_at = ");
                q.push_bind(Utc::now());
                if let Some(name) = name {
                    q.push(", name = ").push_bind(name.to_string());
                }
                if let Some(d) = description {
                    q.push(", description = ").push_bind(d.map(str::to_string));
                }
                q.push(" WHERE id = ").push_bind(id);
                if q.build().execute(&self.pool).await.map_err(map)?.rows_affected() == 0 {
                    return Ok(None);
                }
                self.category(id).await
            }

            async fn delete_category(&self, id: i64) -> StoreResult<bool> {
                sqlx::query("DELETE FROM contact_categories WHERE id = $1")
                    .bind(id)
                    .execute(&self.pool)
                    .await
                    .map(|r| r.rows_affected() == 1)
                    .map_err(map)
            }

            async fn list_categories(&self, owner: Option<UserId>, page: PageRequest) -> StoreResult<Page<Category>> {
                let total: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM contact_categories WHERE ($1 IS NULL OR user_id = $1)",
                )
                .bind(owner)
                .fetch_one(&self.pool)
                .await
                .map_err(map)?;
                let sql = format!(
                    "{CATEGORY_SELECT} WHERE ($1 IS NULL OR g.user_id = $1) ORDER BY lower(g.name), g.id \
                     LIMIT $2 OFFSET $3"
                );
                let rows = sqlx::query_as::<_, CategoryRow>(&sql)
                    .bind(owner)
                    .bind(page.limit())
                    .bind(page.offset())
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map)?;
                Ok(Page::new(rows.into_iter().map(Category::from).collect(), total, page))
            }

            async fn device_contacts(
                &self,
                device_id: &str,
                search: Option<&str>,
                page: PageRequest,
            ) -> StoreResult<Page<DeviceContact>> {
                fn people<'a>(q: &mut QueryBuilder<'a, $db>, device_id: &str, search: Option<&'a str>) {
                    q.push(PEOPLE).push_bind(device_id.to_string()).push(PEOPLE_TAIL);
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
                crate::paging::page::<_, DeviceContactRow, DeviceContact>(
                    &self.pool,
                    "SELECT COUNT(*) FROM (",
                    "SELECT dc.* FROM (",
                    |q| people(q, device_id, search),
                    "ORDER BY dc.last_id DESC",
                    page,
                )
                .await
            }
        }

    };
}

pub(crate) use contact_store_impl;
