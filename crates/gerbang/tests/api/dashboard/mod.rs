//! The web dashboard: every page over plain HTTP (status, headers, CSRF, labels) on both
//! databases, and the main story in a real headless Chromium.

mod a11y;
mod botai;
mod botbrowser;
mod botpage;
mod browser;
mod bulk;
pub(crate) mod chromium;
mod composer;
mod devicetools;
mod flows;
mod http;
mod live;
mod operator;
mod phone;
mod polls;
mod statspages;
mod takeover;

use std::sync::Arc;

use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::HeaderMap;
use reqwest::redirect::Policy;
use reqwest::StatusCode;

/// A cookie-keeping HTTP client that does not follow redirects, so they can be checked.
pub struct Visitor {
    pub base: String,
    pub client: reqwest::Client,
    jar: Arc<Jar>,
}

pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The CSRF token of the first form on the page.
    pub fn csrf(&self) -> String {
        let at = self
            .body
            .find("name=\"_csrf\" value=\"")
            .expect("a form with a CSRF token");
        let rest = &self.body[at + "name=\"_csrf\" value=\"".len()..];
        rest[..rest.find('"').unwrap()].to_string()
    }
}

impl Visitor {
    pub fn new(base: &str) -> Visitor {
        let jar = Arc::new(Jar::default());
        Visitor {
            base: base.to_string(),
            client: reqwest::Client::builder()
                .cookie_provider(jar.clone())
                .redirect(Policy::none())
                .build()
                .unwrap(),
            jar,
        }
    }

    /// A cookie's value as the browser would send it.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let header = self.jar.cookies(&self.base.parse().unwrap())?;
        header
            .to_str()
            .unwrap()
            .split("; ")
            .find_map(|c| c.strip_prefix(&format!("{name}=")).map(str::to_string))
    }

    pub async fn get(&self, path: &str) -> Page {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        Page {
            status: res.status(),
            headers: res.headers().clone(),
            body: res.text().await.unwrap(),
        }
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .form(form)
            .send()
            .await
            .unwrap();
        Page {
            status: res.status(),
            headers: res.headers().clone(),
            body: res.text().await.unwrap(),
        }
    }

    pub async fn post_multipart(&self, path: &str, form: reqwest::multipart::Form) -> Page {
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .multipart(form)
            .send()
            .await
            .unwrap();
        Page {
            status: res.status(),
            headers: res.headers().clone(),
            body: res.text().await.unwrap(),
        }
    }

    /// Follows a redirect answer and returns the page it leads to.
    pub async fn follow(&self, r: &Page) -> Page {
        assert!(r.status.is_redirection(), "{}: {}", r.status, r.body);
        self.get(r.location()).await
    }

    /// Signs in through the form; panics unless it lands on the overview.
    pub async fn sign_in(&self, login: &str, password: &str) {
        let token = self.get("/login").await.csrf();
        let r = self
            .post(
                "/login",
                &[("_csrf", &token), ("login", login), ("password", password)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.location(), "/overview");
    }
}

/// Every key of the English catalogue: none may appear raw on a page.
pub fn catalogue_keys() -> Vec<String> {
    let text = include_str!("../../../../web/locales/en.toml");
    let mut keys = Vec::new();
    let mut section = String::new();
    for line in text.lines().map(str::trim) {
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = s.to_string();
        } else if let Some((k, _)) = line.split_once(" = ") {
            keys.push(format!("{section}.{}", k.trim()));
        }
    }
    assert!(keys.len() > 100, "read {} keys", keys.len());
    keys
}

/// Fails when a page shows a catalogue key instead of its text.
pub fn assert_translated(path: &str, html: &str, keys: &[String]) {
    // The labels the script reads are a JSON object keyed by catalogue key; only its values show.
    let html = match html.split_once("<script type=\"application/json\" id=\"labels\">") {
        Some((before, after)) => format!("{before}{}", after.split_once("</script>").unwrap().1),
        None => html.to_string(),
    };
    for key in keys {
        for shape in [format!(">{key}<"), format!("\"{key}\""), format!("> {key}")] {
            assert!(!html.contains(&shape), "{path} shows the raw label {key}");
        }
    }
}
