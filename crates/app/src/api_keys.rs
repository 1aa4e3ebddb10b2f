//! Per-device API keys for machine clients (`X-Api-Key`). The secret is shown once, at creation;
//! only its SHA-256 is stored.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use gerbang_core::device::{ApiKey, NewApiKey};

use crate::tokens::{random_secret, secret_hash};
use crate::validate::{self, Fields};
use crate::{Actor, App, AppError, AppResult, Principal};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateApiKeyInput {
    /// What the key is for, e.g. "CRM integration".
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedApiKey {
    /// The secret: shown only in this response. Send it as `X-Api-Key`.
    pub key: String,
    #[serde(flatten)]
    pub api_key: ApiKey,
}

/// How often a key's `lastUsedAt` is written at most.
pub const USE_RECORDED_EVERY_SECS: i64 = 60;
const KEY_PREFIX: &str = "gbk_";

impl App {
    pub async fn create_api_key(
        &self,
        actor: Actor<'_>,
        device_id: &str,
        input: CreateApiKeyInput,
    ) -> AppResult<CreatedApiKey> {
        self.device_for(&Principal::User(actor.user.clone()), device_id)
            .await?;
        Fields::new()
            .check("name", validate::name(&input.name, 100))
            .finish()?;
        let key = random_secret(KEY_PREFIX);
        let new = NewApiKey {
            device_id: device_id.to_string(),
            name: input.name.trim().to_string(),
            prefix: key[..KEY_PREFIX.len() + 8].to_string(),
            key_hash: secret_hash(&key),
            created_by: actor.user.id,
        };
        let api_key = self.store.create_api_key(&new).await?;
        let details =
            json!({"deviceId": device_id, "name": api_key.name, "prefix": api_key.prefix});
        self.audit(
            actor,
            "api_key.create",
            "api_key",
            &api_key.id.to_string(),
            details,
        )
        .await?;
        Ok(CreatedApiKey { key, api_key })
    }

    pub async fn list_api_keys(&self, actor: Actor<'_>, device_id: &str) -> AppResult<Vec<ApiKey>> {
        self.device_for(&Principal::User(actor.user.clone()), device_id)
            .await?;
        Ok(self.store.list_api_keys(device_id).await?)
    }

    pub async fn revoke_api_key(
        &self,
        actor: Actor<'_>,
        device_id: &str,
        key_id: i64,
    ) -> AppResult<()> {
        self.device_for(&Principal::User(actor.user.clone()), device_id)
            .await?;
        if !self.store.revoke_api_key(device_id, key_id).await? {
            return Err(AppError::NotFound("API key"));
        }
        self.runtime.events.credentials.changed();
        let details = json!({"deviceId": device_id});
        self.audit(
            actor,
            "api_key.revoke",
            "api_key",
            &key_id.to_string(),
            details,
        )
        .await?;
        Ok(())
    }

    /// The principal behind an `X-Api-Key` header. The owner must still be an active user.
    /// Records the key's use, to the minute: a write on every request made each API call of a
    /// busy integration one more database transaction.
    pub async fn authenticate_api_key(&self, key: &str) -> AppResult<Principal> {
        let principal = self.check_api_key(key).await?;
        if let Principal::ApiKey { key, .. } = &principal {
            let now = Utc::now();
            let stale = key
                .last_used_at
                .is_none_or(|at| now - at >= chrono::Duration::seconds(USE_RECORDED_EVERY_SECS));
            if stale {
                self.store.touch_api_key(key.id, now).await?;
            }
        }
        Ok(principal)
    }

    /// [`Self::authenticate_api_key`] without recording a use: for open streams, which check
    /// their key again every second.
    pub async fn check_api_key(&self, key: &str) -> AppResult<Principal> {
        let invalid = || AppError::unauthorized("invalid_api_key", "the API key is not valid");
        if !key.starts_with(KEY_PREFIX) {
            return Err(invalid());
        }
        let (api_key, owner) = self
            .store
            .api_key_by_hash(&secret_hash(key))
            .await?
            .ok_or_else(invalid)?;
        let owner_user = self.store.user(owner).await?.ok_or_else(invalid)?;
        if !owner_user.is_active {
            return Err(AppError::unauthorized(
                "account_locked",
                "the key's owner is locked",
            ));
        }
        Ok(Principal::ApiKey {
            key: api_key,
            owner,
        })
    }
}
