//! Dialling through a device's proxy: HTTP `CONNECT` and SOCKS5 (RFC 1928, username/password
//! per RFC 1929). Data-centre addresses get blocked by WhatsApp; a proxy per device lets each
//! number leave from an address of its own. The handshakes are a few bytes each, written here
//! rather than pulled in as another client stack. The URL itself is parsed in `gerbang-core`.

use std::net::IpAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub use gerbang_core::proxy::{Proxy, ProxyKind, ProxyUrlError};

/// A TCP stream to `host:port` through the proxy. Errors say which proxy and what it said.
pub async fn connect(proxy: &Proxy, host: &str, port: u16) -> std::io::Result<TcpStream> {
    let mut stream = TcpStream::connect((proxy.host.as_str(), proxy.port))
        .await
        .map_err(|e| other(format!("cannot reach proxy {}: {e}", proxy.redacted())))?;
    let _ = stream.set_nodelay(true);
    match proxy.kind {
        ProxyKind::Http => http_connect(proxy, &mut stream, host, port).await?,
        ProxyKind::Socks5 => socks5_connect(proxy, &mut stream, host, port).await?,
    }
    Ok(stream)
}

async fn http_connect(
    proxy: &Proxy,
    s: &mut TcpStream,
    host: &str,
    port: u16,
) -> std::io::Result<()> {
    let target = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let mut request = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
    if let Some(user) = &proxy.username {
        let pair = format!("{user}:{}", proxy.password.as_deref().unwrap_or(""));
        request.push_str(&format!(
            "Proxy-Authorization: Basic {}\r\n",
            base64(pair.as_bytes())
        ));
    }
    request.push_str("\r\n");
    s.write_all(request.as_bytes()).await?;
    // Byte by byte up to the blank line: whatever follows belongs to the tunnel.
    let mut head = Vec::with_capacity(128);
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 8192 {
            return Err(other(format!(
                "proxy {} sent an oversized answer",
                proxy.redacted()
            )));
        }
        let b = s.read_u8().await.map_err(|e| {
            other(format!(
                "proxy {} closed during CONNECT: {e}",
                proxy.redacted()
            ))
        })?;
        head.push(b);
    }
    let status_line = String::from_utf8_lossy(&head);
    let status_line = status_line.lines().next().unwrap_or("");
    let code = status_line.split_whitespace().nth(1).unwrap_or("");
    match code {
        "200" => Ok(()),
        "407" => Err(other(format!(
            "proxy {} refused the credentials (407 Proxy Authentication Required)",
            proxy.redacted()
        ))),
        _ => Err(other(format!(
            "proxy {} refused CONNECT {target}: {status_line}",
            proxy.redacted()
        ))),
    }
}

async fn socks5_connect(
    proxy: &Proxy,
    s: &mut TcpStream,
    host: &str,
    port: u16,
) -> std::io::Result<()> {
    let who = proxy.redacted();
    let closed = |e: std::io::Error| other(format!("SOCKS5 proxy {who} closed: {e}"));
    let methods: &[u8] = if proxy.username.is_some() {
        &[0x00, 0x02]
    } else {
        &[0x00]
    };
    let mut hello = vec![0x05, methods.len() as u8];
    hello.extend_from_slice(methods);
    s.write_all(&hello).await?;
    let mut choice = [0u8; 2];
    s.read_exact(&mut choice).await.map_err(closed)?;
    if choice[0] != 0x05 {
        return Err(other(format!("{who} is not a SOCKS5 proxy")));
    }
    match choice[1] {
        0x00 => {}
        0x02 if proxy.username.is_some() => {
            let user = proxy.username.as_deref().unwrap_or("").as_bytes();
            let pass = proxy.password.as_deref().unwrap_or("").as_bytes();
            let mut auth = vec![0x01, user.len() as u8];
            auth.extend_from_slice(user);
            auth.push(pass.len() as u8);
            auth.extend_from_slice(pass);
            s.write_all(&auth).await?;
            let mut answer = [0u8; 2];
            s.read_exact(&mut answer).await.map_err(closed)?;
            if answer[1] != 0x00 {
                return Err(other(format!(
                    "SOCKS5 proxy {who} refused the username or password"
                )));
            }
        }
        _ => {
            return Err(other(format!(
                "SOCKS5 proxy {who} accepts none of our login methods (does it need a username and password?)"
            )))
        }
    }
    let mut request = vec![0x05, 0x01, 0x00];
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => {
            request.push(0x01);
            request.extend_from_slice(&ip.octets());
        }
        Ok(IpAddr::V6(ip)) => {
            request.push(0x04);
            request.extend_from_slice(&ip.octets());
        }
        // The proxy resolves names: the device's DNS look-ups leave from its address too.
        Err(_) => {
            request.push(0x03);
            request.push(host.len().min(255) as u8);
            request.extend_from_slice(&host.as_bytes()[..host.len().min(255)]);
        }
    }
    request.extend_from_slice(&port.to_be_bytes());
    s.write_all(&request).await?;
    let mut reply = [0u8; 4];
    s.read_exact(&mut reply).await.map_err(closed)?;
    if reply[1] != 0x00 {
        let why = match reply[1] {
            0x01 => "general failure",
            0x02 => "not allowed by its rules",
            0x03 => "network unreachable",
            0x04 => "host unreachable",
            0x05 => "connection refused",
            0x06 => "TTL expired",
            _ => "refused",
        };
        return Err(other(format!(
            "SOCKS5 proxy {who} could not connect to {host}:{port}: {why}"
        )));
    }
    let skip = match reply[3] {
        0x01 => 4,
        0x04 => 16,
        0x03 => s.read_u8().await.map_err(closed)? as usize,
        _ => return Err(other(format!("SOCKS5 proxy {who} sent a bad address"))),
    };
    let mut bound = vec![0u8; skip + 2];
    s.read_exact(&mut bound).await.map_err(closed)?;
    Ok(())
}

fn other(message: String) -> std::io::Error {
    std::io::Error::other(message)
}

fn base64(input: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(TABLE[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_is_base64() {
        assert_eq!(
            base64(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(base64(b"ab"), "YWI=");
    }
}
