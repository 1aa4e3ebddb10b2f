//! The real engine (whatsapp-rust) against the loopback WhatsApp server:
//! - memory per logged-in, idle session: the gateway's RSS and live heap with 0 sessions, then
//!   with `GERBANG_BENCH_SESSIONS` sessions (default `100,1000`, a comma-separated list of
//!   steps; each step links more devices into the same gateway);
//! - send→delivered round trip (HTTP send to the `delivered` event on the stream) p50/p99 over
//!   `GERBANG_BENCH_ROUND_TRIPS` (default 500) messages sent one after the other from A to B;
//! - messages/s one device pushes through the engine: a burst of `GERBANG_BENCH_BURST` (default
//!   2,000) messages from A to B, timed until the last is delivered.
//!
//! The loopback server runs in a child process (this same binary, re-executed), so the memory
//! figures are the gateway's own; the bench drives the child over its stdin/stdout.
//!
//! `cargo bench -p gerbang --bench real_engine` (SQLite in a temporary directory), or with
//! `GERBANG_BENCH_DATABASE_URL=postgres://…/empty_db` for PostgreSQL.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::sync::{mpsc, Mutex, Semaphore};

mod support;

/// Counts live heap bytes, so the per-session figure is not blurred by what the allocator
/// keeps from linking's peak (RSS is printed beside it).
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc_zeroed(l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new as isize - l.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const CHILD: &str = "GERBANG_BENCH_LOOPBACK_CHILD";
const DEVICES: &str = "/api/whatsapp-multi-device/devices";
/// Devices linking at once: each link is a QR, a pairing, pre-key upload and app-state sync.
const LINKING_AT_ONCE: usize = 16;

fn rss_kib(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|v| v.parse().unwrap_or(0)))
        })
        .unwrap_or(0)
}

