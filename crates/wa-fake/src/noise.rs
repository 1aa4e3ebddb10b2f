//! The server side of WhatsApp's Noise XX handshake and of the encrypted frames after it,
//! built from the primitives whatsapp-rust re-exports. The certificate chain is unsigned: the
//! test build skips its verification (`danger-skip-cert-chain-verify`), which is the only way a
//! server without WhatsApp's key can get past the handshake.

use rand::RngCore;
use whatsapp_rust::buffa::{Message as _, MessageField};
use whatsapp_rust::wacore::framing::{encode_frame, FrameDecoder};
use whatsapp_rust::wacore::handshake::NoiseHandshake;
use whatsapp_rust::wacore::libsignal::protocol::PrivateKey;
use whatsapp_rust::wacore::noise::NoiseCipher;
use whatsapp_rust::wacore_binary::consts::{NOISE_PATTERN_XX, WA_CONN_HEADER};
use whatsapp_rust::wacore_binary::marshal::{marshal, unmarshal_ref};
use whatsapp_rust::wacore_binary::util::unpack;
use whatsapp_rust::wacore_binary::Node;
use whatsapp_rust::waproto::whatsapp as wa;

pub struct KeyPair {
    pub private: PrivateKey,
    pub public: [u8; 32],
}

impl KeyPair {
    pub fn random() -> KeyPair {
        let mut bytes = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut bytes);
        let private = PrivateKey::deserialize(&bytes).unwrap();
        let public = private
            .public_key()
            .unwrap()
            .public_key_bytes()
            .try_into()
            .unwrap();
        KeyPair { private, public }
    }
}

/// A two-certificate chain naming `server_static` as the leaf key, valid from yesterday for
/// the next few seconds only. A registered client caches the chain and, while it is valid,
/// opens its next connection with Noise IK against the cached key, which this server does not
/// speak; an expired chain sends it back to XX (WhatsApp's own chains live for days).
fn cert_chain(server_static: &[u8; 32]) -> Vec<u8> {
    use wa::cert_chain::noise_certificate::Details;
    use wa::cert_chain::NoiseCertificate;
    let now = whatsapp_rust::wacore::time::now_secs() as u64;
    let details = |serial, issuer_serial, key: Vec<u8>| {
        Details {
            serial: Some(serial),
            issuer_serial: Some(issuer_serial),
            key: Some(key),
            not_before: Some(now - 86_400),
            not_after: Some(now + 5),
        }
        .encode_to_vec()
    };
    wa::CertChain {
        intermediate: MessageField::some(NoiseCertificate {
            details: Some(details(10, 0, vec![7; 32])),
            signature: Some(vec![0; 64]),
        }),
        leaf: MessageField::some(NoiseCertificate {
            details: Some(details(11, 10, server_static.to_vec())),
            signature: Some(vec![0; 64]),
        }),
    }
    .encode_to_vec()
}

/// Reassembles frames from WebSocket messages; the first one starts with the connection header.
pub struct Frames {
    decoder: FrameDecoder,
    header_seen: bool,
}

impl Frames {
    pub fn new() -> Frames {
        Frames {
            decoder: FrameDecoder::new(),
            header_seen: false,
        }
    }

    pub fn feed(&mut self, mut data: &[u8]) {
        if !self.header_seen {
            assert!(
                data.starts_with(&WA_CONN_HEADER),
                "the client did not start with WhatsApp's connection header"
            );
            data = &data[WA_CONN_HEADER.len()..];
            self.header_seen = true;
        }
        self.decoder.feed(data);
    }

    pub fn next(&mut self) -> Option<Vec<u8>> {
        self.decoder.decode_frame().map(|f| f.to_vec())
    }
}

/// The responder's half of XX: answers the ClientHello, then reads the ClientFinish.
pub struct Responder {
    noise: NoiseHandshake,
    ephemeral: KeyPair,
}

