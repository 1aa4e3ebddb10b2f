//! WhatsApp protocol state: sender-key distribution, LID <-> phone mappings, base keys,
//! device lists, group metadata, trusted-contact tokens, sent messages kept for retries, and
//! the pending-inbound buffer behind the durability hook.

use async_trait::async_trait;
use whatsapp_rust::wacore::store::error::Result;
use whatsapp_rust::wacore::store::traits::{
    DeviceListRecord, LidPnMappingEntry, PendingInboundKey, PendingInboundRow, ProtocolStore,
    TcTokenEntry,
};
use whatsapp_rust::wacore::time::now_secs;

use super::db::{placeholders, stmt, Stmt, Val};
use super::{db_err, from_json, to_json, SqlBackend};

const LID_COLUMNS: &str = "lid, phone_number, created_at, updated_at, learning_source";
const PUT_PENDING: &str =
    "INSERT INTO wa_pending_inbound (device_id, chat, sender, message_id, message, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (device_id, chat, sender, message_id) \
     DO UPDATE SET message = excluded.message, created_at = excluded.created_at";
const DELETE_PENDING: &str = "DELETE FROM wa_pending_inbound \
     WHERE device_id = $1 AND chat = $2 AND sender = $3 AND message_id = $4";

type LidRow = (String, String, i64, i64, String);

fn lid_entry(
    (lid, phone_number, created_at, updated_at, learning_source): LidRow,
) -> LidPnMappingEntry {
    LidPnMappingEntry {
        lid,
        phone_number,
        created_at,
        updated_at,
        learning_source,
    }
}

impl SqlBackend {
    /// Retires the old number's reverse entry when a LID moves to another number, then records
    /// both directions, as one transaction's statements.
    fn put_lid_stmts(&self, entry: &LidPnMappingEntry) -> Vec<Stmt> {
        vec![
            stmt!(
                "DELETE FROM wa_pn_to_lid WHERE device_id = $1 AND phone_number IN \
                 (SELECT phone_number FROM wa_lid_mappings \
                  WHERE device_id = $1 AND lid = $2 AND phone_number <> $3)",
                self.dev(),
                &entry.lid,
                &entry.phone_number
            ),
            stmt!(
                "INSERT INTO wa_pn_to_lid (device_id, phone_number, lid) VALUES ($1, $2, $3) \
                 ON CONFLICT (device_id, phone_number) DO UPDATE SET lid = excluded.lid",
                self.dev(),
                &entry.phone_number,
                &entry.lid
            ),
            stmt!(
                format!(
                    "INSERT INTO wa_lid_mappings (device_id, {LID_COLUMNS}) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (device_id, lid) DO UPDATE SET \
                     phone_number = excluded.phone_number, created_at = excluded.created_at, \
                     updated_at = excluded.updated_at, learning_source = excluded.learning_source"
                ),
                self.dev(),
                &entry.lid,
                &entry.phone_number,
                entry.created_at,
                entry.updated_at,
                &entry.learning_source
            ),
        ]
    }

    fn put_device_list_stmt(&self, record: &DeviceListRecord) -> Result<Stmt> {
        Ok(stmt!(
            "INSERT INTO wa_device_lists (device_id, user_id, data) VALUES ($1, $2, $3) \
             ON CONFLICT (device_id, user_id) DO UPDATE SET data = excluded.data",
            self.dev(),
            &record.user,
            to_json(record)?
        ))
    }

    async fn exec_unit(&self, stmt: Stmt) -> Result<()> {
        self.exec(stmt).await.map(|_| ()).map_err(db_err)
    }

    async fn exec_count(&self, stmt: Stmt) -> Result<u32> {
        let n = self.exec(stmt).await.map_err(db_err)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn exec_tx(&self, stmts: Vec<Stmt>) -> Result<()> {
        if stmts.is_empty() {
            return Ok(());
        }
        self.exec_all(stmts).await.map(|_| ()).map_err(db_err)
    }
}

#[async_trait]
impl ProtocolStore for SqlBackend {
    async fn get_sender_key_devices(&self, group_jid: &str) -> Result<Vec<(String, bool)>> {
        self.db
            .fetch_all(stmt!(
                "SELECT device_jid, has_key FROM wa_sender_key_devices \
                 WHERE device_id = $1 AND group_jid = $2 ORDER BY device_jid",
                self.dev(),
                group_jid
            ))
            .await
            .map_err(db_err)
    }

    async fn set_sender_key_status(&self, group_jid: &str, entries: &[(&str, bool)]) -> Result<()> {
        let stmts = entries
            .iter()
            .map(|(device_jid, has_key)| {
                stmt!(
                    "INSERT INTO wa_sender_key_devices (device_id, group_jid, device_jid, has_key) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (device_id, group_jid, device_jid) \
                     DO UPDATE SET has_key = excluded.has_key",
                    self.dev(),
                    group_jid,
                    *device_jid,
                    *has_key
                )
            })
            .collect();
        self.exec_tx(stmts).await
    }

