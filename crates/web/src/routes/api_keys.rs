use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::api_keys::{CreateApiKeyInput, CreatedApiKey};
use gerbang_core::device::ApiKey;

use crate::auth::{ClientIp, UserAuth};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Created, Data, Done, Envelope, Secret};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_keys, create_key))
        .routes(routes!(revoke_key))
}

/// Creates an API key for the device. The secret is in this answer only.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/api-keys",
    tag = "devices", security(("bearer" = [])), params(("deviceId" = String, Path)),
    request_body = CreateApiKeyInput,
    responses((status = 201, body = Envelope<CreatedApiKey>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn create_key(
    State(s): State<AppState>,
    UserAuth(user): UserAuth,
    ip: ClientIp,
    Path(device_id): Path<String>,
    Json(input): Json<CreateApiKeyInput>,
) -> ApiResult<Secret<Created<CreatedApiKey>>> {
    Ok(Secret(Created(
        s.app
            .create_api_key(ip.actor(&user), &device_id, input)
            .await?,
    )))
}

/// The device's live API keys (without their secrets).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/api-keys",
    tag = "devices", security(("bearer" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<Vec<ApiKey>>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_keys(
    State(s): State<AppState>,
    UserAuth(user): UserAuth,
    ip: ClientIp,
    Path(device_id): Path<String>,
) -> ApiResult<Data<Vec<ApiKey>>> {
    Ok(Data(
        s.app.list_api_keys(ip.actor(&user), &device_id).await?,
    ))
}

/// Revokes a key; requests with it fail from now on.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/api-keys/{keyId}",
    tag = "devices", security(("bearer" = [])),
    params(("deviceId" = String, Path), ("keyId" = i64, Path)),
    responses((status = 200, body = Envelope<Done>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn revoke_key(
    State(s): State<AppState>,
    UserAuth(user): UserAuth,
    ip: ClientIp,
    Path((device_id, key_id)): Path<(String, i64)>,
) -> ApiResult<Data<Done>> {
    s.app
        .revoke_api_key(ip.actor(&user), &device_id, key_id)
        .await?;
    Ok(Done::new("API key revoked"))
}
