//! Fetching media by URL without becoming a proxy into the server's own network (SSRF): only
//! http(s), the host is resolved here and every address checked, the connection is pinned to the
//! checked address (no DNS rebinding), redirects are not followed, and size and time are capped.

use std::net::SocketAddr;
use std::time::Duration;

use crate::{AppError, AppResult};

pub struct Fetched {
    pub data: Vec<u8>,
    pub mime: Option<String>,
    pub file_name: Option<String>,
}

pub use crate::special_addresses::is_internal;

fn bad_url(msg: impl Into<String>) -> AppError {
    AppError::field("url", msg)
}

/// The address to connect to for `url`'s host, refused (before any connection) when any
/// address the host has is internal.
pub async fn resolve_public(url: &reqwest::Url, allow_internal: bool) -> AppResult<SocketAddr> {
    let host = url
        .host_str()
        .ok_or_else(|| bad_url("the URL has no host"))?;
    if crate::special_addresses::beyond_loopback(host) {
        return Err(bad_url(crate::special_addresses::LOOPBACK_ONLY_REASON));
    }
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.trim_matches(['[', ']']), port))
        .await
        .map_err(|e| bad_url(format!("cannot resolve {host}: {e}")))?
        .collect();
    let addr = addrs
        .first()
        .copied()
        .ok_or_else(|| bad_url(format!("{host} has no address")))?;
    if !allow_internal && addrs.iter().any(|a| is_internal(a.ip())) {
        return Err(bad_url(format!(
            "{host} is a special-purpose (internal) address; it will not be fetched"
        )));
    }
    Ok(addr)
}

/// Downloads at most `max_bytes` from `url`. `allow_internal` lifts the address check (for a
/// gateway that fetches from its own network on purpose, and for tests on loopback).
pub async fn fetch(url: &str, max_bytes: usize, allow_internal: bool) -> AppResult<Fetched> {
    let parsed = reqwest::Url::parse(url).map_err(|e| bad_url(format!("not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad_url("only http:// and https:// URLs can be fetched"));
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| bad_url("the URL has no host"))?
        .to_string();
    let addr = resolve_public(&parsed, allow_internal).await?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .resolve(&host, addr)
        .build()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut res = client
        .get(parsed.clone())
        .send()
        .await
        .map_err(|e| bad_url(format!("cannot fetch: {e}")))?;
    if res.status().is_redirection() {
        return Err(bad_url("the URL redirects; give the final address"));
    }
    if !res.status().is_success() {
        return Err(bad_url(format!("the server answered {}", res.status())));
    }
    let too_large = || {
        AppError::PayloadTooLarge(format!(
            "the file is larger than {} MiB",
            max_bytes / (1024 * 1024)
        ))
    };
    if res.content_length().is_some_and(|n| n as usize > max_bytes) {
        return Err(too_large());
    }
    let mime = res
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or(v).trim().to_string());
    let mut data = Vec::new();
    while let Some(chunk) = res
        .chunk()
        .await
        .map_err(|e| bad_url(format!("download failed: {e}")))?
    {
        if data.len() + chunk.len() > max_bytes {
            return Err(too_large());
        }
        data.extend_from_slice(&chunk);
    }
    let file_name = parsed
        .path_segments()
        .and_then(|mut s| s.next_back())
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    Ok(Fetched {
        data,
        mime,
        file_name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn special_purpose_literals_are_refused_without_connecting() {
        // resolve_public never connects: literals resolve without DNS, and the check comes first.
        for url in [
            "http://198.18.0.1/a.png",
            "http://[::ffff:198.18.0.1]/a.png",
            "http://[::1.2.3.4]/a.png",
            "http://[64:ff9b::1.2.3.4]/a.png",
            "http://[2002:102:304::1]/a.png",
            "http://[fd00::1]:8080/a.png",
            "http://169.254.169.254/latest/meta-data",
        ] {
            let parsed = reqwest::Url::parse(url).unwrap();
            let e = resolve_public(&parsed, false).await.unwrap_err();
            assert!(matches!(e, AppError::Validation(_)), "{url}: {e:?}");
        }
        let public = reqwest::Url::parse("http://8.8.8.8/a.png").unwrap();
        assert_eq!(
            resolve_public(&public, false).await.unwrap(),
            "8.8.8.8:80".parse().unwrap()
        );
    }

    #[tokio::test]
    async fn refuses_other_schemes_and_internal_hosts() {
        assert!(fetch("file:///etc/passwd", 10, false).await.is_err());
        assert!(fetch("ftp://example.com/x", 10, false).await.is_err());
        let e = fetch("http://127.0.0.1:9/x.png", 10, false)
            .await
            .err()
            .unwrap();
        assert!(e.to_string().contains("validation") || matches!(e, AppError::Validation(_)));
    }
}
