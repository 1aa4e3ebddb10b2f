//! The two wire formats, spoken with plain `reqwest`: Google Gemini's `generateContent` and the
//! OpenAI-compatible `chat/completions`. The host is checked like media URLs (no internal
//! addresses unless the gateway allows them), redirects are not followed, time and size capped.

use std::time::Duration;

use serde_json::{json, Value};

use gerbang_core::ai::{AiProvider, AiSettings};

pub const GEMINI_BASE: &str = "https://generativelanguage.googleapis.com";
pub const OPENAI_BASE: &str = "https://api.openai.com/v1";
/// An answer bigger than this is not a chat reply.
const MAX_BODY: usize = 1024 * 1024;

/// One earlier message of the conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// `true`: written by us (the bot, the AI or an agent).
    pub ours: bool,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub text: String,
    /// As the provider counts them (0 when it says nothing).
    pub tokens: i64,
}

/// Why there is no answer. Never carries the key or the conversation.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProviderError {
    #[error("no answer within {0} ms")]
    Timeout(u32),
    #[error("rate limited by the provider (429){}", .0.as_ref().map(|m| format!(": {m}")).unwrap_or_default())]
    RateLimited(Option<String>),
    #[error("the provider refused the key ({status}){}", .message.as_ref().map(|m| format!(": {m}")).unwrap_or_default())]
    BadKey {
        status: u16,
        message: Option<String>,
    },
    #[error("the provider answered {status}{}", .message.as_ref().map(|m| format!(": {m}")).unwrap_or_default())]
    Status {
        status: u16,
        message: Option<String>,
    },
    #[error("the provider's answer is not in the expected format: {0}")]
    Malformed(String),
    #[error("the provider gave no text ({0})")]
    Empty(String),
    #[error("cannot reach the provider: {0}")]
    Network(String),
    #[error("{0}")]
    BadAddress(String),
}

/// The address requests go to, without a trailing slash.
pub fn base_url(s: &AiSettings) -> String {
    let default = match s.provider {
        AiProvider::Gemini => GEMINI_BASE,
        AiProvider::OpenAi => OPENAI_BASE,
    };
    s.base_url
        .as_deref()
        .unwrap_or(default)
        .trim_end_matches('/')
        .to_string()
}

async fn client(
    url: &str,
    allow_internal: bool,
) -> Result<(reqwest::Client, reqwest::Url), ProviderError> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| ProviderError::BadAddress(format!("not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(ProviderError::BadAddress(
            "only http:// and https:// addresses".into(),
        ));
    }
    let addr = crate::fetch::resolve_public(&parsed, allow_internal)
        .await
        .map_err(|e| {
            ProviderError::BadAddress(match e {
                crate::AppError::Validation(f) => f.into_values().next().unwrap_or_default(),
                other => other.to_string(),
            })
        })?;
    let host = parsed.host_str().unwrap_or_default().to_string();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .resolve(&host, addr)
        .build()
        .map_err(|e| ProviderError::Network(e.to_string()))?;
    Ok((client, parsed))
}

/// The provider's own message from an error body (`{"error": {"message": …}}`, both formats).
fn error_message(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let m = v.pointer("/error/message").and_then(Value::as_str)?;
    Some(m.chars().take(300).collect())
}

async fn send(req: reqwest::RequestBuilder, timeout_ms: u32) -> Result<Vec<u8>, ProviderError> {
    let work = async {
        let mut res = req
            .send()
            .await
            .map_err(|e| ProviderError::Network(e.without_url().to_string()))?;
        let status = res.status();
        let mut body = Vec::new();
        while let Some(chunk) = res
            .chunk()
            .await
            .map_err(|e| ProviderError::Network(e.without_url().to_string()))?
        {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(ProviderError::Malformed("answer larger than 1 MiB".into()));
            }
            body.extend_from_slice(&chunk);
        }
        let message = error_message(&body);
        match status.as_u16() {
            200..=299 => Ok(body),
            429 => Err(ProviderError::RateLimited(message)),
            401 | 403 => Err(ProviderError::BadKey {
                status: status.as_u16(),
                message,
            }),
            // Gemini answers a wrong key with 400 and reason API_KEY_INVALID.
            400 if String::from_utf8_lossy(&body).contains("API_KEY_INVALID") => {
                Err(ProviderError::BadKey {
                    status: 400,
                    message,
                })
            }
            s => Err(ProviderError::Status { status: s, message }),
        }
    };
    match tokio::time::timeout(Duration::from_millis(timeout_ms as u64), work).await {
        Ok(r) => r,
        Err(_) => Err(ProviderError::Timeout(timeout_ms)),
    }
}

