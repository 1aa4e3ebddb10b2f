//! Webhooks: per device (its owner, admins) and global (admins), their deliveries, redelivery.
//! API keys manage no webhooks (403): where a device's messages go is decided by people.

use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::webhooks::{
    CreateWebhookInput, CreatedWebhook, DeliveryQuery, Redelivered, UpdateWebhookInput, WebhookTest,
};
use gerbang_core::webhook::{Delivery, Webhook};
use gerbang_core::Page;

use crate::auth::{AdminAuth, Auth, ClientIp};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Path, Query};
use crate::reply::{Created, Data, Done, Envelope, Secret};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_device_webhooks, create_device_webhook))
        .routes(routes!(list_global_webhooks, create_global_webhook))
        .routes(routes!(get_webhook, update_webhook, delete_webhook))
        .routes(routes!(list_deliveries))
        .routes(routes!(redeliver))
        .routes(routes!(redeliver_dead))
        .routes(routes!(test_webhook))
}

/// A signed-in user; an API key is told plainly that keys do not manage webhooks.
struct WebhookAuth(gerbang_core::user::User);

impl axum::extract::FromRequestParts<AppState> for WebhookAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, ApiError> {
        match Auth::from_request_parts(parts, state).await?.0 {
            gerbang_app::Principal::User(user) => Ok(WebhookAuth(user)),
            gerbang_app::Principal::ApiKey { .. } => Err(ApiError::forbidden(
                "API keys cannot manage webhooks; sign in as the device's owner or an administrator",
            )),
        }
    }
}

