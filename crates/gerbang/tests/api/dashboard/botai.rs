//! The AI settings on the bot page over HTTP, against the loopback fake Gemini and
//! OpenAI-compatible providers: every setting saved and read back through the API, the key
//! never in any page (not even a refused one), "Test the key" with an accepted and a refused
//! key on both wire formats, and removing the key (refused while Gemini is switched on).

use reqwest::StatusCode;

use super::{assert_translated, catalogue_keys, Visitor};
use crate::ai::fake_providers;
use crate::db_tests;
use crate::harness::{Backend, TestApp};

db_tests!(ai_settings_and_the_key_test_on_the_bot_page);

const DEV: &str = "/api/whatsapp-multi-device/devices";
const GOOD: &str = "AIza-good-key-0001";

/// The AI form as the page posts it; `over` replaces or adds fields.
fn ai_form(token: &str, base: &str, over: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = [
        ("_csrf", token),
        ("enabled", "1"),
        ("provider", "gemini"),
        ("baseUrl", base),
        ("model", "gemini-test"),
        ("apiKey", ""),
        ("systemPrompt", "Kamu CS Toko Sari. Jawab singkat."),
        ("scope", "tag"),
        ("scopeTag", "vip"),
        ("memoryTurns", "4"),
        ("maxTokens", "200"),
        ("timeoutMs", "5000"),
        ("fallbackText", "Maaf, coba lagi nanti"),
        ("dailyRequestCap", "100"),
        ("dailyTokenCap", "5000"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in over {
        match f.iter_mut().find(|(name, _)| name == k) {
            Some(slot) => slot.1 = v.to_string(),
            None => f.push((k.to_string(), v.to_string())),
        }
    }
    f.retain(|(_, v)| v != "<absent>");
    f
}

async fn post(v: &Visitor, to: &str, f: &[(String, String)]) -> super::Page {
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    v.post(to, &pairs).await
}

async fn ai_settings_and_the_key_test_on_the_bot_page(b: Backend) {
    let app = TestApp::spawn_with(b, |c| c.fetch_internal_urls = true).await;
    let (base, _fake) = fake_providers().await;
    let sari = app.user("sari").await;
    let tok = Some(sari.token.as_str());
    let device = app.device(sari.id, "Toko").await;
    let v = Visitor::new(&app.base);
    v.sign_in("sari", &sari.password).await;
    let keys = catalogue_keys();
    let path = format!("/devices/{device}/bot");
    let (save, test, remove) = (
        format!("{path}/ai"),
        format!("{path}/ai/test"),
        format!("{path}/ai/key/delete"),
    );
    let ai_url = format!("{DEV}/{device}/bot/ai");
    let ai = || app.get(&ai_url, tok);

    let page = v.get(&path).await;
    assert!(page.body.contains("No key is saved."), "{}", page.body);
    assert!(!page.body.contains("id=\"ai-remove-key\""));
    assert!(page.body.contains("id=\"ai-test\""));
    assert_translated(&path, &page.body, &keys);
    let token = page.csrf();

    // Every setting with a key, saved and read back; the key never comes back.
    let r = post(&v, &save, &ai_form(&token, &base, &[("apiKey", GOOD)])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let saved = v.follow(&r).await;
    assert!(saved.body.contains("The AI settings were saved."));
    let c = ai().await;
    let a = c.data();
    assert_eq!(a["enabled"], true);
    assert_eq!(a["provider"], "gemini");
    assert_eq!(a["baseUrl"], base.as_str());
    assert_eq!(a["model"], "gemini-test");
    assert_eq!(a["systemPrompt"], "Kamu CS Toko Sari. Jawab singkat.");
    assert_eq!(a["scope"], "tag");
    assert_eq!(a["scopeTag"], "vip");
    assert_eq!(a["memoryTurns"], 4);
    assert_eq!(a["maxTokens"], 200);
    assert_eq!(a["timeoutMs"], 5000);
    assert_eq!(a["fallbackText"], "Maaf, coba lagi nanti");
    assert_eq!(a["dailyRequestCap"], 100);
    assert_eq!(a["dailyTokenCap"], 5000);
    assert_eq!(a["keySet"], true);
    assert_eq!(a["keyHint"], "…0001");
    let page = v.get(&path).await;
    assert!(!page.body.contains(GOOD), "the key is never on the page");
    assert!(
        page.body.contains("A key is saved (…0001)."),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains("name=\"apiKey\" type=\"password\" value=\"\""));
    assert!(page.body.contains("value=\"vip\""));
    assert!(page.body.contains("<option value=\"tag\" selected>"));
    assert!(page.body.contains("id=\"ai-remove-key\""));

    // Refused as typed, the typed key left out (and said so); nothing saved.
    let other_key = "AIza-other-key-9999";
    let r = post(
        &v,
        &save,
        &ai_form(
            &token,
            &base,
            &[
                ("apiKey", other_key),
                ("memoryTurns", "-1"),
                ("systemPrompt", "Baru"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(!r.body.contains(other_key), "a typed key is not sent back");
    for shown in [
        "id=\"ai-memory-err\"",
        "aria-describedby=\"ai-memory-err\"",
        "value=\"-1\"",
        ">Baru</textarea>",
        "id=\"ai-retype\"",
    ] {
        assert!(r.body.contains(shown), "{shown}: {}", r.body);
    }
    let r = post(
        &v,
        &save,
        &ai_form(
            &token,
            &base,
            &[
                ("timeoutMs", "10"),
                ("model", "gpt 4"),
                ("baseUrl", "ftp://x.example"),
            ],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    for shown in [
        "id=\"ai-timeout-err\"",
        "id=\"ai-model-err\"",
        "id=\"ai-base-url-err\"",
        "value=\"gpt 4\"",
        "value=\"ftp://x.example\"",
    ] {
        assert!(r.body.contains(shown), "{shown}: {}", r.body);
    }
    assert_translated(&path, &r.body, &keys);
    let c = ai().await;
    assert_eq!(c.data()["memoryTurns"], 4, "{}", c.body);
    assert_eq!(c.data()["timeoutMs"], 5000);
    assert_eq!(c.data()["keyHint"], "…0001");

    // Test the key: the saved one, then a typed one the provider refuses (in its words); the
    // form keeps what was typed and nothing is saved.
    let r = post(
        &v,
        &test,
        &ai_form(&token, &base, &[("systemPrompt", "Belum disimpan")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("The provider accepted the key."),
        "{}",
        r.body
    );
    assert!(r.body.contains(">Belum disimpan</textarea>"));
    let r = post(
        &v,
        &test,
        &ai_form(&token, &base, &[("apiKey", "AIza-wrong")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("The test failed:"), "{}", r.body);
    assert!(r.body.contains("refused the key (400)"), "{}", r.body);
    assert!(r.body.contains("API key not valid"), "{}", r.body);
    assert!(!r.body.contains("AIza-wrong"));
    assert!(r.body.contains("id=\"ai-retype\""));
    let c = ai().await;
    assert_eq!(c.data()["keyHint"], "…0001", "a test saves nothing");
    assert_eq!(
        c.data()["systemPrompt"],
        "Kamu CS Toko Sari. Jawab singkat."
    );

    // The other wire format, with the address and key typed.
    let openai = format!("{base}/v1");
    let r = post(
        &v,
        &test,
        &ai_form(
            &token,
            &openai,
            &[("provider", "openAi"), ("apiKey", "sk-good-0002")],
        ),
    )
    .await;
    assert!(
        r.body.contains("The provider accepted the key."),
        "{}",
        r.body
    );
    let r = post(
        &v,
        &test,
        &ai_form(
            &token,
            &openai,
            &[("provider", "openAi"), ("apiKey", "sk-bad")],
        ),
    )
    .await;
    assert!(r.body.contains("refused the key (401)"), "{}", r.body);
    assert!(r.body.contains("Incorrect API key provided"), "{}", r.body);
    // A test that cannot run says why, beside the field and in the answer box.
    let r = post(&v, &test, &ai_form(&token, "ftp://x.example", &[])).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(
        r.body.contains("The key could not be tested."),
        "{}",
        r.body
    );
    assert!(r.body.contains("id=\"ai-base-url-err\""));
    // Without the form's token nothing is tested.
    let mut no_csrf = ai_form(&token, &base, &[]);
    no_csrf.retain(|(k, _)| k != "_csrf");
    assert_eq!(
        post(&v, &test, &no_csrf).await.status,
        StatusCode::FORBIDDEN
    );

    // Removing the key: refused while Gemini is on (it needs one), done once it is off.
    let r = v.post(&remove, &[("_csrf", &token)]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("id=\"ai-key-err\""), "{}", r.body);
    assert_eq!(ai().await.data()["keySet"], true);
    let r = post(
        &v,
        &save,
        &ai_form(&token, &base, &[("enabled", "<absent>")]),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        ai().await.data()["keyHint"],
        "…0001",
        "an empty key field keeps the key"
    );
    let r = v.post(&remove, &[("_csrf", &token)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(v.follow(&r).await.body.contains("The key was removed."));
    let c = ai().await;
    assert_eq!(c.data()["keySet"], false, "{}", c.body);
    assert_eq!(c.data()["enabled"], false);

    // In Indonesian.
    v.post(
        "/lang",
        &[("_csrf", &token), ("lang", "id"), ("back", &path)],
    )
    .await;
    let page = v.get(&path).await;
    assert!(page.body.contains("Uji kunci"));
    assert!(page.body.contains("Belum ada kunci tersimpan."));
    assert_translated(&path, &page.body, &keys);

    // Budi cannot touch Sari's AI.
    let budi = app.user("budi").await;
    let other = Visitor::new(&app.base);
    other.sign_in("budi", &budi.password).await;
    let t = other.get("/overview").await.csrf();
    let r = post(
        &other,
        &save,
        &ai_form(&t, &base, &[("apiKey", "AIza-budi")]),
    )
    .await;
    assert_ne!(r.status, StatusCode::OK);
    assert_eq!(ai().await.data()["keySet"], false);
}
