//! Fetching media by URL without becoming a proxy into the server's own network (SSRF): only
//! http(s), the host is resolved here and every address checked, the connection is pinned to the
//! checked address (no DNS rebinding), redirects are not followed, and size and time are capped.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use crate::{AppError, AppResult};

pub struct Fetched {
    pub data: Vec<u8>,
    pub mime: Option<String>,
    pub file_name: Option<String>,
}

/// Addresses a public URL must not reach: loopback, private ranges, link-local (cloud metadata),
/// multicast, unspecified, and their IPv6 counterparts.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_multicast()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1]))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

fn bad_url(msg: impl Into<String>) -> AppError {
    AppError::field("url", msg)
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
    let port = parsed.port_or_known_default().unwrap_or(80);
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
            "{host} resolves to an internal address; it will not be fetched"
        )));
    }
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

    #[test]
    fn internal_addresses() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_internal(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "1.1.1.1", "2606:4700::1111"] {
            assert!(!is_internal(ip.parse().unwrap()), "{ip}");
        }
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
