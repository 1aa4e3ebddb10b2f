//! A user's devices: status, connecting with a QR code or a pairing code, disconnecting.

use super::form::Form;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use gerbang_app::api_keys::CreatedApiKey;
use gerbang_app::devices::DeviceQuery;
use gerbang_app::lifecycle::PairingCodeInput;
use gerbang_app::{AppError, Principal};
use gerbang_core::device::{ApiKey, Device, DeviceStatus};

use super::auth_pages::CsrfForm;
use super::echo::Echo;
use super::i18n;
use super::pages::{done, fail, render, render_status, Chrome};
use super::session::{Ctx, Signed};
use crate::auth::ClientIp;
use crate::AppState;

#[derive(Template)]
#[template(path = "devices.html")]
struct DevicesPage {
    c: Chrome,
    devices: Vec<Device>,
}

pub async fn list(State(s): State<AppState>, Signed(ctx, user): Signed) -> Response {
    let q = DeviceQuery {
        per_page: Some(100),
        ..DeviceQuery::default()
    };
    match s.app.list_devices(&Principal::User(user), q).await {
        Ok(page) => render(&DevicesPage {
            c: Chrome::new(&ctx, "devices.title"),
            devices: page.items,
        }),
        Err(e) => fail(&ctx, "/overview", e),
    }
}

/// The viewer's first 100 devices, for a picker or for naming devices (none when they cannot
/// be read: the page still shows).
pub(super) async fn device_choices(s: &AppState, who: &Principal) -> Vec<Device> {
    let q = DeviceQuery {
        per_page: Some(100),
        ..DeviceQuery::default()
    };
    s.app
        .list_devices(who, q)
        .await
        .map(|p| p.items)
        .unwrap_or_default()
}

/// A device's name among `devices`, else its id.
pub(super) fn device_label(devices: &[Device], device_id: &str) -> String {
    devices
        .iter()
        .find(|d| d.device_id == device_id)
        .map(|d| d.device_name.clone())
        .unwrap_or_else(|| device_id.to_string())
}

#[derive(Template)]
#[template(path = "device.html")]
pub(super) struct DevicePage {
    pub c: Chrome,
    pub device: Device,
    /// A PNG data URL of the current QR code, while one is showing.
    pub qr: Option<String>,
    pub pairing: Pairing,
    pub keys: Vec<ApiKey>,
    /// A key just created: its secret is shown this once.
    pub new_key: Option<CreatedApiKey>,
    /// Number check, profile and call setting (`_device_tools.html`).
    pub tools: super::device_tools::DeviceTools,
}

/// The pairing-code form: the code WhatsApp answered, or what was typed and why it failed.
#[derive(Default)]
pub struct Pairing {
    pub code: Option<String>,
    pub phone: String,
    pub error: Option<String>,
}

impl DevicePage {
    fn show_qr(&self) -> bool {
        self.device.status == DeviceStatus::QrRequired || self.qr.is_some()
    }

    /// All six QR codes went by unscanned: the page offers new ones rather than a stale code.
    fn qr_expired(&self) -> bool {
        self.device.status == DeviceStatus::Disconnected
            && self.device.last_disconnect_reason.as_deref()
                == Some(gerbang_app::runtime::QR_EXHAUSTED)
    }

    fn is_connected(&self) -> bool {
        self.device.status == DeviceStatus::Connected
    }
}

pub(super) async fn device_page(
    s: &AppState,
    ctx: &Ctx,
    ip: &ClientIp,
    id: &str,
    pairing: Pairing,
    new_key: Option<CreatedApiKey>,
) -> Response {
    device_page_status(s, ctx, ip, id, pairing, new_key, StatusCode::OK).await
}

/// The device page with the answer of a number check.
pub(super) async fn device_page_checked(
    s: &AppState,
    ctx: &Ctx,
    ip: &ClientIp,
    id: &str,
    checked: Vec<gerbang_app::numbers::NumberCheck>,
) -> Response {
    let pairing = Pairing::default();
    page(s, ctx, ip, id, pairing, None, StatusCode::OK, Some(checked)).await
}

pub(super) async fn device_page_status(
    s: &AppState,
    ctx: &Ctx,
    ip: &ClientIp,
    id: &str,
    pairing: Pairing,
    new_key: Option<CreatedApiKey>,
    status: StatusCode,
) -> Response {
    page(s, ctx, ip, id, pairing, new_key, status, None).await
}

#[allow(clippy::too_many_arguments)]
async fn page(
    s: &AppState,
    ctx: &Ctx,
    ip: &ClientIp,
    id: &str,
    pairing: Pairing,
    new_key: Option<CreatedApiKey>,
    status: StatusCode,
    checked: Option<Vec<gerbang_app::numbers::NumberCheck>>,
) -> Response {
    let Some(user) = ctx.user.clone() else {
        return Redirect::to("/login").into_response();
    };
    let who = Principal::User(user.clone());
    let device = match s.app.device_for(&who, id).await {
        Ok(d) => d,
        Err(gerbang_app::AppError::NotFound(_)) | Err(gerbang_app::AppError::Forbidden(_)) => {
            return super::pages::error_page(ctx, 404, "error.not_found")
        }
        Err(e) => return fail(ctx, "/devices", e),
    };
    let qr = s
        .app
        .device_qr(&who, id)
        .await
        .ok()
        .and_then(|q| crate::qr::png_data_url(&q.code).ok());
    let keys = s
        .app
        .list_api_keys(ip.actor(&user), id)
        .await
        .unwrap_or_default();
    let mut tools = super::device_tools::DeviceTools::load(s, &who, &device).await;
    tools.checked = checked;
    render_status(
        status,
        &DevicePage {
            c: Chrome::new(ctx, "device.title"),
            device,
            qr,
            pairing,
            keys,
            new_key,
            tools,
        },
    )
}

