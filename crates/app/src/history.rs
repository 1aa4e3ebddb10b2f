//! History sync: right after a device links, the phone sends it its recent conversations.
//! Off unless the user opts in per device (the history holds every recent chat on the phone,
//! more than a gateway that serves new messages needs). When on, the old messages are stored
//! like any other, with their original times, and reported by part (`history.progress`) and
//! once the phone is done (`history.complete`), never as `message.new` each: a webhook must not
//! answer a year-old message.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use gerbang_core::engine::{HistoryBatch, MessageContent};
use gerbang_core::event::{types, NewEvent};

use crate::ingest::inbound_row;
use crate::runtime::DeviceRuntime;
use crate::{App, AppResult, Principal};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistorySyncInput {
    /// Store the history the phone sends when this device links (applies from the next link).
    pub history_sync: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistorySyncView {
    pub device_id: String,
    pub history_sync: bool,
}

impl App {
    pub async fn history_sync(
        &self,
        who: &Principal,
        device_id: &str,
    ) -> AppResult<HistorySyncView> {
        let device = self.device_for(who, device_id).await?;
        let history_sync = self.store.history_sync(&device.device_id).await?;
        Ok(HistorySyncView {
            device_id: device.device_id,
            history_sync,
        })
    }

    pub async fn set_history_sync(
        &self,
        who: &Principal,
        device_id: &str,
        input: HistorySyncInput,
    ) -> AppResult<HistorySyncView> {
        let device = self.device_for(who, device_id).await?;
        self.store
            .set_history_sync(&device.device_id, input.history_sync)
            .await?;
        tracing::info!(device_id = %device.device_id, history_sync = input.history_sync, "history sync set");
        Ok(HistorySyncView {
            device_id: device.device_id,
            history_sync: input.history_sync,
        })
    }
}

/// The parts of each device's history stored so far. whatsapp-rust processes two parts at
/// once, so they may arrive out of order: the history is complete when the part saying 100 %
/// and every part numbered before it are in. Kept in memory: the phone sends its history once,
/// right after linking.
#[derive(Default)]
pub(crate) struct HistoryParts(Mutex<HashMap<String, Parts>>);

#[derive(Default)]
struct Parts {
    seen: BTreeSet<u32>,
    /// The number of the part that said 100 %.
    last: Option<u32>,
    told: bool,
}

impl HistoryParts {
    /// A new link: its phone sends a new history.
    pub(crate) fn forget(&self, device_id: &str) {
        let mut all = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        all.remove(device_id);
    }

    /// Notes a stored part; the number of parts when this one completes the history.
    fn note(&self, device_id: &str, chunk: Option<u32>, progress: Option<u32>) -> Option<u32> {
        let mut all = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let parts = all.entry(device_id.to_string()).or_default();
        let done = progress.is_some_and(|p| p >= 100);
        let Some(chunk) = chunk else {
            // Unnumbered parts: the one saying 100 % ends it.
            return done.then_some(0);
        };
        parts.seen.insert(chunk);
        if done {
            parts.last = Some(chunk);
        }
        let last = parts.last?;
        if parts.told || !(1..=last).all(|n| parts.seen.contains(&n)) {
            return None;
        }
        parts.told = true;
        Some(last)
    }
}

/// Stores one part of the phone's history, when the device opted in; a part sent again stores
/// nothing twice (messages are kept by their WhatsApp id).
pub(crate) async fn record(
    rt: &DeviceRuntime,
    device_id: &str,
    batch: HistoryBatch,
) -> AppResult<()> {
    // The engine is told at session start; this also covers a setting turned off since.
    if !rt.store.history_sync(device_id).await? {
        tracing::debug!(device_id, "history part ignored: history sync is off");
        return Ok(());
    }
    let mut rows = Vec::with_capacity(batch.messages.len());
    for m in &batch.messages {
        // An old edit, deletion or reaction would change messages the device may never have
        // had; history keeps the conversation lines only.
        if matches!(
            m.content,
            MessageContent::Edit { .. }
                | MessageContent::Revoke { .. }
                | MessageContent::Reaction { .. }
                | MessageContent::PollVote { .. }
                | MessageContent::DisappearingTimer { .. }
        ) {
            continue;
        }
        crate::polls::keep_secret(rt, device_id, m).await?;
        let mut row = inbound_row(&rt.media, device_id, m).await?;
        // Read on the phone or not, it is old news: the chat list's unread count stays as it was.
        row.is_read = true;
        rows.push(row);
    }
    let mut chats: Vec<&str> = rows.iter().map(|r| r.chat_jid.as_str()).collect();
    chats.sort_unstable();
    chats.dedup();
    let progress = NewEvent {
        event_type: types::HISTORY_PROGRESS,
        device_id: Some(device_id.to_string()),
        user_id: None,
        chat_jid: None,
        data: serde_json::json!({
            "deviceId": device_id,
            "chunk": batch.chunk,
            "progress": batch.progress,
            "messages": rows.len(),
            "chats": chats.len(),
        }),
    };
    let (stored, event) = rt.store.insert_history(&rows, progress).await?;
    rt.events.notify(&event);
    tracing::info!(device_id, chunk = ?batch.chunk, progress = ?batch.progress, stored, "history part stored");
    if let Some(chunks) = rt
        .history_parts
        .note(device_id, batch.chunk, batch.progress)
    {
        rt.events
            .publish(NewEvent {
                event_type: types::HISTORY_COMPLETE,
                device_id: Some(device_id.to_string()),
                user_id: None,
                chat_jid: None,
                data: serde_json::json!({ "deviceId": device_id, "chunks": chunks }),
            })
            .await?;
    }
    Ok(())
}
