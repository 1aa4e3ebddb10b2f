//! The event log: every change reported to webhooks, streams and sinks, appended in the same
//! transaction as the change it reports.
//!
//! Where appends can commit out of id order (PostgreSQL: ids come from the transaction id, see
//! migration 0033) reads stop below a horizon, the id under which the log is final; SQLite has
//! one writer at a time and dense ids, so it has none.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::event::{Event, EventFilter, NewEvent};
use gerbang_core::store::EventStore;
use gerbang_core::StoreResult;
use sqlx::types::Json;

use crate::db::{query, Backend, Db, On, Query};
use crate::SqlStore;

const EVENT_COLUMNS: &str = "id, event_type, device_id, user_id, chat_jid, data, created_at";

/// The id step between PostgreSQL transactions (migration 0033).
const PG_ID_STEP: i64 = 65_536;

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    event_type: String,
    device_id: Option<String>,
    user_id: Option<i64>,
    chat_jid: Option<String>,
    data: Json<serde_json::Value>,
    created_at: DateTime<Utc>,
}

impl From<EventRow> for Event {
    fn from(r: EventRow) -> Self {
        Event {
            id: r.id,
            event_type: r.event_type,
            device_id: r.device_id,
            user_id: r.user_id,
            chat_jid: r.chat_jid,
            data: r.data.0,
            created_at: r.created_at,
        }
    }
}

/// Appends an event inside a write transaction (`Db::begin_write`), so it commits (or not)
/// together with the change it reports. The owner defaults to the device's.
pub(crate) async fn append_in(on: impl Into<On<'_>>, e: &NewEvent) -> StoreResult<Event> {
    query(format!(
        "INSERT INTO events (event_type, device_id, user_id, chat_jid, data, created_at) \
         VALUES ($1, $2, COALESCE($3, (SELECT user_id FROM devices WHERE device_id = $2)), \
         $4, $5, $6) RETURNING {EVENT_COLUMNS}"
    ))
    .bind(e.event_type)
    .bind(&e.device_id)
    .bind(e.user_id)
    .bind(crate::text::clean_opt(&e.chat_jid))
    .bind(Json(crate::text::clean_json(&e.data)))
    .bind(Utc::now())
    .fetch_one::<EventRow>(on)
    .await
    .map(Event::from)
}

/// The id below which every event is final (no transaction can still add one there), read in
/// a statement before the read it guards; `None` where appends commit in id order.
async fn horizon(db: &Db) -> StoreResult<Option<i64>> {
    match db.backend() {
        Backend::Postgres => query("SELECT event_horizon()").scalar(db).await.map(Some),
        Backend::Sqlite => Ok(None),
    }
}

/// `filter`'s conditions, and only final events (below the horizon).
fn filtered<'q>(q: &mut Query<'q>, below: Option<i64>, f: &'q EventFilter) {
    if let Some(below) = below {
        q.push(" AND id < ").push_bind(below);
    }
    if let Some(user) = f.user_id {
        q.push(" AND user_id = ").push_bind(user);
    }
    if let Some(device) = &f.device_id {
        q.push(" AND device_id = ").push_bind(device);
    }
    if !f.types.is_empty() {
        q.push(" AND event_type IN ").push_list(&f.types);
    }
}

async fn fetch_events(db: &Db, q: Query<'_>) -> StoreResult<Vec<Event>> {
    q.fetch_all::<EventRow>(db)
        .await
        .map(|rows| rows.into_iter().map(Event::from).collect())
}

#[async_trait]
impl<B: sqlx::Database> EventStore for SqlStore<B> {
    async fn append_event(&self, e: &NewEvent) -> StoreResult<Event> {
        let mut tx = self.db.begin_write().await?;
        let event = append_in(&mut tx, e).await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn events_after(
        &self,
        after_id: i64,
        f: &EventFilter,
        limit: i64,
    ) -> StoreResult<Vec<Event>> {
        self.events_read(after_id, f, limit)
            .await
            .map(|(events, _)| events)
    }

    async fn events_read(
        &self,
        after_id: i64,
        f: &EventFilter,
        limit: i64,
    ) -> StoreResult<(Vec<Event>, Option<i64>)> {
        let below = horizon(&self.db).await?;
        let mut q = query(format!("SELECT {EVENT_COLUMNS} FROM events WHERE id > "));
        q.push_bind(after_id);
        filtered(&mut q, below, f);
        q.push(" ORDER BY id LIMIT ").push_bind(limit);
        let events = fetch_events(&self.db, q).await?;
        Ok((events, below.map(|b| b - 1)))
    }

    async fn newest_events(&self, f: &EventFilter, limit: i64) -> StoreResult<Vec<Event>> {
        let below = horizon(&self.db).await?;
        let mut q = query(format!("SELECT {EVENT_COLUMNS} FROM events WHERE TRUE"));
        filtered(&mut q, below, f);
        q.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
        let mut events = fetch_events(&self.db, q).await?;
        events.reverse();
        Ok(events)
    }

    fn event_id_step(&self) -> i64 {
        match self.db.backend() {
            Backend::Postgres => PG_ID_STEP,
            Backend::Sqlite => 1,
        }
    }

    async fn latest_event_id(&self) -> StoreResult<i64> {
        let below = horizon(&self.db).await?;
        let newest: Option<i64> = query("SELECT MAX(id) FROM events").scalar(&self.db).await?;
        let newest = newest.unwrap_or(0);
        // Never past an event that may still commit: a reader starting here misses none.
        Ok(below.map_or(newest, |b| newest.min(b - 1)))
    }

    async fn delete_events_before(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        query("DELETE FROM events WHERE created_at < $1")
            .bind(before)
            .execute(&self.db)
            .await
    }
}
