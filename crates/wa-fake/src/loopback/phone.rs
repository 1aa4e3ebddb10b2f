//! The account's phone (device 0), a primary device a test drives. Its Signal identity is the
//! account's key, as on a real phone, and it keeps its sessions for as long as the server runs:
//! - right after a companion links, it shares the account's app-state sync key with it
//!   (without it whatsapp-rust waits 10 s for the key before it calls itself connected);
//! - once a test uses it ([`start`]), it publishes pre-keys, so senders list and encrypt to it
//!   as to any device; what reaches it is decrypted into its inbox;
//! - it sends text (to every device of the recipient account, and the "sent from my phone"
//!   copy to its own companions) and read receipts, through the relay like any device.
//!
//! A phone nobody drives publishes no keys: the relay then works as it did before the phone
//! could receive, and no sender encrypts to a device nobody reads.

use std::collections::{HashMap, VecDeque};

use futures_util::FutureExt;
use whatsapp_rust::async_trait;
use whatsapp_rust::buffa::MessageField;
use whatsapp_rust::wacore::libsignal::protocol::error::SignalProtocolError;
use whatsapp_rust::wacore::libsignal::protocol::{
    message_decrypt, message_encrypt, process_prekey_bundle, CiphertextMessage, Direction,
    GenericSignedPreKey, IdentityChange, IdentityKey, IdentityKeyPair, IdentityKeyStore,
    KeyPair as CurveKeyPair, PreKeyBundle, PreKeyId, PreKeyRecord, PreKeySignalMessage,
    PreKeyStore, ProtocolAddress, PublicKey, SessionRecord, SessionStore, SignalMessage,
    SignedPreKeyId, SignedPreKeyRecord, SignedPreKeyStore, Timestamp, UsePQRatchet,
};
use whatsapp_rust::wacore::messages::{decode_plaintext, unwrap_device_sent, MessageUtils};
use whatsapp_rust::wacore::send::extract_ciphertext;
use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::{Jid, Node, NodeContent};
use whatsapp_rust::waproto::whatsapp as wa;

use super::accounts::{self, phone_of, Account, DeviceAddr, Keys};
use super::connection::attr;
use super::{State, World};

type SResult<T> = whatsapp_rust::wacore::libsignal::protocol::error::Result<T>;

/// One-time pre-keys the phone publishes: one per device that starts a session with it.
const ONE_TIME_KEYS: u32 = 100;
const SIGNED_KEY_ID: u32 = 1;

