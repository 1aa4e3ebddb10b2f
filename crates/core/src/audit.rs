use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{user::UserId, PageRequest};

/// One administrative action. Actor name is copied so the entry survives the actor's deletion.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: i64,
    pub actor_id: Option<UserId>,
    pub actor_username: String,
    /// Dotted action name, e.g. `user.create`, `user.lock`, `device.delete`.
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    /// What changed; never contains passwords or secrets.
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewAuditEntry {
    pub actor_id: Option<UserId>,
    pub actor_username: String,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub details: serde_json::Value,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor_id: Option<UserId>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub page: PageRequest,
}

/// The values a log viewer can offer in its filter menus.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditFilterValues {
    pub actions: Vec<String>,
    pub target_types: Vec<String>,
    pub actors: Vec<AuditActor>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditActor {
    pub id: Option<UserId>,
    pub username: String,
}
