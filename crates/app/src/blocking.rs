//! Blocking contacts: a blocked contact's messages and calls no longer reach the account
//! (WhatsApp keeps the list, per account, so every linked device shares it).

use serde::Serialize;
use utoipa::ToSchema;

use gerbang_core::engine::EngineKind;
use gerbang_core::jid::{Jid, JidKind};

use crate::{App, AppError, AppResult, Principal};

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BlockDone {
    pub device_id: String,
    /// The contact, as given (a number becomes its `…@s.whatsapp.net` JID).
    #[schema(value_type = String, example = "6281234567890@s.whatsapp.net")]
    pub jid: Jid,
    /// `true` after a block, `false` after an unblock.
    pub blocked: bool,
    /// True when the device runs on the simulator: nothing reached WhatsApp.
    pub simulated: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BlockedContact {
    /// As WhatsApp lists it: usually the contact's `@lid`.
    #[schema(value_type = String, example = "100081234567890@lid")]
    pub jid: Jid,
    /// The phone number, when the JID carries it.
    #[schema(value_type = Option<String>, example = "6281234567890")]
    pub phone: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Blocklist {
    pub device_id: String,
    pub blocked: Vec<BlockedContact>,
    pub simulated: bool,
}

/// A person to block: a phone number (`628…`, `08…`) or a person's JID (`…@lid` too).
fn person(input: &str) -> AppResult<Jid> {
    match Jid::parse(input) {
        Ok(j) if j.kind() == JidKind::Group => Err(AppError::field(
            "phone",
            "a group cannot be blocked; name a person",
        )),
        Ok(j) => Ok(j),
        Err(e) => Err(AppError::field("phone", e)),
    }
}

impl App {
    /// Blocks (`blocked`) or unblocks a contact.
    pub async fn set_blocked(
        &self,
        who: &Principal,
        device_id: &str,
        contact: &str,
        blocked: bool,
    ) -> AppResult<BlockDone> {
        let jid = person(contact)?;
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        engine.set_blocked(&device.device_id, &jid, blocked).await?;
        tracing::info!(device_id = %device.device_id, contact = %jid, blocked, "blocklist changed");
        Ok(BlockDone {
            device_id: device.device_id,
            jid,
            blocked,
            simulated: device.engine == EngineKind::Sim,
        })
    }

    /// The contacts the account blocked, as WhatsApp lists them now.
    pub async fn blocklist(&self, who: &Principal, device_id: &str) -> AppResult<Blocklist> {
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        let list = engine.blocklist(&device.device_id).await?;
        Ok(Blocklist {
            device_id: device.device_id,
            blocked: list
                .into_iter()
                .map(|jid| BlockedContact {
                    phone: jid.phone().map(|p| p.as_str().to_string()),
                    jid,
                })
                .collect(),
            simulated: device.engine == EngineKind::Sim,
        })
    }
}
