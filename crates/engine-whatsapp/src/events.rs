//! whatsapp-rust's events, turned into Gerbang's. The handler runs inline on the client's
//! dispatch path, so it only classifies and queues; anything slow is spawned.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use gerbang_core::engine::{EngineEvent, ReceiptKind};
use whatsapp_rust::types::events::{
    ConnectFailureReason, Event, EventHandler, LoggedOut, TemporaryBan, UndecryptableMessage,
};
use whatsapp_rust::types::presence::ReceiptType;

use crate::jid::{from_wa, phone_of};
use crate::state::{End, Shared};

pub(crate) struct Handler {
    pub shared: Arc<Shared>,
}

impl EventHandler for Handler {
    fn handle_event(&self, event: Arc<Event>) {
        let shared = &self.shared;
        if shared.stopping() {
            return;
        }
        match &*event {
            Event::PairingQrCode(qr) => {
                shared.established();
                let index = shared.next_qr_index();
                tracing::info!(engine = "whatsapp", device_id = %shared.device_id, index, "showing a pairing QR code");
                shared.emit(EngineEvent::Qr {
                    code: qr.code.clone(),
                    index,
                    valid_for: qr.timeout,
                });
            }
            Event::PairingQrCodesExhausted(x) => {
                shared.established();
                // With a pairing code outstanding the client keeps the socket for it.
                if x.disconnected {
                    shared.set_end(End::QrExhausted);
                } else {
                    tracing::info!(engine = "whatsapp", device_id = %shared.device_id,
                        "QR codes exhausted; waiting for the pairing code instead");
                }
            }
            Event::PairSuccess(p) => {
                shared.established();
                match phone_of(&p.id) {
                    Some(phone) => {
                        tracing::info!(engine = "whatsapp", device_id = %shared.device_id, %phone, "paired");
                        // The push name comes later (app-state sync); a business account
                        // names itself here.
                        let push_name =
                            (!p.business_name.is_empty()).then(|| p.business_name.clone());
                        shared.emit(EngineEvent::Paired { phone, push_name });
                    }
                    None => tracing::warn!(engine = "whatsapp", device_id = %shared.device_id,
                        "paired, but the account has no phone number"),
                }
            }
            Event::PairError(p) => {
                shared.established();
                tracing::warn!(engine = "whatsapp", device_id = %shared.device_id, error = %p.error, "pairing failed");
            }
            Event::Connected(_) => {
                shared.established();
                connected(shared);
            }
            Event::Disconnected(d) => {
                shared.established();
                shared.connection_lost(format!("connection to WhatsApp lost: {}", d.reason));
            }
            Event::LoggedOut(l) => {
                shared.established();
                shared.set_end(End::LoggedOut(logged_out_reason(l)));
            }
            Event::TemporaryBan(b) => {
                shared.established();
                shared.set_end(banned(b));
            }
            Event::StreamReplaced(_) => {
                shared.established();
                shared.set_end(End::Refused(
                    "another client took over this WhatsApp session (stream replaced)".into(),
                ));
            }
            Event::ClientOutdated(_) => {
                shared.established();
                shared.set_end(End::Refused(
                    "WhatsApp rejected this client as outdated (405): set GERBANG_WHATSAPP_VERSION \
                     to the current WhatsApp Web version, or update Gerbang"
                        .into(),
                ));
            }
            Event::ConnectFailure(c) => {
                shared.established();
                let mut reason = format!("WhatsApp refused the connection ({})", failure(c.reason));
                if let Some(message) = c.message.as_deref().filter(|m| !m.is_empty()) {
                    reason.push_str(&format!(": {message}"));
                }
                if c.reason.should_reconnect() {
                    shared.connection_lost(reason);
                } else {
                    shared.set_end(End::Refused(reason));
                }
            }
            Event::StreamError(s) => {
                shared.established();
                tracing::warn!(engine = "whatsapp", device_id = %shared.device_id, code = %s.code, "stream error");
                shared.stream_error(s.code.clone());
            }
            Event::Receipt(r) => receipt(shared, r),
            Event::Presence(p) => crate::presence::presence(shared, p),
            Event::ChatPresence(c) => crate::presence::chat_presence(shared, c),
            Event::IncomingCall(c) => crate::calls::incoming(shared, c),
            Event::MissedCall(m) => crate::calls::missed(shared, m),
            Event::PictureUpdate(p) => crate::profiles::picture_changed(shared, p),
            Event::UserAboutUpdate(u) => crate::profiles::about_changed(shared, u),
            Event::GroupUpdate(u) => crate::group_events::update(shared, u),
            Event::PinUpdate(u) => crate::appstate::pinned(shared, u),
            Event::ArchiveUpdate(u) => crate::appstate::archived(shared, u),
            Event::MuteUpdate(u) => crate::appstate::muted(shared, u),
            Event::MarkChatAsReadUpdate(u) => crate::appstate::marked(shared, u),
            Event::StarUpdate(u) => crate::appstate::starred(shared, u),
            Event::LabelAssociationUpdate(u) => crate::appstate::label_assigned(shared, u),
            Event::LabelEditUpdate(u) => crate::appstate::label_edited(shared, u),
            Event::ServerAck(ack) => {
                if let (Some(error), Some("message")) = (&ack.error, ack.class.as_deref()) {
                    shared.emit(EngineEvent::SendFailed {
                        message_id: ack.id.clone(),
                        reason: format!("WhatsApp rejected the message (error {error})"),
                    });
                }
            }
            Event::Messages(batch) if !batch.hook_committed => {
                // Only what bypasses the durability hook (newsletters, recovered messages):
                // stored best-effort, as WhatsApp has already been acknowledged.
                let shared = shared.clone();
                let messages = batch.messages.clone();
                tokio::spawn(async move {
                    let Some(client) = shared.client() else {
                        return;
                    };
                    for m in messages.iter() {
                        if let Some(message) = crate::inbound::convert(&client, &shared, m).await {
                            shared.emit(EngineEvent::Message(message));
                        }
                    }
                });
            }
            Event::IdentityChange(i) => {
                let lid = i.lid_user.as_ref().and_then(from_wa);
                if let Some(jid) = from_wa(&i.user.to_non_ad()) {
                    shared.emit(EngineEvent::IdentityChanged {
                        jid,
                        lid,
                        implicit: i.implicit,
                    });
                }
            }
            // Only dispatched when the device opted in: otherwise the session skips history.
            // Decoded inline: this runs on whatsapp-rust's sync worker, after the download.
            Event::HistorySync(lazy) => {
                if let Some(event) = crate::history::batch(shared, lazy) {
                    shared.emit(event);
                }
            }
            Event::UndecryptableMessage(u) => {
                tracing::warn!(engine = "whatsapp", device_id = %shared.device_id, id = %u.info.id,
                    "a message could not be decrypted; WhatsApp is asked to resend it");
                if let Some(event) = undecryptable(u) {
                    shared.emit(event);
                }
            }
            _ => {}
        }
    }
}

