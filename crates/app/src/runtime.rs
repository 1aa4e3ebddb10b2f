//! Device sessions at run time: starts engines, keeps the current QR code, and turns every
//! engine event into stored state before anything else hears of it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use gerbang_core::device::{Device, DeviceState, DeviceStatus};
use gerbang_core::engine::{
    EngineEvent, EngineEvents, InboundMessage, MessageContent, ReceiptKind,
};
use gerbang_core::event::{types, Event, NewEvent};
use gerbang_core::message::{Message, MessageStatus};
use gerbang_core::{Store, StoreError, StoreResult};

use crate::engines::Engines;
use crate::events::EventBus;
use crate::ingest::inbound_row;
use crate::media::MediaStore;
use crate::AppResult;

/// Devices restored side by side after a start (their status writes, and simulated sessions'
/// connects): enough to keep the database's commits grouped, few enough not to open hundreds
/// of connections at once.
pub(crate) const RESTORE_AT_ONCE: usize = 128;

/// The QR code a device shows while it waits to be scanned.
/// The disconnect reason of a device whose six QR codes all expired unscanned (the dashboard
/// offers new ones instead of a stale code).
pub const QR_EXHAUSTED: &str = "the QR codes expired unscanned; connect again for new ones";

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QrCode {
    /// The text to encode in the QR image.
    pub code: String,
    /// 0 for the first code; WhatsApp gives six.
    pub index: u32,
    pub expires_at: DateTime<Utc>,
}

pub struct DeviceRuntime {
    pub(crate) store: Arc<dyn Store>,
    pub events: EventBus,
    pub(crate) engines: Engines,
    pub(crate) media: MediaStore,
    qr: Mutex<HashMap<String, QrCode>>,
    /// Sessions this process started, so that shutting down can close them.
    started: Mutex<HashMap<String, gerbang_core::engine::EngineKind>>,
    /// Per device: held while a connection report is checked and recorded, and while a stop
    /// takes the device out of `started`, so a report cannot slip in between and turn a device
    /// stopped by request back into `connected`.
    gates: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Per device: counts recorded outcomes of connection attempts (a QR code, connected, a
    /// failed attempt, the end of a session), so `connect` can answer as soon as there is one.
    outcomes: Mutex<HashMap<String, tokio::sync::watch::Sender<u64>>>,
    /// Stored inbound messages for the auto-reply bot (it answers after the commit).
    pub bot_inbox: crate::bot::Inbox,
    /// The last presence reported per contact, to drop WhatsApp's repeats.
    pub(crate) presence: crate::presence::PresenceMemo,
    /// Ringing calls for the worker that applies the call setting.
    pub call_inbox: crate::calls::CallInbox,
    /// The history parts each device stored, to tell when its phone's history is complete.
    pub(crate) history_parts: crate::history::HistoryParts,
    /// Set when this node is one of several on one database: sessions run under leases.
    cluster: std::sync::OnceLock<Arc<crate::cluster::Cluster>>,
}

impl DeviceRuntime {
    pub fn new(store: Arc<dyn Store>, engines: Engines, media: MediaStore) -> Arc<Self> {
        Arc::new(Self {
            events: EventBus::new(store.clone()),
            store,
            engines,
            media,
            qr: Mutex::new(HashMap::new()),
            started: Mutex::new(HashMap::new()),
            gates: Mutex::new(HashMap::new()),
            outcomes: Mutex::new(HashMap::new()),
            bot_inbox: crate::bot::Inbox::default(),
            presence: Default::default(),
            call_inbox: Default::default(),
            history_parts: Default::default(),
            cluster: std::sync::OnceLock::new(),
        })
    }

    /// Makes this node one of a cluster's: from now on a session runs only under its lease.
    pub fn join_cluster(&self, cluster: Arc<crate::cluster::Cluster>) {
        let _ = self.cluster.set(cluster);
    }

    pub fn cluster(&self) -> Option<&Arc<crate::cluster::Cluster>> {
        self.cluster.get()
    }

