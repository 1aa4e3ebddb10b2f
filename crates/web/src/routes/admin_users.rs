use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::admin::{CreateUserInput, UpdateUserInput, UserQuery};
use gerbang_core::user::{User, UserId};
use gerbang_core::Page;

use crate::auth::{AdminAuth, ClientIp};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, Query};
use crate::reply::{Created, Data, Done, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user, delete_user))
}

/// Lists users, with search, role and active filters.
#[utoipa::path(get, path = "/api/admin/users", tag = "admin", security(("bearer" = [])),
    params(UserQuery),
    responses((status = 200, body = Envelope<Page<User>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_users(
    State(s): State<AppState>,
    _admin: AdminAuth,
    Query(q): Query<UserQuery>,
) -> ApiResult<Data<Page<User>>> {
    Ok(Data(s.app.list_users(q).await?))
}

/// Creates a user of either role.
#[utoipa::path(post, path = "/api/admin/users", tag = "admin", security(("bearer" = [])),
    request_body = CreateUserInput,
    responses((status = 201, body = Envelope<User>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn create_user(
    State(s): State<AppState>,
    AdminAuth(admin): AdminAuth,
    ip: ClientIp,
    Json(input): Json<CreateUserInput>,
) -> ApiResult<Created<User>> {
    Ok(Created(
        s.app.admin_create_user(ip.actor(&admin), input).await?,
    ))
}

/// One user.
#[utoipa::path(get, path = "/api/admin/users/{userId}", tag = "admin", security(("bearer" = [])),
    params(("userId" = i64, Path)),
    responses((status = 200, body = Envelope<User>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn get_user(
    State(s): State<AppState>,
    _admin: AdminAuth,
    Path(id): Path<UserId>,
) -> ApiResult<Data<User>> {
    Ok(Data(s.app.get_user(id).await?))
}

/// Changes a user: email, name, language, role, `isActive` (lock/unlock; a locked user's
/// tokens stop working at once) or `password` (reset; the user's sessions end).
#[utoipa::path(put, path = "/api/admin/users/{userId}", tag = "admin", security(("bearer" = [])),
    params(("userId" = i64, Path)), request_body = UpdateUserInput,
    responses((status = 200, body = Envelope<User>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "email taken, or an admin locking or demoting themself")))]
async fn update_user(
    State(s): State<AppState>,
    AdminAuth(admin): AdminAuth,
    ip: ClientIp,
    Path(id): Path<UserId>,
    Json(input): Json<UpdateUserInput>,
) -> ApiResult<Data<User>> {
    Ok(Data(
        s.app.admin_update_user(ip.actor(&admin), id, input).await?,
    ))
}

/// Deletes a user who owns no devices.
#[utoipa::path(delete, path = "/api/admin/users/{userId}", tag = "admin", security(("bearer" = [])),
    params(("userId" = i64, Path)),
    responses((status = 200, body = Envelope<Done>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the user owns devices, or is the caller")))]
async fn delete_user(
    State(s): State<AppState>,
    AdminAuth(admin): AdminAuth,
    ip: ClientIp,
    Path(id): Path<UserId>,
) -> ApiResult<Data<Done>> {
    s.app.admin_delete_user(ip.actor(&admin), id).await?;
    Ok(Done::new("user deleted"))
}
