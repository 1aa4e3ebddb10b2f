//! App-state sync (WhatsApp's "syncd"): the `w:sync:app:state` service. Each account has
//! collections of versioned patches; a device uploads a patch on top of the version it has
//! (a stale base gets 409 and the patches it missed), fetches the patches after its version,
//! and hears of new ones through a `server_sync` notification.
//!
//! WhatsApp's server cannot read patches. Here the account's phone, which made the sync key it
//! shared with every companion, reads each one as a real phone would: it checks every MAC and
//! the collection's running hash before the patch is accepted, and keeps the decoded changes
//! for tests to inspect. The phone can also make changes of its own, which reach the
//! companions exactly as a real phone's do.

use std::collections::HashMap;

use whatsapp_rust::schemas::Schema;
use whatsapp_rust::wacore::appstate::decode::decode_record;
use whatsapp_rust::wacore::appstate::encode_record;
use whatsapp_rust::wacore::appstate::hash::{generate_patch_mac, HashState};
use whatsapp_rust::wacore::appstate::{expand_app_state_keys, ExpandedAppStateKeys};
use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Node, NodeContent};
use whatsapp_rust::waproto::whatsapp as wa;
use whatsapp_rust::waproto::{buffa, codec};

use super::accounts::DeviceAddr;
use super::connection::attr;
use super::{State, World};

/// The id of the one sync key a phone shares (see `phone::key_share`).
pub(crate) const KEY_ID: [u8; 6] = [0, 0, 0, 1, 0, 0];

/// A change the account's phone read in (or made to) its app state.
#[derive(Clone, Debug)]
pub struct AppStateChange {
    pub collection: String,
    /// The change's index, e.g. `["pin_v1", "62812…@s.whatsapp.net"]`.
    pub index: Vec<String>,
    pub value: wa::SyncActionValue,
    /// The device that made it (0: the phone).
    pub device: u16,
}

#[derive(Default)]
struct Collection {
    hash: HashState,
    /// The latest value MAC of each index MAC, to take a changed value out of the hash.
    value_macs: HashMap<Vec<u8>, Vec<u8>>,
    /// Encoded patches; the patch at `i` is version `i + 1`.
    patches: Vec<Vec<u8>>,
}

impl Collection {
    /// The collection's hash with `mutations` applied, at the next version.
    fn next_hash(&self, mutations: &[wa::SyncdMutation]) -> Result<HashState, String> {
        let mut hash = self.hash.clone();
        let (_, updated) = hash.update_hash(mutations, |index_mac, _| {
            Ok(self.value_macs.get(index_mac).cloned())
        });
        updated.map_err(|e| e.to_string())?;
        hash.version += 1;
        Ok(hash)
    }
}

#[derive(Default)]
pub(crate) struct AppStates {
    collections: HashMap<(String, String), Collection>,
    /// What each account's phone has read, oldest first.
    pub changes: HashMap<String, Vec<AppStateChange>>,
}

impl AppStates {
    /// The account's collection called `name` (empty until a patch arrives).
    fn collection(&mut self, phone: &str, name: &str) -> &mut Collection {
        self.collections
            .entry((phone.to_string(), name.to_string()))
            .or_default()
    }
}

fn keys(state: &State, phone: &str) -> Option<ExpandedAppStateKeys> {
    state
        .accounts
        .get(phone)
        .map(|a| expand_app_state_keys(&a.sync_key))
}

