//! The message store: messages with their events, chats and history. New messages and status
//! changes go through the group-commit writer (`group_commit`), which hands its batches to
//! [`commit_batch`].

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::event::{types, Event, NewEvent};
use gerbang_core::jid::Jid;
use gerbang_core::message::{
    Activity, ChatFilter, ChatSummary, HistoryCursor, Message, MessageStatus, NewMessage,
    ParkedInbound,
};
use gerbang_core::store::MessageStore;
use gerbang_core::{StoreError, StoreResult};
use sqlx::types::Json;

use crate::cluster::{check_all, check_once, Fences};
use crate::db::{query, Db, On, Query, Tx};
use crate::events::append_in;
use crate::group_commit::{Done, Write};
use crate::rows::{contains_pattern, MessageRow, MESSAGE_COLUMNS};
use crate::text::{clean, clean_json, clean_opt};
use crate::SqlStore;

/// Rows that are actions on other messages, not conversation lines of their own.
const ACTIONS: &str = "('edit', 'revoke')";

/// A row of the chat list: a chat's last conversation line and its counts.
#[derive(sqlx::FromRow)]
struct ChatRow {
    chat_jid: String,
    last_body: Option<String>,
    last_type: String,
    last_from_me: bool,
    last_time: DateTime<Utc>,
    unread_count: i64,
    message_count: i64,
    contact_name: Option<String>,
}

fn chat_summary(r: ChatRow) -> ChatSummary {
    let jid = Jid::parse(&r.chat_jid).ok();
    ChatSummary {
        is_group: jid.as_ref().is_some_and(Jid::is_group),
        contact_number: jid.as_ref().and_then(Jid::phone).map(|p| p.to_string()),
        contact_name: r.contact_name,
        chat_jid: r.chat_jid,
        last_message: r.last_body,
        last_message_type: r.last_type,
        last_message_from_me: r.last_from_me,
        last_message_time: r.last_time,
        unread_count: r.unread_count,
        message_count: r.message_count,
        flags: Default::default(),
        labels: Vec::new(),
    }
}

/// The event that reports a message: its type, the message as the API shows it.
pub(crate) fn message_event(event_type: &'static str, m: &Message) -> NewEvent {
    NewEvent {
        event_type,
        device_id: Some(m.device_id.clone()),
        user_id: None,
        chat_jid: Some(m.chat_jid.clone()),
        data: serde_json::json!({
            "deviceId": m.device_id,
            "chatJid": m.chat_jid,
            "messageId": m.message_id,
            "status": m.status,
            "message": m,
        }),
    }
}

/// Inserts one message row; `None` when the device already has its id.
async fn insert_row(
    on: impl Into<On<'_>>,
    m: &NewMessage,
    now: DateTime<Utc>,
) -> StoreResult<Option<MessageRow>> {
    let media = m.media.as_ref();
    let mentions: Vec<String> = m.mentions.iter().map(|j| clean(j).into_owned()).collect();
    query(format!(
        "INSERT INTO messages (device_id, message_id, chat_jid, sender_jid, \
         sender_phone, sender_lid, push_name, from_me, message_type, body, \
         media_sha256, media_mime, media_size, media_file_name, extra, quoted_id, \
         mentions, status, status_rank, is_read, timestamp, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
         $16, $17, $18, $19, $20, $21, $22, $22) \
         ON CONFLICT (device_id, message_id) DO NOTHING RETURNING {MESSAGE_COLUMNS}"
    ))
    .bind(&m.device_id)
    .bind(clean(&m.message_id))
    .bind(clean(&m.chat_jid))
    .bind(clean_opt(&m.sender_jid))
    .bind(clean_opt(&m.sender_phone))
    .bind(clean_opt(&m.sender_lid))
    .bind(clean_opt(&m.push_name))
    .bind(m.from_me)
    .bind(&m.message_type)
    .bind(clean_opt(&m.body))
    .bind(media.map(|x| x.sha256.clone()))
    .bind(media.map(|x| clean(&x.mime).into_owned()))
    .bind(media.map(|x| x.size))
    .bind(media.and_then(|x| clean_opt(&x.file_name)))
    .bind(Json(clean_json(&m.extra)))
    .bind(clean_opt(&m.quoted_id))
    .bind(Json(mentions))
    .bind(m.status.as_str())
    .bind(m.status.rank())
    .bind(m.is_read)
    .bind(m.timestamp)
    .bind(now)
    .fetch_optional::<MessageRow>(on)
    .await
}

