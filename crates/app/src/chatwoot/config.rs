//! The per-device Chatwoot settings: where the inbox is, the API access token (sealed at rest,
//! shown afterwards only as its last four characters) and the secret Chatwoot's webhook must
//! carry (shown once, when made).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use gerbang_core::chatwoot::ChatwootConfig;

use crate::ai::seal;
use crate::tokens::{random_secret, secret_hash};
use crate::validate::Fields;
use crate::webhooks::rules;
use crate::{App, AppError, AppResult, Principal};

const MAX_TOKEN: usize = 200;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatwootInput {
    /// Chatwoot's address, e.g. `https://chatwoot.example.com` (a public host).
    pub base_url: Option<String>,
    /// The account id (in Chatwoot's URLs: `/app/accounts/{id}/…`).
    pub account_id: Option<i64>,
    /// The id of an inbox of the "API" channel type.
    pub inbox_id: Option<i64>,
    /// An agent's or bot's access token (Profile settings → Access token). Required the first
    /// time; absent afterwards keeps the stored one.
    pub api_access_token: Option<String>,
    /// `true` when absent.
    pub enabled: Option<bool>,
    /// Make a new webhook secret (the old URL stops working).
    #[serde(default)]
    pub rotate_webhook_token: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatwootView {
    pub device_id: String,
    pub base_url: String,
    pub account_id: i64,
    pub inbox_id: i64,
    /// The last characters of the stored access token.
    pub api_access_token_hint: String,
    pub enabled: bool,
    /// Where Chatwoot's webhook must POST (on this gateway's public address), without the token.
    pub webhook_path: String,
    /// The webhook secret: only in the answer that made it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_token: Option<String>,
    /// `webhookPath` with its `?token=`: only in the answer that made the token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url_path: Option<String>,
    /// Messages the bridge gave up copying to Chatwoot.
    pub failed_messages: i64,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeletedChatwoot {
    pub device_id: String,
    /// `false` when there was nothing to remove.
    pub deleted: bool,
}

pub(crate) fn webhook_path(device_id: &str) -> String {
    format!("/api/integrations/chatwoot/{device_id}/webhook")
}

/// `failed` is counted before `c` is read: the worker writes the reason before it counts a
/// failure, so a view never shows a failure without its reason.
fn chatwoot_view(c: ChatwootConfig, failed: i64, fresh_token: Option<String>) -> ChatwootView {
    let path = webhook_path(&c.device_id);
    ChatwootView {
        webhook_url_path: fresh_token.as_ref().map(|t| format!("{path}?token={t}")),
        webhook_token: fresh_token,
        webhook_path: path,
        device_id: c.device_id,
        base_url: c.base_url,
        account_id: c.account_id,
        inbox_id: c.inbox_id,
        api_access_token_hint: c.token_hint,
        enabled: c.enabled,
        failed_messages: failed,
        last_error: c.last_error,
        last_error_at: c.last_error_at,
        updated_at: c.updated_at,
    }
}

impl App {
    pub async fn chatwoot(&self, who: &Principal, device_id: &str) -> AppResult<ChatwootView> {
        let device = self.device_for(who, device_id).await?;
        let failed = self.store.chatwoot_failures(&device.device_id).await?;
        let c = self
            .store
            .chatwoot_config(&device.device_id)
            .await?
            .ok_or(AppError::NotFound("Chatwoot configuration"))?;
        Ok(chatwoot_view(c, failed, None))
    }

    pub async fn set_chatwoot(
        &self,
        who: &Principal,
        device_id: &str,
        input: ChatwootInput,
    ) -> AppResult<ChatwootView> {
        let device = self.device_for(who, device_id).await?;
        let old = self.store.chatwoot_config(&device.device_id).await?;
        let mut f = Fields::new();
        let allow_internal = self.settings.webhooks.allow_internal;
        let base_url = match input.base_url.as_deref() {
            None => {
                f.add("baseUrl", "is required");
                None
            }
            Some(raw) => match rules::url(raw, allow_internal) {
                Ok(u) if reqwest::Url::parse(&u).is_ok_and(|p| p.query().is_some()) => {
                    f.add("baseUrl", "must not have a query string");
                    None
                }
                Ok(u) => Some(u.trim_end_matches('/').to_string()),
                Err(e) => {
                    f.add("baseUrl", e);
                    None
                }
            },
        };
        for (name, value) in [("accountId", input.account_id), ("inboxId", input.inbox_id)] {
            match value {
                None => {
                    f.add(name, "is required");
                }
                Some(v) if v < 1 => {
                    f.add(name, "must be a positive id");
                }
                _ => {}
            }
        }
        let token = input.api_access_token.as_deref().map(str::trim);
        let token_error = match token {
            None if old.is_none() => Some("is required"),
            Some("") => Some("must not be empty"),
            Some(t) if t.len() > MAX_TOKEN || t.chars().any(|c| c.is_whitespace()) => {
                Some("must be at most 200 characters, without spaces")
            }
            _ => None,
        };
        if let Some(e) = token_error {
            f.add("apiAccessToken", e);
        }
        f.finish()?;
        let (Some(base_url), Some(account_id), Some(inbox_id)) =
            (base_url, input.account_id, input.inbox_id)
        else {
            return Err(AppError::Internal("checked fields went missing".into()));
        };
        let (token_cipher, token_hint) = match (token, &old) {
            (Some(t), _) => (seal::seal(&self.tokens.sealing_key, t), seal::hint(t)),
            (None, Some(o)) => (o.token_cipher.clone(), o.token_hint.clone()),
            (None, None) => return Err(AppError::field("apiAccessToken", "is required")),
        };
        let (webhook_token_hash, fresh) = match &old {
            Some(o) if !input.rotate_webhook_token => (o.webhook_token_hash.clone(), None),
            _ => {
                let t = random_secret("cwh_");
                (secret_hash(&t), Some(t))
            }
        };
        let config = ChatwootConfig {
            device_id: device.device_id.clone(),
            base_url,
            account_id,
            inbox_id,
            token_cipher,
            token_hint,
            webhook_token_hash,
            enabled: input.enabled.unwrap_or(true),
            last_error: None,
            last_error_at: None,
            updated_at: Utc::now(),
        };
        let failed = self.store.chatwoot_failures(&device.device_id).await?;
        self.store.put_chatwoot_config(&config).await?;
        tracing::info!(device_id = %device.device_id, account_id, inbox_id,
            enabled = config.enabled, new_webhook_token = fresh.is_some(), "Chatwoot configured");
        Ok(chatwoot_view(config, failed, fresh))
    }

    pub async fn delete_chatwoot(
        &self,
        who: &Principal,
        device_id: &str,
    ) -> AppResult<DeletedChatwoot> {
        let device = self.device_for(who, device_id).await?;
        // Idempotent: removing what is not there is not an error (`deleted: false`).
        let deleted = self.store.delete_chatwoot_config(&device.device_id).await?;
        if deleted {
            tracing::info!(device_id = %device.device_id, "Chatwoot configuration removed");
        }
        Ok(DeletedChatwoot {
            device_id: device.device_id,
            deleted,
        })
    }

    /// The stored access token, opened; `None` when the server secret changed since.
    pub(crate) fn chatwoot_token(&self, c: &ChatwootConfig) -> Option<String> {
        seal::open(&self.tokens.sealing_key, &c.token_cipher)
    }
}
