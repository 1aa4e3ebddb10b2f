//! One delivery attempt: the signed POST, and what came of it. Host names are resolved by a
//! resolver that refuses internal addresses at connect time (no DNS rebinding around the check
//! made when the webhook was saved); redirects are not followed.

use std::error::Error as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER, USER_AGENT};

use gerbang_core::webhook::{DeliveryJob, Webhook};

use super::retry::Answer;
use super::{rules, sign, WebhookSettings};
use crate::fetch::is_internal;
use crate::special_addresses::{beyond_loopback, LOOPBACK_ONLY_REASON};

/// How much of the receiver's answer is kept with the attempt.
const RESPONSE_EXCERPT: usize = 500;

/// What one attempt did.
#[derive(Debug)]
pub(crate) struct Outcome {
    pub answer: Answer,
    pub error: Option<String>,
    pub response: Option<String>,
    pub retry_after: Option<Duration>,
    pub attempted_at: DateTime<Utc>,
    pub duration_ms: i64,
}

pub(crate) struct Sender {
    client: reqwest::Client,
    allow_internal: bool,
    timeout: Duration,
    user_agent: String,
}

#[derive(Debug, thiserror::Error)]
#[error("{0} resolves to an internal address; webhooks are not delivered there")]
struct InternalAddress(String);

struct GuardedResolver {
    allow_internal: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_internal = self.allow_internal;
        let host = name.as_str().to_string();
        Box::pin(async move {
            if beyond_loopback(&host) {
                return Err(Box::new(InternalAddress(host)) as _);
            }
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if !allow_internal && addrs.iter().any(|a| is_internal(a.ip())) {
                return Err(Box::new(InternalAddress(host)) as _);
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// A client that resolves host names only to public addresses (unless `allow_internal`) and
/// follows no redirects: for every request the gateway makes to an address a user gave it.
pub(crate) fn guarded_client(allow_internal: bool, timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .connect_timeout(timeout)
        .dns_resolver(Arc::new(GuardedResolver { allow_internal }))
        .build()
        .unwrap_or_default()
}

/// Why a request to `url` made with [`guarded_client`] must not be sent.
pub(crate) enum Refusal {
    /// A literal internal address (and internal addresses are not allowed).
    Internal,
    /// Anything but loopback while the loopback-only switch is on.
    BeyondLoopback,
}

/// The checks the guarded resolver cannot make, before connecting: a literal address never
/// reaches a resolver, and the loopback-only switch refuses names before any lookup.
pub(crate) fn refused_before_connecting(url: &str, allow_internal: bool) -> Option<Refusal> {
    let parsed = reqwest::Url::parse(url).ok();
    let host = parsed.as_ref().and_then(|u| u.host_str()).unwrap_or("");
    if !allow_internal && rules::internal_host(host) {
        Some(Refusal::Internal)
    } else if beyond_loopback(host) {
        Some(Refusal::BeyondLoopback)
    } else {
        None
    }
}

impl Sender {
    pub fn new(settings: &WebhookSettings) -> Self {
        let client = guarded_client(settings.allow_internal, settings.timeout);
        Self {
            client,
            allow_internal: settings.allow_internal,
            timeout: settings.timeout,
            user_agent: format!("Gerbang-Webhook/{}", env!("CARGO_PKG_VERSION")),
        }
    }

    pub async fn send(&self, webhook: &Webhook, job: &DeliveryJob) -> Outcome {
        let attempted_at = Utc::now();
        let started = Instant::now();
        let mut outcome = Outcome {
            answer: Answer::Failed,
            error: None,
            response: None,
            retry_after: None,
            attempted_at,
            duration_ms: 0,
        };
        // The configuration may have changed since the webhook was saved.
        if let Some(refusal) = refused_before_connecting(&webhook.url, self.allow_internal) {
            outcome.answer = Answer::Refused;
            outcome.error = Some(match refusal {
                Refusal::Internal => {
                    "the URL is an internal address; webhooks are not delivered there".into()
                }
                Refusal::BeyondLoopback => LOOPBACK_ONLY_REASON.into(),
            });
            return outcome;
        }
        let timestamp = attempted_at.timestamp();
        let body = job.payload.as_bytes();
        let mut req = self.client.post(&webhook.url);
        for (name, value) in &webhook.headers {
            req = req.header(name.as_str(), value.as_str());
        }
        let req = req
            .header(CONTENT_TYPE, "application/json")
            .header(USER_AGENT, self.user_agent.as_str())
            .header("X-Gerbang-Event-Id", job.event_id)
            .header("X-Gerbang-Event", job.event_type.as_str())
            .header("X-Gerbang-Delivery-Id", job.id)
            .header("X-Gerbang-Timestamp", timestamp)
            .header(
                "X-Gerbang-Signature",
                sign::signature(&webhook.secret, timestamp, body),
            )
            .body(job.payload.clone());
        match req.send().await {
            Ok(mut res) => {
                outcome.answer = Answer::Status(res.status().as_u16());
                outcome.retry_after = res
                    .headers()
                    .get(RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                let mut excerpt = Vec::new();
                while excerpt.len() < RESPONSE_EXCERPT {
                    match res.chunk().await {
                        Ok(Some(chunk)) => excerpt.extend_from_slice(&chunk),
                        _ => break,
                    }
                }
                excerpt.truncate(RESPONSE_EXCERPT);
                if !excerpt.is_empty() {
                    outcome.response = Some(String::from_utf8_lossy(&excerpt).into_owned());
                }
            }
            Err(e) => {
                let refused = std::iter::successors(e.source(), |s| (*s).source())
                    .any(|s| s.downcast_ref::<InternalAddress>().is_some());
                outcome.answer = if refused {
                    Answer::Refused
                } else {
                    Answer::Failed
                };
                outcome.error = Some(describe(&e, self.timeout));
            }
        }
        outcome.duration_ms = started.elapsed().as_millis() as i64;
        outcome
    }
}

/// The failure without the URL (it may carry a token) and with its innermost cause.
pub(crate) fn describe(e: &reqwest::Error, timeout: Duration) -> String {
    if e.is_timeout() {
        return format!("timed out after {} s", timeout.as_secs_f64());
    }
    let kind = if e.is_connect() {
        "connection failed"
    } else if e.is_body() || e.is_decode() {
        "reading the answer failed"
    } else {
        "request failed"
    };
    match std::iter::successors(e.source(), |s| (*s).source()).last() {
        Some(cause) => format!("{kind}: {cause}"),
        None => kind.to_string(),
    }
}
