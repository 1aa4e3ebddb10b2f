//! The tools an agent calls. Each one turns its arguments into the HTTP API's own input type and
//! calls the same service, so a bad argument fails with the same field name the API would give.

use gerbang_app::{App, AppError, Principal};

use super::{media, resources};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, Content, ListResourceTemplatesResult, ListResourcesResult,
    PaginatedRequestParam, ReadResourceRequestParam, ReadResourceResult, ServerCapabilities,
    ServerInfo,
};
use rmcp::service::RequestContext;
use rmcp::{tool, tool_handler, tool_router, ErrorData, RoleServer, ServerHandler};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Clone)]
pub struct Gateway {
    pub(super) app: App,
    tool_router: ToolRouter<Self>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ListChatsArgs {
    /// Matches the contact's name or number.
    pub search: Option<String>,
    /// 1 to 200 (default 50).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct HistoryArgs {
    /// The chat: a phone number or JID.
    pub chat: String,
    /// Only messages older than this message row id (the `nextBefore` of the previous page).
    pub before: Option<i64>,
    /// 1 to 200 (default 50).
    pub limit: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SendTextArgs {
    /// Phone number (`+62 812-…`, `0812…`) or JID.
    pub phone: String,
    pub message: String,
    /// The WhatsApp id of a message in the same chat to reply to.
    pub reply_to: Option<String>,
}

/// The file comes from `url` or inline as base64 `data` (with `mime_type`): exactly one of them.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SendMediaArgs {
    /// Phone number or JID.
    pub phone: String,
    /// An http(s) URL the gateway downloads (internal addresses are refused unless configured).
    pub url: Option<String>,
    /// The file itself, base64 (standard alphabet). Limits as the HTTP API: image 16 MiB,
    /// video 64 MiB, audio 16 MiB, sticker 1 MiB, document 100 MiB (decoded).
    pub data: Option<String>,
    /// The content type of `data`, e.g. `image/png` or `application/pdf`; guessed from
    /// `file_name` when absent.
    #[serde(alias = "mimeType")]
    pub mime_type: Option<String>,
    pub caption: Option<String>,
    #[serde(alias = "fileName")]
    pub file_name: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CheckNumbersArgs {
    /// 1 to 1,000 phone numbers.
    pub numbers: Vec<String>,
}

/// The key's principal and device, put on the request by the `/mcp` middleware.
pub(super) fn caller(ctx: &RequestContext<RoleServer>) -> Result<(Principal, String), ErrorData> {
    let principal = ctx
        .extensions
        .get::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<Principal>())
        .cloned()
        .ok_or_else(|| ErrorData::internal_error("request without a checked API key", None))?;
    match &principal {
        Principal::ApiKey { key, .. } => {
            let device = key.device_id.clone();
            Ok((principal, device))
        }
        Principal::User(_) => Err(ErrorData::invalid_request(
            "the MCP server takes a device API key",
            None,
        )),
    }
}

/// A failed call is a tool result with `isError` (what agents read), worded as the API words it.
fn outcome<T: serde::Serialize>(r: Result<T, AppError>) -> Result<CallToolResult, ErrorData> {
    match r {
        Ok(v) => {
            let body = serde_json::to_string_pretty(&v)
                .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
            Ok(CallToolResult::success(vec![Content::text(body)]))
        }
        Err(e) => Ok(CallToolResult::error(vec![Content::text(describe(&e))])),
    }
}

pub(super) fn describe(e: &AppError) -> String {
    match e {
        AppError::Validation(fields) => {
            let list: Vec<String> = fields
                .iter()
                .map(|(f, why)| format!("{f}: {why}"))
                .collect();
            format!("invalid arguments: {}", list.join("; "))
        }
        other => other.to_string(),
    }
}

/// The API's input types carry its aliases and rules; building them from JSON keeps them in use.
pub(super) fn input<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, AppError> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let field = e.path().to_string();
        AppError::field(
            if field == "." { "arguments" } else { &field },
            e.inner().to_string(),
        )
    })
}

