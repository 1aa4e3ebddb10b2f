//! The services behind the webhook routes. A device's webhooks belong to whoever may manage the
//! device (its owner, admins); global ones to admins. API keys manage none: a webhook decides
//! where a device's whole message stream goes, so that stays with people, in the audit log.

use std::collections::BTreeMap;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use gerbang_core::user::{Role, User};
use gerbang_core::webhook::{
    Delivery, DeliveryFilter, DeliveryStatus, NewWebhook, Webhook, WebhookPatch,
};
use gerbang_core::{Page, PageRequest};

use super::rules;
use crate::tokens::random_secret;
use crate::validate::Fields;
use crate::{Actor, App, AppError, AppResult, Principal};

const SECRET_PREFIX: &str = "whsec_";

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateWebhookInput {
    /// Where deliveries are POSTed: http:// or https://, a public host.
    pub url: String,
    /// Event types to deliver (e.g. `message.new`); empty or absent for all.
    #[serde(default)]
    pub events: Vec<String>,
    /// The signing secret (16–200 characters); a `whsec_…` one is generated when absent.
    pub secret: Option<String>,
    /// Extra headers sent with every delivery (not hop-by-hop ones, `Host`, `Content-*`,
    /// `User-Agent` or `X-Gerbang-*`).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// `true` when absent.
    pub active: Option<bool>,
}

