//! A proxy URL as users write it: `http://[user:pass@]host:port` (HTTP CONNECT) or
//! `socks5://[user:pass@]host:port`, checked once at the edge. The engine that dials through
//! it lives elsewhere; here is only the parsing, so every layer can validate and redact.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProxyKind {
    Http,
    Socks5,
}

/// A checked proxy URL: `http://[user:pass@]host:port` or `socks5://[user:pass@]host:port`.
#[derive(Clone, PartialEq, Eq)]
pub struct Proxy {
    pub kind: ProxyKind,
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
}

/// What is wrong with a proxy URL, and which part: `scheme`, `host`, `port` or `username`.
#[derive(Debug, PartialEq, Eq)]
pub struct ProxyUrlError {
    pub part: &'static str,
    pub message: String,
}

impl fmt::Display for ProxyUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The password never shows, not even in debug output.
impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl Proxy {
    pub fn parse(text: &str) -> Result<Proxy, ProxyUrlError> {
        let bad = |part, message: String| ProxyUrlError { part, message };
        let text = text.trim();
        let (scheme, rest) = text.split_once("://").ok_or_else(|| {
            bad(
                "scheme",
                "must look like socks5://host:1080 or http://host:3128".into(),
            )
        })?;
        let kind = match scheme.to_ascii_lowercase().as_str() {
            "http" => ProxyKind::Http,
            "socks5" | "socks5h" => ProxyKind::Socks5,
            other => {
                return Err(bad(
                    "scheme",
                    format!("scheme must be http or socks5, not {other:?}"),
                ))
            }
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains(['/', '?', '#']) {
            return Err(bad("host", "must have no path, query or fragment".into()));
        }
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let (h, p) = v6
                .split_once(']')
                .ok_or_else(|| bad("host", "an IPv6 address needs its closing ]".into()))?;
            (h, p.strip_prefix(':'))
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '@') {
            return Err(bad("host", "must name a host".into()));
        }
        let port = port
            .ok_or_else(|| bad("port", "must give a port, e.g. :1080".into()))?
            .parse::<u16>()
            .ok()
            .filter(|p| *p != 0)
            .ok_or_else(|| bad("port", "port must be a number from 1 to 65535".into()))?;
        let (username, password) = match userinfo {
            None => (None, None),
            Some(u) => {
                let (user, pass) = match u.split_once(':') {
                    Some((user, pass)) => (user, Some(pass)),
                    None => (u, None),
                };
                let user = decode(user).ok_or_else(|| bad("username", "bad %-escape".into()))?;
                let pass = pass
                    .map(|p| decode(p).ok_or_else(|| bad("password", "bad %-escape".into())))
                    .transpose()?;
                if user.is_empty()
                    || user.len() > 255
                    || pass.as_ref().is_some_and(|p| p.len() > 255)
                {
                    return Err(bad(
                        "username",
                        "username (and password) must be 1 to 255 bytes".into(),
                    ));
                }
                (Some(user), pass)
            }
        };
        Ok(Proxy {
            kind,
            host: host.to_string(),
            port,
            username,
            password,
        })
    }

    /// The URL with the password left out, for logs, errors and API answers.
    pub fn redacted(&self) -> String {
        let scheme = match self.kind {
            ProxyKind::Http => "http",
            ProxyKind::Socks5 => "socks5",
        };
        let user = match (&self.username, &self.password) {
            (Some(u), Some(_)) => format!("{u}:***@"),
            (Some(u), None) => format!("{u}@"),
            _ => String::new(),
        };
        format!("{scheme}://{user}{}", self.authority())
    }

    fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The full URL with the password, for HTTP clients that take one.
    pub fn url_with_secret(&self) -> String {
        let scheme = match self.kind {
            ProxyKind::Http => "http",
            ProxyKind::Socks5 => "socks5",
        };
        let user = match (&self.username, &self.password) {
            (Some(u), Some(p)) => format!("{}:{}@", encode(u), encode(p)),
            (Some(u), None) => format!("{}@", encode(u)),
            _ => String::new(),
        };
        format!("{scheme}://{user}{}", self.authority())
    }
}

/// %XX escapes in the user part of a URL.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_redacts() {
        let p = Proxy::parse("socks5://ana:p%40ss@10.0.0.5:1080").unwrap();
        assert_eq!(p.kind, ProxyKind::Socks5);
        assert_eq!((p.host.as_str(), p.port), ("10.0.0.5", 1080));
        assert_eq!(p.password.as_deref(), Some("p@ss"));
        assert_eq!(p.redacted(), "socks5://ana:***@10.0.0.5:1080");
        assert_eq!(format!("{p:?}"), "socks5://ana:***@10.0.0.5:1080");
        assert_eq!(p.url_with_secret(), "socks5://ana:p%40ss@10.0.0.5:1080");
        let p = Proxy::parse("http://[::1]:3128/").unwrap();
        assert_eq!(
            (p.kind, p.host.as_str(), p.port),
            (ProxyKind::Http, "::1", 3128)
        );
        assert_eq!(p.redacted(), "http://[::1]:3128");
    }

    #[test]
    fn names_the_bad_part() {
        for (text, part) in [
            ("proxy.example:1080", "scheme"),
            ("ftp://h:21", "scheme"),
            ("https://h:443", "scheme"),
            ("socks5://:1080", "host"),
            ("socks5://h", "port"),
            ("socks5://h:0", "port"),
            ("socks5://h:99999", "port"),
            ("http://h:80/path", "host"),
            ("socks5://:pw@h:1080", "username"),
        ] {
            assert_eq!(Proxy::parse(text).unwrap_err().part, part, "{text}");
        }
    }
}
