//! The AI settings form, its key test and removing the key. The key is write-only: the page says
//! whether one is saved (with its last characters), never shows it, and never sends back a key
//! that was typed, not even on a refused form.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use gerbang_app::ai::provider::{GEMINI_BASE, OPENAI_BASE};
use gerbang_app::ai::{AiConfigInput, AiConfigView, ValidateKeyInput};
use gerbang_app::{AppError, Principal};
use gerbang_core::ai::{AiProvider, AiScope};

use super::super::form::{check, Posted, Unreadable};
use super::super::pages::fail;
use super::super::session::{Ctx, Signed};
use super::week::number;
use super::{back, show, Shown, Which};
use crate::AppState;

/// The AI form as typed (or as saved), without the key.
#[derive(Default)]
pub struct AiForm {
    pub enabled: bool,
    pub provider: String,
    pub base_url: String,
    pub model: String,
    pub system_prompt: String,
    pub scope: String,
    pub scope_tag: String,
    pub memory_turns: String,
    pub max_tokens: String,
    pub timeout_ms: String,
    pub fallback_text: String,
    pub daily_request_cap: String,
    pub daily_token_cap: String,
    /// A key was typed into this (refused or tested) form; it is not shown again.
    pub key_typed: bool,
}

/// What the provider said to "Test the key".
pub struct KeyTest {
    pub ok: bool,
    /// The provider's reason, in its words.
    pub error: Option<String>,
}

fn provider_name(p: AiProvider) -> &'static str {
    match p {
        AiProvider::Gemini => "gemini",
        AiProvider::OpenAi => "openAi",
    }
}

fn scope_name(s: AiScope) -> &'static str {
    match s {
        AiScope::All => "all",
        AiScope::Tag => "tag",
        AiScope::OutOfHours => "out_of_hours",
    }
}

impl AiForm {
    pub(super) fn from_view(v: &AiConfigView) -> AiForm {
        let s = &v.settings;
        AiForm {
            enabled: s.enabled,
            provider: provider_name(s.provider).into(),
            base_url: s.base_url.clone().unwrap_or_default(),
            model: s.model.clone(),
            system_prompt: s.system_prompt.clone().unwrap_or_default(),
            scope: scope_name(s.scope).into(),
            scope_tag: s.scope_tag.clone().unwrap_or_default(),
            memory_turns: s.memory_turns.to_string(),
            max_tokens: s.max_tokens.to_string(),
            timeout_ms: s.timeout_ms.to_string(),
            fallback_text: s.fallback_text.clone().unwrap_or_default(),
            daily_request_cap: s.daily_request_cap.to_string(),
            daily_token_cap: s.daily_token_cap.to_string(),
            key_typed: false,
        }
    }

    fn from_posted(f: &Posted) -> AiForm {
        AiForm {
            enabled: f.checked("enabled"),
            provider: f.get("provider"),
            base_url: f.get("baseUrl"),
            model: f.get("model"),
            system_prompt: f.raw("systemPrompt"),
            scope: f.get("scope"),
            scope_tag: f.get("scopeTag"),
            memory_turns: f.get("memoryTurns"),
            max_tokens: f.get("maxTokens"),
            timeout_ms: f.get("timeoutMs"),
            fallback_text: f.raw("fallbackText"),
            daily_request_cap: f.get("dailyRequestCap"),
            daily_token_cap: f.get("dailyTokenCap"),
            key_typed: f.opt("apiKey").is_some(),
        }
    }

    fn provider(&self, errors: &mut BTreeMap<String, String>) -> Option<AiProvider> {
        match self.provider.as_str() {
            "gemini" | "" => Some(AiProvider::Gemini),
            "openAi" => Some(AiProvider::OpenAi),
            _ => {
                errors.insert("provider".into(), "gemini or openAi".into());
                None
            }
        }
    }

    /// The change to save (`key`: the typed key, if any), or the fields that cannot be read.
    fn to_input(
        &self,
        key: Option<String>,
        saved: Option<&AiConfigView>,
    ) -> Result<AiConfigInput, BTreeMap<String, String>> {
        let mut errors = BTreeMap::new();
        let provider = self.provider(&mut errors);
        let scope = match self.scope.as_str() {
            "all" | "" => Some(AiScope::All),
            "tag" => Some(AiScope::Tag),
            "out_of_hours" => Some(AiScope::OutOfHours),
            _ => {
                errors.insert("scope".into(), "all, tag or out_of_hours".into());
                None
            }
        };
        let mut count =
            |field: &str, text: &str| number::<u32>(&mut errors, field, text, "bot.err_count");
        let memory_turns = count("memoryTurns", &self.memory_turns);
        let max_tokens = count("maxTokens", &self.max_tokens);
        let timeout_ms = count("timeoutMs", &self.timeout_ms);
        let daily_request_cap = count("dailyRequestCap", &self.daily_request_cap);
        let daily_token_cap = count("dailyTokenCap", &self.daily_token_cap);
        if !errors.is_empty() {
            return Err(errors);
        }
        // A new provider with the old provider's model untouched: the service picks the new
        // provider's usual model rather than keeping one it does not have.
        let untouched = saved.is_some_and(|v| {
            Some(v.settings.provider) != provider && v.settings.model == self.model
        });
        Ok(AiConfigInput {
            enabled: Some(self.enabled),
            provider,
            base_url: Some(Some(self.base_url.clone())),
            model: (!untouched).then(|| self.model.clone()),
            system_prompt: Some(Some(self.system_prompt.clone())),
            scope,
            scope_tag: Some(Some(self.scope_tag.clone())),
            memory_turns,
            max_tokens,
            timeout_ms,
            fallback_text: Some(Some(self.fallback_text.clone())),
            daily_request_cap,
            daily_token_cap,
            api_key: key.map(Some),
        })
    }
}