#[tool_router]
impl Gateway {
    pub fn new(app: App) -> Self {
        Self {
            app,
            tool_router: Self::tool_router(),
        }
    }

    #[tool(
        description = "The WhatsApp device this API key belongs to, with its status and phone number."
    )]
    async fn list_devices(
        &self,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, ErrorData> {
        let (who, device) = caller(&ctx)?;
        outcome(self.app.device_for(&who, &device).await.map(|d| vec![d]))
    }

    #[tool(
        description = "The device's chats, newest first, with the last message and unread count."
    )]
    async fn list_chats(
        &self,
        ctx: RequestContext<RoleServer>,
        Parameters(a): Parameters<ListChatsArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let (who, device) = caller(&ctx)?;
        let r = async {
            let q = input(json!({"search": a.search, "limit": a.limit, "offset": a.offset}))?;
            self.app.chats(&who, &device, q).await
        };
        outcome(r.await)
    }

    #[tool(
        description = "One chat's messages, newest first, a page at a time: pass the returned `nextBefore` as `before` for the next page."
    )]
    async fn read_chat_history(
        &self,
        ctx: RequestContext<RoleServer>,
        Parameters(a): Parameters<HistoryArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let (who, device) = caller(&ctx)?;
        let r = async {
            let q = input(json!({"before": a.before, "limit": a.limit}))?;
            self.app
                .chat_history(&who, &device, &a.chat, q)
                .await
                .map_err(|e| rename(e, "jid", "chat"))
        };
        outcome(r.await)
    }

    #[tool(
        description = "Send a text message from the device. Returns the message id and its status."
    )]
    async fn send_text(
        &self,
        ctx: RequestContext<RoleServer>,
        Parameters(a): Parameters<SendTextArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let (who, device) = caller(&ctx)?;
        let r = async {
            let i = input(json!({"phone": a.phone, "message": a.message, "replyTo": a.reply_to}))?;
            self.app.send_text(&who, &device, i).await
        };
        outcome(r.await)
    }

    #[tool(
        description = "Send an image, video, audio or document: downloaded from `url`, or given inline as base64 `data` with its `mime_type`."
    )]
    async fn send_media(
        &self,
        ctx: RequestContext<RoleServer>,
        Parameters(a): Parameters<SendMediaArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let (who, device) = caller(&ctx)?;
        outcome(media::send(&self.app, &who, &device, a).await)
    }

    #[tool(description = "Which phone numbers are on WhatsApp.")]
    async fn check_numbers(
        &self,
        ctx: RequestContext<RoleServer>,
        Parameters(a): Parameters<CheckNumbersArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let (who, device) = caller(&ctx)?;
        let r = async {
            let i = input(json!({"numbers": a.numbers}))?;
            self.app.check_numbers(&who, &device, i).await
        };
        outcome(r.await)
    }
}

/// The service names the chat `jid` (its path segment); the tool calls it `chat`.
pub(super) fn rename(e: AppError, from: &str, to: &str) -> AppError {
    match e {
        AppError::Validation(mut fields) => {
            if let Some(why) = fields.remove(from) {
                fields.insert(to.to_string(), why);
            }
            AppError::Validation(fields)
        }
        other => other,
    }
}

#[tool_handler]
impl ServerHandler for Gateway {
    fn get_info(&self) -> ServerInfo {
        ServerInfo {
            capabilities: ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
            instructions: Some(
                "Gerbang WhatsApp gateway: read chats and send messages as the device this API key belongs to. Each chat is also a resource, whatsapp://chats/{chat}."
                    .into(),
            ),
            ..Default::default()
        }
    }

    async fn list_resources(
        &self,
        request: Option<PaginatedRequestParam>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let (who, device) = caller(&ctx)?;
        let cursor = request.and_then(|r| r.cursor);
        resources::list(&self.app, &who, &device, cursor.as_deref()).await
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParam>,
        _ctx: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(resources::templates())
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParam,
        ctx: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResult, ErrorData> {
        let (who, device) = caller(&ctx)?;
        resources::read(&self.app, &who, &device, &request.uri).await
    }
}
