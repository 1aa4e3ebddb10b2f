//! What is stored for U+0000. PostgreSQL refuses NUL in `text` and in `jsonb` strings, SQLite
//! takes it; so both store U+FFFD (the replacement character) in its place and read alike.
//! Where the exact bytes matter (an inbound message the database refused) they go to a byte
//! column instead.

use std::borrow::Cow;

use serde_json::Value;

pub(crate) const NUL_STANDS_FOR: char = '\u{FFFD}';

/// The text with every NUL replaced by U+FFFD; borrowed when there was none.
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    if text.contains('\0') {
        Cow::Owned(text.replace('\0', &NUL_STANDS_FOR.to_string()))
    } else {
        Cow::Borrowed(text)
    }
}

pub(crate) fn clean_opt(text: &Option<String>) -> Option<String> {
    text.as_deref().map(|t| clean(t).into_owned())
}

/// The JSON with NUL replaced in every string and key.
pub(crate) fn clean_json(value: &Value) -> Cow<'_, Value> {
    if !has_nul(value) {
        return Cow::Borrowed(value);
    }
    fn walk(v: &Value) -> Value {
        match v {
            Value::String(s) => Value::String(clean(s).into_owned()),
            Value::Array(items) => Value::Array(items.iter().map(walk).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (clean(k).into_owned(), walk(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    Cow::Owned(walk(value))
}

fn has_nul(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(has_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || has_nul(v)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nul_becomes_the_replacement_character_everywhere() {
        assert_eq!(clean("a\0b\0"), "a\u{FFFD}b\u{FFFD}");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        let v = json!({"k\0": ["x\0", 1, {"y": "\0"}], "n": null});
        assert_eq!(
            clean_json(&v).into_owned(),
            json!({"k\u{FFFD}": ["x\u{FFFD}", 1, {"y": "\u{FFFD}"}], "n": null})
        );
        let plain = json!({"a": "b"});
        assert!(matches!(clean_json(&plain), Cow::Borrowed(_)));
    }
}
