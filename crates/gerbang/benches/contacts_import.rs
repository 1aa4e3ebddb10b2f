//! CSV import of 50,000 contacts through the real server and database: prints the time of a
//! first import (all new), of the same file again (all merged into existing contacts) and of
//! a CSV export of everything.
//!
//! `cargo bench -p gerbang --bench contacts_import` (SQLite in a temporary directory), or with
//! `GERBANG_BENCH_DATABASE_URL=postgres://…/empty_db` for PostgreSQL.

use std::fmt::Write as _;
use std::time::Instant;

use serde_json::Value;

mod support;

const ROWS: usize = 50_000;

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let bench = support::BenchServer::start("import-bench", |_| {}).await;
    let (base, token, client) = (&bench.base, &bench.token, &bench.client);
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
            .bearer_auth(token)
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
        .bearer_auth(token)
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
    bench.remove().await;
}