/// A change; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateWebhookInput {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    /// A new signing secret (not shown again).
    pub secret: Option<String>,
    /// Replaces all custom headers.
    pub headers: Option<BTreeMap<String, String>>,
    /// Switched back on, a webhook starts from the newest event: what happened while it was off
    /// is not delivered.
    pub active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedWebhook {
    /// The signing secret: shown only in this answer.
    pub secret: String,
    #[serde(flatten)]
    pub webhook: Webhook,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// `pending`, `delivered` or `dead`.
    pub status: Option<DeliveryStatus>,
    /// Page number, from 1.
    #[serde(default, deserialize_with = "gerbang_core::page::page")]
    #[param(minimum = 1)]
    pub page: Option<u32>,
    /// Deliveries per page, 1 to 100 (default 20).
    #[serde(alias = "limit")]
    #[serde(default, deserialize_with = "gerbang_core::page::per_page")]
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Redelivered {
    /// How many deliveries were queued again.
    pub count: u64,
}

impl App {
    /// A webhook for one device's events (its owner or an admin).
    pub async fn create_device_webhook(
        &self,
        actor: Actor<'_>,
        device_id: &str,
        input: CreateWebhookInput,
    ) -> AppResult<CreatedWebhook> {
        let device = self
            .device_for(&Principal::User(actor.user.clone()), device_id)
            .await?;
        self.create_webhook(actor, Some(device.device_id), input)
            .await
    }

    /// A webhook for every device's events (admins).
    pub async fn create_global_webhook(
        &self,
        actor: Actor<'_>,
        input: CreateWebhookInput,
    ) -> AppResult<CreatedWebhook> {
        admin_only(actor.user)?;
        self.create_webhook(actor, None, input).await
    }

    async fn create_webhook(
        &self,
        actor: Actor<'_>,
        device_id: Option<String>,
        input: CreateWebhookInput,
    ) -> AppResult<CreatedWebhook> {
        let allow_internal = self.settings.webhooks.allow_internal;
        let mut f = Fields::new();
        let url = f.take("url", rules::url(&input.url, allow_internal));
        let events = f.take("events", rules::events(&input.events));
        let headers = f.take("headers", rules::headers(&input.headers));
        if let Some(secret) = &input.secret {
            f.check("secret", rules::secret(secret));
        }
        f.finish()?;
        let (Some(url), Some(events), Some(headers)) = (url, events, headers) else {
            return Err(AppError::Internal("validated input went missing".into()));
        };
        let secret = input.secret.unwrap_or_else(|| random_secret(SECRET_PREFIX));
        let new = NewWebhook {
            device_id,
            url,
            events,
            secret: secret.clone(),
            headers,
            active: input.active.unwrap_or(true),
            created_by: actor.user.id,
        };
        let webhook = self.store.create_webhook(&new).await?;
        self.audit(
            actor,
            "webhook.create",
            "webhook",
            &webhook.id.to_string(),
            audit_details(&webhook),
        )
        .await?;
        tracing::info!(webhook = webhook.id, device = ?webhook.device_id, "webhook created");
        Ok(CreatedWebhook { secret, webhook })
    }

    pub async fn device_webhooks(&self, user: &User, device_id: &str) -> AppResult<Vec<Webhook>> {
        self.device_for(&Principal::User(user.clone()), device_id)
            .await?;
        Ok(self.store.list_webhooks(Some(device_id)).await?)
    }

    pub async fn global_webhooks(&self, user: &User) -> AppResult<Vec<Webhook>> {
        admin_only(user)?;
        Ok(self.store.list_webhooks(None).await?)
    }

    /// The webhook, if it exists (404) and `user` may manage it (403).
    pub async fn webhook_for(&self, user: &User, id: i64) -> AppResult<Webhook> {
        let webhook = self
            .store
            .webhook(id)
            .await?
            .ok_or(AppError::NotFound("webhook"))?;
        match &webhook.device_id {
            Some(device_id) => {
                self.device_for(&Principal::User(user.clone()), device_id)
                    .await?;
            }
            None => admin_only(user)?,
        }
        Ok(webhook)
    }

    pub async fn update_webhook(
        &self,
        actor: Actor<'_>,
        id: i64,
        input: UpdateWebhookInput,
    ) -> AppResult<Webhook> {
        let current = self.webhook_for(actor.user, id).await?;
        let allow_internal = self.settings.webhooks.allow_internal;
        let mut f = Fields::new();
        let mut patch = WebhookPatch {
            active: input.active,
            ..WebhookPatch::default()
        };
        if let Some(url) = &input.url {
            patch.url = f.take("url", rules::url(url, allow_internal));
        }
        if let Some(events) = &input.events {
            patch.events = f.take("events", rules::events(events));
        }
        if let Some(headers) = &input.headers {
            patch.headers = f.take("headers", rules::headers(headers));
        }
        if let Some(secret) = &input.secret {
            f.check("secret", rules::secret(secret));
            patch.secret = Some(secret.clone());
        }
        f.finish()?;
        if input.active == Some(true) && !current.active {
            patch.last_event_id = Some(self.store.latest_event_id().await?);
        }
        let webhook = self
            .store
            .update_webhook(id, &patch)
            .await?
            .ok_or(AppError::NotFound("webhook"))?;
        let mut details = audit_details(&webhook);
        details["changed"] = json!(changed_fields(&input));
        self.audit(actor, "webhook.update", "webhook", &id.to_string(), details)
            .await?;
        Ok(webhook)
    }

    pub async fn delete_webhook(&self, actor: Actor<'_>, id: i64) -> AppResult<()> {
        let webhook = self.webhook_for(actor.user, id).await?;
        if !self.store.delete_webhook(id).await? {
            return Err(AppError::NotFound("webhook"));
        }
        self.audit(
            actor,
            "webhook.delete",
            "webhook",
            &id.to_string(),
            audit_details(&webhook),
        )
        .await?;
        Ok(())
    }

    pub async fn webhook_deliveries(
        &self,
        user: &User,
        id: i64,
        q: DeliveryQuery,
    ) -> AppResult<Page<Delivery>> {
        self.webhook_for(user, id).await?;
        let filter = DeliveryFilter {
            status: q.status,
            page: PageRequest::new(q.page.unwrap_or(1), q.per_page.unwrap_or(20)),
        };
        Ok(self.store.list_deliveries(id, &filter).await?)
    }

    /// Queues one delivery again, due now (in its chat's order).
    pub async fn redeliver(&self, user: &User, id: i64, delivery_id: i64) -> AppResult<Delivery> {
        self.webhook_for(user, id).await?;
        let delivery = self
            .store
            .redeliver(id, delivery_id, Utc::now())
            .await?
            .ok_or(AppError::NotFound("delivery"))?;
        tracing::info!(
            webhook = id,
            delivery = delivery_id,
            "webhook delivery queued again"
        );
        super::worker::wake();
        Ok(delivery)
    }

    /// Queues every dead delivery of the webhook again.
    pub async fn redeliver_dead(&self, user: &User, id: i64) -> AppResult<Redelivered> {
        self.webhook_for(user, id).await?;
        let count = self.store.redeliver_dead(id, Utc::now()).await?;
        tracing::info!(webhook = id, count, "dead webhook deliveries queued again");
        super::worker::wake();
        Ok(Redelivered { count })
    }
}

fn admin_only(user: &User) -> AppResult<()> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "global webhooks belong to administrators",
        ))
    }
}

/// What the audit log keeps: never the secret, header values or the URL's query (either may
/// carry credentials).
fn audit_details(w: &Webhook) -> serde_json::Value {
    let url = reqwest::Url::parse(&w.url)
        .map(|mut u| {
            u.set_query(None);
            u.set_fragment(None);
            u.to_string()
        })
        .unwrap_or_default();
    json!({
        "deviceId": w.device_id,
        "url": url,
        "events": w.events,
        "headers": w.headers.keys().collect::<Vec<_>>(),
        "active": w.active,
    })
}

fn changed_fields(input: &UpdateWebhookInput) -> Vec<&'static str> {
    [
        ("url", input.url.is_some()),
        ("events", input.events.is_some()),
        ("secret", input.secret.is_some()),
        ("headers", input.headers.is_some()),
        ("active", input.active.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, changed)| changed.then_some(name))
    .collect()
}
