//! Bulk jobs: the list (own jobs; admins every job) with status and progress, and a job's page
//! whose counters follow the event stream's `job.progress` events without a reload, with
//! pause, resume, cancel and retry-failed buttons.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use gerbang_app::jobs::{JobAction, JobQuery, RecipientQuery, RetryInput};
use gerbang_app::Principal;
use gerbang_core::job::{Job, JobRecipient, JobStatus};

use super::form::{check, Posted, Unreadable};
use super::pages::{error_page, fail, render, Chrome};
use super::session::Signed;
use crate::AppState;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    page: Option<u32>,
}

#[derive(Template)]
#[template(path = "jobs.html")]
struct JobsPage {
    c: Chrome,
    jobs: Vec<Job>,
    page: u32,
    total_pages: i64,
}

/// Recipients handled so far (for the progress bar).
fn done(j: &Job) -> i64 {
    let p = &j.progress;
    p.total - p.pending
}

impl JobsPage {
    fn done(&self, j: &Job) -> i64 {
        done(j)
    }
}

pub async fn list(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let jq = JobQuery {
        page: q.page,
        per_page: Some(25),
        ..JobQuery::default()
    };
    match s.app.list_jobs(&Principal::User(user), jq).await {
        Ok(p) => render(&JobsPage {
            c: Chrome::new(&ctx, "jobs.title"),
            jobs: p.items,
            page: p.page,
            total_pages: p.total_pages,
        }),
        Err(e) => fail(&ctx, "/overview", e),
    }
}

#[derive(Template)]
#[template(path = "job.html")]
struct JobPage {
    c: Chrome,
    job: Job,
    recipients: Vec<JobRecipient>,
}

impl JobPage {
    fn done(&self) -> i64 {
        done(&self.job)
    }

    fn can(&self, action: &str) -> bool {
        let s = self.job.status;
        match action {
            "pause" => s == JobStatus::Running,
            "resume" => s == JobStatus::Paused,
            "cancel" => matches!(s, JobStatus::Running | JobStatus::Paused),
            _ => self.job.progress.failed + self.job.progress.uncertain > 0,
        }
    }
}

/// The job's first 50 recipients (`job_recipients` checks the job is the caller's).
async fn first_recipients(
    s: &AppState,
    who: &Principal,
    id: &str,
) -> gerbang_app::AppResult<Vec<JobRecipient>> {
    let rq = RecipientQuery {
        page: Some(1),
        per_page: Some(50),
        status: None,
    };
    s.app.job_recipients(who, id, rq).await.map(|p| p.items)
}

pub async fn detail(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<String>,
) -> Response {
    let who = Principal::User(user.clone());
    let Ok(job) = s.app.job(&who, &id).await else {
        return error_page(&ctx, 404, "error.not_found");
    };
    let recipients = first_recipients(&s, &who, &id).await.unwrap_or_default();
    render(&JobPage {
        c: Chrome::new(&ctx, "jobs.job_title")
            .with_names(&s, &user)
            .await,
        job,
        recipients,
    })
}

#[derive(Template)]
#[template(path = "_job_recipients.html")]
struct RecipientRows {
    c: Chrome,
    recipients: Vec<JobRecipient>,
}

/// The rows of the job page's recipient table, which the page's script fetches again as the
/// job's progress events arrive (a read, so no form token).
pub async fn recipient_rows(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<String>,
) -> Response {
    let who = Principal::User(user.clone());
    let Ok(recipients) = first_recipients(&s, &who, &id).await else {
        return error_page(&ctx, 404, "error.not_found");
    };
    render(&RecipientRows {
        recipients,
        c: Chrome::new(&ctx, "jobs.job_title")
            .with_names(&s, &user)
            .await,
    })
}

pub async fn control(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path((id, action)): Path<(String, String)>,
    form: Result<Posted, Unreadable>,
) -> Response {
    let back = format!("/jobs/{}", super::send::urlencode(&id));
    let f = match check(&ctx, form, &back) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let action = match action.as_str() {
        "pause" => JobAction::Pause,
        "resume" => JobAction::Resume,
        "cancel" => JobAction::Cancel,
        "retry" => JobAction::Retry,
        _ => return error_page(&ctx, 404, "error.not_found"),
    };
    let retry = RetryInput {
        include_uncertain: f.checked("include_uncertain"),
    };
    match s
        .app
        .control_job(&Principal::User(user), &id, action, retry)
        .await
    {
        Ok(_) => ctx.flash_redirect(&back, "ok", "jobs.done", ""),
        Err(e) => fail(&ctx, &back, e),
    }
}
