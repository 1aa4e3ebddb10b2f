//! WhatsApp protocol state: sender-key distribution, LID <-> phone mappings, base keys,
//! device lists, group metadata, trusted-contact tokens, sent messages kept for retries, and
//! the pending-inbound buffer behind the durability hook.

use gerbang_core::StoreResult;

use super::{count, WaDeviceDb};
use crate::db::{query, Query};

const LID_COLUMNS: &str = "lid, phone_number, created_at, updated_at, learning_source";
const PUT_PENDING: &str =
    "INSERT INTO wa_pending_inbound (device_id, chat, sender, message_id, message, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (device_id, chat, sender, message_id) \
     DO UPDATE SET message = excluded.message, created_at = excluded.created_at";
const DELETE_PENDING: &str = "DELETE FROM wa_pending_inbound \
     WHERE device_id = $1 AND chat = $2 AND sender = $3 AND message_id = $4";
const PUT_DEVICE_LIST: &str =
    "INSERT INTO wa_device_lists (device_id, user_id, data) VALUES ($1, $2, $3) \
     ON CONFLICT (device_id, user_id) DO UPDATE SET data = excluded.data";

/// A LID and the phone number it stands for.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct LidMapping {
    pub lid: String,
    pub phone_number: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub learning_source: String,
}

/// A trusted-contact token and its sender bucket.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct TcToken {
    pub token: Vec<u8>,
    pub token_timestamp: i64,
    pub sender_timestamp: Option<i64>,
}

