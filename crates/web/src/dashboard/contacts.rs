//! The address book: contacts with search, tag and category filters; create, edit, delete;
//! CSV import with its report; CSV/JSON export. Each user sees their own book here (admins
//! reach other books through the API).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use gerbang_app::contacts::csv_import::{ImportOptions, ImportReport};
use gerbang_app::contacts::{
    to_csv, ContactInput, ContactQuery, ContactUpdate, ExportFormat, ExportQuery, OwnerQuery,
};
use gerbang_core::contact::{Category, Contact, TagCount};
use gerbang_core::user::User;

use super::echo::{typed, with_status, Echo};
use super::form::{check, tag_list, Posted, Unreadable};
use super::pages::{done, error_page, fail, render, Chrome};
use super::send::urlencode;
use super::session::Signed;
use crate::AppState;
use gerbang_app::AppError;

/// The import form takes files as large as the API's import.
pub(crate) use crate::routes::contacts::IMPORT_BODY_LIMIT as IMPORT_LIMIT;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    search: Option<String>,
    tag: Option<String>,
    category: Option<String>,
    page: Option<u32>,
}

#[derive(Template)]
#[template(path = "contacts.html")]
struct ContactsPage {
    c: Chrome,
    contacts: Vec<Contact>,
    tags: Vec<TagCount>,
    categories: Vec<Category>,
    search: String,
    tag: String,
    category: Option<i64>,
    page: u32,
    total_pages: i64,
    total: i64,
}

impl ContactsPage {
    fn is_category(&self, id: &i64) -> bool {
        self.category == Some(*id)
    }

    fn filter_query(&self) -> String {
        let mut q = format!(
            "search={}&tag={}",
            urlencode(&self.search),
            urlencode(&self.tag)
        );
        if let Some(id) = self.category {
            q.push_str(&format!("&category={id}"));
        }
        q
    }

    fn page_link(&self, page: u32) -> String {
        format!("/contacts?{}&page={page}", self.filter_query())
    }

    fn export_link(&self, format: &str) -> String {
        format!("/contacts/export?format={format}&{}", self.filter_query())
    }
}

/// The user's categories and tags, for the filters and the forms.
pub async fn book(s: &AppState, user: &User) -> (Vec<Category>, Vec<TagCount>) {
    book_of(s, user, user.id).await
}

/// `owner`'s categories and tags, as `user` may see them (an administrator: anyone's).
pub async fn book_of(
    s: &AppState,
    user: &User,
    owner: gerbang_core::user::UserId,
) -> (Vec<Category>, Vec<TagCount>) {
    let q = OwnerQuery {
        user_id: Some(owner),
        page: Some(1),
        per_page: Some(100),
    };
    let categories = s
        .app
        .list_categories(user, q)
        .await
        .map(|p| p.items)
        .unwrap_or_default();
    let tags = s.app.tags(user, Some(owner)).await.unwrap_or_default();
    (categories, tags)
}

pub async fn list(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Query(q): Query<ListQuery>,
) -> Response {
    let search = q.search.unwrap_or_default();
    let tag = q.tag.unwrap_or_default();
    let category = q.category.and_then(|c| c.parse::<i64>().ok());
    let cq = ContactQuery {
        page: q.page,
        per_page: Some(25),
        search: Some(search.clone()).filter(|s| !s.trim().is_empty()),
        tag: Some(tag.clone()).filter(|t| !t.trim().is_empty()),
        category_id: category,
        user_id: Some(user.id),
    };
    let (categories, tags) = book(&s, &user).await;
    match s.app.list_contacts(&user, cq).await {
        Ok(p) => render(&ContactsPage {
            c: Chrome::new(&ctx, "contacts.title"),
            contacts: p.items,
            tags,
            categories,
            search,
            tag,
            category,
            page: p.page,
            total_pages: p.total_pages,
            total: p.total,
        }),
        Err(e) => fail(&ctx, "/overview", e),
    }
}

pub async fn create(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, "/contacts") {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let input = ContactInput {
        name: f.get("name"),
        phone: f.get("phone"),
        tags: tag_list(&f.get("tags")),
        category_ids: f.ids("category"),
        fields: Default::default(),
        notes: f.opt("notes"),
        user_id: None,
    };
    match s.app.create_contact(&user, input).await {
        Err(e) => {
            let rename = [("categoryIds", "category"), ("fields", "notes")];
            let echo = Echo::refused(ctx.lang, "contact", typed(&f), &e, &rename);
            let ctx = ctx.echoing(echo);
            let page = list(State(s), Signed(ctx, user), Query(ListQuery::default())).await;
            with_status(page, Echo::status(&e))
        }
        ok => done(&ctx, ok, "/contacts", "contacts.created"),
    }
}

