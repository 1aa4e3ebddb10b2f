//! AI replies: per-device settings with an encrypted provider key (this file), the provider
//! wire formats (`provider`), the key sealing (`seal`) and answering live messages (`reply`).
//! Rules go first: the AI only speaks where the rules bot would have said nothing (no rule
//! matched) or only the out-of-hours message.

pub mod provider;
pub mod reply;
pub mod seal;

use std::time::Instant;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use gerbang_core::ai::{AiProvider, AiRecord, AiScope, AiSettings, AiUsage};
use gerbang_core::message::HistoryCursor;

use crate::bot::contact_jid;
use crate::bot::matcher::check_text;
use crate::validate::Fields;
use crate::{App, AppError, AppResult, Principal};

use provider::{ProviderError, Turn};

/// Absent → `None` (keep), `null` → `Some(None)` (clear), a value → `Some(Some(v))`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// A change to the AI settings: only the fields given change; `null` clears a text or the key.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AiConfigInput {
    pub enabled: Option<bool>,
    /// `gemini` or `openAi` (any OpenAI-compatible API).
    pub provider: Option<AiProvider>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub base_url: Option<Option<String>>,
    pub model: Option<String>,
    #[serde(default, deserialize_with = "present", alias = "prompt")]
    #[schema(value_type = Option<String>)]
    pub system_prompt: Option<Option<String>>,
    /// `all`, `tag` (contacts with `scopeTag`) or `out_of_hours`.
    pub scope: Option<AiScope>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub scope_tag: Option<Option<String>>,
    pub memory_turns: Option<u32>,
    pub max_tokens: Option<u32>,
    pub timeout_ms: Option<u32>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub fallback_text: Option<Option<String>>,
    pub daily_request_cap: Option<u32>,
    pub daily_token_cap: Option<u32>,
    /// The provider key; stored encrypted and never shown again. `null` removes it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub api_key: Option<Option<String>>,
}

/// The AI settings as shown: never the key, only whether one is set and its last characters.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AiConfigView {
    #[serde(flatten)]
    pub settings: AiSettings,
    /// The address requests go to (the provider's public one unless `baseUrl` is set).
    pub effective_base_url: String,
    pub key_set: bool,
    /// `…a1b2`
    pub key_hint: Option<String>,
    /// A key is stored but cannot be decrypted (the server secret changed): enter it again.
    pub key_unreadable: bool,
    /// Requests and tokens today (the bot's time zone), against the daily caps.
    pub usage_today: AiUsage,
    pub updated_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ValidateKeyInput {
    /// The key to check; absent: the stored one.
    #[serde(alias = "key")]
    pub api_key: Option<String>,
    /// Absent: the stored settings' provider, address and model.
    pub provider: Option<AiProvider>,
    pub base_url: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ValidateKeyResult {
    pub valid: bool,
    /// Why not (the provider's words, never the key).
    pub error: Option<String>,
    pub provider: AiProvider,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AiTryInput {
    /// What a contact would write (`prompt` in seed 000). Absent: a short greeting.
    #[serde(alias = "prompt")]
    pub message: Option<String>,
    /// Give the model this contact's recent conversation as memory (phone number or JID).
    #[serde(alias = "contactId", alias = "phone")]
    pub contact: Option<String>,
}

/// A reply generated on request; nothing is sent.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AiTryResult {
    pub ok: bool,
    /// The model's answer.
    pub reply: Option<String>,
    /// Seed 000's name for `reply`.
    pub response: Option<String>,
    pub tokens: i64,
    pub latency_ms: u64,
    pub provider: AiProvider,
    pub model: String,
    /// Why there is no answer (timeout, rate limit, key refused, …).
    pub error: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemoryTurn {
    /// `user` (the contact) or `assistant` (us: the bot, the AI or an agent).
    pub role: String,
    pub text: String,
    pub at: DateTime<Utc>,
}

/// What the AI remembers of a contact: their latest messages, oldest first.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AiMemory {
    pub contact_jid: String,
    pub turns: Vec<MemoryTurn>,
    /// Messages before this are forgotten (`DELETE …/history/{contact}`).
    pub cleared_at: Option<DateTime<Utc>>,
}

const MAX_PROMPT: usize = 8000;
const MAX_KEY: usize = 500;

fn clean(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn check_base_url(f: &mut Fields, url: &str) {
    match reqwest::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            if u.query().is_some() || u.fragment().is_some() {
                f.add(
                    "baseUrl",
                    "no query or fragment: only the address the API lives under",
                );
            }
        }
        Ok(_) => {
            f.add(
                "baseUrl",
                "must be an http:// or https:// address with a host",
            );
        }
        Err(e) => {
            f.add("baseUrl", format!("not a URL: {e}"));
        }
    }
    if url.len() > 500 {
        f.add("baseUrl", "at most 500 characters");
    }
}