/// A message the phone received, decrypted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneMessage {
    pub id: String,
    /// The phone number of the account that sent it.
    pub from: String,
    /// The chat it belongs to: the other account's number (the recipient, for a copy of what
    /// a companion of this account sent).
    pub chat: String,
    pub from_me: bool,
    /// Its text, for a text message.
    pub text: Option<String>,
    /// A poll: its question, options and the secret its votes are encrypted with.
    pub poll: Option<PhonePoll>,
    /// A vote in one of this phone's polls, decrypted.
    pub vote: Option<PhoneVote>,
    /// Marked as forwarded by its sender.
    pub forwarded: bool,
    /// The disappearing timer it was sent under, in seconds.
    pub expiration: Option<u32>,
    /// A change of the chat's disappearing timer (seconds; 0 turns it off), not a message a
    /// user reads.
    pub disappearing: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhonePoll {
    pub question: String,
    pub options: Vec<String>,
    pub selectable: u32,
    pub secret: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneVote {
    pub poll_id: String,
    /// The options chosen, by name.
    pub selected: Vec<String>,
}

struct Identity(IdentityKeyPair);

#[async_trait]
impl IdentityKeyStore for Identity {
    async fn get_identity_key_pair(&self) -> SResult<IdentityKeyPair> {
        Ok(self.0.clone())
    }
    async fn get_local_registration_id(&self) -> SResult<u32> {
        Ok(1)
    }
    async fn save_identity(
        &mut self,
        _: &ProtocolAddress,
        _: &IdentityKey,
    ) -> SResult<IdentityChange> {
        Ok(IdentityChange::NewOrUnchanged)
    }
    async fn is_trusted_identity(
        &self,
        _: &ProtocolAddress,
        _: &IdentityKey,
        _: Direction,
    ) -> SResult<bool> {
        Ok(true)
    }
    async fn get_identity(&self, _: &ProtocolAddress) -> SResult<Option<IdentityKey>> {
        Ok(None)
    }
}

#[derive(Default)]
struct Sessions(HashMap<String, SessionRecord>);

#[async_trait]
impl SessionStore for Sessions {
    async fn load_session(&self, address: &ProtocolAddress) -> SResult<Option<SessionRecord>> {
        Ok(self.0.get(&address.to_string()).cloned())
    }
    async fn has_session(&self, address: &ProtocolAddress) -> SResult<bool> {
        Ok(self.0.contains_key(&address.to_string()))
    }
    async fn store_session(
        &mut self,
        address: &ProtocolAddress,
        record: SessionRecord,
    ) -> SResult<()> {
        self.0.insert(address.to_string(), record);
        Ok(())
    }
}

struct PreKeys {
    signed: SignedPreKeyRecord,
    one_time: HashMap<u32, PreKeyRecord>,
}

#[async_trait]
impl PreKeyStore for PreKeys {
    async fn get_pre_key(&self, id: PreKeyId) -> SResult<PreKeyRecord> {
        self.one_time
            .get(&u32::from(id))
            .cloned()
            .ok_or(SignalProtocolError::InvalidPreKeyId)
    }
    async fn save_pre_key(&mut self, id: PreKeyId, record: &PreKeyRecord) -> SResult<()> {
        self.one_time.insert(id.into(), record.clone());
        Ok(())
    }
    async fn remove_pre_key(&mut self, id: PreKeyId) -> SResult<()> {
        self.one_time.remove(&u32::from(id));
        Ok(())
    }
}

#[async_trait]
impl SignedPreKeyStore for PreKeys {
    async fn get_signed_pre_key(&self, _: SignedPreKeyId) -> SResult<SignedPreKeyRecord> {
        Ok(self.signed.clone())
    }
    async fn save_signed_pre_key(
        &mut self,
        _: SignedPreKeyId,
        _: &SignedPreKeyRecord,
    ) -> SResult<()> {
        Ok(())
    }
}

/// The phone's Signal state and what it received.
pub(crate) struct Phone {
    identity: Identity,
    sessions: Sessions,
    pre_keys: PreKeys,
    pub inbox: Vec<PhoneMessage>,
    /// What it sends each companion that links from now on.
    pub history: Vec<super::phone_history::HistoryMessage>,
    /// Set once its pre-keys are in the directory.
    published: bool,
    /// The polls it sent, by id, to open the votes in them.
    polls: HashMap<String, PhonePoll>,
}

fn rng() -> rand_wa::rngs::StdRng {
    rand_wa::make_rng::<rand_wa::rngs::StdRng>()
}

impl Phone {
    fn new(account: &Account) -> Option<Phone> {
        let identity = IdentityKeyPair::new(
            IdentityKey::new(
                PublicKey::from_djb_public_key_bytes(&account.signer.key.public).ok()?,
            ),
            account.signer.key.private.clone(),
        );
        Phone::with_identity(identity)
    }

    /// A phone with a Signal identity of its own, no sessions and fresh pre-keys.
    fn with_identity(identity: IdentityKeyPair) -> Option<Phone> {
        let signed = CurveKeyPair::generate(&mut rng());
        let signature = identity
            .private_key()
            .calculate_signature(&signed.public_key.serialize(), &mut rng())
            .ok()?;
        let signed = SignedPreKeyRecord::new(
            SIGNED_KEY_ID.into(),
            Timestamp::from_epoch_millis(whatsapp_rust::wacore::time::now_millis() as u64),
            &signed,
            &signature,
        );
        let one_time = (1..=ONE_TIME_KEYS)
            .map(|id| {
                (
                    id,
                    PreKeyRecord::new(id.into(), &CurveKeyPair::generate(&mut rng())),
                )
            })
            .collect();
        Some(Phone {
            identity: Identity(identity),
            sessions: Sessions::default(),
            pre_keys: PreKeys { signed, one_time },
            inbox: Vec::new(),
            history: Vec::new(),
            published: false,
            polls: HashMap::new(),
        })
    }

    /// What the phone puts in the directory, in the shape a client uploads it.
    fn keys(&self) -> Option<Keys> {
        // `NodeBuilder::children` replaces what an earlier call set, so a key's children
        // (and the signed key's signature) go in one call: a second call dropped `<id>` and
        // `<value>` and whatsapp-rust then refused the whole bundle.
        let key = |tag: &'static str, id: u32, public: PublicKey, extra: Option<Node>| {
            let mut children = vec![
                NodeBuilder::new("id")
                    .bytes(id.to_be_bytes()[1..].to_vec())
                    .build(),
                NodeBuilder::new("value")
                    .bytes(public.public_key_bytes().to_vec())
                    .build(),
            ];
            children.extend(extra);
            NodeBuilder::new(tag).children(children).build()
        };
        let signed = &self.pre_keys.signed;
        let signature = NodeBuilder::new("signature")
            .bytes(signed.signature().ok()?.to_vec())
            .build();
        let signed = key(
            "skey",
            SIGNED_KEY_ID,
            signed.public_key().ok()?,
            Some(signature),
        );
        let mut ids: Vec<&u32> = self.pre_keys.one_time.keys().collect();
        ids.sort();
        let one_time: VecDeque<Node> = ids
            .into_iter()
            .filter_map(|id| {
                let public = self.pre_keys.one_time[id].public_key().ok()?;
                Some(key("key", *id, public, None))
            })
            .collect();
        Some(Keys {
            registration: 1u32.to_be_bytes().to_vec(),
            identity: self
                .identity
                .0
                .identity_key()
                .public_key()
                .public_key_bytes()
                .to_vec(),
            signed,
            one_time,
        })
    }

    /// Encrypts `plaintext` to `to`, starting a session from its bundle when there is none.
    fn encrypt(
        &mut self,
        to: &DeviceAddr,
        keys: Option<&mut Keys>,
        plaintext: &[u8],
    ) -> Option<Node> {
        let address = address(to);
        let (sessions, identity) = (&mut self.sessions, &mut self.identity);
        let encrypted = async {
            if !sessions.0.contains_key(&address.to_string()) {
                let bundle = bundle(to, keys?)?;
                process_prekey_bundle(
                    &address,
                    sessions,
                    identity,
                    &bundle,
                    &mut rng(),
                    UsePQRatchet::No,
                )
                .await
                .ok()?;
            }
            message_encrypt(plaintext, &address, sessions, identity)
                .await
                .ok()
        }
        .now_or_never()??;
        let (kind, _, ciphertext) = extract_ciphertext(encrypted)?;
        Some(
            NodeBuilder::new("enc")
                .attr("v", "2")
                .attr("type", kind)
                .bytes(ciphertext.to_vec())
                .build(),
        )
    }

    fn decrypt(&mut self, from: &DeviceAddr, kind: &str, bytes: &[u8]) -> Option<wa::Message> {
        let message = match kind {
            "pkmsg" => {
                CiphertextMessage::PreKeySignalMessage(PreKeySignalMessage::try_from(bytes).ok()?)
            }
            "msg" => CiphertextMessage::SignalMessage(SignalMessage::try_from(bytes).ok()?),
            // Group messages (`skmsg`) would need the sender keys: a test phone is not in groups.
            _ => return None,
        };
        let address = address(from);
        let Phone {
            identity,
            sessions,
            pre_keys,
            ..
        } = self;
        let decrypted = async {
            let signed = PreKeys {
                signed: pre_keys.signed.clone(),
                one_time: HashMap::new(),
            };
            message_decrypt(
                &message,
                &address,
                sessions,
                identity,
                pre_keys,
                &signed,
                &mut rng(),
                UsePQRatchet::No,
            )
            .await
            .ok()
        }
        .now_or_never()??;
        decode_plaintext(&decrypted.plaintext, 2).ok()
    }
}