/// Writes a message and its event in `tx`; with `recipient_id`, the job recipient it is for
/// points at it in the same transaction, so after a crash the recipient's fate can be read from
/// the message (sent, or uncertain) instead of guessed.
async fn insert_in(
    tx: &mut Tx,
    m: &NewMessage,
    recipient_id: Option<i64>,
) -> StoreResult<Option<(Message, Event)>> {
    let Some(row) = insert_row(&mut *tx, m, Utc::now()).await? else {
        return Ok(None);
    };
    if let Some(id) = recipient_id {
        query("UPDATE job_recipients SET message_id = $1 WHERE id = $2")
            .bind(clean(&m.message_id))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let message = Message::from(row);
    let event = append_in(tx, &message_event(types::MESSAGE_NEW, &message)).await?;
    Ok(Some((message, event)))
}

/// Moves own messages forward to `status` in `tx`, each with its event.
async fn advance_in(
    tx: &mut Tx,
    device_id: &str,
    message_ids: &[String],
    status: MessageStatus,
    failure_reason: Option<&str>,
) -> StoreResult<Vec<(Message, Event)>> {
    let mut q = query("UPDATE messages SET status = ");
    q.push_bind(status.as_str())
        .push(", status_rank = ")
        .push_bind(status.rank())
        .push(", failure_reason = ")
        .push_bind(failure_reason)
        .push(", updated_at = ")
        .push_bind(Utc::now())
        .push(" WHERE from_me AND device_id = ")
        .push_bind(device_id)
        .push(" AND message_id IN ")
        .push_list(message_ids);
    // Failure can only befall a message not yet known delivered.
    let ceiling = if status == MessageStatus::Failed {
        MessageStatus::Sent.rank() + 1
    } else {
        status.rank()
    };
    q.push(" AND status_rank < ").push_bind(ceiling);
    q.push(format_args!(" RETURNING {MESSAGE_COLUMNS}"));
    let rows = q.fetch_all::<MessageRow>(&mut *tx).await?;
    with_events(tx, rows, types::MESSAGE_STATUS).await
}

/// One event per changed message, in the same transaction.
async fn with_events(
    tx: &mut Tx,
    rows: Vec<MessageRow>,
    event_type: &'static str,
) -> StoreResult<Vec<(Message, Event)>> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let message = Message::from(row);
        let event = append_in(&mut *tx, &message_event(event_type, &message)).await?;
        out.push((message, event));
    }
    Ok(out)
}

async fn apply(
    tx: &mut Tx,
    fences: &Fences,
    checked: &mut Vec<String>,
    write: &Write,
) -> StoreResult<Done> {
    check_once(fences, tx, checked, write.device_id()).await?;
    match write {
        Write::Insert {
            message,
            recipient_id,
            ..
        } => insert_in(tx, message, *recipient_id)
            .await
            .map(|r| Done::Inserted(r.map(Box::new))),
        Write::Advance {
            device_id,
            message_ids,
            status,
            failure_reason,
            ..
        } => advance_in(
            tx,
            device_id,
            message_ids,
            *status,
            failure_reason.as_deref(),
        )
        .await
        .map(Done::Advanced),
    }
}

/// Commits a batch of writes in one transaction (see `group_commit`); when that fails, each
/// write is tried in a transaction of its own, so only a bad one fails.
pub(crate) async fn commit_batch(db: Db, fences: Arc<Fences>, batch: Vec<Write>) {
    let together = async {
        let mut tx = db.begin_write().await?;
        let mut done = Vec::with_capacity(batch.len());
        let mut checked = Vec::new();
        let mut devices: Vec<String> = batch.iter().map(|w| w.device_id().to_string()).collect();
        devices.sort();
        devices.dedup();
        check_all(&fences, &mut tx, &mut checked, devices).await?;
        for write in &batch {
            done.push(apply(&mut tx, &fences, &mut checked, write).await?);
        }
        tx.commit().await?;
        Ok::<_, StoreError>(done)
    }
    .await;
    match together {
        Ok(done) => {
            for (write, d) in batch.into_iter().zip(done) {
                write.answer(Ok(d));
            }
        }
        Err(e) if batch.len() == 1 => {
            if let Some(write) = batch.into_iter().next() {
                write.answer(Err(e));
            }
        }
        Err(e) => {
            tracing::debug!(writes = batch.len(), error = %e, "a batch failed; writing one at a time");
            for write in batch {
                let alone = async {
                    let mut tx = db.begin_write().await?;
                    let done = apply(&mut tx, &fences, &mut Vec::new(), &write).await?;
                    tx.commit().await?;
                    Ok::<_, StoreError>(done)
                }
                .await;
                write.answer(alone);
            }
        }
    }
}

