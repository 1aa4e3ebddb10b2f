//! The signed-in user's own settings: name, email, language, time zone, password, and links to
//! each device's API keys.

use super::form::Form;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use gerbang_app::accounts::{ChangePasswordInput, ProfileInput};
use gerbang_app::Principal;
use gerbang_core::device::Device;

use super::devices::device_choices;
use super::echo::{with_status, Echo};
use super::i18n::Lang;
use super::pages::{fail, render, Chrome};
use super::session::{cookie, Signed, SESSION};
use crate::AppState;

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    c: Chrome,
    devices: Vec<Device>,
    tz: String,
}

pub async fn page(State(s): State<AppState>, Signed(ctx, user): Signed) -> Response {
    let devices = device_choices(&s, &Principal::User(user)).await;
    render(&ProfilePage {
        tz: ctx.tz.name().to_string(),
        c: Chrome::new(&ctx, "profile.title"),
        devices,
    })
}

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    #[serde(default)]
    email: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    time_zone: String,
}

pub async fn save(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Form(f): Form<ProfileForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let typed = vec![
        ("email".to_string(), f.email.clone()),
        ("full_name".to_string(), f.full_name.clone()),
        ("language".to_string(), f.language.clone()),
        ("time_zone".to_string(), f.time_zone.clone()),
    ];
    let input = ProfileInput {
        email: Some(f.email),
        full_name: Some(f.full_name),
        language: Some(f.language.clone()),
        time_zone: Some(f.time_zone),
    };
    match s.app.update_profile(&user, input).await {
        Ok(_) => {
            let mut jar = CookieJar::new();
            if let Some(lang) = Lang::parse(&f.language) {
                jar = jar.add(ctx.lang_cookie(lang));
            }
            (
                jar,
                ctx.flash_redirect("/profile", "ok", "profile.saved", ""),
            )
                .into_response()
        }
        Err(e) => {
            let rename = [
                ("fullName", "full_name"),
                ("timeZone", "time_zone"),
                ("timezone", "time_zone"),
            ];
            let echo = Echo::refused(ctx.lang, "profile", typed, &e, &rename);
            let ctx = ctx.echoing(echo);
            with_status(page(State(s), Signed(ctx, user)).await, Echo::status(&e))
        }
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// Changing the password ends every session, this one too; a fresh one replaces it.
pub async fn password(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Form(f): Form<PasswordForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let input = ChangePasswordInput {
        current_password: f.current_password,
        new_password: f.new_password,
    };
    let tokens = match s.app.change_password(&user, input).await {
        Ok(t) => t,
        Err(e) => {
            // Passwords are never sent back into the page; only the reasons are.
            let rename = [
                ("currentPassword", "current_password"),
                ("newPassword", "new_password"),
                ("password", "new_password"),
            ];
            let typed = vec![
                ("current_password".to_string(), String::new()),
                ("new_password".to_string(), String::new()),
            ];
            let echo = Echo::refused(ctx.lang, "password", typed, &e, &rename);
            let ctx = ctx.echoing(echo);
            return with_status(page(State(s), Signed(ctx, user)).await, Echo::status(&e));
        }
    };
    match s.app.start_web_session(&tokens.user).await {
        Ok(secret) => {
            let jar = CookieJar::new().add(cookie(SESSION, secret, ctx.secure, 0));
            (
                jar,
                ctx.flash_redirect("/profile", "ok", "profile.password_changed", ""),
            )
                .into_response()
        }
        Err(e) => fail(&ctx, "/login", e),
    }
}
