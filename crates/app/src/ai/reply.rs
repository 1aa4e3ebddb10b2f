//! The AI on the live path: whether it may answer a message the rules left unanswered, and the
//! text it answers with (the model's, or the fallback text when the provider fails, is too slow
//! or the daily cap is reached). The caller has already recorded the decision, so a message gets
//! at most one answer, whatever happens here.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use gerbang_core::ai::{AiProvider, AiRecord, AiScope};
use gerbang_core::contact::ContactFilter;
use gerbang_core::jid::Jid;
use gerbang_core::PageRequest;

use super::{failure_detail, provider};
use crate::bot::decide::Decision;
use crate::bot::Compiled;
use crate::jobs::render;
use crate::{App, AppResult};

/// What the AI said, or why it did not.
pub struct AiOutcome {
    pub text: Option<String>,
    /// Set when the fallback text (or nothing) went out instead of the model's answer.
    pub detail: Option<String>,
}

impl App {
    /// The device's AI settings, cached like the compiled rules.
    pub(crate) async fn ai_cached(&self, device_id: &str) -> AppResult<Arc<AiRecord>> {
        if let Some(r) = self.bot.get_ai(device_id) {
            return Ok(r);
        }
        let r = Arc::new(self.ai_record(device_id).await?);
        self.bot.put_ai(device_id, r.clone());
        Ok(r)
    }

    /// Whether the AI answers instead of the rules bot's silence (or out-of-hours message).
    /// Rules, welcome messages, hand-offs, cooldowns, loops and groups are never overridden.
    pub(crate) async fn ai_takes_over(
        &self,
        c: &Compiled,
        device_id: &str,
        contact: &str,
        decision: &Decision,
        now: DateTime<Utc>,
    ) -> AppResult<bool> {
        let silent = match decision {
            Decision::Skip { reason } => reason == "no_match" || reason == "closed",
            Decision::OutOfHours { .. } => true,
            _ => false,
        };
        if !silent || contact.ends_with("@g.us") {
            return Ok(false);
        }
        let r = self.ai_cached(device_id).await?;
        let s = &r.settings;
        if !s.enabled {
            return Ok(false);
        }
        if s.provider == AiProvider::Gemini && r.key_cipher.is_none() {
            return Ok(false);
        }
        Ok(match s.scope {
            AiScope::All => true,
            AiScope::OutOfHours => !c.open_at(now),
            AiScope::Tag => {
                let Some(tag) = s.scope_tag.clone() else {
                    return Ok(false);
                };
                self.contact_has_tag(device_id, contact, &tag).await?
            }
        })
    }

    async fn contact_has_tag(&self, device_id: &str, contact: &str, tag: &str) -> AppResult<bool> {
        let Some(phone) = Jid::parse(contact).ok().and_then(|j| j.phone()) else {
            return Ok(false);
        };
        let Some(device) = self.store.device(device_id).await? else {
            return Ok(false);
        };
        let filter = ContactFilter {
            owner: Some(device.user_id),
            search: Some(phone.as_str().to_string()),
            tag: Some(tag.to_string()),
            page: PageRequest::new(1, 20),
            ..ContactFilter::default()
        };
        let page = self.store.list_contacts(&filter).await?;
        Ok(page.items.iter().any(|c| c.phone == phone.as_str()))
    }

    /// Asks the model; on failure or over the cap, the fallback text (if any).
    pub(crate) async fn ai_answer(
        &self,
        c: &Compiled,
        device_id: &str,
        contact: &str,
        inbound: (i64, &str),
        vars: &Map<String, Value>,
    ) -> AiOutcome {
        let (inbound_id, text) = inbound;
        let r = match self.ai_cached(device_id).await {
            Ok(r) => r,
            Err(e) => {
                return AiOutcome {
                    text: None,
                    detail: Some(format!("AI settings unreadable: {e}")),
                }
            }
        };
        let s = &r.settings;
        let fallback = |why: String| AiOutcome {
            text: s
                .fallback_text
                .as_deref()
                .map(|t| render::render(t, vars, &mut rand::thread_rng())),
            detail: Some(format!("AI fallback: {why}")),
        };
        let key = self.ai_key(&r);
        if s.provider == AiProvider::Gemini && key.is_none() {
            return fallback("the stored key cannot be decrypted; enter it again".into());
        }
        let day = c.local_day(self.clock.now());
        let attempt = async {
            let used = self.store.ai_usage(device_id, day).await?;
            let over = (s.daily_request_cap > 0 && used.requests >= s.daily_request_cap as i64)
                || (s.daily_token_cap > 0 && used.tokens >= s.daily_token_cap as i64);
            if over {
                return Ok(Err("daily AI cap reached".to_string()));
            }
            let history = self
                .ai_history(s, device_id, contact, Some(inbound_id))
                .await?;
            // Counted before asking: a request that fails or times out may still be billed.
            self.store.add_ai_usage(device_id, day, 1, 0).await?;
            let res = provider::generate(
                s,
                key.as_deref(),
                &history,
                text,
                self.settings.fetch_internal_urls,
            )
            .await;
            match res {
                Ok(a) => {
                    self.store.add_ai_usage(device_id, day, 0, a.tokens).await?;
                    AppResult::Ok(Ok(a.text))
                }
                Err(e) => {
                    tracing::info!(device_id, error = %e, "AI provider failed; fallback text used");
                    Ok(Err(failure_detail(&e)))
                }
            }
        };
        match attempt.await {
            Ok(Ok(text)) => AiOutcome {
                text: Some(text),
                detail: None,
            },
            Ok(Err(why)) => fallback(why),
            Err(e) => fallback(format!("store error: {e}")),
        }
    }
}