    /// Whether this node runs the device's session (always, for a node alone).
    pub fn serves(&self, device_id: &str) -> bool {
        self.cluster().is_none_or(|c| c.serves(device_id))
    }

    pub fn engines(&self) -> &Engines {
        &self.engines
    }

    pub fn qr(&self, device_id: &str) -> Option<QrCode> {
        let map = self.qr.lock().unwrap_or_else(|e| e.into_inner());
        map.get(device_id)
            .filter(|q| q.expires_at > Utc::now())
            .cloned()
    }

    fn set_qr(&self, device_id: &str, qr: Option<QrCode>) {
        let mut map = self.qr.lock().unwrap_or_else(|e| e.into_inner());
        match qr {
            Some(q) => map.insert(device_id.to_string(), q),
            None => map.remove(device_id),
        };
    }

    /// Starts the device's engine session; events arrive through [`EngineEvents`].
    #[tracing::instrument(name = "session_start", skip_all, fields(device = %device.device_id, engine = ?device.engine))]
    pub async fn start(self: &Arc<Self>, device: &Device) -> AppResult<()> {
        let engine = self.engines.get(device.engine)?;
        if let Some(cluster) = self.cluster() {
            if !cluster.claim(&device.device_id).await? {
                return Err(crate::cluster::served_elsewhere(&device.device_id));
            }
        }
        self.store.set_auto_connect(&device.device_id, true).await?;
        let events: Arc<dyn EngineEvents> = self.clone();
        // Registered first: the engine may report (a QR, say) before `start` returns.
        self.started_mut()
            .insert(device.device_id.clone(), device.engine);
        if let Err(e) = engine.start(&device.device_id, events).await {
            self.started_mut().remove(&device.device_id);
            return Err(e.into());
        }
        Ok(())
    }

    /// Follows the outcomes of the device's connection attempts; what happened before this
    /// call counts as seen.
    pub fn outcomes(&self, device_id: &str) -> tokio::sync::watch::Receiver<u64> {
        let mut map = self.outcomes.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(device_id.to_string())
            .or_insert_with(|| tokio::sync::watch::channel(0).0)
            .subscribe()
    }

    /// Whether this process runs the device's session.
    pub fn is_started(&self, device_id: &str) -> bool {
        self.started_mut().contains_key(device_id)
    }

    fn outcome(&self, device_id: &str) {
        let map = self.outcomes.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tx) = map.get(device_id) {
            tx.send_modify(|n| *n += 1);
        }
    }

    fn gate(&self, device_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self.gates.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(device_id.to_string()).or_default().clone()
    }

    /// Takes the device out of `started` once no connection report is being recorded for it;
    /// reports after this are stale and ignored.
    async fn unstart(&self, device_id: &str) {
        let gate = self.gate(device_id);
        let _held = gate.lock().await;
        self.started_mut().remove(device_id);
    }

