use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::accounts::{
    AuthTokens, ChangePasswordInput, LoginInput, ProfileInput, RefreshInput, RegisterInput,
};
use gerbang_core::user::User;

use crate::auth::UserAuth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Json;
use crate::rate_limit::AuthThrottle;
use crate::reply::{Created, Data, Envelope, Secret};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(refresh_token))
        .routes(routes!(refresh))
        .routes(routes!(profile, update_profile))
        .routes(routes!(change_password))
}

/// Creates a user account (role `user`). Can be disabled by the server's configuration.
#[utoipa::path(post, path = "/api/auth/register", tag = "auth", request_body = RegisterInput,
    responses((status = 201, body = Envelope<User>), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "registration disabled"),
        (status = 409, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn register(
    _: AuthThrottle,
    State(s): State<AppState>,
    Json(input): Json<RegisterInput>,
) -> ApiResult<Created<User>> {
    Ok(Created(s.app.register(input).await?))
}

/// Signs in with username or email and password. Token answers say `Cache-Control: no-store`.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", request_body = LoginInput,
    responses((status = 200, body = Envelope<AuthTokens>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody, description = "`invalid_credentials` or `account_locked`"),
        (status = 429, body = ErrorBody)))]
async fn login(
    _: AuthThrottle,
    State(s): State<AppState>,
    Json(input): Json<LoginInput>,
) -> ApiResult<Secret<Data<AuthTokens>>> {
    Ok(Secret(Data(s.app.login(input).await?)))
}

/// Exchanges a refresh token for a new access token and a new refresh token. Presenting a
/// refresh token a second time revokes every token of that sign-in.
#[utoipa::path(post, path = "/api/auth/refresh-token", tag = "auth", request_body = RefreshInput,
    responses((status = 200, body = Envelope<AuthTokens>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody, description = "`invalid_token`, `token_expired` or `refresh_token_reused`"),
        (status = 429, body = ErrorBody)))]
async fn refresh_token(
    _: AuthThrottle,
    State(s): State<AppState>,
    Json(input): Json<RefreshInput>,
) -> ApiResult<Secret<Data<AuthTokens>>> {
    Ok(Secret(Data(s.app.refresh(input).await?)))
}

/// Seed 003's path for `refresh-token` (same body, same answer).
#[utoipa::path(post, path = "/api/auth/refresh", tag = "auth", request_body = RefreshInput,
    responses((status = 200, body = Envelope<AuthTokens>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody, description = "`invalid_token`, `token_expired` or `refresh_token_reused`"),
        (status = 429, body = ErrorBody)))]
async fn refresh(
    throttle: AuthThrottle,
    state: State<AppState>,
    input: Json<RefreshInput>,
) -> ApiResult<Secret<Data<AuthTokens>>> {
    refresh_token(throttle, state, input).await
}

/// The signed-in user's profile.
#[utoipa::path(get, path = "/api/auth/profile", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Envelope<User>), (status = 401, body = ErrorBody)))]
async fn profile(UserAuth(user): UserAuth) -> ApiResult<Data<User>> {
    Ok(Data(user))
}

/// Updates the signed-in user's email, full name or language.
#[utoipa::path(put, path = "/api/auth/profile", tag = "auth", security(("bearer" = [])),
    request_body = ProfileInput,
    responses((status = 200, body = Envelope<User>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn update_profile(
    State(s): State<AppState>,
    UserAuth(user): UserAuth,
    Json(input): Json<ProfileInput>,
) -> ApiResult<Data<User>> {
    Ok(Data(s.app.update_profile(&user, input).await?))
}

/// Changes the password. Every other session ends; the answer carries new tokens for this one.
#[utoipa::path(post, path = "/api/auth/change-password", tag = "auth", security(("bearer" = [])),
    request_body = ChangePasswordInput,
    responses((status = 200, body = Envelope<AuthTokens>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn change_password(
    _: AuthThrottle,
    State(s): State<AppState>,
    UserAuth(user): UserAuth,
    Json(input): Json<ChangePasswordInput>,
) -> ApiResult<Secret<Data<AuthTokens>>> {
    Ok(Secret(Data(s.app.change_password(&user, input).await?)))
}
