//! RabbitMQ. Every event is one persistent message on a durable topic exchange, routing key
//! `<deviceId>.<event type>` (bind `toko-1.#` or `*.message.new`), `message_id` the event id.
//! The channel is in confirm mode: a batch counts once the broker confirmed every message.

use std::time::Duration;

use gerbang_core::event::Event;
use lapin::options::{BasicPublishOptions, ConfirmSelectOptions, ExchangeDeclareOptions};
use lapin::types::FieldTable;
use lapin::{BasicProperties, Channel, Connection, ConnectionProperties, ExchangeKind};

use super::worker::Publisher;
use super::{device_token, AmqpSettings};

const TIMEOUT: Duration = Duration::from_secs(10);
/// AMQP's `delivery_mode` for a message the broker writes to disk.
const PERSISTENT: u8 = 2;

pub(crate) struct Amqp {
    settings: AmqpSettings,
    /// The connection is kept with its channel: dropping it would close both.
    open: Option<(Connection, Channel)>,
}

impl Amqp {
    pub fn new(settings: AmqpSettings) -> Self {
        Self {
            settings,
            open: None,
        }
    }

    pub fn routing_key(e: &Event) -> String {
        format!("{}.{}", device_token(e.device_id.as_deref()), e.event_type)
    }

    async fn connect(&self) -> Result<(Connection, Channel), String> {
        let open = async {
            let conn = Connection::connect(&self.settings.url, ConnectionProperties::default())
                .await
                .map_err(|e| format!("cannot connect to RabbitMQ: {e}"))?;
            let channel = conn
                .create_channel()
                .await
                .map_err(|e| format!("cannot open a RabbitMQ channel: {e}"))?;
            channel
                .confirm_select(ConfirmSelectOptions::default())
                .await
                .map_err(|e| format!("RabbitMQ refused publisher confirms: {e}"))?;
            channel
                .exchange_declare(
                    self.settings.exchange.as_str().into(),
                    ExchangeKind::Topic,
                    ExchangeDeclareOptions {
                        durable: true,
                        ..Default::default()
                    },
                    FieldTable::default(),
                )
                .await
                .map_err(|e| {
                    format!(
                        "cannot declare the exchange {}: {e}",
                        self.settings.exchange
                    )
                })?;
            Ok((conn, channel))
        };
        tokio::time::timeout(TIMEOUT, open)
            .await
            .map_err(|_| "RabbitMQ did not answer in time".to_string())?
    }

    async fn publish_on(&self, channel: &Channel, events: &[Event]) -> Result<(), String> {
        let mut confirms = Vec::with_capacity(events.len());
        for e in events {
            let payload = serde_json::to_vec(e).map_err(|e| e.to_string())?;
            let properties = BasicProperties::default()
                .with_delivery_mode(PERSISTENT)
                .with_content_type("application/json".into())
                .with_message_id(e.id.to_string().into())
                .with_type(e.event_type.as_str().into())
                .with_timestamp(e.created_at.timestamp().max(0) as u64);
            let confirm = channel
                .basic_publish(
                    self.settings.exchange.as_str().into(),
                    Self::routing_key(e).into(),
                    BasicPublishOptions::default(),
                    &payload,
                    properties,
                )
                .await
                .map_err(|err| format!("RabbitMQ publish of event {}: {err}", e.id))?;
            confirms.push((e.id, confirm));
        }
        for (id, confirm) in confirms {
            let confirmation = confirm
                .await
                .map_err(|err| format!("no RabbitMQ confirm for event {id}: {err}"))?;
            if !confirmation.is_ack() {
                return Err(format!("RabbitMQ refused event {id} (nack)"));
            }
        }
        Ok(())
    }
}

impl Publisher for Amqp {
    const NAME: &'static str = "amqp";

    async fn publish(&mut self, events: &[Event]) -> Result<(), String> {
        if self
            .open
            .as_ref()
            .is_none_or(|(conn, _)| !conn.status().connected())
        {
            self.open = Some(self.connect().await?);
        }
        let Some((_, channel)) = &self.open else {
            return Err("no RabbitMQ channel".into());
        };
        let published = tokio::time::timeout(TIMEOUT, self.publish_on(channel, events))
            .await
            .unwrap_or_else(|_| Err("RabbitMQ did not confirm in time".into()));
        if published.is_err() {
            // Start over on a new connection: the old one may be half dead.
            self.open = None;
        }
        published
    }
}
