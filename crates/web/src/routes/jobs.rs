use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use gerbang_app::jobs::{
    CreateJobInput, CreateMediaJobInput, JobAction, JobQuery, RecipientQuery, RetryInput,
};
use gerbang_app::Principal;
use gerbang_core::job::{Job, JobRecipient};
use gerbang_core::Page;

use crate::auth::{AdminAuth, Auth};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, Path, Query};
use crate::reply::{Created, Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_text_job))
        .routes(routes!(send_media_job))
        .routes(routes!(list_jobs))
        .routes(routes!(get_job))
        .routes(routes!(job_recipients))
        .routes(routes!(job_action))
        .routes(routes!(admin_list_jobs))
        .routes(routes!(admin_get_job))
        .routes(routes!(admin_job_action))
}

/// Queues a text job: one message (with `{{variables}}` and `{spin|tax}`) for many recipients,
/// paced per device: `delaySecs` ± `jitterSecs` apart, at most `dailyCap` a day, never in
/// `quietHours`, optionally with "typing…" first and a warm-up ramp for new numbers. Numbers
/// not on WhatsApp are skipped.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/jobs/send-text", tag = "jobs",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = CreateJobInput,
    responses((status = 201, body = Envelope<Job>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn send_text_job(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<CreateJobInput>,
) -> ApiResult<Created<Job>> {
    Ok(Created(s.app.create_job(&who, &id, input).await?))
}

/// Queues a media job: the file is fetched once from `url`; the message becomes its caption.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/devices/{deviceId}/jobs/send-media", tag = "jobs",
    security(("bearer" = []), ("apiKey" = [])), params(("deviceId" = String, Path)), request_body = CreateMediaJobInput,
    responses((status = 201, body = Envelope<Job>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody)))]
async fn send_media_job(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Json(input): Json<CreateMediaJobInput>,
) -> ApiResult<Created<Job>> {
    Ok(Created(s.app.create_media_job(&who, &id, input).await?))
}

/// The caller's jobs (a device API key: its device's), newest first.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/jobs", tag = "jobs",
    security(("bearer" = []), ("apiKey" = [])), params(JobQuery),
    responses((status = 200, body = Envelope<Page<Job>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_jobs(
    State(s): State<AppState>,
    Auth(who): Auth,
    Query(q): Query<JobQuery>,
) -> ApiResult<Data<Page<Job>>> {
    Ok(Data(s.app.list_jobs(&who, q).await?))
}

/// A job with its progress (total, sent, failed, skipped, uncertain, pending).
#[utoipa::path(get, path = "/api/whatsapp-multi-device/jobs/{jobId}", tag = "jobs",
    security(("bearer" = []), ("apiKey" = [])), params(("jobId" = String, Path)),
    responses((status = 200, body = Envelope<Job>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_job(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<Job>> {
    Ok(Data(s.app.job(&who, &id).await?))
}

/// The job's recipients and what happened to each.
#[utoipa::path(get, path = "/api/whatsapp-multi-device/jobs/{jobId}/recipients", tag = "jobs",
    security(("bearer" = []), ("apiKey" = [])), params(("jobId" = String, Path), RecipientQuery),
    responses((status = 200, body = Envelope<Page<JobRecipient>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn job_recipients(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<RecipientQuery>,
) -> ApiResult<Data<Page<JobRecipient>>> {
    Ok(Data(s.app.job_recipients(&who, &id, q).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
struct ActionQuery {
    /// `retry` only: also send again to recipients whose send was interrupted by a crash
    /// (they may have received it already).
    #[serde(default)]
    include_uncertain: bool,
}

/// The optional JSON body of an action: `{"includeUncertain": true}` counts like the query
/// parameter (either one is enough). An empty body is no body.
fn action_body(body: &[u8]) -> ApiResult<RetryInput> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(RetryInput::default());
    }
    serde_json::from_slice(body).map_err(|e| {
        crate::error::ApiError::invalid_field(
            "includeUncertain",
            format!("the body must be a JSON object such as {{\"includeUncertain\": true}}: {e}"),
        )
    })
}

async fn act(
    s: &AppState,
    who: &Principal,
    id: &str,
    action: &str,
    q: ActionQuery,
    body: &[u8],
) -> ApiResult<Data<Job>> {
    let from_body = action_body(body)?;
    let action = match action {
        "pause" => JobAction::Pause,
        "resume" => JobAction::Resume,
        "cancel" => JobAction::Cancel,
        "retry" => JobAction::Retry,
        _ => return Err(crate::error::ApiError::not_found("no such route")),
    };
    let retry = RetryInput {
        include_uncertain: q.include_uncertain || from_body.include_uncertain,
    };
    Ok(Data(s.app.control_job(who, id, action, retry).await?))
}

/// Pauses, resumes, cancels, or retries the failed recipients of a job.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/jobs/{jobId}/{action}", tag = "jobs",
    security(("bearer" = []), ("apiKey" = [])),
    params(("jobId" = String, Path), ("action" = String, Path, description = "`pause`, `resume`, `cancel` or `retry`"), ActionQuery),
    request_body(content = Option<RetryInput>, description = "optional; `retry` reads `includeUncertain` here as well as in the query"),
    responses((status = 200, body = Envelope<Job>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "not possible in the job's state")))]
async fn job_action(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path((id, action)): Path<(String, String)>,
    Query(q): Query<ActionQuery>,
    body: axum::body::Bytes,
) -> ApiResult<Data<Job>> {
    act(&s, &who, &id, &action, q, &body).await
}

/// Every job (admins).
#[utoipa::path(get, path = "/api/admin/jobs", tag = "jobs", security(("bearer" = [])), params(JobQuery),
    responses((status = 200, body = Envelope<Page<Job>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn admin_list_jobs(
    State(s): State<AppState>,
    AdminAuth(a): AdminAuth,
    Query(q): Query<JobQuery>,
) -> ApiResult<Data<Page<Job>>> {
    Ok(Data(s.app.list_jobs(&Principal::User(a), q).await?))
}

/// Any job (admins).
#[utoipa::path(get, path = "/api/admin/jobs/{jobId}", tag = "jobs", security(("bearer" = [])),
    params(("jobId" = String, Path)),
    responses((status = 200, body = Envelope<Job>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn admin_get_job(
    State(s): State<AppState>,
    AdminAuth(a): AdminAuth,
    Path(id): Path<String>,
) -> ApiResult<Data<Job>> {
    Ok(Data(s.app.job(&Principal::User(a), &id).await?))
}

/// Pauses, resumes, cancels or retries any job (admins).
#[utoipa::path(post, path = "/api/admin/jobs/{jobId}/{action}", tag = "jobs", security(("bearer" = [])),
    params(("jobId" = String, Path), ("action" = String, Path, description = "`pause`, `resume`, `cancel` or `retry`"), ActionQuery),
    request_body(content = Option<RetryInput>, description = "optional; `retry` reads `includeUncertain` here as well as in the query"),
    responses((status = 200, body = Envelope<Job>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn admin_job_action(
    State(s): State<AppState>,
    AdminAuth(a): AdminAuth,
    Path((id, action)): Path<(String, String)>,
    Query(q): Query<ActionQuery>,
    body: axum::body::Bytes,
) -> ApiResult<Data<Job>> {
    act(&s, &Principal::User(a), &id, &action, q, &body).await
}
