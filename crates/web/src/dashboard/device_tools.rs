//! The device page's tools, in their own partial (`_device_tools.html`): which numbers are on
//! WhatsApp, the number's push name and about text, and what happens to incoming calls. Each
//! form goes through the same services as the API.

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

use gerbang_app::calls::{CallSettingsInput, CallSettingsView};
use gerbang_app::numbers::{CheckNumbersInput, NumberCheck};
use gerbang_app::profiles::{OwnProfileView, ProfileInput};
use gerbang_app::Principal;
use gerbang_core::device::{Device, DeviceStatus};

use super::form::Form;
use super::pages::{done, fail};
use super::session::Signed;
use crate::auth::ClientIp;
use crate::AppState;

/// What the tools show: read fresh with each page.
#[derive(Default)]
pub(super) struct DeviceTools {
    pub calls: Option<CallSettingsView>,
    /// Only while connected: WhatsApp is asked.
    pub profile: Option<OwnProfileView>,
    /// The answer to a number check just made.
    pub checked: Option<Vec<NumberCheck>>,
}

impl DeviceTools {
    pub async fn load(s: &AppState, who: &Principal, device: &Device) -> DeviceTools {
        let calls = s.app.call_settings(who, &device.device_id).await.ok();
        let profile = if device.status == DeviceStatus::Connected {
            s.app.own_profile(who, &device.device_id).await.ok()
        } else {
            None
        };
        DeviceTools {
            calls,
            profile,
            checked: None,
        }
    }

    pub fn reject_message(&self) -> &str {
        self.calls
            .as_ref()
            .and_then(|c| c.reject_message.as_deref())
            .unwrap_or("")
    }

    pub fn rejects(&self) -> bool {
        self.calls.as_ref().is_some_and(|c| c.reject_calls)
    }

    pub fn push_name(&self) -> &str {
        self.profile
            .as_ref()
            .and_then(|p| p.push_name.as_deref())
            .unwrap_or("")
    }

    pub fn about(&self) -> &str {
        self.profile
            .as_ref()
            .and_then(|p| p.about.as_deref())
            .unwrap_or("")
    }
}

#[derive(Deserialize)]
pub struct CheckForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    #[serde(default)]
    numbers: String,
}

/// Checks the numbers typed (one a line, or separated by commas) and shows the answer on the
/// device page.
pub async fn check_numbers(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    ip: ClientIp,
    Path(id): Path<String>,
    Form(f): Form<CheckForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let numbers = f
        .numbers
        .split(['\n', ',', ';'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    let who = Principal::User(user);
    match s
        .app
        .check_numbers(&who, &id, CheckNumbersInput { numbers })
        .await
    {
        Ok(r) => super::devices::device_page_checked(&s, &ctx, &ip, &id, r.results).await,
        Err(e) => fail(&ctx, &format!("/devices/{id}"), e),
    }
}

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    #[serde(default, rename = "pushName")]
    push_name: String,
    #[serde(default)]
    about: String,
}

/// Saves the push name and about text; a field left empty stays as it is.
pub async fn save_profile(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<String>,
    Form(f): Form<ProfileForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let given = |v: String| (!v.trim().is_empty()).then_some(v);
    let input = ProfileInput {
        push_name: given(f.push_name),
        about: given(f.about),
    };
    let back = format!("/devices/{id}");
    done(
        &ctx,
        s.app
            .set_own_profile(&Principal::User(user), &id, input)
            .await,
        &back,
        "tools.profile_saved",
    )
}

#[derive(Deserialize)]
pub struct CallForm {
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
    /// A checkbox: present when ticked.
    #[serde(default, rename = "rejectCalls")]
    reject_calls: Option<String>,
    #[serde(default, rename = "rejectMessage")]
    reject_message: String,
}

/// Saves the call setting; an empty reply text sends none.
pub async fn save_calls(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<String>,
    Form(f): Form<CallForm>,
) -> Response {
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let input = CallSettingsInput {
        reject_calls: f.reject_calls.is_some(),
        reject_message: (!f.reject_message.trim().is_empty()).then_some(f.reject_message),
    };
    let back = format!("/devices/{id}");
    done(
        &ctx,
        s.app
            .set_call_settings(&Principal::User(user), &id, input)
            .await,
        &back,
        "tools.calls_saved",
    )
}
