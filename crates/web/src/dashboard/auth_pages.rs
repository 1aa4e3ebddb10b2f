//! Sign-in, registration, sign-out and the language switch.

use super::form::Form;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use gerbang_app::accounts::{LoginInput, ProfileInput, RegisterInput};
use gerbang_app::AppError;

use super::echo::{with_status, Echo};
use super::i18n::{self, Lang};
use super::pages::{fail, render, safe_back, Chrome};

use super::session::{cookie, Ctx, SESSION, THEME};
use crate::error::ApiError;
use crate::rate_limit::AuthThrottle;
use crate::AppState;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    registration: bool,
    login: String,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    c: Chrome,
}

pub async fn home(ctx: Ctx) -> Response {
    if ctx.user.is_some() {
        Redirect::to("/overview").into_response()
    } else {
        Redirect::to("/login").into_response()
    }
}

pub async fn login_page(State(s): State<AppState>, ctx: Ctx) -> Response {
    if ctx.user.is_some() {
        return Redirect::to("/overview").into_response();
    }
    render(&LoginPage {
        c: Chrome::new(&ctx, "login.title"),
        registration: s.app.settings.registration_enabled,
        login: String::new(),
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
}

pub async fn login(
    State(s): State<AppState>,
    ctx: Ctx,
    throttle: Result<AuthThrottle, ApiError>,
    Form(f): Form<LoginForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    if throttle.is_err() {
        return ctx.flash_redirect("/login", "error", "err.rate_limited", "");
    }
    let login = f.login.trim().to_string();
    let input = LoginInput {
        login: f.login,
        password: f.password,
    };
    match s.app.login(input).await {
        Ok(tokens) => match s.app.start_web_session(&tokens.user).await {
            Ok(secret) => {
                let jar = CookieJar::new().add(cookie(SESSION, secret, ctx.secure, 0));
                (jar, Redirect::to("/overview")).into_response()
            }
            Err(e) => fail(&ctx, "/login", e),
        },
        // Both say only "wrong username or password" / "locked": the locked message appears
        // only after the right password, so neither tells a stranger whether an account exists.
        // The page comes back with the name typed (never the password).
        Err(AppError::Unauthorized { code, .. }) => {
            let key = if code == "account_locked" {
                "login.locked"
            } else {
                "login.invalid"
            };
            let echo = Echo {
                values: vec![("login".to_string(), login.clone())],
                general: Some(i18n::text(ctx.lang, key)),
                form: "login".to_string(),
                ..Echo::default()
            };
            let page = render(&LoginPage {
                c: Chrome::new(&ctx.echoing(echo), "login.title"),
                registration: s.app.settings.registration_enabled,
                login,
            });
            with_status(page, axum::http::StatusCode::UNAUTHORIZED)
        }
        Err(e) => fail(&ctx, "/login", e),
    }
}

pub async fn register_page(State(s): State<AppState>, ctx: Ctx) -> Response {
    if !s.app.settings.registration_enabled {
        return super::pages::error_page(&ctx, 403, "register.disabled");
    }
    render(&RegisterPage {
        c: Chrome::new(&ctx, "register.title"),
    })
}

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    #[serde(default)]
    username: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    password: String,
    /// The browser's own zone, filled in by the page's script; empty without it.
    #[serde(default)]
    time_zone: String,
}

/// A new account's time zone: the browser's when it sent a known one, else Asia/Jakarta (the
/// zone most of our users live in), never UTC.
fn new_account_zone(browser: &str) -> String {
    match browser.trim().parse::<chrono_tz::Tz>() {
        Ok(tz) if tz != chrono_tz::Tz::UTC && tz != chrono_tz::Tz::Etc__UTC => {
            tz.name().to_string()
        }
        _ => "Asia/Jakarta".to_string(),
    }
}

pub async fn register(
    State(s): State<AppState>,
    ctx: Ctx,
    throttle: Result<AuthThrottle, ApiError>,
    Form(f): Form<RegisterForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    if !s.app.settings.registration_enabled {
        return super::pages::error_page(&ctx, 403, "register.disabled");
    }
    if throttle.is_err() {
        return ctx.flash_redirect("/register", "error", "err.rate_limited", "");
    }
    let zone = f.time_zone.clone();
    // What comes back on a refusal: everything typed except the password.
    let typed = vec![
        ("username".to_string(), f.username.clone()),
        ("email".to_string(), f.email.clone()),
        ("full_name".to_string(), f.full_name.clone()),
        ("password".to_string(), String::new()),
    ];
    let input = RegisterInput {
        username: f.username,
        email: f.email,
        password: f.password,
        full_name: f.full_name,
    };
    match s.app.register(input).await {
        Ok(user) => {
            let lang = ProfileInput {
                email: None,
                full_name: None,
                language: Some(ctx.lang.code().to_string()),
                time_zone: Some(new_account_zone(&zone)),
            };
            if let Err(e) = s.app.update_profile(&user, lang).await {
                return fail(&ctx, "/register", e);
            }
            ctx.flash_redirect("/login", "ok", "register.done", "")
        }
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let echo = Echo::refused(
                ctx.lang,
                "register",
                typed,
                &e,
                &[("fullName", "full_name")],
            );
            let page = render(&RegisterPage {
                c: Chrome::new(&ctx.echoing(echo), "register.title"),
            });
            with_status(page, Echo::status(&e))
        }
        Err(e) => fail(&ctx, "/register", e),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(rename = "_csrf")]
    pub csrf: Option<String>,
}