/// Tells the gateway a message arrived it cannot read yet, so integrators see it before (or
/// instead of, when the resend never comes) its `message.new`.
fn undecryptable(u: &UndecryptableMessage) -> Option<EngineEvent> {
    let source = &u.info.source;
    let sender = source.sender.to_non_ad();
    let mut chat = from_wa(&source.chat)?;
    // A one-to-one chat by LID is kept under the number when WhatsApp names it, as messages are.
    if !source.is_group && chat.kind() == gerbang_core::jid::JidKind::Lid {
        if let Some(phone) = source.sender_alt.as_ref().and_then(phone_of) {
            chat = phone.jid();
        }
    }
    let reason = if u.is_unavailable {
        format!("unavailable: {:?}", u.unavailable_type).to_lowercase()
    } else {
        "decryption failed".to_string()
    };
    Some(EngineEvent::Undecryptable {
        chat,
        sender: from_wa(&sender)?,
        message_id: u.info.id.to_string(),
        reason,
    })
}

fn connected(shared: &Shared) {
    let Some(client) = shared.client() else {
        return;
    };
    let Some(phone) = client.pn().as_ref().and_then(phone_of) else {
        tracing::warn!(engine = "whatsapp", device_id = %shared.device_id,
            "connected, but the account has no phone number");
        return;
    };
    let push_name = Some(client.push_name()).filter(|n| !n.is_empty());
    tracing::info!(engine = "whatsapp", device_id = %shared.device_id, %phone, "connected");
    shared.emit(EngineEvent::Connected { phone, push_name });
}

fn receipt(shared: &Shared, r: &whatsapp_rust::types::events::Receipt) {
    let kind = match r.r#type {
        ReceiptType::Delivered => ReceiptKind::Delivered,
        ReceiptType::Read => ReceiptKind::Read,
        ReceiptType::Played => ReceiptKind::Played,
        // Our own reads on other devices, retries, server errors: not about delivery.
        _ => return,
    };
    let Some(chat) = from_wa(&r.source.chat) else {
        return;
    };
    let at = Utc
        .timestamp_millis_opt(r.timestamp.timestamp_millis())
        .single()
        .unwrap_or_else(Utc::now);
    shared.emit(EngineEvent::Receipt {
        chat,
        message_ids: r.message_ids.iter().map(|id| id.to_string()).collect(),
        kind,
        at,
    });
}

fn failure(reason: ConnectFailureReason) -> String {
    let text = match reason {
        ConnectFailureReason::LoggedOut => "logged out",
        ConnectFailureReason::TempBanned => "temporarily banned",
        ConnectFailureReason::AccountLocked => "account locked",
        ConnectFailureReason::UnknownLogout => "logged out",
        ConnectFailureReason::ClientOutdated => "client outdated",
        ConnectFailureReason::BadUserAgent => "bad user agent",
        ConnectFailureReason::ServiceUnavailable => "service unavailable",
        ConnectFailureReason::InternalServerError => "internal server error",
        _ => "refused",
    };
    format!("{text}, {reason:?}")
}

fn logged_out_reason(l: &LoggedOut) -> String {
    let mut reason = match l.reason {
        ConnectFailureReason::LoggedOut | ConnectFailureReason::UnknownLogout => {
            "the phone unlinked this device, or WhatsApp ended the session".to_string()
        }
        ConnectFailureReason::AccountLocked => "the WhatsApp account is locked".to_string(),
        other => format!("WhatsApp ended the session ({})", failure(other)),
    };
    if let Some(text) = l
        .logout_message
        .as_ref()
        .and_then(|m| m.subtext.as_deref().or(m.header.as_deref()))
        .filter(|t| !t.is_empty())
    {
        reason.push_str(&format!(": {text}"));
    }
    reason
}

fn banned(b: &TemporaryBan) -> End {
    let mut reason = format!("temporarily banned by WhatsApp: {}", b.code);
    if let Some(message) = b.message.as_deref().filter(|m| !m.is_empty()) {
        reason.push_str(&format!(" ({message})"));
    }
    let expires_at =
        Utc::now().checked_add_signed(chrono::Duration::seconds(b.expire.num_seconds()));
    End::Banned { reason, expires_at }
}
