//! Contact categories: list with their sizes, create, rename, delete; each links to its
//! contacts on the contacts page.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use gerbang_app::contacts::{CategoryInput, CategoryUpdate};
use gerbang_app::{AppError, AppResult};
use gerbang_core::contact::Category;

use super::contacts::book;
use super::echo::{typed, with_status, Echo};
use super::form::{check, Posted, Unreadable};
use super::pages::{done, render, Chrome};
use super::session::{Ctx, Signed};
use crate::AppState;

#[derive(Template)]
#[template(path = "categories.html")]
struct CategoriesPage {
    c: Chrome,
    categories: Vec<Category>,
}

pub async fn list(State(s): State<AppState>, Signed(ctx, user): Signed) -> Response {
    let (categories, _) = book(&s, &user).await;
    render(&CategoriesPage {
        c: Chrome::new(&ctx, "categories.title"),
        categories,
    })
}

pub async fn create(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, "/categories") {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let input = CategoryInput {
        name: f.get("name"),
        description: f.opt("description"),
        user_id: None,
    };
    let result = s.app.create_category(&user, input).await;
    answer(
        s,
        ctx,
        user,
        &f,
        "create-category",
        result,
        "categories.created",
    )
    .await
}

/// A refused form comes back as typed with its field's reason; anything else as usual.
async fn answer<T>(
    s: AppState,
    ctx: Ctx,
    user: gerbang_core::user::User,
    f: &Posted,
    form: &str,
    result: AppResult<T>,
    done_key: &str,
) -> Response {
    match result {
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let echo = Echo::refused(ctx.lang, form, typed(f), &e, &[]);
            let page = list(State(s), Signed(ctx.echoing(echo), user)).await;
            with_status(page, Echo::status(&e))
        }
        other => done(&ctx, other, "/categories", done_key),
    }
}

pub async fn rename(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<i64>,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, "/categories") {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let input = CategoryUpdate {
        name: Some(f.get("name")),
        description: None,
    };
    let result = s.app.update_category(&user, id, input).await;
    let form = format!("rename-{id}");
    answer(s, ctx, user, &f, &form, result, "categories.saved").await
}

pub async fn delete(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Path(id): Path<i64>,
    form: Result<Posted, Unreadable>,
) -> Response {
    if let Err(r) = check(&ctx, form, "/categories") {
        return *r;
    }
    done(
        &ctx,
        s.app.delete_category(&user, id).await,
        "/categories",
        "categories.deleted",
    )
}