impl WaDeviceDb {
    /// Retires the old number's reverse entry when a LID moves to another number, then records
    /// both directions, as one transaction's statements.
    fn put_lid_statements<'q>(&self, entry: &'q LidMapping) -> [Query<'q>; 3] {
        [
            query(
                "DELETE FROM wa_pn_to_lid WHERE device_id = $1 AND phone_number IN \
                 (SELECT phone_number FROM wa_lid_mappings \
                  WHERE device_id = $1 AND lid = $2 AND phone_number <> $3)",
            )
            .bind(self.dev())
            .bind(entry.lid.as_str())
            .bind(entry.phone_number.as_str()),
            query(
                "INSERT INTO wa_pn_to_lid (device_id, phone_number, lid) VALUES ($1, $2, $3) \
                 ON CONFLICT (device_id, phone_number) DO UPDATE SET lid = excluded.lid",
            )
            .bind(self.dev())
            .bind(entry.phone_number.as_str())
            .bind(entry.lid.as_str()),
            query(format!(
                "INSERT INTO wa_lid_mappings (device_id, {LID_COLUMNS}) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (device_id, lid) DO UPDATE SET \
                 phone_number = excluded.phone_number, created_at = excluded.created_at, \
                 updated_at = excluded.updated_at, learning_source = excluded.learning_source"
            ))
            .bind(self.dev())
            .bind(entry.lid.as_str())
            .bind(entry.phone_number.as_str())
            .bind(entry.created_at)
            .bind(entry.updated_at)
            .bind(entry.learning_source.as_str()),
        ]
    }

    /// Device JIDs of a group and whether each has our sender key, by device JID.
    pub async fn get_sender_key_devices(
        &self,
        group_jid: &str,
    ) -> StoreResult<Vec<(String, bool)>> {
        query(
            "SELECT device_jid, has_key FROM wa_sender_key_devices \
             WHERE device_id = $1 AND group_jid = $2 ORDER BY device_jid",
        )
        .bind(self.dev())
        .bind(group_jid)
        .fetch_all(&self.db)
        .await
    }

    /// In one transaction.
    pub async fn set_sender_key_status(
        &self,
        group_jid: &str,
        entries: &[(&str, bool)],
    ) -> StoreResult<()> {
        let statements: Vec<_> = entries
            .iter()
            .map(|&(device_jid, has_key)| {
                query(
                "INSERT INTO wa_sender_key_devices (device_id, group_jid, device_jid, has_key) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (device_id, group_jid, device_jid) \
                 DO UPDATE SET has_key = excluded.has_key",
            )
            .bind(self.dev())
            .bind(group_jid)
            .bind(device_jid)
            .bind(has_key)
            })
            .collect();
        self.write_all(statements).await.map(drop)
    }

    pub async fn clear_sender_key_devices(&self, group_jid: &str) -> StoreResult<()> {
        self.write(
            query("DELETE FROM wa_sender_key_devices WHERE device_id = $1 AND group_jid = $2")
                .bind(self.dev())
                .bind(group_jid),
        )
        .await
        .map(drop)
    }

    pub async fn delete_sender_key_device_rows(&self, device_jids: &[&str]) -> StoreResult<()> {
        if device_jids.is_empty() {
            return Ok(());
        }
        let mut q =
            query("DELETE FROM wa_sender_key_devices WHERE device_id = $1 AND device_jid IN ")
                .bind(self.dev());
        q.push_list(device_jids.iter().copied());
        self.write(q).await.map(drop)
    }

    pub async fn clear_all_sender_key_devices(&self) -> StoreResult<()> {
        self.write(query("DELETE FROM wa_sender_key_devices WHERE device_id = $1").bind(self.dev()))
            .await
            .map(drop)
    }

    pub async fn get_lid_mapping(&self, lid: &str) -> StoreResult<Option<LidMapping>> {
        query(format!(
            "SELECT {LID_COLUMNS} FROM wa_lid_mappings WHERE device_id = $1 AND lid = $2"
        ))
        .bind(self.dev())
        .bind(lid)
        .fetch_optional(&self.db)
        .await
    }

    pub async fn get_pn_mapping(&self, phone: &str) -> StoreResult<Option<LidMapping>> {
        query(
            "SELECT m.lid, m.phone_number, m.created_at, m.updated_at, m.learning_source \
             FROM wa_pn_to_lid r JOIN wa_lid_mappings m \
               ON m.device_id = r.device_id AND m.lid = r.lid \
             WHERE r.device_id = $1 AND r.phone_number = $2",
        )
        .bind(self.dev())
        .bind(phone)
        .fetch_optional(&self.db)
        .await
    }

    /// Each entry as [`Self::put_lid_statements`] writes it, all in one transaction.
    pub async fn put_lid_mappings(&self, entries: &[LidMapping]) -> StoreResult<()> {
        let statements: Vec<_> = entries
            .iter()
            .flat_map(|e| self.put_lid_statements(e))
            .collect();
        self.write_all(statements).await.map(drop)
    }

    /// By LID.
    pub async fn get_all_lid_mappings(&self) -> StoreResult<Vec<LidMapping>> {
        query(format!(
            "SELECT {LID_COLUMNS} FROM wa_lid_mappings WHERE device_id = $1 ORDER BY lid"
        ))
        .bind(self.dev())
        .fetch_all(&self.db)
        .await
    }

    pub async fn save_base_key(
        &self,
        address: &str,
        message_id: &str,
        base_key: &[u8],
    ) -> StoreResult<()> {
        self.write(
            query(
                "INSERT INTO wa_base_keys (device_id, address, message_id, base_key) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (device_id, address, message_id) \
                 DO UPDATE SET base_key = excluded.base_key",
            )
            .bind(self.dev())
            .bind(address)
            .bind(message_id)
            .bind(base_key),
        )
        .await
        .map(drop)
    }

    pub async fn get_base_key(
        &self,
        address: &str,
        message_id: &str,
    ) -> StoreResult<Option<Vec<u8>>> {
        query(
            "SELECT base_key FROM wa_base_keys \
             WHERE device_id = $1 AND address = $2 AND message_id = $3",
        )
        .bind(self.dev())
        .bind(address)
        .bind(message_id)
        .scalar_optional(&self.db)
        .await
    }

    pub async fn delete_base_key(&self, address: &str, message_id: &str) -> StoreResult<()> {
        self.write(
            query(
                "DELETE FROM wa_base_keys \
                 WHERE device_id = $1 AND address = $2 AND message_id = $3",
            )
            .bind(self.dev())
            .bind(address)
            .bind(message_id),
        )
        .await
        .map(drop)
    }

    /// `(user, serialized record)` pairs, in one transaction.
    pub async fn put_device_lists(&self, records: &[(&str, &[u8])]) -> StoreResult<()> {
        let statements: Vec<_> = records
            .iter()
            .map(|&(user, data)| {
                query(PUT_DEVICE_LIST)
                    .bind(self.dev())
                    .bind(user)
                    .bind(data)
            })
            .collect();
        self.write_all(statements).await.map(drop)
    }

    pub async fn get_device_list(&self, user: &str) -> StoreResult<Option<Vec<u8>>> {
        self.blob(
            "SELECT data FROM wa_device_lists WHERE device_id = $1 AND user_id = $2",
            user,
        )
        .await
    }

    pub async fn delete_device_list(&self, user: &str) -> StoreResult<()> {
        self.write(
            query("DELETE FROM wa_device_lists WHERE device_id = $1 AND user_id = $2")
                .bind(self.dev())
                .bind(user),
        )
        .await
        .map(drop)
    }

    pub async fn get_group_metadata(&self, group_jid: &str) -> StoreResult<Option<Vec<u8>>> {
        self.blob(
            "SELECT data FROM wa_group_metadata WHERE device_id = $1 AND group_jid = $2",
            group_jid,
        )
        .await
    }

    pub async fn put_group_metadata(&self, group_jid: &str, blob: &[u8]) -> StoreResult<()> {
        self.write(
            query(
                "INSERT INTO wa_group_metadata (device_id, group_jid, data) VALUES ($1, $2, $3) \
                 ON CONFLICT (device_id, group_jid) DO UPDATE SET data = excluded.data",
            )
            .bind(self.dev())
            .bind(group_jid)
            .bind(blob),
        )
        .await
        .map(drop)
    }

    pub async fn delete_group_metadata(&self, group_jid: &str) -> StoreResult<()> {
        self.write(
            query("DELETE FROM wa_group_metadata WHERE device_id = $1 AND group_jid = $2")
                .bind(self.dev())
                .bind(group_jid),
        )
        .await
        .map(drop)
    }

    pub async fn get_tc_token(&self, jid: &str) -> StoreResult<Option<TcToken>> {
        query(
            "SELECT token, token_timestamp, sender_timestamp FROM wa_tc_tokens \
             WHERE device_id = $1 AND jid = $2",
        )
        .bind(self.dev())
        .bind(jid)
        .fetch_optional(&self.db)
        .await
    }

    pub async fn put_tc_token(&self, jid: &str, entry: &TcToken) -> StoreResult<()> {
        self.write(
            query(
                "INSERT INTO wa_tc_tokens \
                 (device_id, jid, token, token_timestamp, sender_timestamp) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (device_id, jid) DO UPDATE SET \
                 token = excluded.token, token_timestamp = excluded.token_timestamp, \
                 sender_timestamp = excluded.sender_timestamp",
            )
            .bind(self.dev())
            .bind(jid)
            .bind(entry.token.as_slice())
            .bind(entry.token_timestamp)
            .bind(entry.sender_timestamp),
        )
        .await
        .map(drop)
    }

    pub async fn delete_tc_token(&self, jid: &str) -> StoreResult<()> {
        self.write(
            query("DELETE FROM wa_tc_tokens WHERE device_id = $1 AND jid = $2")
                .bind(self.dev())
                .bind(jid),
        )
        .await
        .map(drop)
    }

    /// By JID.
    pub async fn get_all_tc_token_jids(&self) -> StoreResult<Vec<String>> {
        query("SELECT jid FROM wa_tc_tokens WHERE device_id = $1 ORDER BY jid")
            .bind(self.dev())
            .scalars(&self.db)
            .await
    }

    /// Drops a row only when both its received token and its sender bucket are stale; the
    /// rows dropped.
    pub async fn delete_expired_tc_tokens(
        &self,
        token_cutoff: i64,
        sender_cutoff: i64,
    ) -> StoreResult<u32> {
        self.write(
            query(
                "DELETE FROM wa_tc_tokens WHERE device_id = $1 \
                 AND NOT (length(token) > 0 AND token_timestamp >= $2) \
                 AND NOT (sender_timestamp IS NOT NULL AND sender_timestamp >= $3)",
            )
            .bind(self.dev())
            .bind(token_cutoff)
            .bind(sender_cutoff),
        )
        .await
        .map(count)
    }

    /// One atomic upsert: the sender bucket only moves forward, token bytes are kept.
    pub async fn touch_tc_token_sender_timestamp(
        &self,
        jid: &str,
        sender_timestamp: i64,
    ) -> StoreResult<()> {
        self.write(
            query(
                "INSERT INTO wa_tc_tokens \
                 (device_id, jid, token, token_timestamp, sender_timestamp) \
                 VALUES ($1, $2, $3, $4, $4) ON CONFLICT (device_id, jid) DO UPDATE SET \
                 sender_timestamp = CASE \
                   WHEN wa_tc_tokens.sender_timestamp IS NULL \
                     OR wa_tc_tokens.sender_timestamp < excluded.sender_timestamp \
                   THEN excluded.sender_timestamp ELSE wa_tc_tokens.sender_timestamp END",
            )
            .bind(self.dev())
            .bind(jid)
            .bind(Vec::<u8>::new())
            .bind(sender_timestamp),
        )
        .await
        .map(drop)
    }

    /// One atomic upsert, newer-wins: a stale token never replaces a fresher real one, and the
    /// sender bucket is left alone.
    pub async fn store_received_tc_token(
        &self,
        jid: &str,
        token: &[u8],
        token_timestamp: i64,
    ) -> StoreResult<()> {
        self.write(
            query(
                "INSERT INTO wa_tc_tokens \
                 (device_id, jid, token, token_timestamp, sender_timestamp) \
                 VALUES ($1, $2, $3, $4, NULL) ON CONFLICT (device_id, jid) DO UPDATE SET \
                 token = excluded.token, token_timestamp = excluded.token_timestamp \
                 WHERE length(wa_tc_tokens.token) = 0 \
                    OR excluded.token_timestamp >= wa_tc_tokens.token_timestamp",
            )
            .bind(self.dev())
            .bind(jid)
            .bind(token)
            .bind(token_timestamp),
        )
        .await
        .map(drop)
    }

    pub async fn store_sent_message(
        &self,
        chat_jid: &str,
        message_id: &str,
        payload: &[u8],
        created_at: i64,
    ) -> StoreResult<()> {
        self.write(
            query(
                "INSERT INTO wa_sent_messages \
                 (device_id, chat_jid, message_id, payload, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (device_id, chat_jid, message_id) \
                 DO UPDATE SET payload = excluded.payload, created_at = excluded.created_at",
            )
            .bind(self.dev())
            .bind(chat_jid)
            .bind(message_id)
            .bind(payload)
            .bind(created_at),
        )
        .await
        .map(drop)
    }

    /// Atomic take: one statement deletes the row and returns what it held.
    pub async fn take_sent_message(
        &self,
        chat_jid: &str,
        message_id: &str,
    ) -> StoreResult<Option<Vec<u8>>> {
        query(
            "DELETE FROM wa_sent_messages \
             WHERE device_id = $1 AND chat_jid = $2 AND message_id = $3 RETURNING payload",
        )
        .bind(self.dev())
        .bind(chat_jid)
        .bind(message_id)
        .scalar_optional(&self.db)
        .await
    }

    /// The rows dropped.
    pub async fn delete_expired_sent_messages(&self, cutoff_timestamp: i64) -> StoreResult<u32> {
        self.write(
            query("DELETE FROM wa_sent_messages WHERE device_id = $1 AND created_at < $2")
                .bind(self.dev())
                .bind(cutoff_timestamp),
        )
        .await
        .map(count)
    }

    /// `(chat, sender, message id, message)` rows, all stamped `created_at`, in one
    /// transaction.
    pub async fn store_pending_inbound(
        &self,
        rows: &[(&str, &str, &str, &[u8])],
        created_at: i64,
    ) -> StoreResult<()> {
        let statements: Vec<_> = rows
            .iter()
            .map(|&(chat, sender, id, message)| {
                query(PUT_PENDING)
                    .bind(self.dev())
                    .bind(chat)
                    .bind(sender)
                    .bind(id)
                    .bind(message)
                    .bind(created_at)
            })
            .collect();
        self.write_all(statements).await.map(drop)
    }

    pub async fn get_pending_inbound(
        &self,
        chat: &str,
        sender: &str,
        id: &str,
    ) -> StoreResult<Option<Vec<u8>>> {
        query(
            "SELECT message FROM wa_pending_inbound \
             WHERE device_id = $1 AND chat = $2 AND sender = $3 AND message_id = $4",
        )
        .bind(self.dev())
        .bind(chat)
        .bind(sender)
        .bind(id)
        .scalar_optional(&self.db)
        .await
    }

    /// `(chat, sender, message id)` keys, in one transaction.
    pub async fn delete_pending_inbound(&self, keys: &[(&str, &str, &str)]) -> StoreResult<()> {
        let statements: Vec<_> = keys
            .iter()
            .map(|&(chat, sender, id)| {
                query(DELETE_PENDING)
                    .bind(self.dev())
                    .bind(chat)
                    .bind(sender)
                    .bind(id)
            })
            .collect();
        self.write_all(statements).await.map(drop)
    }

    /// The rows dropped.
    pub async fn delete_expired_pending_inbound(&self, cutoff_timestamp: i64) -> StoreResult<u32> {
        self.write(
            query("DELETE FROM wa_pending_inbound WHERE device_id = $1 AND created_at < $2")
                .bind(self.dev())
                .bind(cutoff_timestamp),
        )
        .await
        .map(count)
    }
}