/// The device's webhooks (secrets show only their prefix).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/webhooks",
    tag = "webhooks", security(("bearer" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<Vec<Webhook>>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_device_webhooks(
    State(s): State<AppState>,
    WebhookAuth(user): WebhookAuth,
    Path(device_id): Path<String>,
) -> ApiResult<Data<Vec<Webhook>>> {
    Ok(Data(s.app.device_webhooks(&user, &device_id).await?))
}

/// Subscribes a URL to the device's events. The signing secret is in this answer only.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/webhooks",
    tag = "webhooks", security(("bearer" = [])), params(("deviceId" = String, Path)),
    request_body = CreateWebhookInput,
    responses((status = 201, body = Envelope<CreatedWebhook>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn create_device_webhook(
    State(s): State<AppState>,
    WebhookAuth(user): WebhookAuth,
    ip: ClientIp,
    Path(device_id): Path<String>,
    Json(input): Json<CreateWebhookInput>,
) -> ApiResult<Secret<Created<CreatedWebhook>>> {
    Ok(Secret(Created(
        s.app
            .create_device_webhook(ip.actor(&user), &device_id, input)
            .await?,
    )))
}

/// Global webhooks: every device's events (admins).
#[utoipa::path(get, path = "/api/admin/webhooks", tag = "webhooks", security(("bearer" = [])),
    responses((status = 200, body = Envelope<Vec<Webhook>>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn list_global_webhooks(
    State(s): State<AppState>,
    AdminAuth(user): AdminAuth,
) -> ApiResult<Data<Vec<Webhook>>> {
    Ok(Data(s.app.global_webhooks(&user).await?))
}

/// Subscribes a URL to every device's events (admins). The secret is in this answer only.
#[utoipa::path(post, path = "/api/admin/webhooks", tag = "webhooks", security(("bearer" = [])),
    request_body = CreateWebhookInput,
    responses((status = 201, body = Envelope<CreatedWebhook>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn create_global_webhook(
    State(s): State<AppState>,
    AdminAuth(user): AdminAuth,
    ip: ClientIp,
    Json(input): Json<CreateWebhookInput>,
) -> ApiResult<Secret<Created<CreatedWebhook>>> {
    Ok(Secret(Created(
        s.app.create_global_webhook(ip.actor(&user), input).await?,
    )))
}

/// One webhook (its device's owner, admins).
#[utoipa::path(get, path = "/api/webhooks/{webhookId}", tag = "webhooks",
    security(("bearer" = [])), params(("webhookId" = i64, Path)),
    responses((status = 200, body = Envelope<Webhook>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn get_webhook(
    State(s): State<AppState>,
    WebhookAuth(user): WebhookAuth,
    Path(id): Path<i64>,
) -> ApiResult<Data<Webhook>> {
    Ok(Data(s.app.webhook_for(&user, id).await?))
}

/// Changes a webhook: URL, event types, secret, headers, active.
#[utoipa::path(put, path = "/api/webhooks/{webhookId}", tag = "webhooks",
    security(("bearer" = [])), params(("webhookId" = i64, Path)),
    request_body = UpdateWebhookInput,
    responses((status = 200, body = Envelope<Webhook>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn update_webhook(
    State(s): State<AppState>,
    WebhookAuth(user): WebhookAuth,
    ip: ClientIp,
    Path(id): Path<i64>,
    Json(input): Json<UpdateWebhookInput>,
) -> ApiResult<Data<Webhook>> {
    Ok(Data(
        s.app.update_webhook(ip.actor(&user), id, input).await?,
    ))
}

/// Deletes a webhook with its deliveries.
#[utoipa::path(delete, path = "/api/webhooks/{webhookId}", tag = "webhooks",
    security(("bearer" = [])), params(("webhookId" = i64, Path)),
    responses((status = 200, body = Envelope<Done>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn delete_webhook(
    State(s): State<AppState>,
    WebhookAuth(user): WebhookAuth,
    ip: ClientIp,
    Path(id): Path<i64>,
) -> ApiResult<Data<Done>> {
    s.app.delete_webhook(ip.actor(&user), id).await?;
    Ok(Done::new("webhook deleted"))
}

/// The webhook's deliveries, newest first, each with its attempts.
#[utoipa::path(get, path = "/api/webhooks/{webhookId}/deliveries", tag = "webhooks",
    security(("bearer" = [])), params(("webhookId" = i64, Path), DeliveryQuery),
    responses((status = 200, body = Envelope<Page<Delivery>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn list_deliveries(
    State(s): State<AppState>,
    WebhookAuth(user): WebhookAuth,
    Path(id): Path<i64>,
    Query(q): Query<DeliveryQuery>,
) -> ApiResult<Data<Page<Delivery>>> {
    Ok(Data(s.app.webhook_deliveries(&user, id, q).await?))
}

/// Sends one delivery again: back to `pending`, due now (after older pending ones of its chat).
#[utoipa::path(post, path = "/api/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver",
    tag = "webhooks", security(("bearer" = [])),
    params(("webhookId" = i64, Path), ("deliveryId" = i64, Path)),
    responses((status = 200, body = Envelope<Delivery>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn redeliver(
    State(s): State<AppState>,
    WebhookAuth(user): WebhookAuth,
    Path((id, delivery_id)): Path<(i64, i64)>,
) -> ApiResult<Data<Delivery>> {
    Ok(Data(s.app.redeliver(&user, id, delivery_id).await?))
}

/// Queues every dead delivery of the webhook again; answers how many.
#[utoipa::path(post, path = "/api/webhooks/{webhookId}/redeliver-dead", tag = "webhooks",
    security(("bearer" = [])), params(("webhookId" = i64, Path)),
    responses((status = 200, body = Envelope<Redelivered>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn redeliver_dead(
    State(s): State<AppState>,
    WebhookAuth(user): WebhookAuth,
    Path(id): Path<i64>,
) -> ApiResult<Data<Redelivered>> {
    Ok(Data(s.app.redeliver_dead(&user, id).await?))
}

/// Sends a signed `webhook.test` delivery now (even to a switched-off webhook) and answers what
/// the receiver did. It is not an event and is not kept with the deliveries.
#[utoipa::path(post, path = "/api/webhooks/{webhookId}/test", tag = "webhooks",
    security(("bearer" = [])), params(("webhookId" = i64, Path)),
    responses((status = 200, body = Envelope<WebhookTest>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn test_webhook(
    State(s): State<AppState>,
    WebhookAuth(user): WebhookAuth,
    ip: ClientIp,
    Path(id): Path<i64>,
) -> ApiResult<Data<WebhookTest>> {
    Ok(Data(s.app.test_webhook(ip.actor(&user), id).await?))
}
