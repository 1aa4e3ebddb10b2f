//! App state (WhatsApp's "syncd") on the real engine: pins, archives, mutes, unread marks,
//! stars and labels go out as whatsapp-rust's app-state patches, and the patches another device
//! of the account (the phone) made come back as `EngineEvent::ChatAction` / `LabelEdited`.
//!
//! WhatsApp's server hands a device its own patches back when it next syncs the collection, and
//! whatsapp-rust reports them like anyone else's. The gateway has already recorded its own
//! change when the request succeeded, so each change it sends is remembered for a while and its
//! echo is dropped once, instead of being reported a second time as the phone's.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use gerbang_core::appstate::{ChatAction, Label};
use gerbang_core::engine::{EngineError, EngineEvent, EngineResult};
use gerbang_core::jid::Jid;
use whatsapp_rust::buffa::MessageField;
use whatsapp_rust::features::AppStateError;
use whatsapp_rust::schemas::{Collection, IndexPart, Schema, Scope};
use whatsapp_rust::types::events::{
    ArchiveUpdate, LabelAssociationUpdate, LabelEditUpdate, MarkChatAsReadUpdate, MuteUpdate,
    PinUpdate, StarUpdate,
};
use whatsapp_rust::waproto::whatsapp as wa;
use whatsapp_rust::Client;

use crate::jid::{from_wa, to_wa};
use crate::state::Shared;

/// How long a change the gateway sent waits for its echo.
const ECHO_WINDOW: Duration = Duration::from_secs(120);
const ECHO_CAPACITY: usize = 256;

/// Changes this session sent and has not yet seen come back.
#[derive(Default)]
pub(crate) struct OwnChanges {
    sent: Mutex<VecDeque<(String, Instant)>>,
}

impl OwnChanges {
    fn remember(&self, key: String) {
        let mut sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        sent.retain(|(_, at)| at.elapsed() < ECHO_WINDOW);
        if sent.len() >= ECHO_CAPACITY {
            sent.pop_front();
        }
        sent.push_back((key, Instant::now()));
    }

    /// Sends a change with `key` remembered for its echo; a change that failed is forgotten
    /// again. Remembered before sending: whatsapp-rust re-syncs (and so reports the echo)
    /// before the send returns.
    async fn sending(
        &self,
        key: String,
        send: impl Future<Output = Result<(), AppStateError>>,
    ) -> EngineResult<()> {
        self.remember(key.clone());
        let done = send.await;
        if done.is_err() {
            self.is_echo(&key);
        }
        done.map_err(failed)
    }

    /// `true` (once) when `key` is the echo of a change this session sent.
    fn is_echo(&self, key: &str) -> bool {
        let mut sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        sent.retain(|(_, at)| at.elapsed() < ECHO_WINDOW);
        match sent.iter().position(|(k, _)| k == key) {
            Some(i) => {
                sent.remove(i);
                true
            }
            None => false,
        }
    }
}

/// What identifies a chat change on the way out and on the way back: the fields WhatsApp
/// carries both ways (a mute's end only to the millisecond, a star without its author). `None`
/// for a change that never comes back: whatsapp-rust 0.7 reports no `label_message` change it
/// syncs, not even its own.
fn chat_key(chat: &Jid, action: &ChatAction) -> Option<String> {
    Some(match action {
        ChatAction::Pin(on) => format!("pin {chat} {on}"),
        ChatAction::Archive(on) => format!("archive {chat} {on}"),
        ChatAction::Mute { muted, until } => {
            let until = until.map(|u| u.timestamp_millis());
            format!("mute {chat} {muted} {until:?}")
        }
        ChatAction::MarkUnread(on) => format!("unread {chat} {on}"),
        ChatAction::Star {
            message_id,
            starred,
            ..
        } => format!("star {chat} {message_id} {starred}"),
        ChatAction::Label { label_id, labeled } => format!("label {chat} {label_id} {labeled}"),
        ChatAction::MessageLabel { .. } => return None,
    })
}

fn label_edit_key(label: &Label) -> String {
    format!("label-edit {} {} {}", label.id, label.color, label.name)
}

fn label_deletion_key(label_id: &str) -> String {
    format!("label-deleted {label_id}")
}

fn failed(e: AppStateError) -> EngineError {
    match e {
        AppStateError::InvalidRequest(why) => EngineError::Rejected(why),
        other => EngineError::Other(format!("WhatsApp did not take the change: {other:#}")),
    }
}

