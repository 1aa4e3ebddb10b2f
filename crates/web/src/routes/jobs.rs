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
use crate::extract::{Json, OptionalJson, Path, Query};
use crate::reply::{Created, Data, Envelope};
use crate::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_text_job))
        .routes(routes!(send_media_job))
        .routes(routes!(list_jobs))
        .routes(routes!(get_job))
        .routes(routes!(job_recipients))
        .routes(routes!(pause_job))
        .routes(routes!(resume_job))
        .routes(routes!(cancel_job))
        .routes(routes!(retry_job))
        .routes(routes!(admin_list_jobs))
        .routes(routes!(admin_get_job))
        .routes(routes!(admin_pause_job))
        .routes(routes!(admin_resume_job))
        .routes(routes!(admin_cancel_job))
        .routes(routes!(admin_retry_job))
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
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "`deviceId` names no device the caller may see")))]
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
pub(super) struct RetryQuery {
    /// Also send again to recipients whose send was interrupted by a crash (they may have
    /// received it already). The same as `{"includeUncertain": true}` in the body.
    #[serde(default)]
    include_uncertain: bool,
}

/// `retry`'s options, from the query or an optional JSON body (either may say yes).
pub(super) async fn retry_input(q: RetryQuery, body: OptionalJson<RetryInput>) -> RetryInput {
    RetryInput {
        include_uncertain: q.include_uncertain || body.0.is_some_and(|b| b.include_uncertain),
    }
}

async fn act(
    s: &AppState,
    who: &Principal,
    id: &str,
    action: JobAction,
    retry: RetryInput,
) -> ApiResult<Data<Job>> {
    Ok(Data(s.app.control_job(who, id, action, retry).await?))
}

/// Pauses a running job; it keeps its place and its pacing.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/jobs/{jobId}/pause", tag = "jobs",
    security(("bearer" = []), ("apiKey" = [])), params(("jobId" = String, Path)),
    responses((status = 200, body = Envelope<Job>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "the job is not running")))]
async fn pause_job(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<Job>> {
    act(&s, &who, &id, JobAction::Pause, RetryInput::default()).await
}

/// Resumes a paused job.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/jobs/{jobId}/resume", tag = "jobs",
    security(("bearer" = []), ("apiKey" = [])), params(("jobId" = String, Path)),
    responses((status = 200, body = Envelope<Job>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "the job is not paused")))]
async fn resume_job(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<Job>> {
    act(&s, &who, &id, JobAction::Resume, RetryInput::default()).await
}

/// Cancels a job; recipients not sent yet are skipped.
#[utoipa::path(post, path = "/api/whatsapp-multi-device/jobs/{jobId}/cancel", tag = "jobs",
    security(("bearer" = []), ("apiKey" = [])), params(("jobId" = String, Path)),
    responses((status = 200, body = Envelope<Job>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "the job has ended")))]
async fn cancel_job(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
) -> ApiResult<Data<Job>> {
    act(&s, &who, &id, JobAction::Cancel, RetryInput::default()).await
}

/// Sends again to the failed recipients of an ended job (and the uncertain ones, if asked).
#[utoipa::path(post, path = "/api/whatsapp-multi-device/jobs/{jobId}/retry", tag = "jobs",
    security(("bearer" = []), ("apiKey" = [])), params(("jobId" = String, Path), RetryQuery),
    request_body(content = Option<RetryInput>, description = "optional; `{\"includeUncertain\": true}`"),
    responses((status = 200, body = Envelope<Job>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the job has not ended, or nothing to retry"),
        (status = 415, body = ErrorBody)))]
async fn retry_job(
    State(s): State<AppState>,
    Auth(who): Auth,
    Path(id): Path<String>,
    Query(q): Query<RetryQuery>,
    body: OptionalJson<RetryInput>,
) -> ApiResult<Data<Job>> {
    let retry = retry_input(q, body).await;
    act(&s, &who, &id, JobAction::Retry, retry).await
}

/// Every job (admins).
#[utoipa::path(get, path = "/api/admin/jobs", tag = "jobs", security(("bearer" = [])), params(JobQuery),
    responses((status = 200, body = Envelope<Page<Job>>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "`deviceId` names no device")))]
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

/// Pauses any running job (admins).
#[utoipa::path(post, path = "/api/admin/jobs/{jobId}/pause", tag = "jobs", security(("bearer" = [])),
    params(("jobId" = String, Path)),
    responses((status = 200, body = Envelope<Job>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn admin_pause_job(
    State(s): State<AppState>,
    AdminAuth(a): AdminAuth,
    Path(id): Path<String>,
) -> ApiResult<Data<Job>> {
    act(
        &s,
        &Principal::User(a),
        &id,
        JobAction::Pause,
        RetryInput::default(),
    )
    .await
}

/// Resumes any paused job (admins).
#[utoipa::path(post, path = "/api/admin/jobs/{jobId}/resume", tag = "jobs", security(("bearer" = [])),
    params(("jobId" = String, Path)),
    responses((status = 200, body = Envelope<Job>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn admin_resume_job(
    State(s): State<AppState>,
    AdminAuth(a): AdminAuth,
    Path(id): Path<String>,
) -> ApiResult<Data<Job>> {
    act(
        &s,
        &Principal::User(a),
        &id,
        JobAction::Resume,
        RetryInput::default(),
    )
    .await
}

/// Cancels any job (admins).
#[utoipa::path(post, path = "/api/admin/jobs/{jobId}/cancel", tag = "jobs", security(("bearer" = [])),
    params(("jobId" = String, Path)),
    responses((status = 200, body = Envelope<Job>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn admin_cancel_job(
    State(s): State<AppState>,
    AdminAuth(a): AdminAuth,
    Path(id): Path<String>,
) -> ApiResult<Data<Job>> {
    act(
        &s,
        &Principal::User(a),
        &id,
        JobAction::Cancel,
        RetryInput::default(),
    )
    .await
}

/// Retries any ended job's failed (and, if asked, uncertain) recipients (admins).
#[utoipa::path(post, path = "/api/admin/jobs/{jobId}/retry", tag = "jobs", security(("bearer" = [])),
    params(("jobId" = String, Path), RetryQuery),
    request_body(content = Option<RetryInput>, description = "optional; `{\"includeUncertain\": true}`"),
    responses((status = 200, body = Envelope<Job>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 415, body = ErrorBody)))]
async fn admin_retry_job(
    State(s): State<AppState>,
    AdminAuth(a): AdminAuth,
    Path(id): Path<String>,
    Query(q): Query<RetryQuery>,
    body: OptionalJson<RetryInput>,
) -> ApiResult<Data<Job>> {
    let retry = retry_input(q, body).await;
    act(&s, &Principal::User(a), &id, JobAction::Retry, retry).await
}
