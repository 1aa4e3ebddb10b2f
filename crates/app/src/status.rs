//! Status updates (WhatsApp's stories): a device posts text or a photo/video that its contacts
//! may see for a day, and, when the device opted in, contacts' status updates arrive as
//! `status.received` events. Statuses are not chats: they are not stored as messages.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use gerbang_core::engine::{EngineKind, MediaData, MediaKind, StatusContent, StatusUpdate};
use gerbang_core::event::{types, NewEvent};
use gerbang_core::jid::{Jid, JidKind};
use gerbang_core::message::ChatFilter;

use crate::runtime::DeviceRuntime;
use crate::validate::Fields;
use crate::{media, App, AppError, AppResult, Principal};

/// WhatsApp's limit on a text status.
pub const MAX_TEXT: usize = 700;
/// The most people one status is addressed to.
pub const MAX_RECIPIENTS: usize = 1000;
/// WhatsApp's default status background, a dark green.
const DEFAULT_BACKGROUND: u32 = 0xFF1E_6E4F;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusTextInput {
    /// At most 700 characters.
    #[schema(example = "Promo akhir pekan: diskon 20% semua kue!")]
    pub text: String,
    /// The background, `#RRGGBB`; WhatsApp's dark green when absent.
    #[schema(example = "#1E6E4F")]
    pub background_color: Option<String>,
    /// Who may see it: numbers or JIDs of people, at most 1,000. When absent, the people this
    /// device chatted with most recently (up to 1,000).
    #[schema(example = json!(["6281234567890"]))]
    pub recipients: Option<Vec<String>>,
}

