//! Linking a device to a simulated phone: scanning its QR code or typing a pairing code, and the
//! session blob that lets it reconnect afterwards.

use std::sync::Arc;

use gerbang_core::engine::{EngineError, EngineEvent, EngineKind, EngineResult};
use gerbang_core::jid::Phone;
use serde::{Deserialize, Serialize};

use crate::codes;
use crate::emitter::start_delivery;
use crate::error::SimError;
use crate::state::{Inner, Link, Phase};

/// What the simulation keeps in Gerbang's session store: enough to "reconnect" as the same phone.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredSession {
    phone: String,
    push_name: Option<String>,
}

fn encode(link: &Link) -> Result<Vec<u8>, String> {
    let stored = StoredSession {
        phone: link.phone.as_str().to_string(),
        push_name: link.push_name.clone(),
    };
    serde_json::to_vec(&stored).map_err(|e| e.to_string())
}

pub(crate) fn decode(bytes: &[u8]) -> Result<Link, String> {
    let stored: StoredSession = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    Ok(Link {
        phone: Phone::parse(&stored.phone)?,
        push_name: stored.push_name,
    })
}

fn push_name_for(phone: &Phone) -> String {
    let digits = phone.as_str();
    format!("Sim {}", &digits[digits.len().saturating_sub(4)..])
}

impl Inner {
    pub fn pairing_code(&self, device_id: &str, phone: &Phone) -> EngineResult<String> {
        let mut st = self.lock();
        if st.absent.contains(phone) {
            return Err(EngineError::Rejected(format!("{phone} is not on WhatsApp")));
        }
        let session = st
            .devices
            .get_mut(device_id)
            .and_then(|d| d.session.as_mut())
            .ok_or_else(|| {
                EngineError::Rejected("the device is not running; start it before pairing".into())
            })?;
        let pairing = session.pairing_mut().ok_or(EngineError::AlreadyPaired)?;
        if pairing.linking {
            return Err(EngineError::Rejected(
                "the device is being paired already".into(),
            ));
        }
        let code = codes::pairing_code(&mut self.rng());
        pairing.code = Some((code.clone(), phone.clone()));
        tracing::info!(engine = "sim", device_id, phone = %phone, "[simulated] pairing code issued");
        Ok(code)
    }

    pub async fn scan(
        self: &Arc<Self>,
        device_id: &str,
        phone: Option<Phone>,
    ) -> Result<Phone, SimError> {
        let (generation, phone) = {
            let mut st = self.lock();
            let device = st.devices.get(device_id).ok_or(SimError::NoSuchDevice)?;
            let showing = device
                .session
                .as_ref()
                .is_some_and(|s| matches!(&s.phase, Phase::Pairing(p) if !p.linking));
            if !showing {
                return Err(SimError::NotShowingQr);
            }
            let phone = match phone {
                Some(phone) if st.absent.contains(&phone) => {
                    return Err(SimError::AbsentNumber(phone))
                }
                Some(phone) => phone,
                None => st.allocate_phone(&mut self.rng()),
            };
            let session = st
                .devices
                .get_mut(device_id)
                .and_then(|d| d.session.as_mut())
                .ok_or(SimError::NotShowingQr)?;
            if let Some(pairing) = session.pairing_mut() {
                pairing.linking = true;
            }
            (session.generation, phone)
        };
        tracing::info!(engine = "sim", device_id, phone = %phone, "[simulated] QR code scanned");
        self.complete_pairing(device_id, generation, phone).await
    }

    pub async fn confirm_pairing_code(
        self: &Arc<Self>,
        device_id: &str,
        code: &str,
    ) -> Result<Phone, SimError> {
        let (generation, phone) = {
            let mut st = self.lock();
            let device = st
                .devices
                .get_mut(device_id)
                .ok_or(SimError::NoSuchDevice)?;
            let session = device.session.as_mut().ok_or(SimError::NotShowingQr)?;
            let generation = session.generation;
            let pairing = session
                .pairing_mut()
                .filter(|p| !p.linking)
                .ok_or(SimError::NotShowingQr)?;
            let (expected, phone) = pairing.code.clone().ok_or(SimError::NoPairingCode)?;
            if codes::normalize_pairing_code(code) != codes::normalize_pairing_code(&expected) {
                return Err(SimError::WrongPairingCode);
            }
            pairing.linking = true;
            (generation, phone)
        };
        tracing::info!(engine = "sim", device_id, phone = %phone, "[simulated] pairing code confirmed on the phone");
        self.complete_pairing(device_id, generation, phone).await
    }

    /// Saves the session first, as a real engine persists its keys before reporting success, so
    /// a `Connected` device always has something to reconnect with.
    async fn complete_pairing(
        self: &Arc<Self>,
        device_id: &str,
        generation: u64,
        phone: Phone,
    ) -> Result<Phone, SimError> {
        let link = Link {
            push_name: Some(push_name_for(&phone)),
            phone,
        };
        let saved = match encode(&link) {
            Ok(blob) => self
                .sessions
                .save_session(device_id, EngineKind::Sim, &blob)
                .await
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        let mut st = self.lock();
        let session = st
            .current(device_id, generation)
            .and_then(|d| d.session.as_mut())
            .filter(|s| matches!(s.phase, Phase::Pairing(_)));
        let Some(session) = session else {
            // The codes ran out or the device stopped while saving; the phone did link, so the
            // saved session stays and the next start() connects with it.
            tracing::warn!(
                engine = "sim",
                device_id,
                "[simulated] pairing finished after the device stopped showing QR codes"
            );
            return Err(SimError::NotShowingQr);
        };
        if let Err(error) = saved {
            if let Some(pairing) = session.pairing_mut() {
                pairing.linking = false;
            }
            return Err(SimError::Store(error));
        }
        session.replace_lifecycle(None);
        session.link = Some(link.clone());
        session.phase = Phase::Connected;
        start_delivery(self, session, device_id, link.phone.clone());
        if let Some(device) = st.devices.get_mut(device_id) {
            device.phone = Some(link.phone.clone());
            let Link { phone, push_name } = link.clone();
            device.emit_session(EngineEvent::Paired {
                phone: phone.clone(),
                push_name: push_name.clone(),
            });
            device.emit_session(EngineEvent::Connected { phone, push_name });
        }
        tracing::info!(engine = "sim", device_id, phone = %link.phone, "[simulated] paired and connected");
        Ok(link.phone)
    }

    pub async fn linked_phone(&self, device_id: &str) -> Option<Phone> {
        let stored = self
            .sessions
            .load_session(device_id, EngineKind::Sim)
            .await
            .ok()??;
        decode(&stored).ok().map(|link| link.phone)
    }
}
