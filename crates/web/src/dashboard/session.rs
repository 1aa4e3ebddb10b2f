//! Who is looking at a page: the session cookie (server-side, revocable), the CSRF token tied
//! to it, the language and time zone, and the one-shot flash message.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono_tz::Tz;
use sha2::{Digest, Sha256};

use gerbang_core::user::{Role, User};

use super::i18n::Lang;
use super::pages;
use crate::AppState;

pub const SESSION: &str = "gb_session";
/// A random value given to every browser before sign-in, so forms shown then (sign-in,
/// registration, language) carry a CSRF token too.
const SEED: &str = "gb_seed";
const LANG: &str = "gb_lang";
/// `light` or `dark` when the viewer chose one; absent, the system's setting applies.
pub const THEME: &str = "gb_theme";
const FLASH: &str = "gb_flash";

pub(super) const CSP: &str =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; font-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// Values the layer found in the request, for the extractors.
#[derive(Clone)]
struct Frame {
    seed: String,
    secure: bool,
}

/// Every dashboard response: a CSRF seed cookie when the browser has none, security headers,
/// and the flash cookie cleared once a page has shown it.
pub async fn layer(State(s): State<AppState>, mut req: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(req.headers());
    let secure = is_https(&s, &req);
    let (seed, fresh) = match jar.get(SEED) {
        Some(c) if !c.value().is_empty() => (c.value().to_string(), false),
        _ => (gerbang_app::tokens::random_secret(""), true),
    };
    let had_flash = jar.get(FLASH).is_some();
    req.extensions_mut().insert(Frame {
        seed: seed.clone(),
        secure,
    });
    let mut res = next.run(req).await;
    let success = res.status().is_success();
    let sets_flash = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(FLASH.as_bytes()));
    let h = res.headers_mut();
    secure_headers(h);
    if fresh {
        append(h, cookie(SEED, seed, secure, 0));
    }
    if had_flash && !sets_flash && success {
        append(h, cookie(FLASH, String::new(), secure, -1));
    }
    res
}

/// The headers every dashboard page carries: the strict CSP, no framing, no caching.
pub fn secure_headers(h: &mut axum::http::HeaderMap) {
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
}

fn is_https(s: &AppState, req: &Request) -> bool {
    req.uri().scheme_str() == Some("https")
        || (s.web.trust_proxy
            && req
                .headers()
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.eq_ignore_ascii_case("https")))
}

fn append(h: &mut axum::http::HeaderMap, c: Cookie<'static>) {
    if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
        h.append(header::SET_COOKIE, v);
    }
}

/// A cookie for the dashboard: HttpOnly, SameSite=Lax, `Secure` over HTTPS. `days` 0 makes it
/// last for the browser session, negative removes it.
pub fn cookie(name: &'static str, value: String, secure: bool, days: i64) -> Cookie<'static> {
    let mut c = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build();
    if days > 0 {
        c.set_max_age(cookie::time::Duration::days(days));
    } else if days < 0 {
        c.make_removal();
    }
    c
}

/// The viewer of a dashboard page, signed in or not.
#[derive(Clone)]
pub struct Ctx {
    pub user: Option<User>,
    pub lang: Lang,
    pub tz: Tz,
    pub csrf: String,
    pub secure: bool,
    /// The session secret, for signing out.
    pub session: Option<String>,
    /// `(kind, key, detail)` from the previous request.
    pub flash: Option<(String, String, String)>,
    pub path: String,
    /// A refused form to show again as typed (set by the handler that refused it).
    pub echo: Option<super::echo::Echo>,
    /// The colour scheme chosen with the switch (`light`, `dark`), if any.
    pub theme: Option<&'static str>,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        let frame = parts.extensions.get::<Frame>().cloned().unwrap_or(Frame {
            seed: String::new(),
            secure: false,
        });
        let session = jar.get(SESSION).map(|c| c.value().to_string());
        let user = match &session {
            Some(secret) => s.app.web_session_user(secret).await.ok(),
            None => None,
        };
        let session = session.filter(|_| user.is_some());
        let lang = user
            .as_ref()
            .and_then(|u| Lang::parse(&u.language))
            .or_else(|| jar.get(LANG).and_then(|c| Lang::parse(c.value())))
            .unwrap_or_else(|| {
                Lang::from_accept(
                    parts
                        .headers
                        .get(header::ACCEPT_LANGUAGE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or(""),
                )
            });
        let tz = user
            .as_ref()
            .and_then(|u| u.time_zone.parse::<Tz>().ok())
            .unwrap_or(Tz::UTC);
        let flash = jar.get(FLASH).and_then(|c| {
            let mut it = c.value().splitn(3, '~');
            Some((
                it.next()?.to_string(),
                it.next()?.to_string(),
                it.next().unwrap_or("").to_string(),
            ))
        });
        let csrf = csrf_for(session.as_deref().unwrap_or(&frame.seed));
        Ok(Ctx {
            user,
            lang,
            tz,
            csrf,
            secure: frame.secure,
            session,
            flash,
            path: parts.uri.path().to_string(),
            echo: None,
            theme: match jar.get(THEME).map(|c| c.value()) {
                Some("light") => Some("light"),
                Some("dark") => Some("dark"),
                _ => None,
            },
        })
    }
}

