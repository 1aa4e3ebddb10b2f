//! Message templates: saved texts with `{{variables}}` (`{{name|Kak}}`) and spintax, previewed
//! for a contact or sample values, sent to one recipient (`use`) or used by a bulk job.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};

use gerbang_core::contact::Template;
use gerbang_core::jid::Jid;
use gerbang_core::user::{User, UserId};
use gerbang_core::{Page, PageRequest};

use crate::jobs::render::{self, Variable};
use crate::messages::{SendResult, SendTextInput};
use crate::validate::Fields;
use crate::{App, AppError, AppResult, Principal};

const MAX_BODY: usize = 4096;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TemplateView {
    pub id: i64,
    pub user_id: UserId,
    pub name: String,
    pub body: String,
    /// The `{{variables}}` the body uses, with their defaults.
    pub variables: Vec<Variable>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Template> for TemplateView {
    fn from(t: Template) -> Self {
        TemplateView {
            variables: render::variables(&t.body),
            id: t.id,
            user_id: t.user_id,
            name: t.name,
            body: t.body,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TemplateInput {
    pub name: String,
    /// The text: `{{name}}`, `{{phone}}`, any custom field, `{{name|Kak}}` with a default, and
    /// spintax `{Halo|Hai}`.
    #[serde(alias = "content", alias = "message")]
    pub body: String,
    /// Admins: create it for this user.
    pub user_id: Option<UserId>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TemplateUpdate {
    pub name: Option<String>,
    #[serde(alias = "content", alias = "message")]
    pub body: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct TemplateQuery {
    #[serde(default, deserialize_with = "gerbang_core::page::page")]
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[serde(alias = "limit")]
    #[serde(default, deserialize_with = "gerbang_core::page::per_page")]
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    /// In the name.
    pub search: Option<String>,
    /// Admins: only this user's.
    pub user_id: Option<UserId>,
}

/// Whom to render for: a saved contact, and/or values (which win over the contact's).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PreviewInput {
    pub contact_id: Option<i64>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub variables: Map<String, Value>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// One rendering (spintax picks at random, so each call may differ).
    pub text: String,
    /// Variables with neither a value nor a default: they render empty.
    pub missing: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UseInput {
    /// The device to send from.
    pub device_id: String,
    /// The recipient; or `contactId` for a saved contact (whose fields fill the variables).
    /// Also accepted as `to`, `jid`, `recipient`, `number`, `phoneNumber`, `targetNumber` or `chatId`
    /// (the names earlier gateways used).
    #[serde(
        alias = "to",
        alias = "jid",
        alias = "recipient",
        alias = "number",
        alias = "phoneNumber",
        alias = "targetNumber",
        alias = "chatId"
    )]
    pub phone: Option<String>,
    pub contact_id: Option<i64>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub variables: Map<String, Value>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UseResult {
    /// The text that was sent.
    pub text: String,
    pub sent: SendResult,
}

fn check_body(f: &mut Fields, body: &str) {
    if body.trim().is_empty() {
        f.add("body", "must not be empty");
    } else if body.chars().count() > MAX_BODY {
        f.add("body", format!("at most {MAX_BODY} characters"));
    } else {
        f.check("body", render::check(body));
    }
}

impl App {
    pub async fn create_template(&self, who: &User, i: TemplateInput) -> AppResult<TemplateView> {
        let owner = self.book_owner(who, i.user_id).await?;
        let mut f = Fields::new();
        f.check("name", crate::validate::name(&i.name, 100));
        check_body(&mut f, &i.body);
        f.finish()?;
        Ok(self
            .store
            .create_template(owner, i.name.trim(), &i.body)
            .await?
            .into())
    }

    /// A template `who` may use: their own (an API key: its device owner's), or any for admins.
    pub async fn template(&self, who: &Principal, id: i64) -> AppResult<Template> {
        let t = self
            .store
            .template(id)
            .await?
            .ok_or(AppError::NotFound("template"))?;
        if who.is_admin() || t.user_id == who.user_id() {
            Ok(t)
        } else {
            Err(AppError::forbidden("this template belongs to another user"))
        }
    }

    pub async fn template_view(&self, who: &User, id: i64) -> AppResult<TemplateView> {
        Ok(self
            .template(&Principal::User(who.clone()), id)
            .await?
            .into())
    }

    pub async fn update_template(
        &self,
        who: &User,
        id: i64,
        u: TemplateUpdate,
    ) -> AppResult<TemplateView> {
        self.template_view(who, id).await?;
        let mut f = Fields::new();
        if let Some(n) = &u.name {
            f.check("name", crate::validate::name(n, 100));
        }
        if let Some(b) = &u.body {
            check_body(&mut f, b);
        }
        f.finish()?;
        self.store
            .update_template(id, u.name.as_deref().map(str::trim), u.body.as_deref())
            .await?
            .map(TemplateView::from)
            .ok_or(AppError::NotFound("template"))
    }

    pub async fn delete_template(&self, who: &User, id: i64) -> AppResult<()> {
        self.template_view(who, id).await?;
        self.store.delete_template(id).await?;
        Ok(())
    }

    pub async fn list_templates(
        &self,
        who: &User,
        q: TemplateQuery,
    ) -> AppResult<Page<TemplateView>> {
        let owner = self.owner_scope(who, q.user_id)?;
        let page = PageRequest::new(q.page.unwrap_or(1), q.per_page.unwrap_or(20));
        Ok(self
            .store
            .list_templates(owner, q.search.as_deref(), page)
            .await?
            .map(TemplateView::from))
    }

    /// The variables for one recipient: the contact's (if any), then `values` on top.
    async fn template_vars(
        &self,
        who: &User,
        contact_id: Option<i64>,
        values: Map<String, Value>,
    ) -> AppResult<Map<String, Value>> {
        let mut vars = match contact_id {
            Some(id) => {
                let c = self.contact(who, id).await.map_err(|e| match e {
                    AppError::NotFound(_) => AppError::field("contactId", "no such contact"),
                    other => other,
                })?;
                crate::contacts::variables(&c)
            }
            None => Map::new(),
        };
        vars.extend(values);
        Ok(vars)
    }

    pub async fn preview_template(
        &self,
        who: &User,
        id: i64,
        i: PreviewInput,
    ) -> AppResult<Preview> {
        let t = self.template_view(who, id).await?;
        let vars = self.template_vars(who, i.contact_id, i.variables).await?;
        let text = render::render(&t.body, &vars, &mut rand::thread_rng());
        Ok(Preview {
            missing: render::missing(&t.body, &vars),
            text,
        })
    }

    /// Renders the template for one recipient and sends it from the device.
    pub async fn use_template(&self, who: &User, id: i64, i: UseInput) -> AppResult<UseResult> {
        let t = self.template_view(who, id).await?;
        let principal = Principal::User(who.clone());
        self.device_for(&principal, &i.device_id)
            .await
            .map_err(|e| match e {
                AppError::NotFound(_) => AppError::field("deviceId", "no such device"),
                other => other,
            })?;
        let mut vars = self.template_vars(who, i.contact_id, i.variables).await?;
        let phone = match (i.phone, vars.get("phone").and_then(Value::as_str)) {
            (Some(p), _) => p,
            (None, Some(p)) => p.to_string(),
            (None, None) => return Err(AppError::field("phone", "give phone or contactId")),
        };
        let jid = Jid::parse(&phone).map_err(|e| AppError::field("phone", e))?;
        vars.entry("phone")
            .or_insert_with(|| Value::String(jid.user_part().to_string()));
        let text = render::render(&t.body, &vars, &mut rand::thread_rng());
        let input = SendTextInput {
            phone: jid.to_string(),
            message: text.clone(),
            reply_to: None,
            mentions: Vec::new(),
        };
        let sent = self.send_text(&principal, &i.device_id, input).await?;
        Ok(UseResult { text, sent })
    }
}
