//! Prometheus metrics. Counters and histograms are recorded where things happen, through the
//! `metrics` facade (a no-op until the web layer installs its recorder); gauges that describe
//! the stored state (devices by status, jobs) are read from the store when scraped, so they are
//! right after a restart and across nodes.

use chrono::{DateTime, Utc};
use metrics::{counter, gauge, histogram};

use gerbang_core::device::DeviceStatus;
use gerbang_core::event::{types, Event};

use crate::{App, AppResult};

/// Every event appended to the log by this process, and the messages among them by device,
/// direction and status (`message.new` counts a message once; `message.status` each change).
pub fn event(e: &Event) {
    counter!("gerbang_events_total", "type" => e.event_type.clone()).increment(1);
    if e.event_type != types::MESSAGE_NEW && e.event_type != types::MESSAGE_STATUS {
        return;
    }
    let direction = if e.data["message"]["fromMe"].as_bool().unwrap_or(false) {
        "out"
    } else {
        "in"
    };
    let status = e.data["status"].as_str().unwrap_or("unknown").to_string();
    let device = e.device_id.clone().unwrap_or_default();
    counter!("gerbang_messages_total", "device" => device, "direction" => direction, "status" => status)
        .increment(1);
}

/// One hand-off to WhatsApp: how long the engine took, and whether it took the message.
pub fn send(engine: &'static str, ok: bool, seconds: f64) {
    let outcome = if ok { "sent" } else { "failed" };
    histogram!("gerbang_send_duration_seconds", "engine" => engine, "outcome" => outcome)
        .record(seconds);
}

/// An event handed to a consumer (`sse`, `websocket`, `socketio`, `webhook`): how long after
/// it was appended. The consumers' lag behind the log.
pub fn delivered(consumer: &'static str, appended_at: DateTime<Utc>) {
    let lag = (Utc::now() - appended_at).num_milliseconds().max(0) as f64 / 1000.0;
    histogram!("gerbang_event_delivery_lag_seconds", "consumer" => consumer).record(lag);
}

/// A webhook attempt's outcome: `delivered`, `failed` (will retry) or `dead`.
pub fn webhook_attempt(outcome: &'static str) {
    counter!("gerbang_webhook_attempts_total", "outcome" => outcome).increment(1);
}

/// Events an event-streaming sink (`nats`, `amqp`) has in the log after its cursor.
pub fn sink_lag(sink: &'static str, events: i64) {
    gauge!("gerbang_sink_lag_events", "sink" => sink).set(events.max(0) as f64);
}

/// Events a sink's broker acknowledged (a batch published again after a failure counts again).
pub fn sink_published(sink: &'static str, events: u64) {
    counter!("gerbang_sink_published_total", "sink" => sink).increment(events);
}

/// A sink's failed attempt (broker or database away); it retries with backoff.
pub fn sink_failure(sink: &'static str) {
    counter!("gerbang_sink_failures_total", "sink" => sink).increment(1);
}

/// A job recipient handled: `sent`, `failed` or `skipped` (not on WhatsApp).
pub fn job_recipient(outcome: &'static str) {
    counter!("gerbang_job_recipients_total", "outcome" => outcome).increment(1);
}

/// A scheduled message fired this long after it was due.
pub fn scheduler_lag(seconds: f64) {
    histogram!("gerbang_scheduler_lag_seconds").record(seconds.max(0.0));
}

/// The resident memory of this process, from `/proc/self/status` (Linux), in bytes.
pub fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

impl App {
    /// Sets the gauges read from the store and the process, just before a scrape renders them.
    pub async fn refresh_gauges(&self) -> AppResult<()> {
        let counts = self.store.global_counts().await?;
        // Every status is set, zero included: a status nobody has any more must not keep the
        // count of the last scrape that saw it.
        let of = |list: &[(String, i64)], status: &str| {
            list.iter()
                .find(|(s, _)| s == status)
                .map_or(0.0, |(_, n)| *n as f64)
        };
        for status in DeviceStatus::ALL.map(DeviceStatus::as_str) {
            gauge!("gerbang_devices", "status" => status)
                .set(of(&counts.devices_by_status, status));
        }
        for status in ["running", "paused", "completed", "cancelled", "stopped"] {
            gauge!("gerbang_jobs", "status" => status).set(of(&counts.jobs_by_status, status));
        }
        gauge!("gerbang_users").set(counts.users as f64);
        gauge!("gerbang_event_listeners").set(self.runtime.events.listeners() as f64);
        let pool = self.store.pool_usage();
        gauge!("gerbang_db_pool_connections", "state" => "idle").set(pool.idle as f64);
        gauge!("gerbang_db_pool_connections", "state" => "in_use")
            .set(pool.size.saturating_sub(pool.idle) as f64);
        gauge!("gerbang_db_pool_max_connections").set(pool.max as f64);
        if let Some(bytes) = resident_bytes() {
            gauge!("gerbang_process_resident_memory_bytes").set(bytes as f64);
        }
        Ok(())
    }
}
