//! `/mcp` in the OpenAPI document. The route is rmcp's streamable-HTTP transport, not a
//! `utoipa_axum` handler, so its three operations are written out here, with the answers the
//! transport and the key check in front of it really give (errors in the usual envelope).
//! The functions exist only to carry the documentation.
#![allow(dead_code)]

use utoipa::OpenApi;

use crate::error::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    paths(post_mcp, get_mcp, delete_mcp),
    tags((name = "mcp", description = "The MCP server (Model Context Protocol, streamable HTTP) for AI agents: tools to list chats, read history and send text or media, and each chat as a resource `whatsapp://chats/{chat}`. Device API keys only."))
)]
pub(crate) struct McpDoc;

/// Sends one MCP message (JSON-RPC). The first is `initialize`, answered with an
/// `Mcp-Session-Id` header that every later request of the session carries. A request is
/// answered as a server-sent event stream holding its response; a notification or response is
/// accepted with 202. Bodies up to the largest media file as base64 (about 134 MiB).
#[utoipa::path(post, path = "/mcp", tag = "mcp", operation_id = "mcp_post",
    security(("apiKey" = []), ("bearer" = [])),
    params(("Mcp-Session-Id" = Option<String>, Header, description = "The session, from `initialize`'s answer")),
    request_body(content = Object, content_type = "application/json", description = "A JSON-RPC 2.0 message"),
    responses(
        (status = 200, description = "The response, as `text/event-stream`", content_type = "text/event-stream", body = String),
        (status = 202, description = "A notification or response, accepted"),
        (status = 400, body = ErrorBody, description = "`malformed_json`: the body is not a JSON-RPC message"),
        (status = 401, body = ErrorBody, description = "no or bad API key"),
        (status = 403, body = ErrorBody, description = "a user's token: the MCP server takes device API keys"),
        (status = 404, body = ErrorBody, description = "`session_not_found`: start again with `initialize`"),
        (status = 406, body = ErrorBody, description = "`not_acceptable`: `Accept` must name both `application/json` and `text/event-stream`"),
        (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody, description = "`unsupported_media_type`: the body is not `application/json`"),
        (status = 422, body = ErrorBody, description = "`unexpected_message`: a session starts with `initialize`"),
        (status = 429, body = ErrorBody)))]
fn post_mcp() {}

/// Opens the session's stream of messages from the server (server-sent events).
#[utoipa::path(get, path = "/mcp", tag = "mcp", operation_id = "mcp_stream",
    security(("apiKey" = []), ("bearer" = [])),
    params(("Mcp-Session-Id" = String, Header, description = "The session, from `initialize`'s answer")),
    responses(
        (status = 200, description = "Messages, as `text/event-stream`", content_type = "text/event-stream", body = String),
        (status = 400, body = ErrorBody, description = "`session_required`: no `Mcp-Session-Id`"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "`session_not_found`"),
        (status = 406, body = ErrorBody, description = "`not_acceptable`: `Accept` must name `text/event-stream`"),
        (status = 429, body = ErrorBody)))]
fn get_mcp() {}

/// Ends a session.
#[utoipa::path(delete, path = "/mcp", tag = "mcp", operation_id = "mcp_end_session",
    security(("apiKey" = []), ("bearer" = [])),
    params(("Mcp-Session-Id" = String, Header, description = "The session to end")),
    responses(
        (status = 202, description = "Ended (or already gone)"),
        (status = 400, body = ErrorBody, description = "`session_required`: no `Mcp-Session-Id`"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
fn delete_mcp() {}