    async fn clear_sender_key_devices(&self, group_jid: &str) -> Result<()> {
        self.exec_unit(stmt!(
            "DELETE FROM wa_sender_key_devices WHERE device_id = $1 AND group_jid = $2",
            self.dev(),
            group_jid
        ))
        .await
    }

    async fn delete_sender_key_device_rows(&self, device_jids: &[&str]) -> Result<()> {
        if device_jids.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "DELETE FROM wa_sender_key_devices WHERE device_id = $1 AND device_jid IN ({})",
            placeholders(2, device_jids.len())
        );
        let mut args = vec![Val::from(self.dev())];
        args.extend(device_jids.iter().map(|&j| Val::from(j)));
        self.exec_unit(Stmt::new(sql, args)).await
    }

    async fn clear_all_sender_key_devices(&self) -> Result<()> {
        self.exec_unit(stmt!(
            "DELETE FROM wa_sender_key_devices WHERE device_id = $1",
            self.dev()
        ))
        .await
    }

    async fn get_lid_mapping(&self, lid: &str) -> Result<Option<LidPnMappingEntry>> {
        let row: Option<LidRow> = self
            .db
            .fetch_optional(stmt!(
                format!(
                    "SELECT {LID_COLUMNS} FROM wa_lid_mappings WHERE device_id = $1 AND lid = $2"
                ),
                self.dev(),
                lid
            ))
            .await
            .map_err(db_err)?;
        Ok(row.map(lid_entry))
    }

    async fn get_pn_mapping(&self, phone: &str) -> Result<Option<LidPnMappingEntry>> {
        let row: Option<LidRow> = self
            .db
            .fetch_optional(stmt!(
                "SELECT m.lid, m.phone_number, m.created_at, m.updated_at, m.learning_source \
                 FROM wa_pn_to_lid r JOIN wa_lid_mappings m \
                   ON m.device_id = r.device_id AND m.lid = r.lid \
                 WHERE r.device_id = $1 AND r.phone_number = $2",
                self.dev(),
                phone
            ))
            .await
            .map_err(db_err)?;
        Ok(row.map(lid_entry))
    }

    async fn put_lid_mapping(&self, entry: &LidPnMappingEntry) -> Result<()> {
        self.exec_tx(self.put_lid_stmts(entry)).await
    }

    async fn put_lid_mappings(&self, entries: &[LidPnMappingEntry]) -> Result<()> {
        let stmts = entries.iter().flat_map(|e| self.put_lid_stmts(e)).collect();
        self.exec_tx(stmts).await
    }

