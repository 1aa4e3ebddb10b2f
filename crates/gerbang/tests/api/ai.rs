//! AI replies against loopback fake providers that speak the real wire formats (Gemini's
//! `generateContent`, OpenAI's `chat/completions`), including refused keys, rate limits, server
//! errors, malformed and slow answers; the simulator is the WhatsApp side.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode as AxStatus};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::db_tests;
use crate::dbexec;
use crate::harness::{wait_for, Backend, TestApp};

const DEV: &str = "/api/whatsapp-multi-device/devices";

db_tests!(
    ai_settings_keys_and_dry_runs_on_both_wire_formats,
    ai_answers_contacts_when_no_rule_does_with_memory_fallback_and_caps,
);

/// What the fake provider does with the next requests.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Mode {
    Ok,
    RateLimited,
    ServerError,
    Malformed,
    Slow,
}

#[derive(Clone)]
pub(crate) struct Fake {
    mode: Arc<Mutex<Mode>>,
    /// (path, API key as sent, body) of every generation request.
    seen: Arc<Mutex<Vec<(String, String, Value)>>>,
}

impl Fake {
    pub(crate) fn set(&self, m: Mode) {
        *self.mode.lock().unwrap() = m;
    }
    pub(crate) fn calls(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
    fn last(&self) -> (String, String, Value) {
        self.seen.lock().unwrap().last().cloned().unwrap()
    }
}

fn gemini_key(h: &HeaderMap) -> String {
    h.get("x-goog-api-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

fn bearer(h: &HeaderMap) -> String {
    h.get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("")
        .to_string()
}

/// Gemini's answer to a key it does not know.
fn gemini_bad_key() -> Response {
    (AxStatus::BAD_REQUEST, axum::Json(json!({"error": {"code": 400,
        "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT",
        "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}]}})))
        .into_response()
}

async fn failure(mode: Mode, gemini: bool) -> Option<Response> {
    match mode {
        Mode::Ok => None,
        Mode::RateLimited => {
            let body = if gemini {
                json!({"error": {"code": 429, "message": "Resource has been exhausted (e.g. check quota).", "status": "RESOURCE_EXHAUSTED"}})
            } else {
                json!({"error": {"message": "Rate limit reached for requests", "type": "requests", "code": "rate_limit_exceeded"}})
            };
            Some((AxStatus::TOO_MANY_REQUESTS, [("retry-after", "20")], axum::Json(body)).into_response())
        }
        Mode::ServerError => Some(
            (AxStatus::INTERNAL_SERVER_ERROR, axum::Json(json!({"error": {"code": 500, "message": "An internal error has occurred.", "status": "INTERNAL"}})))
                .into_response(),
        ),
        Mode::Malformed => Some((AxStatus::OK, [("content-type", "application/json")], "{\"candidates\": [").into_response()),
        Mode::Slow => {
            tokio::time::sleep(Duration::from_secs(4)).await;
            None
        }
    }
}

async fn gemini_generate(
    State(f): State<Fake>,
    axum::extract::Path(action): axum::extract::Path<String>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let key = gemini_key(&headers);
    f.seen
        .lock()
        .unwrap()
        .push((action, key.clone(), body.clone()));
    if key != "AIza-good-key-0001" {
        return gemini_bad_key();
    }
    let mode = *f.mode.lock().unwrap();
    if let Some(r) = failure(mode, true).await {
        return r;
    }
    let last = body["contents"]
        .as_array()
        .and_then(|c| c.last())
        .cloned()
        .unwrap_or_default();
    let text = last["parts"][0]["text"].as_str().unwrap_or("").to_string();
    axum::Json(json!({
        "candidates": [{"content": {"role": "model", "parts": [{"text": format!("AI: {text}")}]},
            "finishReason": "STOP", "index": 0}],
        "usageMetadata": {"promptTokenCount": 30, "candidatesTokenCount": 12, "totalTokenCount": 42},
        "modelVersion": "gemini-test"
    }))
    .into_response()
}

async fn gemini_models(headers: HeaderMap) -> Response {
    if gemini_key(&headers) != "AIza-good-key-0001" {
        return gemini_bad_key();
    }
    axum::Json(json!({"models": [{"name": "models/gemini-test", "displayName": "Gemini Test"}]}))
        .into_response()
}

async fn openai_chat(
    State(f): State<Fake>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    let key = bearer(&headers);
    f.seen
        .lock()
        .unwrap()
        .push(("chat/completions".into(), key.clone(), body.clone()));
    if key != "sk-good-0002" {
        return (AxStatus::UNAUTHORIZED, axum::Json(json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key"}}))).into_response();
    }
    let mode = *f.mode.lock().unwrap();
    if let Some(r) = failure(mode, false).await {
        return r;
    }
    let last = body["messages"]
        .as_array()
        .and_then(|c| c.last())
        .cloned()
        .unwrap_or_default();
    let text = last["content"].as_str().unwrap_or("").to_string();
    axum::Json(json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": body["model"],
        "choices": [{"index": 0, "message": {"role": "assistant", "content": format!("GPT: {text}")}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 20, "completion_tokens": 5, "total_tokens": 25}
    }))
    .into_response()
}

async fn openai_models(headers: HeaderMap) -> Response {
    if bearer(&headers) != "sk-good-0002" {
        return (AxStatus::UNAUTHORIZED, axum::Json(json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}))).into_response();
    }
    axum::Json(json!({"object": "list", "data": [{"id": "gpt-test", "object": "model"}]}))
        .into_response()
}

/// Starts both fake providers on one loopback port; returns its base URL. The bot page's tests
/// use them too.
pub(crate) async fn fake_providers() -> (String, Fake) {
    let fake = Fake {
        mode: Arc::new(Mutex::new(Mode::Ok)),
        seen: Arc::default(),
    };
    let router = axum::Router::new()
        .route("/v1beta/models/{action}", post(gemini_generate))
        .route("/v1beta/models", get(gemini_models))
        .route("/v1/chat/completions", post(openai_chat))
        .route("/v1/models", get(openai_models))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (base, fake)
}

fn ai(device: &str, tail: &str) -> String {
    format!("{DEV}/{device}/bot/ai{tail}")
}

async fn ai_settings_keys_and_dry_runs_on_both_wire_formats(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.fetch_internal_urls = true).await;
    let (base, fake) = fake_providers().await;
    let sari = app.user("sari").await;
    let budi = app.user("budi").await;
    let tok = Some(sari.token.as_str());
    let device = app.device(sari.id, "Toko").await;

    let c = app.get(&ai(&device, ""), tok).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    assert_eq!(c.data()["enabled"], false);
    assert_eq!(c.data()["provider"], "gemini");
    assert_eq!(c.data()["keySet"], false);
    assert_eq!(
        c.data()["effectiveBaseUrl"],
        "https://generativelanguage.googleapis.com"
    );

    // Every broken field is named; nothing changes.
    let bad = app
        .put(&ai(&device, ""), tok, json!({"enabled": true, "model": "", "timeoutMs": 10, "maxTokens": 0,
            "scope": "tag", "baseUrl": "ftp://x.example", "fallbackText": "Maaf {{name", "memoryTurns": 99}))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    for f in [
        "model",
        "timeoutMs",
        "maxTokens",
        "scopeTag",
        "baseUrl",
        "fallbackText",
        "memoryTurns",
        "apiKey",
    ] {
        assert!(bad.field(f).is_some(), "{f}: {}", bad.body);
    }
    let badkey = app
        .put(&ai(&device, ""), tok, json!({"apiKey": "two words"}))
        .await;
    assert!(badkey.field("apiKey").is_some(), "{}", badkey.body);
    let unknown = app
        .put(&ai(&device, ""), tok, json!({"provider": "skynet"}))
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{}", unknown.body);
    assert_eq!(app.get(&ai(&device, ""), tok).await.data()["keySet"], false);

    // A key is stored sealed and never shown again.
    let put = app
        .put(&ai(&device, ""), tok, json!({"apiKey": "AIza-good-key-0001", "baseUrl": format!("{base}/"),
            "model": "gemini-test", "systemPrompt": "Kamu CS Toko Sari. Jawab singkat.", "maxTokens": 200}))
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    assert_eq!(put.data()["keySet"], true);
    assert_eq!(put.data()["keyHint"], "…0001");
    assert_eq!(
        put.data()["baseUrl"],
        base.as_str(),
        "trailing slash dropped"
    );
    assert!(
        !put.body.to_string().contains("AIza-good-key"),
        "{}",
        put.body
    );
    let stored = dbexec::texts(&app, "SELECT key_cipher FROM bot_ai").await;
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains("AIza"), "the key is encrypted at rest");
    let again = app.get(&ai(&device, ""), tok).await;
    assert!(!again.body.to_string().contains("AIza-good-key"));

    // Key checks: the given key, then the stored one.
    let v = app
        .post(
            &ai(&device, "/validate-key"),
            tok,
            json!({"apiKey": "AIza-wrong"}),
        )
        .await;
    assert_eq!(v.status, StatusCode::OK, "{}", v.body);
    assert_eq!(v.data()["valid"], false);
    assert!(
        v.data()["error"]
            .as_str()
            .unwrap()
            .contains("refused the key"),
        "{}",
        v.body
    );
    let v = app
        .post(&ai(&device, "/validate-key"), tok, json!({}))
        .await;
    assert_eq!(v.data()["valid"], true, "{}", v.body);

    // A dry run speaks Gemini's format: system instruction, contents, key header, token limit.
    let t = app
        .post(
            &ai(&device, "/test"),
            tok,
            json!({"message": "Berapa ongkir ke Bandung?"}),
        )
        .await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.body);
    assert_eq!(t.data()["ok"], true, "{}", t.body);
    assert_eq!(t.data()["reply"], "AI: Berapa ongkir ke Bandung?");
    assert_eq!(t.data()["tokens"], 42);
    let (path, key, body) = fake.last();
    assert_eq!(path, "gemini-test:generateContent");
    assert_eq!(key, "AIza-good-key-0001");
    assert_eq!(
        body["systemInstruction"]["parts"][0]["text"],
        "Kamu CS Toko Sari. Jawab singkat."
    );
    assert_eq!(body["contents"][0]["role"], "user");
    assert_eq!(body["generationConfig"]["maxOutputTokens"], 200);
    let usage = app.get(&ai(&device, ""), tok).await;
    assert_eq!(
        usage.data()["usageToday"],
        json!({"requests": 1, "tokens": 42})
    );

    fake.set(Mode::RateLimited);
    let t = app
        .post(&ai(&device, "/test"), tok, json!({"message": "Halo"}))
        .await;
    assert_eq!(t.data()["ok"], false);
    assert!(
        t.data()["error"].as_str().unwrap().contains("429"),
        "{}",
        t.body
    );
    fake.set(Mode::Malformed);
    let t = app.post(&ai(&device, "/test"), tok, json!({})).await;
    assert!(
        t.data()["error"]
            .as_str()
            .unwrap()
            .contains("expected format"),
        "{}",
        t.body
    );
    fake.set(Mode::Ok);

    // Seed 000's paths act on the caller's only device.
    let g = app.get("/api/gemini/config", tok).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    assert_eq!(g.data()["model"], "gemini-test");
    let g = app.get("/api/gemini/test", tok).await;
    assert_eq!(g.data()["ok"], true, "{}", g.body);
    let g = app
        .post("/api/gemini/generate", tok, json!({"prompt": "Jam buka?"}))
        .await;
    assert_eq!(g.data()["response"], "AI: Jam buka?", "{}", g.body);
    let g = app
        .post(
            "/api/gemini/validate-key",
            tok,
            json!({"apiKey": "AIza-good-key-0001"}),
        )
        .await;
    assert_eq!(g.data()["valid"], true, "{}", g.body);
    let g = app
        .post("/api/gemini/config", tok, json!({"timeoutMs": 5}))
        .await;
    assert!(g.field("timeoutMs").is_some(), "{}", g.body);

    // Any OpenAI-compatible API: bearer key, system message first.
    let put = app
        .put(
            &ai(&device, ""),
            tok,
            json!({"provider": "openAi", "baseUrl": format!("{base}/v1"),
            "apiKey": "sk-good-0002"}),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    assert_eq!(
        put.data()["model"],
        "gpt-4o-mini",
        "a provider's own default model"
    );
    let put = app
        .put(&ai(&device, ""), tok, json!({"model": "gpt-test"}))
        .await;
    assert_eq!(put.data()["keyHint"], "…0002");
    let t = app
        .post(
            &ai(&device, "/test"),
            tok,
            json!({"message": "Ada diskon?"}),
        )
        .await;
    assert_eq!(t.data()["reply"], "GPT: Ada diskon?", "{}", t.body);
    let (_, key, body) = fake.last();
    assert_eq!(key, "sk-good-0002");
    assert_eq!(body["model"], "gpt-test");
    assert_eq!(
        body["messages"][0],
        json!({"role": "system", "content": "Kamu CS Toko Sari. Jawab singkat."})
    );
    assert_eq!(body["max_tokens"], 200);
    let v = app
        .post(
            &ai(&device, "/validate-key"),
            tok,
            json!({"apiKey": "sk-wrong"}),
        )
        .await;
    assert_eq!(v.data()["valid"], false, "{}", v.body);
    assert!(
        v.data()["error"].as_str().unwrap().contains("401"),
        "{}",
        v.body
    );

    // Without `fetch_internal_urls` the same loopback address is refused before connecting:
    // a provider address cannot be used to reach into the server's network.
    let strict = TestApp::spawn(b).await;
    let d2 = strict.device(1, "Ketat").await;
    let v = strict
        .post(&ai(&d2, "/validate-key"), strict.admin(),
            json!({"apiKey": "sk-good-0002", "provider": "openAi", "baseUrl": format!("{base}/v1")}))
        .await;
    assert_eq!(v.data()["valid"], false, "{}", v.body);
    assert!(
        v.data()["error"].as_str().unwrap().contains("internal"),
        "{}",
        v.body
    );

    // Removing the key; another user's device is off limits.
    let del = app
        .put(&ai(&device, ""), tok, json!({"apiKey": null}))
        .await;
    assert_eq!(del.data()["keySet"], false, "{}", del.body);
    assert_eq!(
        dbexec::texts(&app, "SELECT COALESCE(key_cipher, 'none') FROM bot_ai").await,
        vec!["none"]
    );
    let other = Some(budi.token.as_str());
    assert_eq!(
        app.get(&ai(&device, ""), other).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(&ai(&device, "/test"), other, json!({}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

/// Texts the simulated network received from the device for `to`.
async fn received(app: &TestApp, device: &str, to: &str) -> Vec<String> {
    let r = app
        .get(&format!("/api/sim/devices/{device}/outbox"), app.admin())
        .await;
    r.data()
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["to"].as_str().unwrap_or("").starts_with(to))
        .filter_map(|d| d["text"].as_str().map(str::to_string))
        .collect()
}

async fn write(app: &TestApp, device: &str, from: &str, text: &str) -> String {
    let r = app
        .post(
            &format!("/api/sim/devices/{device}/inbound"),
            app.admin(),
            json!({"from": from, "text": text}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.data()["messageId"].as_str().unwrap().to_string()
}

/// The bot's finished decision on `inbound`.
async fn decision(app: &TestApp, device: &str, inbound: &str) -> Value {
    wait_for(20, &format!("a decision on {inbound}"), || async {
        let logs = app
            .get(&format!("{DEV}/{device}/bot/logs?perPage=100"), app.admin())
            .await;
        logs.data()["items"]
            .as_array()
            .and_then(|items| items.iter().find(|l| l["inboundId"] == inbound).cloned())
            .filter(|l| l["status"] != "claimed")
    })
    .await
}

async fn ai_answers_contacts_when_no_rule_does_with_memory_fallback_and_caps(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.fetch_internal_urls = true).await;
    let (base, fake) = fake_providers().await;
    let sari = app.user("sari").await;
    let tok = Some(sari.token.as_str());
    let device = app.device(sari.id, "Toko").await;
    app.link(&device).await;
    let put = app
        .put(&format!("{DEV}/{device}/bot/config"), tok,
            json!({"enabled": true, "timeZone": "UTC", "handoffKeywords": ["admin"], "loopLimit": 50}))
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    app.post(
        &format!("{DEV}/{device}/bot/rules"),
        tok,
        json!({"name": "Harga", "keywords": ["harga"], "reply": "Harga mulai Rp10.000"}),
    )
    .await;
    let put = app
        .put(
            &ai(&device, ""),
            tok,
            json!({"enabled": true, "apiKey": "AIza-good-key-0001", "baseUrl": base,
            "model": "gemini-test", "memoryTurns": 4, "timeoutMs": 1000,
            "fallbackText": "Maaf {{name|Kak}}, CS kami segera membalas"}),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);

    let ani = "6281311110001";
    app.post(
        "/api/sim/accounts",
        app.admin(),
        json!({"phone": ani, "name": "Ani"}),
    )
    .await;

    // Rules first: the AI is not asked.
    let m = write(&app, &device, ani, "berapa harganya?").await;
    assert_eq!(decision(&app, &device, &m).await["action"], "rule");
    assert_eq!(fake.calls(), 0);

    // No rule: the AI answers through the bot's send path, once.
    let m = write(&app, &device, ani, "Apakah bisa kirim ke Bandung?").await;
    let d = decision(&app, &device, &m).await;
    assert_eq!(
        (d["action"].as_str(), d["status"].as_str()),
        (Some("ai"), Some("sent")),
        "{d}"
    );
    assert!(d["replyMessageId"].is_string());
    let got = received(&app, &device, ani).await;
    assert_eq!(
        got,
        vec!["Harga mulai Rp10.000", "AI: Apakah bisa kirim ke Bandung?"]
    );
    assert_eq!(fake.calls(), 1);

    // Memory: the chat's earlier messages go with the next question, oldest first, both sides.
    let m = write(&app, &device, ani, "Berapa lama?").await;
    assert_eq!(decision(&app, &device, &m).await["action"], "ai");
    let (_, _, body) = fake.last();
    let contents = body["contents"].as_array().unwrap();
    let texts: Vec<(&str, &str)> = contents
        .iter()
        .map(|c| {
            (
                c["role"].as_str().unwrap(),
                c["parts"][0]["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        texts,
        vec![
            ("user", "berapa harganya?"),
            ("model", "Harga mulai Rp10.000"),
            ("user", "Apakah bisa kirim ke Bandung?"),
            ("model", "AI: Apakah bisa kirim ke Bandung?"),
            ("user", "Berapa lama?"),
        ],
        "memoryTurns = 4 earlier messages, then the question"
    );
    let mem = app.get(&ai(&device, &format!("/history/{ani}")), tok).await;
    assert_eq!(
        mem.data()["turns"].as_array().unwrap().len(),
        4,
        "{}",
        mem.body
    );
    let clear = app
        .delete(&ai(&device, &format!("/history/{ani}")), tok)
        .await;
    assert_eq!(clear.status, StatusCode::OK, "{}", clear.body);
    let mem = app.get(&ai(&device, &format!("/history/{ani}")), tok).await;
    assert_eq!(mem.data()["turns"], json!([]), "{}", mem.body);
    assert!(mem.data()["clearedAt"].is_string());
    let bad = app.get(&ai(&device, "/history/bukan-nomor"), tok).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);

    // Provider failures: rate limit, server error, malformed and too slow → the fallback text.
    let mut sent = 3;
    for (mode, why) in [
        (Mode::RateLimited, "429"),
        (Mode::ServerError, "500"),
        (Mode::Malformed, "expected format"),
        (Mode::Slow, "within 1000 ms"),
    ] {
        fake.set(mode);
        let m = write(&app, &device, ani, "Halo?").await;
        let d = decision(&app, &device, &m).await;
        assert_eq!(d["action"], "ai");
        assert_eq!(d["status"], "sent", "{d}");
        let detail = d["detail"].as_str().unwrap_or("");
        assert!(
            detail.contains("AI fallback") && detail.contains(why),
            "{why}: {d}"
        );
        sent += 1;
        let got = received(&app, &device, ani).await;
        assert_eq!(got.len(), sent);
        assert_eq!(got.last().unwrap(), "Maaf Ani, CS kami segera membalas");
    }
    fake.set(Mode::Ok);

    // A hand-off pauses the AI too.
    let m = write(&app, &device, ani, "saya mau bicara dengan admin").await;
    assert_eq!(decision(&app, &device, &m).await["action"], "handoff");
    let calls = fake.calls();
    let m = write(&app, &device, ani, "halo, masih ada orang?").await;
    let d = decision(&app, &device, &m).await;
    assert_eq!(
        (d["action"].as_str(), d["detail"].as_str()),
        (Some("skip"), Some("handoff"))
    );
    assert_eq!(fake.calls(), calls, "the AI is not asked during a hand-off");
    app.post(
        &format!("{DEV}/{device}/bot/handoffs/{ani}/resume-bot"),
        tok,
        json!({}),
    )
    .await;

    // The daily cap: once reached, the fallback text without asking the provider.
    let used = app.get(&ai(&device, ""), tok).await.data()["usageToday"]["requests"]
        .as_i64()
        .unwrap();
    assert_eq!(used, 6, "every request counts, failed ones too");
    app.put(&ai(&device, ""), tok, json!({"dailyRequestCap": used}))
        .await;
    let m = write(&app, &device, ani, "Kapan buka?").await;
    let d = decision(&app, &device, &m).await;
    assert!(
        d["detail"]
            .as_str()
            .unwrap()
            .contains("daily AI cap reached"),
        "{d}"
    );
    assert_eq!(fake.calls(), calls);

    // Without a fallback text a failure stays silent (logged as failed); scope by tag.
    app.put(
        &ai(&device, ""),
        tok,
        json!({"dailyRequestCap": 0, "fallbackText": null, "scope": "tag", "scopeTag": "VIP"}),
    )
    .await;
    let before = received(&app, &device, ani).await.len();
    let m = write(&app, &device, ani, "Ada warna merah?").await;
    let d = decision(&app, &device, &m).await;
    assert_eq!(d["action"], "skip", "not tagged: the AI stays out {d}");
    let k = app
        .post(
            "/api/whatsapp-multi-device/contacts",
            tok,
            json!({"name": "Ani", "phone": ani, "tags": ["vip"]}),
        )
        .await;
    assert_eq!(k.status, StatusCode::CREATED, "{}", k.body);
    fake.set(Mode::ServerError);
    // The settings cache lives a few seconds; the contact's tag is read each time.
    let m = write(&app, &device, ani, "Ada warna biru?").await;
    let d = decision(&app, &device, &m).await;
    assert_eq!(
        (d["action"].as_str(), d["status"].as_str()),
        (Some("ai"), Some("failed")),
        "{d}"
    );
    assert_eq!(received(&app, &device, ani).await.len(), before);
    fake.set(Mode::Ok);
    let m = write(&app, &device, ani, "Ada warna hijau?").await;
    assert_eq!(decision(&app, &device, &m).await["status"], "sent");
    let got = wait_for(10, "the AI's answer", || async {
        let got = received(&app, &device, ani).await;
        (got.len() > before).then_some(got)
    })
    .await;
    // The two questions nobody answered come along: Gemini gets one user turn for the three
    // (turns must alternate), and the fake echoes that turn.
    assert_eq!(
        got.last().unwrap(),
        "AI: Ada warna merah?\nAda warna biru?\nAda warna hijau?"
    );
    let logs = app
        .get(&format!("{DEV}/{device}/bot/logs?action=ai"), tok)
        .await;
    assert_eq!(logs.status, StatusCode::OK, "{}", logs.body);
    assert!(logs.data()["total"].as_i64().unwrap() >= 8, "{}", logs.body);
}
