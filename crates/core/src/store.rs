//! The storage port. Each backend (SQLite, PostgreSQL) implements every trait; services hold an
//! `Arc<dyn Store>` and never see SQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::audit::{AuditEntry, AuditFilter, AuditFilterValues, NewAuditEntry};
use crate::device::{ApiKey, Device, DeviceFilter, DeviceState, NewApiKey, NewDevice};
use crate::engine::SessionStore;
use crate::event::{Event, EventFilter, NewEvent};
use crate::message::{ChatFilter, ChatSummary, HistoryCursor, Message, MessageStatus, NewMessage};
use crate::user::{NewUser, RefreshToken, User, UserFilter, UserId, UserPatch};
use crate::Page;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was broken; the value names the field (`username`, `email`, `deviceId`).
    #[error("{0} already exists")]
    Conflict(&'static str),
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A write for a device whose lease another node (or a newer start of this one) holds now:
    /// this process lost the device and must not change anything of it.
    #[error("device {0} is served by another node now")]
    Fenced(String),
    #[error("database error: {0}")]
    Other(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[async_trait]
pub trait UserStore: Send + Sync {
    async fn create_user(&self, new: &NewUser) -> StoreResult<User>;
    async fn user(&self, id: UserId) -> StoreResult<Option<User>>;
    /// Finds by username or email, case-insensitively.
    async fn user_by_login(&self, login: &str) -> StoreResult<Option<User>>;
    async fn password_hash(&self, id: UserId) -> StoreResult<Option<String>>;
    /// Returns `None` when the user does not exist.
    async fn update_user(&self, id: UserId, patch: &UserPatch) -> StoreResult<Option<User>>;
    /// Replaces the hash and bumps the token version, so tokens issued before stop working.
    async fn set_password(&self, id: UserId, hash: &str) -> StoreResult<bool>;
    async fn record_login(&self, id: UserId, at: DateTime<Utc>) -> StoreResult<()>;
    async fn delete_user(&self, id: UserId) -> StoreResult<bool>;
    async fn list_users(&self, filter: &UserFilter) -> StoreResult<Page<User>>;
    async fn count_users(&self) -> StoreResult<i64>;
    async fn count_admins(&self, active_only: bool) -> StoreResult<i64>;
}

#[async_trait]
pub trait RefreshTokenStore: Send + Sync {
    async fn insert_refresh_token(
        &self,
        token_hash: &str,
        user_id: UserId,
        family_id: &str,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn refresh_token(&self, token_hash: &str) -> StoreResult<Option<RefreshToken>>;
    /// Spends a token; `false` when it was already spent (by a concurrent request, too).
    async fn spend_refresh_token(&self, id: i64, at: DateTime<Utc>) -> StoreResult<bool>;
    async fn revoke_refresh_family(&self, family_id: &str, at: DateTime<Utc>) -> StoreResult<()>;
    async fn revoke_user_refresh_tokens(
        &self,
        user_id: UserId,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
}

#[async_trait]
pub trait DeviceStore: Send + Sync {
    async fn create_device(&self, new: &NewDevice) -> StoreResult<Device>;
    async fn device(&self, device_id: &str) -> StoreResult<Option<Device>>;
    async fn list_devices(&self, filter: &DeviceFilter) -> StoreResult<Page<Device>>;
    async fn count_user_devices(&self, user_id: UserId) -> StoreResult<i64>;
    async fn delete_device(&self, device_id: &str) -> StoreResult<bool>;
    /// Records what the engine reported; `None` fields are left as they are. When what a client
    /// sees changed, the `whatsapp-status` event is appended in the same transaction and
    /// returned, so the row and its event can never be seen out of step.
    async fn update_device_state(
        &self,
        device_id: &str,
        state: &DeviceState,
    ) -> StoreResult<Option<Event>>;
    /// Whether the device should be connected again after a restart.
    async fn set_auto_connect(&self, device_id: &str, on: bool) -> StoreResult<()>;
    async fn auto_connect_devices(&self) -> StoreResult<Vec<Device>>;
}

#[async_trait]
pub trait MessageStore: Send + Sync {
    /// Writes a message and its `message.new` event together; `None` when the device already
    /// has one with that WhatsApp id.
    async fn insert_message(&self, new: &NewMessage) -> StoreResult<Option<(Message, Event)>>;
    /// Several `insert_message`s in their order (their events get ids in that order), one
    /// answer each; a store may commit them together.
    async fn insert_messages(
        &self,
        new: &[NewMessage],
    ) -> Vec<StoreResult<Option<(Message, Event)>>> {
        let mut answers = Vec::with_capacity(new.len());
        for m in new {
            answers.push(self.insert_message(m).await);
        }
        answers
    }
    /// Like `insert_message`, and points the job recipient at the message in the same
    /// transaction: a recipient `sending` at a crash is then `sent` or `uncertain` by its
    /// message, and one without a message was never handed to the engine.
    /// Writes old messages from the phone's history and `event` in one transaction, without a
    /// `message.new` each; messages the device already has are skipped. Returns how many were
    /// new, and the event with that count set as its `messagesStored` field.
    async fn insert_history(
        &self,
        messages: &[NewMessage],
        event: NewEvent,
    ) -> StoreResult<(u64, Event)>;
    async fn insert_job_message(
        &self,
        new: &NewMessage,
        recipient_id: i64,
    ) -> StoreResult<Option<(Message, Event)>>;
    /// Keeps an inbound message the database refused, with a `message.unstored` event, so it
    /// is neither lost nor retried in front of the messages after it.
    async fn park_inbound(&self, parked: &crate::message::ParkedInbound) -> StoreResult<Event>;
    async fn message(&self, device_id: &str, message_id: &str) -> StoreResult<Option<Message>>;
    /// The stored media type of a file that one of the device's messages references; `None`
    /// when no message of the device has it (another device's file is not this device's to
    /// show). The inner `None` is a message that recorded no type.
    async fn device_media_mime(
        &self,
        device_id: &str,
        sha256: &str,
    ) -> StoreResult<Option<Option<String>>>;
    /// Sets the status of outbound messages, only forward (by [`MessageStatus::rank`]), with a
    /// `message.status` event for each message that changed.
    async fn advance_status(
        &self,
        device_id: &str,
        message_ids: &[String],
        status: MessageStatus,
        failure_reason: Option<&str>,
    ) -> StoreResult<Vec<(Message, Event)>>;
    /// Marks `pending` messages `uncertain` (start-up after a crash): one device's, or with
    /// `None` every device's (a node that is alone).
    async fn mark_pending_uncertain(
        &self,
        device: Option<&str>,
    ) -> StoreResult<Vec<(Message, Event)>>;
    async fn edit_message_body(
        &self,
        device_id: &str,
        message_id: &str,
        body: &str,
    ) -> StoreResult<Option<(Message, Event)>>;
    async fn mark_message_deleted(
        &self,
        device_id: &str,
        message_id: &str,
    ) -> StoreResult<Option<(Message, Event)>>;
    async fn chats(&self, device_id: &str, filter: &ChatFilter) -> StoreResult<Vec<ChatSummary>>;
    async fn chat_history(
        &self,
        device_id: &str,
        chat_jid: &str,
        cursor: HistoryCursor,
    ) -> StoreResult<Vec<Message>>;
    /// Messages sent and received in `[from, to)` on the devices of `owner` (every device when
    /// `None`), and the newest `recent` of them. Reactions, edits and revokes do not count.
    async fn message_activity(
        &self,
        owner: Option<crate::user::UserId>,
        from: chrono::DateTime<chrono::Utc>,
        to: chrono::DateTime<chrono::Utc>,
        recent: i64,
    ) -> StoreResult<crate::message::Activity>;
    /// Marks the chat's inbound messages read; returns those that were unread, and the
    /// `chat.read` event when there were any.
    async fn mark_chat_read(
        &self,
        device_id: &str,
        chat_jid: &str,
    ) -> StoreResult<(Vec<Message>, Option<Event>)>;
}

#[async_trait]
pub trait ApiKeyStore: Send + Sync {
    async fn create_api_key(&self, new: &NewApiKey) -> StoreResult<ApiKey>;
    async fn list_api_keys(&self, device_id: &str) -> StoreResult<Vec<ApiKey>>;
    /// Revokes a key of that device; `false` when there is no such live key.
    async fn revoke_api_key(&self, device_id: &str, key_id: i64) -> StoreResult<bool>;
    /// A live key by the hash of its secret, with the owner of its device.
    async fn api_key_by_hash(&self, key_hash: &str) -> StoreResult<Option<(ApiKey, UserId)>>;
    async fn touch_api_key(&self, key_id: i64, at: DateTime<Utc>) -> StoreResult<()>;
}

#[async_trait]
pub trait AuditStore: Send + Sync {
    async fn append_audit(&self, entry: &NewAuditEntry) -> StoreResult<AuditEntry>;
    async fn list_audit(&self, filter: &AuditFilter) -> StoreResult<Page<AuditEntry>>;
    async fn audit_filter_values(&self) -> StoreResult<AuditFilterValues>;
}

#[async_trait]
pub trait EventStore: Send + Sync {
    /// Appends an event. Ids grow, but on PostgreSQL transactions may commit out of id order:
    /// readers get only final events (below the log's horizon), so a reader that has been handed
    /// id N never later finds an event below N appear.
    async fn append_event(&self, event: &NewEvent) -> StoreResult<Event>;
    /// Final events after `after_id`, oldest first.
    async fn events_after(
        &self,
        after_id: i64,
        filter: &EventFilter,
        limit: i64,
    ) -> StoreResult<Vec<Event>>;
    /// As [`Self::events_after`], with the id up to which the log was read to the end: after a
    /// short page nothing up to it passes `filter`, now or later. `None` when events commit in id
    /// order, so the read covered everything already committed.
    async fn events_read(
        &self,
        after_id: i64,
        filter: &EventFilter,
        limit: i64,
    ) -> StoreResult<(Vec<Event>, Option<i64>)>;
    /// The newest `limit` final events that pass `filter`, oldest first (a monitor's backlog).
    async fn newest_events(&self, filter: &EventFilter, limit: i64) -> StoreResult<Vec<Event>>;
    /// The newest final event id: every event after it is still to come.
    async fn latest_event_id(&self) -> StoreResult<i64>;
    /// How far apart ids of events appended in different transactions are at least (PostgreSQL
    /// gives each transaction its own range of ids): a distance between two ids divided by it
    /// estimates how many events lie between them (on PostgreSQL it counts the server's
    /// transactions in between, so it can only overestimate).
    fn event_id_step(&self) -> i64 {
        1
    }
    /// Deletes events older than `before`; returns how many.
    async fn delete_events_before(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}

/// The device that routes without a device id act on: one per user, and one global default
/// (`None` for the user) that administrators set.
#[async_trait]
pub trait DefaultDeviceStore: Send + Sync {
    async fn default_device(&self, user: Option<UserId>) -> StoreResult<Option<String>>;
    /// Sets (or with `None`, clears) the default.
    async fn set_default_device(
        &self,
        user: Option<UserId>,
        device_id: Option<&str>,
    ) -> StoreResult<()>;
}

/// A device's own outbound proxy URL (password included: only the engine reads it back).
#[async_trait]
pub trait DeviceProxyStore: Send + Sync {
    async fn device_proxy(&self, device_id: &str) -> StoreResult<Option<String>>;
    /// Sets (or with `None`, removes) the device's proxy.
    async fn set_device_proxy(&self, device_id: &str, url: Option<&str>) -> StoreResult<()>;
}

/// What the gateway does with a device's incoming calls; the default lets them ring.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallSettings {
    pub reject_calls: bool,
    /// Sent to the caller as a text after a rejected call.
    pub reject_message: Option<String>,
}

#[async_trait]
pub trait CallSettingsStore: Send + Sync {
    async fn call_settings(&self, device_id: &str) -> StoreResult<CallSettings>;
    async fn set_call_settings(&self, device_id: &str, settings: &CallSettings) -> StoreResult<()>;
}

/// Whether a device stores the history its phone sends after linking; off unless set.
#[async_trait]
pub trait HistorySyncStore: Send + Sync {
    async fn history_sync(&self, device_id: &str) -> StoreResult<bool>;
    async fn set_history_sync(&self, device_id: &str, enabled: bool) -> StoreResult<()>;
}

/// Where each event-streaming sink (NATS JetStream, RabbitMQ) is in the event log.
#[async_trait]
pub trait SinkStore: Send + Sync {
    /// The id of the last event the sink's broker acknowledged. A sink seen for the first time
    /// starts at the end of the log.
    async fn sink_cursor(&self, sink: &str) -> StoreResult<i64>;
    /// Moves the cursor from `from` to `to`; `false` when it was not at `from` (another node
    /// sharing the database moved it first).
    async fn advance_sink_cursor(&self, sink: &str, from: i64, to: i64) -> StoreResult<bool>;
}

/// How many connections a store's pool holds, how many of them are idle, and its limit.
#[derive(Debug, Clone, Copy, Default)]
pub struct PoolUsage {
    pub size: u32,
    pub idle: u32,
    pub max: u32,
}

#[async_trait]
pub trait Store:
    UserStore
    + RefreshTokenStore
    + DeviceStore
    + ApiKeyStore
    + AuditStore
    + MessageStore
    + SessionStore
    + EventStore
    + crate::webhook::WebhookStore
    + crate::job::JobStore
    + crate::job::ScheduleStore
    + crate::contact::ContactStore
    + crate::contact::TemplateStore
    + DefaultDeviceStore
    + DeviceProxyStore
    + CallSettingsStore
    + HistorySyncStore
    + SinkStore
    + crate::chatwoot::ChatwootStore
    + crate::stats::StatsStore
    + crate::export::ExportStore
    + crate::photo::PhotoStore
    + crate::bot::BotStore
    + crate::queue::QueueStore
    + crate::ai::AiStore
    + crate::group::GroupStore
    + crate::poll::PollStore
    + crate::poll::ChatTimerStore
    + crate::appstate::AppStateStore
{
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// A cheap round trip, for health checks.
    async fn ping(&self) -> StoreResult<()>;
    /// The connection pool's use now (for metrics).
    fn pool_usage(&self) -> PoolUsage;
    async fn close(&self);
    /// The concrete store, so adapters that keep their own tables in the same database (the
    /// WhatsApp engine's session state) can share its pool instead of opening a second one.
    fn as_any(&self) -> &dyn std::any::Any;
}
