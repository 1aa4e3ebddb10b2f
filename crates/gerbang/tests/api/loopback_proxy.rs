//! Devices behind a proxy (`proxy_url`): a small SOCKS5 / HTTP CONNECT proxy on loopback with
//! a username and password, in front of the loopback WhatsApp server. The devices link and send
//! through it, and a wrong password shows as a clear reason on the device.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use gerbang_wa_fake::LoopbackServer;

use crate::db_tests;
use crate::events::Sse;
use crate::harness::{wait_for, Backend, TestApp};
use crate::loopback::{link, next_event, send_text};
use crate::loopback_media::{received, send_file, PNG};

db_tests!(
    devices_link_and_send_through_a_socks5_proxy,
    a_wrong_proxy_password_is_a_clear_device_error,
    a_device_links_through_an_http_connect_proxy,
    a_device_proxy_set_by_api_is_used_and_its_password_never_shown,
);

const DEVICES: &str = "/api/whatsapp-multi-device/devices";
const PHONE_A: &str = "6281200000101";
const PHONE_B: &str = "6281200000102";

#[derive(Clone, Copy)]
enum Kind {
    Socks5,
    HttpConnect,
}

/// A proxy that requires `ana` / `rahasia`, counting tunnels opened and logins refused.
struct TestProxy {
    port: u16,
    tunnels: Arc<AtomicUsize>,
    refused: Arc<AtomicUsize>,
    /// `host:port` of every tunnel opened.
    targets: Arc<Mutex<Vec<String>>>,
}

impl TestProxy {
    async fn start(kind: Kind) -> TestProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let tunnels = Arc::new(AtomicUsize::new(0));
        let refused = Arc::new(AtomicUsize::new(0));
        let targets = Arc::new(Mutex::new(Vec::new()));
        let (t, r, seen) = (tunnels.clone(), refused.clone(), targets.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (t, r, seen) = (t.clone(), r.clone(), seen.clone());
                tokio::spawn(async move {
                    let target = match kind {
                        Kind::Socks5 => socks5(client).await,
                        Kind::HttpConnect => http_connect(client).await,
                    };
                    match target {
                        Ok(Some((mut client, mut upstream))) => {
                            t.fetch_add(1, Ordering::SeqCst);
                            if let Ok(addr) = upstream.peer_addr() {
                                seen.lock().unwrap().push(addr.to_string());
                            }
                            let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                        }
                        Ok(None) => {
                            r.fetch_add(1, Ordering::SeqCst);
                        }
                        Err(_) => {}
                    }
                });
            }
        });
        TestProxy {
            port,
            tunnels,
            refused,
            targets,
        }
    }

    fn url(&self, kind: Kind, password: &str) -> String {
        let scheme = match kind {
            Kind::Socks5 => "socks5",
            Kind::HttpConnect => "http",
        };
        format!("{scheme}://ana:{password}@127.0.0.1:{}", self.port)
    }
}

type Tunnel = Option<(TcpStream, TcpStream)>;

/// RFC 1928 with RFC 1929 login; `None` when the login is refused.
async fn socks5(mut c: TcpStream) -> std::io::Result<Tunnel> {
    let mut head = [0u8; 2];
    c.read_exact(&mut head).await?;
    let mut methods = vec![0u8; head[1] as usize];
    c.read_exact(&mut methods).await?;
    if !methods.contains(&0x02) {
        c.write_all(&[0x05, 0xFF]).await?;
        return Ok(None);
    }
    c.write_all(&[0x05, 0x02]).await?;
    let mut ver_len = [0u8; 2];
    c.read_exact(&mut ver_len).await?;
    let mut user = vec![0u8; ver_len[1] as usize];
    c.read_exact(&mut user).await?;
    let plen = c.read_u8().await? as usize;
    let mut pass = vec![0u8; plen];
    c.read_exact(&mut pass).await?;
    if user != b"ana" || pass != b"rahasia" {
        c.write_all(&[0x01, 0x01]).await?;
        return Ok(None);
    }
    c.write_all(&[0x01, 0x00]).await?;
    let mut req = [0u8; 4];
    c.read_exact(&mut req).await?;
    let host = match req[3] {
        0x01 => {
            let mut ip = [0u8; 4];
            c.read_exact(&mut ip).await?;
            std::net::Ipv4Addr::from(ip).to_string()
        }
        0x03 => {
            let len = c.read_u8().await? as usize;
            let mut name = vec![0u8; len];
            c.read_exact(&mut name).await?;
            String::from_utf8_lossy(&name).into_owned()
        }
        _ => return Err(std::io::Error::other("address type")),
    };
    let port = c.read_u16().await?;
    let upstream = TcpStream::connect((host.as_str(), port)).await?;
    c.write_all(&[0x05, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0, 0])
        .await?;
    Ok(Some((c, upstream)))
}

