//! The audit log of administrative actions.

use serde::Deserialize;
use utoipa::IntoParams;

use gerbang_core::audit::{AuditEntry, AuditFilter, AuditFilterValues, NewAuditEntry};
use gerbang_core::{Page, PageRequest};

use crate::{Actor, App, AppResult};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Page number, from 1.
    #[serde(default, deserialize_with = "gerbang_core::page::page")]
    #[param(minimum = 1)]
    pub page: Option<u32>,
    /// Entries per page, 1 to 100 (default 20).
    #[serde(alias = "limit")]
    #[serde(default, deserialize_with = "gerbang_core::page::per_page")]
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    /// Exact action name, e.g. `user.lock`.
    pub action: Option<String>,
    /// The acting administrator's user id.
    pub actor_id: Option<i64>,
    /// `user`, `device`, `api_key`.
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// Only entries at or after this instant (RFC 3339).
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    /// Only entries at or before this instant (RFC 3339).
    pub to: Option<chrono::DateTime<chrono::Utc>>,
}

impl App {
    /// Writes one entry. Audit failures fail the request: an action we cannot account for is
    /// an action we should not have taken silently.
    pub async fn audit(
        &self,
        actor: Actor<'_>,
        action: &str,
        target_type: &str,
        target_id: &str,
        details: serde_json::Value,
    ) -> AppResult<AuditEntry> {
        let entry = NewAuditEntry {
            actor_id: Some(actor.user.id),
            actor_username: actor.user.username.clone(),
            action: action.to_string(),
            target_type: target_type.to_string(),
            target_id: target_id.to_string(),
            details,
            ip: actor.ip.map(str::to_string),
        };
        tracing::info!(actor = %actor.user.username, action, target_type, target_id, "audit");
        Ok(self.store.append_audit(&entry).await?)
    }

    pub async fn audit_log(&self, q: AuditQuery) -> AppResult<Page<AuditEntry>> {
        let filter = AuditFilter {
            action: q.action.filter(|s| !s.is_empty()),
            actor_id: q.actor_id,
            target_type: q.target_type.filter(|s| !s.is_empty()),
            target_id: q.target_id.filter(|s| !s.is_empty()),
            from: q.from,
            to: q.to,
            page: PageRequest::new(q.page.unwrap_or(1), q.per_page.unwrap_or(20)),
        };
        Ok(self.store.list_audit(&filter).await?)
    }

    pub async fn audit_filter_values(&self) -> AppResult<AuditFilterValues> {
        Ok(self.store.audit_filter_values().await?)
    }
}
