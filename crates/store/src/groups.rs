//! The group cache.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::event::{Event, NewEvent};
use gerbang_core::group::{CachedGroup, GroupFilter, GroupInfo, GroupParticipant, GroupStore};
use gerbang_core::jid::Jid;
use gerbang_core::{Page, StoreResult};
use sqlx::types::Json;

use crate::db::{query, On, Query};
use crate::events::append_in;
use crate::rows::contains_pattern;
use crate::SqlStore;

const GROUP_COLUMNS: &str = "device_id, group_jid, subject, description, owner_jid, \
     announce, locked, participants, created_at, updated_at";

#[derive(sqlx::FromRow)]
struct GroupRow {
    device_id: String,
    group_jid: String,
    subject: String,
    description: Option<String>,
    owner_jid: Option<String>,
    announce: bool,
    locked: bool,
    participants: Json<Vec<GroupParticipant>>,
    created_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

/// Stored jids were parsed before they were written; reading them back keeps them as they are
/// (`Jid` deserializes from any string, so this cannot fail).
fn stored_jid(s: String) -> Jid {
    serde_json::from_value(serde_json::Value::String(s)).expect("a string is a Jid")
}

impl From<GroupRow> for CachedGroup {
    fn from(r: GroupRow) -> Self {
        CachedGroup {
            device_id: r.device_id,
            info: GroupInfo {
                jid: stored_jid(r.group_jid),
                subject: r.subject,
                description: r.description,
                owner: r.owner_jid.map(stored_jid),
                created_at: r.created_at,
                announce: r.announce,
                locked: r.locked,
                participants: r.participants.0,
            },
            updated_at: r.updated_at,
        }
    }
}

/// Inserts or updates; an unchanged group keeps its `updated_at` (a refresh is not a change).
async fn upsert(on: impl Into<On<'_>>, device_id: &str, g: &GroupInfo) -> StoreResult<()> {
    query(
        "INSERT INTO device_groups (device_id, group_jid, subject, description, owner_jid, \
         announce, locked, participants, participant_count, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (device_id, group_jid) DO UPDATE SET subject = excluded.subject, \
         description = excluded.description, owner_jid = excluded.owner_jid, \
         announce = excluded.announce, locked = excluded.locked, \
         participants = excluded.participants, participant_count = excluded.participant_count, \
         created_at = excluded.created_at, updated_at = excluded.updated_at \
         WHERE device_groups.subject IS DISTINCT FROM excluded.subject \
         OR device_groups.description IS DISTINCT FROM excluded.description \
         OR device_groups.owner_jid IS DISTINCT FROM excluded.owner_jid \
         OR device_groups.announce IS DISTINCT FROM excluded.announce \
         OR device_groups.locked IS DISTINCT FROM excluded.locked \
         OR device_groups.participants IS DISTINCT FROM excluded.participants \
         OR device_groups.created_at IS DISTINCT FROM excluded.created_at",
    )
    .bind(device_id)
    .bind(g.jid.as_str())
    .bind(crate::text::clean(&g.subject).into_owned())
    .bind(crate::text::clean_opt(&g.description))
    .bind(g.owner.as_ref().map(|o| o.to_string()))
    .bind(g.announce)
    .bind(g.locked)
    .bind(Json(&g.participants))
    .bind(g.participants.len() as i64)
    .bind(g.created_at)
    .bind(Utc::now())
    .execute(on)
    .await
    .map(|_| ())
}

/// The admin listing's conditions.
fn push_group_where<'a>(q: &mut Query<'a>, f: &'a GroupFilter) {
    q.push(" WHERE 1 = 1");
    if let Some(device) = &f.device_id {
        q.push(" AND g.device_id = ").push_bind(device.clone());
    }
    if let Some(user) = f.user_id {
        q.push(" AND d.user_id = ").push_bind(user);
    }
    if let Some(term) = f.search.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = contains_pattern(term);
        q.push(" AND (lower(g.subject) LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR g.group_jid LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

#[async_trait]
impl<B: sqlx::Database> GroupStore for SqlStore<B> {
    async fn replace_groups(&self, device_id: &str, groups: &[GroupInfo]) -> StoreResult<()> {
        let mut tx = self.db.begin_write().await?;
        let mut q = query("DELETE FROM device_groups WHERE device_id = ");
        q.push_bind(device_id.to_string());
        if !groups.is_empty() {
            q.push(" AND group_jid NOT IN (");
            for (i, g) in groups.iter().enumerate() {
                q.push(if i == 0 { "" } else { ", " })
                    .push_bind(g.jid.to_string());
            }
            q.push(")");
        }
        q.execute(&mut tx).await?;
        for g in groups {
            upsert(&mut tx, device_id, g).await?;
        }
        tx.commit().await
    }

    async fn cached_group(&self, device_id: &str, group: &Jid) -> StoreResult<Option<CachedGroup>> {
        query(format!(
            "SELECT {GROUP_COLUMNS} FROM device_groups WHERE device_id = $1 AND group_jid = $2"
        ))
        .bind(device_id)
        .bind(group.as_str())
        .fetch_optional::<GroupRow>(&self.db)
        .await
        .map(|r| r.map(CachedGroup::from))
    }

    async fn cached_groups(&self, device_id: &str) -> StoreResult<Vec<CachedGroup>> {
        query(format!(
            "SELECT {GROUP_COLUMNS} FROM device_groups WHERE device_id = $1 \
             ORDER BY lower(subject), group_jid"
        ))
        .bind(device_id)
        .fetch_all::<GroupRow>(&self.db)
        .await
        .map(|rows| rows.into_iter().map(CachedGroup::from).collect())
    }

    async fn save_group(
        &self,
        device_id: &str,
        info: &GroupInfo,
        event: Option<&NewEvent>,
    ) -> StoreResult<Option<Event>> {
        let mut tx = self.db.begin_write().await?;
        upsert(&mut tx, device_id, info).await?;
        let appended = match event {
            Some(e) => Some(append_in(&mut tx, e).await?),
            None => None,
        };
        tx.commit().await?;
        Ok(appended)
    }

    async fn forget_group(
        &self,
        device_id: &str,
        group: &Jid,
        event: Option<&NewEvent>,
    ) -> StoreResult<Option<Event>> {
        let mut tx = self.db.begin_write().await?;
        query("DELETE FROM device_groups WHERE device_id = $1 AND group_jid = $2")
            .bind(device_id)
            .bind(group.as_str())
            .execute(&mut tx)
            .await?;
        let appended = match event {
            Some(e) => Some(append_in(&mut tx, e).await?),
            None => None,
        };
        tx.commit().await?;
        Ok(appended)
    }

    async fn admin_groups(&self, f: &GroupFilter) -> StoreResult<Page<CachedGroup>> {
        const FROM: &str = " FROM device_groups g JOIN devices d ON d.device_id = g.device_id";
        let columns = GROUP_COLUMNS
            .split(", ")
            .map(|c| format!("g.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        crate::paging::page::<GroupRow, CachedGroup>(
            &self.db,
            &format!("SELECT COUNT(*){FROM}"),
            &format!("SELECT {columns}{FROM}"),
            |q| push_group_where(q, f),
            "ORDER BY g.updated_at DESC, g.device_id, g.group_jid",
            f.page,
        )
        .await
    }
}
