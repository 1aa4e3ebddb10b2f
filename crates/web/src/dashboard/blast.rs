//! A new bulk job ("blast") from a form: device, recipients (typed, by tags or categories, or a
//! CSV file), a message or a template, and the pacing fields with the API's defaults. On
//! success the browser goes to the job's page, which shows its progress live.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use gerbang_app::devices::DeviceQuery;
use gerbang_app::jobs::{CreateJobInput, JobPreview, RecipientInput};
use gerbang_app::templates::TemplateView;
use gerbang_app::{AppError, Principal};
use gerbang_core::contact::{Category, TagCount};
use gerbang_core::device::Device;
use gerbang_core::job::QuietHours;
use gerbang_core::user::User;

use super::contacts::book_of;
use super::echo::{typed, with_status, Echo};
use super::form::{check, tag_list, Posted, Unreadable};
use super::message_templates::templates_of;
use super::pages::{fail, render, Chrome};
use super::session::{Ctx, Signed};
use crate::AppState;

#[derive(Template)]
#[template(path = "blast.html")]
struct BlastPage {
    c: Chrome,
    devices: Vec<Device>,
    templates: Vec<TemplateView>,
    tags: Vec<TagCount>,
    categories: Vec<Category>,
    /// The device whose owner's address book the form offers.
    device: String,
    /// That owner's name, when it is not the signed-in user (an administrator's blast).
    owner_name: Option<String>,
    /// Whether the devices belong to more than one person (then the book can be switched).
    several_owners: bool,
}

#[derive(Deserialize, Default)]
pub struct BlastQuery {
    device: Option<String>,
}

/// The form. A job uses the contacts, tags, categories and templates of the device's owner
/// (as the API does), so an administrator's form offers that owner's and says whose they are.
pub async fn page(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Query(q): Query<BlastQuery>,
) -> Response {
    let dq = DeviceQuery {
        per_page: Some(100),
        ..DeviceQuery::default()
    };
    let devices = match s.app.list_devices(&Principal::User(user.clone()), dq).await {
        Ok(p) => p.items,
        Err(e) => return fail(&ctx, "/overview", e),
    };
    let wanted = ctx
        .echo
        .as_ref()
        .and_then(|e| e.value("device"))
        .map(str::to_string)
        .or(q.device);
    let device = wanted
        .and_then(|id| devices.iter().find(|d| d.device_id == id))
        .or(devices.first());
    let owner = device.map_or(user.id, |d| d.user_id);
    let owner_name = match owner == user.id {
        true => None,
        false => s.app.store.user(owner).await.ok().flatten().map(|u| {
            if u.full_name.trim().is_empty() {
                u.username
            } else {
                u.full_name
            }
        }),
    };
    let (categories, tags) = book_of(&s, &user, owner).await;
    render(&BlastPage {
        c: Chrome::new(&ctx, "blast.title"),
        device: device.map(|d| d.device_id.clone()).unwrap_or_default(),
        several_owners: devices.iter().any(|d| d.user_id != owner),
        owner_name,
        templates: templates_of(&s, &user, owner).await,
        devices,
        tags,
        categories,
    })
}

/// A number field left empty is the API's default; one that is not a number is refused.
fn number(f: &Posted, name: &str, api_name: &str) -> Result<Option<f64>, AppError> {
    match f.opt(name) {
        None => Ok(None),
        Some(v) => v
            .replace(',', ".")
            .parse::<f64>()
            .map(Some)
            .map_err(|_| AppError::field(api_name, "not a number")),
    }
}

fn job_input(f: &Posted) -> Result<CreateJobInput, AppError> {
    let typed: Vec<RecipientInput> = f
        .raw("recipients")
        .split(['\n', ',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| RecipientInput::Phone(p.to_string()))
        .collect();
    let quiet_hours = match (f.opt("quiet_start"), f.opt("quiet_end")) {
        (Some(a), Some(b)) => Some(QuietHours {
            start: parse_time(&a).ok_or_else(|| AppError::field("quietHours", "HH:MM"))?,
            end: parse_time(&b).ok_or_else(|| AppError::field("quietHours", "HH:MM"))?,
        }),
        (None, None) => None,
        _ => return Err(AppError::field("quietHours", "give both start and end")),
    };
    let csv = match &f.file {
        Some((bytes, _)) => Some(
            String::from_utf8(bytes.clone())
                .map_err(|_| AppError::field("csv", "the file is not UTF-8 text"))?,
        ),
        // The review step carries a chosen file's text along (a file field cannot be refilled).
        None => Some(f.raw("csv_text")).filter(|t| !t.trim().is_empty()),
    };
    let tags = tag_list(&f.get("tags"));
    let category_ids = f.ids("category");
    let daily_cap = match number(f, "daily_cap", "dailyCap")? {
        Some(n) if n >= 1.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => Some(n as u32),
        Some(_) => return Err(AppError::field("dailyCap", "a whole number from 1")),
        None => None,
    };
    Ok(CreateJobInput {
        recipients: Some(typed).filter(|r| !r.is_empty()),
        messages: None,
        message: Some(f.raw("message")).filter(|m| !m.trim().is_empty()),
        template_id: f.get("template").parse().ok(),
        tags: Some(tags).filter(|t| !t.is_empty()),
        category_ids: Some(category_ids).filter(|c| !c.is_empty()),
        csv,
        delay_secs: number(f, "delay", "delaySecs")?,
        jitter_secs: number(f, "jitter", "jitterSecs")?,
        daily_cap,
        quiet_hours,
        timezone: f.opt("timezone"),
        typing: f.checked("typing"),
        warmup: f.checked("warmup"),
    })
}

fn parse_time(v: &str) -> Option<chrono::NaiveTime> {
    chrono::NaiveTime::parse_from_str(v, "%H:%M")
        .or_else(|_| chrono::NaiveTime::parse_from_str(v, "%H:%M:%S"))
        .ok()
}

/// The form's fields to carry through the review step (and back to the form): everything typed,
/// a chosen CSV file as its text, never the token or the step buttons.
fn carried(f: &Posted) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = typed(f)
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "confirm" | "edit" | "csv_text"))
        .collect();
    let csv = match &f.file {
        Some((bytes, _)) => String::from_utf8(bytes.clone()).ok(),
        None => Some(f.raw("csv_text")),
    };
    if let Some(text) = csv.filter(|t| !t.trim().is_empty()) {
        out.push(("csv_text".into(), text));
    }
    out
}

