//! WhatsApp protocol state: sender-key distribution, LID <-> phone mappings, base keys,
//! device lists, group metadata, trusted-contact tokens, sent messages kept for retries, and
//! the pending-inbound buffer behind the durability hook.

use async_trait::async_trait;
use gerbang_store::{LidMapping, TcToken};
use whatsapp_rust::wacore::store::error::Result;
use whatsapp_rust::wacore::store::traits::{
    DeviceListRecord, LidPnMappingEntry, PendingInboundKey, PendingInboundRow, ProtocolStore,
    TcTokenEntry,
};
use whatsapp_rust::wacore::time::now_secs;

use super::{db_err, from_json, to_json, SqlBackend};

fn lid_entry(m: LidMapping) -> LidPnMappingEntry {
    LidPnMappingEntry {
        lid: m.lid,
        phone_number: m.phone_number,
        created_at: m.created_at,
        updated_at: m.updated_at,
        learning_source: m.learning_source,
    }
}

fn lid_mapping(e: &LidPnMappingEntry) -> LidMapping {
    LidMapping {
        lid: e.lid.clone(),
        phone_number: e.phone_number.clone(),
        created_at: e.created_at,
        updated_at: e.updated_at,
        learning_source: e.learning_source.clone(),
    }
}

impl SqlBackend {
    async fn put_device_lists(&self, records: &[DeviceListRecord]) -> Result<()> {
        let data = records.iter().map(to_json).collect::<Result<Vec<_>>>()?;
        let rows: Vec<(&str, &[u8])> = records
            .iter()
            .zip(&data)
            .map(|(record, data)| (record.user.as_str(), data.as_slice()))
            .collect();
        self.db.put_device_lists(&rows).await.map_err(db_err)
    }
}

#[async_trait]
impl ProtocolStore for SqlBackend {
    async fn get_sender_key_devices(&self, group_jid: &str) -> Result<Vec<(String, bool)>> {
        self.db
            .get_sender_key_devices(group_jid)
            .await
            .map_err(db_err)
    }

    async fn set_sender_key_status(&self, group_jid: &str, entries: &[(&str, bool)]) -> Result<()> {
        self.db
            .set_sender_key_status(group_jid, entries)
            .await
            .map_err(db_err)
    }

    async fn clear_sender_key_devices(&self, group_jid: &str) -> Result<()> {
        self.db
            .clear_sender_key_devices(group_jid)
            .await
            .map_err(db_err)
    }

    async fn delete_sender_key_device_rows(&self, device_jids: &[&str]) -> Result<()> {
        self.db
            .delete_sender_key_device_rows(device_jids)
            .await
            .map_err(db_err)
    }

    async fn clear_all_sender_key_devices(&self) -> Result<()> {
        self.db.clear_all_sender_key_devices().await.map_err(db_err)
    }

    async fn get_lid_mapping(&self, lid: &str) -> Result<Option<LidPnMappingEntry>> {
        let row = self.db.get_lid_mapping(lid).await.map_err(db_err)?;
        Ok(row.map(lid_entry))
    }

    async fn get_pn_mapping(&self, phone: &str) -> Result<Option<LidPnMappingEntry>> {
        let row = self.db.get_pn_mapping(phone).await.map_err(db_err)?;
        Ok(row.map(lid_entry))
    }

    async fn put_lid_mapping(&self, entry: &LidPnMappingEntry) -> Result<()> {
        self.db
            .put_lid_mappings(&[lid_mapping(entry)])
            .await
            .map_err(db_err)
    }

    async fn put_lid_mappings(&self, entries: &[LidPnMappingEntry]) -> Result<()> {
        let rows: Vec<LidMapping> = entries.iter().map(lid_mapping).collect();
        self.db.put_lid_mappings(&rows).await.map_err(db_err)
    }

    async fn get_all_lid_mappings(&self) -> Result<Vec<LidPnMappingEntry>> {
        let rows = self.db.get_all_lid_mappings().await.map_err(db_err)?;
        Ok(rows.into_iter().map(lid_entry).collect())
    }

    async fn save_base_key(&self, address: &str, message_id: &str, base_key: &[u8]) -> Result<()> {
        self.db
            .save_base_key(address, message_id, base_key)
            .await
            .map_err(db_err)
    }

    async fn has_same_base_key(
        &self,
        address: &str,
        message_id: &str,
        current_base_key: &[u8],
    ) -> Result<bool> {
        let stored = self
            .db
            .get_base_key(address, message_id)
            .await
            .map_err(db_err)?;
        Ok(stored.is_some_and(|stored| stored == current_base_key))
    }

    async fn delete_base_key(&self, address: &str, message_id: &str) -> Result<()> {
        self.db
            .delete_base_key(address, message_id)
            .await
            .map_err(db_err)
    }

    async fn update_device_list(&self, record: DeviceListRecord) -> Result<()> {
        self.put_device_lists(std::slice::from_ref(&record)).await
    }

    async fn update_device_lists(&self, records: Vec<DeviceListRecord>) -> Result<()> {
        self.put_device_lists(&records).await
    }

    async fn get_devices(&self, user: &str) -> Result<Option<DeviceListRecord>> {
        let data = self.db.get_device_list(user).await.map_err(db_err)?;
        data.map(|data| from_json(&data)).transpose()
    }