/// Every Signal address of the fake, by its phone number and device.
fn address(to: &DeviceAddr) -> ProtocolAddress {
    ProtocolAddress::new(&to.jid().to_string(), u32::from(to.device).into())
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

/// A device's bundle, taking one of its one-time pre-keys as any sender does.
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

/// The phone of `phone`, made (and its account) on first use.
pub(crate) fn phone<'a>(state: &'a mut State, phone: &str) -> Option<&'a mut Phone> {
    if !state.phones.contains_key(phone) {
        let made = Phone::new(accounts::account(state, phone))?;
        state.phones.insert(phone.to_string(), made);
    }
    state.phones.get_mut(phone)
}

/// The phone of `number` is set up again (WhatsApp reinstalled): a new Signal identity, no
/// sessions, new pre-keys in the directory. Its inbox stays, for the test to read. The ADV
/// account key that signed its companions is kept, so they stay linked (a real reinstall
/// also makes a new account key and unlinks them, which a test of sessions does not need).
pub(crate) fn reinstall(state: &mut State, number: &str) -> Result<(), String> {
    let old = phone(state, number).ok_or("the phone has no usable identity")?;
    let inbox = std::mem::take(&mut old.inbox);
    let mut fresh =
        Phone::with_identity(IdentityKeyPair::generate(&mut rng())).ok_or("no new identity")?;
    fresh.inbox = inbox;
    fresh.published = true;
    let keys = fresh.keys().ok_or("the phone's keys do not serialise")?;
    state.phones.insert(number.to_string(), fresh);
    let device = state.devices.entry(DeviceAddr::new(number, 0)).or_default();
    device.keys = Some(keys);
    Ok(())
}