pub(crate) async fn chat_action(
    client: &Client,
    shared: &Shared,
    chat: &Jid,
    action: &ChatAction,
) -> EngineResult<()> {
    let wa_chat = to_wa(chat)?;
    // WhatsApp names the author of a starred group message someone else wrote.
    let participant = match action {
        ChatAction::Star {
            sender: Some(s),
            from_me: false,
            ..
        }
        | ChatAction::MessageLabel {
            sender: Some(s),
            from_me: false,
            ..
        } if chat.is_group() => Some(to_wa(s)?),
        _ => None,
    };
    let actions = client.chat_actions();
    let labels = client.labels();
    let send = async {
        match action {
            ChatAction::Pin(true) => actions.pin_chat(&wa_chat).await,
            ChatAction::Pin(false) => actions.unpin_chat(&wa_chat).await,
            ChatAction::Archive(true) => actions.archive_chat(&wa_chat, None).await,
            ChatAction::Archive(false) => actions.unarchive_chat(&wa_chat, None).await,
            ChatAction::Mute { muted: false, .. } => actions.unmute_chat(&wa_chat).await,
            ChatAction::Mute { until: None, .. } => actions.mute_chat(&wa_chat).await,
            ChatAction::Mute {
                until: Some(until), ..
            } => {
                actions
                    .mute_chat_until(&wa_chat, until.timestamp_millis())
                    .await
            }
            ChatAction::MarkUnread(unread) => {
                actions.mark_chat_as_read(&wa_chat, !unread, None).await
            }
            ChatAction::Star {
                message_id,
                from_me,
                starred: true,
                ..
            } => {
                actions
                    .star_message(&wa_chat, participant.as_ref(), message_id, *from_me)
                    .await
            }
            ChatAction::Star {
                message_id,
                from_me,
                starred: false,
                ..
            } => {
                actions
                    .unstar_message(&wa_chat, participant.as_ref(), message_id, *from_me)
                    .await
            }
            ChatAction::Label {
                label_id,
                labeled: true,
            } => labels.add_chat_label(label_id, &wa_chat).await,
            ChatAction::Label {
                label_id,
                labeled: false,
            } => labels.remove_chat_label(label_id, &wa_chat).await,
            ChatAction::MessageLabel {
                label_id,
                message_id,
                from_me,
                labeled,
                ..
            } => {
                let participant = participant.as_ref().map(|p| p.to_string());
                label_message(
                    client,
                    label_id,
                    &wa_chat,
                    message_id,
                    *from_me,
                    participant,
                    *labeled,
                )
                .await
            }
        }
    };
    match chat_key(chat, action) {
        Some(key) => shared.own_changes.sending(key, send).await,
        None => send.await.map_err(failed),
    }
}

/// WhatsApp Web's `label_message` action (module `WAWebLabelMessageSync`), which
/// whatsapp-rust 0.7 does not define: a label on one message, indexed like a star.
const LABEL_MESSAGE: Schema = Schema {
    key: "LabelMessage",
    name: "label_message",
    module: "WAWebLabelMessageSync",
    collection: Collection::Regular,
    version: 3,
    scope: Scope::Message,
    value_field: Some("labelAssociationAction"),
    value_proto_type: Some("SyncActionValue.LabelAssociationAction"),
    value_enum_fields: &[],
    chat_jid_index: Some(2),
    index_parts: &[
        IndexPart::Literal {
            value: "label_message",
        },
        IndexPart::StringPart { name: "labelId" },
        IndexPart::Jid { name: "chatJid" },
        IndexPart::StringPart { name: "messageId" },
        IndexPart::BoolString { name: "fromMe" },
        IndexPart::JidOrZero {
            name: "participant",
        },
    ],
};

async fn label_message(
    client: &Client,
    label_id: &str,
    chat: &whatsapp_rust::Jid,
    message_id: &str,
    from_me: bool,
    participant: Option<String>,
    labeled: bool,
) -> Result<(), AppStateError> {
    let value = wa::SyncActionValue {
        label_association_action: MessageField::some(
            wa::sync_action_value::LabelAssociationAction {
                labeled: Some(labeled),
                ..Default::default()
            },
        ),
        timestamp: Some(Utc::now().timestamp_millis()),
        ..Default::default()
    };
    let chat = chat.to_string();
    let index = [
        label_id,
        chat.as_str(),
        message_id,
        if from_me { "1" } else { "0" },
        participant.as_deref().unwrap_or("0"),
    ];
    client
        .send_app_state_action(&LABEL_MESSAGE, &index, &value)
        .await
}

