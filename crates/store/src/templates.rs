//! Message templates, in SQL both backends read alike; expanded per backend like `shared.rs`.

use chrono::{DateTime, Utc};

pub(crate) const TEMPLATE_COLUMNS: &str = "id, user_id, name, body, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub(crate) struct TemplateRow {
    id: i64,
    user_id: i64,
    name: String,
    body: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<TemplateRow> for gerbang_core::contact::Template {
    fn from(r: TemplateRow) -> Self {
        gerbang_core::contact::Template {
            id: r.id,
            user_id: r.user_id,
            name: r.name,
            body: r.body,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

macro_rules! template_store_impl {
    ($store:ty, $db:ty) => {
        use async_trait::async_trait;
        use chrono::Utc;
        use gerbang_core::contact::{Template, TemplateStore};
        use gerbang_core::user::UserId;
        use gerbang_core::{Page, PageRequest, StoreResult};
        use sqlx::QueryBuilder;

        use crate::errors::map;
        use crate::rows::contains_pattern;
        use crate::templates::{TemplateRow, TEMPLATE_COLUMNS};

        #[async_trait]
        impl TemplateStore for $store {
            async fn create_template(&self, user_id: UserId, name: &str, body: &str) -> StoreResult<Template> {
                let now = Utc::now();
                let sql = format!(
                    "INSERT INTO message_templates (user_id, name, body, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $4) RETURNING {TEMPLATE_COLUMNS}"
                );
                sqlx::query_as::<_, TemplateRow>(&sql)
                    .bind(user_id)
                    .bind(name)
                    .bind(body)
                    .bind(now)
                    .fetch_one(&self.pool)
                    .await
                    .map(Template::from)
                    .map_err(map)
            }

            async fn template(&self, id: i64) -> StoreResult<Option<Template>> {
                let sql = format!("SELECT {TEMPLATE_COLUMNS} FROM message_templates WHERE id = $1");
                sqlx::query_as::<_, TemplateRow>(&sql)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map(|r| r.map(Template::from))
                    .map_err(map)
            }

            async fn update_template(&self, id: i64, name: Option<&str>, body: Option<&str>) -> StoreResult<Option<Template>> {
                let mut q = QueryBuilder::<$db>::new("UPDATE message_templates SET updated_at = ");
                q.push_bind(Utc::now());
                if let Some(name) = name {
                    q.push(", name = ").push_bind(name.to_string());
                }
                if let Some(body) = body {
                    q.push(", body = ").push_bind(body.to_string());
                }
                q.push(" WHERE id = ").push_bind(id);
                if q.build().execute(&self.pool).await.map_err(map)?.rows_affected() == 0 {
                    return Ok(None);
                }
                self.template(id).await
            }

            async fn delete_template(&self, id: i64) -> StoreResult<bool> {
                sqlx::query("DELETE FROM message_templates WHERE id = $1")
                    .bind(id)
                    .execute(&self.pool)
                    .await
                    .map(|r| r.rows_affected() == 1)
                    .map_err(map)
            }

            async fn list_templates(
                &self,
                owner: Option<UserId>,
                search: Option<&str>,
                page: PageRequest,
            ) -> StoreResult<Page<Template>> {
                fn push_where<'a>(q: &mut QueryBuilder<'a, $db>, owner: Option<UserId>, search: Option<&'a str>) {
                    q.push(" WHERE 1 = 1");
                    if let Some(owner) = owner {
                        q.push(" AND user_id = ").push_bind(owner);
                    }
                    if let Some(term) = search.filter(|t| !t.trim().is_empty()) {
                        q.push(" AND lower(name) LIKE ")
                            .push_bind(contains_pattern(term.trim()))
                            .push(" ESCAPE '\\'");
                    }
                }
                crate::paging::page::<_, TemplateRow, Template>(
                    &self.pool,
                    "SELECT COUNT(*) FROM message_templates",
                    &format!("SELECT {TEMPLATE_COLUMNS} FROM message_templates"),
                    |q| push_where(q, owner, search),
                    "ORDER BY lower(name), id",
                    page,
                )
                .await
            }
        }
    };
}

pub(crate) use template_store_impl;
