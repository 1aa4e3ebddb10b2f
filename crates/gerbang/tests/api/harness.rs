//! Starts the real gateway on 127.0.0.1:0 with a fresh database per test: a SQLite file in a
//! temporary directory, or a new PostgreSQL database on the server that
//! `GERBANG_TEST_POSTGRES_URL` names (dropped again when the test ends).

use std::path::PathBuf;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::sync::oneshot;

use gerbang::Config;
use gerbang_store::test_db::{create_pg_database, drop_pg_database};

pub const ADMIN_PASSWORD: &str = "admin-password-123";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server for tests, if one is configured. With `GERBANG_TEST_REQUIRE_POSTGRES=1`
/// (as in CI) a missing server is a failure, not a skip.
pub fn postgres_base_url() -> Option<String> {
    let url = std::env::var("GERBANG_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty());
    if url.is_none() && std::env::var("GERBANG_TEST_REQUIRE_POSTGRES").as_deref() == Ok("1") {
        panic!("GERBANG_TEST_REQUIRE_POSTGRES=1 but GERBANG_TEST_POSTGRES_URL is not set");
    }
    url
}

/// Runs each named test once per backend: `<module>::sqlite::<name>` and
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

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub admin_token: String,
    config: Config,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    dir: PathBuf,
    pg_database: Option<(String, String)>,
}

/// A signed-in user made for a test.
pub struct TestUser {
    pub id: i64,
    pub password: String,
    pub token: String,
    pub refresh_token: String,
}

pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Reply {
    pub fn data(&self) -> &Value {
        &self.body["data"]
    }

    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }

    pub fn field(&self, name: &str) -> Option<&str> {
        self.body["error"]["fields"][name].as_str()
    }
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let dir = std::env::temp_dir().join(format!("gerbang-test-{}", uuid::Uuid::new_v4()));
        let mut pg_database = None;
        let database_url = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                let base = postgres_base_url().expect("PostgreSQL URL");
                let name = format!("gerbang_t_{}", uuid::Uuid::new_v4().simple());
                let url = create_pg_database(&base, &name).await;
                pg_database = Some((base, name));
                Some(url)
            }
        };
        let mut config = Config {
            host: "127.0.0.1".into(),
            data_dir: dir.clone(),
            database_url: database_url.map(Into::into),
            admin_password: Some(ADMIN_PASSWORD.into()),
            rate_limit_per_minute: 0,
            auth_rate_limit_per_minute: 0,
            log: "warn".into(),
            engine: "sim".into(),
            // QR codes last 3 s then 1 s each; receipts come within a fraction of a second.
            sim_speed: 20.0,
            // Tests reach nothing beyond loopback, whatever URL a test (or a bug) names.
            outbound_loopback_only: true,
            ..Config::default()
        };
        tweak(&mut config);
        let mut app = Self::start(config, dir, pg_database).await;
        let login = app.login("admin", ADMIN_PASSWORD).await;
        assert_eq!(login.status, StatusCode::OK, "admin login: {}", login.body);
        app.admin_token = login.data()["token"].as_str().unwrap().to_string();
        app
    }

    async fn start(config: Config, dir: PathBuf, pg_database: Option<(String, String)>) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = oneshot::channel::<()>();
        let server = tokio::spawn(gerbang::serve(config.clone(), listener, async {
            let _ = rx.await;
        }));
        let client = reqwest::Client::new();
        // The store connects before the listener answers; wait for the first answer.
        for _ in 0..200 {
            if client
                .get(format!("{base}/api/health"))
                .send()
                .await
                .is_ok()
            {
                break;
            }
            if server.is_finished() {
                panic!("server exited: {:?}", server.await);
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        TestApp {
            base,
            client,
            admin_token: String::new(),
            config,
            shutdown: Some(tx),
            server: Some(server),
            dir,
            pg_database,
        }
    }

    /// Stops the server gracefully and starts it again on the same database.
    pub async fn restart(self) -> TestApp {
        self.restart_after(std::time::Duration::ZERO).await
    }

    /// Like [`restart`](Self::restart), staying down for `down` in between.
    pub async fn restart_after(mut self, down: std::time::Duration) -> TestApp {
        self.stop_server().await;
        tokio::time::sleep(down).await;
        let dir = std::mem::take(&mut self.dir);
        let pg = self.pg_database.take();
        let config = self.config.clone();
        let admin_token = std::mem::take(&mut self.admin_token);
        drop(self);
        let mut app = Self::start(config, dir, pg).await;
        app.admin_token = admin_token;
        app
    }

    async fn stop_server(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap().unwrap();
        }
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            req = if token.starts_with("gbk_") {
                req.header("x-api-key", token)
            } else {
                req.bearer_auth(token)
            };
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply {
            status,
            body,
            headers,
        }
    }

    /// Opens a streaming response and reads only its head (the body of an error answer).
    pub async fn open_stream(&self, path: &str, token: Option<&str>) -> Reply {
        let mut req = self.client.get(format!("{}{path}", self.base));
        if let Some(token) = token {
            req = if token.starts_with("gbk_") {
                req.header("x-api-key", token)
            } else {
                req.bearer_auth(token)
            };
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        let headers = res.headers().clone();
        let body = if status.is_success() {
            Value::Null
        } else {
            res.json().await.unwrap_or(Value::Null)
        };
        Reply {
            status,
            body,
            headers,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.request(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.request(Method::POST, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.request(Method::PUT, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        self.request(Method::DELETE, path, token, None).await
    }

    /// The gateway's database, for what the API does not show (the engine's session state).
    pub fn database_url(&self) -> String {
        self.config.database_url()
    }

    pub fn admin(&self) -> Option<&str> {
        Some(&self.admin_token)
    }

    pub async fn login(&self, login: &str, password: &str) -> Reply {
        self.post(
            "/api/auth/login",
            None,
            json!({"login": login, "password": password}),
        )
        .await
    }

    /// Registers and signs in a new user.
    pub async fn user(&self, username: &str) -> TestUser {
        let password = format!("{username}-password");
        let r = self
            .post(
                "/api/auth/register",
                None,
                json!({"username": username, "email": format!("{username}@example.id"),
                       "password": password, "fullName": format!("User {username}")}),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::CREATED,
            "register {username}: {}",
            r.body
        );
        let l = self.login(username, &password).await;
        assert_eq!(l.status, StatusCode::OK, "{}", l.body);
        TestUser {
            id: l.data()["user"]["id"].as_i64().unwrap(),
            password,
            token: l.data()["token"].as_str().unwrap().to_string(),
            refresh_token: l.data()["refreshToken"].as_str().unwrap().to_string(),
        }
    }

    /// Creates a device owned by `owner` (as admin) and returns its deviceId.
    pub async fn device(&self, owner: i64, name: &str) -> String {
        let r = self
            .post(
                "/api/whatsapp-multi-device/devices",
                self.admin(),
                json!({"deviceName": name, "userId": owner}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.data()["deviceId"].as_str().unwrap().to_string()
    }

    /// Creates an API key for a device (as admin) and returns (secret, key id).
    pub async fn api_key(&self, device_id: &str) -> (String, i64) {
        let r = self
            .post(
                &format!("/api/whatsapp-multi-device/devices/{device_id}/api-keys"),
                self.admin(),
                json!({"name": "test"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        (
            r.data()["key"].as_str().unwrap().to_string(),
            r.data()["id"].as_i64().unwrap(),
        )
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
        if !self.dir.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        if let Some((base, name)) = self.pg_database.take() {
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

/// Polls `check` until it returns `Some`, for up to `secs` seconds.
pub async fn wait_for<T, F, Fut>(secs: u64, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        if std::time::Instant::now() > deadline {
            panic!("timed out after {secs} s waiting for {what}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

impl TestApp {
    /// The device's status as the API reports it.
    pub async fn status(&self, device_id: &str) -> Value {
        self.get(
            &format!("/api/whatsapp-multi-device/devices/{device_id}/status"),
            self.admin(),
        )
        .await
        .body["data"]
            .clone()
    }

    pub async fn wait_status(&self, device_id: &str, status: &str) -> Value {
        wait_for(15, &format!("{device_id} to be {status}"), || async {
            let s = self.status(device_id).await;
            (s["status"] == status).then_some(s)
        })
        .await
    }

    /// Connects a simulated device and scans its QR: returns the linked phone.
    pub async fn link(&self, device_id: &str) -> String {
        let c = self
            .post(
                &format!("/api/whatsapp-multi-device/devices/{device_id}/connect"),
                self.admin(),
                json!({}),
            )
            .await;
        assert_eq!(c.status, StatusCode::OK, "{}", c.body);
        let s = self
            .post(
                &format!("/api/sim/devices/{device_id}/scan"),
                self.admin(),
                json!({}),
            )
            .await;
        assert_eq!(s.status, StatusCode::OK, "{}", s.body);
        self.wait_status(device_id, "connected").await["phoneNumber"]
            .as_str()
            .unwrap()
            .to_string()
    }
}