impl Responder {
    /// The ServerHello for a ClientHello, framed for the wire.
    pub fn hello(client_hello: &[u8], server_static: &KeyPair) -> (Responder, Vec<u8>) {
        let message = wa::HandshakeMessage::decode_from_slice(client_hello).unwrap();
        let client_ephemeral: [u8; 32] = message
            .client_hello
            .into_option()
            .expect("a ClientHello")
            .ephemeral
            .unwrap()
            .try_into()
            .unwrap();
        let mut noise = NoiseHandshake::new(NOISE_PATTERN_XX, &WA_CONN_HEADER).unwrap();
        let ephemeral = KeyPair::random();
        noise.authenticate(&client_ephemeral);
        noise.authenticate(&ephemeral.public);
        noise
            .mix_shared_secret(ephemeral.private.serialize(), &client_ephemeral)
            .unwrap();
        let encrypted_static = noise.encrypt(&server_static.public).unwrap();
        noise
            .mix_shared_secret(server_static.private.serialize(), &client_ephemeral)
            .unwrap();
        let encrypted_chain = noise.encrypt(&cert_chain(&server_static.public)).unwrap();
        let hello = wa::HandshakeMessage {
            server_hello: MessageField::some(wa::handshake_message::ServerHello {
                ephemeral: Some(ephemeral.public.to_vec()),
                r#static: Some(encrypted_static),
                payload: Some(encrypted_chain),
                ..Default::default()
            }),
            ..Default::default()
        };
        let framed = encode_frame(&hello.encode_to_vec(), None).unwrap();
        (Responder { noise, ephemeral }, framed)
    }

    /// Reads the ClientFinish (the client's static key and login payload) and derives the
    /// transport keys; also returns the login payload.
    pub fn finish(mut self, client_finish: &[u8]) -> (Channel, wa::ClientPayload) {
        let message = wa::HandshakeMessage::decode_from_slice(client_finish).unwrap();
        let finish = message.client_finish.into_option().expect("a ClientFinish");
        let client_static: [u8; 32] = self
            .noise
            .decrypt(&finish.r#static.unwrap())
            .unwrap()
            .try_into()
            .unwrap();
        self.noise
            .mix_shared_secret(self.ephemeral.private.serialize(), &client_static)
            .unwrap();
        let login = self.noise.decrypt(&finish.payload.unwrap()).unwrap();
        let login = wa::ClientPayload::decode_from_slice(&login).unwrap();
        // Split gives the initiator's (write, read): the server reads with the first.
        let (client_to_server, server_to_client) = self.noise.finish().unwrap();
        let channel = Channel {
            read: client_to_server,
            write: server_to_client,
            read_counter: 0,
            write_counter: 0,
        };
        (channel, login)
    }
}

/// The encrypted node stream after the handshake.
pub struct Channel {
    read: NoiseCipher,
    write: NoiseCipher,
    read_counter: u32,
    write_counter: u32,
}

impl Channel {
    /// A node, marshalled, encrypted and framed.
    pub fn seal(&mut self, node: &Node) -> Vec<u8> {
        let plain = marshal(node).unwrap();
        let sealed = self
            .write
            .encrypt_with_counter(self.write_counter, &plain)
            .unwrap();
        self.write_counter += 1;
        encode_frame(&sealed, None).unwrap()
    }

    /// The node the client sent in a frame, decrypted and decoded.
    pub fn open_node(&mut self, frame: &[u8]) -> Node {
        let mut buffer = frame.to_vec();
        self.read
            .decrypt_in_place_with_counter(self.read_counter, &mut buffer)
            .unwrap();
        self.read_counter += 1;
        let plain = unpack(&buffer).unwrap();
        unmarshal_ref(&plain).unwrap().to_owned()
    }

    /// What the client sent in a frame: its tag, and the `id` and `type` of an `<iq>`.
    pub fn open(&mut self, frame: &[u8]) -> Received {
        let node = self.open_node(frame);
        let attr = |key: &str| node.attrs.get(key).map(|v| v.to_string());
        let collections = node
            .get_optional_child("sync")
            .and_then(|sync| sync.children())
            .map(|children| {
                children
                    .iter()
                    .filter(|c| c.tag == "collection")
                    .filter_map(|c| c.attrs.get("name").map(|v| v.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let first_child = node
            .children()
            .and_then(|c| c.first())
            .map(|c| c.tag.to_string());
        Received {
            tag: node.tag.to_string(),
            first_child,
            id: attr("id"),
            kind: attr("type"),
            collections,
        }
    }
}

pub struct Received {
    pub tag: String,
    /// The tag of the first child (for an `<iq>`: what it asks, e.g. `remove-companion-device`).
    pub first_child: Option<String>,
    pub id: Option<String>,
    pub kind: Option<String>,
    /// The app-state collections an `<iq><sync>` asks for.
    pub collections: Vec<String>,
}