fn live_kib() -> u64 {
    (LIVE.load(Ordering::Relaxed).max(0) / 1024) as u64
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn phone(i: usize) -> String {
    format!("62813{i:08}")
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    if std::env::var_os(CHILD).is_some() {
        rt.block_on(loopback_child());
    } else {
        rt.block_on(bench());
    }
}

/// The child: the loopback server, answering one command per stdin line with one line.
/// `scan QR PHONE` → `ok DEVICE`; `devices PHONE` → `ok N`; `rss` → `ok KIB`.
async fn loopback_child() {
    let server = gerbang_wa_fake::LoopbackServer::start().await;
    println!("{}", server.url);
    let (tx, mut rx) = mpsc::unbounded_channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut out = std::io::stdout().lock();
    while let Some(line) = rx.recv().await {
        let words: Vec<&str> = line.split_whitespace().collect();
        let answer = match words.as_slice() {
            ["scan", qr, phone] => match server.scan(qr, phone) {
                Ok(d) => format!("ok {d}"),
                Err(e) => format!("err {e}"),
            },
            ["devices", phone] => format!("ok {}", server.devices(phone).len()),
            ["rss"] => format!("ok {}", rss_kib("self")),
            _ => "err unknown command".into(),
        };
        writeln!(out, "{answer}").unwrap();
        out.flush().unwrap();
    }
}

/// The bench's handle on the child.
struct Loopback {
    url: String,
    pid: u32,
    io: std::sync::Mutex<(
        std::process::ChildStdin,
        std::io::BufReader<std::process::ChildStdout>,
    )>,
    _child: std::process::Child,
}

impl Loopback {
    fn spawn() -> Loopback {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .env(CHILD, "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut url = String::new();
        stdout.read_line(&mut url).unwrap();
        Loopback {
            url: url.trim().to_string(),
            pid: child.id(),
            io: std::sync::Mutex::new((stdin, stdout)),
            _child: child,
        }
    }

    fn ask(&self, command: &str) -> Result<String, String> {
        let mut io = self.io.lock().unwrap();
        writeln!(io.0, "{command}").unwrap();
        io.0.flush().unwrap();
        let mut line = String::new();
        io.1.read_line(&mut line).unwrap();
        match line.trim().split_once(' ') {
            Some(("ok", v)) => Ok(v.to_string()),
            _ => Err(line.trim().to_string()),
        }
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        let _ = self._child.kill();
        let _ = self._child.wait();
    }
}

#[derive(Clone)]
struct Api {
    base: String,
    token: String,
    client: reqwest::Client,
}

impl Api {
    async fn call(&self, method: reqwest::Method, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn status(&self, dev: &str) -> String {
        let (_, v) = self
            .call(
                reqwest::Method::GET,
                &format!("{DEVICES}/{dev}/status"),
                json!(null),
            )
            .await;
        v["data"]["status"].as_str().unwrap_or("").to_string()
    }
}

/// Creates device `bench-i`, shows its QR, has phone `i` scan it, and waits until the gateway
/// calls it connected and the server has its pre-keys.
async fn link(api: &Api, server: &Loopback, i: usize) {
    let dev = format!("bench-{i}");
    let (s, v) = api
        .call(
            reqwest::Method::POST,
            DEVICES,
            json!({"deviceName": format!("Bench {i}"), "deviceId": dev}),
        )
        .await;
    assert!(s == 201, "create {dev}: {s} {v}");
    let (s, v) = api
        .call(
            reqwest::Method::POST,
            &format!("{DEVICES}/{dev}/connect"),
            json!({}),
        )
        .await;
    assert!(
        s == 200 && v["data"]["simulated"] == false,
        "connect {dev}: {s} {v}"
    );
    let phone = phone(i);
    // Under load the connect may answer before the first QR code; codes also rotate, so a scan
    // of one that has just gone is tried again with the current one.
    let code_of = |v: &Value| {
        let d = &v["data"];
        d["qr"]["code"]
            .as_str()
            .or(d["code"].as_str())
            .map(str::to_string)
    };
    let mut qr = code_of(&v);
    let started = Instant::now();
    loop {
        if let Some(code) = &qr {
            match server.ask(&format!("scan {code} {phone}")) {
                Ok(_) => break,
                Err(e) if started.elapsed() > Duration::from_secs(120) => {
                    panic!("scan {dev}: {e}")
                }
                Err(_) => {}
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "{dev}: no QR code after 120 s"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
        let (_, v) = api
            .call(
                reqwest::Method::GET,
                &format!("{DEVICES}/{dev}/qr"),
                json!(null),
            )
            .await;
        qr = code_of(&v);
    }
    let started = Instant::now();
    loop {
        if api.status(&dev).await == "connected"
            && server.ask(&format!("devices {phone}")).as_deref() == Ok("1")
        {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "{dev} not connected after 180 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until the live heap stops moving (background work after linking has settled), then
/// returns (RSS KiB, live heap KiB).
async fn settled(pid: &str) -> (u64, u64) {
    let mut last = live_kib();
    for _ in 0..30 {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let now = live_kib();
        if now.abs_diff(last) < 256 {
            break;
        }
        last = now;
    }
    (rss_kib(pid), live_kib())
}

async fn bench() {
    let steps: Vec<usize> = std::env::var("GERBANG_BENCH_SESSIONS")
        .unwrap_or_else(|_| "100,1000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let round_trips: usize = env_or("GERBANG_BENCH_ROUND_TRIPS", 500);
    let burst: usize = env_or("GERBANG_BENCH_BURST", 2000);
    let server = Arc::new(Loopback::spawn());
    let child_rss0: u64 = server.ask("rss").unwrap().parse().unwrap();
    let mut bench = support::BenchServer::start("real-engine", |c| {
        c.engine = "whatsapp".into();
        c.whatsapp_url = Some(server.url.clone());
    })
    .await;
    let api = Api {
        base: bench.base.clone(),
        token: bench.token.clone(),
        client: bench.client.clone(),
    };
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "real_engine: loopback server in a separate process (pid {}); load average {}",
        server.pid,
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );

    let (rss0, live0) = settled("self").await;
    println!(
        "real_engine: 0 sessions: gateway RSS {:.1} MiB, live heap {:.1} MiB (baseline)",
        rss0 as f64 / 1024.0,
        live0 as f64 / 1024.0
    );
    let mut linked = 0;
    for &n in &steps {
        let started = Instant::now();
        let gate = Arc::new(Semaphore::new(LINKING_AT_ONCE));
        let mut tasks = Vec::new();
        for i in linked..n.max(linked) {
            let (api, server, gate) = (api.clone(), server.clone(), gate.clone());
            tasks.push(tokio::spawn(async move {
                let _permit = gate.acquire().await.unwrap();
                link(&api, &server, i).await;
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let took = started.elapsed();
        let added = n.saturating_sub(linked);
        linked = linked.max(n);
        let (rss, live) = settled("self").await;
        let child_rss: u64 = server.ask("rss").unwrap().parse().unwrap();
        println!(
            "real_engine: {linked} sessions linked ({added} new in {:.1} s, {LINKING_AT_ONCE} at once), idle: \
             gateway RSS {:.1} MiB = {:.2} MiB per session over the baseline; live heap {:.1} MiB = \
             {:.2} MiB per session; loopback server RSS {:.1} MiB (not counted)",
            took.as_secs_f64(),
            rss as f64 / 1024.0,
            (rss.saturating_sub(rss0)) as f64 / 1024.0 / linked as f64,
            live as f64 / 1024.0,
            (live.saturating_sub(live0)) as f64 / 1024.0 / linked as f64,
            (child_rss.saturating_sub(child_rss0)) as f64 / 1024.0,
        );
    }
    if linked < 2 {
        for i in linked..2 {
            link(&api, &server, i).await;
        }
    }

    round_trip(&api, round_trips).await;
    throughput(&api, burst).await;

    bench.stop().await;
    drop(server);
    bench.remove().await;
}

/// `message.status` events of device A: message id → (status) as they come.
fn status_stream(api: &Api) -> mpsc::UnboundedReceiver<(String, String, Instant)> {
    let (tx, rx) = mpsc::unbounded_channel();
    let api = api.clone();
    tokio::spawn(async move {
        let res = api
            .client
            .get(format!(
                "{}/api/events?deviceId=bench-0&types=message.status",
                api.base
            ))
            .bearer_auth(&api.token)
            .send()
            .await
            .unwrap();
        let mut res = res;
        let mut pending = String::new();
        while let Ok(Some(chunk)) = res.chunk().await {
            let at = Instant::now();
            pending.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = pending.find("\n\n") {
                let block: String = pending.drain(..end + 2).collect();
                for line in block.lines() {
                    let Some(data) = line.strip_prefix("data:") else {
                        continue;
                    };
                    let Ok(e) = serde_json::from_str::<Value>(data.trim()) else {
                        continue;
                    };
                    let id = e["data"]["messageId"].as_str().unwrap_or("").to_string();
                    let status = e["data"]["status"].as_str().unwrap_or("").to_string();
                    if tx.send((id, status, at)).is_err() {
                        return;
                    }
                }
            }
        }
    });
    rx
}

async fn send(api: &Api, text: &str) -> String {
    let (s, v) = api
        .call(
            reqwest::Method::POST,
            &format!("{DEVICES}/bench-0/send-message"),
            json!({"phone": phone(1), "message": text}),
        )
        .await;
    assert!(s == 200 && v["data"]["simulated"] == false, "send: {s} {v}");
    v["data"]["messageId"].as_str().unwrap().to_string()
}

async fn round_trip(api: &Api, n: usize) {
    let mut events = status_stream(api);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let started = Instant::now();
        let id = send(api, &format!("rt {i}")).await;
        let at = tokio::time::timeout(Duration::from_secs(30), async {
            loop {
                let (got, status, at) = events.recv().await.unwrap();
                if got == id && status == "delivered" {
                    return at;
                }
            }
        })
        .await
        .unwrap_or_else(|_| panic!("message {i} not delivered in 30 s"));
        times.push(at.duration_since(started));
    }
    times.sort();
    let ms = |q: f64| {
        times[((times.len() as f64 * q) as usize).min(times.len() - 1)].as_secs_f64() * 1000.0
    };
    println!(
        "real_engine: send→delivered over {n} messages A→B, one at a time: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(0.5),
        ms(0.99),
        ms(1.0)
    );
}

async fn throughput(api: &Api, n: usize) {
    let mut events = status_stream(api);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let ids = Arc::new(Mutex::new(HashMap::new()));
    let gate = Arc::new(Semaphore::new(16));
    let mut tasks = Vec::new();
    for i in 0..n {
        let (api, ids, gate) = (api.clone(), ids.clone(), gate.clone());
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire().await.unwrap();
            let id = send(&api, &format!("burst {i}")).await;
            ids.lock().await.insert(id, i);
        }));
    }
    let mut delivered = std::collections::HashSet::new();
    let mut sent_at = None;
    while delivered.len() < n {
        let (id, status, at) = tokio::time::timeout(Duration::from_secs(60), events.recv())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "burst: {} of {n} delivered, then nothing for 60 s",
                    delivered.len()
                )
            })
            .unwrap();
        if status == "delivered" {
            delivered.insert(id);
        }
        if sent_at.is_none() && tasks.iter().all(|t| t.is_finished()) {
            sent_at = Some(at.duration_since(started));
        }
    }
    let total = started.elapsed();
    for t in tasks {
        t.await.unwrap();
    }
    let ids = ids.lock().await;
    assert!(
        delivered.iter().all(|d| ids.contains_key(d)),
        "a delivered id that was not sent"
    );
    println!(
        "real_engine: burst of {n} messages A→B (16 HTTP sends in flight): all accepted in {:.1} s, \
         all delivered in {:.1} s = {:.0} messages/s",
        sent_at.unwrap_or(total).as_secs_f64(),
        total.as_secs_f64(),
        n as f64 / total.as_secs_f64()
    );
}
