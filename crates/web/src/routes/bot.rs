//! The auto-reply bot of a device: settings, rules, a dry run, hand-offs, logs and statistics.

use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::bot::{
    BotConfigUpdate, BotStats, HandoffInput, LogQuery, ReorderInput, RuleInput, StatsQuery,
    TestInput, TestResult,
};
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
        .routes(routes!(get_rule, update_rule, delete_rule))
        .routes(routes!(reorder_rules))
        .routes(routes!(test_bot))
        .routes(routes!(list_handoffs, start_handoff))
        .routes(routes!(resume_bot))
        .routes(routes!(logs))
        .routes(routes!(stats))
}

/// The bot's settings (defaults until first saved: switched off).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/config", tag = "bot",
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

/// Changes the fields given; `null` clears a message or the business hours (always open).
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/config", tag = "bot",
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

/// The rules in list order (tried by priority, then this order).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/rules", tag = "bot",
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

/// Adds a rule at the end of the list. `409` when the device has 500 rules.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/rules", tag = "bot",
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

#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/rules/{ruleId}", tag = "bot",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path), ("ruleId" = i64, Path)),
    responses((status = 200, body = Envelope<BotRule>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_rule(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, rule)): Path<(String, i64)>,
) -> ApiResult<Data<BotRule>> {
    Ok(Data(s.app.bot_rule(&who, &id, rule).await?))
}

/// Changes the fields given.
#[utoipa::path(put, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/rules/{ruleId}", tag = "bot",
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

#[utoipa::path(delete, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/rules/{ruleId}", tag = "bot",
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

/// Puts the rules in a new order: `ruleIds` lists every rule of the device once.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/rules/reorder", tag = "bot",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = ReorderInput,
    responses((status = 200, body = Envelope<Vec<BotRule>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn reorder_rules(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(i): Json<ReorderInput>,
) -> ApiResult<Data<Vec<BotRule>>> {
    Ok(Data(s.app.reorder_bot_rules(&who, &id, i).await?))
}

/// What the bot would answer to a message now; nothing is sent or recorded.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/test", tag = "bot",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = TestInput,
    responses((status = 200, body = Envelope<TestResult>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn test_bot(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(i): Json<TestInput>,
) -> ApiResult<Data<TestResult>> {
    Ok(Data(s.app.test_bot(&who, &id, i).await?))
}

/// Contacts the bot leaves to a person now.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/handoffs", tag = "bot",
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

/// An agent takes a chat over: the bot stays quiet for this contact until resumed.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/handoffs", tag = "bot",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)),
    request_body = HandoffInput,
    responses((status = 201, body = Envelope<Handoff>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn start_handoff(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(i): Json<HandoffInput>,
) -> ApiResult<Created<Handoff>> {
    Ok(Created(s.app.start_bot_handoff(&who, &id, i).await?))
}

/// Ends the hand-off: the bot answers this contact again. `404` when none is running.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/handoffs/{contactJid}/resume-bot",
    tag = "bot", security(("bearer" = []), ("apiKey" = [])),
    params(("deviceId" = String, Path), ("contactJid" = String, Path, description = "phone number or JID")),
    responses((status = 200, body = Envelope<Done>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn resume_bot(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, contact)): Path<(String, String)>,
) -> ApiResult<Data<Done>> {
    s.app.resume_bot(&who, &id, &contact).await?;
    Ok(Done::new("bot resumed for this contact"))
}

/// The bot's decisions, newest first: one per inbound message it looked at.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/logs", tag = "bot",
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

/// Hits per rule, decisions per local day, running hand-offs.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/devices/{deviceId}/bot/stats", tag = "bot",
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
