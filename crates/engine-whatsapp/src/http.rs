//! The HTTP client media travels through: whatsapp-rust's own (ureq, HTTPS), except that when
//! the WhatsApp endpoint itself is a server on this machine (`whatsapp_url` on loopback, as in
//! the tests' loopback WhatsApp server), media hosts on loopback are reached over plain HTTP.
//! whatsapp-rust always writes `https://<host>…` for media; a loopback test server has no
//! certificate a client would accept, and a host that is not on loopback is never downgraded.

use std::net::IpAddr;

use async_trait::async_trait;
use whatsapp_rust::anyhow::Result;
use whatsapp_rust::http::{HttpClient, HttpRequest, HttpResponse, UreqHttpClient};
use whatsapp_rust::wacore::net::{StreamingHttpResponse, UploadBody};

use crate::proxy::Proxy;

pub(crate) struct MediaHttp {
    inner: UreqHttpClient,
    /// Set only when the WhatsApp endpoint is on loopback.
    plain_loopback: bool,
}

impl MediaHttp {
    /// `endpoint` is the configured WhatsApp WebSocket URL (`None`: WhatsApp's own).
    pub fn new(endpoint: Option<&str>) -> MediaHttp {
        MediaHttp {
            inner: UreqHttpClient::new(),
            plain_loopback: endpoint.and_then(host_of).is_some_and(is_loopback),
        }
    }

    /// Media through the device's proxy too: downloads and uploads leave from the same address
    /// as its WebSocket. ureq speaks HTTP CONNECT and SOCKS5 itself.
    pub fn with_proxy(endpoint: Option<&str>, proxy: &Proxy) -> Result<MediaHttp> {
        let proxy = ureq::Proxy::new(&proxy.url_with_secret())
            .map_err(|e| whatsapp_rust::anyhow::anyhow!("proxy {}: {e}", proxy.redacted()))?;
        let agent: ureq::Agent = ureq::config::Config::builder()
            // The same buffer sizes as whatsapp-rust's own agent: WhatsApp's JSON is small and
            // media streams.
            .input_buffer_size(16 * 1024)
            .output_buffer_size(16 * 1024)
            .max_idle_connections_per_host(2)
            .proxy(Some(proxy))
            .build()
            .into();
        Ok(MediaHttp {
            inner: UreqHttpClient::with_agent(agent),
            plain_loopback: endpoint.and_then(host_of).is_some_and(is_loopback),
        })
    }

    fn route(&self, mut request: HttpRequest) -> HttpRequest {
        if self.plain_loopback {
            if let Some(rest) = request.url.strip_prefix("https://") {
                if host_of(&request.url).is_some_and(is_loopback) {
                    request.url = format!("http://{rest}");
                }
            }
        }
        request
    }
}

/// The host of a URL, without port or brackets.
fn host_of(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next();
    }
    Some(authority.split(':').next().unwrap_or(authority))
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[async_trait]
impl HttpClient for MediaHttp {
    async fn execute(&self, request: HttpRequest) -> Result<HttpResponse> {
        self.inner.execute(self.route(request)).await
    }

    fn supports_streaming(&self) -> bool {
        self.inner.supports_streaming()
    }

    fn execute_streaming(&self, request: HttpRequest) -> Result<StreamingHttpResponse> {
        self.inner.execute_streaming(self.route(request))
    }

    fn supports_upload_streaming(&self) -> bool {
        self.inner.supports_upload_streaming()
    }

    fn execute_upload(
        &self,
        request: HttpRequest,
        body: UploadBody,
        content_length: u64,
    ) -> Result<HttpResponse> {
        self.inner
            .execute_upload(self.route(request), body, content_length)
    }

    fn resource_report(&self) -> Option<whatsapp_rust::wacore::stats::HttpResourceReport> {
        self.inner.resource_report()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routed(endpoint: Option<&str>, url: &str) -> String {
        MediaHttp::new(endpoint).route(HttpRequest::get(url)).url
    }

    #[test]
    fn only_loopback_media_of_a_loopback_endpoint_goes_over_plain_http() {
        let local = Some("ws://127.0.0.1:4000/ws/chat");
        assert_eq!(
            routed(local, "https://127.0.0.1:5000/v/t62/abc?auth=x"),
            "http://127.0.0.1:5000/v/t62/abc?auth=x"
        );
        assert_eq!(
            routed(Some("ws://[::1]:4000/ws/chat"), "https://[::1]:5000/v"),
            "http://[::1]:5000/v"
        );
        // A real media host stays on HTTPS, whatever the endpoint.
        assert_eq!(
            routed(local, "https://mmg.whatsapp.net/v/t62/abc"),
            "https://mmg.whatsapp.net/v/t62/abc"
        );
        // WhatsApp's own endpoint, or one elsewhere: nothing is downgraded, not even loopback.
        assert_eq!(
            routed(None, "https://127.0.0.1:5000/v"),
            "https://127.0.0.1:5000/v"
        );
        assert_eq!(
            routed(
                Some("wss://gw.example.com/ws/chat"),
                "https://127.0.0.1:5000/v"
            ),
            "https://127.0.0.1:5000/v"
        );
        assert_eq!(
            routed(
                Some("wss://127.0.0.1.example.com/ws"),
                "https://127.0.0.1:1/v"
            ),
            "https://127.0.0.1:1/v"
        );
    }
}