/// Puts the phone's pre-keys in the directory: from now on senders write to it too.
pub(crate) fn start(state: &mut State, number: &str) -> Result<(), String> {
    let p = phone(state, number).ok_or("the phone has no usable identity")?;
    if p.published {
        return Ok(());
    }
    p.published = true;
    let keys = p.keys().ok_or("the phone's keys do not serialise")?;
    let device = state.devices.entry(DeviceAddr::new(number, 0)).or_default();
    device.keys = Some(keys);
    Ok(())
}

pub(crate) fn message_id() -> String {
    format!("3EB0{:016X}", rand::random::<u64>())
}

pub(crate) fn now() -> String {
    whatsapp_rust::wacore::time::now_secs().to_string()
}

/// The number of a chat given as `628…` or as a JID.
pub(crate) fn chat_jid(chat: &str) -> Result<Jid, String> {
    let full = if chat.contains('@') {
        chat.to_string()
    } else {
        format!("{chat}@s.whatsapp.net")
    };
    full.parse::<Jid>().map_err(|e| format!("{chat}: {e}"))
}

/// The devices of an account others can write to, except its phone when that is the sender.
pub(crate) fn listed(state: &State, number: &str, except: Option<&DeviceAddr>) -> Vec<DeviceAddr> {
    let mut found: Vec<DeviceAddr> = state
        .devices
        .iter()
        .filter(|(a, d)| a.phone == number && d.keys.is_some() && Some(*a) != except)
        .map(|(a, _)| a.clone())
        .collect();
    found.sort_by_key(|a| a.device);
    found
}

/// The phone of `from` sends `text` to `to`: encrypted to each device of that account, and
/// to its own companions as the copy they show as sent. Returns the message id.
pub(crate) fn send_text(world: &World, from: &str, to: &str, text: &str) -> Result<String, String> {
    let message = wa::Message {
        conversation: Some(text.to_string()),
        ..Default::default()
    };
    send_message(world, from, to, message, message_id())
}

