//! Bulk sending: a job is a message (with variables and spintax) for many recipients, sent by a
//! worker that paces each device (see `pacing`). The queue lives in the database, so jobs go
//! on after a restart; a send that was in flight at a crash is `uncertain`, never repeated.

pub mod clock;
pub mod pacing;
pub mod render;
mod retry;
mod worker;

use chrono::Utc;
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use utoipa::{IntoParams, ToSchema};

use gerbang_core::engine::MediaKind;
use gerbang_core::event::{types, NewEvent};
use gerbang_core::jid::Jid;
use gerbang_core::job::{
    Job, JobFilter, JobRecipient, JobStatus, NewJob, NewRecipient, Pacing, QuietHours,
    RecipientStatus,
};
use gerbang_core::{Page, PageRequest};

use crate::validate::Fields;
use crate::{App, AppError, AppResult, Principal};

pub use worker::spawn_worker;

/// How many messages of a job without pacing are on their way at once; a crash can leave at
/// most this many of one job `uncertain`.
pub const UNPACED_LANES: usize = 32;

/// One recipient: a phone number, or an object with the number and its variables.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum RecipientInput {
    Phone(String),
    Detailed {
        /// Also accepted as `to`, `jid`, `recipient`, `number`, `phoneNumber`, `targetNumber` or `chatId`.
        #[serde(
            alias = "to",
            alias = "jid",
            alias = "recipient",
            alias = "number",
            alias = "phoneNumber",
            alias = "targetNumber",
            alias = "chatId"
        )]
        phone: String,
        /// Values for `{{…}}` in the message, e.g. `{"name": "Sari"}`.
        #[serde(default)]
        #[schema(value_type = Object)]
        variables: Map<String, Value>,
        /// A message for this recipient only (instead of the job's); also accepted as `text`.
        #[serde(alias = "text")]
        message: Option<String>,
    },
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateJobInput {
    pub recipients: Option<Vec<RecipientInput>>,
    /// The form earlier gateways used: one message per recipient (`{"to", "message"}`).
    pub messages: Option<Vec<RecipientInput>>,
    /// The text, with `{{name}}`-style variables (`{{name|default}}`) and spintax `{a|b}`; also
    /// accepted as `text`.
    #[serde(alias = "text")]
    pub message: Option<String>,
    /// A saved template instead of `message` (its text is copied into the job).
    pub template_id: Option<i64>,
    /// Also every saved contact (of the device's owner) with any of these tags; a contact's
    /// name, phone and custom fields become its variables.
    pub tags: Option<Vec<String>>,
    /// Also every saved contact in any of these categories (ids).
    #[serde(alias = "categories")]
    pub category_ids: Option<Vec<i64>>,
    /// Also the rows of this CSV text: a phone column (`phone`, `nomor`, `hp`, …), the other
    /// columns become variables (`nama`/`name` becomes `{{name}}`).
    pub csv: Option<String>,
    /// Seconds between sends (default 3).
    #[serde(alias = "delay")]
    pub delay_secs: Option<f64>,
    /// Random ± seconds (default 2).
    pub jitter_secs: Option<f64>,
    pub daily_cap: Option<u32>,
    pub quiet_hours: Option<QuietHours>,
    /// IANA time zone (default `Asia/Jakarta`).
    pub timezone: Option<String>,
    #[serde(default)]
    pub typing: bool,
    #[serde(default)]
    pub warmup: bool,
}