/// `CONNECT host:port` with `Proxy-Authorization: Basic`; `None` after a 407.
async fn http_connect(mut c: TcpStream) -> std::io::Result<Tunnel> {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        head.push(c.read_u8().await?);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let target = head
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("CONNECT "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or("")
        .to_string();
    let expected = format!(
        "basic {}",
        base64::engine::general_purpose::STANDARD.encode("ana:rahasia")
    );
    let authorized = head.lines().any(|l| {
        l.split_once(':').is_some_and(|(k, v)| {
            k.eq_ignore_ascii_case("proxy-authorization")
                && v.trim().eq_ignore_ascii_case(&expected)
        })
    });
    if !authorized {
        c.write_all(
            b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n",
        )
        .await?;
        return Ok(None);
    }
    let upstream = TcpStream::connect(target.as_str()).await?;
    c.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .await?;
    Ok(Some((c, upstream)))
}

async fn gateway(backend: Backend, server: &LoopbackServer, proxy_url: String) -> TestApp {
    let url = server.url.clone();
    TestApp::spawn_with(backend, move |c| {
        c.engine = "whatsapp".into();
        c.whatsapp_url = Some(url);
        c.proxy_url = Some(proxy_url.into());
    })
    .await
}

async fn devices_link_and_send_through_a_socks5_proxy(b: Backend) {
    let server = LoopbackServer::start().await;
    let proxy = TestProxy::start(Kind::Socks5).await;
    let app = gateway(b, &server, proxy.url(Kind::Socks5, "rahasia")).await;
    let owner = app.user("toko").await;
    let dev_a = app.device(owner.id, "Kasir A").await;
    let dev_b = app.device(owner.id, "Kasir B").await;
    link(&app, &server, &owner.token, &dev_a, PHONE_A).await;
    link(&app, &server, &owner.token, &dev_b, PHONE_B).await;
    assert!(
        proxy.tunnels.load(Ordering::SeqCst) >= 2,
        "both devices' WebSockets went through the proxy"
    );
    assert_eq!(proxy.refused.load(Ordering::SeqCst), 0);

    let mut at_b = Sse::open(
        &app,
        &format!("?deviceId={dev_b}&types=message.new"),
        &owner.token,
        None,
    )
    .await;
    let id = send_text(&app, &owner.token, &dev_a, PHONE_B, "Lewat proxy").await;
    let got = next_event(&mut at_b, "message.new at B", |e| {
        (e["type"] == "message.new").then(|| e["data"].clone())
    })
    .await;
    assert_eq!(got["messageId"], id.as_str(), "{got}");
    assert_eq!(got["message"]["body"], "Lewat proxy", "{got}");

    // Media too: A's upload and B's download go through the proxy, to the media host (a port
    // other than the WebSocket's).
    let image = send_file(
        &app,
        &owner.token,
        &dev_a,
        &[("phone", PHONE_B)],
        (PNG, "katalog.png", "image/png"),
    )
    .await;
    let (_, bytes) = received(&app, &mut at_b, &owner.token, &dev_b, &image).await;
    assert_eq!(bytes, PNG);
    let ws_port = server
        .url
        .split(':')
        .nth(2)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let targets = proxy.targets.lock().unwrap().clone();
    assert!(
        targets.iter().any(|t| !t.ends_with(&format!(":{ws_port}"))),
        "no media tunnel among {targets:?}"
    );
}

async fn a_wrong_proxy_password_is_a_clear_device_error(b: Backend) {
    let server = LoopbackServer::start().await;
    let proxy = TestProxy::start(Kind::HttpConnect).await;
    let app = gateway(b, &server, proxy.url(Kind::HttpConnect, "salah")).await;
    let owner = app.user("toko").await;
    let dev = app.device(owner.id, "Kasir A").await;
    let c = app
        .post(
            &format!("{DEVICES}/{dev}/connect"),
            Some(&owner.token),
            json!({}),
        )
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let st = wait_for(30, "the proxy's refusal on the device", || async {
        let s = app.status(&dev).await;
        s["lastDisconnectReason"]
            .as_str()
            .is_some_and(|r| r.contains("407"))
            .then_some(s)
    })
    .await;
    let reason = st["lastDisconnectReason"].as_str().unwrap();
    assert!(
        reason.contains("proxy http://ana:***@127.0.0.1:")
            && reason.contains("refused the credentials"),
        "{reason}"
    );
    assert!(
        !reason.contains("salah"),
        "the password never shows: {reason}"
    );
    assert_ne!(st["status"], "connected", "{st}");
    assert!(proxy.refused.load(Ordering::SeqCst) >= 1);
    assert_eq!(proxy.tunnels.load(Ordering::SeqCst), 0);
}

async fn a_device_proxy_set_by_api_is_used_and_its_password_never_shown(b: Backend) {
    let server = LoopbackServer::start().await;
    let proxy = TestProxy::start(Kind::Socks5).await;
    let url = server.url.clone();
    // No global proxy: only the device's own setting sends it through the proxy.
    let app = TestApp::spawn_with(b, move |c| {
        c.engine = "whatsapp".into();
        c.whatsapp_url = Some(url);
    })
    .await;
    let owner = app.user("toko").await;
    let dev = app.device(owner.id, "Kasir A").await;
    let path = format!("{DEVICES}/{dev}/proxy");

    let none = app.get(&path, Some(&owner.token)).await;
    assert_eq!(none.status, StatusCode::OK, "{}", none.body);
    assert_eq!(none.data()["configured"], false, "{}", none.body);

    for (bad, part) in [
        ("ftp://127.0.0.1:21", "scheme"),
        ("socks5://127.0.0.1", "port"),
        ("socks5://127.0.0.1:70000", "port"),
        ("http://:3128", "host"),
    ] {
        let r = app
            .put(&path, Some(&owner.token), json!({ "url": bad }))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
        assert_eq!(r.body["error"]["code"], "validation_failed", "{}", r.body);
        let msg = r.body["error"]["fields"]["url"].as_str().unwrap_or("");
        assert!(msg.contains(part), "{bad}: {}", r.body);
    }
    let still = app.get(&path, Some(&owner.token)).await;
    assert_eq!(
        still.data()["configured"],
        false,
        "bad input changes nothing"
    );

    let set = app
        .put(
            &path,
            Some(&owner.token),
            json!({ "url": proxy.url(Kind::Socks5, "rahasia") }),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let shown = app.get(&path, Some(&owner.token)).await;
    for view in [&set, &shown] {
        let d = view.data();
        assert_eq!(d["scheme"], "socks5", "{}", view.body);
        assert_eq!(d["username"], "ana", "{}", view.body);
        assert_eq!(d["hasPassword"], true, "{}", view.body);
        assert_eq!(d["port"], proxy.port, "{}", view.body);
        assert!(!view.body.to_string().contains("rahasia"), "{}", view.body);
    }

    link(&app, &server, &owner.token, &dev, PHONE_A).await;
    assert!(
        proxy.tunnels.load(Ordering::SeqCst) >= 1,
        "the device's WebSocket went through its own proxy"
    );

    let cleared = app.delete(&path, Some(&owner.token)).await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.body);
    assert_eq!(cleared.data()["configured"], false, "{}", cleared.body);
}

async fn a_device_links_through_an_http_connect_proxy(b: Backend) {
    let server = LoopbackServer::start().await;
    let proxy = TestProxy::start(Kind::HttpConnect).await;
    let app = gateway(b, &server, proxy.url(Kind::HttpConnect, "rahasia")).await;
    let owner = app.user("toko").await;
    let dev = app.device(owner.id, "Kasir A").await;
    link(&app, &server, &owner.token, &dev, PHONE_A).await;
    let ws = server.url.split('/').nth(2).unwrap().to_string();
    let targets = proxy.targets.lock().unwrap().clone();
    assert!(targets.contains(&ws), "{ws} not among {targets:?}");
    assert_eq!(proxy.refused.load(Ordering::SeqCst), 0);
}