/// The phone of `from` sends a poll to `to`, with a fresh secret it keeps to open the votes.
pub(crate) fn send_poll(
    world: &World,
    from: &str,
    to: &str,
    question: &str,
    options: &[String],
    multiple: bool,
) -> Result<String, String> {
    let secret: Vec<u8> = (0..32).map(|_| rand::random::<u8>()).collect();
    let selectable = if multiple { options.len() as u32 } else { 1 };
    let poll = wa::message::PollCreationMessage {
        name: Some(question.to_string()),
        options: options
            .iter()
            .map(|o| wa::message::poll_creation_message::Option {
                option_name: Some(o.clone()),
                option_hash: None,
            })
            .collect(),
        selectable_options_count: Some(selectable),
        ..Default::default()
    };
    let mut message = wa::Message::default();
    if multiple {
        message.poll_creation_message = MessageField::some(poll);
    } else {
        message.poll_creation_message_v3 = MessageField::some(poll);
    }
    message.message_context_info = MessageField::some(wa::MessageContextInfo {
        message_secret: Some(secret.clone()),
        ..Default::default()
    });
    let id = message_id();
    {
        let mut state = world.lock();
        start(&mut state, from)?;
        let p = phone(&mut state, from).ok_or("no phone")?;
        p.polls.insert(
            id.clone(),
            PhonePoll {
                question: question.to_string(),
                options: options.to_vec(),
                selectable,
                secret,
            },
        );
    }
    send_message(world, from, to, message, id)
}

/// The phone of `from` votes in poll `poll_id` it received from `to`, encrypted with the
/// poll's secret for the poll's creator and this voter, as WhatsApp does.
pub(crate) fn vote(
    world: &World,
    from: &str,
    to: &str,
    poll_id: &str,
    options: &[String],
) -> Result<String, String> {
    let secret = {
        let state = world.lock();
        let p = state.phones.get(from).ok_or("no phone")?;
        let got = p
            .inbox
            .iter()
            .find(|m| m.id == poll_id)
            .ok_or("the phone has no such poll")?;
        got.poll.clone().ok_or("that message is not a poll")?.secret
    };
    let creator = chat_jid(to)?.to_string();
    let voter = Jid::pn(from.to_string()).to_string();
    let hashes: Vec<Vec<u8>> = options
        .iter()
        .map(|o| whatsapp_rust::wacore::poll::compute_option_hash(o).to_vec())
        .collect();
    let (payload, iv) = whatsapp_rust::wacore::poll::encrypt_poll_vote_with_secret(
        &hashes, &secret, poll_id, &creator, &voter,
    )
    .map_err(|e| format!("cannot encrypt the vote: {e}"))?;
    let message = wa::Message {
        poll_update_message: MessageField::some(wa::message::PollUpdateMessage {
            poll_creation_message_key: MessageField::some(wa::MessageKey {
                remote_jid: Some(creator.clone()),
                from_me: Some(false),
                id: Some(poll_id.to_string()),
                participant: None,
            }),
            vote: MessageField::some(wa::message::PollEncValue {
                enc_payload: Some(payload),
                enc_iv: Some(iv.to_vec()),
            }),
            sender_timestamp_ms: Some(whatsapp_rust::wacore::time::now_millis()),
            ..Default::default()
        }),
        ..Default::default()
    };
    send_message(world, from, to, message, message_id())
}

