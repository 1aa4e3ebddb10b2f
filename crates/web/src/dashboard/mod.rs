//! The web dashboard: server-rendered pages over the same services the API uses, for people
//! who link a number, read the inbox and send from a browser. Pages work without JavaScript
//! (forms post and redirect); `assets/app.js` adds live updates from the event stream.

mod admin;
mod assets;
mod auth_pages;
mod blast;
mod bot;
mod categories;
mod chart;
mod contacts;
mod device_tools;
mod devices;
mod echo;
mod form;
mod i18n;
mod inbox;
mod jobs;
mod message_log;
mod message_templates;
mod monitor;
mod overview;
mod pages;
mod polls;
mod profile;
mod scheduled;
mod send;
pub mod session;
mod statistics;
mod webhooks;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use axum::http::Uri;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::AppState;

/// Every dashboard route. None of them is under `/api`, and none is in the OpenAPI document:
/// they answer HTML, not the API's JSON.
pub fn router(state: AppState) -> Router<AppState> {
    let pages = Router::new()
        .route("/", get(auth_pages::home))
        .route(
            "/login",
            get(auth_pages::login_page).post(auth_pages::login),
        )
        .route(
            "/register",
            get(auth_pages::register_page).post(auth_pages::register),
        )
        .route("/logout", post(auth_pages::logout))
        .route("/lang", post(auth_pages::switch_lang))
        .route("/theme", post(auth_pages::switch_theme))
        .route("/overview", get(overview::page))
        .route("/devices", get(devices::list))
        .route("/devices/{id}", get(devices::detail))
        .route("/devices/{id}/statistics", get(statistics::device))
        .route("/devices/{id}/connect", post(devices::connect))
        .route("/devices/{id}/disconnect", post(devices::disconnect))
        .route("/devices/{id}/pairing-code", post(devices::pairing_code))
        .route(
            "/devices/{id}/check-numbers",
            post(device_tools::check_numbers),
        )
        .route("/devices/{id}/profile", post(device_tools::save_profile))
        .route(
            "/devices/{id}/call-settings",
            post(device_tools::save_calls),
        )
        .route("/devices/{id}/qr.png", get(devices::qr_png))
        .route("/devices/{id}/media/{sha256}", get(devices::media))
        .route("/devices/{id}/bot", get(bot::page))
        .route("/devices/{id}/bot/config", post(bot::save_config))
        .route("/devices/{id}/bot/rules", post(bot::add_rule))
        .route(
            "/devices/{id}/bot/rules/{rule}/delete",
            post(bot::delete_rule),
        )
        .route("/devices/{id}/bot/rules/{rule}/move", post(bot::move_rule))
        .route("/devices/{id}/bot/rules/{rule}", post(bot::update_rule))
        .route("/devices/{id}/bot/ai", post(bot::save_ai))
        .route("/devices/{id}/bot/ai/test", post(bot::test_key))
        .route("/devices/{id}/bot/ai/key/delete", post(bot::remove_key))
        .route("/devices/{id}/bot/resume", post(bot::resume))
        .route("/devices/{id}/api-keys", post(devices::create_key))
        .route(
            "/devices/{id}/api-keys/{key}/revoke",
            post(devices::revoke_key),
        )
        .route(
            "/send",
            get(send::page)
                .post(send::submit)
                .layer(DefaultBodyLimit::max(send::UPLOAD_LIMIT)),
        )
        .route("/inbox", get(inbox::page))
        .route("/inbox/history", get(inbox::history))
        .route("/inbox/chats", get(inbox::chat_list))
        .route("/inbox/take-over", post(inbox::take_over))
        .route("/inbox/resume-bot", post(inbox::resume_bot))
        .route("/inbox/poll", post(polls::send_poll))
        .route(
            "/inbox/reply",
            post(inbox::reply).layer(DefaultBodyLimit::max(send::UPLOAD_LIMIT)),
        )
        .route("/contacts", get(contacts::list).post(contacts::create))
        .route("/contacts/export", get(contacts::export))
        .route(
            "/contacts/import",
            post(contacts::import).layer(DefaultBodyLimit::max(contacts::IMPORT_LIMIT)),
        )
        .route("/contacts/{id}", get(contacts::detail).post(contacts::save))
        .route("/contacts/{id}/delete", post(contacts::delete))
        .route(
            "/categories",
            get(categories::list).post(categories::create),
        )
        .route("/categories/{id}", post(categories::rename))
        .route("/categories/{id}/delete", post(categories::delete))
        .route(
            "/templates",
            get(message_templates::list).post(message_templates::create),
        )
        .route(
            "/templates/{id}",
            get(message_templates::detail).post(message_templates::save),
        )
        .route("/templates/{id}/delete", post(message_templates::delete))
        .route(
            "/blast",
            get(blast::page)
                .post(blast::submit)
                .layer(DefaultBodyLimit::max(contacts::IMPORT_LIMIT)),
        )
        .route("/jobs", get(jobs::list))
        .route("/jobs/{id}", get(jobs::detail))
        .route("/jobs/{id}/recipients", get(jobs::recipient_rows))
        .route("/jobs/{id}/{action}", post(jobs::control))
        .route("/scheduled", get(scheduled::list).post(scheduled::create))
        .route("/scheduled/rows", get(scheduled::rows))
        .route("/scheduled/{id}/cancel", post(scheduled::cancel))
        .route("/events", get(monitor::page))
        .route("/messages", get(message_log::page))
        .route("/webhooks", get(webhooks::list).post(webhooks::create))
        .route("/webhooks/{id}", get(webhooks::detail).post(webhooks::save))
        .route("/webhooks/{id}/test", post(webhooks::test))
        .route("/webhooks/{id}/delete", post(webhooks::delete))
        .route(
            "/webhooks/{id}/redeliver-dead",
            post(webhooks::redeliver_dead),
        )
        .route(
            "/webhooks/{id}/deliveries/{delivery}/redeliver",
            post(webhooks::redeliver),
        )
        .route("/profile", get(profile::page).post(profile::save))
        .route("/profile/password", post(profile::password))
        .route("/admin/users", get(admin::users).post(admin::create_user))
        .route(
            "/admin/users/{id}",
            get(admin::user).post(admin::update_user),
        )
        .route("/admin/users/{id}/delete", post(admin::delete_user))
        .route(
            "/admin/devices",
            get(admin::devices).post(admin::create_device),
        )
        .route("/admin/audit", get(admin::audit))
        .route("/admin/cluster", get(admin::cluster))
        .route("/admin/analytics", get(statistics::analytics))
        .route("/activity", get(statistics::activity))
        .layer(axum::middleware::from_fn_with_state(state, session::layer));
    Router::new()
        .merge(pages)
        .route("/assets/{file}", get(assets::serve))
}

/// Unknown paths: the API's JSON error under `/api`, the dashboard's 404 page elsewhere.
pub async fn fallback(uri: Uri, ctx: session::Ctx) -> Response {
    if uri.path() == "/api" || uri.path().starts_with("/api/") {
        return ApiError::not_found("no such route").into_response();
    }
    let mut res = pages::error_page(&ctx, 404, "error.not_found");
    session::secure_headers(res.headers_mut());
    res
}
