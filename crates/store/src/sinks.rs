//! The event-streaming sinks' cursors, in SQL both backends read alike.

macro_rules! sink_store_impl {
    ($store:ty) => {
        use async_trait::async_trait;
        use gerbang_core::store::SinkStore;
        use gerbang_core::StoreResult;

        use crate::errors::map;

        #[async_trait]
        impl SinkStore for $store {
            async fn sink_cursor(&self, sink: &str) -> StoreResult<i64> {
                // First run: the end of the log, read in the same statement as the insert. (`WHERE
                // true`: SQLite would read `ON CONFLICT` as a join's `ON` without it.)
                sqlx::query(
                    "INSERT INTO event_sinks (name, last_event_id, updated_at) \
                     SELECT $1, COALESCE(MAX(id), 0), $2 FROM events WHERE true \
                     ON CONFLICT (name) DO NOTHING",
                )
                .bind(sink)
                .bind(chrono::Utc::now())
                .execute(&self.pool)
                .await
                .map_err(map)?;
                sqlx::query_scalar::<_, i64>(
                    "SELECT last_event_id FROM event_sinks WHERE name = $1",
                )
                .bind(sink)
                .fetch_one(&self.pool)
                .await
                .map_err(map)
            }

            async fn advance_sink_cursor(
                &self,
                sink: &str,
                from: i64,
                to: i64,
            ) -> StoreResult<bool> {
                // Compare-and-set: a sink on another node sharing the database may move it too.
                sqlx::query(
                    "UPDATE event_sinks SET last_event_id = $1, updated_at = $2 \
                     WHERE name = $3 AND last_event_id = $4",
                )
                .bind(to)
                .bind(chrono::Utc::now())
                .bind(sink)
                .bind(from)
                .execute(&self.pool)
                .await
                .map(|r| r.rows_affected() == 1)
                .map_err(map)
            }
        }
    };
}

pub(crate) use sink_store_impl;
