//! A webhook receiver on loopback that records every request it gets and answers as told:
//! a status, or 200 after a delay.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

use super::hmac::valid_signature;

#[derive(Clone, Copy, Debug)]
pub enum Mode {
    Answer(u16),
    /// 200, after this many milliseconds.
    Slow(u64),
}

/// One request as the receiver saw it.
#[derive(Clone, Debug)]
pub struct Hit {
    pub event_id: i64,
    pub delivery_id: i64,
    pub chat: Option<String>,
    pub body: Value,
    /// What the receiver answered.
    pub status: u16,
    pub signature_ok: bool,
    /// Content type, user agent, event id and type, delivery id, fresh timestamp.
    pub headers_ok: bool,
    pub custom_header: Option<String>,
}

struct Inner {
    mode: Mode,
    secret: String,
    hits: Vec<Hit>,
}

#[derive(Clone)]
pub struct Receiver {
    inner: Arc<Mutex<Inner>>,
    pub port: u16,
    task: Arc<tokio::task::JoinHandle<()>>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if Arc::strong_count(&self.task) == 1 {
            self.task.abort();
        }
    }
}

/// A loopback port nobody listens on (yet): connections to it are refused.
pub fn reserve_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn url(port: u16) -> String {
    format!("http://127.0.0.1:{port}/hook")
}

impl Receiver {
    /// Starts listening on `port` (0 for any).
    pub async fn start(port: u16, mode: Mode) -> Receiver {
        let inner = Arc::new(Mutex::new(Inner {
            mode,
            secret: String::new(),
            hits: Vec::new(),
        }));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap();
        let port = listener.local_addr().unwrap().port();
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(hook))
            .with_state(inner.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver {
            inner,
            port,
            task: Arc::new(task),
        }
    }

    pub fn url(&self) -> String {
        url(self.port)
    }

    pub fn set_mode(&self, mode: Mode) {
        self.inner.lock().unwrap().mode = mode;
    }

    pub fn set_secret(&self, secret: &str) {
        self.inner.lock().unwrap().secret = secret.to_string();
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.inner.lock().unwrap().hits.clone()
    }

    /// Event id → how many times it was answered 2xx.
    pub fn acked(&self) -> BTreeMap<i64, usize> {
        let mut acked = BTreeMap::new();
        for h in self
            .hits()
            .iter()
            .filter(|h| (200..300).contains(&h.status))
        {
            *acked.entry(h.event_id).or_insert(0) += 1;
        }
        acked
    }
}

async fn hook(
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let (mode, secret) = {
        let st = inner.lock().unwrap();
        (st.mode, st.secret.clone())
    };
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let timestamp = header("x-gerbang-timestamp");
    let fresh = timestamp
        .parse::<i64>()
        .is_ok_and(|t| (chrono::Utc::now().timestamp() - t).abs() < 300);
    let headers_ok = fresh
        && header("content-type") == "application/json"
        && header("user-agent").starts_with("Gerbang-Webhook/")
        && header("x-gerbang-event-id").parse::<i64>().ok() == json["id"].as_i64()
        && header("x-gerbang-event") == json["type"].as_str().unwrap_or("?")
        && header("x-gerbang-delivery-id").parse::<i64>().is_ok();
    let (status, answer) = match mode {
        Mode::Answer(400) => (400, "x".repeat(1000)),
        Mode::Answer(code) => (code, format!("answered {code}")),
        Mode::Slow(ms) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            (200, "ok".to_string())
        }
    };
    let hit = Hit {
        event_id: json["id"].as_i64().unwrap_or(-1),
        delivery_id: header("x-gerbang-delivery-id").parse().unwrap_or(-1),
        chat: json["chatJid"].as_str().map(str::to_string),
        signature_ok: valid_signature(&secret, &timestamp, &body, &header("x-gerbang-signature")),
        headers_ok,
        custom_header: headers
            .get("x-tenant")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        body: json,
        status,
    };
    inner.lock().unwrap().hits.push(hit);
    (StatusCode::from_u16(status).unwrap(), answer)
}
