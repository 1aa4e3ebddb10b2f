//! A request for a device another node runs is forwarded to that node, so that any node (and so
//! a plain load balancer in front of them) serves every device. The forwarded request carries
//! the original credentials (the nodes share the JWT secret, and sessions and API keys live in
//! the database) plus a node key derived from that secret: the receiving node then serves it
//! itself (a request is forwarded at most once) and takes the client's address from it.

use std::sync::OnceLock;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use gerbang_core::cluster::{device_lease, NodeInfo};

use crate::{App, AppError, AppResult};

/// The header with the node key; its presence means "already forwarded".
pub const NODE_HEADER: &str = "x-gerbang-node";
/// The original client's address, trusted only beside a valid node key.
pub const CLIENT_HEADER: &str = "x-gerbang-client-ip";

/// How long a forwarded request may take (sending media waits for the upload).
const TIMEOUT: Duration = Duration::from_secs(120);

pub(crate) fn node_key(jwt_secret: &[u8]) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(jwt_secret).expect("HMAC takes any key length");
    mac.update(b"gerbang: requests forwarded between nodes, v1");
    hex::encode(mac.finalize().into_bytes())
}

/// What nodes compare to find out whether they share the key, without showing it.
pub(crate) fn key_check(node_key: &str) -> String {
    use sha2::Digest;
    hex::encode(&Sha256::digest(node_key.as_bytes())[..16])
}

/// The device a request path is about, for the paths that act on one device.
pub fn device_in_path(path: &str) -> Option<&str> {
    const PREFIXES: [&str; 4] = [
        "/api/whatsapp-multi-device/devices/",
        "/api/sim/devices/",
        "/api/v1/sessions/",
        "/devices/",
    ];
    let rest = PREFIXES.iter().find_map(|p| path.strip_prefix(p))?;
    let id = rest.split('/').next()?;
    // `…/devices/connected` lists devices; it is not one.
    (!id.is_empty() && id != "connected").then_some(id)
}

/// A request as the web layer hands it over.
pub struct Outgoing {
    pub method: String,
    /// Path and query.
    pub target: String,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
    pub client_ip: Option<String>,
}

/// The owner's answer.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
}

/// Hop-by-hop headers (and those the client library sets itself) never cross a hop.
fn crosses(name: &str) -> bool {
    !matches!(
        name,
        "host"
            | "connection"
            | "keep-alive"
            | "proxy-authenticate"
            | "proxy-authorization"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
            | "content-length"
    ) && name != NODE_HEADER
        && name != CLIENT_HEADER
}

fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a plain HTTP client builds")
    })
}

impl App {
    /// Whether a request carries this cluster's node key.
    pub fn from_a_node(&self, key: Option<&[u8]>) -> bool {
        let expected = self.tokens.node_key.as_bytes();
        // Compared in constant time: the key must not leak a byte at a time.
        key.is_some_and(|k| {
            k.len() == expected.len()
                && k.iter().zip(expected).fold(0u8, |d, (a, b)| d | (a ^ b)) == 0
        })
    }

    /// The other node that runs the device now, when it is not this one.
    pub async fn device_node(&self, device_id: &str) -> AppResult<Option<NodeInfo>> {
        let Some(cluster) = self.runtime.cluster() else {
            return Ok(None);
        };
        if cluster.serves(device_id) {
            return Ok(None);
        }
        let holder = cluster.store.holder(&device_lease(device_id)).await?;
        Ok(holder.filter(|n| n.node_id != cluster.node_id()))
    }

    /// Sends the request to `node` and answers what it answered.
    pub async fn forward(&self, node: &NodeInfo, req: Outgoing) -> AppResult<Answer> {
        let unreachable = |why: String| {
            AppError::Unavailable(format!(
                "the device is served by gateway node {}, which cannot be reached: {why}",
                node.node_id
            ))
        };
        let url = reqwest::Url::parse(&format!("{}{}", node.address, req.target))
            .map_err(|e| unreachable(e.to_string()))?;
        if url
            .host_str()
            .is_some_and(crate::special_addresses::beyond_loopback)
        {
            return Err(unreachable(
                "outbound traffic is limited to loopback".into(),
            ));
        }
        let method = reqwest::Method::from_bytes(req.method.as_bytes())
            .map_err(|e| unreachable(e.to_string()))?;
        let mut out = client().request(method, url).body(req.body);
        for (name, value) in req.headers.iter().filter(|(n, _)| crosses(n)) {
            out = out.header(name.as_str(), value.as_slice());
        }
        out = out.header(NODE_HEADER, self.tokens.node_key.as_str());
        if let Some(ip) = &req.client_ip {
            out = out.header(CLIENT_HEADER, ip.as_str());
        }
        let res = out.send().await.map_err(|e| unreachable(e.to_string()))?;
        let status = res.status().as_u16();
        let headers = res
            .headers()
            .iter()
            .filter(|(n, _)| crosses(n.as_str()))
            .map(|(n, v)| (n.as_str().to_string(), v.as_bytes().to_vec()))
            .collect();
        let body = res
            .bytes()
            .await
            .map_err(|e| unreachable(e.to_string()))?
            .to_vec();
        Ok(Answer {
            status,
            headers,
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_device_of_a_path() {
        let cases = [
            (
                "/api/whatsapp-multi-device/devices/shop1/send-message",
                Some("shop1"),
            ),
            ("/api/whatsapp-multi-device/devices/shop1", Some("shop1")),
            ("/api/whatsapp-multi-device/devices/connected/detail", None),
            ("/api/whatsapp-multi-device/devices", None),
            ("/api/sim/devices/shop2/inbound", Some("shop2")),
            ("/api/v1/sessions/shop3/send-message", Some("shop3")),
            ("/devices/shop4/connect", Some("shop4")),
            ("/devices", None),
            ("/api/admin/devices", None),
            ("/api/whatsapp-multi-device/jobs/j1", None),
        ];
        for (path, device) in cases {
            assert_eq!(device_in_path(path), device, "{path}");
        }
    }

    #[test]
    fn the_node_key_depends_on_the_secret() {
        assert_eq!(node_key(b"a"), node_key(b"a"));
        assert_ne!(node_key(b"a"), node_key(b"b"));
        assert_eq!(node_key(b"a").len(), 64);
        let key = node_key(b"a");
        assert_eq!(key_check(&key).len(), 32);
        assert_ne!(key_check(&key), key_check(&node_key(b"b")));
        assert!(
            !key.contains(&key_check(&key)),
            "the check is not part of the key"
        );
    }
}
