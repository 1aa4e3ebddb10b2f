//! The simulator's app-state control: the device's phone pins, archives, mutes, marks, stars
//! or labels a chat, or edits a label, and the change reaches the device as a real phone's
//! app-state patch would. Only when the simulator is enabled; answers say `"simulated": true`.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_core::appstate::{ChatAction, Label, LABEL_COLORS};
use gerbang_core::jid::Jid;

use super::sim::{sim, sim_device, sim_error};
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(phone_app_state))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct AppStateInput {
    /// `pin`, `unpin`, `archive`, `unarchive`, `mute`, `unmute`, `unread`, `read`, `star`,
    /// `unstar`, `label`, `unlabel` (on `chat`), `label-message`, `unlabel-message` (on
    /// `messageId`), `label-edit` or `label-delete`.
    action: String,
    /// The chat (a number or a JID); all but the label edits.
    chat: Option<String>,
    /// `mute`: when it ends.
    until: Option<chrono::DateTime<chrono::Utc>>,
    /// `star`, `unstar`, `label-message`, `unlabel-message`: the message.
    message_id: Option<String>,
    /// The message's: whether the device's account wrote it.
    #[serde(default)]
    from_me: bool,
    /// `label`, `unlabel`, `label-message`, `unlabel-message`, `label-edit`, `label-delete`.
    label_id: Option<String>,
    /// `label-edit`.
    name: Option<String>,
    /// `label-edit`: 0 to 19.
    color: Option<i32>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct AppStateSent {
    /// False when the device is not connected (nothing is queued).
    delivered: bool,
    simulated: bool,
}

fn need<'a>(field: &str, value: &'a Option<String>) -> ApiResult<&'a str> {
    value
        .as_deref()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| ApiError::invalid_field(field, "required for this action"))
}

/// A change the simulated phone makes to the account's app state, sent to this device.
#[utoipa::path(post, path = "/api/sim/devices/{deviceId}/app-state", tag = "simulator",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = AppStateInput,
    responses((status = 200, body = Envelope<AppStateSent>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not a simulated device, or never started")))]
async fn phone_app_state(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<AppStateInput>,
) -> ApiResult<Data<AppStateSent>> {
    let sim = sim(&s)?;
    let action = input.action.trim();
    let label_edit = matches!(action, "label-edit" | "label-delete");
    let chat = if label_edit {
        None
    } else {
        let c = need("chat", &input.chat)?;
        Some(Jid::parse(c).map_err(|e| ApiError::invalid_field("chat", e.to_string()))?)
    };
    let chat_action = match action {
        "pin" | "unpin" => Some(ChatAction::Pin(action == "pin")),
        "archive" | "unarchive" => Some(ChatAction::Archive(action == "archive")),
        "mute" => Some(ChatAction::Mute {
            muted: true,
            until: input.until,
        }),
        "unmute" => Some(ChatAction::Mute {
            muted: false,
            until: None,
        }),
        "unread" | "read" => Some(ChatAction::MarkUnread(action == "unread")),
        "star" | "unstar" => Some(ChatAction::Star {
            message_id: need("messageId", &input.message_id)?.to_string(),
            from_me: input.from_me,
            sender: None,
            starred: action == "star",
        }),
        "label" | "unlabel" => Some(ChatAction::Label {
            label_id: need("labelId", &input.label_id)?.to_string(),
            labeled: action == "label",
        }),
        "label-message" | "unlabel-message" => Some(ChatAction::MessageLabel {
            label_id: need("labelId", &input.label_id)?.to_string(),
            message_id: need("messageId", &input.message_id)?.to_string(),
            from_me: input.from_me,
            sender: None,
            labeled: action == "label-message",
        }),
        "label-edit" | "label-delete" => None,
        _ => {
            return Err(ApiError::invalid_field(
                "action",
                "must be pin, unpin, archive, unarchive, mute, unmute, unread, read, star, \
                 unstar, label, unlabel, label-message, unlabel-message, label-edit or \
                 label-delete",
            ))
        }
    };
    let label = if label_edit {
        let color = input.color.unwrap_or(0);
        if !(0..LABEL_COLORS).contains(&color) {
            return Err(ApiError::invalid_field(
                "color",
                "a colour index from 0 to 19",
            ));
        }
        Some(Label {
            id: need("labelId", &input.label_id)?.to_string(),
            name: if action == "label-edit" {
                need("name", &input.name)?.to_string()
            } else {
                input.name.clone().unwrap_or_default()
            },
            color,
        })
    } else {
        None
    };
    sim_device(&s, &who, &id).await?;
    let delivered = match (chat, chat_action, label) {
        (Some(chat), Some(a), _) => sim.phone_chat_action(&id, chat, a),
        (_, _, Some(label)) => sim.phone_label(&id, label, action == "label-delete"),
        _ => unreachable!("every action names a chat or a label"),
    }
    .map_err(sim_error)?;
    Ok(Data(AppStateSent {
        delivered,
        simulated: true,
    }))
}
