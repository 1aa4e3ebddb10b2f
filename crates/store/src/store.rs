//! The store itself: which backend it runs on, whether the database answers, its pool.

use async_trait::async_trait;
use gerbang_core::store::PoolUsage;
use gerbang_core::StoreResult;

use crate::db::{query, Backend};
use crate::SqlStore;

// The ports still expanded per backend by a macro are implemented for `SqliteStore` and
// `PgStore` only, not for every `SqlStore<B>`; these bounds say so. They hold for both stores,
// and a bound whose port is written once for both backends holds for every `B`: drop it then.
#[async_trait]
impl<B: sqlx::Database> gerbang_core::Store for SqlStore<B>
where
    Self: gerbang_core::store::MessageStore
        + gerbang_core::webhook::WebhookStore
        + gerbang_core::job::JobStore
        + gerbang_core::job::ScheduleStore
        + gerbang_core::contact::ContactStore
        + gerbang_core::chatwoot::ChatwootStore
        + gerbang_core::stats::StatsStore
        + gerbang_core::export::ExportStore
        + gerbang_core::bot::BotStore
        + gerbang_core::queue::QueueStore
        + gerbang_core::ai::AiStore
        + gerbang_core::group::GroupStore
        + gerbang_core::poll::PollStore
        + gerbang_core::poll::ChatTimerStore
        + gerbang_core::appstate::AppStateStore,
{
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
