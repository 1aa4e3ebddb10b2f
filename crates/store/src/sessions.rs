//! An engine's session state for a device: one opaque blob per device, replaced whole.

use async_trait::async_trait;
use chrono::Utc;
use gerbang_core::engine::{EngineKind, SessionStore};
use gerbang_core::StoreResult;

use crate::db::query;
use crate::SqlStore;

#[async_trait]
impl<B: sqlx::Database> SessionStore for SqlStore<B> {
    async fn load_session(
        &self,
        device_id: &str,
        engine: EngineKind,
    ) -> StoreResult<Option<Vec<u8>>> {
        query("SELECT data FROM engine_sessions WHERE device_id = $1 AND engine = $2")
            .bind(device_id)
            .bind(engine.as_str())
            .scalar_optional(&self.db)
            .await
    }

    async fn save_session(
        &self,
        device_id: &str,
        engine: EngineKind,
        data: &[u8],
    ) -> StoreResult<()> {
        query(
            "INSERT INTO engine_sessions (device_id, engine, data, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (device_id) DO UPDATE \
             SET engine = excluded.engine, data = excluded.data, \
             updated_at = excluded.updated_at",
        )
        .bind(device_id)
        .bind(engine.as_str())
        .bind(data)
        .bind(Utc::now())
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn delete_session(&self, device_id: &str) -> StoreResult<()> {
        query("DELETE FROM engine_sessions WHERE device_id = $1")
            .bind(device_id)
            .execute(&self.db)
            .await
            .map(|_| ())
    }
}
