//! Incoming calls from whatsapp-rust, as `EngineEvent::Call`, and rejecting them.
//!
//! whatsapp-rust 0.7 only reports an unanswered call as missed (`MissedCall(Remote)`) with its
//! `voip-runtime` feature, which brings a WebRTC stack (DTLS, SCTP, rustls) a gateway that never
//! answers has no use for. Without it every `<call>` action still arrives as `IncomingCall`, so
//! this module keeps the ringing calls itself, as WhatsApp Web does: an `<offer>` starts ringing,
//! and a `<terminate>` of a call still ringing (no reason, `timeout`, `group_call_ended`) is a
//! missed call. A call we rejected, or one answered or declined on another device of the
//! account, stops ringing without being missed. Offers replayed from the offline queue come as
//! `MissedCall(Offline)` in any build.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, TimeZone, Utc};
use gerbang_core::engine::{CallEvent, CallEventKind, EngineError, EngineEvent, EngineResult};
use gerbang_core::jid::Jid;
use whatsapp_rust::types::call::{CallAction, IncomingCall, MissedCall};
use whatsapp_rust::{Client, Jid as WaJid};

use crate::jid::{from_wa, to_wa};
use crate::state::Shared;

/// More ringing calls than this at once are not a person calling: the oldest are forgotten.
const MAX_RINGING: usize = 256;

/// What a reject needs of a ringing call: the `<call to>` is the device that rang (the offer's
/// `from`), the `call-creator` the caller's account.
#[derive(Clone)]
struct Ring {
    peer: WaJid,
    creator: WaJid,
    video: bool,
    since: DateTime<Utc>,
}

/// The calls ringing on this device, by call id.
#[derive(Default)]
pub(crate) struct Ringing(Mutex<HashMap<String, Ring>>);

impl Ringing {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Ring>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn start(&self, call_id: &str, ring: Ring) {
        let mut calls = self.lock();
        if calls.len() >= MAX_RINGING {
            if let Some(oldest) = calls
                .iter()
                .min_by_key(|(_, r)| r.since)
                .map(|(id, _)| id.clone())
            {
                calls.remove(&oldest);
            }
        }
        calls.insert(call_id.to_string(), ring);
    }

    fn stop(&self, call_id: &str) -> Option<Ring> {
        self.lock().remove(call_id)
    }
}

fn at(t: DateTime<Utc>) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(t.timestamp_millis())
        .single()
        .unwrap_or_else(Utc::now)
}

/// The caller as Gerbang addresses them: by number when WhatsApp gives it (a call from a LID
/// carries `caller_pn`), so the reply text and the events land in the number's chat.
fn caller(from: &WaJid, caller_pn: Option<&WaJid>) -> Option<Jid> {
    caller_pn
        .and_then(from_wa)
        .or_else(|| from_wa(&from.to_non_ad()))
}

pub(crate) fn incoming(shared: &Shared, call: &IncomingCall) {
    match &call.action {
        CallAction::Offer {
            call_id,
            call_creator,
            caller_pn,
            is_video,
            group_jid,
            ..
        } => {
            // A group call rings every member; it cannot be declined for the group, and a text
            // reply would go to the wrong chat, so it is not reported as one person calling.
            if group_jid.is_some() || call.offline {
                return;
            }
            let Some(from) = caller(&call.from, caller_pn.as_ref()) else {
                return;
            };
            shared.calls.start(
                call_id,
                Ring {
                    peer: call.from.clone(),
                    creator: call_creator.clone(),
                    video: *is_video,
                    since: Utc::now(),
                },
            );
            tracing::info!(engine = "whatsapp", device_id = %shared.device_id, %call_id, "incoming call");
            shared.emit(EngineEvent::Call(CallEvent {
                kind: CallEventKind::Offer,
                call_id: call_id.clone(),
                from,
                video: *is_video,
                at: at(call.timestamp),
            }));
        }
        CallAction::Terminate {
            call_id, reason, ..
        } => {
            let Some(ring) = shared.calls.stop(call_id) else {
                return;
            };
            // `accepted_elsewhere` / `rejected_elsewhere`: another device of the account took
            // it; anything else unknown is not a missed call either (WhatsApp Web's reading).
            if !matches!(
                reason.as_deref(),
                None | Some("timeout") | Some("group_call_ended")
            ) {
                return;
            }
            let Some(from) = caller(&ring.peer, None) else {
                return;
            };
            shared.emit(EngineEvent::Call(CallEvent {
                kind: CallEventKind::Missed,
                call_id: call_id.clone(),
                from,
                video: ring.video,
                at: at(call.timestamp),
            }));
        }
        CallAction::Accept { call_id, .. } | CallAction::Reject { call_id, .. } => {
            shared.calls.stop(call_id);
        }
        _ => {}
    }
}

/// An offer that arrived while the device was away: the call is long over.
pub(crate) fn missed(shared: &Shared, m: &MissedCall) {
    let Some(from) = caller(&m.from, None) else {
        return;
    };
    shared.emit(EngineEvent::Call(CallEvent {
        kind: CallEventKind::Missed,
        call_id: m.call_id.clone(),
        from,
        video: false,
        at: at(m.timestamp),
    }));
}

/// Declines a ringing call. A call this session did not see ring (a restart in between) is
/// declined towards the caller's account, which is where WhatsApp routes it.
pub(crate) async fn reject(
    client: &Client,
    shared: &Shared,
    call_id: &str,
    from: &Jid,
) -> EngineResult<()> {
    if call_id.is_empty() {
        return Err(EngineError::Rejected("the call id is empty".into()));
    }
    let (peer, creator) = match shared.calls.stop(call_id) {
        Some(ring) => (ring.peer, ring.creator),
        None => {
            let to = to_wa(from)?;
            (to.clone(), to)
        }
    };
    client
        .voip()
        .reject_call(call_id, &peer, &creator)
        .await
        .map_err(|e| EngineError::Other(format!("could not reject the call: {e}")))
}