/// A photo or video status, as uploaded.
pub struct StatusMediaInput {
    pub caption: Option<String>,
    pub mime: String,
    pub file_name: Option<String>,
    pub data: Vec<u8>,
    pub recipients: Option<Vec<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusPosted {
    pub device_id: String,
    #[schema(example = "3EB0A1B2C3D4E5F6A7B8C9D0")]
    pub message_id: String,
    /// How many people it was addressed to.
    pub recipients: usize,
    /// True when the device runs on the simulator: nothing reached WhatsApp.
    pub simulated: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusSettings {
    pub device_id: String,
    /// Whether contacts' status updates arrive as `status.received` events.
    pub receive: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusSettingsInput {
    pub receive: bool,
}

/// `#RRGGBB` as an opaque 0xAARRGGBB colour.
fn background(input: Option<&str>) -> Result<u32, String> {
    let Some(input) = input else {
        return Ok(DEFAULT_BACKGROUND);
    };
    let hex = input.trim().strip_prefix('#').unwrap_or(input.trim());
    match u32::from_str_radix(hex, 16) {
        Ok(rgb) if hex.len() == 6 => Ok(0xFF00_0000 | rgb),
        _ => Err("a colour as #RRGGBB, e.g. #1E6E4F".into()),
    }
}

/// The people named, each once; an error names the first that is not a person.
fn people(input: &[String]) -> Result<Vec<Jid>, String> {
    if input.is_empty() {
        return Err("name at least one person, or leave it out for this device's chats".into());
    }
    if input.len() > MAX_RECIPIENTS {
        return Err(format!("at most {MAX_RECIPIENTS} people"));
    }
    let mut out: Vec<Jid> = Vec::with_capacity(input.len());
    for raw in input {
        let jid = Jid::parse(raw).map_err(|e| format!("{raw}: {e}"))?;
        if jid.kind() == JidKind::Group {
            return Err(format!("{raw} is a group; a status goes to people"));
        }
        if !out.contains(&jid) {
            out.push(jid);
        }
    }
    Ok(out)
}

impl App {
    /// Posts a text status.
    pub async fn post_status_text(
        &self,
        who: &Principal,
        device_id: &str,
        input: StatusTextInput,
    ) -> AppResult<StatusPosted> {
        let mut f = Fields::new();
        let text = input.text.trim().to_string();
        if text.is_empty() {
            f.add("text", "must not be empty");
        } else if text.chars().count() > MAX_TEXT {
            f.add("text", format!("at most {MAX_TEXT} characters"));
        }
        let background = f.take(
            "backgroundColor",
            background(input.background_color.as_deref()),
        );
        let named = match &input.recipients {
            Some(list) => f.take("recipients", people(list)),
            None => None,
        };
        f.finish()?;
        let content = StatusContent::Text {
            text,
            background_argb: background.unwrap_or(DEFAULT_BACKGROUND),
        };
        self.post_status(who, device_id, content, named).await
    }

    /// Posts a photo or video status.
    pub async fn post_status_media(
        &self,
        who: &Principal,
        device_id: &str,
        input: StatusMediaInput,
    ) -> AppResult<StatusPosted> {
        let kind = media::kind_for(&input.mime);
        if !matches!(kind, MediaKind::Image | MediaKind::Video) {
            return Err(AppError::field("file", "a status is a photo or a video"));
        }
        media::check(kind, &input.mime, input.data.len())?;
        let mut f = Fields::new();
        if input
            .caption
            .as_ref()
            .is_some_and(|c| c.chars().count() > MAX_TEXT)
        {
            f.add("caption", format!("at most {MAX_TEXT} characters"));
        }
        let named = match &input.recipients {
            Some(list) => f.take("recipients", people(list)),
            None => None,
        };
        f.finish()?;
        let content = StatusContent::Media {
            media: MediaData {
                kind,
                mime: input.mime,
                file_name: input.file_name,
                data: input.data.into(),
            },
            caption: input.caption.filter(|c| !c.trim().is_empty()),
        };
        self.post_status(who, device_id, content, named).await
    }

    async fn post_status(
        &self,
        who: &Principal,
        device_id: &str,
        content: StatusContent,
        named: Option<Vec<Jid>>,
    ) -> AppResult<StatusPosted> {
        let device = self.connected_device(who, device_id).await?;
        let recipients = match named {
            Some(list) => list,
            None => self.recent_people(&device.device_id).await?,
        };
        if recipients.is_empty() {
            return Err(AppError::field(
                "recipients",
                "this device has no chats with people yet: name who may see the status",
            ));
        }
        let engine = self.runtime.engines.get(device.engine)?;
        let id = crate::messages::new_message_id();
        let ack = engine
            .post_status(&device.device_id, &id, &content, &recipients)
            .await?;
        tracing::info!(device_id = %device.device_id, message_id = %ack.id, recipients = recipients.len(), "status posted");
        Ok(StatusPosted {
            device_id: device.device_id,
            message_id: ack.id,
            recipients: recipients.len(),
            simulated: device.engine == EngineKind::Sim,
        })
    }

    /// The people the device chatted with most recently, as a status audience.
    async fn recent_people(&self, device_id: &str) -> AppResult<Vec<Jid>> {
        let filter = ChatFilter {
            limit: MAX_RECIPIENTS as i64 * 2,
            ..Default::default()
        };
        let chats = self.store.chats(device_id, &filter).await?;
        Ok(chats
            .into_iter()
            .filter(|c| !c.is_group)
            .filter_map(|c| Jid::parse(&c.chat_jid).ok())
            .filter(|j| j.kind() == JidKind::User)
            .take(MAX_RECIPIENTS)
            .collect())
    }

    pub async fn status_settings(
        &self,
        who: &Principal,
        device_id: &str,
    ) -> AppResult<StatusSettings> {
        let device = self.device_for(who, device_id).await?;
        let receive = self.store.receive_status(&device.device_id).await?;
        Ok(StatusSettings {
            device_id: device.device_id,
            receive,
        })
    }

    pub async fn set_status_settings(
        &self,
        who: &Principal,
        device_id: &str,
        input: StatusSettingsInput,
    ) -> AppResult<StatusSettings> {
        let device = self.device_for(who, device_id).await?;
        self.store
            .set_receive_status(&device.device_id, input.receive)
            .await?;
        Ok(StatusSettings {
            device_id: device.device_id,
            receive: input.receive,
        })
    }
}

/// A contact's status update from the engine: a `status.received` event when the device
/// opted in, nothing otherwise.
pub(crate) async fn record(
    runtime: &DeviceRuntime,
    device_id: &str,
    status: StatusUpdate,
) -> AppResult<()> {
    if !runtime.store.receive_status(device_id).await? {
        tracing::debug!(
            device_id,
            "status update not reported: the device did not opt in"
        );
        return Ok(());
    }
    runtime
        .events
        .publish(NewEvent {
            event_type: types::STATUS_RECEIVED,
            device_id: Some(device_id.to_string()),
            user_id: None,
            chat_jid: None,
            data: serde_json::json!({
                "deviceId": device_id,
                "messageId": status.id,
                "sender": status.sender,
                "senderPhone": status.sender_phone,
                "pushName": status.push_name,
                "timestamp": status.timestamp,
                "type": status.kind,
                "text": status.text,
                "mime": status.mime,
                "size": status.size,
            }),
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_people() {
        assert_eq!(background(None), Ok(DEFAULT_BACKGROUND));
        assert_eq!(background(Some("#000000")), Ok(0xFF00_0000));
        assert_eq!(background(Some("ff8800")), Ok(0xFFFF_8800));
        assert!(background(Some("#12345")).is_err());
        assert!(background(Some("hijau")).is_err());
        let p = people(&["0812-3456-7890".into(), "6281234567890".into()]).unwrap();
        assert_eq!(p.len(), 1, "the same person once: {p:?}");
        assert!(people(&["120363000000000001@g.us".into()]).is_err());
        assert!(people(&[]).is_err());
    }
}
