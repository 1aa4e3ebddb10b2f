//! Resident memory per session: N real-adapter sessions (whatsapp-rust client, our SQLite
//! storage, event queue) connected to the fake WhatsApp endpoint, each past the Noise handshake
//! and showing a pairing QR. The fake server runs in this process too, so its per-connection
//! buffers are included: the figure is an upper bound for the adapter.

#[allow(dead_code, unused_macros)]
#[path = "../tests/engine/harness.rs"]
mod harness;

use std::sync::Arc;
use std::time::{Duration, Instant};

use gerbang_core::engine::{Engine, EngineEvent, EngineEvents};
use gerbang_engine_whatsapp::{WhatsappConfig, WhatsappEngine};
use tokio::sync::mpsc;

use gerbang_wa_fake::{pair_device, FakeWhatsapp, Step};
use harness::{Backend, TestDb};

/// Counts the sessions that reached a QR code.
struct QrCounter(mpsc::UnboundedSender<String>);

#[async_trait::async_trait]
impl EngineEvents for QrCounter {
    async fn on_event(&self, device_id: &str, event: EngineEvent) -> Result<(), String> {
        if matches!(event, EngineEvent::Qr { .. }) {
            let _ = self.0.send(device_id.to_string());
        }
        Ok(())
    }
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    let sessions: usize = std::env::var("GERBANG_BENCH_SESSIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let fake = FakeWhatsapp::start(|_| vec![Step::Send(pair_device(&["BENCH-REF"]))]).await;
        let db = TestDb::new(Backend::Sqlite).await;
        for i in 0..sessions {
            db.device(&format!("bench-{i}")).await;
        }
        let engine = WhatsappEngine::new(
            db.db.clone(),
            WhatsappConfig {
                url: Some(fake.url.clone()),
                ..WhatsappConfig::default()
            },
        );
        let (tx, mut rx) = mpsc::unbounded_channel();
        let sink: Arc<dyn EngineEvents> = Arc::new(QrCounter(tx));
        // Warm-up: one session first, so one-time allocations do not count per session.
        engine.start("bench-0", sink.clone()).await.unwrap();
        rx.recv().await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let before = rss_kib();
        let started = Instant::now();
        for i in 1..sessions {
            engine
                .start(&format!("bench-{i}"), sink.clone())
                .await
                .unwrap();
        }
        let mut ready = 1;
        while ready < sessions {
            tokio::time::timeout(Duration::from_secs(120), rx.recv())
                .await
                .expect("every session shows a QR in time")
                .unwrap();
            ready += 1;
        }
        // Let background work (pre-key generation, flushes) settle.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let after = rss_kib();
        let added = sessions.saturating_sub(1).max(1) as f64;
        println!(
            "{sessions} sessions connected to the fake endpoint in {:.1?}; connections: {}",
            started.elapsed(),
            fake.connections()
        );
        println!(
            "resident memory: {:.1} MiB before, {:.1} MiB after; {:.2} MiB per session",
            before as f64 / 1024.0,
            after as f64 / 1024.0,
            (after.saturating_sub(before)) as f64 / 1024.0 / added
        );
        for i in 0..sessions {
            engine.stop(&format!("bench-{i}")).await.unwrap();
        }
    });
}
