//! Extractors that turn every malformed input into a clear 4xx in our error format, naming the
//! field where one is at fault (axum's own rejections are plain text and sometimes 422).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body: `415` without a JSON content type, `413` when too large, `400` otherwise.
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(req.headers()) {
            return Err(not_json());
        }
        let bytes = read_body(req, state).await?;
        parse_json(&bytes).map(Json)
    }
}

/// A JSON body that stands for what arrives from WhatsApp (the simulator's inbound route): U+0000
/// is let through, because the ingest path must cope with it as the real network delivers it.
pub struct WireJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for WireJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(req.headers()) {
            return Err(not_json());
        }
        let bytes = read_body(req, state).await?;
        parse_json_as_sent(&bytes).map(WireJson)
    }
}

fn is_json(headers: &header::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json"
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
        .unwrap_or(false)
}

fn not_json() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "send the body as JSON with Content-Type: application/json",
    )
}

async fn read_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::bad_request("bad_request", "the request body could not be read")
        }
    })
}

/// A JSON body that may be left out: no body (or an empty one) is `None`; one that is there is
/// read like [`Json`].
pub struct OptionalJson<T>(pub Option<T>);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let json = is_json(req.headers());
        let bytes = read_body(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(None));
        }
        if !json {
            return Err(not_json());
        }
        parse_json(&bytes).map(|v| OptionalJson(Some(v)))
    }
}

pub(crate) fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        "the request body is larger than this route accepts",
    )
}

/// U+0000 is refused in every text a client sends: PostgreSQL cannot store it in text columns
/// (the insert would fail as a 500), and no name, number or message needs it. One rule at the
/// edge, on both databases alike.
const NUL_MESSAGE: &str = "must not contain the character U+0000 (NUL)";

/// Refuses a text value holding U+0000, naming `field`.
pub(crate) fn refuse_nul(field: &str, value: &str) -> Result<(), ApiError> {
    if value.contains('\0') {
        Err(ApiError::invalid_field(field, NUL_MESSAGE))
    } else {
        Ok(())
    }
}

/// The path (as serde_path_to_error writes it: `a.b[2]`) of the first string in a JSON document
/// that holds U+0000, in a key or a value. Only called when the raw body has a `\u0000` escape
/// (raw control characters are not valid JSON), so ordinary bodies are parsed once.
fn nul_path(value: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(s) => s.contains('\0').then(|| path.to_string()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_path(v, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let inner = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            if k.contains('\0') {
                return Some(inner);
            }
            nul_path(v, &inner)
        }),
        _ => None,
    }
}

pub(crate) fn has_nul_escape(bytes: &[u8]) -> bool {
    // The `\` of `\u0000` starts an escape only after an even number of backslashes
    // (`\\u0000` is a backslash and the text `u0000`).
    bytes.windows(6).enumerate().any(|(i, w)| {
        w == b"\\u0000" && bytes[..i].iter().rev().take_while(|b| **b == b'\\').count() % 2 == 0
    })
}

pub(crate) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if has_nul_escape(bytes) {
        if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(bytes) {
            if let Some(path) = nul_path(&doc, "") {
                let field = if path.is_empty() { "body".into() } else { path };
                return Err(ApiError::invalid_field(field, NUL_MESSAGE));
            }
        }
    }
    parse_json_as_sent(bytes)
}

/// [`parse_json`] without the U+0000 check.
fn parse_json_as_sent<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let malformed = |e: &serde_json::Error| {
        ApiError::bad_request(
            "malformed_json",
            format!(
                "the body is not valid JSON: {}",
                strip_position(&e.to_string())
            ),
        )
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            return malformed(&inner);
        }
        let message = strip_position(&inner.to_string());
        let field = if path == "." {
            missing_field(&message)
        } else {
            Some(path)
        };
        match field {
            Some(field) => ApiError::invalid_field(field, message),
            None => ApiError::bad_request("validation_failed", message),
        }
    })?;
    de.end().map_err(|e| malformed(&e))?;
    Ok(value)
}