fn check_key(f: &mut Fields, key: &str) {
    if key.len() > MAX_KEY {
        f.add("apiKey", format!("at most {MAX_KEY} characters"));
    } else if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
        f.add("apiKey", "must not contain spaces or control characters");
    }
}

pub fn check_settings(f: &mut Fields, s: &AiSettings, key_set: bool) {
    let model_ok = |c: char| c.is_ascii_alphanumeric() || "-._:/@".contains(c);
    if s.model.trim().is_empty() {
        f.add("model", "must not be empty");
    } else if s.model.len() > 200 || !s.model.chars().all(model_ok) {
        f.add(
            "model",
            "a model name like gemini-2.0-flash or gpt-4o-mini (letters, digits, - . _ : / @)",
        );
    } else if s.provider == AiProvider::Gemini && s.model.contains('/') {
        f.add("model", "a Gemini model name has no '/' (gemini-2.0-flash)");
    }
    if let Some(u) = &s.base_url {
        check_base_url(f, u);
    }
    if let Some(p) = &s.system_prompt {
        if p.chars().count() > MAX_PROMPT {
            f.add("systemPrompt", format!("at most {MAX_PROMPT} characters"));
        }
    }
    if s.scope == AiScope::Tag && s.scope_tag.is_none() {
        f.add("scopeTag", "name the tag when scope is \"tag\"");
    }
    if let Some(t) = &s.scope_tag {
        if t.chars().count() > 50 {
            f.add("scopeTag", "at most 50 characters");
        }
    }
    if s.memory_turns > 50 {
        f.add("memoryTurns", "must be at most 50");
    }
    if !(1..=8192).contains(&s.max_tokens) {
        f.add("maxTokens", "must be between 1 and 8192");
    }
    if !(1000..=120_000).contains(&s.timeout_ms) {
        f.add("timeoutMs", "must be between 1000 and 120000");
    }
    if let Some(t) = &s.fallback_text {
        check_text(f, "fallbackText", t);
    }
    if s.enabled && s.provider == AiProvider::Gemini && !key_set {
        f.add("apiKey", "Gemini needs a key before the AI can be enabled");
    }
}

impl AiConfigInput {
    fn apply(self, mut s: AiSettings) -> AiSettings {
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = self.$f { s.$f = v; } )* };
        }
        set!(
            enabled,
            provider,
            scope,
            memory_turns,
            max_tokens,
            timeout_ms,
            daily_request_cap,
            daily_token_cap
        );
        if let Some(m) = self.model {
            s.model = m.trim().to_string();
        }
        if let Some(v) = self.base_url {
            s.base_url = clean(v).map(|u| u.trim_end_matches('/').to_string());
        }
        if let Some(v) = self.system_prompt {
            s.system_prompt = clean(v);
        }
        if let Some(v) = self.scope_tag {
            s.scope_tag = clean(v).map(|t| t.to_lowercase());
        }
        if let Some(v) = self.fallback_text {
            s.fallback_text = clean(v);
        }
        s
    }
}

impl App {
    fn sealing_key(&self) -> &[u8; 32] {
        &self.tokens.sealing_key
    }

    /// The stored key, decrypted (`None`: none stored, or unreadable).
    pub(crate) fn ai_key(&self, r: &AiRecord) -> Option<String> {
        r.key_cipher
            .as_deref()
            .and_then(|c| seal::open(self.sealing_key(), c))
    }

    pub(crate) async fn ai_record(&self, device_id: &str) -> AppResult<AiRecord> {
        Ok(self.store.ai_record(device_id).await?.unwrap_or_default())
    }

    async fn ai_view(&self, device_id: &str, r: AiRecord) -> AppResult<AiConfigView> {
        let c = self.bot_compiled(device_id).await?;
        let today = c.local_day(self.clock.now());
        let unreadable = r.key_cipher.is_some() && self.ai_key(&r).is_none();
        Ok(AiConfigView {
            effective_base_url: provider::base_url(&r.settings),
            key_set: r.key_cipher.is_some(),
            key_hint: r.key_hint.clone(),
            key_unreadable: unreadable,
            usage_today: self.store.ai_usage(device_id, today).await?,
            updated_at: r.updated_at,
            settings: r.settings,
        })
    }

