//! Linking by pairing code, WhatsApp's three steps: the companion registers the code it shows
//! (`companion_hello`, its ephemeral key wrapped with a key derived from the code); the phone,
//! once its user types the code ([`LoopbackServer::enter_code`]), answers with its own wrapped
//! ephemeral key (`primary_hello`); the companion sends its key bundle encrypted to both
//! (`companion_finish`), from which the phone derives the ADV secret that signs
//! `<pair-success>`. A wrong code gives the two sides different keys and the link fails.
//!
//! [`LoopbackServer::enter_code`]: super::LoopbackServer::enter_code

use whatsapp_rust::wacore::crypto::hkdf_sha256_into;
use whatsapp_rust::wacore::libsignal::crypto::aes_256_gcm_decrypt;
use whatsapp_rust::wacore::libsignal::protocol::{KeyPair as CurveKeyPair, PublicKey};
use whatsapp_rust::wacore::pair_code::PairCodeUtils;
use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Node, NodeContent};

use super::accounts::{self, Device, DeviceAddr};
use super::{ConnId, Out, World};

/// A companion waiting for its code to be typed on the phone.
pub(crate) struct Pending {
    conn: ConnId,
    reference: String,
    wrapped_companion: Vec<u8>,
    /// Set once the phone answered: its ephemeral key and the companion's, unwrapped.
    agreed: Option<(CurveKeyPair, [u8; 32])>,
}

fn bytes(node: &Node, tag: &str) -> Option<Vec<u8>> {
    match node
        .get_optional_child(tag)
        .and_then(|n| n.content.as_ref())
    {
        Some(NodeContent::Bytes(b)) => Some(b.clone()),
        _ => None,
    }
}

fn phone_of_reg(reg: &Node) -> Option<String> {
    let jid = reg.attrs.get("jid")?.to_string();
    Some(jid.split('@').next()?.to_string())
}

