//! Seed 000's `/api/gemini/*`: the AI of the caller's default device (see `/api/default-device`),
//! the same services as `…/devices/{deviceId}/bot/ai/…`.

use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::ai::{
    AiConfigInput, AiConfigView, AiMemory, AiTryInput, AiTryResult, ValidateKeyInput,
    ValidateKeyResult,
};

use crate::auth::Auth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path};
use crate::reply::{Data, Done, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_config, set_config))
        .routes(routes!(generate))
        .routes(routes!(test))
        .routes(routes!(validate_key))
        .routes(routes!(get_history, clear_history))
}

/// The default device's AI settings (the key never shows).
#[utoipa::path(get, path = "/api/gemini/config", tag = "ai",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<AiConfigView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "no default device")))]
async fn get_config(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<AiConfigView>> {
    let d = s.app.resolve_device(&who).await?;
    Ok(Data(s.app.ai_config(&who, &d.device_id).await?))
}

/// Changes the default device's AI settings (the fields given; `apiKey` stored encrypted).
#[utoipa::path(post, path = "/api/gemini/config", tag = "ai",
    security(("bearer" = []), ("apiKey" = [])), request_body = AiConfigInput,
    responses((status = 200, body = Envelope<AiConfigView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "no default device")))]
async fn set_config(
    State(s): State<AppState>,
    Auth(who): Auth,
    Json(i): Json<AiConfigInput>,
) -> ApiResult<Data<AiConfigView>> {
    let d = s.app.resolve_device(&who).await?;
    Ok(Data(s.app.update_ai_config(&who, &d.device_id, i).await?))
}

/// Generates an answer to `prompt` (with `contactId`'s conversation as memory); nothing is sent.
#[utoipa::path(post, path = "/api/gemini/generate", tag = "ai",
    security(("bearer" = []), ("apiKey" = [])), request_body = AiTryInput,
    responses((status = 200, body = Envelope<AiTryResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn generate(
    State(s): State<AppState>,
    Auth(who): Auth,
    Json(i): Json<AiTryInput>,
) -> ApiResult<Data<AiTryResult>> {
    let d = s.app.resolve_device(&who).await?;
    Ok(Data(s.app.try_ai(&who, &d.device_id, i).await?))
}

/// Tests the connection: one short generation with the stored settings.
#[utoipa::path(get, path = "/api/gemini/test", tag = "ai",
    security(("bearer" = []), ("apiKey" = [])),
    responses((status = 200, body = Envelope<AiTryResult>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn test(State(s): State<AppState>, Auth(who): Auth) -> ApiResult<Data<AiTryResult>> {
    let d = s.app.resolve_device(&who).await?;
    Ok(Data(
        s.app
            .try_ai(&who, &d.device_id, AiTryInput::default())
            .await?,
    ))
}

/// Whether the provider accepts a key (`apiKey`, else the stored one).
#[utoipa::path(post, path = "/api/gemini/validate-key", tag = "ai",
    security(("bearer" = []), ("apiKey" = [])), request_body = ValidateKeyInput,
    responses((status = 200, body = Envelope<ValidateKeyResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "no default device")))]
async fn validate_key(
    State(s): State<AppState>,
    Auth(who): Auth,
    Json(i): Json<ValidateKeyInput>,
) -> ApiResult<Data<ValidateKeyResult>> {
    let d = s.app.resolve_device(&who).await?;
    Ok(Data(s.app.validate_ai_key(&who, &d.device_id, i).await?))
}

/// What the AI remembers of a contact (seed 000's `contactId`: a phone number or JID).
#[utoipa::path(get, path = "/api/gemini/history/{contactJid}", tag = "ai",
    security(("bearer" = []), ("apiKey" = [])),
    params(("contactJid" = String, Path, description = "seed 000's contactId: a phone number or JID")),
    responses((status = 200, body = Envelope<AiMemory>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "no default device")))]
async fn get_history(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(contact): Path<String>,
) -> ApiResult<Data<AiMemory>> {
    let d = s.app.resolve_device(&who).await?;
    Ok(Data(s.app.ai_memory(&who, &d.device_id, &contact).await?))
}

/// The AI forgets the contact's conversation so far.
#[utoipa::path(delete, path = "/api/gemini/history/{contactJid}", tag = "ai",
    security(("bearer" = []), ("apiKey" = [])),
    params(("contactJid" = String, Path, description = "seed 000's contactId: a phone number or JID")),
    responses((status = 200, body = Envelope<Done>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "no default device")))]
async fn clear_history(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(contact): Path<String>,
) -> ApiResult<Data<Done>> {
    let d = s.app.resolve_device(&who).await?;
    s.app.clear_ai_memory(&who, &d.device_id, &contact).await?;
    Ok(Done::new("AI memory cleared for this contact"))
}
