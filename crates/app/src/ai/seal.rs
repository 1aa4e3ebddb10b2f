//! Provider keys at rest: ChaCha20-Poly1305 with a random nonce, keyed from the server secret.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// A key for this purpose only: HMAC-SHA256 of a fixed label under the server secret.
pub fn derive_key(secret: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"gerbang: AI provider keys at rest, v1");
    mac.finalize().into_bytes().into()
}

/// `base64(nonce || ciphertext)`.
pub fn seal(key: &[u8; 32], plain: &str) -> String {
    let cipher = ChaCha20Poly1305::new(Key::from_slice(key));
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
        .expect("encryption of a short text does not fail");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    STANDARD.encode(out)
}

/// `None` when the text was sealed under another key (the server secret changed) or is damaged.
pub fn open(key: &[u8; 32], sealed: &str) -> Option<String> {
    let raw = STANDARD.decode(sealed).ok()?;
    if raw.len() < 12 {
        return None;
    }
    let (nonce, body) = raw.split_at(12);
    let cipher = ChaCha20Poly1305::new(Key::from_slice(key));
    let plain = cipher.decrypt(Nonce::from_slice(nonce), body).ok()?;
    String::from_utf8(plain).ok()
}

/// The last four characters, enough to tell two keys apart, never enough to use one.
pub fn hint(key: &str) -> String {
    let tail: String = key
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_keys_open_only_with_the_same_secret() {
        let k = derive_key(b"server secret");
        let s = seal(&k, "AIzaSy-secret-1234");
        assert!(!s.contains("secret"));
        assert_ne!(s, seal(&k, "AIzaSy-secret-1234"), "a fresh nonce each time");
        assert_eq!(open(&k, &s).as_deref(), Some("AIzaSy-secret-1234"));
        assert_eq!(open(&derive_key(b"another"), &s), None);
        assert_eq!(open(&k, "not base64!"), None);
        assert_eq!(hint("AIzaSy-secret-1234"), "…1234");
    }
}
