//! Chatwoot's Application API, the few calls the bridge makes. Every call carries the
//! `api_access_token` header; the token never goes into an error or a log line.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::webhooks::send;

const TIMEOUT: Duration = Duration::from_secs(15);

/// Why a call failed, and whether trying again can help.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CallError {
    /// Chatwoot away, slow, overloaded (5xx, 429): worth retrying.
    #[error("{0}")]
    Transient(String),
    /// Chatwoot said no (4xx): retrying would say the same.
    #[error("{0}")]
    Permanent(String),
    /// 404: the contact or conversation is gone (deleted in Chatwoot).
    #[error("{0}")]
    Gone(String),
}

/// A message to post in a conversation.
pub(crate) struct Post<'a> {
    pub content: Option<&'a str>,
    /// `incoming` (the customer wrote it) or `outgoing` (this side did).
    pub message_type: &'a str,
    pub source_id: String,
    /// A file to attach: bytes, content type, file name.
    pub attachment: Option<(Vec<u8>, String, String)>,
}

pub(crate) struct Client {
    http: reqwest::Client,
    allow_internal: bool,
    /// `{base}/api/v1/accounts/{id}`.
    account: String,
    token: String,
}

impl Client {
    pub fn new(base_url: &str, account_id: i64, token: String, allow_internal: bool) -> Self {
        Client {
            http: send::guarded_client(allow_internal, TIMEOUT),
            allow_internal,
            account: format!(
                "{}/api/v1/accounts/{account_id}",
                base_url.trim_end_matches('/')
            ),
            token,
        }
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, CallError> {
        let req = self.http.request(method, format!("{}{path}", self.account));
        let req = match body {
            Some(b) => req.json(&b),
            None => req,
        };
        self.answer(req).await
    }

    async fn answer(&self, req: reqwest::RequestBuilder) -> Result<Value, CallError> {
        if let Some(refusal) = send::refused_before_connecting(&self.account, self.allow_internal) {
            return Err(CallError::Permanent(match refusal {
                send::Refusal::Internal => "the Chatwoot URL is an internal address".into(),
                send::Refusal::BeyondLoopback => {
                    crate::special_addresses::LOOPBACK_ONLY_REASON.into()
                }
            }));
        }
        let res = req
            .header("api_access_token", &self.token)
            .send()
            .await
            .map_err(|e| CallError::Transient(send::describe(&e, TIMEOUT)))?;
        let status = res.status();
        let text = res
            .text()
            .await
            .map_err(|e| CallError::Transient(send::describe(&e, TIMEOUT)))?;
        if status.is_success() {
            return Ok(serde_json::from_str(&text).unwrap_or(Value::Null));
        }
        let excerpt: String = text.chars().take(300).collect();
        let what = format!("Chatwoot answered {status}: {excerpt}");
        Err(match status {
            StatusCode::NOT_FOUND => CallError::Gone(what),
            StatusCode::TOO_MANY_REQUESTS | StatusCode::REQUEST_TIMEOUT => {
                CallError::Transient(what)
            }
            s if s.is_server_error() => CallError::Transient(what),
            _ => CallError::Permanent(what),
        })
    }

    /// The contacts whose phone number or identifier matches (`payload`, newest first).
    pub async fn search_contacts(&self, q: &str) -> Result<Vec<Value>, CallError> {
        let req = self
            .http
            .get(format!("{}/contacts/search", self.account))
            .query(&[("q", q)]);
        let v = self.answer(req).await?;
        Ok(v["payload"].as_array().cloned().unwrap_or_default())
    }

    /// Creates a contact in the inbox; its id and the contact inbox's `source_id` when
    /// Chatwoot gave one.
    pub async fn create_contact(
        &self,
        inbox_id: i64,
        name: &str,
        phone: &str,
        identifier: &str,
    ) -> Result<(i64, Option<String>), CallError> {
        let v = self
            .call(
                Method::POST,
                "/contacts",
                Some(json!({
                    "inbox_id": inbox_id,
                    "name": name,
                    "phone_number": phone,
                    "identifier": identifier,
                })),
            )
            .await?;
        // Newer Chatwoot wraps it as {payload: {contact, contact_inbox}}, older as {payload: contact}.
        let p = &v["payload"];
        let contact = if p["contact"].is_object() {
            &p["contact"]
        } else {
            p
        };
        let id = contact["id"]
            .as_i64()
            .ok_or_else(|| CallError::Permanent("Chatwoot's contact has no id".into()))?;
        let source = p["contact_inbox"]["source_id"]
            .as_str()
            .map(str::to_string)
            .or_else(|| source_in(contact, inbox_id));
        Ok((id, source))
    }

    /// The contact's `source_id` in the inbox, made when missing.
    pub async fn contact_inbox(&self, contact_id: i64, inbox_id: i64) -> Result<String, CallError> {
        let v = self
            .call(
                Method::POST,
                &format!("/contacts/{contact_id}/contact_inboxes"),
                Some(json!({"inbox_id": inbox_id})),
            )
            .await?;
        v["source_id"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| CallError::Permanent("Chatwoot's contact inbox has no source_id".into()))
    }

    /// The contact's open (or pending) conversation in the inbox, if any.
    pub async fn open_conversation(
        &self,
        contact_id: i64,
        inbox_id: i64,
    ) -> Result<Option<i64>, CallError> {
        let v = self
            .call(
                Method::GET,
                &format!("/contacts/{contact_id}/conversations"),
                None,
            )
            .await?;
        Ok(v["payload"].as_array().and_then(|list| {
            list.iter()
                .filter(|c| c["inbox_id"].as_i64() == Some(inbox_id))
                .find(|c| c["status"].as_str() != Some("resolved"))
                .and_then(|c| c["id"].as_i64())
        }))
    }

    pub async fn create_conversation(
        &self,
        source_id: &str,
        inbox_id: i64,
        contact_id: i64,
    ) -> Result<i64, CallError> {
        let v = self
            .call(
                Method::POST,
                "/conversations",
                Some(json!({
                    "source_id": source_id,
                    "inbox_id": inbox_id,
                    "contact_id": contact_id,
                    "status": "open",
                })),
            )
            .await?;
        v["id"]
            .as_i64()
            .ok_or_else(|| CallError::Permanent("Chatwoot's conversation has no id".into()))
    }

    /// Posts a message; Chatwoot's id for it.
    pub async fn post_message(&self, conversation_id: i64, m: Post<'_>) -> Result<i64, CallError> {
        let url = format!("{}/conversations/{conversation_id}/messages", self.account);
        let req = match m.attachment {
            // Files go as multipart `attachments[]`, the way Chatwoot's own clients upload.
            Some((data, mime, name)) => {
                let part = reqwest::multipart::Part::bytes(data)
                    .file_name(name)
                    .mime_str(&mime)
                    .map_err(|e| CallError::Permanent(format!("bad content type: {e}")))?;
                let mut form = reqwest::multipart::Form::new()
                    .text("message_type", m.message_type.to_string())
                    .text("private", "false")
                    .text("source_id", m.source_id)
                    .part("attachments[]", part);
                if let Some(c) = m.content {
                    form = form.text("content", c.to_string());
                }
                self.http.post(url).multipart(form)
            }
            None => self.http.post(url).json(&json!({
                "content": m.content.unwrap_or_default(),
                "message_type": m.message_type,
                "private": false,
                "source_id": m.source_id,
            })),
        };
        let v = self.answer(req).await?;
        v["id"]
            .as_i64()
            .ok_or_else(|| CallError::Permanent("Chatwoot's message has no id".into()))
    }
}

/// The `source_id` of a contact's inbox entry, from a contact as Chatwoot lists it.
fn source_in(contact: &Value, inbox_id: i64) -> Option<String> {
    contact["contact_inboxes"]
        .as_array()?
        .iter()
        .find_map(|ci| {
            (ci["inbox"]["id"].as_i64() == Some(inbox_id))
                .then(|| ci["source_id"].as_str().map(str::to_string))
                .flatten()
        })
}
