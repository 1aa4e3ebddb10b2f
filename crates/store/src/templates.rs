//! Message templates: a user's saved texts with `{name}`-style fields.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::contact::{Template, TemplateStore};
use gerbang_core::user::UserId;
use gerbang_core::{Page, PageRequest, StoreResult};

use crate::db::{query, Query};
use crate::rows::contains_pattern;
use crate::SqlStore;

const TEMPLATE_COLUMNS: &str = "id, user_id, name, body, created_at, updated_at";

#[derive(sqlx::FromRow)]
struct TemplateRow {
    id: i64,
    user_id: i64,
    name: String,
    body: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<TemplateRow> for Template {
    fn from(r: TemplateRow) -> Self {
        Template {
            id: r.id,
            user_id: r.user_id,
            name: r.name,
            body: r.body,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[async_trait]
impl<B: sqlx::Database> TemplateStore for SqlStore<B> {
    async fn create_template(
        &self,
        user_id: UserId,
        name: &str,
        body: &str,
    ) -> StoreResult<Template> {
        query(format!(
            "INSERT INTO message_templates (user_id, name, body, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING {TEMPLATE_COLUMNS}"
        ))
        .bind(user_id)
        .bind(name)
        .bind(body)
        .bind(Utc::now())
        .fetch_one::<TemplateRow>(&self.db)
        .await
        .map(Template::from)
    }

    async fn template(&self, id: i64) -> StoreResult<Option<Template>> {
        query(format!(
            "SELECT {TEMPLATE_COLUMNS} FROM message_templates WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional::<TemplateRow>(&self.db)
        .await
        .map(|r| r.map(Template::from))
    }

    async fn update_template(
        &self,
        id: i64,
        name: Option<&str>,
        body: Option<&str>,
    ) -> StoreResult<Option<Template>> {
        let mut q = query("UPDATE message_templates SET updated_at = ");
        q.push_bind(Utc::now());
        if let Some(name) = name {
            q.push(", name = ").push_bind(name);
        }
        if let Some(body) = body {
            q.push(", body = ").push_bind(body);
        }
        q.push(" WHERE id = ").push_bind(id);
        if q.execute(&self.db).await? == 0 {
            return Ok(None);
        }
        self.template(id).await
    }

    async fn delete_template(&self, id: i64) -> StoreResult<bool> {
        query("DELETE FROM message_templates WHERE id = $1")
            .bind(id)
            .execute(&self.db)
            .await
            .map(|n| n == 1)
    }

    async fn list_templates(
        &self,
        owner: Option<UserId>,
        search: Option<&str>,
        page: PageRequest,
    ) -> StoreResult<Page<Template>> {
        let filter = |q: &mut Query| {
            q.push(" WHERE 1 = 1");
            if let Some(owner) = owner {
                q.push(" AND user_id = ").push_bind(owner);
            }
            if let Some(term) = search.filter(|t| !t.trim().is_empty()) {
                q.push(" AND lower(name) LIKE ")
                    .push_bind(contains_pattern(term.trim()))
                    .push(" ESCAPE '\\'");
            }
        };
        crate::paging::page::<TemplateRow, Template>(
            &self.db,
            "SELECT COUNT(*) FROM message_templates",
            &format!("SELECT {TEMPLATE_COLUMNS} FROM message_templates"),
            filter,
            "ORDER BY lower(name), id",
            page,
        )
        .await
    }
}
