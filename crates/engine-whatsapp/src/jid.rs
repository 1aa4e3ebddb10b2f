//! Addresses between Gerbang's validated JIDs and whatsapp-rust's.

use gerbang_core::engine::EngineError;
use gerbang_core::jid::{Jid, Phone};
use whatsapp_rust::{Jid as WaJid, Server};

pub(crate) fn to_wa(jid: &Jid) -> Result<WaJid, EngineError> {
    jid.as_str()
        .parse::<WaJid>()
        .map_err(|e| EngineError::Rejected(format!("{jid} is not a WhatsApp address: {e}")))
}

/// A person, group or `@lid` without its device part; `None` for what Gerbang does not address
/// (status broadcasts, newsletters, bots…).
pub(crate) fn from_wa(jid: &WaJid) -> Option<Jid> {
    match jid.server {
        Server::Pn | Server::Legacy | Server::Group | Server::Lid => {
            Jid::parse(&jid.to_non_ad_string()).ok()
        }
        _ => None,
    }
}

/// The phone number of a phone-number JID.
pub(crate) fn phone_of(jid: &WaJid) -> Option<Phone> {
    matches!(jid.server, Server::Pn | Server::Legacy)
        .then(|| Phone::parse(&jid.user).ok())
        .flatten()
}

pub(crate) fn pn(phone: &Phone) -> WaJid {
    WaJid::pn(phone.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_people_groups_and_lids() {
        for s in [
            "6281234567890@s.whatsapp.net",
            "120363025246125486@g.us",
            "100000012345678@lid",
        ] {
            let ours = Jid::parse(s).unwrap();
            let theirs = to_wa(&ours).unwrap();
            assert_eq!(from_wa(&theirs), Some(ours));
        }
    }

    #[test]
    fn drops_the_device_part_and_unaddressable_servers() {
        let device: WaJid = "6281234567890:12@s.whatsapp.net".parse().unwrap();
        assert_eq!(
            from_wa(&device).unwrap().as_str(),
            "6281234567890@s.whatsapp.net"
        );
        assert_eq!(phone_of(&device).unwrap().as_str(), "6281234567890");
        assert_eq!(from_wa(&WaJid::status_broadcast()), None);
        assert_eq!(phone_of(&WaJid::lid("100000012345678")), None);
    }
}
