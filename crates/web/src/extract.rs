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
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json"
                    || (mime.starts_with("application/") && mime.ends_with("+json"))
            })
            .unwrap_or(false);
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    "the request body is larger than this route accepts",
                )
            } else {
                ApiError::bad_request("bad_request", "the request body could not be read")
            }
        })?;
        parse_json(&bytes).map(Json)
    }
}

pub(crate) fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
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
}
