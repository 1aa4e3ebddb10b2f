//! A posted form read the same way whether it came url-encoded or as multipart (the forms with
//! a file): repeated names (checkboxes, multi-selects) are kept, and at most one file.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::session::Ctx;

/// The fields of a form, in order, and the first non-empty file.
#[derive(Default)]
pub struct Posted {
    pub fields: Vec<(String, String)>,
    /// `(bytes, file name)`.
    pub file: Option<(Vec<u8>, Option<String>)>,
}

impl Posted {
    /// The first value of a field, trimmed ("" when absent).
    pub fn get(&self, name: &str) -> String {
        self.raw(name).trim().to_string()
    }

    /// The first value as posted (for message texts, whose spacing matters).
    pub fn raw(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// A non-empty value, or `None`.
    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name)).filter(|v| !v.is_empty())
    }

    /// Every non-empty value of a repeated field.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    pub fn csrf(&self) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == "_csrf")
            .map(|(_, v)| v.as_str())
    }

    pub fn checked(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == name)
    }

    /// Ids from a repeated field; values that are not numbers are left out.
    pub fn ids(&self, name: &str) -> Vec<i64> {
        self.all(name)
            .iter()
            .filter_map(|v| v.parse().ok())
            .collect()
    }
}

/// A form that cannot be read (or is too large) answers with this.
pub struct Unreadable;

impl IntoResponse for Unreadable {
    fn into_response(self) -> Response {
        axum::http::StatusCode::BAD_REQUEST.into_response()
    }
}

impl<S: Send + Sync> FromRequest<S> for Posted {
    type Rejection = Unreadable;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let bytes = axum::body::Bytes::from_request(req, state)
                .await
                .map_err(|_| Unreadable)?;
            let fields: Vec<(String, String)> =
                form_urlencoded::parse(&bytes).into_owned().collect();
            if fields.iter().any(|(k, v)| has_nul(k) || has_nul(v)) {
                return Err(Unreadable);
            }
            return Ok(Posted { fields, file: None });
        }
        let mut form = Multipart::from_request(req, state)
            .await
            .map_err(|_| Unreadable)?;
        let mut out = Posted::default();
        while let Some(field) = form.next_field().await.map_err(|_| Unreadable)? {
            let name = field.name().unwrap_or("").to_string();
            if field.file_name().is_some() {
                let file_name = field
                    .file_name()
                    .map(str::to_string)
                    .filter(|n| !n.is_empty());
                let data = field.bytes().await.map_err(|_| Unreadable)?;
                if !data.is_empty() && out.file.is_none() {
                    out.file = Some((data.to_vec(), file_name));
                }
                continue;
            }
            let value = field.text().await.map_err(|_| Unreadable)?;
            if has_nul(&name) || has_nul(&value) {
                return Err(Unreadable);
            }
            out.fields.push((name, value));
        }
        Ok(out)
    }
}

/// U+0000 is refused in every form, as in the API (PostgreSQL cannot store it in text).
fn has_nul(text: &str) -> bool {
    text.contains('\0')
}

/// A url-encoded form of fixed fields (sign-in, profile, admin forms): `axum::Form`, except that
/// a field holding U+0000 is a 400 like every other unreadable form.
pub struct Form<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .map_err(|_| Unreadable.into_response())?;
        if form_urlencoded::parse(&bytes).any(|(k, v)| has_nul(&k) || has_nul(&v)) {
            return Err((
                axum::http::StatusCode::BAD_REQUEST,
                "A field holds the character U+0000 (NUL), which is not accepted.",
            )
                .into_response());
        }
        let req = Request::from_parts(parts, axum::body::Body::from(bytes));
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|axum::Form(v)| Form(v))
            .map_err(IntoResponse::into_response)
    }
}

/// Tags typed as `vip, baru` (commas or semicolons).
pub fn tag_list(raw: &str) -> Vec<String> {
    raw.split([',', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The form, unless it could not be read (a flash message on `back`) or its CSRF token is
/// wrong (the 403 page). Boxed: a response is large next to the form.
pub fn check(
    ctx: &Ctx,
    form: Result<Posted, Unreadable>,
    back: &str,
) -> Result<Posted, Box<Response>> {
    let f = form.map_err(|_| Box::new(ctx.flash_redirect(back, "error", "err.form", "")))?;
    match ctx.csrf_refusal(f.csrf()) {
        Some(r) => Err(Box::new(r)),
        None => Ok(f),
    }
}
