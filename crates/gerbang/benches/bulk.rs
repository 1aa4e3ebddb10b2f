//! Bulk sending throughput: 20 simulated devices, one 500-recipient job each (10,000 messages),
//! no pacing delay, through the real server and database. Prints messages per second and the
//! database's share of the time, so it is clear that pacing, not the gateway, limits a real job.
//!
//! `cargo bench -p gerbang --bench bulk` (SQLite in a temporary directory), or with
//! `GERBANG_BENCH_DATABASE_URL=postgres://…/empty_db` for PostgreSQL.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

mod support;

const DEVICES: usize = 20;
const PER_JOB: usize = 500;

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let mut bench = support::BenchServer::start("bench", |c| c.sim_speed = 1000.0).await;
    let (base, token, client) = (
        bench.base.clone(),
        bench.token.clone(),
        bench.client.clone(),
    );
    let call = |method: reqwest::Method, path: String, body: Value| {
        let req = client
            .request(method, format!("{base}{path}"))
            .bearer_auth(&token)
            .json(&body);
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let dev = support::DEVICES;
    let ids: Vec<String> = (0..DEVICES).map(|d| format!("bench-{d}")).collect();
    bench.link(&ids).await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let started = Instant::now();
    let mut jobs = Vec::new();
    for d in 0..DEVICES {
        let recipients: Vec<String> = (0..PER_JOB).map(|i| format!("0816{d:02}{i:06}")).collect();
        let body = json!({"recipients": recipients, "message": "{Halo|Hai} {{phone}}", "delaySecs": 0, "jitterSecs": 0});
        let r = call(
            reqwest::Method::POST,
            format!("{dev}/bench-{d}/jobs/send-text"),
            body,
        )
        .await;
        jobs.push(r["data"]["jobId"].as_str().unwrap().to_string());
    }
    let mut done = 0;
    while done < jobs.len() {
        done = 0;
        for j in &jobs {
            let r = call(
                reqwest::Method::GET,
                format!("/api/whatsapp-multi-device/jobs/{j}"),
                json!(null),
            )
            .await;
            if r["data"]["status"] == "completed" {
                done += 1;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let total = started.elapsed();
    let messages = DEVICES * PER_JOB;

    // The same database work without the rest: what the worker writes per message, alone
    // (with the server stopped, so its worker does not take these recipients).
    bench.stop().await;
    let store = gerbang::open_store(&bench.config).await.unwrap();
    let db = store_only(store.as_ref(), 2000).await;
    let per_message_db = db / 2000;
    let db_share = per_message_db.as_secs_f64() * messages as f64 / total.as_secs_f64();

    println!(
        "bulk: {messages} messages on {DEVICES} simulated devices in {:.2} s",
        total.as_secs_f64()
    );
    println!(
        "bulk: throughput {:.0} messages/s",
        messages as f64 / total.as_secs_f64()
    );
    println!(
        "bulk: database work per message {:.2} ms, about {:.0}% of the time",
        per_message_db.as_secs_f64() * 1000.0,
        db_share * 100.0
    );
    println!("bulk: with the default pacing (3 s ± 2 s) one device sends 0.33 messages/s");
    store.close().await;
    bench.remove().await;
}

/// The worker's store calls for `n` messages of a fresh job, timed without HTTP or engine.
async fn store_only(store: &dyn gerbang_core::Store, n: usize) -> Duration {
    use chrono::Utc;
    use gerbang_core::job::{NewJob, NewRecipient, Pacing, RecipientStatus};
    use gerbang_core::message::{MessageStatus, NewMessage};
    let job = NewJob {
        job_id: format!("bench-db-{}", std::process::id()),
        device_id: "bench-0".into(),
        user_id: 1,
        kind: "text".into(),
        message: "x".into(),
        media: None,
        pacing: Pacing::default(),
        recipients: (0..n)
            .map(|i| NewRecipient {
                phone: format!("62817{i:08}@s.whatsapp.net"),
                variables: json!({}),
            })
            .collect(),
    };
    store.create_job(&job, Utc::now()).await.unwrap();
    let started = Instant::now();
    for i in 0..n {
        let r = store.claim_recipient(&job.job_id).await.unwrap().unwrap();
        store.device("bench-0").await.unwrap();
        let id = format!("BENCHDB{i:012}");
        let row = NewMessage {
            device_id: "bench-0".into(),
            message_id: id.clone(),
            chat_jid: r.jid.clone(),
            sender_jid: None,
            sender_phone: None,
            sender_lid: None,
            push_name: None,
            from_me: true,
            message_type: "text".into(),
            body: Some("x".into()),
            media: None,
            extra: json!({}),
            quoted_id: None,
            mentions: vec![],
            status: MessageStatus::Pending,
            is_read: true,
            timestamp: Utc::now(),
        };
        store.insert_message(&row).await.unwrap();
        store
            .advance_status(
                "bench-0",
                std::slice::from_ref(&id),
                MessageStatus::Sent,
                None,
            )
            .await
            .unwrap();
        store
            .finish_recipient(r.id, RecipientStatus::Sent, Some(&id), None, Utc::now())
            .await
            .unwrap();
        store
            .set_next_send_at(&job.job_id, Utc::now())
            .await
            .unwrap();
        store.job(&job.job_id).await.unwrap();
    }
    started.elapsed()
}