/// serde says `missing field `x`` at the root; the field is the one in back-quotes.
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next().map(str::to_string)
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Query parameters, with the offending parameter named on failure.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            if key.contains('\0') {
                return Err(ApiError::invalid_field(key, NUL_MESSAGE));
            }
            refuse_nul(&key, &value)?;
        }
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(Query)
            .map_err(|err| {
                let path = err.path().to_string();
                let message = err.into_inner().to_string();
                let field = if path == "." {
                    missing_field(&message)
                } else {
                    Some(path)
                };
                match field {
                    Some(field) => ApiError::invalid_field(field, message),
                    None => ApiError::bad_request("validation_failed", message),
                }
            })
    }
}

/// Path parameters; a value of the wrong shape (a letter in a numeric id) is a 400.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        use axum::extract::path::ErrorKind;
        if let Ok(raw) = axum::extract::RawPathParams::from_request_parts(parts, state).await {
            for (key, value) in raw.iter() {
                refuse_nul(key, value)?;
            }
        }
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(axum::extract::rejection::PathRejection::FailedToDeserializePathParams(e)) => {
                let message = e.body_text();
                // A route with one parameter reports no key; name the one there is.
                let keys: Vec<String> =
                    axum::extract::RawPathParams::from_request_parts(parts, state)
                        .await
                        .map(|raw| raw.iter().map(|(k, _)| k.to_string()).collect())
                        .unwrap_or_default();
                let only_key = || (keys.len() == 1).then(|| keys[0].clone());
                Err(match e.into_kind() {
                    ErrorKind::ParseErrorAtKey { key, .. }
                    | ErrorKind::InvalidUtf8InPathParam { key } => {
                        ApiError::invalid_field(key, message)
                    }
                    ErrorKind::ParseError { .. } => match only_key() {
                        Some(key) => ApiError::invalid_field(key, message),
                        None => ApiError::bad_request("bad_request", message),
                    },
                    _ => ApiError::bad_request("bad_request", message),
                })
            }
            Err(_) => Err(ApiError::internal()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Input {
        user_name: String,
        age: u8,
    }

    #[test]
    fn names_the_field_at_fault() {
        let e = parse_json::<Input>(br#"{"userName": "a", "age": "x"}"#).unwrap_err();
        assert_eq!(e.code, "validation_failed");
        assert!(e.fields.unwrap().contains_key("age"));
        let e = parse_json::<Input>(br#"{"age": 3}"#).unwrap_err();
        assert!(e.fields.unwrap().contains_key("userName"));
        let e = parse_json::<Input>(br#"{"userName": "a", "#).unwrap_err();
        assert_eq!(e.code, "malformed_json");
        let e = parse_json::<Input>(b"").unwrap_err();
        assert_eq!(e.code, "malformed_json");
        let e = parse_json::<Input>(br#"{"userName":"a","age":1} trailing"#).unwrap_err();
        assert_eq!(e.code, "malformed_json");
        assert!(parse_json::<Input>(br#"{"userName":"a","age":1}"#).is_ok());
    }

    #[test]
    fn refuses_nul_anywhere_and_names_where() {
        let e = parse_json::<Input>(br#"{"userName": "a\u0000b", "age": 1}"#).unwrap_err();
        assert_eq!(e.code, "validation_failed");
        assert!(e.fields.unwrap().contains_key("userName"));
        let e = parse_json::<serde_json::Value>(br#"{"a": [{"b": "x"}, {"c": "\u0000"}]}"#)
            .unwrap_err();
        assert!(e.fields.unwrap().contains_key("a[1].c"), "nested path");
        let e = parse_json::<serde_json::Value>(br#"{"k\u0000": 1}"#).unwrap_err();
        assert!(e.fields.unwrap().contains_key("k\u{0}"));
        let e = parse_json::<serde_json::Value>(br#""\u0000""#).unwrap_err();
        assert!(e.fields.unwrap().contains_key("body"));
        // An escaped backslash before `u0000` is text, not NUL.
        let ok = parse_json::<serde_json::Value>(br#"{"a": "\\u0000"}"#).unwrap();
        assert_eq!(ok["a"], "\\u0000");
        assert!(parse_json::<serde_json::Value>(br#"{"a": "\\\u0000"}"#).is_err());
    }
}
