//! Chatwoot → WhatsApp: the webhook Chatwoot calls for `message_created`. An agent's reply
//! (`message_type: outgoing`, not a private note) is sent to the conversation's number through
//! the normal send path (pending row, events, history): its text, and each attachment fetched
//! by its URL (with the gateway's SSRF guard). Everything else is answered 200 and ignored, so
//! Chatwoot does not retry it: other events, customers' messages, notes, and the messages the
//! bridge itself posted (their `source_id` starts with `WAID:`).

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use gerbang_core::chatwoot::ChatwootMessageState;
use gerbang_core::jid::Phone;

use super::WA_SOURCE;
use crate::messages::{new_message_id, MediaUrlInput, SendTextInput, PRESET_MESSAGE_ID};
use crate::tokens::secret_hash;
use crate::{App, AppError, AppResult, Principal};

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookOutcome {
    /// The WhatsApp ids of the messages sent (text first, then each attachment).
    pub sent: Vec<String>,
    /// Why nothing was sent, when nothing was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored: Option<String>,
}

fn ignored(why: &str) -> AppResult<WebhookOutcome> {
    Ok(WebhookOutcome {
        sent: Vec::new(),
        ignored: Some(why.to_string()),
    })
}

/// One WhatsApp message to send for an agent's reply.
enum Part {
    Text(String),
    File {
        url: String,
        caption: Option<String>,
    },
}

/// The number a conversation belongs to, from what Chatwoot sends along.
fn phone_in(payload: &Value) -> Option<String> {
    let sender = &payload["conversation"]["meta"]["sender"];
    [
        sender["phone_number"].as_str(),
        sender["identifier"]
            .as_str()
            .and_then(|i| i.strip_suffix("@s.whatsapp.net")),
    ]
    .into_iter()
    .flatten()
    .find_map(|p| Phone::parse(p).ok())
    .map(|p| p.as_str().to_string())
}

fn is_outgoing(v: &Value) -> bool {
    // The webhook says `outgoing`; some versions send the enum's number (1).
    v.as_str() == Some("outgoing") || v.as_i64() == Some(1)
}

impl App {
    /// Handles one webhook call for the device; a missing or wrong `token` is 401 and sends nothing.
    pub async fn chatwoot_webhook(
        &self,
        device_id: &str,
        token: Option<&str>,
        payload: Value,
    ) -> AppResult<WebhookOutcome> {
        let cfg = self.store.chatwoot_config(device_id).await?;
        let cfg = match (cfg, token) {
            (Some(c), Some(t)) if secret_hash(t) == c.webhook_token_hash => c,
            _ => {
                return Err(AppError::unauthorized(
                    "invalid_token",
                    "the webhook token is missing or wrong",
                ))
            }
        };
        if !cfg.enabled {
            return ignored("the Chatwoot bridge of this device is disabled");
        }
        if payload["event"].as_str() != Some("message_created") {
            return ignored("not a message_created event");
        }
        // An account-wide webhook also reports the account's other inboxes (e-mail, web chat):
        // their replies are not WhatsApp messages.
        let inbox = payload["inbox"]["id"]
            .as_i64()
            .or_else(|| payload["conversation"]["inbox_id"].as_i64());
        if inbox.is_some_and(|i| i != cfg.inbox_id) {
            return ignored("a message of another inbox");
        }
        if !is_outgoing(&payload["message_type"]) {
            return ignored("not an outgoing message");
        }
        if payload["private"].as_bool() == Some(true) {
            return ignored("a private note");
        }
        if payload["source_id"]
            .as_str()
            .is_some_and(|s| s.starts_with(WA_SOURCE))
        {
            return ignored("it came from WhatsApp");
        }
        let chatwoot_id = payload["id"]
            .as_i64()
            .ok_or_else(|| AppError::field("id", "the message has no id"))?;
        if self.store.chatwoot_id_known(device_id, chatwoot_id).await? {
            return ignored("already handled");
        }
        let conversation = payload["conversation"]["id"].as_i64();
        let remembered = match conversation {
            Some(c) => self.store.chatwoot_phone(device_id, c).await?,
            None => None,
        };
        let phone = remembered.or_else(|| phone_in(&payload)).ok_or_else(|| {
            AppError::field(
                "conversation",
                "no WhatsApp number for this conversation (its contact has no phone number)",
            )
        })?;
        let text = payload["content"]
            .as_str()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        let urls: Vec<String> = payload["attachments"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["data_url"].as_str().map(str::to_string))
            .collect();
        let mut parts = Vec::new();
        match (text, urls.is_empty()) {
            (None, true) => return ignored("no text and no attachment"),
            (Some(t), true) => parts.push(Part::Text(t)),
            // The text goes as the first file's caption, as WhatsApp users write it.
            (caption, false) => {
                let mut caption = caption;
                for url in urls {
                    parts.push(Part::File {
                        url,
                        caption: caption.take(),
                    });
                }
            }
        }
        let device = self
            .store
            .device(device_id)
            .await?
            .ok_or(AppError::NotFound("device"))?;
        let owner = self
            .store
            .user(device.user_id)
            .await?
            .ok_or(AppError::NotFound("user"))?;
        let who = Principal::User(owner);
        // Before anything is recorded: a reply to a device that is not connected is refused
        // (Chatwoot shows the failure) and may be sent again.
        self.connected_device(&who, device_id).await?;
        let mut sent = Vec::new();
        for part in parts {
            // Recorded under its id before it is sent, so the reader of the event log never
            // copies it back to Chatwoot.
            let id = new_message_id();
            self.store
                .record_chatwoot_message(
                    device_id,
                    &id,
                    ChatwootMessageState::FromChatwoot,
                    Some(chatwoot_id),
                    None,
                )
                .await?;
            let result = match part {
                Part::Text(message) => {
                    let input = SendTextInput {
                        phone: phone.clone(),
                        message,
                        reply_to: None,
                        mentions: Vec::new(),
                    };
                    PRESET_MESSAGE_ID
                        .scope(id, self.send_text(&who, device_id, input))
                        .await
                }
                Part::File { url, caption } => {
                    let input = MediaUrlInput {
                        phone: phone.clone(),
                        url,
                        kind: None,
                        caption,
                        file_name: None,
                        voice_note: false,
                        reply_to: None,
                    };
                    PRESET_MESSAGE_ID
                        .scope(id, self.send_media_url(&who, device_id, input))
                        .await
                }
            };
            sent.push(result?.message_id);
        }
        tracing::info!(
            device_id,
            chatwoot_id,
            parts = sent.len(),
            "Chatwoot reply sent to WhatsApp"
        );
        Ok(WebhookOutcome {
            sent,
            ignored: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{is_outgoing, phone_in};

    #[test]
    fn the_number_and_direction_come_from_chatwoots_payload() {
        let p =
            json!({"conversation": {"meta": {"sender": {"phone_number": "+62 813-0000-0377"}}}});
        assert_eq!(phone_in(&p).as_deref(), Some("6281300000377"));
        let p = json!({"conversation": {"meta": {"sender": {
            "phone_number": null, "identifier": "6281300000377@s.whatsapp.net"}}}});
        assert_eq!(phone_in(&p).as_deref(), Some("6281300000377"));
        let p = json!({"conversation": {"meta": {"sender": {"email": "a@b.id"}}}});
        assert_eq!(phone_in(&p), None);
        assert!(is_outgoing(&json!("outgoing")));
        assert!(is_outgoing(&json!(1)));
        assert!(!is_outgoing(&json!("incoming")));
        assert!(!is_outgoing(&json!(0)));
    }
}
