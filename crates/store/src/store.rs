//! The store itself: which backend it runs on, whether the database answers, its pool.

use async_trait::async_trait;
use gerbang_core::store::PoolUsage;
use gerbang_core::StoreResult;

use crate::db::{query, Backend};
use crate::SqlStore;

#[async_trait]
impl<B: sqlx::Database> gerbang_core::Store for SqlStore<B> {
    fn backend(&self) -> &'static str {
        match self.db.backend() {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    async fn ping(&self) -> StoreResult<()> {
        query("SELECT 1").execute(&self.db).await.map(|_| ())
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn pool_usage(&self) -> PoolUsage {
        PoolUsage {
            size: self.pool.size(),
            idle: self.pool.num_idle() as u32,
            max: self.pool.options().get_max_connections(),
        }
    }
}
