//! Phone accounts and their linked devices: a QR scan links a companion (the phone signs it
//! with the account's key, as WhatsApp's ADV does), the client countersigns, and from then on
//! it logs in as that account's device.

use std::collections::VecDeque;

use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Jid, Node};

use super::{ConnId, Out, World};
use crate::noise::KeyPair;
use crate::pairing::{pair_success_as, Signer};

/// A device of an account: its phone number and device number (0 is the phone itself).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DeviceAddr {
    pub phone: String,
    pub device: u16,
}

impl DeviceAddr {
    pub fn new(phone: &str, device: u16) -> DeviceAddr {
        DeviceAddr {
            phone: phone.to_string(),
            device,
        }
    }

    pub fn jid(&self) -> Jid {
        Jid::pn_device(self.phone.clone(), self.device)
    }
}

pub(crate) struct Account {
    pub signer: Signer,
    /// The app-state sync key the phone shares with every companion it links.
    pub sync_key: [u8; 32],
    next_device: u16,
}

/// What a device uploaded for others to start Signal sessions with it.
pub(crate) struct Keys {
    pub registration: Vec<u8>,
    pub identity: Vec<u8>,
    pub signed: Node,
    /// One-time pre-keys, each handed out once.
    pub one_time: VecDeque<Node>,
}

#[derive(Default)]
pub(crate) struct Device {
    pub keys: Option<Keys>,
    /// The ADV identity the device countersigned when it was linked.
    pub identity: Option<Vec<u8>>,
    /// Stanzas for this device it has not acknowledged yet, oldest first: sent when it comes
    /// (back) online, dropped once its receipt or ack names them.
    pub queue: VecDeque<Node>,
    pub conn: Option<ConnId>,
    /// Set once the client has asked for live delivery (`<active/>`).
    pub active: bool,
}

/// The LID user of an account: a stable number derived from its phone number.
pub(crate) fn lid_of(phone: &str) -> String {
    let digits: u64 = phone.parse().unwrap_or(0);
    format!("{}", 100_000_000_000_000u64 + digits % 100_000_000_000_000)
}

/// The phone number of an account named by a JID, by number or by LID.
pub(crate) fn phone_of(world: &super::State, jid: &Jid) -> Option<String> {
    if jid.is_lid() {
        return world
            .accounts
            .iter()
            .find(|(_, a)| a.signer.lid == jid.user.as_str())
            .map(|(phone, _)| phone.clone());
    }
    Some(jid.user.to_string())
}

pub(crate) fn scan(world: &World, qr: &str, phone: &str) -> Result<u16, String> {
    let reference = qr.split(',').next().unwrap_or_default();
    let mut state = world.lock();
    let conn = *state
        .offers
        .get(reference)
        .ok_or_else(|| format!("no client shows the QR code {reference}"))?;
    let account = account(&mut state, phone);
    let device = account.take_device();
    let node = pair_success_as(qr, phone, &account.signer, device, None);
    state
        .devices
        .insert(DeviceAddr::new(phone, device), Device::default());
    state.offers.retain(|_, c| *c != conn);
    let c = state.conns.get_mut(&conn).ok_or("the client went away")?;
    c.linking = Some(DeviceAddr::new(phone, device));
    c.tx.send(Out::Send(node))
        .map_err(|_| "the client went away")?;
    Ok(device)
}

/// The account of `phone`, made on first use (its phone has a fresh identity).
pub(crate) fn account<'a>(state: &'a mut super::State, phone: &str) -> &'a mut Account {
    state
        .accounts
        .entry(phone.to_string())
        .or_insert_with(|| Account {
            signer: Signer {
                key: KeyPair::random(),
                raw_id: rand::random::<u32>() >> 1,
                lid: lid_of(phone),
            },
            sync_key: rand::random(),
            next_device: 2,
        })
}

impl Account {
    /// The number of the next companion device linked to this account.
    pub fn take_device(&mut self) -> u16 {
        let device = self.next_device;
        self.next_device += 1;
        device
    }
}

/// The client's answer to `<pair-success>`: its countersigned identity. WhatsApp then ends the
/// stream with 515 and the client logs in as the new device.
pub(crate) fn countersigned(world: &World, conn: ConnId, node: &Node) {
    let Some(sign) = node.get_optional_child("pair-device-sign") else {
        return;
    };
    let identity = sign
        .get_optional_child("device-identity")
        .and_then(|d| match &d.content {
            Some(whatsapp_rust::wacore_binary::NodeContent::Bytes(b)) => Some(b.clone()),
            _ => None,
        });
    let mut state = world.lock();
    let linked = state.conns.get(&conn).and_then(|c| c.linking.clone());
    if let Some(device) = linked.and_then(|addr| state.devices.get_mut(&addr)) {
        device.identity = identity;
    }
    if let Some(c) = state.conns.get(&conn) {
        let restart = NodeBuilder::new("stream:error").attr("code", "515").build();
        // The client closes the socket itself. Closing it here as well races the client's
        // handling of the 515: it can reconnect before it has noted that the disconnect was
        // expected, and then ignores the `<success>` of the new connection.
        // And not at once either: the client is still storing its new identity when it
        // answers, and a restart in the middle of that is lost (as WhatsApp, wait a moment).
        let tx = c.tx.clone();
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let _ = tx.send(Out::Send(restart));
        });
    }
}

/// `<success>` for a device logging in, or `None` when the server does not know it (then it
/// is told it was logged out).
pub(crate) fn login(world: &World, conn: ConnId, addr: &DeviceAddr) -> Option<Node> {
    let mut state = world.lock();
    let lid = state.accounts.get(&addr.phone)?.signer.lid.clone();
    let device = state.devices.get_mut(addr)?;
    let previous = device.conn.replace(conn).filter(|&old| old != conn);
    device.active = false;
    // As WhatsApp does: the connection this login replaces is told so and closed.
    if let Some(old) = previous.and_then(|old| state.conns.get_mut(&old)) {
        old.device = None;
        let _ = old.tx.send(Out::Send(crate::stream_replaced()));
        let _ = old.tx.send(Out::Close);
    }
    if let Some(c) = state.conns.get_mut(&conn) {
        c.device = Some(addr.clone());
    }
    Some(
        NodeBuilder::new("success")
            .attr("t", whatsapp_rust::wacore::time::now_secs().to_string())
            .attr("lid", Jid::lid_device(lid, addr.device))
            .attr("props", "1")
            .build(),
    )
}