/// `<iq xmlns="md">` with `<link_code_companion_reg>`: the answer's children.
pub(crate) fn request(world: &World, conn: ConnId, iq: &Node) -> Vec<Node> {
    let Some(reg) = iq.get_optional_child("link_code_companion_reg") else {
        return Vec::new();
    };
    let stage = reg.attrs.get("stage").map(|s| s.to_string());
    match stage.as_deref() {
        Some("companion_hello") => hello(world, conn, reg),
        Some("companion_finish") => {
            finish(world, conn, reg);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn hello(world: &World, conn: ConnId, reg: &Node) -> Vec<Node> {
    let (Some(phone), Some(wrapped)) = (
        phone_of_reg(reg),
        bytes(reg, "link_code_pairing_wrapped_companion_ephemeral_pub"),
    ) else {
        return Vec::new();
    };
    let reference = format!("LOOP-CODE-{conn}");
    world.lock().codes.insert(
        phone,
        Pending {
            conn,
            reference: reference.clone(),
            wrapped_companion: wrapped,
            agreed: None,
        },
    );
    vec![NodeBuilder::new("link_code_companion_reg")
        .children([NodeBuilder::new("link_code_pairing_ref")
            .bytes(reference.into_bytes())
            .build()])
        .build()]
}

/// The phone of `phone` types `code`: it sends the companion its `primary_hello`.
pub(crate) fn enter(world: &World, phone: &str, code: &str) -> Result<(), String> {
    let mut state = world.lock();
    let signer_public = accounts::account(&mut state, phone).signer.key.public;
    let pending = state
        .codes
        .get_mut(phone)
        .ok_or_else(|| format!("no device waits for a code for {phone}"))?;
    let companion = PairCodeUtils::decrypt_primary_ephemeral_pub(&pending.wrapped_companion, code)
        .map_err(|e| e.to_string())?;
    let ephemeral = CurveKeyPair::generate(&mut rand_wa::make_rng::<rand_wa::rngs::StdRng>());
    let public: [u8; 32] = ephemeral
        .public_key
        .public_key_bytes()
        .try_into()
        .map_err(|_| "bad key")?;
    let wrapped = PairCodeUtils::encrypt_ephemeral_pub(&public, code);
    pending.agreed = Some((ephemeral, companion));
    let notification = NodeBuilder::new("notification")
        .attr("from", "s.whatsapp.net")
        .attr("type", "link_code_companion_reg")
        .attr("id", format!("fake-code-{}", pending.conn))
        .attr("t", whatsapp_rust::wacore::time::now_secs().to_string())
        .children([NodeBuilder::new("link_code_companion_reg")
            .attr("stage", "primary_hello")
            .children([
                NodeBuilder::new("link_code_pairing_wrapped_primary_ephemeral_pub")
                    .bytes(wrapped.to_vec())
                    .build(),
                NodeBuilder::new("primary_identity_pub")
                    .bytes(signer_public.to_vec())
                    .build(),
                NodeBuilder::new("link_code_pairing_ref")
                    .bytes(pending.reference.clone().into_bytes())
                    .build(),
            ])
            .build()])
        .build();
    let to = pending.conn;
    let conn = state.conns.get(&to).ok_or("the device went away")?;
    conn.tx
        .send(Out::Send(notification))
        .map_err(|_| "the device went away".to_string())
}

/// The companion's key bundle: decrypted with the agreed ephemeral secret, it yields the ADV
/// secret that signs `<pair-success>`.
fn finish(world: &World, conn: ConnId, reg: &Node) {
    let Some(phone) = phone_of_reg(reg) else {
        return;
    };
    let (Some(wrapped), Some(identity)) = (
        bytes(reg, "link_code_pairing_wrapped_key_bundle"),
        bytes(reg, "companion_identity_public"),
    ) else {
        return;
    };
    let mut state = world.lock();
    let Some(pending) = state.codes.remove(&phone) else {
        return;
    };
    let Some((ephemeral, companion)) = pending.agreed else {
        return;
    };
    let Some(adv_secret) = adv_secret(
        &state.accounts[&phone].signer.key.private,
        &ephemeral,
        &companion,
        &identity,
        &wrapped,
    ) else {
        eprintln!(
            "loopback WhatsApp: the key bundle of {phone}'s companion does not open (wrong code?)"
        );
        // As on a phone, the user may type the code again.
        state.codes.insert(
            phone,
            Pending {
                agreed: None,
                ..pending
            },
        );
        return;
    };
    let account = accounts::account(&mut state, &phone);
    let device = account.take_device();
    let node = crate::pairing::pair_success_for(
        &identity,
        &adv_secret,
        &phone,
        &account.signer,
        device,
        None,
    );
    let addr = DeviceAddr::new(&phone, device);
    state.devices.insert(addr.clone(), Device::default());
    state.offers.retain(|_, c| *c != conn);
    if let Some(c) = state.conns.get_mut(&conn) {
        c.linking = Some(addr);
        let _ = c.tx.send(Out::Send(node));
    }
}

fn adv_secret(
    account_key: &whatsapp_rust::wacore::libsignal::protocol::PrivateKey,
    ephemeral: &CurveKeyPair,
    companion: &[u8; 32],
    identity: &[u8],
    wrapped: &[u8],
) -> Option<Vec<u8>> {
    let companion = PublicKey::from_djb_public_key_bytes(companion).ok()?;
    let shared = ephemeral.private_key.calculate_agreement(&companion).ok()?;
    let (salt, rest) = wrapped.split_at_checked(32)?;
    let (iv, sealed) = rest.split_at_checked(12)?;
    let mut key = [0u8; 32];
    hkdf_sha256_into(
        &shared,
        Some(salt),
        b"link_code_pairing_key_bundle_encryption_key",
        &mut key,
    )
    .ok()?;
    let mut bundle = Vec::new();
    aes_256_gcm_decrypt(&key, iv.try_into().ok()?, b"", sealed, &mut bundle).ok()?;
    if bundle.len() != 96 || bundle[..32] != *identity {
        return None;
    }
    let identity_key = PublicKey::from_djb_public_key_bytes(identity).ok()?;
    let identity_shared = account_key.calculate_agreement(&identity_key).ok()?;
    let combined = [&shared[..], &identity_shared[..], &bundle[64..96]].concat();
    let mut secret = vec![0u8; 32];
    hkdf_sha256_into(&combined, None, b"adv_secret", &mut secret).ok()?;
    Some(secret)
}
