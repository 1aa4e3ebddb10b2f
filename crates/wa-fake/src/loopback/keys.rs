//! What the directory tells devices about keys, as WhatsApp's servers do:
//! - a device whose one-time pre-keys run low (others fetched them in bundles) is told
//!   `<notification type="encrypt"><count value="N"/></notification>`, once until it uploads
//!   more; whatsapp-rust then uploads a new batch;
//! - when an account's phone is set up again with a new identity, the devices of other
//!   accounts are told `<notification type="encrypt" from="…"><identity/></notification>`, and
//!   drop their sessions with it.

use std::collections::{HashMap, HashSet};

use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::Jid;

use super::accounts::DeviceAddr;
use super::{LoopbackServer, State};

/// Below this many one-time pre-keys a device is told to upload more (WhatsApp's own
/// threshold is not published; whatsapp-rust keeps at least 5).
pub(crate) const LOW_PREKEYS: usize = 10;

#[derive(Default)]
pub(crate) struct KeyWatch {
    /// Devices told their pre-keys are low that have not uploaded since.
    told_low: HashSet<DeviceAddr>,
    /// How many low pre-key notifications were sent.
    low_notices: usize,
    /// How many identity-change notifications were sent.
    identity_notices: usize,
    /// Bundles handed out, per device.
    bundles: HashMap<DeviceAddr, usize>,
}

fn now() -> String {
    whatsapp_rust::wacore::time::now_secs().to_string()
}

fn notice_id() -> String {
    format!("{:016X}", rand::random::<u64>())
}

/// A bundle of `addr` was handed out and `left` one-time pre-keys remain: a device (not a
/// scripted phone, which never runs low) is told once when they run low.
pub(crate) fn fetched(state: &mut State, addr: &DeviceAddr, left: usize) {
    *state.keys.bundles.entry(addr.clone()).or_default() += 1;
    let phone = addr.device == 0 && state.phones.contains_key(&addr.phone);
    if phone || left >= LOW_PREKEYS || !state.keys.told_low.insert(addr.clone()) {
        return;
    }
    state.keys.low_notices += 1;
    let notice = NodeBuilder::new("notification")
        .attr("from", "s.whatsapp.net")
        .attr("type", "encrypt")
        .attr("id", notice_id())
        .attr("t", now())
        .children([NodeBuilder::new("count")
            .attr("value", left.to_string())
            .build()])
        .build();
    super::relay::deliver(state, addr, notice);
}

/// The device uploaded one-time pre-keys: it may be told again when they run low.
pub(crate) fn uploaded(state: &mut State, addr: &DeviceAddr) {
    state.keys.told_low.remove(addr);
}

/// Every device of every other account hears that `phone`'s primary identity changed.
fn announce_identity(state: &mut State, phone: &str) {
    let lid = state
        .accounts
        .get(phone)
        .map(|a| Jid::lid(a.signer.lid.clone()));
    let targets: Vec<DeviceAddr> = state
        .devices
        .keys()
        .filter(|a| a.phone != phone && !(a.device == 0 && state.phones.contains_key(&a.phone)))
        .cloned()
        .collect();
    for target in targets {
        // Each device acknowledges its own copy: ids must differ for the queue.
        let mut notice = NodeBuilder::new("notification")
            .attr("from", Jid::pn(phone.to_string()))
            .attr("type", "encrypt")
            .attr("id", notice_id())
            .attr("t", now());
        if let Some(lid) = &lid {
            notice = notice.attr("lid", lid.clone());
        }
        let node = notice
            .children([NodeBuilder::new("identity").build()])
            .build();
        state.keys.identity_notices += 1;
        super::relay::deliver(state, &target, node);
    }
}

impl LoopbackServer {
    /// Others fetch `n` bundles of the device (as senders starting sessions do), each taking
    /// one of its one-time pre-keys while it has some.
    pub fn fetch_bundles(&self, phone: &str, device: u16, n: usize) {
        let mut state = self.world.lock();
        let jid = DeviceAddr::new(phone, device).jid();
        for _ in 0..n {
            super::directory::bundle(&mut state, &jid);
        }
    }

    /// One-time pre-keys the device has in the directory now.
    pub fn prekeys_left(&self, phone: &str, device: u16) -> usize {
        let state = self.world.lock();
        state
            .devices
            .get(&DeviceAddr::new(phone, device))
            .and_then(|d| d.keys.as_ref())
            .map_or(0, |k| k.one_time.len())
    }

    /// How many times a device was told its pre-keys run low.
    pub fn low_prekey_notices(&self) -> usize {
        self.world.lock().keys.low_notices
    }

    /// How many bundles of the device were handed out so far.
    pub fn bundles_fetched(&self, phone: &str, device: u16) -> usize {
        let state = self.world.lock();
        state
            .keys
            .bundles
            .get(&DeviceAddr::new(phone, device))
            .copied()
            .unwrap_or(0)
    }

    /// The phone of `phone` is set up again (WhatsApp reinstalled): a new identity and keys,
    /// and every device of other accounts is told its identity changed.
    pub fn phone_reinstall(&self, phone: &str) -> Result<(), String> {
        let mut state = self.world.lock();
        super::phone::reinstall(&mut state, phone)?;
        announce_identity(&mut state, phone);
        Ok(())
    }

    /// How many identity-change notifications were sent.
    pub fn identity_notices(&self) -> usize {
        self.world.lock().keys.identity_notices
    }
}
