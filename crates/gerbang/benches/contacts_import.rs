//! CSV import of 50,000 contacts through the real server and database: prints the time of a
//! first import (all new), of the same file again (all merged into existing contacts) and of
//! a CSV export of everything.
//!
//! `cargo bench -p gerbang --bench contacts_import` (SQLite in a temporary directory), or with
//! `GERBANG_BENCH_DATABASE_URL=postgres://…/empty_db` for PostgreSQL.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ROWS: usize = 50_000;

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let dir = std::env::temp_dir().join(format!("gerbang-import-bench-{}", std::process::id()));
    let config = gerbang::Config {
        host: "127.0.0.1".into(),
        data_dir: dir.clone(),
        database_url: std::env::var("GERBANG_BENCH_DATABASE_URL").ok(),
        admin_password: Some("bench-admin-pass".into()),
        rate_limit_per_minute: 0,
        auth_rate_limit_per_minute: 0,
        engine: "sim".into(),
        log: "error".into(),
        ..gerbang::Config::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(gerbang::serve(config, listener, async {
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
    let mut csv = String::from("nama,nomor,tags,kota,kategori\n");
    for i in 0..ROWS {
        writeln!(
            csv,
            "Pelanggan {i},0812{i:08},\"impor,t{}\",Kota {},Grup {}",
            i % 7,
            i % 50,
            i % 5
        )
        .unwrap();
    }
    let api = format!("{base}/api/whatsapp-multi-device");
    for round in ["first import (all new)", "same file again (all merged)"] {
        let started = Instant::now();
        let r: Value = client
            .post(format!("{api}/contacts/import"))
            .bearer_auth(&token)
            .header("content-type", "text/csv")
            .body(csv.clone())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let took = started.elapsed();
        let d = &r["data"];
        println!(
            "{round}: {ROWS} rows in {:.2} s ({:.0} rows/s); created {}, updated {}, rejected {}",
            took.as_secs_f64(),
            ROWS as f64 / took.as_secs_f64(),
            d["created"],
            d["updated"],
            d["rejected"]
        );
    }
    let started = Instant::now();
    let text = client
        .get(format!("{api}/contacts/export"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    println!(
        "export: {} lines in {:.2} s",
        text.lines().count(),
        started.elapsed().as_secs_f64()
    );
    let _ = stop.send(());
    let _ = server.await;
    let _ = std::fs::remove_dir_all(dir);
}
