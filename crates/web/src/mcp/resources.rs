//! The device's chats as MCP resources: `whatsapp://chats/{chat}` (the chat's JID) reads as the
//! newest messages of that chat in JSON, the same page `read_chat_history` gives. The list is
//! the chat list, newest first, a page at a time (the cursor is the offset of the next page).

use gerbang_app::chats::ChatQuery;
use gerbang_app::chats::HistoryQuery;
use gerbang_app::{App, AppError, Principal};
use rmcp::model::{
    AnnotateAble, ListResourceTemplatesResult, ListResourcesResult, RawResource,
    RawResourceTemplate, ReadResourceResult, ResourceContents,
};
use rmcp::ErrorData;

use super::tools::describe;

pub(super) const PREFIX: &str = "whatsapp://chats/";
/// Chats per page of `resources/list`.
pub(super) const PAGE: i64 = 50;
/// Messages in one read: the newest of the chat.
const RECENT: i64 = 50;

pub(super) fn templates() -> ListResourceTemplatesResult {
    let template = RawResourceTemplate {
        uri_template: format!("{PREFIX}{{chat}}"),
        name: "chat".into(),
        title: Some("A WhatsApp chat".into()),
        description: Some(
            "The newest messages of one chat, as JSON; {chat} is a phone number or JID.".into(),
        ),
        mime_type: Some("application/json".into()),
    };
    ListResourceTemplatesResult {
        resource_templates: vec![template.no_annotation()],
        next_cursor: None,
    }
}

pub(super) async fn list(
    app: &App,
    who: &Principal,
    device: &str,
    cursor: Option<&str>,
) -> Result<ListResourcesResult, ErrorData> {
    let offset =
        match cursor {
            None => 0,
            Some(c) => c.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
                ErrorData::invalid_params("cursor: not one this server gave", None)
            })?,
        };
    let q = ChatQuery {
        search: None,
        limit: Some(PAGE),
        offset: Some(offset),
    };
    let chats = app.chats(who, device, q).await.map_err(|e| failed(&e))?;
    let next_cursor = (chats.len() as i64 == PAGE).then(|| (offset + PAGE).to_string());
    let resources = chats
        .into_iter()
        .map(|c| {
            let name = c
                .contact_name
                .clone()
                .or(c.contact_number.clone())
                .unwrap_or_else(|| c.chat_jid.clone());
            RawResource {
                uri: format!("{PREFIX}{}", c.chat_jid),
                name,
                title: None,
                description: Some(format!(
                    "{} messages, {} unread; last at {}",
                    c.message_count,
                    c.unread_count,
                    c.last_message_time.to_rfc3339()
                )),
                mime_type: Some("application/json".into()),
                size: None,
                icons: None,
            }
            .no_annotation()
        })
        .collect();
    Ok(ListResourcesResult {
        resources,
        next_cursor,
    })
}

pub(super) async fn read(
    app: &App,
    who: &Principal,
    device: &str,
    uri: &str,
) -> Result<ReadResourceResult, ErrorData> {
    let chat = uri
        .strip_prefix(PREFIX)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            ErrorData::resource_not_found(
                format!("no resource {uri}; chats are {PREFIX}{{chat}}"),
                None,
            )
        })?;
    let q = HistoryQuery {
        before: None,
        limit: Some(RECENT),
        offset: None,
    };
    let history = app
        .chat_history(who, device, chat, q)
        .await
        .map_err(|e| match e {
            AppError::Validation(_) => ErrorData::invalid_params(
                format!(
                    "{uri}: {}",
                    describe(&super::tools::rename(e, "jid", "chat"))
                ),
                None,
            ),
            other => failed(&other),
        })?;
    let text = serde_json::to_string_pretty(&history)
        .map_err(|e| ErrorData::internal_error(e.to_string(), None))?;
    Ok(ReadResourceResult {
        contents: vec![ResourceContents::TextResourceContents {
            uri: uri.to_string(),
            mime_type: Some("application/json".into()),
            text,
            meta: None,
        }],
    })
}

fn failed(e: &AppError) -> ErrorData {
    match e {
        AppError::Validation(_) => ErrorData::invalid_params(describe(e), None),
        AppError::NotFound(_) => ErrorData::resource_not_found(describe(e), None),
        _ => ErrorData::internal_error(describe(e), None),
    }
}
