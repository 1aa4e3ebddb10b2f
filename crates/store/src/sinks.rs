//! The event-streaming sinks' cursors.

use async_trait::async_trait;
use chrono::Utc;
use gerbang_core::store::SinkStore;
use gerbang_core::StoreResult;

use crate::db::query;
use crate::SqlStore;

#[async_trait]
impl<B: sqlx::Database> SinkStore for SqlStore<B> {
    async fn sink_cursor(&self, sink: &str) -> StoreResult<i64> {
        // First run: the end of the log, read in the same statement as the insert. (`WHERE
        // true`: SQLite would read `ON CONFLICT` as a join's `ON` without it.)
        query(
            "INSERT INTO event_sinks (name, last_event_id, updated_at) \
             SELECT $1, COALESCE(MAX(id), 0), $2 FROM events WHERE true \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(sink)
        .bind(Utc::now())
        .execute(&self.db)
        .await?;
        query("SELECT last_event_id FROM event_sinks WHERE name = $1")
            .bind(sink)
            .scalar(&self.db)
            .await
    }

    async fn advance_sink_cursor(&self, sink: &str, from: i64, to: i64) -> StoreResult<bool> {
        // Compare-and-set: a sink on another node sharing the database may move it too.
        query(
            "UPDATE event_sinks SET last_event_id = $1, updated_at = $2 \
             WHERE name = $3 AND last_event_id = $4",
        )
        .bind(to)
        .bind(Utc::now())
        .bind(sink)
        .bind(from)
        .execute(&self.db)
        .await
        .map(|n| n == 1)
    }
}
