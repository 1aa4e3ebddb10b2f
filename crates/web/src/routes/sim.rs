//! Routes of the simulated WhatsApp network: they exist only when the simulator is enabled, and
//! every answer says `"simulated": true`.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::{AppError, Principal};
use gerbang_core::device::Device;
use gerbang_core::engine::EngineKind;
use gerbang_core::jid::Phone;
use gerbang_core::sim::{Fault, SimAccount, SimControl, SimDelivery};

use crate::auth::{AdminAuth, Auth, UserAuth};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Created, Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(scan))
        .routes(routes!(confirm_code))
        .routes(routes!(inject_fault))
        .routes(routes!(inbound))
        .routes(routes!(outbox))
        .routes(routes!(list_accounts, add_account))
        .routes(routes!(get_clock, move_clock))
        .merge(super::sim_groups::routes())
        .merge(super::sim_presence::routes())
        .merge(super::sim_status::routes())
        .merge(super::sim_channels::routes())
        .merge(super::sim_polls::routes())
        .merge(super::sim_appstate::routes())
        .merge(super::sim_calls::routes())
        .merge(super::sim_history::routes())
}

pub(super) fn sim(s: &AppState) -> ApiResult<&dyn SimControl> {
    s.sim
        .as_deref()
        .ok_or_else(|| ApiError::not_found("no such route"))
}

pub(super) fn sim_error(e: gerbang_core::sim::SimError) -> ApiError {
    ApiError::from(AppError::Conflict {
        field: None,
        message: format!("{e} (simulated)"),
    })
}

pub(super) async fn sim_device(
    s: &AppState,
    who: &Principal,
    device_id: &str,
) -> ApiResult<Device> {
    let device = s.app.device_for(who, device_id).await?;
    if device.engine != EngineKind::Sim {
        return Err(AppError::conflict(
            "this device runs on the real WhatsApp engine, not the simulator",
        )
        .into());
    }
    Ok(device)
}