pub async fn detail(
    State(s): State<AppState>,
    Signed(ctx, _): Signed,
    ip: ClientIp,
    Path(id): Path<String>,
) -> Response {
    device_page(&s, &ctx, &ip, &id, Pairing::default(), None).await
}

pub async fn connect(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let back = format!("/devices/{id}");
    match s.app.connect_device(&Principal::User(user), &id).await {
        Ok(_) => Redirect::to(&back).into_response(),
        Err(e) => fail(&ctx, &back, e),
    }
}

pub async fn disconnect(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let back = format!("/devices/{id}");
    done(
        &ctx,
        s.app.disconnect_device(&Principal::User(user), &id).await,
        &back,
        "device.disconnected",
    )
}

#[derive(Deserialize)]
pub struct PairingForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    #[serde(default)]
    phone: String,
}

pub async fn pairing_code(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    ip: ClientIp,
    Path(id): Path<String>,
    Form(f): Form<PairingForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    // Owners link their own devices from the phone they hold; the app limits how many codes a
    // user and a number get, since each one makes WhatsApp notify the number typed.
    let input = PairingCodeInput {
        phone: f.phone.clone(),
    };
    let (status, error) = match s.app.pairing_code(ip.actor(&user), &id, input).await {
        Ok(p) => {
            let pairing = Pairing {
                code: Some(p.code),
                phone: f.phone,
                error: None,
            };
            return device_page(&s, &ctx, &ip, &id, pairing, None).await;
        }
        Err(AppError::Validation(fields)) => (
            StatusCode::BAD_REQUEST,
            fields
                .get("phone")
                .map(|why| {
                    let text = i18n::text(ctx.lang, "devices.pairing_bad_phone");
                    // The reason comes from the number parser or WhatsApp, in English.
                    if ctx.lang == i18n::Lang::En {
                        format!("{text} ({why})")
                    } else {
                        text
                    }
                })
                .unwrap_or_else(|| i18n::text(ctx.lang, "err.validation")),
        ),
        Err(AppError::TooManyRequests {
            retry_after_secs, ..
        })
        | Err(AppError::RateLimited {
            retry_after_secs: Some(retry_after_secs),
        }) => (
            StatusCode::TOO_MANY_REQUESTS,
            i18n::text(ctx.lang, "devices.pairing_wait")
                .replace("{minutes}", &retry_after_secs.div_ceil(60).to_string()),
        ),
        Err(AppError::Conflict { .. }) => (
            StatusCode::CONFLICT,
            i18n::text(ctx.lang, "devices.pairing_conflict"),
        ),
        Err(e) => return fail(&ctx, &format!("/devices/{id}"), e),
    };
    let pairing = Pairing {
        code: None,
        phone: f.phone,
        error: Some(error),
    };
    device_page_status(&s, &ctx, &ip, &id, pairing, None, status).await
}

/// The current QR code as a PNG; the page's script swaps it in when a new code arrives.
pub async fn qr_png(
    State(s): State<AppState>,
    Signed(_, user): Signed,
    Path(id): Path<String>,
) -> Response {
    let Ok(q) = s.app.device_qr(&Principal::User(user), &id).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match crate::qr::png(&q.code) {
        Ok(png) => ([(header::CONTENT_TYPE, "image/png")], png).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[derive(Deserialize)]
pub struct KeyForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    #[serde(default)]
    name: String,
}

pub async fn create_key(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    ip: ClientIp,
    Path(id): Path<String>,
    Form(f): Form<KeyForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let typed = vec![("name".to_string(), f.name.clone())];
    let input = gerbang_app::api_keys::CreateApiKeyInput { name: f.name };
    match s.app.create_api_key(ip.actor(&user), &id, input).await {
        Ok(key) => device_page(&s, &ctx, &ip, &id, Pairing::default(), Some(key)).await,
        Err(e) => {
            let echo = Echo::refused(ctx.lang, "key", typed, &e, &[]);
            let ctx = ctx.echoing(echo);
            let status = Echo::status(&e);
            device_page_status(&s, &ctx, &ip, &id, Pairing::default(), None, status).await
        }
    }
}

pub async fn revoke_key(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    ip: ClientIp,
    Path((id, key)): Path<(String, i64)>,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let back = format!("/devices/{id}");
    done(
        &ctx,
        s.app.revoke_api_key(ip.actor(&user), &id, key).await,
        &back,
        "keys.revoked",
    )
}

/// A media file of one of the viewer's devices. Only raster images the browser can show are
/// sent as images (decided by their bytes, not by what the sender claimed); anything else is a
/// download, so a stored file can never run as a page.
pub async fn media(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path((id, sha256)): Path<(String, String)>,
) -> Response {
    let Ok((bytes, _)) = s.app.media(&Principal::User(user), &id, &sha256).await else {
        return super::pages::error_page(&ctx, 404, "error.not_found");
    };
    let cache = (
        header::CACHE_CONTROL,
        "private, max-age=31536000, immutable",
    );
    match image_type(&bytes) {
        Some(mime) => ([(header::CONTENT_TYPE, mime), cache], bytes).into_response(),
        None => (
            [
                (header::CONTENT_TYPE, "application/octet-stream"),
                (header::CONTENT_DISPOSITION, "attachment"),
                cache,
            ],
            bytes,
        )
            .into_response(),
    }
}

fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_raster_images_are_served_as_images() {
        use super::image_type;
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(image_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(image_type(b"<svg onload=alert(1)>"), None);
        assert_eq!(image_type(b"<html><script>"), None);
    }
}
