//! Seed 001's bot table (`/api/bot/devices/{deviceId}/…`, section 10). The same services as
//! `…/devices/{deviceId}/bot/…`; only the paths differ (and `resume` for `resume-bot`).

use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::bot::{BotConfigUpdate, BotStats, LogQuery, RuleInput, StatsQuery};
use gerbang_core::bot::{BotConfig, BotLog, BotRule, Handoff};
use gerbang_core::Page;

use crate::auth::Auth;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, Query};
use crate::reply::{Created, Data, Done, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_config, put_config))
        .routes(routes!(list_rules, create_rule))
        .routes(routes!(update_rule, delete_rule))
        .routes(routes!(list_handoffs))
        .routes(routes!(resume))
        .routes(routes!(logs))
        .routes(routes!(stats))
}

/// The bot's settings (seed 001's path).
#[utoipa::path(get, path = "/api/bot/devices/{deviceId}/config", tag = "bot",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<BotConfig>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_config(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<BotConfig>> {
    Ok(Data(s.app.bot_config(&who, &id).await?))
}

/// Changes the fields given (seed 001's path).
#[utoipa::path(put, path = "/api/bot/devices/{deviceId}/config", tag = "bot",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = BotConfigUpdate,
    responses((status = 200, body = Envelope<BotConfig>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn put_config(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(u): Json<BotConfigUpdate>,
) -> ApiResult<Data<BotConfig>> {
    Ok(Data(s.app.update_bot_config(&who, &id, u).await?))
}

/// The rules in list order (seed 001's path).
#[utoipa::path(get, path = "/api/bot/devices/{deviceId}/rules", tag = "bot",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<Vec<BotRule>>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_rules(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<Vec<BotRule>>> {
    Ok(Data(s.app.bot_rules(&who, &id).await?))
}

/// Adds a rule at the end of the list (seed 001's path).
#[utoipa::path(post, path = "/api/bot/devices/{deviceId}/rules", tag = "bot",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = RuleInput,
    responses((status = 201, body = Envelope<BotRule>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn create_rule(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(i): Json<RuleInput>,
) -> ApiResult<Created<BotRule>> {
    Ok(Created(s.app.create_bot_rule(&who, &id, i).await?))
}

/// Changes the fields given (seed 001's path).
#[utoipa::path(put, path = "/api/bot/devices/{deviceId}/rules/{ruleId}", tag = "bot",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), ("ruleId" = i64, Path)),
    request_body = RuleInput,
    responses((status = 200, body = Envelope<BotRule>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_rule(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, rule)): Path<(String, i64)>,
    Json(i): Json<RuleInput>,
) -> ApiResult<Data<BotRule>> {
    Ok(Data(s.app.update_bot_rule(&who, &id, rule, i).await?))
}

/// Deletes a rule (seed 001's path).
#[utoipa::path(delete, path = "/api/bot/devices/{deviceId}/rules/{ruleId}", tag = "bot",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), ("ruleId" = i64, Path)),
    responses((status = 200, body = Envelope<Done>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_rule(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, rule)): Path<(String, i64)>,
) -> ApiResult<Data<Done>> {
    s.app.delete_bot_rule(&who, &id, rule).await?;
    Ok(Done::new("rule deleted"))
}

/// Contacts the bot leaves to a person now (seed 001's path).
#[utoipa::path(get, path = "/api/bot/devices/{deviceId}/handoffs", tag = "bot",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    responses((status = 200, body = Envelope<Vec<Handoff>>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_handoffs(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<Vec<Handoff>>> {
    Ok(Data(s.app.bot_handoffs(&who, &id).await?))
}

/// Ends the hand-off (seed 001's `…/resume`). `404` when none is running.
#[utoipa::path(post, path = "/api/bot/devices/{deviceId}/handoffs/{contactJid}/resume", tag = "bot",
    security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("contactJid" = String, Path, description = "phone number or JID")),
    responses((status = 200, body = Envelope<Done>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn resume(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, contact)): Path<(String, String)>,
) -> ApiResult<Data<Done>> {
    s.app.resume_bot(&who, &id, &contact).await?;
    Ok(Done::new("bot resumed for this contact"))
}

/// The bot's decisions, newest first (seed 001's path).
#[utoipa::path(get, path = "/api/bot/devices/{deviceId}/logs", tag = "bot",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), LogQuery),
    responses((status = 200, body = Envelope<Page<BotLog>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn logs(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<LogQuery>,
) -> ApiResult<Data<Page<BotLog>>> {
    Ok(Data(s.app.bot_logs(&who, &id, q).await?))
}

/// Hits per rule and decisions per local day (seed 001's path).
#[utoipa::path(get, path = "/api/bot/devices/{deviceId}/stats", tag = "bot",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), StatsQuery),
    responses((status = 200, body = Envelope<BotStats>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn stats(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<StatsQuery>,
) -> ApiResult<Data<BotStats>> {
    Ok(Data(s.app.bot_stats(&who, &id, q).await?))
}
