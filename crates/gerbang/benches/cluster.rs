//! Several gateway processes on one PostgreSQL (issue #17): for 1, 2 and 3 nodes, bulk-job
//! sends per second and `send-message` accepted per second (clients spread over every node, so
//! with more than one node most requests are forwarded to the node that runs the device), and
//! for 2 and 3 nodes how soon an event appended on one node reaches a stream on another (beside
//! a stream on the same node) and the failover time after SIGKILL of the node that runs the
//! most devices.
//! The raw database (one row per commit, same connections) is measured in the same run.
//!
//! `GERBANG_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench -p gerbang --bench cluster`
//! (a database is created and dropped per node count). `GERBANG_BENCH_SECONDS` (default 5),
//! `GERBANG_BENCH_CLIENTS` (default 32).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

mod support;

const DEVICES: usize = 12;
const PER_JOB: usize = 250;
const PASSWORD: &str = "cluster-bench-pass";
const DEV: &str = "/api/whatsapp-multi-device/devices";

struct Node {
    id: String,
    child: Child,
    base: String,
}

impl Node {
    fn start(id: &str, database: &str, dir: &std::path::Path) -> Node {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let base = format!("http://127.0.0.1:{port}");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gerbang"));
        for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("GERBANG_")) {
            cmd.env_remove(k);
        }
        let mut child = cmd
            .current_dir(dir)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .envs([
                ("GERBANG_DATABASE_URL", database),
                ("GERBANG_NODE_ID", id),
                ("GERBANG_NODE_ADDRESS", base.as_str()),
                ("GERBANG_LEASE_TTL_SECS", "3"),
                ("GERBANG_ENGINE", "sim"),
                ("GERBANG_SIM_SPEED", "1000"),
                ("GERBANG_ADMIN_PASSWORD", PASSWORD),
                (
                    "GERBANG_JWT_SECRET",
                    "cluster-bench-secret-0123456789abcdef",
                ),
                ("GERBANG_RATE_LIMIT_PER_MINUTE", "0"),
                ("GERBANG_AUTH_RATE_LIMIT_PER_MINUTE", "0"),
                ("GERBANG_OUTBOUND_LOOPBACK_ONLY", "true"),
                ("GERBANG_LOG", "warn"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        // Listening once /api/health answers.
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            while let Ok(line) = rx.try_recv() {
                eprintln!("{id}: {line}");
            }
            assert!(Instant::now() < deadline, "{id} did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Node {
            id: id.to_string(),
            child,
            base,
        }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn token(client: &reqwest::Client, base: &str) -> String {
    let r: Value = client
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"login": "admin", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    r["data"]["token"].as_str().unwrap().to_string()
}

async fn call(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    path: &str,
    body: Option<Value>,
) -> Value {
    let req = match body {
        Some(b) => client.post(format!("{base}{path}")).json(&b),
        None => client.get(format!("{base}{path}")),
    };
    let res = req.bearer_auth(token).send().await.unwrap();
    let status = res.status();
    let v: Value = res.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{path}: {status} {v}");
    v["data"].clone()
}

/// Waits until every device is connected and placed on one of `alive`, with at least a fair
/// share less one on each; answers how long that took.
async fn settled(client: &reqwest::Client, base: &str, token: &str, alive: &[String]) -> Duration {
    let start = Instant::now();
    loop {
        let view = call(client, base, token, "/api/admin/cluster", None).await;
        let mut per_node = HashMap::new();
        for node in view["nodes"].as_array().unwrap() {
            let id = node["nodeId"].as_str().unwrap().to_string();
            if alive.contains(&id) {
                per_node.insert(id, node["devices"].as_array().unwrap().len());
            }
        }
        let placed: usize = per_node.values().sum();
        let fair = DEVICES / alive.len();
        let spread = alive
            .iter()
            .all(|n| per_node.get(n).copied().unwrap_or(0) + 1 >= fair);
        let list = call(client, base, token, &format!("{DEV}?perPage=100"), None).await;
        let connected = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["status"] == "connected")
            .count();
        if placed == DEVICES && spread && connected == DEVICES {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "devices did not settle on {alive:?}: {per_node:?}, {connected} connected"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Events appended on one node reaching a stream on another (LISTEN/NOTIFY wakes it), beside a
/// stream on the node that appended them (woken in-process): `count` sends one after another
/// on the node that runs the device, each timed from its request to its event's arrival (the
/// event is appended while the request runs, so the same node's figure is the baseline).
async fn fan_out(client: &reqwest::Client, owner: &str, other: &str, device: &str, count: usize) {
    let tok = token(client, owner).await;
    let (local, local_task) = support::follow(client, owner, &tok);
    let (remote, remote_task) = support::follow(client, other, &token(client, other).await);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut asked_at = Vec::new();
    for i in 0..count {
        let asked = Instant::now();
        let sent = call(
            client,
            owner,
            &tok,
            &format!("{DEV}/{device}/send-message"),
            Some(json!({"phone": format!("0819{i:06}"), "message": "Halo"})),
        )
        .await;
        asked_at.push((sent["messageId"].as_str().unwrap().to_string(), asked));
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (local_delays, remote_delays) = (
        support::delays(&asked_at, &local),
        support::delays(&asked_at, &remote),
    );
    local_task.abort();
    remote_task.abort();
    let lost = remote_delays
        .iter()
        .filter(|d| **d == Duration::MAX)
        .count();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "    events to another node's stream: p50 {:.1} ms, p99 {:.1} ms ({lost} of {count} missing); \
         same node's stream: p50 {:.1} ms, p99 {:.1} ms",
        ms(support::percentile(&remote_delays, 0.5)),
        ms(support::percentile(&remote_delays, 0.99)),
        ms(support::percentile(&local_delays, 0.5)),
        ms(support::percentile(&local_delays, 0.99)),
    );
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let Ok(base_url) = std::env::var("GERBANG_BENCH_DATABASE_URL") else {
        eprintln!("set GERBANG_BENCH_DATABASE_URL=postgres://… (several nodes need PostgreSQL)");
        return;
    };
    let seconds = Duration::from_secs(support::setting("GERBANG_BENCH_SECONDS", 5));
    let clients = support::setting("GERBANG_BENCH_CLIENTS", 32) as usize;
    let client = reqwest::Client::new();
    println!(
        "several nodes on one PostgreSQL: {DEVICES} simulated devices, {clients} clients, {seconds:?} per send figure"
    );
    for n in 1..=3usize {
        let name = format!("gerbang_bench_cluster_{}_{}", n, std::process::id());
        let database = gerbang_store::test_db::create_pg_database(&base_url, &name).await;
        let dir = std::env::temp_dir().join(&name);
        std::fs::create_dir_all(&dir).unwrap();
        let mut nodes: Vec<Node> = (0..n)
            .map(|i| Node::start(&format!("node-{i}"), &database, &dir))
            .collect();
        let first = nodes[0].base.clone();
        let tok = token(&client, &first).await;
        for d in 0..DEVICES {
            let id = format!("bench-{d:02}");
            call(
                &client,
                &first,
                &tok,
                DEV,
                Some(json!({"deviceName": "Bench", "deviceId": id})),
            )
            .await;
            call(
                &client,
                &first,
                &tok,
                &format!("{DEV}/{id}/connect"),
                Some(json!({})),
            )
            .await;
            call(
                &client,
                &first,
                &tok,
                &format!("/api/sim/devices/{id}/scan"),
                Some(json!({})),
            )
            .await;
        }
        let alive: Vec<String> = nodes.iter().map(|n| n.id.clone()).collect();
        settled(&client, &first, &tok, &alive).await;

        let raw = support::raw_commits(&database, clients, Duration::from_secs(3)).await;

        // Bulk jobs, delay 0, one per device.
        let started = Instant::now();
        let mut jobs = Vec::new();
        for d in 0..DEVICES {
            let recipients: Vec<String> =
                (0..PER_JOB).map(|i| format!("0817{d:02}{i:06}")).collect();
            let body = json!({"recipients": recipients, "message": "Promo", "delaySecs": 0, "jitterSecs": 0});
            let job = call(
                &client,
                &first,
                &tok,
                &format!("{DEV}/bench-{d:02}/jobs/send-text"),
                Some(body),
            )
            .await;
            jobs.push(job["jobId"].as_str().unwrap().to_string());
        }
        for job in &jobs {
            loop {
                let j = call(
                    &client,
                    &first,
                    &tok,
                    &format!("/api/whatsapp-multi-device/jobs/{job}"),
                    None,
                )
                .await;
                if j["status"] == "completed" {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        let job_rate = (DEVICES * PER_JOB) as f64 / started.elapsed().as_secs_f64();

        // send-message from clients spread over every node.
        let accepted = Arc::new(AtomicU64::new(0));
        let until = Instant::now() + seconds;
        let started = Instant::now();
        let mut tasks = Vec::new();
        for c in 0..clients {
            let base = nodes[c % n].base.clone();
            let (client, accepted) = (client.clone(), accepted.clone());
            let tok = token(&client, &base).await;
            tasks.push(tokio::spawn(async move {
                let mut i = 0;
                while Instant::now() < until {
                    let device = format!("bench-{:02}", (c + i) % DEVICES);
                    let r = client
                        .post(format!("{base}{DEV}/{device}/send-message"))
                        .bearer_auth(&tok)
                        .json(&json!({"phone": format!("0818{c:03}{i:06}"), "message": "Halo"}))
                        .send()
                        .await
                        .unwrap();
                    if r.status().is_success() {
                        accepted.fetch_add(1, Ordering::Relaxed);
                    }
                    i += 1;
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let send_rate = accepted.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
        println!("  {n} node(s): raw database {raw:>7.0} rows/s");
        println!(
            "    bulk jobs, delay 0:         {job_rate:>7.0} sends/s     ({:.3}× raw)",
            job_rate / raw
        );
        println!(
            "    send-message, every node:   {send_rate:>7.0} accepted/s  ({:.3}× raw)",
            send_rate / raw
        );

        // Failover: SIGKILL the node that runs the most devices.
        if n > 1 {
            let view = call(&client, &first, &tok, "/api/admin/cluster", None).await;
            let owner = view["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|node| !node["devices"].as_array().unwrap().is_empty())
                .unwrap();
            let device = owner["devices"][0]["deviceId"].as_str().unwrap();
            let owner_base = &nodes.iter().find(|n| n.id == owner["nodeId"]).unwrap().base;
            let other_base = &nodes.iter().find(|n| n.id != owner["nodeId"]).unwrap().base;
            fan_out(&client, owner_base, other_base, device, 200).await;
            let victim = view["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .max_by_key(|node| node["devices"].as_array().unwrap().len())
                .map(|node| node["nodeId"].as_str().unwrap().to_string())
                .unwrap();
            let at = nodes.iter().position(|n| n.id == victim).unwrap();
            let killed = Instant::now();
            nodes[at].kill();
            nodes.remove(at);
            let alive: Vec<String> = nodes.iter().map(|n| n.id.clone()).collect();
            let survivor = nodes[0].base.clone();
            let tok = token(&client, &survivor).await;
            settled(&client, &survivor, &tok, &alive).await;
            println!(
                "    failover after SIGKILL of {victim}: every device connected on the others in {:.1} s (lease 3 s)",
                killed.elapsed().as_secs_f64()
            );
        }
        drop(nodes);
        let _ = std::fs::remove_dir_all(&dir);
        gerbang_store::test_db::drop_pg_database(&base_url, &name).await;
    }
}
