//! Wraps whatsapp-rust's transport factory to see every connection attempt. The client's run
//! loop retries failed connects with its own backoff but reports no event for them, so this is
//! where "connecting (attempt n)" and "cannot reach WhatsApp: <network error>" come from.

use std::sync::Arc;

use async_trait::async_trait;
use whatsapp_rust::anyhow;
use whatsapp_rust::async_channel::Receiver;
use whatsapp_rust::bytes::Bytes;
use whatsapp_rust::transport::{
    default_tls_connector, from_websocket, Connector, Transport, TransportEvent, TransportFactory,
};
use whatsapp_rust::wacore::net::{WHATSAPP_WEB_ORIGIN, WHATSAPP_WEB_WS_URL};

use crate::proxy::Proxy;
use crate::state::Shared;

pub(crate) struct ObservedFactory {
    inner: Arc<dyn TransportFactory>,
    shared: Arc<Shared>,
}

impl ObservedFactory {
    pub fn new(inner: Arc<dyn TransportFactory>, shared: Arc<Shared>) -> ObservedFactory {
        ObservedFactory { inner, shared }
    }
}

/// whatsapp-rust gives up on a transport after 20 s by dropping this future; the guard turns
/// that into a report instead of silence.
struct Pending<'a> {
    shared: &'a Shared,
    done: bool,
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        if !self.done && !self.shared.stopping() {
            self.shared
                .connection_lost("timed out connecting to WhatsApp".into());
        }
    }
}

#[async_trait]
impl TransportFactory for ObservedFactory {
    async fn create_transport(
        &self,
    ) -> Result<(Arc<dyn Transport>, Receiver<TransportEvent>), anyhow::Error> {
        let attempt = self.shared.begin_attempt();
        tracing::debug!(engine = "whatsapp", device_id = %self.shared.device_id, attempt, "connecting");
        let mut pending = Pending {
            shared: &self.shared,
            done: false,
        };
        let result = self.inner.create_transport().await;
        pending.done = true;
        match result {
            Ok((transport, events)) => {
                let observed: Arc<dyn Transport> = Arc::new(ObservedTransport {
                    inner: transport,
                    shared: self.shared.clone(),
                    attempt,
                });
                Ok((observed, events))
            }
            Err(error) => {
                self.shared
                    .connection_lost(format!("cannot reach WhatsApp: {error:#}"));
                Err(error)
            }
        }
    }
}

struct ObservedTransport {
    inner: Arc<dyn Transport>,
    shared: Arc<Shared>,
    attempt: u32,
}

#[async_trait]
impl Transport for ObservedTransport {
    async fn send(&self, data: Bytes) -> Result<(), anyhow::Error> {
        self.inner.send(data).await
    }

    /// The client closes the transport when the handshake fails; after that point it reports
    /// lost connections itself.
    async fn disconnect(&self) {
        self.shared.transport_closed(self.attempt);
        self.inner.disconnect().await
    }

    fn resource_report(&self) -> Option<whatsapp_rust::wacore::stats::TransportResourceReport> {
        self.inner.resource_report()
    }
}

/// The WebSocket to WhatsApp through a proxy: TCP through the proxy's tunnel, then TLS (for
/// `wss://`) and the WebSocket upgrade as whatsapp-rust's own factory does them.
pub(crate) struct ProxiedFactory {
    url: String,
    proxy: Proxy,
}

impl ProxiedFactory {
    pub fn new(url: Option<&str>, proxy: Proxy) -> ProxiedFactory {
        ProxiedFactory {
            url: url.unwrap_or(WHATSAPP_WEB_WS_URL).to_string(),
            proxy,
        }
    }
}

#[async_trait]
impl TransportFactory for ProxiedFactory {
    async fn create_transport(
        &self,
    ) -> Result<(Arc<dyn Transport>, Receiver<TransportEvent>), anyhow::Error> {
        let uri: http::Uri = self
            .url
            .parse()
            .map_err(|e| anyhow::anyhow!("bad WhatsApp URL: {e}"))?;
        let tls = uri.scheme_str() == Some("wss");
        let host = uri
            .host()
            .ok_or_else(|| anyhow::anyhow!("the WhatsApp URL has no host"))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let port = uri.port_u16().unwrap_or(if tls { 443 } else { 80 });
        let tcp = crate::proxy::connect(&self.proxy, &host, port).await?;
        let connector = if tls {
            default_tls_connector()
        } else {
            Connector::Plain
        };
        let stream = connector
            .wrap(&host, tcp)
            .await
            .map_err(|e| anyhow::anyhow!("TLS to {host} through the proxy failed: {e}"))?;
        let (ws, _) = tokio_websockets::ClientBuilder::from_uri(uri)
            .add_header(
                http::header::ORIGIN,
                http::HeaderValue::from_static(WHATSAPP_WEB_ORIGIN),
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .connect_on(stream)
            .await
            .map_err(|e| anyhow::anyhow!("WebSocket connect through the proxy failed: {e}"))?;
        Ok(from_websocket(ws))
    }
}