    async fn get_all_lid_mappings(&self) -> Result<Vec<LidPnMappingEntry>> {
        let rows: Vec<LidRow> = self
            .db
            .fetch_all(stmt!(
                format!(
                    "SELECT {LID_COLUMNS} FROM wa_lid_mappings WHERE device_id = $1 ORDER BY lid"
                ),
                self.dev()
            ))
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(lid_entry).collect())
    }

    async fn save_base_key(&self, address: &str, message_id: &str, base_key: &[u8]) -> Result<()> {
        self.exec_unit(stmt!(
            "INSERT INTO wa_base_keys (device_id, address, message_id, base_key) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (device_id, address, message_id) \
             DO UPDATE SET base_key = excluded.base_key",
            self.dev(),
            address,
            message_id,
            base_key
        ))
        .await
    }

    async fn has_same_base_key(
        &self,
        address: &str,
        message_id: &str,
        current_base_key: &[u8],
    ) -> Result<bool> {
        let row: Option<(Vec<u8>,)> = self
            .db
            .fetch_optional(stmt!(
                "SELECT base_key FROM wa_base_keys \
                 WHERE device_id = $1 AND address = $2 AND message_id = $3",
                self.dev(),
                address,
                message_id
            ))
            .await
            .map_err(db_err)?;
        Ok(row.is_some_and(|(stored,)| stored == current_base_key))
    }

    async fn delete_base_key(&self, address: &str, message_id: &str) -> Result<()> {
        self.exec_unit(stmt!(
            "DELETE FROM wa_base_keys WHERE device_id = $1 AND address = $2 AND message_id = $3",
            self.dev(),
            address,
            message_id
        ))
        .await
    }

    async fn update_device_list(&self, record: DeviceListRecord) -> Result<()> {
        let stmt = self.put_device_list_stmt(&record)?;
        self.exec_unit(stmt).await
    }

    async fn update_device_lists(&self, records: Vec<DeviceListRecord>) -> Result<()> {
        let mut stmts = Vec::with_capacity(records.len());
        for record in &records {
            stmts.push(self.put_device_list_stmt(record)?);
        }
        self.exec_tx(stmts).await
    }

    async fn get_devices(&self, user: &str) -> Result<Option<DeviceListRecord>> {
        let row: Option<(Vec<u8>,)> = self
            .db
            .fetch_optional(stmt!(
                "SELECT data FROM wa_device_lists WHERE device_id = $1 AND user_id = $2",
                self.dev(),
                user
            ))
            .await
            .map_err(db_err)?;
        row.map(|(data,)| from_json(&data)).transpose()
    }

    async fn delete_devices(&self, user: &str) -> Result<()> {
        self.exec_unit(stmt!(
            "DELETE FROM wa_device_lists WHERE device_id = $1 AND user_id = $2",
            self.dev(),
            user
        ))
        .await
    }

    async fn get_group_metadata(&self, group_jid: &str) -> Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> = self
            .db
            .fetch_optional(stmt!(
                "SELECT data FROM wa_group_metadata WHERE device_id = $1 AND group_jid = $2",
                self.dev(),
                group_jid
            ))
            .await
            .map_err(db_err)?;
        Ok(row.map(|(data,)| data))
    }

    async fn put_group_metadata(&self, group_jid: &str, blob: &[u8]) -> Result<()> {
        self.exec_unit(stmt!(
            "INSERT INTO wa_group_metadata (device_id, group_jid, data) VALUES ($1, $2, $3) \
             ON CONFLICT (device_id, group_jid) DO UPDATE SET data = excluded.data",
            self.dev(),
            group_jid,
            blob
        ))
        .await
    }

    async fn delete_group_metadata(&self, group_jid: &str) -> Result<()> {
        self.exec_unit(stmt!(
            "DELETE FROM wa_group_metadata WHERE device_id = $1 AND group_jid = $2",
            self.dev(),
            group_jid
        ))
        .await
    }

    async fn get_tc_token(&self, jid: &str) -> Result<Option<TcTokenEntry>> {
        let row: Option<(Vec<u8>, i64, Option<i64>)> = self
            .db
            .fetch_optional(stmt!(
                "SELECT token, token_timestamp, sender_timestamp FROM wa_tc_tokens \
                 WHERE device_id = $1 AND jid = $2",
                self.dev(),
                jid
            ))
            .await
            .map_err(db_err)?;
        Ok(
            row.map(|(token, token_timestamp, sender_timestamp)| TcTokenEntry {
                token,
                token_timestamp,
                sender_timestamp,
            }),
        )
    }

    async fn put_tc_token(&self, jid: &str, entry: &TcTokenEntry) -> Result<()> {
        self.exec_unit(stmt!(
            "INSERT INTO wa_tc_tokens (device_id, jid, token, token_timestamp, sender_timestamp) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (device_id, jid) DO UPDATE SET \
             token = excluded.token, token_timestamp = excluded.token_timestamp, \
             sender_timestamp = excluded.sender_timestamp",
            self.dev(),
            jid,
            entry.token.as_slice(),
            entry.token_timestamp,
            entry.sender_timestamp
        ))
        .await
    }

    async fn delete_tc_token(&self, jid: &str) -> Result<()> {
        self.exec_unit(stmt!(
            "DELETE FROM wa_tc_tokens WHERE device_id = $1 AND jid = $2",
            self.dev(),
            jid
        ))
        .await
    }

    async fn get_all_tc_token_jids(&self) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = self
            .db
            .fetch_all(stmt!(
                "SELECT jid FROM wa_tc_tokens WHERE device_id = $1 ORDER BY jid",
                self.dev()
            ))
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(|(jid,)| jid).collect())
    }

    /// Drops a row only when both its received token and its sender bucket are stale.
    async fn delete_expired_tc_tokens(&self, token_cutoff: i64, sender_cutoff: i64) -> Result<u32> {
        self.exec_count(stmt!(
            "DELETE FROM wa_tc_tokens WHERE device_id = $1 \
             AND NOT (length(token) > 0 AND token_timestamp >= $2) \
             AND NOT (sender_timestamp IS NOT NULL AND sender_timestamp >= $3)",
            self.dev(),
            token_cutoff,
            sender_cutoff
        ))
        .await
    }

    /// One atomic upsert: the sender bucket only moves forward, token bytes are kept.
    async fn touch_tc_token_sender_timestamp(
        &self,
        jid: &str,
        sender_timestamp: i64,
    ) -> Result<()> {
        self.exec_unit(stmt!(
            "INSERT INTO wa_tc_tokens (device_id, jid, token, token_timestamp, sender_timestamp) \
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT (device_id, jid) DO UPDATE SET \
             sender_timestamp = CASE \
               WHEN wa_tc_tokens.sender_timestamp IS NULL \
                 OR wa_tc_tokens.sender_timestamp < excluded.sender_timestamp \
               THEN excluded.sender_timestamp ELSE wa_tc_tokens.sender_timestamp END",
            self.dev(),
            jid,
            Vec::new(),
            sender_timestamp
        ))
        .await
    }

    /// One atomic upsert, newer-wins: a stale token never replaces a fresher real one, and the
    /// sender bucket is left alone.
    async fn store_received_tc_token(
        &self,
        jid: &str,
        token: &[u8],
        token_timestamp: i64,
    ) -> Result<()> {
        self.exec_unit(stmt!(
            "INSERT INTO wa_tc_tokens (device_id, jid, token, token_timestamp, sender_timestamp) \
             VALUES ($1, $2, $3, $4, NULL) ON CONFLICT (device_id, jid) DO UPDATE SET \
             token = excluded.token, token_timestamp = excluded.token_timestamp \
             WHERE length(wa_tc_tokens.token) = 0 \
                OR excluded.token_timestamp >= wa_tc_tokens.token_timestamp",
            self.dev(),
            jid,
            token,
            token_timestamp
        ))
        .await
    }

    async fn store_sent_message(
        &self,
        chat_jid: &str,
        message_id: &str,
        payload: &[u8],
    ) -> Result<()> {
        self.exec_unit(stmt!(
            "INSERT INTO wa_sent_messages (device_id, chat_jid, message_id, payload, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (device_id, chat_jid, message_id) \
             DO UPDATE SET payload = excluded.payload, created_at = excluded.created_at",
            self.dev(),
            chat_jid,
            message_id,
            payload,
            now_secs()
        ))
        .await
    }

    /// Atomic take: one statement deletes the row and returns what it held.
    async fn take_sent_message(&self, chat_jid: &str, message_id: &str) -> Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> = self
            .db
            .fetch_optional(stmt!(
                "DELETE FROM wa_sent_messages \
                 WHERE device_id = $1 AND chat_jid = $2 AND message_id = $3 RETURNING payload",
                self.dev(),
                chat_jid,
                message_id
            ))
            .await
            .map_err(db_err)?;
        Ok(row.map(|(payload,)| payload))
    }

    async fn delete_expired_sent_messages(&self, cutoff_timestamp: i64) -> Result<u32> {
        self.exec_count(stmt!(
            "DELETE FROM wa_sent_messages WHERE device_id = $1 AND created_at < $2",
            self.dev(),
            cutoff_timestamp
        ))
        .await
    }

    async fn store_pending_inbound(
        &self,
        chat: &str,
        sender: &str,
        id: &str,
        message: &[u8],
    ) -> Result<()> {
        self.exec_unit(stmt!(
            PUT_PENDING,
            self.dev(),
            chat,
            sender,
            id,
            message,
            now_secs()
        ))
        .await
    }

    async fn get_pending_inbound(
        &self,
        chat: &str,
        sender: &str,
        id: &str,
    ) -> Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> = self
            .db
            .fetch_optional(stmt!(
                "SELECT message FROM wa_pending_inbound \
                 WHERE device_id = $1 AND chat = $2 AND sender = $3 AND message_id = $4",
                self.dev(),
                chat,
                sender,
                id
            ))
            .await
            .map_err(db_err)?;
        Ok(row.map(|(message,)| message))
    }

    async fn delete_pending_inbound(&self, chat: &str, sender: &str, id: &str) -> Result<()> {
        self.exec_unit(stmt!(DELETE_PENDING, self.dev(), chat, sender, id))
            .await
    }

    async fn delete_expired_pending_inbound(&self, cutoff_timestamp: i64) -> Result<u32> {
        self.exec_count(stmt!(
            "DELETE FROM wa_pending_inbound WHERE device_id = $1 AND created_at < $2",
            self.dev(),
            cutoff_timestamp
        ))
        .await
    }

    async fn store_pending_inbound_batch(&self, rows: &[PendingInboundRow<'_>]) -> Result<()> {
        let now = now_secs();
        let stmts = rows
            .iter()
            .map(|r| {
                stmt!(
                    PUT_PENDING,
                    self.dev(),
                    r.chat,
                    r.sender,
                    r.id,
                    r.message,
                    now
                )
            })
            .collect();
        self.exec_tx(stmts).await
    }

    async fn delete_pending_inbound_batch(&self, keys: &[PendingInboundKey<'_>]) -> Result<()> {
        let stmts = keys
            .iter()
            .map(|k| stmt!(DELETE_PENDING, self.dev(), k.chat, k.sender, k.id))
            .collect();
        self.exec_tx(stmts).await
    }
}
