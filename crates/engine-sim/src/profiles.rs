//! Profiles on the simulated network: each account (a linked device's number or a virtual
//! contact) has a push name, an about text, a picture and, for a business, a business
//! profile. A change to the about text or picture is announced to every other connected
//! device, as WhatsApp announces it to the account's contacts.

use std::collections::HashMap;

use chrono::Utc;
use gerbang_core::engine::{
    BusinessProfile, ContactProfile, EngineEvent, EngineResult, OwnProfile, ProfileChange,
};
use gerbang_core::jid::{Jid, JidKind, Phone};

use crate::state::{Inner, State};

#[derive(Debug, Clone, Default)]
pub(crate) struct SimProfile {
    pub push_name: Option<String>,
    pub about: Option<String>,
    /// A number that changes with each new picture, as WhatsApp's picture ids do.
    pub picture: Option<u64>,
    pub business: Option<BusinessProfile>,
}

pub(crate) type Profiles = HashMap<Phone, SimProfile>;

/// Where the simulated network "serves" a picture: a name that can never resolve (`.invalid`),
/// so nothing leaves the machine even if a client follows it.
fn picture_url(owner: &str, id: u64) -> String {
    format!("https://pps.sim.invalid/v/{owner}/{id}.jpg")
}

impl State {
    /// Tells every other connected device about `jid`'s new profile.
    fn announce(&self, except: &str, change: ProfileChange) {
        for (id, device) in &self.devices {
            if id != except
                && device
                    .session
                    .as_ref()
                    .and_then(|s| s.connected_link())
                    .is_some()
            {
                device.emit_session(EngineEvent::ProfileChanged(change.clone()));
            }
        }
    }
}

impl Inner {
    pub fn own_profile(&self, device_id: &str) -> EngineResult<OwnProfile> {
        let link = self.connected(device_id)?;
        let st = self.lock();
        let p = st.profiles.get(&link.phone).cloned().unwrap_or_default();
        Ok(OwnProfile {
            push_name: p.push_name.or(link.push_name),
            about: p.about,
            picture_url: p.picture.map(|id| picture_url(link.phone.as_str(), id)),
        })
    }

    pub fn set_push_name(&self, device_id: &str, name: &str) -> EngineResult<()> {
        let link = self.connected(device_id)?;
        let mut st = self.lock();
        st.profiles.entry(link.phone).or_default().push_name = Some(name.to_string());
        tracing::info!(engine = "sim", device_id, "[simulated] push name changed");
        Ok(())
    }

    pub fn set_about(&self, device_id: &str, about: &str) -> EngineResult<()> {
        let link = self.connected(device_id)?;
        let mut st = self.lock();
        st.profiles.entry(link.phone.clone()).or_default().about = Some(about.to_string());
        st.announce(
            device_id,
            ProfileChange::About {
                jid: link.phone.jid(),
                about: about.to_string(),
                at: Utc::now(),
            },
        );
        tracing::info!(engine = "sim", device_id, "[simulated] about text changed");
        Ok(())
    }

    pub fn set_profile_picture(&self, device_id: &str, jpeg: Option<&[u8]>) -> EngineResult<()> {
        let link = self.connected(device_id)?;
        let id = jpeg.map(|_| rand::random::<u32>() as u64);
        let mut st = self.lock();
        st.profiles.entry(link.phone.clone()).or_default().picture = id;
        st.announce(
            device_id,
            ProfileChange::Picture {
                jid: link.phone.jid(),
                author: None,
                removed: id.is_none(),
                at: Utc::now(),
            },
        );
        tracing::info!(
            engine = "sim",
            device_id,
            set = id.is_some(),
            "[simulated] profile picture changed"
        );
        Ok(())
    }

    pub fn contact_profile(&self, device_id: &str, jid: &Jid) -> EngineResult<ContactProfile> {
        if jid.kind() == JidKind::Group {
            // Groups have no picture on the simulated network; one this device is not in is
            // refused as WhatsApp refuses it.
            self.group_info(device_id, jid)?;
            return Ok(ContactProfile::default());
        }
        self.connected(device_id)?;
        let st = self.lock();
        let Some(phone) = jid.phone() else {
            return Ok(ContactProfile::default());
        };
        let p = st.profiles.get(&phone).cloned().unwrap_or_default();
        Ok(ContactProfile {
            picture_url: p.picture.map(|id| picture_url(phone.as_str(), id)),
            about: p.about,
        })
    }

    pub fn business_profile(
        &self,
        device_id: &str,
        jid: &Jid,
    ) -> EngineResult<Option<BusinessProfile>> {
        self.connected(device_id)?;
        let st = self.lock();
        Ok(jid
            .phone()
            .and_then(|phone| st.profiles.get(&phone))
            .and_then(|p| p.business.clone()))
    }

    /// What a virtual contact shows: its about text and, for a business, its profile.
    pub fn set_contact_profile(
        &self,
        phone: &Phone,
        about: Option<String>,
        business: Option<BusinessProfile>,
    ) {
        let mut st = self.lock();
        let p = st.profiles.entry(phone.clone()).or_default();
        p.about = about;
        p.business = business;
    }
}
