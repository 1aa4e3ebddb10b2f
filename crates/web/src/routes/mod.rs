mod admin_users;
mod api_keys;
mod audit;
mod auth;
mod devices;
mod health;

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::openapi::ApiDoc;
use crate::AppState;

pub(crate) fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::routes())
        .merge(auth::routes())
        .merge(admin_users::routes())
        .merge(audit::routes())
        .merge(devices::routes())
        .merge(api_keys::routes())
}