pub async fn logout(State(s): State<AppState>, ctx: Ctx, Form(f): Form<CsrfForm>) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    if let Some(secret) = &ctx.session {
        if let Err(e) = s.app.end_web_session(secret).await {
            return fail(&ctx, "/overview", e);
        }
    }
    let jar = CookieJar::new().add(cookie(SESSION, String::new(), ctx.secure, -1));
    let flash = ctx.flash_redirect("/login", "ok", "logout.done", "");
    (jar, flash).into_response()
}

#[derive(Deserialize)]
pub struct LangForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    #[serde(default)]
    lang: String,
    back: Option<String>,
}

/// Switches the language: in a cookie for everyone, and on the account when signed in.
#[derive(Deserialize)]
pub struct ThemeForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    #[serde(default)]
    theme: String,
    back: Option<String>,
}

/// The light/dark switch: kept in a cookie for this browser; `auto` follows the system again.
pub async fn switch_theme(ctx: Ctx, Form(f): Form<ThemeForm>) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let back = safe_back(f.back.as_deref(), "/");
    let jar = match f.theme.as_str() {
        "light" | "dark" => CookieJar::new().add(cookie(THEME, f.theme.clone(), ctx.secure, 365)),
        _ => CookieJar::new().add(cookie(THEME, String::new(), ctx.secure, -1)),
    };
    (jar, Redirect::to(&back)).into_response()
}

pub async fn switch_lang(State(s): State<AppState>, ctx: Ctx, Form(f): Form<LangForm>) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let back = safe_back(f.back.as_deref(), "/");
    let Some(lang) = Lang::parse(&f.lang) else {
        return ctx.flash_redirect(&back, "error", "err.validation", "field.language");
    };
    if let Some(user) = &ctx.user {
        let input = ProfileInput {
            email: None,
            full_name: None,
            language: Some(lang.code().to_string()),
            time_zone: None,
        };
        if let Err(e) = s.app.update_profile(user, input).await {
            return fail(&ctx, &back, e);
        }
    }
    let jar = CookieJar::new().add(ctx.lang_cookie(lang));
    (jar, Redirect::to(&back)).into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_new_account_gets_the_browsers_zone_or_jakarta() {
        use super::new_account_zone;
        assert_eq!(new_account_zone("Asia/Makassar"), "Asia/Makassar");
        assert_eq!(new_account_zone(""), "Asia/Jakarta");
        assert_eq!(new_account_zone("Mars/Olympus"), "Asia/Jakarta");
        assert_eq!(new_account_zone("UTC"), "Asia/Jakarta");
    }
}
