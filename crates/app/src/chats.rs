//! Chat list and history, built from stored messages.

use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use gerbang_core::device::DeviceStatus;
use gerbang_core::jid::Jid;
use gerbang_core::message::{ChatFilter, ChatSummary, HistoryCursor, Message};

use crate::{App, AppError, AppResult, Principal};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ChatQuery {
    /// Matches the contact's name or number.
    pub search: Option<String>,
    /// 1 to 200 (default 50).
    #[serde(default, deserialize_with = "gerbang_core::page::limit")]
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    #[serde(default, deserialize_with = "gerbang_core::page::non_negative")]
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// Cursor: only messages older than this message row id (`id` of the oldest one you have).
    pub before: Option<i64>,
    /// 1 to 200 (default 50).
    #[serde(default, deserialize_with = "gerbang_core::page::limit")]
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Newest messages to skip (offset paging, as seed 004's clients page); `before` is the
    /// steadier cursor while new messages arrive.
    #[serde(default, deserialize_with = "gerbang_core::page::non_negative")]
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct DailyQuery {
    /// `YYYY-MM-DD` (UTC); today when absent.
    pub date: Option<NaiveDate>,
}

/// One page of a chat, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatHistory {
    pub chat_jid: String,
    pub messages: Vec<Message>,
    /// Pass as `before` for the next (older) page; absent at the start of the chat.
    pub next_before: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatRead {
    pub chat_jid: String,
    /// How many messages were unread.
    pub marked: usize,
    /// Whether read receipts went to WhatsApp (only while the device is connected).
    pub receipts_sent: bool,
}

fn limit(value: Option<i64>) -> i64 {
    value.unwrap_or(50).clamp(1, 200)
}

fn chat_jid(input: &str) -> AppResult<Jid> {
    Jid::parse(input).map_err(|e| AppError::field("jid", e))
}

impl App {
    pub async fn chats(
        &self,
        who: &Principal,
        device_id: &str,
        q: ChatQuery,
    ) -> AppResult<Vec<ChatSummary>> {
        let device = self.device_for(who, device_id).await?;
        let filter = ChatFilter {
            search: q.search.filter(|s| !s.trim().is_empty()),
            day: None,
            limit: limit(q.limit),
            offset: q.offset.unwrap_or(0).max(0),
        };
        let chats = self.store.chats(&device.device_id, &filter).await?;
        self.with_app_state(&device.device_id, chats).await
    }

    /// Adds what the app state says of each chat: pinned, archived, muted, unread mark, labels.
    async fn with_app_state(
        &self,
        device_id: &str,
        mut chats: Vec<ChatSummary>,
    ) -> AppResult<Vec<ChatSummary>> {
        let flags: std::collections::HashMap<_, _> = self
            .store
            .all_chat_flags(device_id)
            .await?
            .into_iter()
            .collect();
        let labels = self.store.chat_labels(device_id).await?;
        for chat in &mut chats {
            if let Some(f) = flags.get(&chat.chat_jid) {
                chat.flags = f.clone();
            }
            chat.labels = labels
                .iter()
                .filter(|(c, _)| *c == chat.chat_jid)
                .map(|(_, l)| l.clone())
                .collect();
        }
        Ok(chats)
    }

    /// Traffic in `[from, to)` on the devices `who` sees: a user's own, an admin's all.
    pub async fn message_activity(
        &self,
        who: &Principal,
        from: chrono::DateTime<Utc>,
        to: chrono::DateTime<Utc>,
        recent: i64,
    ) -> AppResult<gerbang_core::message::Activity> {
        let owner = match who {
            Principal::User(_) if who.is_admin() => None,
            Principal::User(u) => Some(u.id),
            Principal::ApiKey { .. } => return Err(crate::devices::api_key_scope()),
        };
        Ok(self
            .store
            .message_activity(owner, from, to, recent.clamp(1, 100))
            .await?)
    }

    pub async fn daily_chats(
        &self,
        who: &Principal,
        device_id: &str,
        q: DailyQuery,
    ) -> AppResult<Vec<ChatSummary>> {
        let device = self.device_for(who, device_id).await?;
        let filter = ChatFilter {
            day: Some(q.date.unwrap_or_else(|| Utc::now().date_naive())),
            limit: 200,
            ..ChatFilter::default()
        };
        let chats = self.store.chats(&device.device_id, &filter).await?;
        self.with_app_state(&device.device_id, chats).await
    }

    pub async fn chat_history(
        &self,
        who: &Principal,
        device_id: &str,
        jid: &str,
        q: HistoryQuery,
    ) -> AppResult<ChatHistory> {
        let device = self.device_for(who, device_id).await?;
        let jid = chat_jid(jid)?;
        let limit = limit(q.limit);
        let messages = self
            .store
            .chat_history(
                &device.device_id,
                jid.as_str(),
                HistoryCursor {
                    before_id: q.before,
                    limit,
                    offset: q.offset.unwrap_or(0).max(0),
                },
            )
            .await?;
        let next_before = (messages.len() as i64 == limit)
            .then(|| messages.last().map(|m| m.id))
            .flatten();
        Ok(ChatHistory {
            chat_jid: jid.to_string(),
            messages,
            next_before,
        })
    }

    /// A group's history; the group id may be given with or without `@g.us`.
    pub async fn group_history(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
        q: HistoryQuery,
    ) -> AppResult<ChatHistory> {
        let jid = if group.contains('@') {
            group.to_string()
        } else {
            format!("{group}@g.us")
        };
        if !Jid::parse(&jid).is_ok_and(|j| j.is_group()) {
            return Err(AppError::field("groupId", "not a group id (…@g.us)"));
        }
        self.chat_history(who, device_id, &jid, q).await
    }

    /// Marks the chat read here and, while connected, sends read receipts to WhatsApp.
    pub async fn mark_chat_read(
        &self,
        who: &Principal,
        device_id: &str,
        jid: &str,
    ) -> AppResult<ChatRead> {
        let device = self.device_for(who, device_id).await?;
        let jid = chat_jid(jid)?;
        let (unread, event) = self
            .store
            .mark_chat_read(&device.device_id, jid.as_str())
            .await?;
        if let Some(event) = &event {
            self.runtime.events.notify(event);
        }
        let mut receipts_sent = false;
        if device.status == DeviceStatus::Connected && !unread.is_empty() {
            let engine = self.runtime.engines.get(device.engine)?;
            // In groups a receipt names each author; send one batch per author.
            let mut by_sender: Vec<(Option<Jid>, Vec<String>)> = Vec::new();
            for m in &unread {
                let sender = if jid.is_group() {
                    m.sender_jid.as_deref().and_then(|s| Jid::parse(s).ok())
                } else {
                    None
                };
                match by_sender.iter_mut().find(|(s, _)| *s == sender) {
                    Some((_, ids)) => ids.push(m.message_id.clone()),
                    None => by_sender.push((sender, vec![m.message_id.clone()])),
                }
            }
            for (sender, ids) in by_sender {
                engine
                    .mark_read(&device.device_id, &jid, sender.as_ref(), &ids)
                    .await?;
            }
            receipts_sent = true;
        }
        Ok(ChatRead {
            chat_jid: jid.to_string(),
            marked: unread.len(),
            receipts_sent,
        })
    }

    /// A stored media file that one of this device's messages references, with its media type
    /// (the recorded one; sniffed from the bytes when that is missing or generic). Files are
    /// stored once per content, so a hash alone must not open another device's file.
    pub async fn media(
        &self,
        who: &Principal,
        device_id: &str,
        sha256: &str,
    ) -> AppResult<(Vec<u8>, String)> {
        self.device_for(who, device_id).await?;
        let sha256 = sha256.to_ascii_lowercase();
        let Some(mime) = self.store.device_media_mime(device_id, &sha256).await? else {
            return Err(AppError::NotFound("media"));
        };
        let data = self
            .runtime
            .media
            .get(&sha256)
            .await?
            .ok_or(AppError::NotFound("media"))?;
        let mime = crate::media::effective_mime(mime.as_deref(), &data);
        Ok((data, mime))
    }
}
