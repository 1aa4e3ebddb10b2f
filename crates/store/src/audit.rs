//! The audit log: who did what to which object, newest first.

use async_trait::async_trait;
use chrono::Utc;
use gerbang_core::audit::{AuditActor, AuditEntry, AuditFilter, AuditFilterValues, NewAuditEntry};
use gerbang_core::store::AuditStore;
use gerbang_core::{Page, StoreResult};
use sqlx::types::Json;

use crate::db::{query, Query};
use crate::rows::{AuditRow, AUDIT_COLUMNS};
use crate::SqlStore;

/// The `WHERE …` of an audit listing (`to` included).
fn audit_filter<'q>(q: &mut Query<'q>, f: &'q AuditFilter) {
    q.push(" WHERE 1 = 1");
    audit_conditions(q, f, "<=");
}

/// `f`'s conditions, each as ` AND …`; `to_op` compares `created_at` with `f.to` (the listing
/// includes `to`, the export's window stops before it).
pub(crate) fn audit_conditions<'q>(q: &mut Query<'q>, f: &'q AuditFilter, to_op: &str) {
    if let Some(action) = &f.action {
        q.push(" AND action = ").push_bind(action);
    }
    if let Some(actor) = f.actor_id {
        q.push(" AND actor_id = ").push_bind(actor);
    }
    if let Some(t) = &f.target_type {
        q.push(" AND target_type = ").push_bind(t);
    }
    if let Some(t) = &f.target_id {
        q.push(" AND target_id = ").push_bind(t);
    }
    if let Some(from) = f.from {
        q.push(" AND created_at >= ").push_bind(from);
    }
    if let Some(to) = f.to {
        q.push(format_args!(" AND created_at {to_op} "))
            .push_bind(to);
    }
}

#[async_trait]
impl<B: sqlx::Database> AuditStore for SqlStore<B> {
    async fn append_audit(&self, e: &NewAuditEntry) -> StoreResult<AuditEntry> {
        query(format!(
            "INSERT INTO audit_logs (actor_id, actor_username, action, target_type, \
             target_id, details, ip, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING {AUDIT_COLUMNS}"
        ))
        .bind(e.actor_id)
        .bind(&e.actor_username)
        .bind(&e.action)
        .bind(&e.target_type)
        .bind(&e.target_id)
        .bind(Json(&e.details))
        .bind(&e.ip)
        .bind(Utc::now())
        .fetch_one::<AuditRow>(&self.db)
        .await
        .map(AuditEntry::from)
    }

    async fn list_audit(&self, filter: &AuditFilter) -> StoreResult<Page<AuditEntry>> {
        crate::paging::page::<AuditRow, AuditEntry>(
            &self.db,
            "SELECT COUNT(*) FROM audit_logs",
            &format!("SELECT {AUDIT_COLUMNS} FROM audit_logs"),
            |q| audit_filter(q, filter),
            "ORDER BY id DESC",
            filter.page,
        )
        .await
    }

    async fn audit_filter_values(&self) -> StoreResult<AuditFilterValues> {
        let actions = query("SELECT DISTINCT action FROM audit_logs ORDER BY action")
            .scalars(&self.db)
            .await?;
        let target_types =
            query("SELECT DISTINCT target_type FROM audit_logs ORDER BY target_type")
                .scalars(&self.db)
                .await?;
        let actors = query(
            "SELECT DISTINCT actor_id, actor_username FROM audit_logs \
             ORDER BY actor_username",
        )
        .fetch_all::<(Option<i64>, String)>(&self.db)
        .await?
        .into_iter()
        .map(|(id, username)| AuditActor { id, username })
        .collect();
        Ok(AuditFilterValues {
            actions,
            target_types,
            actors,
        })
    }
}