/// The phone of `from` sends `message` under `id` to every device of `to`'s account, and
/// the "sent from my phone" copy to its own companions.
pub(crate) fn send_message(
    world: &World,
    from: &str,
    to: &str,
    message: wa::Message,
    id: String,
) -> Result<String, String> {
    let to = chat_jid(to)?;
    let sender = DeviceAddr::new(from, 0);
    let node = {
        let mut state = world.lock();
        start(&mut state, from)?;
        let to_phone = phone_of(&state, &to).ok_or("no such account")?;
        let copy = whatsapp_rust::wacore::messages::wrap_device_sent(
            message.clone(),
            Jid::pn(to_phone.clone()).to_string(),
        );
        let mut targets: Vec<(DeviceAddr, Vec<u8>)> = listed(&state, &to_phone, Some(&sender))
            .into_iter()
            .map(|a| (a, MessageUtils::encode_and_pad(&message)))
            .collect();
        if to_phone != from {
            targets.extend(
                listed(&state, from, Some(&sender))
                    .into_iter()
                    .map(|a| (a, MessageUtils::encode_and_pad(&copy))),
            );
        }
        if targets.is_empty() {
            return Err(format!("{to_phone} has no device to write to"));
        }
        let State {
            phones, devices, ..
        } = &mut *state;
        let phone = phones.get_mut(from).ok_or("no phone")?;
        let mut participants = Vec::new();
        for (target, plaintext) in targets {
            let keys = devices.get_mut(&target).and_then(|d| d.keys.as_mut());
            let enc = phone
                .encrypt(&target, keys, &plaintext)
                .ok_or_else(|| format!("cannot encrypt to {:?}", target))?;
            participants.push(
                NodeBuilder::new("to")
                    .attr("jid", target.jid())
                    .children([enc])
                    .build(),
            );
        }
        NodeBuilder::new("message")
            .attr("to", Jid::pn(to_phone))
            .attr("id", id.clone())
            .attr("type", "text")
            .children([NodeBuilder::new("participants")
                .children(participants)
                .build()])
            .build()
    };
    super::relay::message(world, &sender, &node, &|_| {});
    Ok(id)
}

/// The phone of `phone` reads messages of `chat`: a read receipt to their sender.
pub(crate) fn read(world: &World, phone: &str, chat: &str, ids: &[String]) -> Result<(), String> {
    let (first, rest) = ids.split_first().ok_or("no message to read")?;
    let mut receipt = NodeBuilder::new("receipt")
        .attr("to", chat_jid(chat)?)
        .attr("id", first.clone())
        .attr("type", "read")
        .attr("t", now());
    if !rest.is_empty() {
        let items = rest
            .iter()
            .map(|id| NodeBuilder::new("item").attr("id", id.clone()).build());
        receipt = receipt.children([NodeBuilder::new("list").children(items).build()]);
    }
    super::relay::receipt(world, &DeviceAddr::new(phone, 0), &receipt.build(), &|_| {});
    Ok(())
}