    pub async fn ai_config(&self, who: &Principal, device_id: &str) -> AppResult<AiConfigView> {
        self.device_for(who, device_id).await?;
        let r = self.ai_record(device_id).await?;
        self.ai_view(device_id, r).await
    }

    /// Changes the fields given; a new key is sealed before it is stored.
    pub async fn update_ai_config(
        &self,
        who: &Principal,
        device_id: &str,
        i: AiConfigInput,
    ) -> AppResult<AiConfigView> {
        self.device_for(who, device_id).await?;
        let mut r = self.ai_record(device_id).await?;
        let mut f = Fields::new();
        let key = i.api_key.clone();
        if let Some(Some(k)) = &key {
            check_key(&mut f, k.trim());
        }
        let provider_changed = i.provider.is_some_and(|p| p != r.settings.provider);
        let model_given = i.model.is_some();
        let mut settings = i.apply(r.settings.clone());
        if provider_changed && !model_given {
            settings.model = match settings.provider {
                AiProvider::Gemini => AiSettings::default().model,
                AiProvider::OpenAi => "gpt-4o-mini".into(),
            };
        }
        let key_set = match &key {
            Some(Some(k)) => !k.trim().is_empty(),
            Some(None) => false,
            None => r.key_cipher.is_some(),
        };
        check_settings(&mut f, &settings, key_set);
        f.finish()?;
        match key {
            Some(Some(k)) if !k.trim().is_empty() => {
                r.key_cipher = Some(seal::seal(self.sealing_key(), k.trim()));
                r.key_hint = Some(seal::hint(k.trim()));
            }
            Some(_) => {
                r.key_cipher = None;
                r.key_hint = None;
            }
            None => {}
        }
        r.settings = settings;
        self.store.put_ai_record(device_id, &r).await?;
        self.bot.forget_ai(device_id);
        let r = self.ai_record(device_id).await?;
        self.ai_view(device_id, r).await
    }

    /// Asks the provider whether it accepts a key (the one given, or the stored one).
    pub async fn validate_ai_key(
        &self,
        who: &Principal,
        device_id: &str,
        i: ValidateKeyInput,
    ) -> AppResult<ValidateKeyResult> {
        self.device_for(who, device_id).await?;
        let r = self.ai_record(device_id).await?;
        let mut s = r.settings.clone();
        let mut f = Fields::new();
        if let Some(p) = i.provider {
            s.provider = p;
            if i.base_url.is_none() && p != r.settings.provider {
                s.base_url = None;
            }
        }
        if let Some(u) = clean(i.base_url) {
            check_base_url(&mut f, &u);
            s.base_url = Some(u);
        }
        let key = match clean(i.api_key) {
            Some(k) => {
                check_key(&mut f, &k);
                Some(k)
            }
            None => {
                if r.key_cipher.is_none() && s.provider == AiProvider::Gemini {
                    f.add("apiKey", "give a key to check (none is stored)");
                }
                self.ai_key(&r)
            }
        };
        f.finish()?;
        let res = provider::check_key(&s, key.as_deref(), self.settings.fetch_internal_urls).await;
        Ok(ValidateKeyResult {
            valid: res.is_ok(),
            error: res.err().map(|e| e.to_string()),
            provider: s.provider,
        })
    }

