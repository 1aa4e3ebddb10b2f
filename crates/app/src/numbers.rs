//! Which numbers are on WhatsApp, with their JID and LID, up to [`MAX_NUMBERS`] in one call.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use gerbang_core::engine::EngineKind;
use gerbang_core::jid::{Jid, Phone};

use crate::validate::Fields;
use crate::{App, AppResult, Principal};

pub const MAX_NUMBERS: usize = 1000;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CheckNumbersInput {
    /// 1 to 1,000 phone numbers (`628…`, `+62 8…`, `08…`).
    pub numbers: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NumberCheck {
    /// The number as given.
    pub number: String,
    /// The number in international form.
    pub phone: Phone,
    /// Whether the number has a WhatsApp account.
    pub exists: bool,
    /// Its JID when it exists.
    pub jid: Option<Jid>,
    /// Its `@lid` when WhatsApp tells it.
    pub lid: Option<Jid>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CheckNumbersResult {
    pub device_id: String,
    /// One per number given, in the same order.
    pub results: Vec<NumberCheck>,
    /// True when the device runs on the simulator: nothing reached WhatsApp.
    pub simulated: bool,
}

impl App {
    pub async fn check_numbers(
        &self,
        who: &Principal,
        device_id: &str,
        input: CheckNumbersInput,
    ) -> AppResult<CheckNumbersResult> {
        let mut f = Fields::new();
        if input.numbers.is_empty() {
            f.add("numbers", "give at least one number");
        } else if input.numbers.len() > MAX_NUMBERS {
            f.add(
                "numbers",
                format!("at most {MAX_NUMBERS} numbers in one call"),
            );
        }
        f.finish()?;
        let phones: Vec<Option<Phone>> = input
            .numbers
            .iter()
            .enumerate()
            .map(|(i, n)| f.take(&format!("numbers[{i}]"), Phone::parse(n)))
            .collect();
        f.finish()?;
        let phones: Vec<Phone> = phones.into_iter().flatten().collect();
        let device = self.connected_device(who, device_id).await?;
        let mut unique: Vec<Phone> = Vec::with_capacity(phones.len());
        for p in &phones {
            if !unique.contains(p) {
                unique.push(p.clone());
            }
        }
        let engine = self.runtime.engines.get(device.engine)?;
        let found = engine.on_whatsapp(&device.device_id, &unique).await?;
        let results = input
            .numbers
            .into_iter()
            .zip(phones)
            .map(|(number, phone)| {
                let hit = found.iter().find(|r| r.phone == phone);
                let exists = hit.is_some_and(|r| r.exists);
                NumberCheck {
                    number,
                    exists,
                    jid: hit.and_then(|r| r.jid.clone()),
                    lid: hit.and_then(|r| r.lid.clone()),
                    phone,
                }
            })
            .collect();
        Ok(CheckNumbersResult {
            device_id: device.device_id,
            results,
            simulated: device.engine == EngineKind::Sim,
        })
    }
}