fn parse(body: &[u8]) -> Result<Value, ProviderError> {
    serde_json::from_slice(body).map_err(|e| ProviderError::Malformed(format!("not JSON ({e})")))
}

/// Asks the model for the next message of the conversation: `history` (oldest first), then
/// the contact's `message`.
pub async fn generate(
    s: &AiSettings,
    key: Option<&str>,
    history: &[Turn],
    message: &str,
    allow_internal: bool,
) -> Result<Answer, ProviderError> {
    let base = base_url(s);
    match s.provider {
        AiProvider::Gemini => {
            let url = format!("{base}/v1beta/models/{}:generateContent", s.model);
            let (client, url) = client(&url, allow_internal).await?;
            let contents: Vec<Value> = alternating(history, message)
                .into_iter()
                .map(|t| json!({"role": if t.ours { "model" } else { "user" }, "parts": [{"text": t.text}]}))
                .collect();
            let mut body = json!({
                "contents": contents,
                "generationConfig": {"maxOutputTokens": s.max_tokens},
            });
            if let Some(p) = s.system_prompt.as_deref().filter(|p| !p.trim().is_empty()) {
                body["systemInstruction"] = json!({"parts": [{"text": p}]});
            }
            let req = client
                .post(url)
                .header("x-goog-api-key", key.unwrap_or_default())
                .json(&body);
            let v = parse(&send(req, s.timeout_ms).await?)?;
            gemini_answer(&v)
        }
        AiProvider::OpenAi => {
            let (client, url) = client(&format!("{base}/chat/completions"), allow_internal).await?;
            let mut messages = Vec::new();
            if let Some(p) = s.system_prompt.as_deref().filter(|p| !p.trim().is_empty()) {
                messages.push(json!({"role": "system", "content": p}));
            }
            messages.extend(history.iter().map(
                |t| json!({"role": if t.ours { "assistant" } else { "user" }, "content": t.text}),
            ));
            messages.push(json!({"role": "user", "content": message}));
            let body = json!({"model": s.model, "messages": messages, "max_tokens": s.max_tokens});
            let mut req = client.post(url).json(&body);
            if let Some(k) = key {
                req = req.bearer_auth(k);
            }
            let v = parse(&send(req, s.timeout_ms).await?)?;
            openai_answer(&v)
        }
    }
}

/// Gemini wants turns that alternate and start with the user: two messages in a row from one
/// side become one, and our messages before the contact's first are left out.
fn alternating(history: &[Turn], message: &str) -> Vec<Turn> {
    let mut out: Vec<Turn> = Vec::new();
    let all = history.iter().cloned().chain(std::iter::once(Turn {
        ours: false,
        text: message.to_string(),
    }));
    for t in all {
        match out.last_mut() {
            None if t.ours => {}
            Some(last) if last.ours == t.ours => {
                last.text.push('\n');
                last.text.push_str(&t.text);
            }
            _ => out.push(t),
        }
    }
    out
}

