use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::chatwoot::{ChatwootInput, ChatwootView, DeletedChatwoot, WebhookOutcome};

use crate::auth::Auth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, Query};
use crate::reply::{Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_chatwoot, set_chatwoot, delete_chatwoot))
        .routes(routes!(chatwoot_webhook))
}

/// The device's Chatwoot connection (the access token only as its last characters).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/chatwoot",
    tag = "integrations", security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<ChatwootView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody, description = "no such device, or no Chatwoot configuration")))]
async fn get_chatwoot(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<ChatwootView>> {
    Ok(Data(s.app.chatwoot(&who, &id).await?))
}

/// Connects the device to a Chatwoot "API channel" inbox, or changes the connection. The first
/// answer (and one with `rotateWebhookToken`) holds the webhook secret, `webhookUrlPath`: give
/// Chatwoot that path on this gateway's public address as the inbox's webhook URL.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/chatwoot",
    tag = "integrations", security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = ChatwootInput,
    responses((status = 200, body = Envelope<ChatwootView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn set_chatwoot(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<ChatwootInput>,
) -> ApiResult<Data<ChatwootView>> {
    Ok(Data(s.app.set_chatwoot(&who, &id, input).await?))
}

/// Disconnects the device from Chatwoot and forgets its conversations there.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/chatwoot",
    tag = "integrations", security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<DeletedChatwoot>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_chatwoot(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<DeletedChatwoot>> {
    Ok(Data(s.app.delete_chatwoot(&who, &id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct WebhookQuery {
    /// The device's webhook secret (from the configuration's first answer).
    token: Option<String>,
}

/// Chatwoot's webhook (subscribe it to `message_created`): an agent's reply in the inbox is sent
/// to the contact on WhatsApp. Authenticated by `?token=`, not by a login; other events,
/// customers' messages, private notes and the bridge's own messages are answered 200 and ignored.
#[utoipa::path(post, path = "/api/integrations/chatwoot/{deviceId}/webhook",
    tag = "integrations", params(("deviceId" = String, Path), WebhookQuery),
    request_body(content = Object, description = "Chatwoot's webhook payload"),
    responses((status = 200, body = Envelope<WebhookOutcome>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody, description = "no configuration, or a missing or wrong token"),
        (status = 409, body = ErrorBody, description = "the device is not connected")))]
async fn chatwoot_webhook(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<WebhookQuery>,
    Json(payload): Json<serde_json::Value>,
) -> ApiResult<Data<WebhookOutcome>> {
    Ok(Data(
        s.app
            .chatwoot_webhook(&id, q.token.as_deref(), payload)
            .await?,
    ))
}