/// The blast form again, as typed, with each refused field's reason beside it.
async fn refuse(s: AppState, ctx: &Ctx, user: User, f: &Posted, e: Option<AppError>) -> Response {
    let rename = [
        ("recipients", "recipients"),
        ("templateId", "template"),
        ("delaySecs", "delay"),
        ("jitterSecs", "jitter"),
        ("dailyCap", "daily_cap"),
        ("quietHours", "quiet_start"),
        ("timezone", "timezone"),
        ("csv", "csv"),
        ("message", "message"),
        ("tags", "tags"),
        ("categoryIds", "category"),
        ("deviceId", "device"),
    ];
    let echo = match &e {
        Some(e) => Echo::refused(ctx.lang, "blast", carried(f), e, &rename),
        None => Echo {
            values: carried(f),
            form: "blast".into(),
            ..Echo::default()
        },
    };
    let page = page(
        State(s),
        Signed(ctx.echoing(echo), user),
        Query(BlastQuery::default()),
    )
    .await;
    match e {
        Some(e) => with_status(page, Echo::status(&e)),
        None => page,
    }
}

#[derive(Template)]
#[template(path = "blast_review.html")]
struct ReviewPage {
    c: Chrome,
    device: String,
    preview: JobPreview,
    carried: Vec<(String, String)>,
    finish: chrono::DateTime<chrono::Utc>,
}

impl ReviewPage {
    fn send_label(&self) -> String {
        self.c
            .t("blast.send_to")
            .replace("{n}", &self.c.num(self.preview.recipients as i64))
    }

    fn pace(&self) -> String {
        self.c
            .t("blast.pace")
            .replace("{delay}", &secs(self.preview.delay_secs))
            .replace("{jitter}", &secs(self.preview.jitter_secs))
    }

    fn duration(&self) -> String {
        let s = self.preview.estimated_secs;
        let (h, m) = (s / 3600, (s % 3600).div_ceil(60));
        match (h, m) {
            (0, 0) => self.c.t("blast.under_a_minute"),
            (0, m) => self.c.t("blast.minutes").replace("{m}", &m.to_string()),
            (h, m) => self
                .c
                .t("blast.hours")
                .replace("{h}", &h.to_string())
                .replace("{m}", &m.to_string()),
        }
    }
}

fn secs(v: f64) -> String {
    let text = format!("{v:.1}");
    text.trim_end_matches(".0").to_string()
}

/// First the review ("Send to 1,250 contacts", a sample of each wording, the pacing and when
/// it should finish), then, confirmed, the job. "Change" goes back to the form as typed.
pub async fn submit(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, "/blast") {
        Ok(f) => f,
        Err(r) => return *r,
    };
    if f.checked("edit") {
        return refuse(s, &ctx, user, &f, None).await;
    }
    let input = match job_input(&f) {
        Ok(i) => i,
        Err(e) => return refuse(s, &ctx, user, &f, Some(e)).await,
    };
    let device = f.get("device");
    let who = Principal::User(user.clone());
    if !f.checked("confirm") {
        return match s.app.preview_job(&who, &device, input).await {
            Ok(preview) => {
                let finish = chrono::Utc::now()
                    + chrono::Duration::seconds(preview.estimated_secs.min(i64::MAX as u64) as i64);
                render(&ReviewPage {
                    c: Chrome::new(&ctx, "blast.review_title"),
                    device,
                    preview,
                    carried: carried(&f),
                    finish,
                })
            }
            Err(e) => refuse(s, &ctx, user, &f, Some(e)).await,
        };
    }
    match s.app.create_job(&who, &device, input).await {
        Ok(job) => ctx.flash_redirect(&format!("/jobs/{}", job.job_id), "ok", "blast.created", ""),
        Err(e) => refuse(s, &ctx, user, &f, Some(e)).await,
    }
}
