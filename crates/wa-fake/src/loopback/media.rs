//! The media host: WhatsApp's CDN, small. Clients upload media they encrypted themselves
//! (`POST /mms/<kind>/<token>?auth=…`) and download it again by the `direct_path` the upload
//! answered; the host only stores bytes, as the real CDN does. Its address is what the
//! `media_conn` request is told (`<host hostname="127.0.0.1:port">`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::Node;

/// The token every `media_conn` answer carries; uploads and downloads without it are refused
/// (401), as the real CDN refuses a stale one.
pub(crate) const AUTH: &str = "loopback-media-auth";

#[derive(Default)]
pub(crate) struct Store {
    /// Encrypted bytes by direct path.
    files: HashMap<String, Vec<u8>>,
    pub uploads: usize,
    pub downloads: usize,
}

pub(crate) struct MediaHost {
    /// `127.0.0.1:port`: WhatsApp names hosts without a scheme.
    pub host: String,
    pub store: Arc<Mutex<Store>>,
    task: JoinHandle<()>,
}

impl Drop for MediaHost {
    fn drop(&mut self) {
        self.task.abort();
    }
}

type Shared = Arc<Mutex<Store>>;

impl MediaHost {
    pub async fn start() -> MediaHost {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let host = listener.local_addr().unwrap().to_string();
        let store: Shared = Arc::default();
        let app = Router::new()
            .route("/mms/{kind}/{token}", post(upload))
            .route("/v/{kind}/{token}", get(download))
            // WhatsApp takes files up to 2 GiB; the tests send far less.
            .layer(DefaultBodyLimit::max(64 * 1024 * 1024))
            .with_state((store.clone(), host.clone()));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        MediaHost { host, store, task }
    }

    /// Stores bytes the server side itself uploads (the phone's history blob); returns their
    /// direct path.
    pub fn put(&self, kind: &str, bytes: Vec<u8>) -> String {
        let direct_path = format!("/v/{kind}/{:016x}", rand::random::<u64>());
        let mut store = self.store.lock().unwrap();
        store.files.insert(direct_path.clone(), bytes);
        store.uploads += 1;
        direct_path
    }

    /// The `<media_conn>` answer: this host, for upload and download.
    pub fn media_conn(&self) -> Node {
        NodeBuilder::new("media_conn")
            .attr("auth", AUTH)
            .attr("ttl", "3600")
            .attr("auth_ttl", "3600")
            .attr("max_buckets", "1")
            .children([NodeBuilder::new("host")
                .attr("hostname", self.host.clone())
                .attr("type", "primary")
                .children([
                    NodeBuilder::new("upload").build(),
                    NodeBuilder::new("download").build(),
                ])
                .build()])
            .build()
    }
}

fn authorised(query: &HashMap<String, String>) -> bool {
    query.get("auth").map(String::as_str) == Some(AUTH)
}

async fn upload(
    State((store, host)): State<(Shared, String)>,
    Path((kind, token)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    if !authorised(&query) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    // Resumable uploads ask first; nothing is ever partly stored here.
    if query.contains_key("resume") {
        return (StatusCode::OK, "{}").into_response();
    }
    let direct_path = format!("/v/{kind}/{token}");
    let mut store = store.lock().unwrap();
    store.files.insert(direct_path.clone(), body.to_vec());
    store.uploads += 1;
    let url = format!("https://{host}{direct_path}");
    let json = format!(r#"{{"url":"{url}","direct_path":"{direct_path}"}}"#);
    (StatusCode::OK, json).into_response()
}

async fn download(
    State((store, _)): State<(Shared, String)>,
    Path((kind, token)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !authorised(&query) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let mut store = store.lock().unwrap();
    let Some(bytes) = store.files.get(&format!("/v/{kind}/{token}")).cloned() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    store.downloads += 1;
    (StatusCode::OK, bytes).into_response()
}