    fn started_mut(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<String, gerbang_core::engine::EngineKind>> {
        self.started.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Closes every session this process started, leaving them marked for restoration.
    pub async fn shutdown(&self) {
        use futures_util::StreamExt;
        // Side by side: closing a real session waits for WhatsApp's side of the socket, so a
        // thousand closed one after another took minutes.
        const AT_ONCE: usize = 64;
        let started: Vec<_> = self.started_mut().drain().collect();
        // In a cluster the devices go on running on the other nodes, which take them at once.
        let moving = match self.cluster() {
            Some(cluster) => cluster.others_alive().await,
            None => false,
        };
        let (status, reason) = match moving {
            true => (DeviceStatus::Connecting, crate::cluster::MOVING),
            false => (DeviceStatus::Disconnected, "the gateway stopped"),
        };
        futures_util::stream::iter(started)
            .for_each_concurrent(AT_ONCE, |(device_id, kind)| async move {
                if let Ok(engine) = self.engines.get(kind) {
                    if let Err(e) = engine.stop(&device_id).await {
                        tracing::warn!(%device_id, error = %e, "session did not close cleanly");
                    }
                }
                if let Err(e) = self.set_status(&device_id, status, Some(reason)).await {
                    tracing::warn!(%device_id, error = %e, "status not recorded at shutdown");
                }
            })
            .await;
        if let Some(cluster) = self.cluster() {
            if let Err(e) = cluster.leave().await {
                tracing::warn!(error = %e, "leases not released at shutdown; they run out");
            }
        }
    }

    /// Ends the device's session here without recording anything: another node runs it now
    /// (or is about to), and what this node saw last is no longer the device's state.
    pub(crate) async fn drop_session(&self, device_id: &str) {
        self.unstart(device_id).await;
        self.set_qr(device_id, None);
        if let Ok(Some(device)) = self.store.device(device_id).await {
            if let Ok(engine) = self.engines.get(device.engine) {
                if let Err(e) = engine.stop(device_id).await {
                    tracing::warn!(%device_id, error = %e, "session did not close cleanly");
                }
            }
        }
    }

    /// Lets another node take the device at once (after a stop, a wipe or a deletion).
    async fn release(&self, device_id: &str) -> AppResult<()> {
        match self.cluster() {
            Some(cluster) => cluster.release(device_id).await,
            None => Ok(()),
        }
    }

    pub async fn stop(&self, device: &Device) -> AppResult<()> {
        self.store
            .set_auto_connect(&device.device_id, false)
            .await?;
        self.unstart(&device.device_id).await;
        self.set_qr(&device.device_id, None);
        if let Ok(engine) = self.engines.get(device.engine) {
            engine.stop(&device.device_id).await?;
        }
        self.set_status(
            &device.device_id,
            DeviceStatus::Disconnected,
            Some("disconnected by request"),
        )
        .await?;
        self.release(&device.device_id).await
    }

    /// Logs out (when linked), deletes the engine session, and forgets the phone.
    pub async fn wipe(&self, device: &Device) -> AppResult<()> {
        self.store
            .set_auto_connect(&device.device_id, false)
            .await?;
        self.unstart(&device.device_id).await;
        self.set_qr(&device.device_id, None);
        if let Ok(engine) = self.engines.get(device.engine) {
            engine.logout(&device.device_id).await?;
        }
        self.store.delete_session(&device.device_id).await?;
        let state = DeviceState {
            status: Some(DeviceStatus::Disconnected),
            phone_number: Some(None),
            push_name: Some(None),
            last_disconnect_reason: Some(Some("session wiped".into())),
            banned_until: Some(None),
            ..DeviceState::default()
        };
        self.set_state(&device.device_id, &state).await?;
        self.release(&device.device_id).await
    }

    /// Before a device is deleted, in this order: stops the session (nothing it reports is
    /// recorded any more), logs it out (the real engine unlinks from the phone when it is
    /// connected) and wipes its stored session, so a device re-created with the same id starts
    /// clean and shows QR codes again.
    pub async fn remove(&self, device: &Device) -> AppResult<()> {
        self.unstart(&device.device_id).await;
        self.set_qr(&device.device_id, None);
        if let Ok(engine) = self.engines.get(device.engine) {
            engine.logout(&device.device_id).await?;
        }
        self.store.delete_session(&device.device_id).await?;
        self.release(&device.device_id).await?;
        tracing::info!(device_id = %device.device_id, "session stopped, logged out and wiped for deletion");
        Ok(())
    }

    /// Sends that were in flight in a process that is gone (this one before a restart, or a
    /// node that died: `device` then names its device) are `uncertain`: never repeated.
    pub(crate) async fn settle_pending(&self, device: Option<&str>) -> AppResult<()> {
        let uncertain = self.store.mark_pending_uncertain(device).await?;
        if !uncertain.is_empty() {
            self.events.notify_all(uncertain.iter().map(|(_, e)| e));
            tracing::warn!(
                count = uncertain.len(),
                device,
                "messages in flight at the last stop are marked uncertain"
            );
        }
        Ok(())
    }

    /// After a start: sends in flight at a crash become `uncertain`, and devices that were
    /// connected come back: simulated ones at once, real ones at `real_per_second`.
    #[tracing::instrument(name = "restore_sessions", skip_all)]
    pub async fn restore(self: &Arc<Self>, real_per_second: u32) -> AppResult<()> {
        self.settle_pending(None).await?;
        let (devices, never_linked): (Vec<_>, Vec<_>) = self
            .store
            .auto_connect_devices()
            .await?
            .into_iter()
            .partition(|d| d.phone_number.is_some());
        // A device that never got linked has nothing to reconnect with: it would only show QR
        // codes nobody is looking at (or, offline, retry forever). It waits for `connect`.
        for device in &never_linked {
            self.settle_unlinked(device).await?;
        }
        // After a crash the rows still say what the dead process last saw (often `connected`);
        // nothing is connected in a process that just started, and senders must wait. Side by
        // side: one commit after another, a thousand devices took seconds on PostgreSQL.
        // A `Vec` built first: a closure held across the awaits would keep the caller's future
        // from being `Send` for every lifetime (rust#64552).
        let writes: Vec<_> = devices
            .iter()
            .map(|device| self.set_status(&device.device_id, DeviceStatus::Connecting, None))
            .collect();
        {
            use futures_util::StreamExt;
            let written: Vec<AppResult<()>> = futures_util::stream::iter(writes)
                .buffer_unordered(RESTORE_AT_ONCE)
                .collect()
                .await;
            written.into_iter().collect::<AppResult<Vec<()>>>()?;
        }
        let this = self.clone();
        tokio::spawn(async move { this.reconnect_all(devices, real_per_second).await });
        Ok(())
    }

    /// A device that never got linked stops connecting at a start.
    pub(crate) async fn settle_unlinked(&self, device: &Device) -> AppResult<()> {
        self.store
            .set_auto_connect(&device.device_id, false)
            .await?;
        let reason = "not linked when the gateway stopped; connect it to get a QR code";
        self.set_status(&device.device_id, DeviceStatus::Disconnected, Some(reason))
            .await
    }

    /// Simulated sessions all come back at once ([`RESTORE_AT_ONCE`] side by side); real ones at
    /// `real_per_second`, each at a random point of its slot, so that a restart does not look
    /// to WhatsApp like hundreds of logins from one address in the same instant.
    pub(crate) async fn reconnect_all(self: Arc<Self>, devices: Vec<Device>, real_per_second: u32) {
        use futures_util::StreamExt;
        let (sim, real): (Vec<_>, Vec<_>) = devices
            .into_iter()
            .partition(|d| d.engine == gerbang_core::engine::EngineKind::Sim);
        let sims = futures_util::stream::iter(sim)
            .for_each_concurrent(RESTORE_AT_ONCE, |device| self.clone().reconnect(device));
        let reals = async {
            let slot = Duration::from_secs_f64(1.0 / f64::from(real_per_second.max(1)));
            for device in real {
                let at = slot.mul_f64(rand::random::<f64>());
                tokio::time::sleep(at).await;
                tokio::spawn(self.clone().reconnect(device));
                tokio::time::sleep(slot - at).await;
            }
        };
        tokio::join!(sims, reals);
    }

    async fn reconnect(self: Arc<Self>, device: Device) {
        tracing::info!(device_id = %device.device_id, engine = device.engine.as_str(), "restoring session");
        if let Err(e) = self.start(&device).await {
            tracing::warn!(device_id = %device.device_id, error = %e, "cannot restore session");
            let _ = self
                .set_status(
                    &device.device_id,
                    DeviceStatus::Disconnected,
                    Some(&e.to_string()),
                )
                .await;
        }
    }

    pub(crate) async fn set_status(
        &self,
        device_id: &str,
        status: DeviceStatus,
        reason: Option<&str>,
    ) -> AppResult<()> {
        let state = DeviceState {
            status: Some(status),
            last_disconnect_reason: reason.map(|r| Some(r.to_string())),
            ..DeviceState::default()
        };
        self.set_state(device_id, &state).await
    }

    /// Records a state change; the store writes the status event (when what a client sees
    /// changed) in the same transaction, and the streams are woken here.
    async fn set_state(&self, device_id: &str, state: &DeviceState) -> AppResult<()> {
        if let Some(event) = self.store.update_device_state(device_id, state).await? {
            self.events.notify(&event);
        }
        Ok(())
    }

    #[tracing::instrument(name = "engine_event", skip_all, fields(device = device_id, kind = event.name()))]
    async fn handle(&self, device_id: &str, event: EngineEvent) -> AppResult<()> {
        let outcome = !matches!(
            event,
            EngineEvent::Connecting { .. }
                | EngineEvent::Message(_)
                | EngineEvent::Receipt { .. }
                | EngineEvent::SendFailed { .. }
                | EngineEvent::Group(_)
                | EngineEvent::Presence { .. }
                | EngineEvent::Undecryptable { .. }
                | EngineEvent::Call(_)
                | EngineEvent::IdentityChanged { .. }
                | EngineEvent::History(_)
                | EngineEvent::ProfileChanged(_)
                | EngineEvent::ChatAction { .. }
                | EngineEvent::LabelEdited { .. }
                | EngineEvent::Status(_)
        );
        let handled = self.record(device_id, event).await;
        if outcome {
            self.outcome(device_id);
        }
        handled
    }

    async fn record(&self, device_id: &str, event: EngineEvent) -> AppResult<()> {
        let now = Utc::now();
        // A session report that arrives after the session was stopped, wiped or deleted is
        // stale: it must not turn a device stopped by request back into `connected`, nor a
        // wiped one into `logged_out` (the stop, wipe or delete decides the final state).
        // Messages and receipts are facts and are always recorded.
        let connection_report = matches!(
            event,
            EngineEvent::Connecting { .. }
                | EngineEvent::Qr { .. }
                | EngineEvent::QrExhausted
                | EngineEvent::Paired { .. }
                | EngineEvent::Connected { .. }
                | EngineEvent::Disconnected { .. }
                | EngineEvent::LoggedOut { .. }
                | EngineEvent::Banned { .. }
        );
        let gate = connection_report.then(|| self.gate(device_id));
        let _held = match &gate {
            Some(gate) => Some(gate.lock().await),
            None => None,
        };
        if connection_report && !self.started_mut().contains_key(device_id) {
            tracing::debug!(device_id, "stale connection report ignored");
            return Ok(());
        }
        let paired = matches!(event, EngineEvent::Paired { .. });
        match event {
            EngineEvent::Connecting { attempt } => {
                tracing::debug!(device_id, attempt, "connecting");
                let state = DeviceState {
                    status: Some(DeviceStatus::Connecting),
                    ..DeviceState::default()
                };
                self.set_state(device_id, &state).await?;
            }
            EngineEvent::Qr {
                code,
                index,
                valid_for,
            } => {
                let expires_at = now + chrono::Duration::from_std(valid_for).unwrap_or_default();
                // Status first: whoever sees the code must also see `qr_required`.
                self.set_status(device_id, DeviceStatus::QrRequired, None)
                    .await?;
                let qr = QrCode {
                    code,
                    index,
                    expires_at,
                };
                self.set_qr(device_id, Some(qr.clone()));
                let event = NewEvent {
                    event_type: types::QR,
                    device_id: Some(device_id.to_string()),
                    user_id: None,
                    chat_jid: None,
                    data: serde_json::json!({
                        "deviceId": device_id,
                        "qr": qr.code,
                        "index": qr.index,
                        "expiresAt": qr.expires_at,
                    }),
                };
                self.events.publish(event).await?;
            }
            EngineEvent::QrExhausted => {
                self.set_qr(device_id, None);
                self.store.set_auto_connect(device_id, false).await?;
                let reason = QR_EXHAUSTED;
                self.set_status(device_id, DeviceStatus::Disconnected, Some(reason))
                    .await?;
            }
            EngineEvent::Paired { phone, push_name }
            | EngineEvent::Connected { phone, push_name } => {
                if paired {
                    self.history_parts.forget(device_id);
                }
                self.set_qr(device_id, None);
                let state = DeviceState {
                    status: Some(DeviceStatus::Connected),
                    phone_number: Some(Some(phone.as_str().to_string())),
                    push_name: push_name.map(Some),
                    last_seen: Some(now),
                    last_disconnect_reason: Some(None),
                    banned_until: Some(None),
                };
                self.set_state(device_id, &state).await?;
            }
            EngineEvent::Disconnected { reason, will_retry } => {
                let status = if will_retry {
                    DeviceStatus::Connecting
                } else {
                    DeviceStatus::Disconnected
                };
                // `lastSeen` is when the device was last connected: the moment a connection
                // ends, not each failed attempt to make one.
                let was_connected = self
                    .store
                    .device(device_id)
                    .await?
                    .is_some_and(|d| d.status == DeviceStatus::Connected);
                let state = DeviceState {
                    status: Some(status),
                    last_seen: was_connected.then_some(now),
                    last_disconnect_reason: Some(Some(reason)),
                    ..DeviceState::default()
                };
                self.set_state(device_id, &state).await?;
            }
            EngineEvent::LoggedOut { reason } => {
                self.set_qr(device_id, None);
                self.store.set_auto_connect(device_id, false).await?;
                self.store.delete_session(device_id).await?;
                self.set_status(device_id, DeviceStatus::LoggedOut, Some(&reason))
                    .await?;
            }
            EngineEvent::Banned { reason, expires_at } => {
                self.store.set_auto_connect(device_id, false).await?;
                let state = DeviceState {
                    status: Some(DeviceStatus::Banned),
                    last_disconnect_reason: Some(Some(reason)),
                    banned_until: Some(expires_at),
                    ..DeviceState::default()
                };
                self.set_state(device_id, &state).await?;
            }
            EngineEvent::Message(message) => {
                if matches!(message.content, MessageContent::PollVote { .. }) {
                    return crate::polls::record_inbound_vote(self, device_id, &message).await;
                }
                if matches!(message.content, MessageContent::DisappearingTimer { .. }) {
                    return crate::disappearing::record_inbound(self, device_id, &message).await;
                }
                let row = self.inbound_row(device_id, &message).await?;
                let inserted = self.store.insert_message(&row).await;
                self.after_insert(device_id, &message, &row, inserted)
                    .await?;
            }
            EngineEvent::Receipt {
                message_ids, kind, ..
            } => {
                let status = match kind {
                    ReceiptKind::Delivered => MessageStatus::Delivered,
                    ReceiptKind::Read => MessageStatus::Read,
                    ReceiptKind::Played => MessageStatus::Played,
                };
                let changed = self
                    .store
                    .advance_status(device_id, &message_ids, status, None)
                    .await?;
                self.events.notify_all(changed.iter().map(|(_, e)| e));
            }
            EngineEvent::SendFailed { message_id, reason } => {
                let ids = [message_id];
                let changed = self
                    .store
                    .advance_status(device_id, &ids, MessageStatus::Failed, Some(&reason))
                    .await?;
                self.events.notify_all(changed.iter().map(|(_, e)| e));
            }
            EngineEvent::Group(change) => {
                crate::groups::record_change(self, device_id, change).await?;
            }
            EngineEvent::Presence {
                jid,
                chat,
                state,
                last_seen,
            } => {
                crate::presence::record(self, device_id, jid, chat, state, last_seen).await?;
            }
            EngineEvent::Undecryptable {
                chat,
                sender,
                message_id,
                reason,
            } => {
                tracing::info!(
                    device_id,
                    message_id,
                    reason,
                    "a message could not be decrypted yet"
                );
                self.events
                    .publish(NewEvent {
                        event_type: types::MESSAGE_UNDECRYPTABLE,
                        device_id: Some(device_id.to_string()),
                        user_id: None,
                        chat_jid: Some(chat.to_string()),
                        data: serde_json::json!({
                            "deviceId": device_id,
                            "chatJid": chat,
                            "messageId": message_id,
                            "senderJid": sender,
                            "senderPhone": sender.phone(),
                            "reason": reason,
                        }),
                    })
                    .await?;
            }
            EngineEvent::Call(call) => crate::calls::record(self, device_id, call).await?,
            EngineEvent::IdentityChanged { jid, lid, implicit } => {
                tracing::info!(device_id, contact = %jid, implicit, "a contact's security code changed");
                self.events
                    .publish(NewEvent {
                        event_type: types::CONTACT_IDENTITY_CHANGED,
                        device_id: Some(device_id.to_string()),
                        user_id: None,
                        chat_jid: Some(jid.to_string()),
                        data: serde_json::json!({
                            "deviceId": device_id,
                            "jid": jid,
                            "phone": jid.phone(),
                            "lid": lid,
                            "implicit": implicit,
                        }),
                    })
                    .await?;
            }
            EngineEvent::History(batch) => crate::history::record(self, device_id, batch).await?,
            EngineEvent::ChatAction { chat, action, .. } => {
                crate::appstate::record_action(
                    self.store.as_ref(),
                    &self.events,
                    device_id,
                    &chat,
                    &action,
                    crate::appstate::Origin::Phone,
                )
                .await?;
            }
            EngineEvent::LabelEdited { label, deleted } => {
                crate::appstate::record_label(
                    self.store.as_ref(),
                    &self.events,
                    device_id,
                    &label,
                    deleted,
                    crate::appstate::Origin::Phone,
                )
                .await?;
            }
            EngineEvent::ProfileChanged(change) => {
                crate::profiles::record(self, device_id, change).await?
            }
            EngineEvent::Status(status) => crate::status::record(self, device_id, status).await?,
        }
        Ok(())
    }
}

impl DeviceRuntime {
    /// What an inbound message stores (its poll secret kept first).
    async fn inbound_row(
        &self,
        device_id: &str,
        message: &InboundMessage,
    ) -> AppResult<gerbang_core::message::NewMessage> {
        crate::polls::keep_secret(self, device_id, message).await?;
        inbound_row(&self.media, device_id, message).await
    }

    /// After an inbound message's insert: its event out, its action (edit, deletion,
    /// reaction) applied, the bot told; a message the database refused kept aside.
    async fn after_insert(
        &self,
        device_id: &str,
        message: &InboundMessage,
        row: &gerbang_core::message::NewMessage,
        inserted: StoreResult<Option<(Message, Event)>>,
    ) -> AppResult<()> {
        let inserted = match inserted {
            Ok(inserted) => inserted,
            // The database is down: not stored, not acknowledged, delivered again.
            Err(e @ StoreError::Unavailable(_)) => return Err(e.into()),
            // The database refused this message: retrying would hold up every later message
            // of the device, so it is kept aside with the reason instead.
            Err(refused) => return self.park(device_id, message, row, &refused).await,
        };
        match inserted {
            Some((stored, event)) => {
                self.events.notify(&event);
                crate::content::apply_action(
                    self.store.as_ref(),
                    &self.events,
                    device_id,
                    &message.id,
                    &message.content,
                )
                .await?;
                self.bot_inbox.offer(&stored);
                tracing::debug!(device_id, id = %stored.message_id, "inbound message stored");
            }
            None => {
                tracing::debug!(device_id, id = %message.id, "duplicate inbound message dropped")
            }
        }
        Ok(())
    }

    /// Inbound messages handed over together: their rows go to the store at once, in order,
    /// so that they commit in one transaction (group commit), then each is finished in order.
    /// Answers one result per message, as `on_event` would.
    async fn record_inbound(
        &self,
        device_id: &str,
        messages: Vec<InboundMessage>,
    ) -> Vec<Result<(), String>> {
        let mut rows = Vec::with_capacity(messages.len());
        for message in &messages {
            rows.push(self.inbound_row(device_id, message).await);
        }
        let ready: Vec<_> = rows
            .iter()
            .filter_map(|row| row.as_ref().ok())
            .cloned()
            .collect();
        let mut inserted = self.store.insert_messages(&ready).await.into_iter();
        let mut answers = Vec::with_capacity(messages.len());
        for (message, row) in messages.iter().zip(rows) {
            let result = match row {
                Ok(row) => match inserted.next() {
                    Some(inserted) => self.after_insert(device_id, message, &row, inserted).await,
                    None => Err(crate::AppError::Internal(
                        "an inbound row was not stored".into(),
                    )),
                },
                Err(e) => Err(e),
            };
            answers.push(result.map_err(|e| {
                tracing::error!(device_id, error = %e, "engine event not stored");
                e.to_string()
            }));
        }
        answers
    }

    async fn park(
        &self,
        device_id: &str,
        message: &gerbang_core::engine::InboundMessage,
        row: &gerbang_core::message::NewMessage,
        refused: &StoreError,
    ) -> AppResult<()> {
        let payload = serde_json::json!({
            "id": message.id,
            "chat": row.chat_jid,
            "sender": row.sender_jid,
            "senderPhone": row.sender_phone,
            "pushName": row.push_name,
            "fromMe": row.from_me,
            "timestamp": row.timestamp,
            "type": row.message_type,
            "body": row.body,
            "extra": row.extra,
            "media": row.media.as_ref().map(|m| serde_json::json!({
                "sha256": m.sha256, "mime": m.mime, "size": m.size, "fileName": m.file_name,
            })),
            "quotedId": row.quoted_id,
            "mentions": row.mentions,
        });
        let parked = gerbang_core::message::ParkedInbound {
            device_id: device_id.to_string(),
            message_id: message.id.clone(),
            chat_jid: row.chat_jid.clone(),
            sender_jid: row.sender_jid.clone(),
            payload: serde_json::to_vec(&payload).unwrap_or_default(),
            reason: refused.to_string(),
        };
        let event = self.store.park_inbound(&parked).await?;
        self.events.notify(&event);
        tracing::warn!(device_id, id = %message.id, error = %refused, "inbound message could not be stored; kept aside in inbound_failures");
        Ok(())
    }
}

#[async_trait]
impl EngineEvents for DeviceRuntime {
    async fn on_event(&self, device_id: &str, event: EngineEvent) -> Result<(), String> {
        self.handle(device_id, event).await.map_err(|e| {
            tracing::error!(device_id, error = %e, "engine event not stored");
            e.to_string()
        })
    }

    /// Runs of ordinary inbound messages are stored together ([`DeviceRuntime::record_inbound`]);
    /// everything else (poll votes and timer changes too, which are not stored as messages)
    /// one by one, in order.
    async fn on_events(
        &self,
        device_id: &str,
        events: Vec<EngineEvent>,
    ) -> Vec<Result<(), String>> {
        let mut answers = Vec::with_capacity(events.len());
        let mut run = Vec::new();
        for event in events {
            match event {
                EngineEvent::Message(m)
                    if !matches!(
                        m.content,
                        MessageContent::PollVote { .. } | MessageContent::DisappearingTimer { .. }
                    ) =>
                {
                    run.push(m);
                }
                other => {
                    if !run.is_empty() {
                        answers.extend(
                            self.record_inbound(device_id, std::mem::take(&mut run))
                                .await,
                        );
                    }
                    answers.push(self.on_event(device_id, other).await);
                }
            }
        }
        if !run.is_empty() {
            answers.extend(self.record_inbound(device_id, run).await);
        }
        answers
    }
}
