//! The event log, in SQL both backends read alike; expanded per backend like `shared.rs`.
//! `$serialize` is the statement that makes appends commit in id order (PostgreSQL hands out
//! identities before commit, so two writers could otherwise commit 5 before 4).

macro_rules! event_store_impl {
    ($store:ty, $db:ty, $serialize:literal) => {
        use async_trait::async_trait;
        use chrono::{DateTime, Utc};
        use gerbang_core::event::{Event, EventFilter, NewEvent};
        use gerbang_core::store::EventStore;
        use gerbang_core::StoreResult;
        use sqlx::types::Json;
        use sqlx::QueryBuilder;

        use crate::errors::map;
        use crate::rows::{EventRow, EVENT_COLUMNS};

        /// Starts a transaction in which events may be appended (in commit order).
        pub(crate) async fn begin(pool: &sqlx::Pool<$db>) -> Result<sqlx::Transaction<'static, $db>, sqlx::Error> {
            let mut tx = crate::WriteBegin::begin_write(pool).await?;
            sqlx::query($serialize).execute(&mut *tx).await?;
            Ok(tx)
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

        #[async_trait]
        impl EventStore for $store {
            async fn append_event(&self, e: &NewEvent) -> StoreResult<Event> {
                let mut tx = begin(&self.pool).await.map_err(map)?;
                let event = append_in(&mut tx, e).await.map_err(map)?;
                tx.commit().await.map_err(map)?;
                Ok(event)
            }

            async fn events_after(&self, after_id: i64, f: &EventFilter, limit: i64) -> StoreResult<Vec<Event>> {
                let mut q = QueryBuilder::<$db>::new(format!("SELECT {EVENT_COLUMNS} FROM events WHERE id > "));
                q.push_bind(after_id);
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
                q.push(" ORDER BY id LIMIT ").push_bind(limit);
                q.build_query_as::<EventRow>()
                    .fetch_all(&self.pool)
                    .await
                    .map(|rows| rows.into_iter().map(Event::from).collect())
                    .map_err(map)
            }

            async fn latest_event_id(&self) -> StoreResult<i64> {
                sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM events")
                    .fetch_one(&self.pool)
                    .await
                    .map(|id| id.unwrap_or(0))
                    .map_err(map)
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