/// A media job: like a text job, plus the file (fetched once from `url`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateMediaJobInput {
    #[serde(flatten)]
    pub job: CreateJobInput,
    pub url: String,
    #[serde(rename = "type")]
    pub kind: Option<MediaKind>,
    pub file_name: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct JobQuery {
    #[serde(default, deserialize_with = "gerbang_core::page::page")]
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[serde(alias = "limit")]
    #[serde(default, deserialize_with = "gerbang_core::page::per_page")]
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    pub status: Option<JobStatus>,
    pub device_id: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct RecipientQuery {
    #[serde(default, deserialize_with = "gerbang_core::page::page")]
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[serde(alias = "limit")]
    #[serde(default, deserialize_with = "gerbang_core::page::per_page")]
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    pub status: Option<RecipientStatus>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum JobAction {
    Pause,
    Resume,
    Cancel,
    /// Failed recipients (and uncertain ones, with `includeUncertain`) are sent again.
    Retry,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RetryInput {
    #[serde(default)]
    pub include_uncertain: bool,
}

const MAX_RECIPIENTS: usize = 100_000;

/// A job as it would go out (see [`App::preview_job`]).
#[derive(Debug, Clone)]
pub struct JobPreview {
    pub recipients: usize,
    /// The JID the samples were written for.
    pub first_recipient: String,
    /// The first recipient's message in each distinct wording seen (spintax), at most five.
    pub samples: Vec<String>,
    pub delay_secs: f64,
    pub jitter_secs: f64,
    pub daily_cap: Option<u32>,
    pub quiet_hours: bool,
    /// From the first message to the last, at the average pace (quiet hours not counted).
    pub estimated_secs: u64,
}

pub(crate) fn new_job_id() -> String {
    let n: u64 = rand::thread_rng().gen();
    format!("job-{}-{n:016x}", Utc::now().timestamp_millis())
}

impl App {
    pub async fn create_job(
        &self,
        who: &Principal,
        device_id: &str,
        input: CreateJobInput,
    ) -> AppResult<Job> {
        self.create_job_with(who, device_id, input, "text", None)
            .await
    }

    pub async fn create_media_job(
        &self,
        who: &Principal,
        device_id: &str,
        i: CreateMediaJobInput,
    ) -> AppResult<Job> {
        let device = self.device_for(who, device_id).await?;
        let cap = i.kind.map_or(
            crate::media::max_size(MediaKind::Document),
            crate::media::max_size,
        );
        let fetched = crate::fetch::fetch(&i.url, cap, self.settings.fetch_internal_urls).await?;
        let mime = fetched
            .mime
            .unwrap_or_else(|| "application/octet-stream".into());
        let kind = i.kind.unwrap_or_else(|| crate::media::kind_for(&mime));
        crate::media::check(kind, &mime, fetched.data.len())?;
        let file_name = i.file_name.or(fetched.file_name);
        let info = self
            .runtime
            .media
            .put(&fetched.data, &mime, file_name.clone())
            .await?;
        let media =
            json!({"sha256": info.sha256, "mime": mime, "kind": kind, "fileName": file_name});
        self.create_job_with(who, &device.device_id, i.job, "media", Some(media))
            .await
    }

    async fn create_job_with(
        &self,
        who: &Principal,
        device_id: &str,
        input: CreateJobInput,
        kind: &str,
        media: Option<Value>,
    ) -> AppResult<Job> {
        let new = self.prepare_job(who, device_id, input, kind, media).await?;
        let job = self.store.create_job(&new, self.clock.now()).await?;
        self.job_event(&job, types::JOB_PROGRESS).await?;
        self.clock.moved.notify_waiters();
        Ok(job)
    }

    /// What a job would be, checked exactly as `create_job` checks it, without creating it: the
    /// dashboard's review step shows the count, samples and the pacing before anything is sent.
    pub async fn preview_job(
        &self,
        who: &Principal,
        device_id: &str,
        input: CreateJobInput,
    ) -> AppResult<JobPreview> {
        let new = self
            .prepare_job(who, device_id, input, "text", None)
            .await?;
        // One sample per distinct wording: the spintax picks differ from message to message,
        // so render the first recipient's message a number of times and keep the distinct ones.
        let mut rng = rand::thread_rng();
        let mut samples: Vec<String> = Vec::new();
        let first = &new.recipients[0];
        let vars = first.variables.as_object().cloned().unwrap_or_default();
        let body = vars
            .get("__message")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| new.message.clone());
        for _ in 0..40 {
            let text = render::render(&body, &vars, &mut rng);
            if !samples.contains(&text) {
                samples.push(text);
            }
            if samples.len() == 5 {
                break;
            }
        }
        let n = new.recipients.len() as f64;
        let gap = new.pacing.delay_secs + new.pacing.jitter_secs / 2.0;
        let mut secs = (n - 1.0).max(0.0) * gap;
        if let Some(cap) = new.pacing.daily_cap {
            let days = (new.recipients.len() as u64)
                .div_ceil(u64::from(cap))
                .max(1)
                - 1;
            secs += days as f64 * 86_400.0;
        }
        Ok(JobPreview {
            recipients: new.recipients.len(),
            first_recipient: first.phone.clone(),
            samples,
            delay_secs: new.pacing.delay_secs,
            jitter_secs: new.pacing.jitter_secs,
            daily_cap: new.pacing.daily_cap,
            quiet_hours: new.pacing.quiet_hours.is_some(),
            estimated_secs: secs.round() as u64,
        })
    }

    async fn prepare_job(
        &self,
        who: &Principal,
        device_id: &str,
        input: CreateJobInput,
        kind: &str,
        media: Option<Value>,
    ) -> AppResult<NewJob> {
        let device = self.device_for(who, device_id).await?;
        let mut f = Fields::new();
        let (field, list) = match (input.recipients, input.messages) {
            (Some(r), None) => ("recipients", r),
            (None, Some(m)) => ("messages", m),
            (Some(_), Some(_)) => {
                return Err(AppError::field(
                    "recipients",
                    "give recipients or messages, not both",
                ))
            }
            (None, None) => ("recipients", Vec::new()),
        };
        let message = match (input.message, input.template_id) {
            (Some(_), Some(_)) => {
                return Err(AppError::field(
                    "templateId",
                    "give message or templateId, not both",
                ))
            }
            (m, None) => m.unwrap_or_default(),
            (None, Some(id)) => match self.template(who, id).await {
                Ok(t) => t.body,
                Err(AppError::NotFound(_)) => {
                    return Err(AppError::field("templateId", "no such template"))
                }
                Err(e) => return Err(e),
            },
        };
        let mut recipients = Vec::with_capacity(list.len());
        for (i, r) in list.into_iter().enumerate() {
            let (phone, mut vars, own) = match r {
                RecipientInput::Phone(p) => (p, Map::new(), None),
                RecipientInput::Detailed {
                    phone,
                    variables,
                    message,
                } => (phone, variables, message),
            };
            match Jid::parse(&phone) {
                Ok(jid) => {
                    vars.entry("phone")
                        .or_insert_with(|| Value::String(jid.user_part().to_string()));
                    if let Some(own) = own {
                        vars.insert("__message".into(), Value::String(own));
                    } else if message.trim().is_empty() && media.is_none() {
                        f.add(
                            &format!("{field}[{i}].message"),
                            "no message for this recipient",
                        );
                    }
                    recipients.push(NewRecipient {
                        phone: jid.to_string(),
                        variables: Value::Object(vars),
                    });
                }
                Err(e) => {
                    f.add(&format!("{field}[{i}]"), e);
                }
            }
        }
        let grouped = self
            .group_recipients(
                &mut f,
                device.user_id,
                input.tags.unwrap_or_default(),
                input.category_ids.unwrap_or_default(),
                input.csv.as_deref(),
            )
            .await?;
        if !grouped.is_empty() && message.trim().is_empty() && media.is_none() {
            f.add(
                "message",
                "required (or templateId) for tags, categories and csv",
            );
        }
        let mut seen: std::collections::HashSet<String> =
            recipients.iter().map(|r| r.phone.clone()).collect();
        recipients.extend(grouped.into_iter().filter(|r| seen.insert(r.phone.clone())));
        if recipients.is_empty() || recipients.len() > MAX_RECIPIENTS {
            f.add(field, format!("between 1 and {MAX_RECIPIENTS} recipients"));
        }
        let pacing = Pacing {
            delay_secs: input.delay_secs.unwrap_or(3.0),
            jitter_secs: input.jitter_secs.unwrap_or(2.0),
            daily_cap: input.daily_cap,
            quiet_hours: input.quiet_hours,
            timezone: input.timezone.unwrap_or_else(|| "Asia/Jakarta".into()),
            typing: input.typing,
            warmup: input.warmup,
            max_attempts: None,
        };
        if !(0.0..=86_400.0).contains(&pacing.delay_secs) {
            f.add("delaySecs", "must be between 0 and 86400");
        }
        if !(0.0..=3_600.0).contains(&pacing.jitter_secs) {
            f.add("jitterSecs", "must be between 0 and 3600");
        }
        if pacing.daily_cap == Some(0) {
            f.add("dailyCap", "must be at least 1");
        }
        if pacing::timezone(&pacing.timezone).is_none() {
            f.add("timezone", "not an IANA time zone such as Asia/Jakarta");
        }
        f.finish()?;
        let user_id = who.user_id();
        Ok(NewJob {
            job_id: new_job_id(),
            device_id: device.device_id.clone(),
            user_id,
            kind: kind.to_string(),
            message,
            media,
            pacing,
            recipients,
        })
    }

    /// Recipients from saved contacts (by tag or category, of `owner`) and from CSV text,
    /// each with its variables.
    async fn group_recipients(
        &self,
        f: &mut Fields,
        owner: gerbang_core::user::UserId,
        tags: Vec<String>,
        category_ids: Vec<i64>,
        csv: Option<&str>,
    ) -> AppResult<Vec<NewRecipient>> {
        let mut out = Vec::new();
        let tags: Vec<String> = tags
            .iter()
            .enumerate()
            .filter_map(|(i, t)| f.take(&format!("tags[{i}]"), crate::contacts::tag(t)))
            .collect();
        for (i, id) in category_ids.iter().enumerate() {
            if !matches!(self.store.category(*id).await?, Some(c) if c.user_id == owner) {
                f.add(
                    &format!("categoryIds[{i}]"),
                    "no such category in the device owner's contacts",
                );
            }
        }
        if !tags.is_empty() || !category_ids.is_empty() {
            let contacts = self.contacts_by_groups(owner, &tags, &category_ids).await?;
            if contacts.is_empty() {
                f.add(
                    if tags.is_empty() {
                        "categoryIds"
                    } else {
                        "tags"
                    },
                    "no saved contact matches",
                );
            }
            for c in contacts {
                out.push(NewRecipient {
                    phone: gerbang_core::jid::Jid::parse(&c.phone)
                        .map(|j| j.to_string())
                        .unwrap_or_else(|_| c.phone.clone()),
                    variables: Value::Object(crate::contacts::variables(&c)),
                });
            }
        }
        if let Some(text) = csv {
            let opts = crate::contacts::csv_import::ImportOptions::default();
            let parsed = crate::contacts::csv_import::parse(text, &opts).map_err(|e| match e {
                AppError::Validation(m) => AppError::Validation(
                    m.into_iter()
                        .map(|(k, v)| (format!("csv.{k}"), v))
                        .collect(),
                ),
                other => other,
            })?;
            for e in parsed.report.errors.iter().take(20) {
                f.add(
                    &format!("csv.row{}", e.row),
                    format!("{}: {}", e.code, e.message),
                );
            }
            for row in parsed.rows {
                let d = row.draft;
                let mut vars: Map<String, Value> = d
                    .fields
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect();
                vars.insert("name".into(), Value::String(d.name));
                vars.insert("phone".into(), Value::String(d.phone.clone()));
                out.push(NewRecipient {
                    phone: format!("{}@{}", d.phone, gerbang_core::jid::USER_SERVER),
                    variables: Value::Object(vars),
                });
            }
        }
        Ok(out)
    }

    /// The job, if `who` may see its device.
    pub async fn job(&self, who: &Principal, job_id: &str) -> AppResult<Job> {
        let job = self
            .store
            .job(job_id)
            .await?
            .ok_or(AppError::NotFound("job"))?;
        self.device_for(who, &job.device_id).await?;
        Ok(job)
    }

    pub async fn list_jobs(&self, who: &Principal, q: JobQuery) -> AppResult<Page<Job>> {
        let mut filter = JobFilter {
            status: q.status,
            page: PageRequest::new(q.page.unwrap_or(1), q.per_page.unwrap_or(20)),
            ..JobFilter::default()
        };
        match who {
            Principal::ApiKey { key, .. } => filter.device_id = Some(key.device_id.clone()),
            Principal::User(u) if !who.is_admin() => filter.owner = Some(u.id),
            Principal::User(_) => {}
        }
        if let Some(d) = q.device_id {
            self.device_for(who, &d).await?;
            filter.device_id = Some(d);
        }
        Ok(self.store.list_jobs(&filter).await?)
    }

    pub async fn job_recipients(
        &self,
        who: &Principal,
        job_id: &str,
        q: RecipientQuery,
    ) -> AppResult<Page<JobRecipient>> {
        let job = self.job(who, job_id).await?;
        let page = PageRequest::new(q.page.unwrap_or(1), q.per_page.unwrap_or(50));
        Ok(self.store.recipients(&job.job_id, q.status, page).await?)
    }

    pub async fn control_job(
        &self,
        who: &Principal,
        job_id: &str,
        action: JobAction,
        retry: RetryInput,
    ) -> AppResult<Job> {
        let job = self.job(who, job_id).await?;
        let s = &self.store;
        let done = match action {
            JobAction::Pause => {
                s.set_job_status(job_id, &[JobStatus::Running], JobStatus::Paused, None)
                    .await?
            }
            JobAction::Resume => {
                s.set_job_status(job_id, &[JobStatus::Paused], JobStatus::Running, None)
                    .await?
            }
            JobAction::Cancel => {
                let from = [JobStatus::Running, JobStatus::Paused];
                let ok = s
                    .set_job_status(job_id, &from, JobStatus::Cancelled, Some("cancelled"))
                    .await?;
                if ok {
                    s.cancel_pending(job_id).await?;
                }
                ok
            }
            JobAction::Retry => {
                let n = s
                    .requeue_recipients(job_id, retry.include_uncertain)
                    .await?;
                let from = [
                    JobStatus::Completed,
                    JobStatus::Stopped,
                    JobStatus::Paused,
                    JobStatus::Running,
                ];
                n > 0
                    && s.set_job_status(job_id, &from, JobStatus::Running, None)
                        .await?
            }
        };
        if !done {
            return Err(AppError::Conflict {
                field: None,
                message: format!("cannot {:?} a job that is {}", action, job.status.as_str())
                    .to_lowercase(),
            });
        }
        self.clock.moved.notify_waiters();
        let job = self.job(who, job_id).await?;
        self.job_event(&job, types::JOB_PROGRESS).await?;
        Ok(job)
    }

    pub(crate) async fn job_event(&self, job: &Job, event_type: &'static str) -> AppResult<()> {
        let p = &job.progress;
        let data = json!({
            "jobId": job.job_id, "deviceId": job.device_id, "status": job.status,
            "total": p.total, "sent": p.sent, "failed": p.failed, "skipped": p.skipped,
            "uncertain": p.uncertain, "pending": p.pending, "stopReason": job.stop_reason,
        });
        let event = NewEvent {
            event_type,
            device_id: Some(job.device_id.clone()),
            user_id: None,
            chat_jid: None,
            data,
        };
        self.runtime.events.publish(event).await?;
        Ok(())
    }
}
