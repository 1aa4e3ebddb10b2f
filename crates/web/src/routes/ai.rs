//! AI replies per device: settings (the key is write-only), a key check, a dry run and the
//! conversation memory per contact.

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
        .routes(routes!(get_config, put_config))
        .routes(routes!(validate_key))
        .routes(routes!(try_ai))
        .routes(routes!(get_memory, clear_memory))
}

/// The device's AI settings; the key shows only as `keySet` and `keyHint`.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/ai", tag = "ai",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<AiConfigView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_config(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<AiConfigView>> {
    Ok(Data(s.app.ai_config(&who, &id).await?))
}

/// Changes the fields given; `apiKey` is stored encrypted, `null` removes it.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/ai", tag = "ai",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = AiConfigInput,
    responses((status = 200, body = Envelope<AiConfigView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn put_config(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(i): Json<AiConfigInput>,
) -> ApiResult<Data<AiConfigView>> {
    Ok(Data(s.app.update_ai_config(&who, &id, i).await?))
}

/// Asks the provider whether it accepts a key (the one given, else the stored one); lists its
/// models, so no tokens are spent. `valid: false` with the provider's reason when not.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/ai/validate-key", tag = "ai",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = ValidateKeyInput,
    responses((status = 200, body = Envelope<ValidateKeyResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn validate_key(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(i): Json<ValidateKeyInput>,
) -> ApiResult<Data<ValidateKeyResult>> {
    Ok(Data(s.app.validate_ai_key(&who, &id, i).await?))
}

/// Generates the reply the AI would give to a message (with a contact's memory if named);
/// nothing is sent. Counts towards the day's usage. `ok: false` with the reason when the
/// provider fails; `409` when no key is stored.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/ai/test", tag = "ai",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = AiTryInput,
    responses((status = 200, body = Envelope<AiTryResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn try_ai(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(i): Json<AiTryInput>,
) -> ApiResult<Data<AiTryResult>> {
    Ok(Data(s.app.try_ai(&who, &id, i).await?))
}

/// What the AI is given of a contact's conversation (the chat's latest text messages).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/ai/history/{contactJid}", tag = "ai",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("contactJid" = String, Path, description = "phone number or JID")),
    responses((status = 200, body = Envelope<AiMemory>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_memory(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, contact)): Path<(String, String)>,
) -> ApiResult<Data<AiMemory>> {
    Ok(Data(s.app.ai_memory(&who, &id, &contact).await?))
}

/// The AI forgets the conversation so far; the chat history itself stays.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/ai/history/{contactJid}", tag = "ai",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("contactJid" = String, Path, description = "phone number or JID")),
    responses((status = 200, body = Envelope<Done>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn clear_memory(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, contact)): Path<(String, String)>,
) -> ApiResult<Data<Done>> {
    s.app.clear_ai_memory(&who, &id, &contact).await?;
    Ok(Done::new("AI memory cleared for this contact"))
}