fn ai_anchor(id: &str) -> String {
    format!("{}#ai", back(id))
}

async fn refused(
    s: &AppState,
    ctx: &Ctx,
    id: &str,
    typed: Option<AiForm>,
    errors: BTreeMap<String, String>,
    tested: bool,
) -> Response {
    let shown = Shown {
        ai: typed,
        errors,
        tested,
        which: Which::Ai,
        ..Shown::default()
    };
    show(s, ctx, id, shown).await
}

pub async fn save_ai(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<String>,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, &back(&id)) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let who = Principal::User(user);
    let typed = AiForm::from_posted(&f);
    let saved = s.app.ai_config(&who, &id).await.ok();
    let input = match typed.to_input(f.opt("apiKey"), saved.as_ref()) {
        Ok(i) => i,
        Err(errors) => return refused(&s, &ctx, &id, Some(typed), errors, false).await,
    };
    match s.app.update_ai_config(&who, &id, input).await {
        Ok(_) => ctx.flash_redirect(&ai_anchor(&id), "ok", "bot.ai_saved", ""),
        Err(AppError::Validation(errors)) => {
            refused(&s, &ctx, &id, Some(typed), errors, false).await
        }
        Err(e) => fail(&ctx, &back(&id), e),
    }
}

/// Asks the provider once whether it takes the key typed (else the saved one), with the
/// provider and address of the form; nothing is saved, what was typed stays on the page.
pub async fn test_key(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<String>,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, &back(&id)) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let typed = AiForm::from_posted(&f);
    let mut errors = BTreeMap::new();
    let Some(provider) = typed.provider(&mut errors) else {
        return refused(&s, &ctx, &id, Some(typed), errors, true).await;
    };
    let input = ValidateKeyInput {
        api_key: f.opt("apiKey"),
        provider: Some(provider),
        // An empty address means the provider's own, as saving it would; left out, the service
        // would test against the saved address instead of what the form says.
        base_url: Some(f.opt("baseUrl").unwrap_or_else(|| {
            match provider {
                AiProvider::Gemini => GEMINI_BASE,
                AiProvider::OpenAi => OPENAI_BASE,
            }
            .to_string()
        })),
    };
    match s
        .app
        .validate_ai_key(&Principal::User(user), &id, input)
        .await
    {
        Ok(r) => {
            let shown = Shown {
                ai: Some(typed),
                key_test: Some(KeyTest {
                    ok: r.valid,
                    error: r.error,
                }),
                tested: true,
                status: Some(StatusCode::OK),
                ..Shown::default()
            };
            show(&s, &ctx, &id, shown).await
        }
        Err(AppError::Validation(errors)) => {
            refused(&s, &ctx, &id, Some(typed), errors, true).await
        }
        Err(e) => fail(&ctx, &back(&id), e),
    }
}

/// Removes the saved key (the form asks first).
pub async fn remove_key(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<String>,
    form: Result<Posted, Unreadable>,
) -> Response {
    if let Err(r) = check(&ctx, form, &back(&id)) {
        return *r;
    }
    let input = AiConfigInput {
        api_key: Some(None),
        ..AiConfigInput::default()
    };
    match s
        .app
        .update_ai_config(&Principal::User(user), &id, input)
        .await
    {
        Ok(_) => ctx.flash_redirect(&ai_anchor(&id), "ok", "bot.ai_key_removed", ""),
        Err(AppError::Validation(errors)) => refused(&s, &ctx, &id, None, errors, false).await,
        Err(e) => fail(&ctx, &back(&id), e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ai_form_reads_numbers_and_choices_by_name() {
        let mut f = AiForm {
            provider: "openAi".into(),
            model: "gpt-4o-mini".into(),
            scope: "tag".into(),
            memory_turns: "6".into(),
            max_tokens: "300".into(),
            timeout_ms: "15000".into(),
            daily_request_cap: "0".into(),
            daily_token_cap: "0".into(),
            ..AiForm::default()
        };
        let i = f.to_input(Some("sk-1".into()), None).unwrap();
        assert_eq!(i.provider, Some(AiProvider::OpenAi));
        assert_eq!(i.scope, Some(AiScope::Tag));
        assert_eq!(i.api_key, Some(Some("sk-1".into())));
        assert_eq!(f.to_input(None, None).unwrap().api_key, None);
        f.timeout_ms = "-1".into();
        f.provider = "skynet".into();
        let e = f.to_input(None, None).unwrap_err();
        assert!(e.contains_key("timeoutMs") && e.contains_key("provider"));
    }
}