/// A stanza the relay hands the phone instead of queueing it: a message is decrypted into the
/// inbox and its sender hears it was delivered; anything else needs no answer.
pub(crate) fn receive(state: &mut State, me: &DeviceAddr, node: Node) {
    if node.tag != "message" {
        return;
    }
    let (Some(id), Some(from)) = (attr(&node, "id"), node.attrs().optional_jid("from")) else {
        return;
    };
    let Some(from_phone) = phone_of(state, &from) else {
        return;
    };
    let sender = DeviceAddr::new(&from_phone, from.device);
    let Some(enc) = node.get_optional_child("enc") else {
        return;
    };
    let (Some(kind), Some(bytes)) = (attr(enc, "type"), bytes_of(Some(enc))) else {
        return;
    };
    let Some(phone) = state.phones.get_mut(&me.phone) else {
        return;
    };
    let Some(message) = phone.decrypt(&sender, &kind, &bytes) else {
        eprintln!(
            "loopback WhatsApp: the phone of {} cannot decrypt {id}",
            me.phone
        );
        return;
    };
    let from_me = from_phone == me.phone;
    let chat = if from_me {
        attr(&node, "recipient")
            .and_then(|r| r.split('@').next().map(str::to_string))
            .unwrap_or_default()
    } else {
        from_phone.clone()
    };
    let message = unwrap_device_sent(message);
    let text = message.conversation.clone().or_else(|| {
        message
            .extended_text_message
            .as_option()
            .and_then(|x| x.text.clone())
    });
    let disappearing = message
        .protocol_message
        .as_option()
        .filter(|p| p.r#type == Some(wa::message::protocol_message::Type::EPHEMERAL_SETTING))
        .map(|p| p.ephemeral_expiration.unwrap_or(0));
    // Protocol chatter (sender keys alone, app-state keys) is not a message a user sees.
    if text.is_none() && disappearing.is_none() && message.protocol_message.as_option().is_some() {
        return;
    }
    let context = message
        .extended_text_message
        .as_option()
        .and_then(|x| x.context_info.as_option())
        .cloned();
    let poll = [
        &message.poll_creation_message,
        &message.poll_creation_message_v3,
    ]
    .into_iter()
    .find_map(|p| p.as_option())
    .map(|p| PhonePoll {
        question: p.name.clone().unwrap_or_default(),
        options: p
            .options
            .iter()
            .filter_map(|o| o.option_name.clone())
            .collect(),
        selectable: p.selectable_options_count.unwrap_or(0),
        secret: message
            .message_context_info
            .as_option()
            .and_then(|c| c.message_secret.clone())
            .unwrap_or_default(),
    });
    let vote = message.poll_update_message.as_option().and_then(|u| {
        let poll_id = u.poll_creation_message_key.as_option()?.id.clone()?;
        let own = phone.polls.get(&poll_id)?;
        let enc = u.vote.as_option()?;
        let hashes = whatsapp_rust::wacore::poll::decrypt_poll_vote_with_secret(
            whatsapp_rust::wacore::poll::PollVoteCiphertext {
                enc_payload: enc.enc_payload.as_deref()?,
                enc_iv: enc.enc_iv.as_deref()?,
            },
            &own.secret,
            &poll_id,
            &Jid::pn(me.phone.clone()).to_string(),
            &Jid::pn(from_phone.clone()).to_string(),
        )
        .ok()?;
        let selected = own
            .options
            .iter()
            .filter(|o| {
                let h = whatsapp_rust::wacore::poll::compute_option_hash(o);
                hashes.iter().any(|x| x.as_slice() == h)
            })
            .cloned()
            .collect();
        Some(PhoneVote { poll_id, selected })
    });
    phone.inbox.push(PhoneMessage {
        id: id.clone(),
        from: from_phone.clone(),
        chat,
        from_me,
        text,
        poll,
        vote,
        forwarded: context.as_ref().and_then(|c| c.is_forwarded) == Some(true),
        expiration: context
            .as_ref()
            .and_then(|c| c.expiration)
            .filter(|s| *s > 0),
        disappearing,
    });
    if from_me {
        return;
    }
    let delivered = NodeBuilder::new("receipt")
        .attr("from", Jid::pn(me.phone.clone()))
        .attr("id", id)
        .attr("t", now())
        .build();
    for target in listed(state, &from_phone, None) {
        if target.device != 0 {
            super::relay::deliver(state, &target, delivered.clone());
        }
    }
}

/// The message that shares one app-state sync key with a companion.
fn key_share(account: &Account) -> wa::Message {
    let now = whatsapp_rust::wacore::time::now_millis();
    let key = wa::message::AppStateSyncKey {
        key_id: MessageField::some(wa::message::AppStateSyncKeyId {
            key_id: Some(super::app_state::KEY_ID.to_vec()),
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

/// A `<message>` from the phone to one of its companions carrying `message`.
pub(crate) fn to_companion(
    state: &mut State,
    to: &DeviceAddr,
    message: &wa::Message,
) -> Option<Node> {
    let plaintext = MessageUtils::encode_and_pad(message);
    let State {
        phones, devices, ..
    } = &mut *state;
    let keys = devices.get_mut(to).and_then(|d| d.keys.as_mut());
    let enc = phones.get_mut(&to.phone)?.encrypt(to, keys, &plaintext)?;
    Some(
        NodeBuilder::new("message")
            .attr("from", DeviceAddr::new(&to.phone, 0).jid())
            .attr("id", message_id())
            .attr("type", "text")
            .attr("category", "peer")
            .attr("t", now())
            .children([enc])
            .build(),
    )
}

/// A companion uploaded its first keys: the phone shares the app-state sync key with it, and
/// its history when it has some.
pub(crate) fn linked(world: &World, state: &mut State, to: &DeviceAddr) {
    if phone(state, &to.phone).is_none() {
        return;
    }
    let Some(share) = state.accounts.get(&to.phone).map(key_share) else {
        return;
    };
    if let Some(node) = to_companion(state, to, &share) {
        super::relay::deliver(state, to, node);
    }
    super::phone_history::send(world, state, to);
}
