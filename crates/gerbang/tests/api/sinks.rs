//! Event streaming to the real brokers this machine runs: NATS with JetStream (127.0.0.1:4222)
//! and RabbitMQ (127.0.0.1:5672, guest/guest). The gateway reaches each through a loopback TCP
//! relay the test can cut, to take the broker away without stopping a service others share.
//! Skipped when a broker is absent, except in CI (`CI=true`), where that is a failure.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_nats::header::NATS_MESSAGE_ID;
use lapin::options::{
    BasicGetOptions, ExchangeDeclareOptions, ExchangeDeleteOptions, QueueBindOptions,
    QueueDeclareOptions,
};
use lapin::types::FieldTable;
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend, TestApp};

db_tests!(
    nats_gets_every_event_once_across_an_outage_and_a_restart,
    rabbitmq_gets_every_event_once_across_an_outage_and_a_restart,
);

const NATS: &str = "127.0.0.1:4222";
const AMQP: &str = "127.0.0.1:5672";

/// Whether the broker answers; in CI a missing broker fails the test instead of skipping it.
fn broker_running(addr: &str, what: &str) -> bool {
    let up = std::net::TcpStream::connect_timeout(&addr.parse().unwrap(), Duration::from_secs(2))
        .is_ok();
    if !up {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{what} is not answering at {addr}; .ci/run starts it");
        }
        eprintln!("skipped: {what} is not running at {addr}");
    }
    up
}

/// A loopback TCP relay to a broker that can be switched off: open connections are cut and new
/// ones closed at once, as when the broker goes away.
struct Relay {
    addr: String,
    up: Arc<AtomicBool>,
    conns: Arc<Mutex<Vec<AbortHandle>>>,
    accept: AbortHandle,
}

impl Relay {
    async fn start(upstream: &'static str) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let up = Arc::new(AtomicBool::new(true));
        let conns: Arc<Mutex<Vec<AbortHandle>>> = Arc::default();
        let (up2, conns2) = (up.clone(), conns.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !up2.load(Ordering::SeqCst) {
                    continue;
                }
                let task = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                conns2.lock().unwrap().push(task.abort_handle());
            }
        })
        .abort_handle();
        Relay {
            addr,
            up,
            conns,
            accept,
        }
    }

    fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        for c in self.conns.lock().unwrap().drain(..) {
            c.abort();
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.down();
        self.accept.abort();
    }
}

/// One message as a consumer got it: the event id it carries, its subject or routing key, and
/// its body.
struct Got {
    id: i64,
    key: String,
    body: Value,
}

/// Every event in the gateway's log, as an administrator's SSE stream replays it from the start.
async fn log_events(app: &TestApp) -> Vec<Value> {
    let mut sse = Sse::open(app, "", &app.admin_token, Some(0)).await;
    let mut out = Vec::new();
    while let Some((_, data)) = sse.next(Duration::from_millis(500)).await {
        if data["type"] != "connected" {
            out.push(data);
        }
    }
    out
}

async fn sink_lag(app: &TestApp, sink: &str) -> Option<f64> {
    let text = app.get("/metrics", None).await.body;
    let text = text.as_str().unwrap_or("").to_string();
    let line = format!("gerbang_sink_lag_events{{sink=\"{sink}\"}} ");
    text.lines()
        .find_map(|l| l.strip_prefix(&line))
        .and_then(|v| v.trim().parse().ok())
}

