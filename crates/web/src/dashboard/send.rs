//! Sending a message from the browser: text, or a file with a caption.

use askama::Template;
use axum::extract::{Multipart, State};
use axum::response::Response;

use gerbang_app::devices::DeviceQuery;
use gerbang_app::messages::{MediaUpload, SendTextInput};
use gerbang_app::{AppResult, Principal};
use gerbang_core::device::Device;

use super::echo::{with_status, Echo};
use super::pages::{done, fail, render, safe_back, Chrome};
use super::session::Signed;
use crate::AppState;

/// Uploads from the dashboard may be as large as the API's media uploads.
pub const UPLOAD_LIMIT: usize = 101 * 1024 * 1024;

#[derive(Template)]
#[template(path = "send.html")]
struct SendPage {
    c: Chrome,
    devices: Vec<Device>,
}

pub async fn page(State(s): State<AppState>, Signed(ctx, user): Signed) -> Response {
    let q = DeviceQuery {
        per_page: Some(100),
        ..DeviceQuery::default()
    };
    match s.app.list_devices(&Principal::User(user), q).await {
        Ok(p) => render(&SendPage {
            c: Chrome::new(&ctx, "send.title"),
            devices: p.items,
        }),
        Err(e) => fail(&ctx, "/overview", e),
    }
}

/// A message form as posted: the send page and the inbox's reply box share it.
#[derive(Default)]
pub struct MessageForm {
    pub csrf: Option<String>,
    pub device: String,
    pub to: String,
    pub text: String,
    pub reply_to: Option<String>,
    pub back: Option<String>,
    /// `(bytes, mime, file name)` when a non-empty file was chosen.
    pub file: Option<(Vec<u8>, String, Option<String>)>,
}

/// Reads the multipart form; `None` when it is not readable (or too large).
pub async fn read_form(mut form: Multipart) -> Option<MessageForm> {
    let mut out = MessageForm::default();
    while let Some(field) = form.next_field().await.ok()? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = field
                .file_name()
                .map(str::to_string)
                .filter(|n| !n.is_empty());
            let declared = field.content_type().map(str::to_string);
            let data = field.bytes().await.ok()?;
            if data.is_empty() {
                continue;
            }
            let mime = declared
                .filter(|m| m != "application/octet-stream")
                .or_else(|| {
                    file_name
                        .as_deref()
                        .and_then(|n| mime_guess::from_path(n).first_raw().map(str::to_string))
                })
                .unwrap_or_else(|| "application/octet-stream".into());
            out.file = Some((data.to_vec(), mime, file_name));
            continue;
        }
        let value = field.text().await.ok()?;
        match name.as_str() {
            "_csrf" => out.csrf = Some(value),
            "device" => out.device = value,
            "to" => out.to = value,
            "text" => out.text = value,
            "reply_to" => out.reply_to = Some(value).filter(|v| !v.is_empty()),
            "back" => out.back = Some(value),
            _ => {}
        }
    }
    Some(out)
}

/// Sends what the form holds: the file with the text as caption, or the text.
pub async fn send_form(s: &AppState, who: &Principal, f: MessageForm) -> AppResult<()> {
    match f.file {
        Some((data, mime, file_name)) => {
            let up = MediaUpload {
                to: f.to,
                kind: None,
                caption: Some(f.text).filter(|t| !t.trim().is_empty()),
                voice_note: false,
                file_name,
                mime,
                data,
                reply_to: f.reply_to,
            };
            s.app.send_media(who, &f.device, up).await.map(|_| ())
        }
        None => {
            let input = SendTextInput {
                phone: f.to,
                message: f.text,
                reply_to: f.reply_to,
                mentions: Vec::new(),
            };
            s.app.send_text(who, &f.device, input).await.map(|_| ())
        }
    }
}

pub async fn submit(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let Some(f) = read(form).await else {
        return ctx.flash_redirect("/send", "error", "err.form", "");
    };
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let back = safe_back(f.back.as_deref(), "/send");
    let typed = vec![
        ("device".to_string(), f.device.clone()),
        ("to".to_string(), f.to.clone()),
        ("text".to_string(), f.text.clone()),
    ];
    let result = send_form(&s, &Principal::User(user.clone()), f).await;
    match result {
        Err(e) if back == "/send" => {
            // Shown again as typed, the refused field marked (a chosen file must be chosen
            // again: browsers never let a page fill a file field).
            let rename = [
                ("phone", "to"),
                ("to", "to"),
                ("message", "text"),
                ("caption", "text"),
                ("deviceId", "device"),
                ("file", "file"),
            ];
            let echo = Echo::refused(ctx.lang, "send", typed, &e, &rename);
            let ctx = ctx.echoing(echo);
            with_status(page(State(s), Signed(ctx, user)).await, Echo::status(&e))
        }
        other => done(&ctx, other, &back, "send.done"),
    }
}

pub async fn read(
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Option<MessageForm> {
    read_form(form.ok()?).await
}

/// Where the inbox sends a reply, back to the chat it came from.
pub fn inbox_url(device: &str, chat: &str) -> String {
    format!(
        "/inbox?device={}&chat={}",
        urlencode(device),
        urlencode(chat)
    )
}

pub fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
