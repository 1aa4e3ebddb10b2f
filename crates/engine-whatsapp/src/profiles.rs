//! Profiles through whatsapp-rust: the own push name, about text and picture, contacts' and
//! groups' pictures and about texts, business profiles, and WhatsApp's notices of changes.

use chrono::{TimeZone, Utc};
use gerbang_core::engine::{
    BusinessProfile, ContactProfile, EngineError, EngineEvent, EngineResult, OwnProfile,
    ProfileChange,
};
use gerbang_core::jid::Jid;
use whatsapp_rust::types::events::{PictureUpdate, UserAboutUpdate};
use whatsapp_rust::{Client, Jid as WaJid};

use crate::jid::{from_wa, to_wa};
use crate::state::Shared;

fn failed(what: &str) -> impl Fn(String) -> EngineError + '_ {
    move |e| EngineError::Other(format!("could not {what}: {e}"))
}

/// The picture's URL, `None` without one (or hidden by privacy settings).
async fn picture_url(client: &Client, jid: &WaJid) -> EngineResult<Option<String>> {
    client
        .contacts()
        .get_profile_picture(jid, false)
        .await
        .map(|p| p.map(|p| p.url))
        .map_err(|e| failed("read the profile picture")(e.to_string()))
}

/// The about text, `None` without one (or hidden by privacy settings).
async fn about(client: &Client, jid: &WaJid) -> EngineResult<Option<String>> {
    let info = client
        .contacts()
        .get_user_info(std::slice::from_ref(jid))
        .await
        .map_err(|e| failed("read the about text")(e.to_string()))?;
    Ok(info
        .get(jid)
        .or_else(|| info.values().next())
        .and_then(|u| u.status.clone())
        .filter(|s| !s.is_empty()))
}

pub(crate) async fn own(client: &Client) -> EngineResult<OwnProfile> {
    let me = client
        .pn()
        .map(|j| j.to_non_ad())
        .ok_or(EngineError::NotConnected)?;
    Ok(OwnProfile {
        push_name: Some(client.push_name()).filter(|n| !n.is_empty()),
        about: about(client, &me).await?,
        picture_url: picture_url(client, &me).await?,
    })
}

pub(crate) async fn set_push_name(client: &Client, name: &str) -> EngineResult<()> {
    client
        .profile()
        .set_push_name(name)
        .await
        .map_err(|e| failed("change the push name")(e.to_string()))
}

pub(crate) async fn set_about(client: &Client, text: &str) -> EngineResult<()> {
    client
        .profile()
        .set_status_text(text)
        .await
        .map_err(|e| failed("change the about text")(e.to_string()))
}

pub(crate) async fn set_picture(client: &Client, jpeg: Option<&[u8]>) -> EngineResult<()> {
    let done = match jpeg {
        Some(bytes) if !bytes.is_empty() => {
            client.profile().set_profile_picture(bytes.to_vec()).await
        }
        _ => client.profile().remove_profile_picture().await,
    };
    done.map(|_| ())
        .map_err(|e| failed("change the profile picture")(e.to_string()))
}

pub(crate) async fn contact(client: &Client, jid: &Jid) -> EngineResult<ContactProfile> {
    let target = to_wa(jid)?;
    let picture_url = picture_url(client, &target).await?;
    // A group's "about" is its description, read with the group.
    let about = if jid.kind() == gerbang_core::jid::JidKind::Group {
        None
    } else {
        about(client, &target).await?
    };
    Ok(ContactProfile { picture_url, about })
}

pub(crate) async fn business(client: &Client, jid: &Jid) -> EngineResult<Option<BusinessProfile>> {
    let target = to_wa(jid)?;
    let profile = client
        .get_business_profile(&target)
        .await
        .map_err(|e| failed("read the business profile")(e.to_string()))?;
    Ok(profile.map(|p| BusinessProfile {
        description: p.description,
        email: p.email,
        websites: p.website,
        address: p.address,
        categories: p.categories.into_iter().map(|c| c.name).collect(),
    }))
}

fn at(t: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    Utc.timestamp_millis_opt(t.timestamp_millis())
        .single()
        .unwrap_or_else(Utc::now)
}

pub(crate) fn picture_changed(shared: &Shared, p: &PictureUpdate) {
    let Some(jid) = from_wa(&p.jid) else {
        return;
    };
    shared.emit(EngineEvent::ProfileChanged(ProfileChange::Picture {
        jid,
        author: p.author.as_ref().and_then(from_wa),
        removed: p.removed,
        at: at(p.timestamp),
    }));
}

pub(crate) fn about_changed(shared: &Shared, u: &UserAboutUpdate) {
    let Some(jid) = from_wa(&u.jid) else {
        return;
    };
    shared.emit(EngineEvent::ProfileChanged(ProfileChange::About {
        jid,
        about: u.status.clone(),
        at: at(u.timestamp),
    }));
}
