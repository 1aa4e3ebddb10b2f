//! Three gateway processes on one PostgreSQL: they share the devices (simulated ones and real
//! engine ones linked on the loopback WhatsApp server), serve every device on every node
//! (forwarding to the node that runs it), take over the devices of a node that is killed
//! (SIGKILL) and of one that is frozen past its lease (SIGSTOP), and a frozen node that wakes up
//! changes nothing. No recipient is sent twice, no inbound message is lost or stored twice, and
//! every event stream on a node that stays up sees every job message once.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::process::{Api, Server, TempDir};
use gerbang_store::test_db::{create_pg_database, drop_pg_database};
use gerbang_wa_fake::LoopbackServer;

const PASSWORD: &str = "cluster-admin-pass";
/// Simulated devices `shop00`…, and real engine ones `wa0`… on the loopback server.
const SIM: usize = 26;
const REAL: usize = 4;
const DEVICES: usize = SIM + REAL;
/// A customer who writes to every real device, and one every real device writes to.
const CUSTOMER: &str = "6281300002000";
const SUPPLIER: &str = "6281300003000";
const JOBS: usize = 10;
const PER_JOB: usize = 300;
const DEV: &str = "/api/whatsapp-multi-device/devices";

fn env<'a>(database: &'a str, node: &'a str, whatsapp: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("GERBANG_DATABASE_URL", database),
        ("GERBANG_WHATSAPP_URL", whatsapp),
        ("GERBANG_NODE_ID", node),
        ("GERBANG_LEASE_TTL_SECS", "3"),
        ("GERBANG_ENGINE", "sim"),
        ("GERBANG_SIM_SPEED", "50"),
        ("GERBANG_ADMIN_PASSWORD", PASSWORD),
        // Every node must sign and check tokens with the same key.
        ("GERBANG_JWT_SECRET", "cluster-test-secret-0123456789abcdef"),
        ("GERBANG_RATE_LIMIT_PER_MINUTE", "0"),
        ("GERBANG_AUTH_RATE_LIMIT_PER_MINUTE", "0"),
        (
            "GERBANG_LOG",
            "info,gerbang_engine_sim=warn,whatsapp_rust=warn",
        ),
    ]
}

/// Which node runs each device, from any node's `/api/admin/cluster`.
async fn owners(api: &Api) -> HashMap<String, String> {
    let view = api.get("/api/admin/cluster").await;
    let mut owners = HashMap::new();
    for node in view["nodes"].as_array().unwrap() {
        for lease in node["devices"].as_array().unwrap() {
            owners.insert(
                lease["deviceId"].as_str().unwrap().to_string(),
                node["nodeId"].as_str().unwrap().to_string(),
            );
        }
    }
    owners
}