/// Answers a `w:sync:app:state` query from `from`: one `<collection>` per one asked about.
pub(crate) fn iq(world: &World, from: &DeviceAddr, node: &Node) -> Vec<Node> {
    let asked: Vec<Node> = node
        .get_optional_child("sync")
        .and_then(|s| s.children())
        .unwrap_or_default()
        .iter()
        .filter(|c| c.tag == "collection")
        .cloned()
        .collect();
    let mut state = world.lock();
    let mut answers = Vec::new();
    let mut changed = Vec::new();
    for c in &asked {
        let name = attr(c, "name").unwrap_or_default();
        let base: u64 = attr(c, "version").and_then(|v| v.parse().ok()).unwrap_or(0);
        let upload = c
            .get_optional_child("patch")
            .and_then(|p| match &p.content {
                Some(NodeContent::Bytes(b)) => Some(b.to_vec()),
                _ => None,
            });
        answers.push(match upload {
            Some(bytes) => match upload_patch(&mut state, from, &name, base, &bytes) {
                Ok(version) => {
                    changed.push((name.clone(), version));
                    collection(&name, version).build()
                }
                Err(refusal) => patches_after(&mut state, &from.phone, &name, base, Some(refusal)),
            },
            None => patches_after(&mut state, &from.phone, &name, base, None),
        });
    }
    for (name, version) in changed {
        notify(&mut state, &from.phone, &name, version, Some(from));
    }
    vec![NodeBuilder::new("sync").children(answers).build()]
}

fn collection(name: &str, version: u64) -> NodeBuilder {
    NodeBuilder::new("collection")
        .attr("name", name.to_string())
        .attr("version", version.to_string())
}

/// The collection's patches after version `base`; with `error`, as that refusal.
fn patches_after(
    state: &mut State,
    phone: &str,
    name: &str,
    base: u64,
    error: Option<(u16, &str)>,
) -> Node {
    let c = state.app_states.collection(phone, name);
    let newer: Vec<Node> = c
        .patches
        .iter()
        .skip(base as usize)
        .map(|p| NodeBuilder::new("patch").bytes(p.clone()).build())
        .collect();
    let mut out = collection(name, c.hash.version).attr("has_more_patches", "false");
    let mut children = Vec::new();
    if let Some((code, text)) = error {
        out = out.attr("type", "error");
        children.push(
            NodeBuilder::new("error")
                .attr("code", code.to_string())
                .attr("text", text.to_string())
                .build(),
        );
    }
    if !newer.is_empty() {
        children.push(NodeBuilder::new("patches").children(newer).build());
    }
    if children.is_empty() {
        out.build()
    } else {
        out.children(children).build()
    }
}

/// A device's patch on top of version `base`: the new version, or the refusal's code and text.
fn upload_patch(
    state: &mut State,
    from: &DeviceAddr,
    name: &str,
    base: u64,
    bytes: &[u8],
) -> Result<u64, (u16, &'static str)> {
    let current = state.app_states.collection(&from.phone, name).hash.version;
    if base != current {
        return Err((409, "conflict"));
    }
    let mut patch = codec::syncd_patch_decode(bytes).map_err(|e| e.to_string());
    if let Ok(p) = &mut patch {
        p.version = buffa::MessageField::some(wa::SyncdVersion {
            version: Some(current + 1),
        });
    }
    patch
        .and_then(|p| apply(state, &from.phone, name, p, from.device))
        .map_err(|why| {
            eprintln!("loopback WhatsApp: app-state patch for {name} refused: {why}");
            (400, "bad-request")
        })
}

