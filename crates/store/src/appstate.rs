//! App state (chat flags, stars, labels) and the status-receive setting, in SQL both backends
//! read alike.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gerbang_core::appstate::{AppStateStore, ChatFlags, Label, MessageLabelRef, StarredRef};
use gerbang_core::StoreResult;

use crate::db::query;
use crate::SqlStore;

const FLAG_COLUMNS: &str = "chat_jid, pinned, archived, muted, muted_until, marked_unread";

type FlagRow = (String, bool, bool, bool, Option<DateTime<Utc>>, bool);

fn flags(r: FlagRow) -> (String, ChatFlags) {
    let (chat, pinned, archived, muted, muted_until, marked_unread) = r;
    let flags = ChatFlags {
        pinned,
        archived,
        muted,
        muted_until,
        marked_unread,
    };
    (chat, flags.at(Utc::now()))
}

#[async_trait]
impl<B: sqlx::Database> AppStateStore for SqlStore<B> {
    async fn chat_flags(&self, device_id: &str, chat_jid: &str) -> StoreResult<ChatFlags> {
        let row: Option<FlagRow> = query(format!(
            "SELECT {FLAG_COLUMNS} FROM chat_flags WHERE device_id = $1 AND chat_jid = $2"
        ))
        .bind(device_id)
        .bind(chat_jid)
        .fetch_optional(&self.db)
        .await?;
        Ok(row.map(|r| flags(r).1).unwrap_or_default())
    }