/// The conditions `message_activity` counts and lists by: the window, conversation lines only,
/// and the owner's devices.
fn activity_window(q: &mut Query<'_>, owner: Option<i64>, from: DateTime<Utc>, to: DateTime<Utc>) {
    q.push(format_args!(
        " FROM messages WHERE message_type NOT IN {ACTIONS} \
         AND message_type <> 'reaction' AND timestamp >= "
    ))
    .push_bind(from)
    .push(" AND timestamp < ")
    .push_bind(to);
    if let Some(owner) = owner {
        q.push(" AND device_id IN (SELECT device_id FROM devices WHERE user_id = ")
            .push_bind(owner)
            .push(")");
    }
}

#[async_trait]
impl<B: sqlx::Database> MessageStore for SqlStore<B> {
    async fn insert_message(&self, m: &NewMessage) -> StoreResult<Option<(Message, Event)>> {
        self.writer.insert(m, None).await
    }

    async fn insert_messages(
        &self,
        new: &[NewMessage],
    ) -> Vec<StoreResult<Option<(Message, Event)>>> {
        self.writer.insert_many(new).await
    }

    async fn insert_job_message(
        &self,
        m: &NewMessage,
        recipient_id: i64,
    ) -> StoreResult<Option<(Message, Event)>> {
        self.writer.insert(m, Some(recipient_id)).await
    }

    async fn insert_history(
        &self,
        messages: &[NewMessage],
        mut event: NewEvent,
    ) -> StoreResult<(u64, Event)> {
        let now = Utc::now();
        let mut tx = self.db.begin_write().await?;
        let mut stored = 0u64;
        for m in messages {
            if insert_row(&mut tx, m, now).await?.is_some() {
                stored += 1;
            }
        }
        if let Some(data) = event.data.as_object_mut() {
            data.insert("messagesStored".into(), stored.into());
        }
        let event = append_in(&mut tx, &event).await?;
        tx.commit().await?;
        Ok((stored, event))
    }

