//! Reading whole tables in id order, a page at a time, for exports streamed in constant memory
//! and for lists paged by cursor.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::audit::{AuditEntry, AuditFilter};
use crate::device::{Device, DeviceStatus};
use crate::message::Message;
use crate::user::{Role, User, UserId};
use crate::StoreResult;

#[derive(Debug, Clone, Default)]
pub struct MessageFilter {
    /// Only the devices of this user.
    pub owner: Option<UserId>,
    pub device_id: Option<String>,
    pub chat_jid: Option<String>,
    /// `true` outbound, `false` inbound.
    pub from_me: Option<bool>,
    pub status: Option<String>,
    /// `[from, to)` on the message's time.
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Words the message's text (or caption) or file name contains, ignoring case.
    pub text: Option<String>,
}

/// Where a page starts: after an id going up (exports), or before one going down (newest-first
/// lists; `None` from the newest).
#[derive(Debug, Clone, Copy)]
pub enum Cursor {
    After(i64),
    Before(Option<i64>),
}

#[derive(Debug, Clone, Default)]
pub struct UserExportFilter {
    pub role: Option<Role>,
    pub is_active: Option<bool>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default)]
pub struct DeviceExportFilter {
    pub owner: Option<UserId>,
    pub status: Option<DeviceStatus>,
}

#[async_trait]
pub trait ExportStore: Send + Sync {
    async fn messages_page(
        &self,
        filter: &MessageFilter,
        cursor: Cursor,
        limit: i64,
    ) -> StoreResult<Vec<Message>>;
    async fn users_after(
        &self,
        filter: &UserExportFilter,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<User>>;
    async fn devices_after(
        &self,
        filter: &DeviceExportFilter,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<Device>>;
    /// Entries in id order (`filter.page` is ignored).
    async fn audit_after(
        &self,
        filter: &AuditFilter,
        after: i64,
        limit: i64,
    ) -> StoreResult<Vec<AuditEntry>>;
}