    async fn delete_devices(&self, user: &str) -> Result<()> {
        self.db.delete_device_list(user).await.map_err(db_err)
    }

    async fn get_group_metadata(&self, group_jid: &str) -> Result<Option<Vec<u8>>> {
        self.db.get_group_metadata(group_jid).await.map_err(db_err)
    }

    async fn put_group_metadata(&self, group_jid: &str, blob: &[u8]) -> Result<()> {
        self.db
            .put_group_metadata(group_jid, blob)
            .await
            .map_err(db_err)
    }

    async fn delete_group_metadata(&self, group_jid: &str) -> Result<()> {
        self.db
            .delete_group_metadata(group_jid)
            .await
            .map_err(db_err)
    }

    async fn get_tc_token(&self, jid: &str) -> Result<Option<TcTokenEntry>> {
        let row = self.db.get_tc_token(jid).await.map_err(db_err)?;
        Ok(row.map(|t| TcTokenEntry {
            token: t.token,
            token_timestamp: t.token_timestamp,
            sender_timestamp: t.sender_timestamp,
        }))
    }

    async fn put_tc_token(&self, jid: &str, entry: &TcTokenEntry) -> Result<()> {
        let token = TcToken {
            token: entry.token.clone(),
            token_timestamp: entry.token_timestamp,
            sender_timestamp: entry.sender_timestamp,
        };
        self.db.put_tc_token(jid, &token).await.map_err(db_err)
    }

    async fn delete_tc_token(&self, jid: &str) -> Result<()> {
        self.db.delete_tc_token(jid).await.map_err(db_err)
    }

    async fn get_all_tc_token_jids(&self) -> Result<Vec<String>> {
        self.db.get_all_tc_token_jids().await.map_err(db_err)
    }

    /// Drops a row only when both its received token and its sender bucket are stale.
    async fn delete_expired_tc_tokens(&self, token_cutoff: i64, sender_cutoff: i64) -> Result<u32> {
        self.db
            .delete_expired_tc_tokens(token_cutoff, sender_cutoff)
            .await
            .map_err(db_err)
    }

    /// One atomic upsert: the sender bucket only moves forward, token bytes are kept.
    async fn touch_tc_token_sender_timestamp(
        &self,
        jid: &str,
        sender_timestamp: i64,
    ) -> Result<()> {
        self.db
            .touch_tc_token_sender_timestamp(jid, sender_timestamp)
            .await
            .map_err(db_err)
    }

    /// One atomic upsert, newer-wins: a stale token never replaces a fresher real one, and the
    /// sender bucket is left alone.
    async fn store_received_tc_token(
        &self,
        jid: &str,
        token: &[u8],
        token_timestamp: i64,
    ) -> Result<()> {
        self.db
            .store_received_tc_token(jid, token, token_timestamp)
            .await
            .map_err(db_err)
    }

    async fn store_sent_message(
        &self,
        chat_jid: &str,
        message_id: &str,
        payload: &[u8],
    ) -> Result<()> {
        self.db
            .store_sent_message(chat_jid, message_id, payload, now_secs())
            .await
            .map_err(db_err)
    }

    /// Atomic take: one statement deletes the row and returns what it held.
    async fn take_sent_message(&self, chat_jid: &str, message_id: &str) -> Result<Option<Vec<u8>>> {
        self.db
            .take_sent_message(chat_jid, message_id)
            .await
            .map_err(db_err)
    }

    async fn delete_expired_sent_messages(&self, cutoff_timestamp: i64) -> Result<u32> {
        self.db
            .delete_expired_sent_messages(cutoff_timestamp)
            .await
            .map_err(db_err)
    }

    async fn store_pending_inbound(
        &self,
        chat: &str,
        sender: &str,
        id: &str,
        message: &[u8],
    ) -> Result<()> {
        self.db
            .store_pending_inbound(&[(chat, sender, id, message)], now_secs())
            .await
            .map_err(db_err)
    }

    async fn get_pending_inbound(
        &self,
        chat: &str,
        sender: &str,
        id: &str,
    ) -> Result<Option<Vec<u8>>> {
        self.db
            .get_pending_inbound(chat, sender, id)
            .await
            .map_err(db_err)
    }

    async fn delete_pending_inbound(&self, chat: &str, sender: &str, id: &str) -> Result<()> {
        self.db
            .delete_pending_inbound(&[(chat, sender, id)])
            .await
            .map_err(db_err)
    }

    async fn delete_expired_pending_inbound(&self, cutoff_timestamp: i64) -> Result<u32> {
        self.db
            .delete_expired_pending_inbound(cutoff_timestamp)
            .await
            .map_err(db_err)
    }

    async fn store_pending_inbound_batch(&self, rows: &[PendingInboundRow<'_>]) -> Result<()> {
        let rows: Vec<(&str, &str, &str, &[u8])> = rows
            .iter()
            .map(|r| (r.chat, r.sender, r.id, r.message))
            .collect();
        self.db
            .store_pending_inbound(&rows, now_secs())
            .await
            .map_err(db_err)
    }

    async fn delete_pending_inbound_batch(&self, keys: &[PendingInboundKey<'_>]) -> Result<()> {
        let keys: Vec<(&str, &str, &str)> = keys.iter().map(|k| (k.chat, k.sender, k.id)).collect();
        self.db.delete_pending_inbound(&keys).await.map_err(db_err)
    }
}