pub(super) fn phone(field: &str, input: &str) -> ApiResult<Phone> {
    Phone::parse(input).map_err(|e| ApiError::invalid_field(field, e))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ScanInput {
    /// The simulated phone that scans; one is made up when absent.
    phone: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct Linked {
    device_id: String,
    phone: Phone,
    /// Always true: this is the simulator.
    simulated: bool,
}

/// Scans the device's current QR code with a simulated phone.
#[utoipa::path(post, path = "/api/sim/devices/{deviceId}/scan", tag = "simulator",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = ScanInput,
    responses((status = 200, body = Envelope<Linked>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not showing a QR code, or not a simulated device")))]
async fn scan(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<ScanInput>,
) -> ApiResult<Data<Linked>> {
    let sim = sim(&s)?;
    let phone = input
        .phone
        .as_deref()
        .map(|p| phone("phone", p))
        .transpose()?;
    sim_device(&s, &who, &id).await?;
    let phone = sim.scan(&id, phone).await.map_err(sim_error)?;
    Ok(Data(Linked {
        device_id: id,
        phone,
        simulated: true,
    }))
}

#[derive(Deserialize, ToSchema)]
struct CodeInput {
    /// The code `pairing-code` answered, as typed on the phone.
    code: String,
}

/// Types a pairing code on the simulated phone.
#[utoipa::path(post, path = "/api/sim/devices/{deviceId}/pairing-code/confirm", tag = "simulator",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = CodeInput,
    responses((status = 200, body = Envelope<Linked>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn confirm_code(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<CodeInput>,
) -> ApiResult<Data<Linked>> {
    let sim = sim(&s)?;
    sim_device(&s, &who, &id).await?;
    let phone = sim
        .confirm_pairing_code(&id, &input.code)
        .await
        .map_err(sim_error)?;
    Ok(Data(Linked {
        device_id: id,
        phone,
        simulated: true,
    }))
}

/// A fault to inject (the body's `kind` picks one).
#[derive(ToSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct FaultInput {
    /// `disconnect`, `send_failure`, `rate_limit`, `slow_send`, `ban`, `logout_from_phone` or
    /// `undecryptable`.
    kind: String,
    /// `send_failure`, `rate_limit`: how many sends fail; `slow_send`: how many are slow;
    /// `undecryptable`: how many of the next inbound messages arrive unreadable first.
    count: Option<u32>,
    /// `slow_send`: how much longer each takes, in milliseconds.
    millis: Option<u64>,
    /// `send_failure`: the reason given.
    reason: Option<String>,
    /// `ban`: how long; without it the ban has no known end.
    duration_secs: Option<u64>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct Injected {
    device_id: String,
    kind: String,
    simulated: bool,
}

/// Injects a fault into the device's simulated connection.
#[utoipa::path(post, path = "/api/sim/devices/{deviceId}/faults", tag = "simulator",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = FaultInput,
    responses((status = 200, body = Envelope<Injected>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn inject_fault(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(fault): Json<Fault>,
) -> ApiResult<Data<Injected>> {
    let sim = sim(&s)?;
    sim_device(&s, &who, &id).await?;
    let kind = serde_json::to_value(&fault)
        .ok()
        .and_then(|v| v["kind"].as_str().map(str::to_string))
        .unwrap_or_default();
    sim.inject(&id, fault).await.map_err(sim_error)?;
    Ok(Data(Injected {
        device_id: id,
        kind,
        simulated: true,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct InboundInput {
    /// The simulated account that writes (made on first use).
    from: String,
    /// The text; with `viewOnce`, the photo's caption (may then be empty).
    text: String,
    /// Send a small view-once photo instead of a text (as WhatsApp's "view once").
    #[serde(default)]
    view_once: bool,
}

/// A 1×1 PNG: the view-once photo a simulated contact sends.
const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct Posted {
    message_id: String,
    simulated: bool,
}

/// A simulated account sends a text to this device (delivered when it is connected).
#[utoipa::path(post, path = "/api/sim/devices/{deviceId}/inbound", tag = "simulator",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = InboundInput,
    responses((status = 200, body = Envelope<Posted>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the device was never linked")))]
async fn inbound(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    crate::extract::WireJson(input): crate::extract::WireJson<InboundInput>,
) -> ApiResult<Data<Posted>> {
    let sim = sim(&s)?;
    let from = phone("from", &input.from)?;
    if input.text.is_empty() && !input.view_once {
        return Err(ApiError::invalid_field("text", "must not be empty"));
    }
    let device = sim_device(&s, &who, &id).await?;
    let to = device
        .phone_number
        .as_deref()
        .and_then(|p| Phone::parse(p).ok())
        .ok_or_else(|| {
            ApiError::from(AppError::conflict(
                "the device has no linked phone yet; scan its QR first",
            ))
        })?;
    let message_id = if input.view_once {
        let content = gerbang_core::engine::MessageContent::Media {
            media: gerbang_core::engine::MediaData {
                kind: gerbang_core::engine::MediaKind::Image,
                mime: "image/png".into(),
                file_name: None,
                data: TINY_PNG.into(),
            },
            caption: Some(input.text).filter(|t| !t.is_empty()),
        };
        let flags = gerbang_core::engine::MessageFlags {
            view_once: true,
            ..Default::default()
        };
        sim.account_send_content(&from, &to, content, flags).await
    } else {
        sim.account_send(&from, &to, &input.text).await
    }
    .map_err(sim_error)?;
    Ok(Data(Posted {
        message_id,
        simulated: true,
    }))
}

/// What the simulated network received from this device, oldest first.
#[utoipa::path(get, path = "/api/sim/devices/{deviceId}/outbox", tag = "simulator",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<Vec<Object>>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn outbox(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<Vec<SimDelivery>>> {
    let sim = sim(&s)?;
    sim_device(&s, &who, &id).await?;
    Ok(Data(
        sim.sent_log()
            .into_iter()
            .filter(|d| d.device_id == id)
            .collect(),
    ))
}

/// The simulated accounts (phones) of the network (admins: it lists every number in use).
#[utoipa::path(get, path = "/api/sim/accounts", tag = "simulator", security(("bearer" = [])),
    responses((status = 200, body = Envelope<Vec<Object>>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn list_accounts(
    State(s): State<AppState>,
    _admin: AdminAuth,
) -> ApiResult<Data<Vec<SimAccount>>> {
    Ok(Data(sim(&s)?.accounts()))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct AccountInput {
    phone: String,
    name: String,
    /// A text it answers to every message; `{echo}` echoes the message back.
    auto_reply: Option<String>,
    /// `false` makes the number one that is not on WhatsApp.
    #[serde(default = "yes")]
    on_whatsapp: bool,
    /// The about text devices read from its profile.
    #[serde(default)]
    about: Option<String>,
    /// Makes it a WhatsApp Business account with this profile.
    #[serde(default)]
    business: Option<gerbang_core::engine::BusinessProfile>,
}

fn yes() -> bool {
    true
}

/// Adds (or changes) a simulated account: a virtual contact, optionally auto-answering.
#[utoipa::path(post, path = "/api/sim/accounts", tag = "simulator", security(("bearer" = [])),
    request_body = AccountInput,
    responses((status = 201, body = Envelope<Object>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn add_account(
    State(s): State<AppState>,
    _user: UserAuth,
    Json(input): Json<AccountInput>,
) -> ApiResult<Created<SimAccount>> {
    let sim = sim(&s)?;
    let phone = phone("phone", &input.phone)?;
    if input.name.trim().is_empty() {
        return Err(ApiError::invalid_field("name", "must not be empty"));
    }
    if !input.on_whatsapp {
        // A number that is not on WhatsApp has no account to speak of.
        sim.set_absent(phone.clone());
        let name = input.name.trim().to_string();
        return Ok(Created(SimAccount {
            phone,
            name,
            auto_reply: None,
        }));
    }
    if input
        .about
        .as_deref()
        .is_some_and(|a| a.chars().count() > gerbang_app::profiles::MAX_ABOUT)
    {
        return Err(ApiError::invalid_field(
            "about",
            "must be at most 139 characters",
        ));
    }
    sim.set_contact_profile(&phone, input.about, input.business);
    Ok(Created(sim.add_account(
        phone,
        input.name.trim(),
        input.auto_reply,
    )))
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ClockView {
    /// What the schedulers (jobs, scheduled messages) take to be now.
    now: chrono::DateTime<chrono::Utc>,
    simulated: bool,
}

/// The schedulers' clock.
#[utoipa::path(get, path = "/api/sim/clock", tag = "simulator", security(("bearer" = [])),
    responses((status = 200, body = Envelope<ClockView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn get_clock(State(s): State<AppState>, _user: UserAuth) -> ApiResult<Data<ClockView>> {
    sim(&s)?;
    Ok(Data(ClockView {
        now: s.app.clock.now(),
        simulated: true,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct MoveClock {
    /// Move forward by this many seconds.
    advance_secs: Option<f64>,
    /// Or move forward to this instant (RFC 3339). The clock never goes back.
    set: Option<chrono::DateTime<chrono::Utc>>,
}

/// Moves the schedulers' clock forward (admins): hours of pacing, quiet hours and daily caps
/// in seconds. Affects every job and scheduled message on this server.
#[utoipa::path(post, path = "/api/sim/clock", tag = "simulator", security(("bearer" = [])), request_body = MoveClock,
    responses((status = 200, body = Envelope<ClockView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn move_clock(
    State(s): State<AppState>,
    _admin: crate::auth::AdminAuth,
    Json(input): Json<MoveClock>,
) -> ApiResult<Data<ClockView>> {
    sim(&s)?;
    use gerbang_app::jobs::clock::ClockMove;
    let to = match (input.advance_secs, input.set) {
        (Some(secs), None) if secs.is_finite() && (0.0..=31_536_000.0).contains(&secs) => {
            ClockMove::By(chrono::Duration::milliseconds((secs * 1000.0) as i64))
        }
        (None, Some(at)) => ClockMove::To(at),
        _ => {
            return Err(ApiError::invalid_field(
                "advanceSecs",
                "give advanceSecs (0 to one year) or set",
            ))
        }
    };
    let now = s.app.move_clock(to).await?;
    Ok(Data(ClockView {
        now,
        simulated: true,
    }))
}
