//! A test delivery: one signed `webhook.test` POST sent now, through the same SSRF-guarded
//! sender as real deliveries, so an integrator can check the URL, the secret and the headers
//! before real events flow. It is not an event and is not kept in the delivery log (nothing to
//! redeliver); the answer says what the receiver did.

use chrono::Utc;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use gerbang_core::webhook::DeliveryJob;

use super::retry::Answer;
use super::send::Sender;
use crate::{Actor, App, AppResult};

/// The event type a test delivery carries (never in the event log).
pub const TEST_EVENT: &str = "webhook.test";

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookTest {
    /// The receiver answered 2xx.
    pub delivered: bool,
    /// The receiver's status code, when it answered.
    pub status_code: Option<u16>,
    /// Why nothing was answered (connection refused, timeout, internal address).
    pub error: Option<String>,
    /// The start of the receiver's answer (500 bytes at most).
    pub response: Option<String>,
    pub duration_ms: i64,
}

impl App {
    /// Sends a signed `webhook.test` delivery to the webhook now (even when it is switched
    /// off: checking a receiver before switching it on is the point).
    pub async fn test_webhook(&self, actor: Actor<'_>, id: i64) -> AppResult<WebhookTest> {
        let webhook = self.webhook_for(actor.user, id).await?;
        let now = Utc::now();
        let payload = json!({
            "id": 0,
            "type": TEST_EVENT,
            "deviceId": webhook.device_id,
            "data": {
                "webhookId": webhook.id,
                "message": "A test delivery from Gerbang: this webhook's URL and secret work.",
            },
            "createdAt": now,
        });
        let job = DeliveryJob {
            id: 0,
            webhook_id: webhook.id,
            event_id: 0,
            event_type: TEST_EVENT.into(),
            payload: payload.to_string(),
            attempts: 0,
            queued_at: now,
            lock_token: String::new(),
        };
        let outcome = Sender::new(&self.settings.webhooks)
            .send(&webhook, &job)
            .await;
        let status_code = match outcome.answer {
            Answer::Status(code) => Some(code),
            Answer::Failed | Answer::Refused => None,
        };
        let delivered = status_code.is_some_and(|c| (200..300).contains(&c));
        self.audit(
            actor,
            "webhook.test",
            "webhook",
            &id.to_string(),
            json!({ "delivered": delivered, "statusCode": status_code }),
        )
        .await?;
        tracing::info!(webhook = id, delivered, status = ?status_code, "webhook test delivery sent");
        Ok(WebhookTest {
            delivered,
            status_code,
            error: outcome.error,
            response: outcome.response,
            duration_ms: outcome.duration_ms,
        })
    }
}