pub(crate) async fn edit_label(
    client: &Client,
    shared: &Shared,
    label: &Label,
) -> EngineResult<()> {
    let labels = client.labels();
    let send = labels.create_label(&label.id, &label.name, label.color);
    shared
        .own_changes
        .sending(label_edit_key(label), send)
        .await
}

pub(crate) async fn delete_label(
    client: &Client,
    shared: &Shared,
    label_id: &str,
) -> EngineResult<()> {
    let labels = client.labels();
    let send = labels.delete_label(label_id);
    shared
        .own_changes
        .sending(label_deletion_key(label_id), send)
        .await
}

fn millis(ms: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms).single()
}

/// Reports a chat change from another device, unless it is this session's own coming back.
fn report(shared: &Shared, chat: &whatsapp_rust::Jid, action: ChatAction, at: DateTime<Utc>) {
    let Some(chat) = from_wa(chat) else {
        return;
    };
    if chat_key(&chat, &action).is_some_and(|key| shared.own_changes.is_echo(&key)) {
        return;
    }
    shared.emit(EngineEvent::ChatAction { chat, action, at });
}

pub(crate) fn pinned(shared: &Shared, u: &PinUpdate) {
    let on = u.action.pinned.unwrap_or(false);
    report(shared, &u.jid, ChatAction::Pin(on), u.timestamp);
}

pub(crate) fn archived(shared: &Shared, u: &ArchiveUpdate) {
    let on = u.action.archived.unwrap_or(false);
    report(shared, &u.jid, ChatAction::Archive(on), u.timestamp);
}

pub(crate) fn muted(shared: &Shared, u: &MuteUpdate) {
    let muted = u.action.muted.unwrap_or(false);
    // WhatsApp writes -1 for a mute without end, 0 for none.
    let until = u
        .action
        .mute_end_timestamp
        .filter(|ms| muted && *ms > 0)
        .and_then(millis);
    report(
        shared,
        &u.jid,
        ChatAction::Mute { muted, until },
        u.timestamp,
    );
}

pub(crate) fn marked(shared: &Shared, u: &MarkChatAsReadUpdate) {
    let read = u.action.read.unwrap_or(true);
    report(shared, &u.jid, ChatAction::MarkUnread(!read), u.timestamp);
}

pub(crate) fn starred(shared: &Shared, u: &StarUpdate) {
    let action = ChatAction::Star {
        message_id: u.message_id.clone(),
        from_me: u.from_me,
        sender: u.participant_jid.as_ref().and_then(from_wa),
        starred: u.action.starred.unwrap_or(false),
    };
    report(shared, &u.chat_jid, action, u.timestamp);
}

pub(crate) fn label_assigned(shared: &Shared, u: &LabelAssociationUpdate) {
    let action = ChatAction::Label {
        label_id: u.label_id.clone(),
        labeled: u.action.labeled.unwrap_or(false),
    };
    report(shared, &u.chat_jid, action, u.timestamp);
}

pub(crate) fn label_edited(shared: &Shared, u: &LabelEditUpdate) {
    let deleted = u.action.deleted.unwrap_or(false);
    let label = Label {
        id: u.label_id.clone(),
        name: u.action.name.clone().unwrap_or_default(),
        color: u.action.color.unwrap_or(0),
    };
    let key = if deleted {
        label_deletion_key(&label.id)
    } else {
        label_edit_key(&label)
    };
    if shared.own_changes.is_echo(&key) {
        return;
    }
    shared.emit(EngineEvent::LabelEdited { label, deleted });
}

#[cfg(test)]
mod echo_tests {
    use super::*;

    #[test]
    fn an_echo_is_dropped_once_and_only_an_identical_change_is_one() {
        let own = OwnChanges::default();
        let chat = Jid::parse("6281200000001@s.whatsapp.net").unwrap();
        let until = Utc.timestamp_millis_opt(1_900_000_000_123).unwrap();
        let key = |action: &ChatAction| chat_key(&chat, action).expect("comes back");
        own.remember(key(&ChatAction::Mute {
            muted: true,
            until: Some(until + chrono::Duration::microseconds(400)),
        }));
        let back = ChatAction::Mute {
            muted: true,
            until: Some(until),
        };
        assert!(!own.is_echo(&key(&ChatAction::Pin(true))));
        assert!(own.is_echo(&key(&back)), "same to the millisecond");
        assert!(!own.is_echo(&key(&back)), "only once");
    }
}
