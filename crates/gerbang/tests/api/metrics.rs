//! `/metrics` read the way Prometheus reads it (the exposition format parsed by a real parser),
//! its token, and traces exported over OTLP/HTTP to a loopback collector by the real binary.

use std::sync::{Arc, Mutex};

use prometheus_parse::{Sample, Scrape, Value as Metric};
use prost::Message as _;
use reqwest::StatusCode;
use serde_json::json;

use crate::db_tests;
use crate::harness::{wait_for, Backend, TestApp};
use crate::process::{Server, TempDir};

db_tests!(
    a_scrape_counts_devices_messages_sends_and_requests,
    a_metrics_token_is_required_once_set_and_strangers_need_one
);

const DEV: &str = "/api/whatsapp-multi-device/devices";

async fn scrape(app: &TestApp) -> Vec<Sample> {
    let r = app.get("/metrics", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let kind = r.headers["content-type"].to_str().unwrap();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    let text = r.body.as_str().expect("text, not JSON").to_string();
    Scrape::parse(text.lines().map(|l| Ok(l.to_string())))
        .expect("Prometheus can read it")
        .samples
}

fn value(samples: &[Sample], metric: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .find(|s| s.metric == metric && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .map(|s| match &s.value {
            Metric::Counter(v) | Metric::Gauge(v) | Metric::Untyped(v) => *v,
            // A histogram's count: its +Inf bucket.
            Metric::Histogram(buckets) => buckets.last().map_or(0.0, |b| b.count),
            Metric::Summary(_) => f64::NAN,
        })
}

async fn a_scrape_counts_devices_messages_sends_and_requests(b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = app.user("metrik").await;
    let device = app.device(user.id, "Toko").await;
    app.link(&device).await;
    // An event stream from the start of the log, so the stream's lag is measured too.
    let mut sse = app
        .client
        .get(format!("{}/api/events", app.base))
        .bearer_auth(&user.token)
        .header("Last-Event-ID", "0")
        .send()
        .await
        .unwrap();
    let r = app
        .post(
            &format!("{DEV}/{device}/send-message"),
            Some(&user.token),
            json!({"phone": "081200000001", "message": "Halo"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/inbound"),
            app.admin(),
            json!({"from": "081200000001", "text": "Terima kasih"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The hello, then the events from the start of the log.
    for _ in 0..3 {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), sse.chunk()).await;
        assert!(matches!(chunk, Ok(Ok(Some(_)))), "the stream answers");
    }

    let d = device.as_str();
    let samples = wait_for(10, "the inbound message counted", || async {
        let samples = scrape(&app).await;
        let inbound = value(
            &samples,
            "gerbang_messages_total",
            &[("device", d), ("direction", "in"), ("status", "received")],
        );
        (inbound == Some(1.0)).then_some(samples)
    })
    .await;
    let out = |status| {
        value(
            &samples,
            "gerbang_messages_total",
            &[("device", d), ("direction", "out"), ("status", status)],
        )
    };
    let mine: Vec<_> = samples
        .iter()
        .filter(|s| s.labels.get("device") == Some(d))
        .collect();
    assert_eq!(
        out("pending"),
        Some(1.0),
        "stored before the hand-off: {mine:?}"
    );
    assert_eq!(out("sent"), Some(1.0), "then taken by WhatsApp");
    let connected = value(&samples, "gerbang_devices", &[("status", "connected")]);
    assert!(connected.unwrap_or(0.0) >= 1.0, "{connected:?}");
    assert!(value(&samples, "gerbang_devices", &[("status", "banned")]).is_some());
    let sends = value(
        &samples,
        "gerbang_send_duration_seconds",
        &[("engine", "sim"), ("outcome", "sent")],
    );
    assert!(sends.unwrap_or(0.0) >= 1.0, "{sends:?}");
    let lag = value(
        &samples,
        "gerbang_event_delivery_lag_seconds",
        &[("consumer", "sse")],
    );
    assert!(lag.unwrap_or(0.0) >= 1.0, "{lag:?}");
    // Requests are labelled by route template, never by a path holding an id.
    let route = format!("{DEV}/:deviceId/send-message");
    let sent = value(
        &samples,
        "gerbang_http_requests_total",
        &[
            ("route", route.as_str()),
            ("method", "POST"),
            ("status", "200"),
        ],
    );
    assert!(sent.unwrap_or(0.0) >= 1.0, "{sent:?}");
    assert!(
        !samples
            .iter()
            .any(|s| s.labels.get("route").is_some_and(|r| r.contains(d))),
        "a raw path became a label"
    );
    let max = value(&samples, "gerbang_db_pool_max_connections", &[]);
    assert!(max.unwrap_or(0.0) >= 1.0, "{max:?}");
    let rss = value(&samples, "gerbang_process_resident_memory_bytes", &[]);
    assert!(rss.unwrap_or(0.0) > 1e6, "{rss:?}");
    assert!(value(&samples, "gerbang_events_total", &[("type", "message.new")]).is_some());
}

async fn a_metrics_token_is_required_once_set_and_strangers_need_one(b: Backend) {
    let app = TestApp::spawn_with(b, |c| {
        c.metrics_token = Some("prom-scrape-token-123".into());
    })
    .await;
    let r = app.get("/metrics", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert_eq!(r.code(), "unauthorized");
    let r = app.get("/metrics", Some("wrong-token")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    let r = app.get("/metrics", Some("prom-scrape-token-123")).await;
    assert_eq!(r.status, StatusCode::OK);

    // Without a token, a client the gateway believes to be elsewhere is refused.
    let app = TestApp::spawn_with(b, |c| c.trust_proxy = true).await;
    let r = app
        .client
        .get(format!("{}/metrics", app.base))
        .header("X-Forwarded-For", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = r.json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("GERBANG_METRICS_TOKEN"), "{body}");
}

/// A loopback OpenTelemetry collector: keeps every OTLP/HTTP trace export it is sent.
async fn collector() -> (String, Arc<Mutex<Vec<axum::body::Bytes>>>) {
    let got: Arc<Mutex<Vec<axum::body::Bytes>>> = Arc::default();
    let keep = got.clone();
    let app = axum::Router::new().route(
        "/v1/traces",
        axum::routing::post(move |body: axum::body::Bytes| {
            let keep = keep.clone();
            async move {
                keep.lock().unwrap().push(body);
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn traces_reach_an_otlp_collector_named_by_route_template() {
    use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
    let (url, got) = collector().await;
    let dir = TempDir::new();
    let server = Server::start_with(
        &dir.0,
        &[
            ("GERBANG_OTLP_ENDPOINT", url.as_str()),
            ("GERBANG_ENGINE", "sim"),
        ],
    );
    server.wait_ready();
    let client = reqwest::Client::new();
    let r = client
        .get(format!("{}{DEV}/nobody-here/status", server.base()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // A graceful stop flushes the spans still buffered.
    tokio::task::spawn_blocking(move || server.stop())
        .await
        .unwrap();
    let mut routes = Vec::new();
    let mut service = None;
    for body in got.lock().unwrap().iter() {
        let req = ExportTraceServiceRequest::decode(body.as_ref()).expect("OTLP protobuf");
        for rs in req.resource_spans {
            for attr in rs.resource.iter().flat_map(|r| r.attributes.iter()) {
                if attr.key == "service.name" {
                    service = Some(format!("{:?}", attr.value));
                }
            }
            for span in rs.scope_spans.iter().flat_map(|s| s.spans.iter()) {
                if span.name == "http" {
                    for attr in &span.attributes {
                        if attr.key == "route" {
                            routes.push(format!("{:?}", attr.value));
                        }
                    }
                }
            }
        }
    }
    assert!(service.is_some_and(|s| s.contains("gerbang")));
    assert!(
        routes
            .iter()
            .any(|r| r.contains("/api/whatsapp-multi-device/devices/:deviceId/status")),
        "{routes:?}"
    );
    assert!(
        !routes.iter().any(|r| r.contains("nobody-here")),
        "{routes:?}"
    );
}

/// The Grafana dashboard in docs/ asks only for metrics the gateway records.
#[test]
fn the_grafana_dashboard_uses_only_recorded_metrics() {
    let dashboard = include_str!("../../../../docs/grafana-dashboard.json");
    let _: serde_json::Value = serde_json::from_str(dashboard).expect("valid JSON");
    let recorded = [
        include_str!("../../../app/src/metrics.rs"),
        include_str!("../../../web/src/http_metrics.rs"),
        include_str!("../../../web/src/routes/metrics.rs"),
    ]
    .concat();
    let names = regex::Regex::new(r"gerbang_[a-z_]+").unwrap();
    for m in names.find_iter(dashboard) {
        let name = m.as_str();
        let base = ["_bucket", "_count", "_sum"]
            .iter()
            .fold(name, |n, suffix| n.strip_suffix(suffix).unwrap_or(n));
        assert!(
            recorded.contains(&format!("\"{base}\"")),
            "{name} is not recorded"
        );
    }
}