/// Waits until every device runs on one of `nodes`, shows `connected`, and no node holds more
/// than its share and one (beyond that a node hands devices over, so some would be moving);
/// answers how long that took.
async fn all_running(api: &Api, nodes: &[&str], within: Duration, what: &str) -> Duration {
    let start = Instant::now();
    loop {
        let owners = owners(api).await;
        let placed = owners
            .values()
            .filter(|n| nodes.contains(&n.as_str()))
            .count();
        let list = api.get(&format!("{DEV}?perPage=100")).await;
        let connected = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["status"] == "connected")
            .count();
        let most = nodes
            .iter()
            .map(|n| owners.values().filter(|o| o == n).count())
            .max()
            .unwrap_or(0);
        if placed == DEVICES && connected == DEVICES && most <= DEVICES.div_ceil(nodes.len()) + 1 {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < within,
            "{what}: {placed} of {DEVICES} devices placed on {nodes:?}, {connected} connected after {:?}: {owners:?}",
            start.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Reads `message.new` events from one node's stream until told to stop.
fn follow(
    base: String,
    token: String,
) -> (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<Vec<Value>>,
) {
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let res = reqwest::Client::new()
            .get(format!("{base}/api/events?types=message.new"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "stream: {}", res.status());
        let mut res = res;
        let mut events = Vec::new();
        let mut buffer = String::new();
        loop {
            tokio::select! {
                _ = &mut stopped => break,
                chunk = res.chunk() => {
                    let Ok(Some(chunk)) = chunk else { break };
                    buffer.push_str(&String::from_utf8_lossy(&chunk));
                    while let Some(end) = buffer.find('\n') {
                        let line: String = buffer.drain(..=end).collect();
                        if let Some(data) = line.trim_end().strip_prefix("data:") {
                            if let Ok(v) = serde_json::from_str::<Value>(data.trim()) {
                                if v["type"] == "message.new" {
                                    events.push(v);
                                }
                            }
                        }
                    }
                }
            }
        }
        events
    });
    (stop, task)
}

fn real_phone(i: usize) -> String {
    format!("62813000011{i:02}")
}

/// Links a real engine device: the phone of `real_phone(i)` scans the QR code node A shows.
async fn link_real(api: &Api, loopback: &LoopbackServer, i: usize) {
    let id = format!("wa{i}");
    api.post(
        DEV,
        json!({"deviceName": format!("WhatsApp {i}"), "deviceId": id, "engine": "whatsapp"}),
    )
    .await;
    let c = api.post(&format!("{DEV}/{id}/connect"), json!({})).await;
    let qr = c["qr"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("{id}: a QR code: {c}"));
    loopback.scan(qr, &real_phone(i)).unwrap();
}

/// Each real device sends to the supplier (through a node that may not run it, so forwarded)
/// and the customer writes to each (through WhatsApp, reaching whichever node runs it).
async fn real_traffic(api: &Api, loopback: &LoopbackServer, round: &str) {
    for i in 0..REAL {
        let sent = api
            .post(
                &format!("{DEV}/wa{i}/send-message"),
                json!({"phone": SUPPLIER, "message": format!("{round} dari wa{i}")}),
            )
            .await;
        assert!(sent["messageId"].is_string(), "wa{i}: {sent}");
        loopback
            .phone_send_text(CUSTOMER, &real_phone(i), &format!("{round} untuk wa{i}"))
            .unwrap();
    }
}

/// Waits until every real device stored what the customer wrote, once each, and the supplier
/// got what every real device sent, once each.
async fn real_traffic_arrived(api: &Api, loopback: &LoopbackServer, rounds: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(60);
    for i in 0..REAL {
        let mut expected: Vec<String> = rounds.iter().map(|r| format!("{r} untuk wa{i}")).collect();
        expected.sort();
        loop {
            let got = api.chat_bodies(&format!("wa{i}"), CUSTOMER).await;
            if got == expected {
                break;
            }
            assert!(
                got.len() <= expected.len(),
                "wa{i} stored a message twice: {got:?}"
            );
            assert!(
                Instant::now() < deadline,
                "wa{i} received {got:?}, not {expected:?}"
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
    loop {
        let inbox: Vec<String> = loopback
            .phone_inbox(SUPPLIER)
            .into_iter()
            .filter_map(|m| m.text)
            .collect();
        let complete = (0..REAL).all(|i| {
            rounds.iter().all(|r| {
                let text = format!("{r} dari wa{i}");
                let n = inbox.iter().filter(|t| **t == text).count();
                assert!(n <= 1, "the supplier got {text:?} {n} times");
                n == 1
            })
        });
        if complete {
            break;
        }
        assert!(Instant::now() < deadline, "the supplier got only {inbox:?}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

fn signal(server: &Server, sig: &str) {
    let status = std::process::Command::new("kill")
        .args([sig, &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill {sig}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_nodes_take_over_a_killed_and_a_frozen_node_and_send_nobody_twice() {
    let Some(base) = crate::harness::postgres_base_url() else {
        eprintln!("skipped: set GERBANG_TEST_POSTGRES_URL to run PostgreSQL tests");
        return;
    };
    let name = format!("gerbang_cluster_{}", uuid::Uuid::new_v4().simple());
    let database = create_pg_database(&base, &name).await;
    let loopback = LoopbackServer::start().await;
    loopback.phone_start(SUPPLIER).unwrap();
    let dirs: Vec<TempDir> = (0..3).map(|_| TempDir::new()).collect();
    let node_ids = ["node-a", "node-b", "node-c"];

    // Node A links every device, so it runs them all at first.
    let mut nodes: HashMap<&str, Server> = HashMap::new();
    let a = Server::start_with(&dirs[0].0, &env(&database, "node-a", &loopback.url));
    a.wait_ready();
    let api_a = Api::sign_in(&a.base(), PASSWORD).await;
    for i in 0..SIM {
        let id = format!("shop{i:02}");
        api_a
            .post(
                DEV,
                json!({"deviceName": format!("Shop {i}"), "deviceId": id}),
            )
            .await;
        api_a.post(&format!("{DEV}/{id}/connect"), json!({})).await;
        api_a
            .post(&format!("/api/sim/devices/{id}/scan"), json!({}))
            .await;
    }
    // Last: the newest devices are the first a node hands over when others join.
    for i in 0..REAL {
        link_real(&api_a, &loopback, i).await;
    }
    nodes.insert("node-a", a);
    all_running(&api_a, &["node-a"], Duration::from_secs(30), "one node").await;

    // Two more nodes: the devices spread out evenly.
    for (i, id) in node_ids.iter().enumerate().skip(1) {
        let server = Server::start_with(&dirs[i].0, &env(&database, id, &loopback.url));
        server.wait_ready();
        nodes.insert(id, server);
    }
    let spread = Instant::now();
    loop {
        let owners = owners(&api_a).await;
        let mut per_node: HashMap<&str, usize> = HashMap::new();
        for n in owners.values() {
            *per_node.entry(n.as_str()).or_default() += 1;
        }
        if owners.len() == DEVICES
            && node_ids
                .iter()
                .all(|n| per_node.get(n).copied().unwrap_or(0) >= 9)
        {
            break;
        }
        assert!(
            spread.elapsed() < Duration::from_secs(30),
            "devices should spread over three nodes: {per_node:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    all_running(&api_a, &node_ids, Duration::from_secs(30), "three nodes").await;
    let real_owners = |owners: &HashMap<String, String>| -> Vec<String> {
        (0..REAL)
            .map(|i| owners[&format!("wa{i}")].clone())
            .collect()
    };
    let spread_real = real_owners(&owners(&api_a).await);
    eprintln!("real devices after the spread: {spread_real:?}");
    assert!(
        spread_real.iter().any(|n| n != "node-a"),
        "some real sessions moved to a node that joined"
    );

    // A fourth node with a secret of its own (generated) would half-work: it is refused.
    let stray = TempDir::new();
    let mut stray_env = env(&database, "node-d", &loopback.url);
    stray_env.retain(|(k, _)| *k != "GERBANG_JWT_SECRET");
    let (code, _, stderr) =
        crate::process::run(crate::process::gerbang(&stray.0).envs(stray_env).args([
            "--host",
            "127.0.0.1",
            "--port",
            "0",
        ]));
    assert_ne!(code, 0, "{stderr}");
    assert!(
        stderr.contains("runs with a different GERBANG_JWT_SECRET"),
        "{stderr}"
    );
    assert_eq!(owners(&api_a).await.len(), DEVICES, "nothing moved");

    // Any node serves any device: each device sends once through a node that does not run it
    // and receives through another, both forwarded to the node that does.
    let apis: HashMap<&str, Api> = {
        let mut apis = HashMap::new();
        for id in node_ids {
            apis.insert(id, Api::sign_in(&nodes[id].base(), PASSWORD).await);
        }
        apis
    };
    let owners_then = owners(&api_a).await;
    let mut inbound = 0;
    for i in 0..SIM {
        let device = format!("shop{i:02}");
        let owner = owners_then[&device].as_str();
        let others: Vec<&str> = node_ids.iter().copied().filter(|n| *n != owner).collect();
        let sent = apis[others[0]]
            .post(
                &format!("{DEV}/{device}/send-message"),
                json!({"phone": "081299990000", "message": format!("Halo dari {device}")}),
            )
            .await;
        assert!(sent["messageId"].is_string(), "{device}: {sent}");
        apis[others[1]]
            .post(
                &format!("/api/sim/devices/{device}/inbound"),
                json!({"from": "081288880000", "text": format!("pesan {i}")}),
            )
            .await;
        inbound += 1;
    }
    real_traffic(&apis["node-b"], &loopback, "pesan").await;

    // A route without a device id (seed 003's, the single-device API's) acts on the caller's
    // default device, on the node that runs it.
    let elsewhere = node_ids
        .iter()
        .copied()
        .find(|n| *n != owners_then["shop01"])
        .unwrap();
    apis[elsewhere]
        .call(
            reqwest::Method::PUT,
            "/api/default-device",
            Some(json!({"deviceId": "shop01"})),
        )
        .await;
    let sent = apis[elsewhere]
        .post(
            "/api/send-message",
            json!({"phone": "081277770000", "message": "lewat perangkat utama"}),
        )
        .await;
    assert!(sent["messageId"].is_string(), "{sent}");
    let status = apis[elsewhere].get("/api/whatsapp/status").await;
    assert!(status.to_string().contains("connected"), "{status}");

    // One stream per node, then the bulk jobs.
    let mut streams = HashMap::new();
    for id in node_ids {
        let server = &nodes[id];
        let api = Api::sign_in(&server.base(), PASSWORD).await;
        streams.insert(id, follow(server.base(), api.token.clone()));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut jobs = Vec::new();
    for j in 0..JOBS {
        let recipients: Vec<String> = (0..PER_JOB).map(|i| format!("0816{j:02}{i:06}")).collect();
        let body = json!({"recipients": recipients, "message": "Promo {{phone}}", "delaySecs": 0, "jitterSecs": 0});
        let device = format!("shop{:02}", j * 2);
        let created = api_a
            .post(&format!("{DEV}/{device}/jobs/send-text"), body)
            .await;
        jobs.push((device, created["jobId"].as_str().unwrap().to_string()));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;

    // SIGKILL the node that runs the most devices.
    let owners_now = owners(&api_a).await;
    let mut load: HashMap<String, usize> = HashMap::new();
    for n in owners_now.values() {
        *load.entry(n.clone()).or_default() += 1;
    }
    let victim = node_ids
        .iter()
        .copied()
        .max_by_key(|n| load.get(*n).copied().unwrap_or(0))
        .unwrap();
    let survivors: Vec<&str> = node_ids.iter().copied().filter(|n| *n != victim).collect();
    nodes.remove(victim).unwrap().kill();
    let (stop, _) = streams.remove(victim).unwrap();
    let _ = stop.send(());
    let api = Api::sign_in(&nodes[survivors[0]].base(), PASSWORD).await;
    let killed = all_running(&api, &survivors, Duration::from_secs(30), "after SIGKILL").await;
    eprintln!("{victim} killed: every device back on {survivors:?} in {killed:?}");

    // Freeze one survivor past its lease, then let it run again.
    let frozen = survivors[1];
    let awake = survivors[0];
    let owners_at_freeze = owners(&api).await;
    signal(&nodes[frozen], "-STOP");
    let taken = all_running(&api, &[awake], Duration::from_secs(30), "while frozen").await;
    eprintln!("{frozen} frozen: every device on {awake} in {taken:?}");
    signal(&nodes[frozen], "-CONT");
    let back = all_running(
        &api,
        &survivors,
        Duration::from_secs(30),
        "after the freeze",
    )
    .await;
    eprintln!("{frozen} woke up: devices back in order in {back:?}");
    eprintln!("real devices now: {:?}", real_owners(&owners(&api).await));
    // The real sessions work on the nodes that run them now, and nothing was lost or doubled.
    real_traffic(&apis[awake], &loopback, "lagi").await;
    real_traffic_arrived(&api, &loopback, &["pesan", "lagi"]).await;

    // Every job finishes; nobody gets a message twice; a sent recipient has one.
    let deadline = Instant::now() + Duration::from_secs(240);
    for (_, job) in &jobs {
        loop {
            let j = api
                .get(&format!("/api/whatsapp-multi-device/jobs/{job}"))
                .await;
            if j["status"] == "completed" {
                break;
            }
            assert!(Instant::now() < deadline, "job {job} should finish: {j}");
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    let mut sent_ids = HashSet::new();
    let (mut sent, mut uncertain) = (0, 0);
    for (device, job) in &jobs {
        let mut statuses = HashMap::new();
        for page in 1..=PER_JOB.div_ceil(100) {
            let r = api
                .get(&format!(
                    "/api/whatsapp-multi-device/jobs/{job}/recipients?perPage=100&page={page}"
                ))
                .await;
            for item in r["items"].as_array().unwrap() {
                statuses.insert(
                    item["jid"].as_str().unwrap().to_string(),
                    item["status"].as_str().unwrap().to_string(),
                );
                if let Some(id) = item["messageId"].as_str() {
                    sent_ids.insert(id.to_string());
                }
            }
        }
        assert_eq!(statuses.len(), PER_JOB);
        let mut counts = HashMap::<String, i64>::new();
        for offset in (0..PER_JOB + 100).step_by(200) {
            let r = api
                .get(&format!("{DEV}/{device}/chats?limit=200&offset={offset}"))
                .await;
            for chat in r.as_array().unwrap() {
                counts.insert(
                    chat["chatJid"].as_str().unwrap().to_string(),
                    chat["messageCount"].as_i64().unwrap(),
                );
            }
        }
        for (phone, status) in &statuses {
            let mut n = counts.get(phone).copied().unwrap_or(0);
            if n > 1 {
                // A send the engine refused (the session had just moved) went nowhere; the
                // job sent it again from the new node.
                let history = api
                    .get(&format!("{DEV}/{device}/chat-history/{phone}?limit=10"))
                    .await;
                let messages = history["messages"].as_array().unwrap();
                let refused = messages
                    .iter()
                    .filter(|m| {
                        m["status"] == "failed"
                            && m["failureReason"] == "the device is not connected"
                    })
                    .count();
                n -= refused as i64;
                if n > 1 {
                    panic!("{phone} got {n} messages: {messages:#?}");
                }
            }
            assert!(n <= 1, "{phone} got {n} messages");
            match status.as_str() {
                "sent" => {
                    assert_eq!(n, 1, "{phone} is sent but has no message");
                    sent += 1;
                }
                "uncertain" => uncertain += 1,
                other => panic!("{phone}: {other}"),
            }
        }
    }
    eprintln!("{sent} sent, {uncertain} uncertain of {}", JOBS * PER_JOB);

    // Each inbound message is stored once, on its device.
    let mut received = 0;
    for i in 0..SIM {
        let device = format!("shop{i:02}");
        let history = api
            .get(&format!(
                "{DEV}/{device}/chat-history/081288880000?limit=10"
            ))
            .await;
        let texts: Vec<&str> = history["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m["body"].as_str())
            .collect();
        assert_eq!(texts, vec![format!("pesan {i}")], "{device}");
        received += 1;
    }
    assert_eq!(received, inbound);
    // A job without pacing has several sends on their way at once; only the jobs whose device
    // was on the killed or the frozen node can have any left uncertain.
    let hit = jobs
        .iter()
        .filter(|(device, _)| owners_now.get(device).map(String::as_str) == Some(victim))
        .count()
        + jobs
            .iter()
            .filter(|(device, _)| owners_at_freeze.get(device).map(String::as_str) == Some(frozen))
            .count();
    eprintln!("{hit} jobs ran on the killed or the frozen node");
    assert!(
        uncertain <= hit * gerbang_app::jobs::UNPACED_LANES,
        "only sends in flight at the kill or freeze may be uncertain"
    );

    // The streams on the nodes that stayed up saw each job message once.
    tokio::time::sleep(Duration::from_secs(2)).await;
    for id in &survivors {
        let (stop, task) = streams.remove(id).unwrap();
        let _ = stop.send(());
        let events = task.await.unwrap();
        let mut seen = HashSet::new();
        for e in &events {
            assert!(
                seen.insert(e["id"].clone()),
                "{id}: event {} twice",
                e["id"]
            );
        }
        let messages: HashSet<String> = events
            .iter()
            .filter_map(|e| e["data"]["messageId"].as_str().map(str::to_string))
            .collect();
        let missing = sent_ids.difference(&messages).count();
        assert_eq!(
            missing,
            0,
            "{id}: {missing} of {} sent messages never streamed",
            sent_ids.len()
        );
    }

    for (_, server) in nodes.drain() {
        server.stop();
    }
    drop_pg_database(&base, &name).await;
}

/// Behind a round-robin load balancer each node sees some of a client's sign-in attempts; the
/// limit counts them all, on whichever node they land.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_limit_holds_across_nodes() {
    let Some(base) = crate::harness::postgres_base_url() else {
        eprintln!("skipped: set GERBANG_TEST_POSTGRES_URL to run PostgreSQL tests");
        return;
    };
    let name = format!("gerbang_cluster_{}", uuid::Uuid::new_v4().simple());
    let database = create_pg_database(&base, &name).await;
    let dirs: Vec<TempDir> = (0..2).map(|_| TempDir::new()).collect();
    let nodes: Vec<Server> = ["node-a", "node-b"]
        .iter()
        .zip(&dirs)
        .map(|(id, dir)| {
            let mut env = env(&database, id, "ws://127.0.0.1:9/ws/chat");
            env.retain(|(k, _)| *k != "GERBANG_AUTH_RATE_LIMIT_PER_MINUTE");
            env.push(("GERBANG_AUTH_RATE_LIMIT_PER_MINUTE", "4"));
            let server = Server::start_with(&dir.0, &env);
            server.wait_ready();
            server
        })
        .collect();
    let client = reqwest::Client::new();
    let attempt = |i: usize| {
        let url = format!("{}/api/auth/login", nodes[i % 2].base());
        let client = client.clone();
        async move {
            client
                .post(url)
                .json(&json!({"login": "admin", "password": "not the password"}))
                .send()
                .await
                .unwrap()
        }
    };
    // Two wrong passwords on each node: four in all, the limit.
    for i in 0..4 {
        let r = attempt(i).await;
        assert_eq!(r.status(), reqwest::StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    // Each node alone has seen two, yet the fifth is refused on both.
    for i in 4..6 {
        let r = attempt(i).await;
        assert_eq!(
            r.status(),
            reqwest::StatusCode::TOO_MANY_REQUESTS,
            "attempt {i} on node {}",
            i % 2
        );
        let wait: u64 = r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
    }
    for server in nodes {
        server.stop();
    }
    drop_pg_database(&base, &name).await;
}