    /// Generates a reply with the stored settings, as the bot would, without sending it.
    /// Counts towards the day's usage (it costs the same).
    pub async fn try_ai(
        &self,
        who: &Principal,
        device_id: &str,
        i: AiTryInput,
    ) -> AppResult<AiTryResult> {
        self.device_for(who, device_id).await?;
        let message = clean(i.message).unwrap_or_else(|| "Halo".into());
        if message.chars().count() > 4096 {
            return Err(AppError::field("message", "at most 4096 characters"));
        }
        let contact = clean(i.contact)
            .map(|c| contact_jid("contact", &c))
            .transpose()?;
        let r = self.ai_record(device_id).await?;
        let key = self.ai_key(&r);
        if r.settings.provider == AiProvider::Gemini && key.is_none() {
            return Err(AppError::conflict(
                "no usable AI key is stored for this device: set apiKey first",
            ));
        }
        let history = match &contact {
            Some(j) => {
                self.ai_history(&r.settings, device_id, j.as_str(), None)
                    .await?
            }
            None => Vec::new(),
        };
        let c = self.bot_compiled(device_id).await?;
        let day = c.local_day(self.clock.now());
        self.store.add_ai_usage(device_id, day, 1, 0).await?;
        let started = Instant::now();
        let res = provider::generate(
            &r.settings,
            key.as_deref(),
            &history,
            &message,
            self.settings.fetch_internal_urls,
        )
        .await;
        let latency_ms = started.elapsed().as_millis() as u64;
        let (reply, tokens, error) = match res {
            Ok(a) => {
                self.store.add_ai_usage(device_id, day, 0, a.tokens).await?;
                (Some(a.text), a.tokens, None)
            }
            Err(e) => (None, 0, Some(e.to_string())),
        };
        Ok(AiTryResult {
            ok: reply.is_some(),
            response: reply.clone(),
            reply,
            tokens,
            latency_ms,
            provider: r.settings.provider,
            model: r.settings.model,
            error,
        })
    }

    /// The conversation the model is given for a contact: their chat's latest text messages
    /// (both sides), oldest first, after the last memory reset; `skip_id` leaves out the
    /// message being answered.
    pub(crate) async fn ai_history(
        &self,
        s: &AiSettings,
        device_id: &str,
        contact: &str,
        skip_id: Option<i64>,
    ) -> AppResult<Vec<Turn>> {
        if s.memory_turns == 0 {
            return Ok(Vec::new());
        }
        Ok(self
            .ai_memory_rows(device_id, contact, s.memory_turns, skip_id)
            .await?
            .into_iter()
            .map(|(ours, text, _)| Turn { ours, text })
            .collect())
    }

    async fn ai_memory_rows(
        &self,
        device_id: &str,
        contact: &str,
        turns: u32,
        skip_id: Option<i64>,
    ) -> AppResult<Vec<(bool, String, DateTime<Utc>)>> {
        let cleared = self.store.ai_memory_reset_at(device_id, contact).await?;
        let rows = self
            .store
            .chat_history(
                device_id,
                contact,
                HistoryCursor {
                    before_id: None,
                    limit: turns as i64 + 1,
                    offset: 0,
                },
            )
            .await?;
        let mut out: Vec<_> = rows
            .into_iter()
            .filter(|m| Some(m.id) != skip_id)
            .filter(|m| cleared.is_none_or(|c| m.created_at > c))
            .filter(|m| !matches!(m.message_type.as_str(), "reaction" | "edit" | "revoke"))
            .filter(|m| !m.deleted)
            .filter_map(|m| {
                let text = m.body.filter(|b| !b.trim().is_empty())?;
                Some((m.from_me, text, m.created_at))
            })
            .take(turns as usize)
            .collect();
        out.reverse();
        Ok(out)
    }

    pub async fn ai_memory(
        &self,
        who: &Principal,
        device_id: &str,
        contact: &str,
    ) -> AppResult<AiMemory> {
        self.device_for(who, device_id).await?;
        let jid = contact_jid("contactJid", contact)?;
        let r = self.ai_record(device_id).await?;
        let turns = self
            .ai_memory_rows(device_id, jid.as_str(), r.settings.memory_turns, None)
            .await?
            .into_iter()
            .map(|(ours, text, at)| MemoryTurn {
                role: if ours { "assistant" } else { "user" }.into(),
                text,
                at,
            })
            .collect();
        Ok(AiMemory {
            contact_jid: jid.to_string(),
            turns,
            cleared_at: self
                .store
                .ai_memory_reset_at(device_id, jid.as_str())
                .await?,
        })
    }

    /// The AI forgets the conversation so far (the messages stay in the chat history).
    pub async fn clear_ai_memory(
        &self,
        who: &Principal,
        device_id: &str,
        contact: &str,
    ) -> AppResult<()> {
        self.device_for(who, device_id).await?;
        let jid = contact_jid("contactJid", contact)?;
        self.store
            .reset_ai_memory(device_id, jid.as_str(), Utc::now())
            .await?;
        Ok(())
    }
}

/// Short words for a failure, for the bot log.
pub(crate) fn failure_detail(e: &ProviderError) -> String {
    let s = e.to_string();
    s.chars().take(300).collect()
}