/// The phone reads `patch` as the next version of the collection: every MAC must hold.
fn apply(
    state: &mut State,
    phone: &str,
    name: &str,
    patch: wa::SyncdPatch,
    device: u16,
) -> Result<u64, String> {
    let keys = keys(state, phone).ok_or("no such account")?;
    let key_id = patch.key_id.id.clone().unwrap_or_default();
    if key_id != KEY_ID {
        return Err("the patch is sealed with a key the phone never shared".into());
    }
    let c = state.app_states.collection(phone, name);
    let mut read = Vec::new();
    for m in &patch.mutations {
        let op = m
            .operation
            .and_then(|o| o.as_known())
            .unwrap_or(wa::syncd_mutation::SyncdOperation::SET);
        let (mutation, _) = decode_record(op, &m.record, &keys, &key_id, true)
            .map_err(|e| format!("a mutation does not decode: {e}"))?;
        read.push(mutation);
    }
    let hash = c.next_hash(&patch.mutations)?;
    let version = hash.version;
    if patch.snapshot_mac.as_deref()
        != Some(&hash.generate_snapshot_mac(name, &keys.snapshot_mac)[..])
    {
        return Err("the snapshot MAC does not match the collection".into());
    }
    let patch_mac = generate_patch_mac(&patch, name, &keys.patch_mac, version);
    if patch.patch_mac.as_deref() != Some(&patch_mac[..]) {
        return Err("the patch MAC does not match".into());
    }
    for m in &patch.mutations {
        let (Some(index_mac), Some(blob)) = (&m.record.index.blob, &m.record.value.blob) else {
            continue;
        };
        let set = m.operation.and_then(|o| o.as_known())
            != Some(wa::syncd_mutation::SyncdOperation::REMOVE);
        if set && blob.len() >= 32 {
            c.value_macs
                .insert(index_mac.clone(), blob[blob.len() - 32..].to_vec());
        } else {
            c.value_macs.remove(index_mac);
        }
    }
    c.hash = hash;
    c.patches.push(codec::syncd_patch_to_vec(&patch));
    let changes = state
        .app_states
        .changes
        .entry(phone.to_string())
        .or_default();
    changes.extend(read.into_iter().filter_map(|m| {
        Some(AppStateChange {
            collection: name.to_string(),
            index: m.index,
            value: m.action_value?,
            device,
        })
    }));
    Ok(version)
}

/// Tells the account's companions (but `except`, who made it) that `name` is at `version`.
fn notify(state: &mut State, phone: &str, name: &str, version: u64, except: Option<&DeviceAddr>) {
    let companions = super::phone::listed(state, phone, except)
        .into_iter()
        .filter(|a| a.device != 0);
    for to in companions {
        let node = NodeBuilder::new("notification")
            .attr("from", "s.whatsapp.net")
            .attr("type", "server_sync")
            .attr("id", super::phone::message_id())
            .attr("t", super::phone::now())
            .children([collection(name, version).build()])
            .build();
        super::relay::deliver(state, &to, node);
    }
}

/// The phone of `phone` makes a change (`args` are the index after the action's name), as one
/// patch sealed with the key it shared; its companions are told to sync.
pub(crate) fn phone_change(
    world: &World,
    phone: &str,
    schema: &Schema,
    args: &[&str],
    value: wa::SyncActionValue,
) -> Result<(), String> {
    let mut state = world.lock();
    let keys = keys(&state, phone).ok_or("no such account")?;
    let name = schema.collection.as_str();
    let index: Vec<&str> = std::iter::once(schema.name)
        .chain(args.iter().copied())
        .collect();
    let index = whatsapp_rust::serde_json::to_vec(&index).map_err(|e| e.to_string())?;
    let iv: [u8; 16] = rand::random();
    let (mutation, _) = encode_record(
        wa::syncd_mutation::SyncdOperation::SET,
        &index,
        &value,
        &keys,
        &KEY_ID,
        &iv,
        schema.version as i32,
    );
    let c = state.app_states.collection(phone, name);
    let mutations = vec![mutation];
    let hash = c.next_hash(&mutations)?;
    let mut patch = wa::SyncdPatch {
        version: buffa::MessageField::some(wa::SyncdVersion {
            version: Some(hash.version),
        }),
        snapshot_mac: Some(hash.generate_snapshot_mac(name, &keys.snapshot_mac)),
        key_id: buffa::MessageField::some(wa::KeyId {
            id: Some(KEY_ID.to_vec()),
        }),
        mutations,
        ..Default::default()
    };
    patch.patch_mac = Some(generate_patch_mac(
        &patch,
        name,
        &keys.patch_mac,
        hash.version,
    ));
    let version = apply(&mut state, phone, name, patch, 0)?;
    notify(&mut state, phone, name, version, None);
    Ok(())
}