/// The synchronizer token: derived from the session secret (or, before sign-in, the seed), which
/// only this browser holds, so another site cannot know it.
fn csrf_for(secret: &str) -> String {
    hex::encode(Sha256::digest(format!("gerbang-csrf\0{secret}").as_bytes()))
}

impl Ctx {
    /// The same context, showing a refused form again.
    pub fn echoing(&self, echo: super::echo::Echo) -> Ctx {
        Ctx {
            echo: Some(echo),
            flash: None,
            ..self.clone()
        }
    }

    /// The 403 page for a form whose token does not match this browser's; `None` when it does.
    pub fn csrf_refusal(&self, token: Option<&str>) -> Option<Response> {
        let ok = token.is_some_and(|t| {
            t.len() == self.csrf.len()
                && t.bytes()
                    .zip(self.csrf.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        });
        (!ok).then(|| pages::error_page(self, 403, "error.csrf"))
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role == Role::Admin)
    }

    /// A redirect carrying a flash message: `kind` is `ok` or `error`, `key` a catalogue key,
    /// `detail` optional extra keys (`|`-separated) shown after it.
    pub fn flash_redirect(&self, to: &str, kind: &str, key: &str, detail: &str) -> Response {
        let value = format!("{kind}~{key}~{detail}");
        let jar = CookieJar::new().add(cookie(FLASH, value, self.secure, 0));
        (jar, Redirect::to(to)).into_response()
    }

    pub fn lang_cookie(&self, lang: Lang) -> Cookie<'static> {
        cookie(LANG, lang.code().to_string(), self.secure, 365)
    }
}

/// A page that needs a signed-in user: others are sent to the sign-in page.
pub struct Signed(pub Ctx, pub User);

impl FromRequestParts<AppState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Response> {
        let Ok(ctx) = Ctx::from_request_parts(parts, s).await;
        match ctx.user.clone() {
            Some(user) => Ok(Signed(ctx, user)),
            None => Err(Redirect::to("/login").into_response()),
        }
    }
}

/// A page for administrators: others get the 403 page.
pub struct AdminPage(pub Ctx, pub User);

impl FromRequestParts<AppState> for AdminPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Response> {
        let Signed(ctx, user) = Signed::from_request_parts(parts, s).await?;
        if user.role == Role::Admin {
            Ok(AdminPage(ctx, user))
        } else {
            Err(pages::error_page(&ctx, 403, "error.forbidden"))
        }
    }
}

/// The session secret from a request's cookies (for the event stream).
pub fn session_secret(headers: &axum::http::HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(SESSION)
        .map(|c| c.value().to_string())
}
