//! Blocking contacts, under the device's path. WhatsApp keeps one blocklist per account, so
//! every device linked to the same number sees the same list. Authorization is the device
//! rule (owner, admin, the device's API key).

use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::blocking::{BlockDone, Blocklist};

use crate::auth::Auth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Path;
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(block))
        .routes(routes!(unblock))
        .routes(routes!(blocked))
}

/// Blocks a contact (a phone number or a person's JID, `…@lid` too): their messages and calls
/// no longer reach this number. Blocking someone already blocked changes nothing.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/contacts/{phone}/block", tag = "blocking",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("phone" = String, Path, description = "a phone number (`628…`, `08…`) or a person's JID")),
    responses((status = 200, body = Envelope<BlockDone>),
        (status = 400, body = ErrorBody, description = "`phone` is not a number or a person's JID (a group)"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn block(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, phone)): Path<(String, String)>,
) -> ApiResult<Data<BlockDone>> {
    Ok(Data(s.app.set_blocked(&who, &id, &phone, true).await?))
}

/// Unblocks a contact; unblocking someone not blocked changes nothing.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/contacts/{phone}/unblock", tag = "blocking",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("phone" = String, Path, description = "a phone number (`628…`, `08…`) or a person's JID")),
    responses((status = 200, body = Envelope<BlockDone>),
        (status = 400, body = ErrorBody, description = "`phone` is not a number or a person's JID (a group)"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn unblock(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, phone)): Path<(String, String)>,
) -> ApiResult<Data<BlockDone>> {
    Ok(Data(s.app.set_blocked(&who, &id, &phone, false).await?))
}

/// The contacts this number blocked, as WhatsApp lists them now (usually by `@lid`, with the
/// phone number when the JID carries it).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/blocked", tag = "blocking",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<Blocklist>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn blocked(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<Blocklist>> {
    Ok(Data(s.app.blocklist(&who, &id).await?))
}