#[derive(Template)]
#[template(path = "contact.html")]
struct ContactPage {
    c: Chrome,
    contact: Contact,
    categories: Vec<Category>,
}

impl ContactPage {
    fn in_category(&self, id: &i64) -> bool {
        self.contact.categories.iter().any(|c| c.id == *id)
    }
}

pub async fn detail(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<i64>,
) -> Response {
    let Ok(contact) = s.app.contact(&user, id).await else {
        return error_page(&ctx, 404, "error.not_found");
    };
    let (categories, _) = book(&s, &user).await;
    render(&ContactPage {
        c: Chrome::new(&ctx, "contacts.edit"),
        contact,
        categories,
    })
}

pub async fn save(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<i64>,
    form: Result<Posted, Unreadable>,
) -> Response {
    let back = format!("/contacts/{id}");
    let f = match check(&ctx, form, &back) {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let input = ContactUpdate {
        name: Some(f.get("name")),
        phone: Some(f.get("phone")),
        tags: Some(tag_list(&f.get("tags"))),
        category_ids: Some(f.ids("category")),
        fields: None,
        notes: Some(f.opt("notes")),
    };
    match s.app.update_contact(&user, id, input).await {
        Err(e @ AppError::Validation(_)) | Err(e @ AppError::Conflict { .. }) => {
            let echo = Echo::refused(
                ctx.lang,
                "edit-contact",
                typed(&f),
                &e,
                &[("categoryIds", "category")],
            );
            let page = detail(State(s), Signed(ctx.echoing(echo), user), Path(id)).await;
            with_status(page, Echo::status(&e))
        }
        other => done(&ctx, other, &back, "contacts.saved"),
    }
}

pub async fn delete(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<i64>,
    form: Result<Posted, Unreadable>,
) -> Response {
    if let Err(r) = check(&ctx, form, "/contacts") {
        return *r;
    }
    done(
        &ctx,
        s.app.delete_contact(&user, id).await,
        "/contacts",
        "contacts.deleted",
    )
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    c: Chrome,
    report: ImportReport,
}

/// Imports the uploaded file and shows the report (a page, not a redirect: the report is too
/// long for a flash message).
pub async fn import(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, "/contacts") {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let Some((bytes, _)) = f.file.as_ref() else {
        return ctx.flash_redirect("/contacts", "error", "err.validation", "field.file");
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return ctx.flash_redirect("/contacts", "error", "contacts.not_utf8", "");
    };
    let options = ImportOptions {
        tags: f.opt("tags"),
        category_id: f.get("category").parse().ok(),
        ..ImportOptions::default()
    };
    match s.app.import_contacts(&user, text, options).await {
        Ok(report) => {
            // Nothing on the report changes live; and in headless Chromium an event stream
            // opened by the page an upload returned made leaving that page take ~50 s.
            let mut c = Chrome::new(&ctx, "import.title");
            c.live = false;
            render(&ImportPage { c, report })
        }
        Err(e) => fail(&ctx, "/contacts", e),
    }
}

#[derive(Deserialize, Default)]
pub struct ExportParams {
    format: Option<String>,
    search: Option<String>,
    tag: Option<String>,
    category: Option<String>,
}

pub async fn export(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Query(q): Query<ExportParams>,
) -> Response {
    let format = if q.format.as_deref() == Some("json") {
        ExportFormat::Json
    } else {
        ExportFormat::Csv
    };
    let eq = ExportQuery {
        format: Some(format),
        tag: q.tag.filter(|t| !t.trim().is_empty()),
        category_id: q.category.and_then(|c| c.parse().ok()),
        search: q.search.filter(|t| !t.trim().is_empty()),
        user_id: Some(user.id),
    };
    let contacts = match s.app.export_contacts(&user, &eq).await {
        Ok(c) => c,
        Err(e) => return fail(&ctx, "/contacts", e),
    };
    let (body, mime, name) = match format {
        ExportFormat::Json => match serde_json::to_vec_pretty(&contacts) {
            Ok(b) => (b, "application/json", "contacts.json"),
            Err(_) => return error_page(&ctx, 500, "err.generic"),
        },
        ExportFormat::Csv => match to_csv(&contacts) {
            Ok(b) => (b, "text/csv; charset=utf-8", "contacts.csv"),
            Err(e) => return fail(&ctx, "/contacts", e),
        },
    };
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}
