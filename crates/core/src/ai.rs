//! AI replies: the bot asks a language model when no rule answers. Settings per device, the
//! provider key (stored encrypted, never shown again), daily usage and memory resets.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::StoreResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum AiProvider {
    /// Google Gemini (`generateContent`).
    Gemini,
    /// Any OpenAI-compatible chat API (`/chat/completions`): OpenAI, Ollama, vLLM, OpenRouter.
    #[serde(
        alias = "openai",
        alias = "openai-compatible",
        alias = "openai_compatible"
    )]
    OpenAi,
}

/// Which chats the AI answers (rules always go first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AiScope {
    /// Every one-to-one chat.
    All,
    /// Only contacts (in the device owner's address book) with the tag `scopeTag`.
    Tag,
    /// Only outside business hours (it then answers instead of the out-of-hours message).
    OutOfHours,
}

/// A device's AI settings, without the key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct AiSettings {
    pub enabled: bool,
    pub provider: AiProvider,
    /// Absent: the provider's public address (`https://generativelanguage.googleapis.com` for
    /// Gemini, `https://api.openai.com/v1` for OpenAI-compatible).
    pub base_url: Option<String>,
    pub model: String,
    pub system_prompt: Option<String>,
    pub scope: AiScope,
    pub scope_tag: Option<String>,
    /// How many earlier messages of the chat (both sides) go with the question.
    pub memory_turns: u32,
    pub max_tokens: u32,
    pub timeout_ms: u32,
    /// Sent when the provider fails, is too slow or the daily cap is reached; absent: silence.
    pub fallback_text: Option<String>,
    /// At most this many AI requests per local day (0: no cap).
    pub daily_request_cap: u32,
    /// At most this many tokens (question + answer, as the provider counts them) per local day
    /// (0: no cap).
    pub daily_token_cap: u32,
}

impl Default for AiSettings {
    fn default() -> Self {
        AiSettings {
            enabled: false,
            provider: AiProvider::Gemini,
            base_url: None,
            model: "gemini-2.0-flash".into(),
            system_prompt: None,
            scope: AiScope::All,
            scope_tag: None,
            memory_turns: 6,
            max_tokens: 300,
            timeout_ms: 15_000,
            fallback_text: None,
            daily_request_cap: 500,
            daily_token_cap: 0,
        }
    }
}

/// What the database keeps for a device's AI.
#[derive(Debug, Clone, Default)]
pub struct AiRecord {
    pub settings: AiSettings,
    /// Nonce and ciphertext of the key, base64.
    pub key_cipher: Option<String>,
    /// The key's last characters, to recognise it (`…a1b2`).
    pub key_hint: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// Requests and tokens of one local day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AiUsage {
    pub requests: i64,
    pub tokens: i64,
}

#[async_trait]
pub trait AiStore: Send + Sync {
    async fn ai_record(&self, device_id: &str) -> StoreResult<Option<AiRecord>>;
    async fn put_ai_record(&self, device_id: &str, record: &AiRecord) -> StoreResult<()>;
    /// Adds to the day's counters (creating the day).
    async fn add_ai_usage(
        &self,
        device_id: &str,
        day: NaiveDate,
        requests: i64,
        tokens: i64,
    ) -> StoreResult<()>;
    async fn ai_usage(&self, device_id: &str, day: NaiveDate) -> StoreResult<AiUsage>;
    /// Messages of the chat before this moment are no longer given to the AI as memory.
    async fn reset_ai_memory(
        &self,
        device_id: &str,
        contact_jid: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn ai_memory_reset_at(
        &self,
        device_id: &str,
        contact_jid: &str,
    ) -> StoreResult<Option<DateTime<Utc>>>;
}