    async fn set_chat_flags(
        &self,
        device_id: &str,
        chat_jid: &str,
        f: &ChatFlags,
    ) -> StoreResult<()> {
        query(
            "INSERT INTO chat_flags (device_id, chat_jid, pinned, archived, muted, \
             muted_until, marked_unread, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (device_id, chat_jid) DO UPDATE SET pinned = excluded.pinned, \
             archived = excluded.archived, muted = excluded.muted, \
             muted_until = excluded.muted_until, marked_unread = excluded.marked_unread, \
             updated_at = excluded.updated_at",
        )
        .bind(device_id)
        .bind(chat_jid)
        .bind(f.pinned)
        .bind(f.archived)
        .bind(f.muted)
        .bind(f.muted_until)
        .bind(f.marked_unread)
        .bind(Utc::now())
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn all_chat_flags(&self, device_id: &str) -> StoreResult<Vec<(String, ChatFlags)>> {
        let rows: Vec<FlagRow> = query(format!(
            "SELECT {FLAG_COLUMNS} FROM chat_flags WHERE device_id = $1 ORDER BY chat_jid"
        ))
        .bind(device_id)
        .fetch_all(&self.db)
        .await?;
        Ok(rows.into_iter().map(flags).collect())
    }

    async fn set_starred(
        &self,
        device_id: &str,
        chat_jid: &str,
        message_id: &str,
        from_me: bool,
        starred: bool,
    ) -> StoreResult<()> {
        let q = if starred {
            query(
                "INSERT INTO starred_messages (device_id, chat_jid, message_id, from_me, \
                 starred_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (device_id, chat_jid, message_id) DO NOTHING",
            )
            .bind(device_id)
            .bind(chat_jid)
            .bind(message_id)
            .bind(from_me)
            .bind(Utc::now())
        } else {
            query(
                "DELETE FROM starred_messages WHERE device_id = $1 AND chat_jid = $2 \
                 AND message_id = $3",
            )
            .bind(device_id)
            .bind(chat_jid)
            .bind(message_id)
        };
        q.execute(&self.db).await.map(|_| ())
    }

    async fn starred(
        &self,
        device_id: &str,
        chat_jid: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<StarredRef>> {
        let rows: Vec<(String, String, bool, DateTime<Utc>)> = query(
            "SELECT chat_jid, message_id, from_me, starred_at FROM starred_messages \
             WHERE device_id = $1 AND ($2 IS NULL OR chat_jid = $2) \
             ORDER BY starred_at DESC, message_id LIMIT $3 OFFSET $4",
        )
        .bind(device_id)
        .bind(chat_jid)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.db)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(chat_jid, message_id, from_me, starred_at)| StarredRef {
                chat_jid,
                message_id,
                from_me,
                starred_at,
            })
            .collect())
    }

    async fn labels(&self, device_id: &str) -> StoreResult<Vec<Label>> {
        let mut rows: Vec<(String, String, i32)> =
            query("SELECT label_id, name, color FROM labels WHERE device_id = $1")
                .bind(device_id)
                .fetch_all(&self.db)
                .await?;
        // WhatsApp's ids are numbers as text: "10" comes after "9".
        rows.sort_by(|a, b| (a.0.len(), a.0.as_str()).cmp(&(b.0.len(), b.0.as_str())));
        Ok(rows
            .into_iter()
            .map(|(id, name, color)| Label { id, name, color })
            .collect())
    }

    async fn upsert_label(&self, device_id: &str, label: &Label) -> StoreResult<()> {
        query(
            "INSERT INTO labels (device_id, label_id, name, color, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (device_id, label_id) DO UPDATE SET \
             name = excluded.name, color = excluded.color, updated_at = excluded.updated_at",
        )
        .bind(device_id)
        .bind(&label.id)
        .bind(&label.name)
        .bind(label.color)
        .bind(Utc::now())
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn delete_label(&self, device_id: &str, label_id: &str) -> StoreResult<bool> {
        let mut tx = self.db.begin_write().await?;
        for sql in [
            "DELETE FROM chat_labels WHERE device_id = $1 AND label_id = $2",
            "DELETE FROM message_labels WHERE device_id = $1 AND label_id = $2",
        ] {
            query(sql)
                .bind(device_id)
                .bind(label_id)
                .execute(&mut tx)
                .await?;
        }
        let gone = query("DELETE FROM labels WHERE device_id = $1 AND label_id = $2")
            .bind(device_id)
            .bind(label_id)
            .execute(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(gone > 0)
    }

    async fn set_chat_label(
        &self,
        device_id: &str,
        label_id: &str,
        chat_jid: &str,
        labeled: bool,
    ) -> StoreResult<()> {
        let sql = if labeled {
            "INSERT INTO chat_labels (device_id, label_id, chat_jid) VALUES ($1, $2, $3) \
             ON CONFLICT (device_id, label_id, chat_jid) DO NOTHING"
        } else {
            "DELETE FROM chat_labels WHERE device_id = $1 AND label_id = $2 AND chat_jid = $3"
        };
        query(sql)
            .bind(device_id)
            .bind(label_id)
            .bind(chat_jid)
            .execute(&self.db)
            .await
            .map(|_| ())
    }

    async fn chat_labels(&self, device_id: &str) -> StoreResult<Vec<(String, String)>> {
        query(
            "SELECT chat_jid, label_id FROM chat_labels WHERE device_id = $1 \
             ORDER BY chat_jid, label_id",
        )
        .bind(device_id)
        .fetch_all(&self.db)
        .await
    }

    async fn set_message_label(
        &self,
        device_id: &str,
        label: &MessageLabelRef,
        labeled: bool,
    ) -> StoreResult<()> {
        let sql = if labeled {
            "INSERT INTO message_labels (device_id, label_id, chat_jid, message_id) \
             VALUES ($1, $2, $3, $4) \
             ON CONFLICT (device_id, label_id, chat_jid, message_id) DO NOTHING"
        } else {
            "DELETE FROM message_labels WHERE device_id = $1 AND label_id = $2 \
             AND chat_jid = $3 AND message_id = $4"
        };
        query(sql)
            .bind(device_id)
            .bind(&label.label_id)
            .bind(&label.chat_jid)
            .bind(&label.message_id)
            .execute(&self.db)
            .await
            .map(|_| ())
    }

    async fn message_labels(&self, device_id: &str) -> StoreResult<Vec<MessageLabelRef>> {
        let rows: Vec<(String, String, String)> = query(
            "SELECT label_id, chat_jid, message_id FROM message_labels \
             WHERE device_id = $1 ORDER BY chat_jid, message_id, label_id",
        )
        .bind(device_id)
        .fetch_all(&self.db)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(label_id, chat_jid, message_id)| MessageLabelRef {
                label_id,
                chat_jid,
                message_id,
            })
            .collect())
    }

    async fn receive_status(&self, device_id: &str) -> StoreResult<bool> {
        let row: Option<bool> =
            query("SELECT receive FROM device_status_settings WHERE device_id = $1")
                .bind(device_id)
                .scalar_optional(&self.db)
                .await?;
        Ok(row.unwrap_or(false))
    }

    async fn set_receive_status(&self, device_id: &str, on: bool) -> StoreResult<()> {
        query(
            "INSERT INTO device_status_settings (device_id, receive, updated_at) \
             VALUES ($1, $2, $3) ON CONFLICT (device_id) DO UPDATE SET \
             receive = excluded.receive, updated_at = excluded.updated_at",
        )
        .bind(device_id)
        .bind(on)
        .bind(Utc::now())
        .execute(&self.db)
        .await
        .map(|_| ())
    }
}