fn gemini_answer(v: &Value) -> Result<Answer, ProviderError> {
    let Some(candidates) = v.get("candidates").and_then(Value::as_array) else {
        if let Some(reason) = v
            .pointer("/promptFeedback/blockReason")
            .and_then(Value::as_str)
        {
            return Err(ProviderError::Empty(format!("blocked: {reason}")));
        }
        return Err(ProviderError::Malformed("no candidates".into()));
    };
    let first = candidates
        .first()
        .ok_or_else(|| ProviderError::Empty("no candidates".into()))?;
    let parts = first
        .pointer("/content/parts")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            let reason = first
                .get("finishReason")
                .and_then(Value::as_str)
                .unwrap_or("no content");
            ProviderError::Empty(reason.to_string())
        })?;
    let text: String = parts
        .iter()
        .filter_map(|p| p.get("text").and_then(Value::as_str))
        .collect();
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err(ProviderError::Empty("empty text".into()));
    }
    let tokens = v
        .pointer("/usageMetadata/totalTokenCount")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    Ok(Answer { text, tokens })
}

fn openai_answer(v: &Value) -> Result<Answer, ProviderError> {
    let choice = v
        .get("choices")
        .and_then(Value::as_array)
        .ok_or_else(|| ProviderError::Malformed("no choices".into()))?
        .first()
        .ok_or_else(|| ProviderError::Empty("no choices".into()))?;
    let text = choice
        .pointer("/message/content")
        .and_then(Value::as_str)
        .map(|t| t.trim().to_string())
        .unwrap_or_default();
    if text.is_empty() {
        let reason = choice
            .get("finish_reason")
            .and_then(Value::as_str)
            .unwrap_or("empty text");
        return Err(ProviderError::Empty(reason.to_string()));
    }
    let tokens = v
        .pointer("/usage/total_tokens")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    Ok(Answer { text, tokens })
}

/// Whether the provider accepts the key: lists its models (costs no tokens).
pub async fn check_key(
    s: &AiSettings,
    key: Option<&str>,
    allow_internal: bool,
) -> Result<(), ProviderError> {
    let base = base_url(s);
    let timeout = s.timeout_ms.min(15_000);
    match s.provider {
        AiProvider::Gemini => {
            let (client, url) =
                client(&format!("{base}/v1beta/models?pageSize=1"), allow_internal).await?;
            let req = client
                .get(url)
                .header("x-goog-api-key", key.unwrap_or_default());
            let v = parse(&send(req, timeout).await?)?;
            v.get("models")
                .map(|_| ())
                .ok_or_else(|| ProviderError::Malformed("no models list".into()))
        }
        AiProvider::OpenAi => {
            let (client, url) = client(&format!("{base}/models"), allow_internal).await?;
            let mut req = client.get(url);
            if let Some(k) = key {
                req = req.bearer_auth(k);
            }
            let v = parse(&send(req, timeout).await?)?;
            v.get("data")
                .map(|_| ())
                .ok_or_else(|| ProviderError::Malformed("no models list".into()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gemini_turns_alternate_and_start_with_the_user() {
        let t = |ours, text: &str| Turn {
            ours,
            text: text.into(),
        };
        let h = [t(true, "promo"), t(false, "a"), t(false, "b"), t(true, "c")];
        assert_eq!(
            alternating(&h, "d"),
            vec![t(false, "a\nb"), t(true, "c"), t(false, "d")]
        );
    }

    #[test]
    fn answers_of_both_formats() {
        let g = json!({"candidates": [{"content": {"role": "model", "parts": [{"text": "Halo "}, {"text": "kak"}]},
            "finishReason": "STOP"}], "usageMetadata": {"totalTokenCount": 42}});
        assert_eq!(
            gemini_answer(&g).unwrap(),
            Answer {
                text: "Halo kak".into(),
                tokens: 42
            }
        );
        let blocked = json!({"promptFeedback": {"blockReason": "SAFETY"}});
        assert_eq!(
            gemini_answer(&blocked),
            Err(ProviderError::Empty("blocked: SAFETY".into()))
        );
        let o = json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": "Siap"},
            "finish_reason": "stop"}], "usage": {"total_tokens": 7}});
        assert_eq!(
            openai_answer(&o).unwrap(),
            Answer {
                text: "Siap".into(),
                tokens: 7
            }
        );
        assert!(matches!(
            openai_answer(&json!({"id": 1})),
            Err(ProviderError::Malformed(_))
        ));
    }
}
