//! A refused form shown again as it was typed, each refused field marked with its reason beside
//! it (not a banner naming fields): the handler renders its page with an [`Echo`] in the
//! context instead of redirecting, and templates read values and problems through `c`.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::Response;

use gerbang_app::AppError;

use super::i18n::{self, Lang};

#[derive(Clone, Debug, Default)]
pub struct Echo {
    /// The form's fields as posted (repeated names kept).
    pub values: Vec<(String, String)>,
    /// Form field name → the reason, already in the page's language.
    pub errors: BTreeMap<String, String>,
    /// A problem that is not one field's (the device is offline, …), shown at the form.
    pub general: Option<String>,
    /// Which form on the page was posted (pages with several forms).
    pub form: String,
}

impl Echo {
    /// `rename` maps the API's field names to the form's (`("phone", "to")`); fields the form
    /// does not have go to `general`, so no reason is ever lost.
    pub fn refused(
        lang: Lang,
        form: &str,
        values: Vec<(String, String)>,
        e: &AppError,
        rename: &[(&str, &str)],
    ) -> Echo {
        let mut echo = Echo {
            values,
            form: form.to_string(),
            ..Echo::default()
        };
        match e {
            AppError::Validation(fields) => {
                for (api, why) in fields {
                    let base = api.split(['[', '.']).next().unwrap_or(api);
                    let name = rename
                        .iter()
                        .find(|(a, _)| *a == base)
                        .map(|(_, f)| f.to_string())
                        .unwrap_or_else(|| base.to_string());
                    let known = echo.values.iter().any(|(k, _)| *k == name)
                        || rename.iter().any(|(_, f)| *f == name);
                    let text = reason(lang, why);
                    if known {
                        echo.errors.entry(name).or_insert(text);
                    } else {
                        let label = i18n::text(lang, &format!("field.{base}"));
                        echo.general = Some(format!("{label}: {text}"));
                    }
                }
            }
            AppError::Conflict { field, message } => {
                let text = reason(lang, message);
                match field {
                    Some(f) => {
                        let name = rename
                            .iter()
                            .find(|(a, _)| *a == f.as_str())
                            .map(|(_, n)| n.to_string())
                            .unwrap_or_else(|| f.clone());
                        echo.errors.insert(name, text);
                    }
                    None => echo.general = Some(text),
                }
            }
            other => echo.general = Some(i18n::text(lang, general_key(other))),
        }
        echo
    }

    /// Only the posted form is echoed on a page with several.
    pub fn of(&self, form: &str) -> bool {
        self.form == form
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn has(&self, name: &str, value: &str) -> bool {
        self.values.iter().any(|(k, v)| k == name && v == value)
    }

    /// The status to answer with: the form is shown again, refused.
    pub fn status(e: &AppError) -> StatusCode {
        match e {
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::RateLimited { .. } | AppError::TooManyRequests { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::DeviceNotConnected { .. } => StatusCode::CONFLICT,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

/// What a [`Posted`](super::form::Posted) form held, without its token.
pub fn typed(f: &super::form::Posted) -> Vec<(String, String)> {
    f.fields
        .iter()
        .filter(|(k, _)| k != "_csrf")
        .cloned()
        .collect()
}

/// A page rendered for a refused form answers with the refusal's status.
pub fn with_status(mut res: Response, status: StatusCode) -> Response {
    if res.status().is_success() {
        *res.status_mut() = status;
    }
    res
}

fn general_key(e: &AppError) -> &'static str {
    match e {
        AppError::Unauthorized { .. } => "err.unauthorized",
        AppError::Forbidden(_) => "err.forbidden",
        AppError::NotFound(_) => "err.not_found",
        AppError::RateLimited { .. } | AppError::TooManyRequests { .. } => "err.rate_limited",
        AppError::DeviceNotConnected { .. } => "err.not_connected",
        AppError::PayloadTooLarge(_) => "err.too_large",
        AppError::UnsupportedMediaType(_) => "err.media_type",
        _ => "err.generic",
    }
}

/// The service's reasons are English sentences for API callers. English pages show them as
/// they are; Indonesian pages get the kind of problem in Indonesian (the common kinds by what
/// the sentence says, else a plain "not valid"), never the English sentence.
pub fn reason(lang: Lang, why: &str) -> String {
    if lang == Lang::En {
        let mut c = why.chars();
        return match c.next() {
            Some(first) => first.to_uppercase().chain(c).collect(),
            None => why.to_string(),
        };
    }
    let w = why.to_ascii_lowercase();
    let key = if w.contains("required") || w.contains("empty") || w.contains("missing") {
        "reason.required"
    } else if w.contains("already") || w.contains("taken") || w.contains("exists") {
        "reason.taken"
    } else if w.contains("too long") || w.contains("at most") || w.contains("longer than") {
        "reason.too_long"
    } else if w.contains("too short") || w.contains("at least") {
        "reason.too_short"
    } else if w.contains("phone") || w.contains("number") || w.contains("digits") {
        "reason.phone"
    } else if w.contains("time zone") || w.contains("timezone") {
        "reason.timezone"
    } else if w.contains("email") {
        "reason.email"
    } else if w.contains("password") {
        "reason.password"
    } else if w.contains("not connected") || w.contains("not found") {
        "reason.not_found"
    } else {
        "reason.invalid"
    };
    i18n::text(lang, key)
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_in_the_page_language() {
        assert_eq!(reason(Lang::En, "must not be empty"), "Must not be empty");
        for why in [
            "must not be empty",
            "already taken",
            "not a phone number",
            "at most 64 characters",
            "unknown time zone",
            "something else",
        ] {
            let text = reason(Lang::Id, why);
            assert!(i18n::has(&format!("reason.{}", "invalid")));
            assert!(!text.starts_with("reason."), "{text}");
            assert!(!text.contains(why), "{text}");
        }
    }

    #[test]
    fn a_refused_field_is_marked_under_the_form_name() {
        let e = AppError::field("phone", "not a phone number");
        let echo = Echo::refused(
            Lang::En,
            "send",
            vec![("to".into(), "12".into())],
            &e,
            &[("phone", "to")],
        );
        assert_eq!(echo.errors["to"], "Not a phone number");
        assert_eq!(echo.value("to"), Some("12"));
        assert!(echo.general.is_none());
    }
}
