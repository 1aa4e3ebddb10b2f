//! Profiles: this number's own push name, about text and picture, and what WhatsApp shows of
//! a contact or group (picture, about, a business's profile). Nothing is stored here: WhatsApp
//! is asked each time, as the owner of a profile may change it from the phone at any moment.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use gerbang_core::engine::{BusinessProfile, EngineKind, ProfileChange};
use gerbang_core::event::{types, NewEvent};
use gerbang_core::jid::{Jid, JidKind};

use crate::runtime::DeviceRuntime;
use crate::validate::Fields;
use crate::{App, AppError, AppResult, Principal};

/// WhatsApp's own limits: a push name of 25 characters, an about text of 139.
pub const MAX_PUSH_NAME: usize = 25;
pub const MAX_ABOUT: usize = 139;
/// WhatsApp shrinks a profile picture to 640×640; a larger upload is a mistake.
pub const MAX_PICTURE_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileInput {
    /// The name contacts see when they have not saved the number (at most 25 characters).
    #[serde(default)]
    pub push_name: Option<String>,
    /// The about text (at most 139 characters).
    #[serde(default)]
    pub about: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OwnProfileView {
    pub device_id: String,
    pub push_name: Option<String>,
    pub about: Option<String>,
    /// Where WhatsApp serves the picture now (the link expires); `null` without one.
    pub picture_url: Option<String>,
    /// True when the device runs on the simulator: nothing reached WhatsApp.
    pub simulated: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PictureDone {
    pub device_id: String,
    /// `true` after setting a picture, `false` after removing it.
    pub has_picture: bool,
    pub simulated: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactProfileView {
    pub device_id: String,
    #[schema(value_type = String, example = "6281234567890@s.whatsapp.net")]
    pub jid: Jid,
    #[schema(value_type = Option<String>, example = "6281234567890")]
    pub phone: Option<String>,
    /// `null` when the contact has none, or shows it only to their contacts.
    pub picture_url: Option<String>,
    /// `null` when the contact has none, or hides it.
    pub about: Option<String>,
    pub simulated: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BusinessProfileView {
    pub device_id: String,
    #[schema(value_type = String, example = "6281234567890@s.whatsapp.net")]
    pub jid: Jid,
    /// Whether the number is a WhatsApp Business account.
    pub is_business: bool,
    /// Its public profile; `null` for an account that is not a business.
    pub profile: Option<BusinessProfile>,
    pub simulated: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupPictureView {
    pub device_id: String,
    #[schema(value_type = String, example = "120363025246125486@g.us")]
    pub group_id: Jid,
    pub picture_url: Option<String>,
    pub simulated: bool,
}

/// A person named by number or JID (`…@lid` too); a group is refused naming `phone`.
fn person(input: &str) -> AppResult<Jid> {
    match Jid::parse(input) {
        Ok(j) if j.kind() == JidKind::Group => Err(AppError::field(
            "phone",
            "name a person; a group's picture is under /groups/{groupId}/picture",
        )),
        Ok(j) => Ok(j),
        Err(e) => Err(AppError::field("phone", e)),
    }
}

/// The image type of a profile picture: WhatsApp takes JPEG only.
pub fn check_picture(data: &[u8]) -> AppResult<()> {
    if data.is_empty() {
        return Err(AppError::field("picture", "is empty"));
    }
    if data.len() > MAX_PICTURE_BYTES {
        return Err(AppError::field("picture", "must be at most 2 MiB"));
    }
    match crate::photos::sniff(data) {
        Some("image/jpeg") => Ok(()),
        Some(other) => Err(AppError::field(
            "picture",
            format!("is {other}; WhatsApp takes a JPEG image"),
        )),
        None => Err(AppError::field("picture", "is not a JPEG image")),
    }
}

impl ProfileInput {
    fn check(&self) -> AppResult<()> {
        let mut f = Fields::new();
        if self.push_name.is_none() && self.about.is_none() {
            f.add("pushName", "give pushName, about or both");
        }
        if let Some(name) = &self.push_name {
            if name.trim().is_empty() {
                f.add("pushName", "must not be blank");
            } else if name.chars().count() > MAX_PUSH_NAME {
                f.add("pushName", "must be at most 25 characters");
            }
        }
        if let Some(about) = &self.about {
            if about.trim().is_empty() {
                f.add("about", "must not be blank");
            } else if about.chars().count() > MAX_ABOUT {
                f.add("about", "must be at most 139 characters");
            }
        }
        f.finish()
    }
}

impl App {
    pub async fn own_profile(&self, who: &Principal, device_id: &str) -> AppResult<OwnProfileView> {
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        let p = engine.own_profile(&device.device_id).await?;
        Ok(OwnProfileView {
            device_id: device.device_id,
            push_name: p.push_name,
            about: p.about,
            picture_url: p.picture_url,
            simulated: device.engine == EngineKind::Sim,
        })
    }

    /// Changes the push name and/or the about text; what is not given stays.
    pub async fn set_own_profile(
        &self,
        who: &Principal,
        device_id: &str,
        input: ProfileInput,
    ) -> AppResult<OwnProfileView> {
        input.check()?;
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        if let Some(name) = &input.push_name {
            engine.set_push_name(&device.device_id, name.trim()).await?;
        }
        if let Some(about) = &input.about {
            engine.set_about(&device.device_id, about.trim()).await?;
        }
        tracing::info!(device_id = %device.device_id, push_name = input.push_name.is_some(),
            about = input.about.is_some(), "profile changed");
        self.own_profile(who, device_id).await
    }

    /// Sets (`Some`, a JPEG) or removes the profile picture.
    pub async fn set_own_picture(
        &self,
        who: &Principal,
        device_id: &str,
        jpeg: Option<&[u8]>,
    ) -> AppResult<PictureDone> {
        if let Some(data) = jpeg {
            check_picture(data)?;
        }
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        engine.set_profile_picture(&device.device_id, jpeg).await?;
        tracing::info!(device_id = %device.device_id, set = jpeg.is_some(), "profile picture changed");
        Ok(PictureDone {
            device_id: device.device_id,
            has_picture: jpeg.is_some(),
            simulated: device.engine == EngineKind::Sim,
        })
    }

    pub async fn contact_profile(
        &self,
        who: &Principal,
        device_id: &str,
        contact: &str,
    ) -> AppResult<ContactProfileView> {
        let jid = person(contact)?;
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        let p = engine.contact_profile(&device.device_id, &jid).await?;
        Ok(ContactProfileView {
            device_id: device.device_id,
            phone: jid.phone().map(|p| p.as_str().to_string()),
            jid,
            picture_url: p.picture_url,
            about: p.about,
            simulated: device.engine == EngineKind::Sim,
        })
    }

    pub async fn business_profile(
        &self,
        who: &Principal,
        device_id: &str,
        contact: &str,
    ) -> AppResult<BusinessProfileView> {
        let jid = person(contact)?;
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        let profile = engine.business_profile(&device.device_id, &jid).await?;
        Ok(BusinessProfileView {
            device_id: device.device_id,
            jid,
            is_business: profile.is_some(),
            profile,
            simulated: device.engine == EngineKind::Sim,
        })
    }

    pub async fn group_picture(
        &self,
        who: &Principal,
        device_id: &str,
        group: &str,
    ) -> AppResult<GroupPictureView> {
        let jid = crate::groups::group_jid("groupId", group)?;
        let device = self.connected_device(who, device_id).await?;
        let engine = self.runtime.engines.get(device.engine)?;
        let p = engine.contact_profile(&device.device_id, &jid).await?;
        Ok(GroupPictureView {
            device_id: device.device_id,
            group_id: jid,
            picture_url: p.picture_url,
            simulated: device.engine == EngineKind::Sim,
        })
    }
}

fn event(
    device_id: &str,
    event_type: &'static str,
    jid: &Jid,
    data: serde_json::Value,
) -> NewEvent {
    let mut body = json!({
        "deviceId": device_id,
        "jid": jid,
        "phone": jid.phone(),
    });
    if let (Some(body), serde_json::Value::Object(more)) = (body.as_object_mut(), data) {
        body.extend(more);
    }
    NewEvent {
        event_type,
        device_id: Some(device_id.to_string()),
        user_id: None,
        chat_jid: Some(jid.to_string()),
        data: body,
    }
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Publishes a profile change WhatsApp announced.
pub(crate) async fn record(
    runtime: &DeviceRuntime,
    device_id: &str,
    change: ProfileChange,
) -> AppResult<()> {
    let new = match change {
        ProfileChange::Picture {
            jid,
            author,
            removed,
            at,
        } => event(
            device_id,
            types::CONTACT_PICTURE_CHANGED,
            &jid,
            json!({
                "group": jid.kind() == JidKind::Group,
                "author": author,
                "removed": removed,
                "at": rfc3339(at),
            }),
        ),
        ProfileChange::About { jid, about, at } => event(
            device_id,
            types::CONTACT_ABOUT_CHANGED,
            &jid,
            json!({ "about": about, "at": rfc3339(at) }),
        ),
    };
    runtime.events.publish(new).await?;
    Ok(())
}
