//! The account's phone (device 0), as far as a newly linked companion needs it: right after
//! linking, WhatsApp's phone sends the companion its app-state sync key, Signal-encrypted to the
//! keys the companion uploaded. Without it whatsapp-rust waits 10 s for the key before it calls
//! itself connected. The phone's Signal identity is the account's key, as on a real phone.

use std::collections::HashMap;

use futures_util::FutureExt;
use whatsapp_rust::async_trait;
use whatsapp_rust::buffa::MessageField;
use whatsapp_rust::wacore::libsignal::protocol::{
    message_encrypt, process_prekey_bundle, Direction, IdentityChange, IdentityKey,
    IdentityKeyPair, IdentityKeyStore, PreKeyBundle, ProtocolAddress, PublicKey, SessionRecord,
    SessionStore, UsePQRatchet,
};
use whatsapp_rust::wacore::messages::MessageUtils;
use whatsapp_rust::wacore::send::extract_ciphertext;
use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Node, NodeContent};
use whatsapp_rust::waproto::whatsapp as wa;

use super::accounts::{Account, DeviceAddr, Keys};

type Result<T> = whatsapp_rust::wacore::libsignal::protocol::error::Result<T>;

/// The phone's Signal state: its identity and a session per companion it wrote to.
struct Store {
    identity: IdentityKeyPair,
    sessions: HashMap<String, SessionRecord>,
}

#[async_trait]
impl IdentityKeyStore for Store {
    async fn get_identity_key_pair(&self) -> Result<IdentityKeyPair> {
        Ok(self.identity.clone())
    }
    async fn get_local_registration_id(&self) -> Result<u32> {
        Ok(1)
    }
    async fn save_identity(
        &mut self,
        _: &ProtocolAddress,
        _: &IdentityKey,
    ) -> Result<IdentityChange> {
        Ok(IdentityChange::NewOrUnchanged)
    }
    async fn is_trusted_identity(
        &self,
        _: &ProtocolAddress,
        _: &IdentityKey,
        _: Direction,
    ) -> Result<bool> {
        Ok(true)
    }
    async fn get_identity(&self, _: &ProtocolAddress) -> Result<Option<IdentityKey>> {
        Ok(None)
    }
}

#[async_trait]
impl SessionStore for Store {
    async fn load_session(&self, address: &ProtocolAddress) -> Result<Option<SessionRecord>> {
        Ok(self.sessions.get(&address.to_string()).cloned())
    }
    async fn has_session(&self, address: &ProtocolAddress) -> Result<bool> {
        Ok(self.sessions.contains_key(&address.to_string()))
    }
    async fn store_session(
        &mut self,
        address: &ProtocolAddress,
        record: SessionRecord,
    ) -> Result<()> {
        self.sessions.insert(address.to_string(), record);
        Ok(())
    }
}

fn bytes_of(node: Option<&Node>) -> Option<Vec<u8>> {
    match node.and_then(|n| n.content.as_ref()) {
        Some(NodeContent::Bytes(b)) => Some(b.clone()),
        _ => None,
    }
}

/// `<id>` of a pre-key node: three bytes, big-endian.
fn key_id(node: &Node) -> Option<u32> {
    let id = bytes_of(node.get_optional_child("id"))?;
    Some(id.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)))
}

fn public(node: &Node) -> Option<PublicKey> {
    let value: [u8; 32] = bytes_of(node.get_optional_child("value"))?
        .try_into()
        .ok()?;
    PublicKey::from_djb_public_key_bytes(&value).ok()
}

/// The companion's bundle, taking one of its one-time pre-keys as any sender does.
fn bundle(to: &DeviceAddr, keys: &mut Keys) -> Option<PreKeyBundle> {
    let registration: [u8; 4] = keys.registration.clone().try_into().ok()?;
    let identity: [u8; 32] = keys.identity.clone().try_into().ok()?;
    let signed = &keys.signed;
    let one_time = keys
        .one_time
        .pop_front()
        .and_then(|k| Some((key_id(&k)?.into(), public(&k)?)));
    PreKeyBundle::new(
        u32::from_be_bytes(registration),
        u32::from(to.device).into(),
        one_time,
        key_id(signed)?.into(),
        public(signed)?,
        bytes_of(signed.get_optional_child("signature"))?,
        IdentityKey::new(PublicKey::from_djb_public_key_bytes(&identity).ok()?),
    )
    .ok()
}

/// The message that shares one app-state sync key with a companion.
fn key_share(account: &Account) -> wa::Message {
    let now = whatsapp_rust::wacore::time::now_millis();
    let key = wa::message::AppStateSyncKey {
        key_id: MessageField::some(wa::message::AppStateSyncKeyId {
            key_id: Some(vec![0, 0, 0, 1, 0, 0]),
        }),
        key_data: MessageField::some(wa::message::AppStateSyncKeyData {
            key_data: Some(account.sync_key.to_vec()),
            fingerprint: MessageField::some(wa::message::AppStateSyncKeyFingerprint {
                raw_id: Some(account.signer.raw_id),
                current_index: Some(0),
                device_indexes: vec![0],
            }),
            timestamp: Some(now),
        }),
    };
    wa::Message {
        protocol_message: MessageField::some(wa::message::ProtocolMessage {
            r#type: Some(wa::message::protocol_message::Type::APP_STATE_SYNC_KEY_SHARE),
            app_state_sync_key_share: MessageField::some(wa::message::AppStateSyncKeyShare {
                keys: vec![key],
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The phone's `<message>` to a just-linked companion carrying the account's app-state sync
/// key, or `None` when the companion's keys cannot be used.
pub(crate) fn share_keys(account: &Account, to: &DeviceAddr, keys: &mut Keys) -> Option<Node> {
    let bundle = bundle(to, keys)?;
    let identity = IdentityKeyPair::new(
        IdentityKey::new(PublicKey::from_djb_public_key_bytes(&account.signer.key.public).ok()?),
        account.signer.key.private.clone(),
    );
    // libsignal takes the sessions and the identities as two stores.
    let mut sessions = Store {
        identity: identity.clone(),
        sessions: HashMap::new(),
    };
    let mut identities = Store {
        identity,
        sessions: HashMap::new(),
    };
    let address = ProtocolAddress::new(&to.jid().to_string(), u32::from(to.device).into());
    let plaintext = MessageUtils::encode_and_pad(&key_share(account));
    let mut rng = rand_wa::make_rng::<rand_wa::rngs::StdRng>();
    // Everything is in memory: these futures never wait, so they are driven to the end here.
    let encrypted = async {
        let (s, i) = (&mut sessions, &mut identities);
        process_prekey_bundle(&address, s, i, &bundle, &mut rng, UsePQRatchet::No)
            .await
            .ok()?;
        message_encrypt(&plaintext, &address, s, i).await.ok()
    }
    .now_or_never()??;
    let (kind, _, ciphertext) = extract_ciphertext(encrypted)?;
    let id = format!("3EB0{:016X}", rand::random::<u64>());
    Some(
        NodeBuilder::new("message")
            .attr("from", DeviceAddr::new(&to.phone, 0).jid())
            .attr("id", id)
            .attr("type", "text")
            .attr("category", "peer")
            .attr("t", whatsapp_rust::wacore::time::now_secs().to_string())
            .children([NodeBuilder::new("enc")
                .attr("v", "2")
                .attr("type", kind)
                .bytes(ciphertext.to_vec())
                .build()])
            .build(),
    )
}
