//! Voice and video call signalling, as far as a device that never answers sees it: a phone
//! rings the companions of another account (`<call><offer>`), a companion acknowledges the
//! ring (`<receipt><offer>`) or declines it (`<call><reject>`), and the caller hangs up
//! (`<call><terminate>`), which a companion still ringing counts as missed. No media: nothing
//! here answers a call.

use std::collections::HashMap;

use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Jid, Node};

use super::accounts::{phone_of, DeviceAddr};
use super::connection::attr;
use super::{LoopbackServer, Out, State, World};

/// What became of a call, as its caller learns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOutcome {
    Ringing,
    /// A device of the callee declined it.
    Rejected,
    /// The caller hung up while it rang.
    HungUp,
}

#[derive(Debug, Clone)]
pub(crate) struct Call {
    caller: String,
    callee: String,
    outcome: CallOutcome,
    /// The callee's devices that acknowledged the ring.
    rang: Vec<u16>,
}

#[derive(Default)]
pub(crate) struct Calls {
    calls: HashMap<String, Call>,
}

fn now() -> String {
    whatsapp_rust::wacore::time::now_secs().to_string()
}

/// The callee's companions with an open connection: a call is not queued for a device that is
/// away (WhatsApp replays it marked `offline`, as a missed call; not modelled).
fn online_companions(state: &State, phone: &str) -> Vec<DeviceAddr> {
    let mut found: Vec<DeviceAddr> = state
        .devices
        .iter()
        .filter(|(a, d)| a.phone == phone && a.device != 0 && d.conn.is_some())
        .map(|(a, _)| a.clone())
        .collect();
    found.sort_by_key(|a| a.device);
    found
}

fn push(state: &State, to: &DeviceAddr, node: Node) {
    if let Some(conn) = state
        .devices
        .get(to)
        .and_then(|d| d.conn)
        .and_then(|c| state.conns.get(&c))
    {
        let _ = conn.tx.send(Out::Send(node));
    }
}

fn wrapper(caller: &str, action: Node) -> Node {
    NodeBuilder::new("call")
        .attr("from", DeviceAddr::new(caller, 0).jid())
        .attr("id", format!("{:016X}", rand::random::<u64>()))
        .attr("t", now())
        .children([action])
        .build()
}

/// The phone of `caller` rings every online companion of `callee`.
pub(crate) fn ring(
    world: &World,
    caller: &str,
    callee: &str,
    video: bool,
) -> Result<String, String> {
    let mut state = world.lock();
    if !state.accounts.contains_key(caller) {
        return Err(format!("{caller} has no account"));
    }
    let callee_jid = format!("{callee}@s.whatsapp.net")
        .parse::<Jid>()
        .map_err(|e| e.to_string())?;
    let callee = phone_of(&state, &callee_jid).ok_or("no such account")?;
    let targets = online_companions(&state, &callee);
    if targets.is_empty() {
        return Err(format!("{callee} has no device online to ring"));
    }
    let call_id = format!("{:032X}", rand::random::<u128>());
    let mut offer = vec![NodeBuilder::new("audio")
        .attr("enc", "opus")
        .attr("rate", "16000")
        .build()];
    if video {
        offer.push(NodeBuilder::new("video").attr("enc", "vp8").build());
    }
    let action = NodeBuilder::new("offer")
        .attr("call-id", call_id.clone())
        .attr("call-creator", Jid::pn(caller.to_string()))
        .children(offer)
        .build();
    let stanza = wrapper(caller, action);
    for target in &targets {
        push(&state, target, stanza.clone());
    }
    state.calls.calls.insert(
        call_id.clone(),
        Call {
            caller: caller.to_string(),
            callee,
            outcome: CallOutcome::Ringing,
            rang: Vec::new(),
        },
    );
    Ok(call_id)
}

/// The caller hangs up: every online companion of the callee hears the call end. A call
/// already declined ends too (the caller's phone closes it either way); only one that rang
/// out is `HungUp`.
pub(crate) fn hang_up(world: &World, call_id: &str) -> Result<CallOutcome, String> {
    let mut state = world.lock();
    let call = state
        .calls
        .calls
        .get(call_id)
        .cloned()
        .ok_or("no such call")?;
    let action = NodeBuilder::new("terminate")
        .attr("call-id", call_id.to_string())
        .attr("call-creator", Jid::pn(call.caller.clone()))
        .build();
    let stanza = wrapper(&call.caller, action);
    for target in online_companions(&state, &call.callee) {
        push(&state, &target, stanza.clone());
    }
    let outcome = match call.outcome {
        CallOutcome::Ringing => CallOutcome::HungUp,
        other => other,
    };
    if let Some(c) = state.calls.calls.get_mut(call_id) {
        c.outcome = outcome;
    }
    Ok(outcome)
}

/// A `<call>` from a logged-in device: a `<reject>` declines a call ringing on it.
pub(crate) fn from_device(world: &World, from: &DeviceAddr, node: &Node, send: &dyn Fn(Node)) {
    let Some(action) = node.children().and_then(|c| c.first().cloned()) else {
        return;
    };
    let call_id = attr(&action, "call-id").unwrap_or_default();
    {
        let mut state = world.lock();
        if let Some(call) = state.calls.calls.get_mut(&call_id) {
            if action.tag == "reject"
                && call.callee == from.phone
                && call.outcome == CallOutcome::Ringing
            {
                call.outcome = CallOutcome::Rejected;
            }
        }
    }
    let mut ack = NodeBuilder::new("ack")
        .attr("class", "call")
        .attr("id", attr(node, "id").unwrap_or_default())
        .attr("type", action.tag.to_string());
    if let Some(to) = node.attrs().optional_jid("to") {
        ack = ack.attr("from", to);
    }
    send(ack.build());
}

/// A `<receipt><offer>`: the device says it is ringing. Returns whether it was one.
pub(crate) fn offer_receipt(world: &World, from: &DeviceAddr, node: &Node) -> bool {
    let Some(offer) = node.get_optional_child("offer") else {
        return false;
    };
    let call_id = attr(offer, "call-id").unwrap_or_default();
    let mut state = world.lock();
    if let Some(call) = state.calls.calls.get_mut(&call_id) {
        if call.callee == from.phone && !call.rang.contains(&from.device) {
            call.rang.push(from.device);
        }
    }
    true
}

impl LoopbackServer {
    /// The phone of account `caller` rings the account `callee` (a phone number): every
    /// companion of it that is online gets the `<offer>`. Returns the call id.
    pub fn phone_call(&self, caller: &str, callee: &str, video: bool) -> Result<String, String> {
        ring(&self.world, caller, callee, video)
    }

    /// The caller of `call_id` hangs up; returns what had become of the call.
    pub fn phone_hang_up(&self, call_id: &str) -> Result<CallOutcome, String> {
        hang_up(&self.world, call_id)
    }

    /// What became of a call so far, and which of the callee's devices acknowledged its ring.
    pub fn call_state(&self, call_id: &str) -> Option<(CallOutcome, Vec<u16>)> {
        let state = self.world.lock();
        state
            .calls
            .calls
            .get(call_id)
            .map(|c| (c.outcome, c.rang.clone()))
    }
}
