//! Event streaming: the event log published to message brokers, for teams whose systems already
//! read from one. Each sink reads the log with its own cursor (kept in the database, like a
//! webhook's), publishes a batch, waits until the broker has it (JetStream's publish ack,
//! RabbitMQ's publisher confirm) and only then moves the cursor: at least once, in order, and
//! after a restart it goes on where it stopped. The event id goes with every message, so
//! consumers (and JetStream itself) can drop a repeat.
//!
//! - `nats`: NATS JetStream, subject `<prefix>.<deviceId>.<event type>`;
//! - `amqp`: RabbitMQ, a topic exchange with routing key `<deviceId>.<event type>`;
//! - `worker`: the loop both share (cursor, retries with backoff, metrics).
//!
//! Off unless configured. A sink that cannot reach its broker keeps retrying in its own task:
//! the gateway and the other consumers of the log never wait for it.

mod amqp;
mod nats;
mod worker;

use tokio::task::JoinHandle;

use crate::App;

/// NATS JetStream: where to connect and what to publish to.
#[derive(Debug, Clone)]
pub struct NatsSettings {
    /// `nats://[user:password@]host:4222`; credentials in the URL are used for the login.
    pub url: String,
    /// The first token of every subject.
    pub subject_prefix: String,
    /// The stream created (when missing) to keep `<prefix>.>`.
    pub stream: String,
}

/// RabbitMQ: where to connect and the exchange to publish to.
#[derive(Debug, Clone)]
pub struct AmqpSettings {
    /// `amqp://user:password@host:5672/%2f`.
    pub url: String,
    /// A durable topic exchange, declared when missing.
    pub exchange: String,
}

/// The configured sinks; none by default.
#[derive(Debug, Clone, Default)]
pub struct SinkSettings {
    pub nats: Option<NatsSettings>,
    pub amqp: Option<AmqpSettings>,
}

/// A sink's name for its events: its device, `_` for the few events no device owns.
fn device_token(device_id: Option<&str>) -> &str {
    device_id.filter(|d| !d.is_empty()).unwrap_or("_")
}

/// Starts one task per configured sink; they run until aborted (when the server stops).
pub fn spawn(app: &App, settings: &SinkSettings) -> Vec<JoinHandle<()>> {
    let mut tasks = Vec::new();
    if let Some(s) = &settings.nats {
        tracing::info!(url = %redact(&s.url), stream = %s.stream, prefix = %s.subject_prefix, "event sink: NATS JetStream");
        tasks.push(tokio::spawn(worker::run(
            app.clone(),
            nats::Nats::new(s.clone()),
        )));
    }
    if let Some(s) = &settings.amqp {
        tracing::info!(url = %redact(&s.url), exchange = %s.exchange, "event sink: RabbitMQ");
        tasks.push(tokio::spawn(worker::run(
            app.clone(),
            amqp::Amqp::new(s.clone()),
        )));
    }
    tasks
}

/// A broker URL without its secret, for logs and `gerbang config`: the password, or the whole
/// user part when it has none (NATS takes a bare token there).
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let shown = match userinfo.split_once(':') {
                Some((user, _)) => format!("{user}:***"),
                None => "***".to_string(),
            };
            format!("{}{shown}{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_logs() {
        assert_eq!(
            redact("amqp://guest:guest@127.0.0.1:5672/%2f"),
            "amqp://guest:***@127.0.0.1:5672/%2f"
        );
        assert_eq!(redact("nats://127.0.0.1:4222"), "nats://127.0.0.1:4222");
        assert_eq!(
            redact("nats://s3cr3t@127.0.0.1:4222"),
            "nats://***@127.0.0.1:4222"
        );
        assert_eq!(device_token(Some("toko-1")), "toko-1");
        assert_eq!(device_token(None), "_");
    }
}
