//! The bot's tables, in SQL both backends read alike.
//! Settings and rule bodies are JSON text: they are read whole and never queried inside.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gerbang_core::bot::{
    BotConfig, BotDayCount, BotLog, BotLogFilter, BotRule, BotStore, Handoff, NewBotLog, RuleSpec,
};
use gerbang_core::message::Message;
use gerbang_core::{Page, StoreError, StoreResult};

use crate::db::query;
use crate::rows::{MessageRow, MESSAGE_COLUMNS};
use crate::SqlStore;

const RULE_COLUMNS: &str =
    "id, device_id, position, spec, hits, last_hit_at, created_at, updated_at";
const HANDOFF_COLUMNS: &str = "device_id, contact_jid, reason, started_at, last_activity_at";
const LOG_COLUMNS: &str = "id, device_id, inbound_id, contact_jid, action, rule_id, \
     detail, reply_message_id, status, day, created_at";

#[derive(sqlx::FromRow)]
struct RuleRow {
    id: i64,
    device_id: String,
    position: i32,
    spec: String,
    hits: i64,
    last_hit_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<RuleRow> for BotRule {
    type Error = StoreError;
    fn try_from(r: RuleRow) -> Result<Self, StoreError> {
        let spec: RuleSpec = serde_json::from_str(&r.spec)
            .map_err(|e| StoreError::Other(format!("bot rule {}: {e}", r.id)))?;
        Ok(BotRule {
            id: r.id,
            device_id: r.device_id,
            position: r.position,
            spec,
            hits: r.hits,
            last_hit_at: r.last_hit_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct HandoffRow {
    device_id: String,
    contact_jid: String,
    reason: String,
    started_at: DateTime<Utc>,
    last_activity_at: DateTime<Utc>,
}

impl From<HandoffRow> for Handoff {
    fn from(r: HandoffRow) -> Self {
        Handoff {
            device_id: r.device_id,
            contact_jid: r.contact_jid,
            reason: r.reason,
            started_at: r.started_at,
            last_activity_at: r.last_activity_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct LogRow {
    id: i64,
    device_id: String,
    inbound_id: String,
    contact_jid: String,
    action: String,
    rule_id: Option<i64>,
    detail: Option<String>,
    reply_message_id: Option<String>,
    status: String,
    day: NaiveDate,
    created_at: DateTime<Utc>,
}

impl From<LogRow> for BotLog {
    fn from(r: LogRow) -> Self {
        BotLog {
            id: r.id,
            device_id: r.device_id,
            inbound_id: r.inbound_id,
            contact_jid: r.contact_jid,
            action: r.action,
            rule_id: r.rule_id,
            detail: r.detail,
            reply_message_id: r.reply_message_id,
            status: r.status,
            day: r.day,
            created_at: r.created_at,
        }
    }
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Other(e.to_string()))
}

#[async_trait]
impl<B: sqlx::Database> BotStore for SqlStore<B> {
    async fn bot_config(&self, device_id: &str) -> StoreResult<Option<BotConfig>> {
        let raw: Option<String> = query("SELECT config FROM bot_configs WHERE device_id = $1")
            .bind(device_id)
            .scalar_optional(&self.db)
            .await?;
        raw.map(|s| {
            serde_json::from_str(&s).map_err(|e| StoreError::Other(format!("bot config: {e}")))
        })
        .transpose()
    }

    async fn put_bot_config(&self, device_id: &str, config: &BotConfig) -> StoreResult<()> {
        query(
            "INSERT INTO bot_configs (device_id, config, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (device_id) DO UPDATE SET config = excluded.config, \
             updated_at = excluded.updated_at",
        )
        .bind(device_id)
        .bind(to_json(config)?)
        .bind(Utc::now())
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn bot_rules(&self, device_id: &str) -> StoreResult<Vec<BotRule>> {
        let rows: Vec<RuleRow> = query(format!(
            "SELECT {RULE_COLUMNS} FROM bot_rules WHERE device_id = $1 ORDER BY position, id"
        ))
        .bind(device_id)
        .fetch_all(&self.db)
        .await?;
        rows.into_iter().map(BotRule::try_from).collect()
    }

    async fn bot_rule(&self, device_id: &str, id: i64) -> StoreResult<Option<BotRule>> {
        query(format!(
            "SELECT {RULE_COLUMNS} FROM bot_rules WHERE device_id = $1 AND id = $2"
        ))
        .bind(device_id)
        .bind(id)
        .fetch_optional::<RuleRow>(&self.db)
        .await?
        .map(BotRule::try_from)
        .transpose()
    }

    async fn create_bot_rule(&self, device_id: &str, spec: &RuleSpec) -> StoreResult<BotRule> {
        query(format!(
            "INSERT INTO bot_rules (device_id, position, spec, created_at, updated_at) \
             VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM bot_rules \
             WHERE device_id = $1), $2, $3, $3) \
             RETURNING {RULE_COLUMNS}"
        ))
        .bind(device_id)
        .bind(to_json(spec)?)
        .bind(Utc::now())
        .fetch_one::<RuleRow>(&self.db)
        .await?
        .try_into()
    }

    async fn update_bot_rule(
        &self,
        device_id: &str,
        id: i64,
        spec: &RuleSpec,
    ) -> StoreResult<Option<BotRule>> {
        query(format!(
            "UPDATE bot_rules SET spec = $1, updated_at = $2 WHERE device_id = $3 AND id = $4 \
             RETURNING {RULE_COLUMNS}"
        ))
        .bind(to_json(spec)?)
        .bind(Utc::now())
        .bind(device_id)
        .bind(id)
        .fetch_optional::<RuleRow>(&self.db)
        .await?
        .map(BotRule::try_from)
        .transpose()
    }

    async fn delete_bot_rule(&self, device_id: &str, id: i64) -> StoreResult<bool> {
        query("DELETE FROM bot_rules WHERE device_id = $1 AND id = $2")
            .bind(device_id)
            .bind(id)
            .execute(&self.db)
            .await
            .map(|n| n == 1)
    }

    async fn reorder_bot_rules(&self, device_id: &str, ids: &[i64]) -> StoreResult<()> {
        let mut tx = self.db.begin_write().await?;
        for (i, id) in ids.iter().enumerate() {
            query("UPDATE bot_rules SET position = $1 WHERE device_id = $2 AND id = $3")
                .bind(i as i32 + 1)
                .bind(device_id)
                .bind(*id)
                .execute(&mut tx)
                .await?;
        }
        tx.commit().await
    }

    async fn count_bot_rule_hit(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        query("UPDATE bot_rules SET hits = hits + 1, last_hit_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&self.db)
            .await
            .map(|_| ())
    }

    async fn bot_handoffs(&self, device_id: &str) -> StoreResult<Vec<Handoff>> {
        query(format!(
            "SELECT {HANDOFF_COLUMNS} FROM bot_handoffs WHERE device_id = $1 \
             ORDER BY last_activity_at DESC"
        ))
        .bind(device_id)
        .fetch_all::<HandoffRow>(&self.db)
        .await
        .map(|rows| rows.into_iter().map(Handoff::from).collect())
    }

    async fn bot_handoff(
        &self,
        device_id: &str,
        contact_jid: &str,
    ) -> StoreResult<Option<Handoff>> {
        query(format!(
            "SELECT {HANDOFF_COLUMNS} FROM bot_handoffs WHERE device_id = $1 AND contact_jid = $2"
        ))
        .bind(device_id)
        .bind(contact_jid)
        .fetch_optional::<HandoffRow>(&self.db)
        .await
        .map(|r| r.map(Handoff::from))
    }

    async fn start_bot_handoff(
        &self,
        device_id: &str,
        contact_jid: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Handoff> {
        query(format!(
            "INSERT INTO bot_handoffs (device_id, contact_jid, reason, started_at, \
             last_activity_at) VALUES ($1, $2, $3, $4, $4) ON CONFLICT (device_id, contact_jid) \
             DO UPDATE SET last_activity_at = excluded.last_activity_at RETURNING {HANDOFF_COLUMNS}"
        ))
        .bind(device_id)
        .bind(contact_jid)
        .bind(reason)
        .bind(at)
        .fetch_one::<HandoffRow>(&self.db)
        .await
        .map(Handoff::from)
    }

    async fn touch_bot_handoff(
        &self,
        device_id: &str,
        contact_jid: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        query(
            "UPDATE bot_handoffs SET last_activity_at = $1 WHERE device_id = $2 \
             AND contact_jid = $3",
        )
        .bind(at)
        .bind(device_id)
        .bind(contact_jid)
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn end_bot_handoff(&self, device_id: &str, contact_jid: &str) -> StoreResult<bool> {
        query("DELETE FROM bot_handoffs WHERE device_id = $1 AND contact_jid = $2")
            .bind(device_id)
            .bind(contact_jid)
            .execute(&self.db)
            .await
            .map(|n| n == 1)
    }

    async fn end_idle_bot_handoffs(
        &self,
        device_id: &str,
        idle_before: DateTime<Utc>,
    ) -> StoreResult<u64> {
        query("DELETE FROM bot_handoffs WHERE device_id = $1 AND last_activity_at < $2")
            .bind(device_id)
            .bind(idle_before)
            .execute(&self.db)
            .await
    }

    async fn claim_bot_inbound(&self, new: &NewBotLog) -> StoreResult<Option<BotLog>> {
        query(format!(
            "INSERT INTO bot_log (device_id, inbound_id, contact_jid, action, rule_id, detail, \
             status, day, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (device_id, inbound_id) DO NOTHING RETURNING {LOG_COLUMNS}"
        ))
        .bind(&new.device_id)
        .bind(&new.inbound_id)
        .bind(&new.contact_jid)
        .bind(&new.action)
        .bind(new.rule_id)
        .bind(&new.detail)
        .bind(&new.status)
        .bind(new.day)
        .bind(new.created_at)
        .fetch_optional::<LogRow>(&self.db)
        .await
        .map(|r| r.map(BotLog::from))
    }

    async fn finish_bot_log(
        &self,
        id: i64,
        status: &str,
        reply_message_id: Option<&str>,
        detail: Option<&str>,
    ) -> StoreResult<()> {
        query(
            "UPDATE bot_log SET status = $1, reply_message_id = COALESCE($2, reply_message_id), \
             detail = COALESCE($3, detail) WHERE id = $4",
        )
        .bind(status)
        .bind(reply_message_id)
        .bind(detail)
        .bind(id)
        .execute(&self.db)
        .await
        .map(|_| ())
    }

    async fn bot_logs(&self, device_id: &str, filter: &BotLogFilter) -> StoreResult<Page<BotLog>> {
        crate::paging::page::<LogRow, BotLog>(
            &self.db,
            "SELECT COUNT(*) FROM bot_log",
            &format!("SELECT {LOG_COLUMNS} FROM bot_log"),
            |q| {
                q.push(" WHERE device_id = ").push_bind(device_id);
                if let Some(c) = &filter.contact_jid {
                    q.push(" AND contact_jid = ").push_bind(c.as_str());
                }
                if let Some(a) = &filter.action {
                    q.push(" AND action = ").push_bind(a.as_str());
                }
            },
            "ORDER BY id DESC",
            filter.page,
        )
        .await
    }

    async fn bot_replies_since(
        &self,
        device_id: &str,
        contact_jid: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<BotLog>> {
        query(format!(
            "SELECT {LOG_COLUMNS} FROM bot_log WHERE device_id = $1 AND contact_jid = $2 \
             AND created_at >= $3 AND action <> 'skip' ORDER BY id DESC"
        ))
        .bind(device_id)
        .bind(contact_jid)
        .bind(since)
        .fetch_all::<LogRow>(&self.db)
        .await
        .map(|rows| rows.into_iter().map(BotLog::from).collect())
    }

    async fn bot_day_counts(
        &self,
        device_id: &str,
        from_day: NaiveDate,
    ) -> StoreResult<Vec<BotDayCount>> {
        let rows: Vec<(NaiveDate, String, i64)> = query(
            "SELECT day, action, COUNT(*) FROM bot_log WHERE device_id = $1 AND day >= $2 \
             GROUP BY day, action ORDER BY day, action",
        )
        .bind(device_id)
        .bind(from_day)
        .fetch_all(&self.db)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(day, action, count)| BotDayCount { day, action, count })
            .collect())
    }

    async fn bot_undecided_inbound(
        &self,
        since: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<Message>> {
        query(format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE from_me = $1 AND created_at >= $2 \
             AND device_id IN (SELECT device_id FROM bot_configs) \
             AND NOT EXISTS (SELECT 1 FROM bot_log b WHERE b.device_id = messages.device_id \
             AND b.inbound_id = messages.message_id) ORDER BY id LIMIT $3"
        ))
        .bind(false)
        .bind(since)
        .bind(limit)
        .fetch_all::<MessageRow>(&self.db)
        .await
        .map(|rows| rows.into_iter().map(Message::from).collect())
    }

    async fn count_inbound_from(&self, device_id: &str, chat_jid: &str) -> StoreResult<i64> {
        query(
            "SELECT COUNT(*) FROM messages WHERE device_id = $1 AND chat_jid = $2 \
             AND from_me = $3",
        )
        .bind(device_id)
        .bind(chat_jid)
        .bind(false)
        .scalar(&self.db)
        .await
    }
}
