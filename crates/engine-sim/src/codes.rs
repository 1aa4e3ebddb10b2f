//! Everything the simulation makes up: QR codes, pairing codes, message ids, phone numbers. All
//! of it comes from the one seeded generator, so a seed replays a run.

use gerbang_core::jid::Phone;
use rand::rngs::StdRng;
use rand::Rng;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/// WhatsApp's pairing-code alphabet: no 0/O, I/1 or U, so codes survive being read aloud.
const PAIRING_ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTVWXYZ";

/// Shaped like WhatsApp's `2@<ref>,<noise key>,<identity key>,<adv secret>`, but prefixed so
/// nobody mistakes it for a real code (a phone would reject it anyway).
pub(crate) fn qr_code(rng: &mut StdRng) -> String {
    let reference: String = (0..40)
        .map(|_| char::from(B64[rng.gen_range(0..64)]))
        .collect();
    let noise = base64(&rng.gen::<[u8; 32]>());
    let identity = base64(&rng.gen::<[u8; 32]>());
    let adv = base64(&rng.gen::<[u8; 32]>());
    format!("SIMULATED-2@{reference},{noise},{identity},{adv}")
}

/// `ABCD-EFGH`, as WhatsApp shows it.
pub(crate) fn pairing_code(rng: &mut StdRng) -> String {
    let mut code = String::with_capacity(9);
    for i in 0..8 {
        if i == 4 {
            code.push('-');
        }
        code.push(char::from(
            PAIRING_ALPHABET[rng.gen_range(0..PAIRING_ALPHABET.len())],
        ));
    }
    code
}

/// Typed codes are compared the way a person would expect: case and the dash do not matter.
pub(crate) fn normalize_pairing_code(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Ids of messages the network originates: `SIM`, 8 hex digits of this run (see
/// `State::run`), then 16 from the seeded generator. The run part keeps ids unique across
/// restarts, when the seeded generator starts over: without it, messages after a restart
/// would repeat earlier ids and be dropped as duplicates.
pub(crate) fn message_id(run: u32, rng: &mut StdRng) -> String {
    format!("SIM{run:08X}{:016X}", rng.gen::<u64>())
}

/// An Indonesian-looking number in a prefix real operators do not hand out much (62899…).
pub(crate) fn phone(rng: &mut StdRng) -> Option<Phone> {
    Phone::parse(&format!("62899{:08}", rng.gen_range(0..100_000_000u32))).ok()
}

/// Standard base64 with padding; a dependency for three fake keys is not worth it.
fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn codes_have_their_shapes() {
        let mut rng = StdRng::seed_from_u64(7);
        let qr = qr_code(&mut rng);
        let body = qr.strip_prefix("SIMULATED-2@").expect("prefix");
        let parts: Vec<&str> = body.split(',').collect();
        assert_eq!(parts.len(), 4);
        assert!(parts[1..].iter().all(|p| p.len() == 44 && p.ends_with('=')));

        let code = pairing_code(&mut rng);
        assert_eq!(code.len(), 9);
        assert_eq!(code.as_bytes()[4], b'-');
        assert!(code
            .chars()
            .all(|c| c == '-' || c.is_ascii_uppercase() || c.is_ascii_digit()));
        assert_eq!(
            normalize_pairing_code(&code.to_lowercase()),
            code.replace('-', "")
        );

        let id = message_id(0xAB, &mut rng);
        assert!(id.len() == 27 && id.starts_with("SIM000000AB"), "{id}");
        let p = phone(&mut rng).expect("phone");
        assert!(p.as_str().starts_with("62899") && p.as_str().len() == 13);
    }
}
