//! What the phone and the server do when a QR code is scanned: the server sends
//! `<pair-success>` with the phone's signed statement that this companion (its identity key,
//! proven by the ADV secret from the QR) belongs to the account.

use base64::Engine as _;
use sha2::{Digest, Sha256};
use whatsapp_rust::buffa::Message as _;
use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::Node;
use whatsapp_rust::waproto::whatsapp as wa;
use whatsapp_rust::Jid;

use super::noise::KeyPair;

/// The device number the fake account gives the companion.
pub const DEVICE: u16 = 7;
/// The fake account's LID user.
pub(crate) const LID: &str = "100000012345678";

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::digest([pad(0x36), data.to_vec()].concat());
    Sha256::digest([pad(0x5c), inner.to_vec()].concat()).to_vec()
}

/// `<iq><pair-success>…</pair-success></iq>` for the QR `qr`, pairing to `phone`, a business
/// account when it has a `business` name.
pub fn pair_success(qr: &str, phone: &str, business: Option<&str>) -> Node {
    let account = Signer {
        key: KeyPair::random(),
        raw_id: 4242,
        lid: LID.to_string(),
    };
    pair_success_as(qr, phone, &account, DEVICE, business)
}

/// The account side of a pairing: its identity key (which signs its devices), its ADV id and
/// its LID user.
pub struct Signer {
    pub key: KeyPair,
    pub raw_id: u32,
    pub lid: String,
}

/// `<pair-success>` for the QR `qr`, signed by `account` for `phone`, as its device `device`
/// (also the device's ADV key index).
pub fn pair_success_as(
    qr: &str,
    phone: &str,
    account: &Signer,
    device: u16,
    business: Option<&str>,
) -> Node {
    let parts: Vec<&str> = qr.split(',').collect();
    let b64 = base64::engine::general_purpose::STANDARD;
    let identity = b64.decode(parts[2]).expect("identity key in the QR");
    let adv_secret = b64.decode(parts[3]).expect("ADV secret in the QR");
    pair_success_for(&identity, &adv_secret, phone, account, device, business)
}

/// `<pair-success>` for the companion of this identity key, its HMAC keyed with `adv_secret`
/// (from the QR code, or agreed during pairing by code).
pub fn pair_success_for(
    identity: &[u8],
    adv_secret: &[u8],
    phone: &str,
    account: &Signer,
    device: u16,
    business: Option<&str>,
) -> Node {
    let details = wa::ADVDeviceIdentity {
        raw_id: Some(account.raw_id),
        timestamp: Some(whatsapp_rust::wacore::time::now_secs() as u64),
        key_index: Some(device as u32),
        ..Default::default()
    }
    .encode_to_vec();
    let statement = [&[6u8, 0][..], &details, identity].concat();
    let signature = account
        .key
        .private
        .calculate_signature(
            &statement,
            &mut rand_wa::make_rng::<rand_wa::rngs::StdRng>(),
        )
        .unwrap();
    let signed = wa::ADVSignedDeviceIdentity {
        details: Some(details),
        account_signature_key: Some(account.key.public.to_vec()),
        account_signature: Some(signature.to_vec()),
        ..Default::default()
    }
    .encode_to_vec();
    let container = wa::ADVSignedDeviceIdentityHMAC {
        hmac: Some(hmac_sha256(adv_secret, &signed)),
        details: Some(signed),
        account_type: None,
    }
    .encode_to_vec();

    let device = NodeBuilder::new("device")
        .attr("jid", Jid::pn_device(phone, device))
        .attr("lid", Jid::lid_device(account.lid.clone(), device))
        .build();
    let mut children = vec![
        NodeBuilder::new("device-identity").bytes(container).build(),
        NodeBuilder::new("platform").attr("name", "android").build(),
        device,
    ];
    if let Some(name) = business {
        children.push(
            NodeBuilder::new("biz")
                .attr("name", name.to_string())
                .build(),
        );
    }
    NodeBuilder::new("iq")
        .attr("from", "s.whatsapp.net")
        .attr("type", "set")
        .attr("id", "fake-pair-2")
        .attr("xmlns", "md")
        .children([NodeBuilder::new("pair-success").children(children).build()])
        .build()
}
