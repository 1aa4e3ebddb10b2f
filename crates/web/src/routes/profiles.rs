//! Profiles, under the device's path: this number's push name, about text and picture, and
//! what WhatsApp shows of a contact (picture, about, business profile) or a group (picture).
//! Authorization is the device rule (owner, admin, the device's API key).

use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::profiles::{
    BusinessProfileView, ContactProfileView, GroupPictureView, OwnProfileView, PictureDone,
    ProfileInput, MAX_PICTURE_BYTES,
};

use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_profile, set_profile))
        .routes(routes!(set_picture, remove_picture))
        .routes(routes!(contact_profile))
        .routes(routes!(business_profile))
        .routes(routes!(group_picture))
        // Room for the picture and the multipart envelope; the service enforces the real limit.
        .layer(DefaultBodyLimit::max(MAX_PICTURE_BYTES + 64 * 1024))
}

/// This number's profile as contacts see it: push name, about text, picture.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/profile", tag = "profiles",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<OwnProfileView>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn get_profile(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<OwnProfileView>> {
    Ok(Data(s.app.own_profile(&who, &id).await?))
}

/// Changes the push name and/or the about text (what is left out stays); answers the profile
/// as it is now.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/profile", tag = "profiles",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = ProfileInput,
    responses((status = 200, body = Envelope<OwnProfileView>),
        (status = 400, body = ErrorBody, description = "`pushName` or `about` blank or too long, or neither given"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn set_profile(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<ProfileInput>,
) -> ApiResult<Data<OwnProfileView>> {
    Ok(Data(s.app.set_own_profile(&who, &id, input).await?))
}

/// The form of a profile picture upload.
#[allow(dead_code)]
#[derive(ToSchema)]
struct PictureForm {
    /// A JPEG image of at most 2 MiB, square (WhatsApp shows 640×640); the part may also be
    /// called `file`.
    #[schema(format = Binary, value_type = String)]
    picture: Vec<u8>,
}

/// Sets this number's profile picture (`multipart/form-data`, part `picture`, a JPEG).
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/profile/picture", tag = "profiles",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body(content((PictureForm = "multipart/form-data"))),
    responses((status = 200, body = Envelope<PictureDone>),
        (status = 400, body = ErrorBody, description = "`picture` missing, empty or not a JPEG"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 502, body = ErrorBody)))]
async fn set_picture(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> ApiResult<Data<PictureDone>> {
    // Whose device it is decides first: a stranger learns nothing from how the body is shaped.
    s.app.device_for(&who, &id).await?;
    let mut form = form.map_err(|_| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the picture as multipart/form-data with a `picture` part",
        )
    })?;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "a profile picture is at most 2 MiB",
        )
    };
    while let Some(field) = form.next_field().await.map_err(|_| too_large())? {
        if matches!(field.name(), Some("picture" | "file")) {
            let data = field.bytes().await.map_err(|_| too_large())?;
            return Ok(Data(s.app.set_own_picture(&who, &id, Some(&data)).await?));
        }
    }
    Err(ApiError::invalid_field("picture", "is missing"))
}

/// Removes this number's profile picture.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/profile/picture", tag = "profiles",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<PictureDone>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn remove_picture(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<PictureDone>> {
    Ok(Data(s.app.set_own_picture(&who, &id, None).await?))
}

/// A contact's picture URL and about text, as WhatsApp shows them to this number.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/contacts/{phone}/profile", tag = "profiles",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("phone" = String, Path, description = "a phone number (`628…`, `08…`) or a person's JID")),
    responses((status = 200, body = Envelope<ContactProfileView>),
        (status = 400, body = ErrorBody, description = "`phone` is not a number or a person's JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn contact_profile(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, phone)): Path<(String, String)>,
) -> ApiResult<Data<ContactProfileView>> {
    Ok(Data(s.app.contact_profile(&who, &id, &phone).await?))
}

/// A WhatsApp Business account's profile (description, e-mail, websites, address,
/// categories); `isBusiness: false` for any other account.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/contacts/{phone}/business-profile", tag = "profiles",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("phone" = String, Path, description = "a phone number (`628…`, `08…`) or a person's JID")),
    responses((status = 200, body = Envelope<BusinessProfileView>),
        (status = 400, body = ErrorBody, description = "`phone` is not a number or a person's JID"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody)))]
async fn business_profile(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, phone)): Path<(String, String)>,
) -> ApiResult<Data<BusinessProfileView>> {
    Ok(Data(s.app.business_profile(&who, &id, &phone).await?))
}

/// A group's picture URL (`null` without one).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/groups/{groupId}/picture", tag = "profiles",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("groupId" = String, Path, description = "the group's id or `…@g.us` JID")),
    responses((status = 200, body = Envelope<GroupPictureView>),
        (status = 400, body = ErrorBody, description = "`groupId` is not a group"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"),
        (status = 502, body = ErrorBody, description = "WhatsApp refused, e.g. a group this number is not in")))]
async fn group_picture(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, group)): Path<(String, String)>,
) -> ApiResult<Data<GroupPictureView>> {
    Ok(Data(s.app.group_picture(&who, &id, &group).await?))
}
