//! NATS JetStream. Every event is one message on `<prefix>.<deviceId>.<event type>` (the type's
//! dots make more tokens: `gerbang.toko-1.message.new`), with the event id as `Nats-Msg-Id`,
//! so JetStream drops a message it already has (within the stream's duplicate window) when a
//! batch is published again after a failure or a restart.

use std::time::Duration;

use async_nats::header::{HeaderMap, NATS_MESSAGE_ID};
use async_nats::jetstream::{self, stream, Context};
use gerbang_core::event::Event;

use super::worker::Publisher;
use super::{device_token, NatsSettings};

const TIMEOUT: Duration = Duration::from_secs(10);
/// How long JetStream remembers ids for de-duplication, when this sink creates the stream:
/// longer than a gateway takes to restart.
const DUPLICATE_WINDOW: Duration = Duration::from_secs(3600);

pub(crate) struct Nats {
    settings: NatsSettings,
    context: Option<Context>,
}

impl Nats {
    pub fn new(settings: NatsSettings) -> Self {
        Self {
            settings,
            context: None,
        }
    }

    pub fn subject(prefix: &str, e: &Event) -> String {
        format!(
            "{prefix}.{}.{}",
            device_token(e.device_id.as_deref()),
            e.event_type
        )
    }

    /// Connects and makes sure the stream exists. The client reconnects by itself after this;
    /// publishes made while it is away fail their ack and are retried by the worker.
    async fn connect(&self) -> Result<Context, String> {
        let client = async_nats::ConnectOptions::new()
            .connection_timeout(TIMEOUT)
            .name("gerbang")
            .connect(self.settings.url.as_str())
            .await
            .map_err(|e| format!("cannot connect to NATS: {e}"))?;
        let mut js = jetstream::new(client);
        js.set_timeout(TIMEOUT);
        js.get_or_create_stream(stream::Config {
            name: self.settings.stream.clone(),
            subjects: vec![format!("{}.>", self.settings.subject_prefix)],
            duplicate_window: DUPLICATE_WINDOW,
            ..Default::default()
        })
        .await
        .map_err(|e| {
            format!(
                "cannot create the JetStream stream {}: {e}",
                self.settings.stream
            )
        })?;
        Ok(js)
    }
}

impl Publisher for Nats {
    const NAME: &'static str = "nats";

    async fn publish(&mut self, events: &[Event]) -> Result<(), String> {
        let js = match &self.context {
            Some(js) => js.clone(),
            None => {
                let js = self.connect().await?;
                self.context = Some(js.clone());
                js
            }
        };
        // All sent first, then all acks awaited: one round trip per batch, not per event.
        let mut acks = Vec::with_capacity(events.len());
        for e in events {
            let payload = serde_json::to_vec(e).map_err(|e| e.to_string())?;
            let mut headers = HeaderMap::new();
            headers.insert(NATS_MESSAGE_ID, e.id.to_string().as_str());
            headers.insert("Content-Type", "application/json");
            let ack = js
                .publish_with_headers(
                    Self::subject(&self.settings.subject_prefix, e),
                    headers,
                    payload.into(),
                )
                .await
                .map_err(|err| format!("NATS publish of event {}: {err}", e.id))?;
            acks.push((e.id, ack));
        }
        for (id, ack) in acks {
            ack.await
                .map_err(|err| format!("no JetStream ack for event {id}: {err}"))?;
        }
        Ok(())
    }
}
