//! What every bench needs: the real server on loopback with a fresh database (SQLite in a
//! temporary directory, or `GERBANG_BENCH_DATABASE_URL`), the simulator, no rate limits, and an
//! administrator's token.
// Each bench compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Value};

pub struct BenchServer {
    pub base: String,
    pub token: String,
    pub client: reqwest::Client,
    pub config: gerbang::Config,
    dir: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl BenchServer {
    /// `name` names the temporary directory; `tweak` changes the configuration.
    pub async fn start(name: &str, tweak: impl FnOnce(&mut gerbang::Config)) -> BenchServer {
        let dir = std::env::temp_dir().join(format!("gerbang-{name}-{}", std::process::id()));
        let mut config = gerbang::Config {
            host: "127.0.0.1".into(),
            data_dir: dir.clone(),
            database_url: std::env::var("GERBANG_BENCH_DATABASE_URL")
                .ok()
                .map(Into::into),
            admin_password: Some("bench-admin-pass".into()),
            rate_limit_per_minute: 0,
            auth_rate_limit_per_minute: 0,
            engine: "sim".into(),
            log: "error".into(),
            ..gerbang::Config::default()
        };
        tweak(&mut config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(gerbang::serve(config.clone(), listener, async {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::new();
        let token = loop {
            if let Ok(r) = client
                .post(format!("{base}/api/auth/login"))
                .json(&json!({"login": "admin", "password": "bench-admin-pass"}))
                .send()
                .await
            {
                let v: Value = r.json().await.unwrap();
                break v["data"]["token"].as_str().unwrap().to_string();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        BenchServer {
            base,
            token,
            client,
            config,
            dir,
            stop: Some(stop),
            server: Some(server),
        }
    }

    /// Stops the server; the database stays until [`BenchServer::remove`].
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }

    /// Stops the server and deletes its data directory.
    pub async fn remove(mut self) {
        self.stop().await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
