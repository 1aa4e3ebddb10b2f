//! Message templates: list, create, edit, delete, and a preview rendered for a saved contact
//! or typed sample values (a GET form: previewing changes nothing).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value};

use gerbang_app::contacts::ContactQuery;
use gerbang_app::templates::{
    Preview, PreviewInput, TemplateInput, TemplateQuery, TemplateUpdate, TemplateView,
};
use gerbang_app::AppError;
use gerbang_core::contact::Contact;
use gerbang_core::user::User;

use super::echo::{typed, with_status, Echo};
use super::form::{check, Posted, Unreadable};
use super::pages::{done, error_page, render, Chrome};
use super::session::Signed;
use crate::AppState;

#[derive(Template)]
#[template(path = "templates.html")]
struct TemplatesPage {
    c: Chrome,
    templates: Vec<TemplateView>,
}

/// The user's templates (for the list and the blast form).
pub async fn own(s: &AppState, user: &User) -> Vec<TemplateView> {
    templates_of(s, user, user.id).await
}

/// `owner`'s templates, as `user` may see them (an administrator: anyone's).
pub async fn templates_of(
    s: &AppState,
    user: &User,
    owner: gerbang_core::user::UserId,
) -> Vec<TemplateView> {
    let q = TemplateQuery {
        page: Some(1),
        per_page: Some(100),
        search: None,
        user_id: Some(owner),
    };
    s.app
        .list_templates(user, q)
        .await
        .map(|p| p.items)
        .unwrap_or_default()
}

pub async fn list(State(s): State<AppState>, Signed(ctx, user): Signed) -> Response {
    render(&TemplatesPage {
        c: Chrome::new(&ctx, "templates.title"),
        templates: own(&s, &user).await,
    })
}

pub async fn create(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, "/templates") {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let input = TemplateInput {
        name: f.get("name"),
        body: f.raw("body"),
        user_id: None,
    };
    match s.app.create_template(&user, input).await {
        Ok(t) => ctx.flash_redirect(
            &format!("/templates/{}", t.id),
            "ok",
            "templates.created",
            "",
        ),
        Err(e) => {
            let echo = Echo::refused(ctx.lang, "template", typed(&f), &e, &[]);
            let ctx = ctx.echoing(echo);
            with_status(list(State(s), Signed(ctx, user)).await, Echo::status(&e))
        }
    }
}

#[derive(Deserialize, Default)]
pub struct PreviewQuery {
    /// A saved contact's id, or empty.
    contact: Option<String>,
    /// Sample values, one `name=value` a line.
    values: Option<String>,
    preview: Option<String>,
}

#[derive(Template)]
#[template(path = "template.html")]
struct TemplatePage {
    c: Chrome,
    t: TemplateView,
    contacts: Vec<Contact>,
    contact: Option<i64>,
    values: String,
    preview: Option<Preview>,
    /// Why the preview could not be made (a catalogue key).
    preview_error: Option<String>,
}

impl TemplatePage {
    fn is_contact(&self, id: &i64) -> bool {
        self.contact == Some(*id)
    }
}

/// `name=value` lines as template variables.
fn sample_values(text: &str) -> Map<String, Value> {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), Value::String(v.trim().to_string())))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

pub async fn detail(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<i64>,
    Query(q): Query<PreviewQuery>,
) -> Response {
    let Ok(t) = s.app.template_view(&user, id).await else {
        return error_page(&ctx, 404, "error.not_found");
    };
    let cq = ContactQuery {
        page: Some(1),
        per_page: Some(100),
        user_id: Some(user.id),
        ..ContactQuery::default()
    };
    let contacts = s
        .app
        .list_contacts(&user, cq)
        .await
        .map(|p| p.items)
        .unwrap_or_default();
    let contact = q.contact.and_then(|c| c.parse::<i64>().ok());
    let values = q.values.unwrap_or_default();
    let (mut preview, mut preview_error) = (None, None);
    if q.preview.is_some() {
        let input = PreviewInput {
            contact_id: contact,
            variables: sample_values(&values),
        };
        match s.app.preview_template(&user, id, input).await {
            Ok(p) => preview = Some(p),
            Err(_) => preview_error = Some("templates.preview_failed".to_string()),
        }
    }
    render(&TemplatePage {
        c: Chrome::new(&ctx, "templates.edit"),
        t,
        contacts,
        contact,
        values,
        preview,
        preview_error,
    })
}

pub async fn save(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<i64>,
    form: Result<Posted, Unreadable>,
) -> Response {
    let back = format!("/templates/{id}");
    let f = match check(&ctx, form, &back) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let input = TemplateUpdate {
        name: Some(f.get("name")),
        body: Some(f.raw("body")),
    };
    match s.app.update_template(&user, id, input).await {
        // Refused: the page comes back with the edit as typed and each field's reason.
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let echo = Echo::refused(ctx.lang, "edit-template", typed(&f), &e, &[]);
            let page = detail(
                State(s),
                Signed(ctx.echoing(echo), user),
                Path(id),
                Query(PreviewQuery::default()),
            )
            .await;
            with_status(page, Echo::status(&e))
        }
        other => done(&ctx, other, &back, "templates.saved"),
    }
}

pub async fn delete(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<i64>,
    form: Result<Posted, Unreadable>,
) -> Response {
    if let Err(r) = check(&ctx, form, "/templates") {
        return *r;
    }
    done(
        &ctx,
        s.app.delete_template(&user, id).await,
        "/templates",
        "templates.deleted",
    )
}
