//! The Chatwoot bridge's records: a device's connection to a Chatwoot inbox, the conversation
//! each WhatsApp number has there, and which messages the bridge already handled.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::StoreResult;

/// A device's Chatwoot connection as stored (the token sealed, the webhook secret hashed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatwootConfig {
    pub device_id: String,
    pub base_url: String,
    pub account_id: i64,
    pub inbox_id: i64,
    pub token_cipher: String,
    pub token_hint: String,
    pub webhook_token_hash: String,
    pub enabled: bool,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// Where one WhatsApp number talks in Chatwoot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatwootConversation {
    pub contact_id: i64,
    pub conversation_id: i64,
}

/// What the bridge did with one WhatsApp message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatwootMessageState {
    /// Copied to Chatwoot.
    Posted,
    /// Sent because an agent wrote it in Chatwoot; never copied back.
    FromChatwoot,
    /// Given up on; the reason is kept.
    Failed,
}

impl ChatwootMessageState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Posted => "posted",
            Self::FromChatwoot => "from_chatwoot",
            Self::Failed => "failed",
        }
    }
}

/// The name of a device's cursor over the event log (a row of the sinks' cursors).
pub fn cursor_name(device_id: &str) -> String {
    format!("chatwoot:{device_id}")
}

#[async_trait]
pub trait ChatwootStore: Send + Sync {
    /// The devices whose bridge is enabled.
    async fn chatwoot_devices(&self) -> StoreResult<Vec<String>>;
    async fn chatwoot_config(&self, device_id: &str) -> StoreResult<Option<ChatwootConfig>>;
    /// Inserts or replaces the device's configuration (clearing its last error). An enabled
    /// bridge gets its cursor at the end of the log if it has none; a disabled one loses it, so
    /// that switched back on it starts from the newest message, like a webhook.
    async fn put_chatwoot_config(&self, config: &ChatwootConfig) -> StoreResult<()>;
    /// Removes the configuration and what the bridge remembered for the device; `false` when
    /// there was none.
    async fn delete_chatwoot_config(&self, device_id: &str) -> StoreResult<bool>;
    async fn set_chatwoot_error(&self, device_id: &str, error: &str) -> StoreResult<()>;
    async fn chatwoot_conversation(
        &self,
        device_id: &str,
        phone: &str,
    ) -> StoreResult<Option<ChatwootConversation>>;
    /// The number a Chatwoot conversation of the device belongs to.
    async fn chatwoot_phone(
        &self,
        device_id: &str,
        conversation_id: i64,
    ) -> StoreResult<Option<String>>;
    async fn save_chatwoot_conversation(
        &self,
        device_id: &str,
        phone: &str,
        c: ChatwootConversation,
    ) -> StoreResult<()>;
    async fn forget_chatwoot_conversation(&self, device_id: &str, phone: &str) -> StoreResult<()>;
    /// Whether the bridge already handled this WhatsApp message.
    async fn chatwoot_message_known(&self, device_id: &str, message_id: &str) -> StoreResult<bool>;
    /// Whether a Chatwoot message was already sent to WhatsApp or came from WhatsApp.
    async fn chatwoot_id_known(&self, device_id: &str, chatwoot_id: i64) -> StoreResult<bool>;
    /// Records a message once; `false` when it was already recorded.
    async fn record_chatwoot_message(
        &self,
        device_id: &str,
        message_id: &str,
        state: ChatwootMessageState,
        chatwoot_id: Option<i64>,
        error: Option<&str>,
    ) -> StoreResult<bool>;
    /// How many messages of the device the bridge gave up on.
    async fn chatwoot_failures(&self, device_id: &str) -> StoreResult<i64>;
}