    async fn park_inbound(&self, p: &ParkedInbound) -> StoreResult<Event> {
        let mut tx = self.db.begin_write().await?;
        query(
            "INSERT INTO inbound_failures (device_id, message_id, chat_jid, sender_jid, \
             payload, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&p.device_id)
        .bind(clean(&p.message_id))
        .bind(clean(&p.chat_jid))
        .bind(clean_opt(&p.sender_jid))
        .bind(&p.payload)
        .bind(clean(&p.reason))
        .bind(Utc::now())
        .execute(&mut tx)
        .await?;
        let event = NewEvent {
            event_type: types::MESSAGE_UNSTORED,
            device_id: Some(p.device_id.clone()),
            user_id: None,
            chat_jid: Some(p.chat_jid.clone()),
            data: serde_json::json!({
                "deviceId": p.device_id,
                "messageId": p.message_id,
                "chatJid": p.chat_jid,
                "senderJid": p.sender_jid,
                "reason": p.reason,
            }),
        };
        let event = append_in(&mut tx, &event).await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn message(&self, device_id: &str, message_id: &str) -> StoreResult<Option<Message>> {
        query(format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE device_id = $1 AND message_id = $2"
        ))
        .bind(device_id)
        .bind(message_id)
        .fetch_optional::<MessageRow>(&self.db)
        .await
        .map(|r| r.map(Message::from))
    }

    async fn device_media_mime(
        &self,
        device_id: &str,
        sha256: &str,
    ) -> StoreResult<Option<Option<String>>> {
        // A typed row first: an inbound copy may carry the type a forward lacked.
        query(
            "SELECT media_mime FROM messages WHERE device_id = $1 AND media_sha256 = $2 \
             ORDER BY media_mime IS NULL, id LIMIT 1",
        )
        .bind(device_id)
        .bind(sha256)
        .scalar_optional::<Option<String>>(&self.db)
        .await
    }

    async fn advance_status(
        &self,
        device_id: &str,
        message_ids: &[String],
        status: MessageStatus,
        failure_reason: Option<&str>,
    ) -> StoreResult<Vec<(Message, Event)>> {
        if message_ids.is_empty() {
            return Ok(Vec::new());
        }
        self.writer
            .advance(device_id, message_ids, status, failure_reason)
            .await
    }

    async fn mark_pending_uncertain(
        &self,
        device: Option<&str>,
    ) -> StoreResult<Vec<(Message, Event)>> {
        let mut tx = self.db.begin_write().await?;
        let rows = query(format!(
            "UPDATE messages SET status = 'uncertain', status_rank = $1, updated_at = $2 \
             WHERE status = 'pending' AND ($3 IS NULL OR device_id = $3) \
             RETURNING {MESSAGE_COLUMNS}"
        ))
        .bind(MessageStatus::Uncertain.rank())
        .bind(Utc::now())
        .bind(device)
        .fetch_all::<MessageRow>(&mut tx)
        .await?;
        let changed = with_events(&mut tx, rows, types::MESSAGE_STATUS).await?;
        tx.commit().await?;
        Ok(changed)
    }

    async fn edit_message_body(
        &self,
        device_id: &str,
        message_id: &str,
        body: &str,
    ) -> StoreResult<Option<(Message, Event)>> {
        let mut tx = self.db.begin_write().await?;
        let rows = query(format!(
            "UPDATE messages SET body = $1, edited = TRUE, updated_at = $2 \
             WHERE device_id = $3 AND message_id = $4 RETURNING {MESSAGE_COLUMNS}"
        ))
        .bind(clean(body))
        .bind(Utc::now())
        .bind(device_id)
        .bind(message_id)
        .fetch_all::<MessageRow>(&mut tx)
        .await?;
        let changed = with_events(&mut tx, rows, types::MESSAGE_EDITED).await?;
        tx.commit().await?;
        Ok(changed.into_iter().next())
    }

    async fn mark_message_deleted(
        &self,
        device_id: &str,
        message_id: &str,
    ) -> StoreResult<Option<(Message, Event)>> {
        let mut tx = self.db.begin_write().await?;
        let rows = query(format!(
            "UPDATE messages SET deleted = TRUE, body = NULL, updated_at = $1 \
             WHERE device_id = $2 AND message_id = $3 RETURNING {MESSAGE_COLUMNS}"
        ))
        .bind(Utc::now())
        .bind(device_id)
        .bind(message_id)
        .fetch_all::<MessageRow>(&mut tx)
        .await?;
        let changed = with_events(&mut tx, rows, types::MESSAGE_DELETED).await?;
        tx.commit().await?;
        Ok(changed.into_iter().next())
    }

    async fn chats(&self, device_id: &str, f: &ChatFilter) -> StoreResult<Vec<ChatSummary>> {
        let mut q = query(format!(
            "SELECT * FROM (SELECT m.device_id, m.chat_jid, m.body AS last_body, \
             m.message_type AS last_type, m.from_me AS last_from_me, \
             m.timestamp AS last_time, m.id AS last_id, \
             (SELECT COUNT(*) FROM messages u WHERE u.device_id = m.device_id \
               AND u.chat_jid = m.chat_jid AND NOT u.from_me AND NOT u.is_read \
               AND u.message_type NOT IN {ACTIONS} AND u.message_type <> 'reaction') \
               AS unread_count, \
             (SELECT COUNT(*) FROM messages c WHERE c.device_id = m.device_id \
               AND c.chat_jid = m.chat_jid AND c.message_type NOT IN {ACTIONS}) \
               AS message_count, \
             (SELECT p.push_name FROM messages p WHERE p.device_id = m.device_id \
               AND p.chat_jid = m.chat_jid AND NOT p.from_me AND p.push_name IS NOT NULL \
               ORDER BY p.id DESC LIMIT 1) AS contact_name \
             FROM messages m WHERE m.id = (SELECT MAX(l.id) FROM messages l \
               WHERE l.device_id = m.device_id AND l.chat_jid = m.chat_jid \
               AND l.message_type NOT IN {ACTIONS}) AND m.device_id = "
        ));
        q.push_bind(device_id).push(") chats WHERE 1 = 1");
        if let Some(term) = &f.search {
            let pattern = contains_pattern(term);
            q.push(" AND (lower(chat_jid) LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR lower(contact_name) LIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '\\')");
        }
        if let Some(day) = f.day {
            let start = day.and_hms_opt(0, 0, 0).map(|d| d.and_utc());
            let end = start.map(|s| s + chrono::Duration::days(1));
            q.push(
                " AND EXISTS (SELECT 1 FROM messages d WHERE d.device_id = chats.device_id \
                 AND d.chat_jid = chats.chat_jid AND d.timestamp >= ",
            )
            .push_bind(start)
            .push(" AND d.timestamp < ")
            .push_bind(end)
            .push(")");
        }
        q.push(" ORDER BY last_id DESC LIMIT ")
            .push_bind(f.limit)
            .push(" OFFSET ")
            .push_bind(f.offset);
        let rows = q.fetch_all::<ChatRow>(&self.db).await?;
        Ok(rows.into_iter().map(chat_summary).collect())
    }

    async fn chat_history(
        &self,
        device_id: &str,
        chat_jid: &str,
        cursor: HistoryCursor,
    ) -> StoreResult<Vec<Message>> {
        let mut q = query(format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE message_type NOT IN {ACTIONS} \
             AND device_id = "
        ));
        q.push_bind(device_id)
            .push(" AND chat_jid = ")
            .push_bind(chat_jid);
        if let Some(before) = cursor.before_id {
            q.push(" AND id < ").push_bind(before);
        }
        q.push(" ORDER BY id DESC LIMIT ")
            .push_bind(cursor.limit)
            .push(" OFFSET ")
            .push_bind(cursor.offset);
        q.fetch_all::<MessageRow>(&self.db)
            .await
            .map(|rows| rows.into_iter().map(Message::from).collect())
    }

