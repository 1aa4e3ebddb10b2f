//! Chatwoot: a device's WhatsApp chats as conversations of a Chatwoot "API channel" inbox, both
//! ways.
//!
//! - `config`: the per-device settings behind the routes (token sealed, never shown again);
//! - `client`: the calls to Chatwoot's Application API (`api_access_token` header);
//! - `worker`: WhatsApp → Chatwoot, a reader of the event log with a durable cursor;
//! - `inbound`: Chatwoot → WhatsApp, the `message_created` webhook Chatwoot calls.
//!
//! No echo either way: a message an agent wrote in Chatwoot is recorded under its WhatsApp id
//! before it is sent, so the worker skips it; a message the worker posts to Chatwoot carries
//! `source_id: "WAID:<id>"`, so the webhook Chatwoot fires for it is ignored.

mod client;
mod config;
mod inbound;
mod worker;

pub use config::{ChatwootInput, ChatwootView, DeletedChatwoot};
pub use inbound::WebhookOutcome;
pub use worker::spawn;

/// Chatwoot's `source_id` prefix for messages that came from WhatsApp (the one Evolution API
/// uses too, so an inbox moved between gateways keeps telling them apart).
const WA_SOURCE: &str = "WAID:";
