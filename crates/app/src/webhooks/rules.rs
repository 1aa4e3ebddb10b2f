//! What a webhook's URL, event types, custom headers and secret may be. Each rule answers with
//! a message for the field it guards.

use std::collections::BTreeMap;
use std::net::IpAddr;

use gerbang_core::event::types;

use crate::fetch::is_internal;

const MAX_URL: usize = 2048;
const MAX_HEADERS: usize = 20;
const MAX_HEADER_VALUE: usize = 1024;

/// Headers the gateway sets itself or that belong to the connection, not the request.
const RESERVED_HEADERS: [&str; 16] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
    "content-type",
    "content-encoding",
    "expect",
    "user-agent",
];

/// The URL, normalised: http(s), with a host, no credentials, and (unless `allow_internal`)
/// not an internal address. Host names are resolved and checked again at every delivery.
pub(crate) fn url(raw: &str, allow_internal: bool) -> Result<String, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("must not be empty".into());
    }
    if raw.len() > MAX_URL {
        return Err(format!("must be at most {MAX_URL} characters"));
    }
    let parsed = reqwest::Url::parse(raw).map_err(|e| format!("not a URL: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("must be an http:// or https:// URL".into());
    }
    let host = match parsed.host_str() {
        Some(h) if !h.is_empty() => h,
        _ => return Err("the URL has no host".into()),
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("must not contain credentials; send them in `headers` instead".into());
    }
    if !allow_internal && internal_host(host) {
        return Err(format!(
            "{host} is an internal address; webhooks must reach a public host"
        ));
    }
    Ok(parsed.to_string())
}

/// A literal internal address or a name that only means this machine or its network.
pub(crate) fn internal_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = host.parse::<IpAddr>() {
        return is_internal(ip);
    }
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || [".localhost", ".local", ".internal", ".home.arpa"]
            .iter()
            .any(|suffix| host.ends_with(suffix))
}

/// The event types, each known, without repeats (empty: all).
pub(crate) fn events(list: &[String]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for name in list {
        let name = name.trim();
        if !types::ALL.contains(&name) {
            return Err(format!(
                "unknown event type {name:?}; known: {}",
                types::ALL.join(", ")
            ));
        }
        if !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    Ok(out)
}

/// Custom headers: valid names and values, none the gateway sets or that steer the connection.
pub(crate) fn headers(map: &BTreeMap<String, String>) -> Result<BTreeMap<String, String>, String> {
    if map.len() > MAX_HEADERS {
        return Err(format!("at most {MAX_HEADERS} headers"));
    }
    let mut seen: Vec<String> = Vec::new();
    let mut out = BTreeMap::new();
    for (name, value) in map {
        let lower = name.trim().to_ascii_lowercase();
        if reqwest::header::HeaderName::from_bytes(lower.as_bytes()).is_err() || lower.len() > 64 {
            return Err(format!("{name:?} is not a valid header name"));
        }
        if RESERVED_HEADERS.contains(&lower.as_str()) || lower.starts_with("x-gerbang-") {
            return Err(format!(
                "{name} is set by the gateway or the connection and cannot be customised"
            ));
        }
        if seen.contains(&lower) {
            return Err(format!("{name} is given twice"));
        }
        if value.len() > MAX_HEADER_VALUE
            || value.chars().any(|c| c.is_control() && c != '\t')
            || reqwest::header::HeaderValue::from_str(value).is_err()
        {
            return Err(format!(
                "the value of {name} must be at most {MAX_HEADER_VALUE} characters of visible text"
            ));
        }
        seen.push(lower);
        out.insert(name.trim().to_string(), value.clone());
    }
    Ok(out)
}

/// A secret chosen by the client: long enough to resist guessing, printable.
pub(crate) fn secret(s: &str) -> Result<(), String> {
    let len = s.chars().count();
    if !(16..=200).contains(&len) || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must be 16 to 200 characters without spaces".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            url(" https://example.com/hook ", false).unwrap(),
            "https://example.com/hook"
        );
        assert!(url("ftp://example.com/x", false).is_err());
        assert!(url("https://", false).is_err());
        assert!(url("not a url", false).is_err());
        assert!(url("http://user:pw@example.com/", false).is_err());
        for internal in [
            "http://127.0.0.1:9/x",
            "http://localhost/x",
            "http://[::1]/x",
            "http://10.0.0.1/",
            "http://169.254.169.254/latest",
            "http://2130706433/",
            "http://metadata.google.internal/",
        ] {
            assert!(url(internal, false).is_err(), "{internal}");
        }
        assert!(url("http://127.0.0.1:9/x", true).is_ok());
    }

    #[test]
    fn event_types() {
        assert_eq!(
            events(&["message.new".into(), "message.new".into()]).unwrap(),
            vec!["message.new"]
        );
        assert!(events(&[]).unwrap().is_empty());
        assert!(events(&["message.everything".into()]).is_err());
    }

    #[test]
    fn custom_headers() {
        let ok = BTreeMap::from([("Authorization".to_string(), "Bearer abc".to_string())]);
        assert_eq!(headers(&ok).unwrap(), ok);
        for bad in [
            "Host",
            "content-length",
            "Connection",
            "X-Gerbang-Signature",
            "Transfer-Encoding",
            "bad name",
        ] {
            let map = BTreeMap::from([(bad.to_string(), "x".to_string())]);
            assert!(headers(&map).is_err(), "{bad}");
        }
        let crlf = BTreeMap::from([("X-A".to_string(), "a\r\nX-B: b".to_string())]);
        assert!(headers(&crlf).is_err());
        let twice = BTreeMap::from([
            ("X-A".to_string(), "1".to_string()),
            ("x-a".to_string(), "2".to_string()),
        ]);
        assert!(headers(&twice).is_err());
    }

    #[test]
    fn secrets() {
        assert!(secret("a-long-enough-secret").is_ok());
        assert!(secret("short").is_err());
        assert!(secret("has spaces in the secret").is_err());
    }
}
