//! The event log, in SQL both backends read alike; expanded per backend like `shared.rs`.
//! `$horizon` is the statement giving the id below which the log is final and the id step between
//! transactions, where appends can commit out of id order (PostgreSQL: ids come from the
//! transaction id, see migration 0033), or `None` where they cannot (SQLite has one writer at a
//! time, ids are dense).

macro_rules! event_store_impl {
    ($store:ty, $db:ty, $horizon:expr) => {
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use gerbang_core::event::{Event, EventFilter, NewEvent};
        use gerbang_core::store::EventStore;
        use gerbang_core::StoreResult;
        use sqlx::types::Json;
        use sqlx::QueryBuilder;

        use crate::errors::map;
        use crate::rows::{EventRow, EVENT_COLUMNS};

        /// Starts a transaction in which events may be appended.
        pub(crate) async fn begin(pool: &sqlx::Pool<$db>) -> Result<sqlx::Transaction<'static, $db>, sqlx::Error> {
            crate::WriteBegin::begin_write(pool).await
        }

        const HORIZON: Option<(&str, i64)> = $horizon;

        /// The id below which every event is final (no transaction can still add one there),
        /// read in a statement before the read it guards; `None` where appends commit in id order.
        async fn horizon(pool: &sqlx::Pool<$db>) -> Result<Option<i64>, sqlx::Error> {
            match HORIZON {
                Some((sql, _)) => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.map(Some),
                None => Ok(None),
            }
        }

        /// Appends an event inside a transaction from [`begin`], so it commits (or not) together
        /// with the change it reports. The owner defaults to the device's.
        pub(crate) async fn append_in(
            tx: &mut sqlx::Transaction<'static, $db>,
            e: &NewEvent,
        ) -> Result<Event, sqlx::Error> {
            let sql = format!(
                "INSERT INTO events (event_type, device_id, user_id, chat_jid, data, created_at) \
                 VALUES ($1, $2, COALESCE($3, (SELECT user_id FROM devices WHERE device_id = $2)), \
                 $4, $5, $6) RETURNING {EVENT_COLUMNS}"
            );
            sqlx::query_as::<_, EventRow>(&sql)
                .bind(e.event_type)
                .bind(&e.device_id)
                .bind(e.user_id)
                .bind(crate::text::clean_opt(&e.chat_jid))
                .bind(Json(crate::text::clean_json(&e.data)))
                .bind(Utc::now())
                .fetch_one(&mut **tx)
                .await
                .map(Event::from)
        }

        /// `filter`'s conditions, and only final events (below the horizon).
        fn filtered(q: &mut QueryBuilder<'_, $db>, below: Option<i64>, f: &EventFilter) {
            if let Some(below) = below {
                q.push(" AND id < ").push_bind(below);
            }
            if let Some(user) = f.user_id {
                q.push(" AND user_id = ").push_bind(user);
            }
            if let Some(device) = &f.device_id {
                q.push(" AND device_id = ").push_bind(device.clone());
            }
            if !f.types.is_empty() {
                q.push(" AND event_type IN (");
                let mut types = q.separated(", ");
                for t in &f.types {
                    types.push_bind(t.clone());
                }
                types.push_unseparated(")");
            }
        }

        async fn fetch_events(pool: &sqlx::Pool<$db>, mut q: QueryBuilder<'_, $db>) -> StoreResult<Vec<Event>> {
            q.build_query_as::<EventRow>()
                .fetch_all(pool)
                .await
                .map(|rows| rows.into_iter().map(Event::from).collect())
                .map_err(map)
        }

        #[async_trait]
        impl EventStore for $store {
            async fn append_event(&self, e: &NewEvent) -> StoreResult<Event> {
                let mut tx = begin(&self.pool).await.map_err(map)?;
                let event = append_in(&mut tx, e).await.map_err(map)?;
                tx.commit().await.map_err(map)?;
                Ok(event)
            }

            async fn events_after(&self, after_id: i64, f: &EventFilter, limit: i64) -> StoreResult<Vec<Event>> {
                self.events_read(after_id, f, limit).await.map(|(events, _)| events)
            }

            async fn events_read(&self, after_id: i64, f: &EventFilter, limit: i64) -> StoreResult<(Vec<Event>, Option<i64>)> {
                let below = horizon(&self.pool).await.map_err(map)?;
                let mut q = QueryBuilder::<$db>::new(format!("SELECT {EVENT_COLUMNS} FROM events WHERE id > "));
                q.push_bind(after_id);
                filtered(&mut q, below, f);
                q.push(" ORDER BY id LIMIT ").push_bind(limit);
                let events = fetch_events(&self.pool, q).await?;
                Ok((events, below.map(|b| b - 1)))
            }

            async fn newest_events(&self, f: &EventFilter, limit: i64) -> StoreResult<Vec<Event>> {
                let below = horizon(&self.pool).await.map_err(map)?;
                let mut q = QueryBuilder::<$db>::new(format!("SELECT {EVENT_COLUMNS} FROM events WHERE TRUE"));
                filtered(&mut q, below, f);
                q.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
                let mut events = fetch_events(&self.pool, q).await?;
                events.reverse();
                Ok(events)
            }

            fn event_id_step(&self) -> i64 {
                HORIZON.map_or(1, |(_, step)| step)
            }

            async fn latest_event_id(&self) -> StoreResult<i64> {
                let below = horizon(&self.pool).await.map_err(map)?;
                let newest = sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM events")
                    .fetch_one(&self.pool)
                    .await
                    .map(|id| id.unwrap_or(0))
                    .map_err(map)?;
                // Never past an event that may still commit: a reader starting here misses none.
                Ok(below.map_or(newest, |b| newest.min(b - 1)))
            }

            async fn delete_events_before(&self, before: DateTime<Utc>) -> StoreResult<u64> {
                sqlx::query("DELETE FROM events WHERE created_at < $1")
                    .bind(before)
                    .execute(&self.pool)
                    .await
                    .map(|r| r.rows_affected())
                    .map_err(map)
            }
        }
    };
}

pub(crate) use event_store_impl;