async fn traffic(app: &TestApp, device: &str, token: &str, round: &str) {
    for i in 0..3 {
        let r = app
            .post(
                &format!("/api/sim/devices/{device}/inbound"),
                app.admin(),
                json!({"from": "0857-0000-3333", "text": format!("{round} masuk {i}")}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let r = app
        .post(
            &format!("/api/whatsapp-multi-device/devices/{device}/send-message"),
            Some(token),
            json!({"phone": "0857-0000-3333", "message": format!("{round} keluar")}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// What a sink test does with its broker: `read` returns everything the consumer has so far.
async fn scenario<F, Fut>(
    b: Backend,
    sink: &str,
    relay: &Relay,
    configure: impl FnOnce(&mut gerbang::Config),
    key_of: impl Fn(&str, &str) -> String,
    mut read: F,
) where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Vec<Got>>,
{
    let app = TestApp::spawn_with(b, configure).await;
    let user = app.user("penyiar").await;
    let device = app.device(user.id, "Siaran").await;
    app.link(&device).await;
    traffic(&app, &device, &user.token, "awal").await;

    // Live: everything in the log reaches the consumer.
    let first = log_events(&app).await;
    let mut got = Vec::new();
    wait_for(20, "the first events at the broker", || {
        let fut = read();
        let want = first.len();
        async move { Some(fut.await).filter(|g| g.len() >= want) }
    })
    .await
    .into_iter()
    .for_each(|g| got.push(g));

    // The broker goes away: the gateway keeps working, and the sink's lag shows it.
    relay.down();
    traffic(&app, &device, &user.token, "putus").await;
    wait_for(20, "the sink's lag to show the outage", || async {
        sink_lag(&app, sink).await.filter(|lag| *lag > 0.0)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    got.extend(read().await);
    assert_eq!(
        got.len(),
        first.len(),
        "nothing arrives while the broker is away"
    );

    // Restarted while the broker is still away; more events, then the broker comes back.
    let app = app.restart().await;
    app.wait_status(&device, "connected").await;
    traffic(&app, &device, &user.token, "ulang").await;
    relay.restore();
    let all = log_events(&app).await;
    wait_for(40, "the backlog at the broker", || {
        let fut = read();
        let want = all.len() - got.len();
        async move { Some(fut.await).filter(|g| g.len() >= want) }
    })
    .await
    .into_iter()
    .for_each(|g| got.push(g));
    tokio::time::sleep(Duration::from_millis(700)).await;
    got.extend(read().await);

    let ids: Vec<i64> = got.iter().map(|g| g.id).collect();
    let want: Vec<i64> = all.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, want, "every event once, in order, none missing");
    assert!(
        all.iter().filter(|e| e["type"] == "message.new").count() >= 12,
        "9 in and 3 out: {}",
        all.len()
    );
    for (g, e) in got.iter().zip(&all) {
        let device = e["deviceId"].as_str().unwrap_or("_");
        assert_eq!(g.key, key_of(device, e["type"].as_str().unwrap()));
        assert_eq!(&g.body, e, "the body is the event as webhooks send it");
    }
    wait_for(10, "the sink's lag back to zero", || async {
        sink_lag(&app, sink).await.filter(|lag| *lag == 0.0)
    })
    .await;
}

fn unique() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..10].to_string()
}

async fn nats_gets_every_event_once_across_an_outage_and_a_restart(b: Backend) {
    if !broker_running(NATS, "NATS") {
        return;
    }
    let relay = Relay::start(NATS).await;
    let prefix = format!("gt{}", unique());
    let stream = format!("GT_{}", prefix.to_uppercase());
    let nats = async_nats::connect(NATS).await.unwrap();
    let js = async_nats::jetstream::new(nats);
    let next_seq = Arc::new(Mutex::new(1u64));
    let (url, p, s) = (
        format!("nats://{}", relay.addr),
        prefix.clone(),
        stream.clone(),
    );
    let read = || {
        let (js, stream, next_seq) = (js.clone(), stream.clone(), next_seq.clone());
        async move {
            let mut out = Vec::new();
            let Ok(mut st) = js.get_stream(&stream).await else {
                return out;
            };
            let last = st.info().await.unwrap().state.last_sequence;
            let mut seq = next_seq.lock().unwrap().to_owned();
            while seq <= last {
                let m = st.get_raw_message(seq).await.unwrap();
                let id = m
                    .headers
                    .get(NATS_MESSAGE_ID)
                    .unwrap()
                    .as_str()
                    .parse()
                    .unwrap();
                out.push(Got {
                    id,
                    key: m.subject.to_string(),
                    body: serde_json::from_slice(&m.payload).unwrap(),
                });
                seq += 1;
            }
            *next_seq.lock().unwrap() = seq;
            out
        }
    };
    scenario(
        b,
        "nats",
        &relay,
        |c| {
            c.nats_url = Some(url.into());
            c.nats_subject_prefix = p;
            c.nats_stream = s;
        },
        |device, kind| format!("{prefix}.{device}.{kind}"),
        read,
    )
    .await;
    js.delete_stream(&stream).await.unwrap();
}

async fn rabbitmq_gets_every_event_once_across_an_outage_and_a_restart(b: Backend) {
    if !broker_running(AMQP, "RabbitMQ") {
        return;
    }
    let relay = Relay::start(AMQP).await;
    let exchange = format!("gt.events.{}", unique());
    let conn = lapin::Connection::connect(
        &format!("amqp://guest:guest@{AMQP}/%2f"),
        lapin::ConnectionProperties::default(),
    )
    .await
    .unwrap();
    let channel = conn.create_channel().await.unwrap();
    // The exchange as the gateway declares it, and a queue for every routing key, bound before
    // the first event so that none is dropped unrouted.
    channel
        .exchange_declare(
            exchange.as_str().into(),
            lapin::ExchangeKind::Topic,
            ExchangeDeclareOptions {
                durable: true,
                ..Default::default()
            },
            FieldTable::default(),
        )
        .await
        .unwrap();
    let queue = channel
        .queue_declare(
            "".into(),
            QueueDeclareOptions {
                exclusive: true,
                auto_delete: true,
                ..Default::default()
            },
            FieldTable::default(),
        )
        .await
        .unwrap();
    let queue = queue.name().as_str().to_string();
    channel
        .queue_bind(
            queue.as_str().into(),
            exchange.as_str().into(),
            "#".into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await
        .unwrap();
    let (url, x) = (
        format!("amqp://guest:guest@{}/%2f", relay.addr),
        exchange.clone(),
    );
    let read = || {
        let (channel, queue) = (channel.clone(), queue.clone());
        async move {
            let mut out = Vec::new();
            let options = BasicGetOptions { no_ack: true };
            while let Some(m) = channel
                .basic_get(queue.as_str().into(), options)
                .await
                .unwrap()
            {
                let p = &m.delivery.properties;
                assert_eq!(p.delivery_mode(), &Some(2), "persistent");
                out.push(Got {
                    id: p.message_id().as_ref().unwrap().as_str().parse().unwrap(),
                    key: m.delivery.routing_key.as_str().to_string(),
                    body: serde_json::from_slice(&m.delivery.data).unwrap(),
                });
            }
            out
        }
    };
    scenario(
        b,
        "amqp",
        &relay,
        |c| {
            c.amqp_url = Some(url.into());
            c.amqp_exchange = x;
        },
        |device, kind| format!("{device}.{kind}"),
        read,
    )
    .await;
    channel
        .exchange_delete(exchange.as_str().into(), ExchangeDeleteOptions::default())
        .await
        .unwrap();
}
