//! Message templates: CRUD, preview and `use` (send to one recipient).

use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::templates::{
    Preview, PreviewInput, TemplateInput, TemplateQuery, TemplateUpdate, TemplateView, UseInput,
    UseResult,
};
use gerbang_core::Page;

use crate::auth::UserAuth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, Query};
use crate::reply::{Created, Data, Done, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_templates, create_template))
        .routes(routes!(get_template, update_template, delete_template))
        .routes(routes!(preview_template))
        .routes(routes!(use_template))
}

#[utoipa::path(get, path = "/api/whatsapp-multi-device/templates", tag = "templates", security(("bearer" = [])),
    params(TemplateQuery),
    responses((status = 200, body = Envelope<Page<TemplateView>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_templates(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Query(q): Query<TemplateQuery>,
) -> ApiResult<Data<Page<TemplateView>>> {
    Ok(Data(s.app.list_templates(&u, q).await?))
}

/// Saves a template: `{{name}}`, `{{phone}}`, any custom field, `{{name|Kak}}` with a default,
/// and spintax `{Halo|Hai}`. `409` when the caller has one of that name.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/templates", tag = "templates", security(("bearer" = [])),
    request_body = TemplateInput,
    responses((status = 201, body = Envelope<TemplateView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_template(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Json(i): Json<TemplateInput>,
) -> ApiResult<Created<TemplateView>> {
    Ok(Created(s.app.create_template(&u, i).await?))
}

#[utoipa::path(get, path = "/api/whatsapp-multi-device/templates/{templateId}", tag = "templates",
    security(("bearer" = [])), params(("templateId" = i64, Path)),
    responses((status = 200, body = Envelope<TemplateView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_template(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path(id): Path<i64>,
) -> ApiResult<Data<TemplateView>> {
    Ok(Data(s.app.template_view(&u, id).await?))
}

#[utoipa::path(put, path = "/api/whatsapp-multi-device/templates/{templateId}", tag = "templates",
    security(("bearer" = [])), params(("templateId" = i64, Path)), request_body = TemplateUpdate,
    responses((status = 200, body = Envelope<TemplateView>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn update_template(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path(id): Path<i64>,
    Json(i): Json<TemplateUpdate>,
) -> ApiResult<Data<TemplateView>> {
    Ok(Data(s.app.update_template(&u, id, i).await?))
}

/// Deletes the template; jobs made from it keep their copy of its text.
#[utoipa::path(delete, path = "/api/whatsapp-multi-device/templates/{templateId}", tag = "templates",
    security(("bearer" = [])), params(("templateId" = i64, Path)),
    responses((status = 200, body = Envelope<Done>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_template(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path(id): Path<i64>,
) -> ApiResult<Data<Done>> {
    s.app.delete_template(&u, id).await?;
    Ok(Done::new("template deleted"))
}

/// Renders the template for a saved contact (`contactId`) and/or sample `variables`; lists the
/// variables that would render empty.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/templates/{templateId}/preview", tag = "templates",
    security(("bearer" = [])), params(("templateId" = i64, Path)), request_body = PreviewInput,
    responses((status = 200, body = Envelope<Preview>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn preview_template(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path(id): Path<i64>,
    Json(i): Json<PreviewInput>,
) -> ApiResult<Data<Preview>> {
    Ok(Data(s.app.preview_template(&u, id, i).await?))
}

/// Renders the template for one recipient (`phone`, or a saved `contactId`) and sends it from
/// `deviceId`. For many recipients, give `templateId` to a bulk job.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/templates/{templateId}/use", tag = "templates",
    security(("bearer" = [])), params(("templateId" = i64, Path)), request_body = UseInput,
    responses((status = 200, body = Envelope<UseResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`device_not_connected`"), (status = 502, body = ErrorBody)))]
async fn use_template(
    State(s): State<AppState>,
    UserAuth(u): UserAuth,
    Path(id): Path<i64>,
    Json(i): Json<UseInput>,
) -> ApiResult<Data<UseResult>> {
    Ok(Data(s.app.use_template(&u, id, i).await?))
}
