//! A fresh database per test (a SQLite file, or a new PostgreSQL database on the server that
//! `GERBANG_TEST_POSTGRES_URL` names, dropped afterwards), migrated by `gerbang-store`, with
//! devices to hang session state on; and an event sink that records what an engine reports.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use gerbang_core::device::NewDevice;
use gerbang_core::engine::{EngineEvent, EngineEvents, EngineKind};
use gerbang_core::user::{NewUser, Role};
use gerbang_core::Store;
use gerbang_engine_whatsapp::WaSessionDb;
use gerbang_store::test_db::{create_pg_database, drop_pg_database};
use tokio::sync::mpsc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server for tests, if one is configured; with `GERBANG_TEST_REQUIRE_POSTGRES=1`
/// a missing server is a failure.
pub fn postgres_base_url() -> Option<String> {
    let url = std::env::var("GERBANG_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty());
    if url.is_none() && std::env::var("GERBANG_TEST_REQUIRE_POSTGRES").as_deref() == Ok("1") {
        panic!("GERBANG_TEST_REQUIRE_POSTGRES=1 but GERBANG_TEST_POSTGRES_URL is not set");
    }
    url
}

/// Runs each named test once per database: `<module>::sqlite::<name>` and
/// `<module>::postgres::<name>` (skipped, with a note, when no PostgreSQL URL is given).
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::harness::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if $crate::harness::postgres_base_url().is_none() {
                        eprintln!("skipped: set GERBANG_TEST_POSTGRES_URL to run PostgreSQL tests");
                        return;
                    }
                    super::$name($crate::harness::Backend::Postgres).await;
                }
            )*
        }
    };
}

enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

pub struct TestDb {
    pub store: Arc<dyn Store>,
    pub db: WaSessionDb,
    /// The same database, for counting rows.
    pool: Pool,
    dir: PathBuf,
    pg: Option<(String, String)>,
    user_id: i64,
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        let dir = std::env::temp_dir().join(format!("gerbang-wa-test-{}", uuid::Uuid::new_v4()));
        let (store, db, pool, pg): (Arc<dyn Store>, WaSessionDb, Pool, _) = match backend {
            Backend::Sqlite => {
                std::fs::create_dir_all(&dir).unwrap();
                let url = format!("sqlite://{}", dir.join("gerbang.db").display());
                let store = gerbang_store::SqliteStore::connect(&url).await.unwrap();
                let (db, pool) = (store.wa_session(), Pool::Sqlite(store.pool().clone()));
                (Arc::new(store), db, pool, None)
            }
            Backend::Postgres => {
                let base = postgres_base_url().expect("PostgreSQL URL");
                let name = format!("gerbang_wa_{}", uuid::Uuid::new_v4().simple());
                let url = create_pg_database(&base, &name).await;
                let store = gerbang_store::PgStore::connect(&url).await.unwrap();
                let (db, pool) = (store.wa_session(), Pool::Postgres(store.pool().clone()));
                (Arc::new(store), db, pool, Some((base, name)))
            }
        };
        let user = store
            .create_user(&NewUser {
                username: "owner".into(),
                email: "owner@example.id".into(),
                full_name: "Owner".into(),
                password_hash: "x".into(),
                role: Role::User,
                is_active: true,
            })
            .await
            .unwrap();
        TestDb {
            store,
            db,
            pool,
            dir,
            pg,
            user_id: user.id,
        }
    }

    pub async fn device(&self, device_id: &str) {
        self.store
            .create_device(&NewDevice {
                device_id: device_id.into(),
                device_name: device_id.into(),
                user_id: self.user_id,
                engine: EngineKind::Whatsapp,
            })
            .await
            .unwrap();
    }

    /// Rows the engine keeps for a device, over all its tables.
    pub async fn wa_rows(&self, device_id: &str) -> i64 {
        let tables = [
            "wa_device",
            "wa_identities",
            "wa_sessions",
            "wa_prekeys",
            "wa_sender_keys",
            "wa_lid_mappings",
            "wa_tc_tokens",
            "wa_msg_secrets",
        ];
        let mut total = 0;
        for table in tables {
            let sql = format!("SELECT COUNT(*) FROM {table} WHERE device_id = $1");
            total += match &self.pool {
                Pool::Sqlite(p) => sqlx::query_scalar::<_, i64>(&sql)
                    .bind(device_id)
                    .fetch_one(p)
                    .await
                    .unwrap(),
                Pool::Postgres(p) => sqlx::query_scalar::<_, i64>(&sql)
                    .bind(device_id)
                    .fetch_one(p)
                    .await
                    .unwrap(),
            };
        }
        total
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some((base, name)) = self.pg.take() {
            // Drop runs outside async; a private runtime on its own thread does the clean-up.
            let _ = std::thread::spawn(move || {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap()
                    .block_on(drop_pg_database(&base, &name));
            })
            .join();
        }
    }
}

/// Records every event, answering `Ok` (stored) unless told to refuse messages.
pub struct Recorder {
    tx: mpsc::UnboundedSender<EngineEvent>,
    pub log: Mutex<Vec<EngineEvent>>,
}

impl Recorder {
    pub fn new() -> (Arc<Recorder>, mpsc::UnboundedReceiver<EngineEvent>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (
            Arc::new(Recorder {
                tx,
                log: Mutex::new(Vec::new()),
            }),
            rx,
        )
    }
}

#[async_trait]
impl EngineEvents for Recorder {
    async fn on_event(&self, _device_id: &str, event: EngineEvent) -> Result<(), String> {
        self.log.lock().unwrap().push(event.clone());
        let _ = self.tx.send(event);
        Ok(())
    }
}

/// The next event that `pick` accepts, within `within`; earlier ones are skipped.
pub async fn next_matching<T>(
    rx: &mut mpsc::UnboundedReceiver<EngineEvent>,
    within: Duration,
    mut pick: impl FnMut(&EngineEvent) -> Option<T>,
) -> T {
    tokio::time::timeout(within, async {
        loop {
            let event = rx.recv().await.expect("event stream ended");
            if let Some(found) = pick(&event) {
                return found;
            }
        }
    })
    .await
    .expect("the expected event did not come in time")
}
