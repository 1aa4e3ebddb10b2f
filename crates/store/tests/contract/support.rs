//! One fresh database per test: a SQLite file in a temporary directory, or a throw-away
//! PostgreSQL database on `GERBANG_TEST_POSTGRES_URL` (skipped with a note without it, unless
//! `GERBANG_TEST_REQUIRE_POSTGRES=1`).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use gerbang_core::device::NewDevice;
use gerbang_core::engine::EngineKind;
use gerbang_core::message::{MessageStatus, NewMessage};
use gerbang_core::user::{NewUser, Role, User};
use gerbang_core::Store;
use gerbang_store::test_db;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A store on a database of its own, removed when dropped.
pub struct TestStore {
    pub store: Arc<dyn Store>,
    pub url: String,
    backend: Backend,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Database { base: String, name: String },
}

static NEXT: AtomicU32 = AtomicU32::new(0);

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        chrono::Utc::now().timestamp_micros()
    )
}

pub fn postgres_base_url() -> Option<String> {
    match std::env::var("GERBANG_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            if std::env::var("GERBANG_TEST_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("GERBANG_TEST_REQUIRE_POSTGRES=1 but GERBANG_TEST_POSTGRES_URL is not set");
            }
            None
        }
    }
}

impl TestStore {
    pub async fn open(backend: Backend) -> TestStore {
        let (url, cleanup) = match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("{}.db", unique("gerbang_contract")));
                (format!("sqlite://{}", path.display()), Cleanup::File(path))
            }
            Backend::Postgres => {
                let base = postgres_base_url().expect("PostgreSQL URL");
                let name = unique("gerbang_contract");
                let url = test_db::create_pg_database(&base, &name).await;
                (url, Cleanup::Database { base, name })
            }
        };
        let store = gerbang_store::connect(&url).await.expect("open the store");
        TestStore {
            store,
            url,
            backend,
            cleanup,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.backend == Backend::Postgres
    }

    pub async fn close(self) {
        self.store.close().await;
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Database { base, name } => test_db::drop_pg_database(base, name).await,
        }
    }

    pub async fn user(&self, name: &str) -> User {
        self.store
            .create_user(&NewUser {
                username: name.into(),
                email: format!("{name}@example.test"),
                full_name: format!("{name} Test"),
                password_hash: "not-a-real-hash".into(),
                role: Role::User,
                is_active: true,
            })
            .await
            .unwrap()
    }

    pub async fn device(&self, user: &User, device_id: &str) -> String {
        self.store
            .create_device(&NewDevice {
                device_id: device_id.into(),
                device_name: format!("{device_id} name"),
                user_id: user.id,
                engine: EngineKind::Sim,
            })
            .await
            .unwrap()
            .device_id
    }
}

/// A text message of the chat with `phone` (digits) on `device`: received and unread from
/// them, or ours and pending; tests change what they need with `..text(…)`.
pub fn text(device: &str, id: &str, phone: &str, from_me: bool, body: &str) -> NewMessage {
    let jid = format!("{phone}@s.whatsapp.net");
    NewMessage {
        device_id: device.into(),
        message_id: id.into(),
        chat_jid: jid.clone(),
        sender_jid: (!from_me).then(|| jid.clone()),
        sender_phone: (!from_me).then(|| phone.to_string()),
        sender_lid: None,
        push_name: None,
        from_me,
        message_type: "text".into(),
        body: Some(body.into()),
        media: None,
        extra: serde_json::json!({}),
        quoted_id: None,
        mentions: Vec::new(),
        status: if from_me {
            MessageStatus::Pending
        } else {
            MessageStatus::Received
        },
        is_read: from_me,
        timestamp: chrono::Utc::now(),
    }
}

/// Runs each named test once per backend, on a fresh database each time.
#[macro_export]
macro_rules! contract_tests {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let s = $crate::support::TestStore::open($crate::support::Backend::Sqlite).await;
                    super::$name(&s).await;
                    s.close().await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if $crate::support::postgres_base_url().is_none() {
                        eprintln!("skipped: set GERBANG_TEST_POSTGRES_URL to run the PostgreSQL tests");
                        return;
                    }
                    let s = $crate::support::TestStore::open($crate::support::Backend::Postgres).await;
                    super::$name(&s).await;
                    s.close().await;
                }
            )+
        }
    };
}
