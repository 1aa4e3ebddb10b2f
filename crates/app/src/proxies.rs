//! A device's own outbound proxy (HTTP CONNECT or SOCKS5) for the real engine. It replaces the
//! global `proxy_url` for that device from its next connection on. The password is stored for
//! the engine but never answered: views say `hasPassword`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use gerbang_core::proxy::{Proxy, ProxyKind};

use crate::{App, AppError, AppResult, Principal};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceProxyInput {
    /// `socks5://user:pass@host:1080` or `http://user:pass@host:3128`; user and password are
    /// optional, the port is not.
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceProxyView {
    pub device_id: String,
    /// False when the device uses the global `proxy_url` (if any).
    pub configured: bool,
    /// `http` or `socks5`.
    pub scheme: Option<String>,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub username: Option<String>,
    pub has_password: bool,
    /// The URL without its password.
    pub url: Option<String>,
}

impl DeviceProxyView {
    fn of(device_id: String, proxy: Option<&Proxy>) -> DeviceProxyView {
        DeviceProxyView {
            device_id,
            configured: proxy.is_some(),
            scheme: proxy.map(|p| {
                match p.kind {
                    ProxyKind::Http => "http",
                    ProxyKind::Socks5 => "socks5",
                }
                .to_string()
            }),
            host: proxy.map(|p| p.host.clone()),
            port: proxy.map(|p| p.port),
            username: proxy.and_then(|p| p.username.clone()),
            has_password: proxy.is_some_and(|p| p.password.is_some()),
            url: proxy.map(Proxy::redacted),
        }
    }
}

impl App {
    pub async fn device_proxy(
        &self,
        who: &Principal,
        device_id: &str,
    ) -> AppResult<DeviceProxyView> {
        let device = self.device_for(who, device_id).await?;
        let stored = self.store.device_proxy(&device.device_id).await?;
        // A row is only ever written after parsing, so it parses again.
        let proxy = stored.as_deref().and_then(|u| Proxy::parse(u).ok());
        Ok(DeviceProxyView::of(device.device_id, proxy.as_ref()))
    }

    pub async fn set_device_proxy(
        &self,
        who: &Principal,
        device_id: &str,
        input: DeviceProxyInput,
    ) -> AppResult<DeviceProxyView> {
        let device = self.device_for(who, device_id).await?;
        let proxy = Proxy::parse(&input.url)
            .map_err(|e| AppError::field("url", format!("{} ({})", e.message, e.part)))?;
        self.store
            .set_device_proxy(&device.device_id, Some(&proxy.url_with_secret()))
            .await?;
        tracing::info!(device_id = %device.device_id, proxy = %proxy.redacted(), "device proxy set");
        Ok(DeviceProxyView::of(device.device_id, Some(&proxy)))
    }

    pub async fn clear_device_proxy(
        &self,
        who: &Principal,
        device_id: &str,
    ) -> AppResult<DeviceProxyView> {
        let device = self.device_for(who, device_id).await?;
        self.store.set_device_proxy(&device.device_id, None).await?;
        Ok(DeviceProxyView::of(device.device_id, None))
    }
}