    async fn message_activity(
        &self,
        owner: Option<i64>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        recent: i64,
    ) -> StoreResult<Activity> {
        let mut q = query("SELECT from_me, COUNT(*)");
        activity_window(&mut q, owner, from, to);
        q.push(" GROUP BY from_me");
        let counts = q.fetch_all::<(bool, i64)>(&self.db).await?;
        let mut activity = Activity::default();
        for (from_me, n) in counts {
            if from_me {
                activity.sent += n;
            } else {
                activity.received += n;
            }
        }
        let mut q = query(format!("SELECT {MESSAGE_COLUMNS}"));
        activity_window(&mut q, owner, from, to);
        q.push(" ORDER BY timestamp DESC, id DESC LIMIT ")
            .push_bind(recent);
        activity.recent = q
            .fetch_all::<MessageRow>(&self.db)
            .await?
            .into_iter()
            .map(Message::from)
            .collect();
        Ok(activity)
    }

    async fn mark_chat_read(
        &self,
        device_id: &str,
        chat_jid: &str,
    ) -> StoreResult<(Vec<Message>, Option<Event>)> {
        let mut tx = self.db.begin_write().await?;
        let read: Vec<Message> = query(format!(
            "UPDATE messages SET is_read = TRUE, updated_at = $1 WHERE device_id = $2 \
             AND chat_jid = $3 AND NOT from_me AND NOT is_read RETURNING {MESSAGE_COLUMNS}"
        ))
        .bind(Utc::now())
        .bind(device_id)
        .bind(chat_jid)
        .fetch_all::<MessageRow>(&mut tx)
        .await?
        .into_iter()
        .map(Message::from)
        .collect();
        let event = if read.is_empty() {
            None
        } else {
            let e = NewEvent {
                event_type: types::CHAT_READ,
                device_id: Some(device_id.to_string()),
                user_id: None,
                chat_jid: Some(chat_jid.to_string()),
                data: serde_json::json!({
                    "deviceId": device_id,
                    "chatJid": chat_jid,
                    "count": read.len(),
                }),
            };
            Some(append_in(&mut tx, &e).await?)
        };
        tx.commit().await?;
        Ok((read, event))
    }
}
