//! Argon2id password hashing, off the async threads (a hash takes tens of milliseconds).

use argon2::password_hash::{rand_core::OsRng, PasswordHash, SaltString};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};

use crate::{AppError, AppResult};

pub async fn hash(password: &str) -> AppResult<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

/// `false` for a wrong password and for a hash that cannot be parsed.
pub async fn verify(password: &str, hash: &str) -> AppResult<bool> {
    let password = password.to_owned();
    let hash = hash.to_owned();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// A hash of nothing in particular, verified against when a login names no account, so that
/// unknown and known usernames take the same time to refuse.
pub const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Xq6nPgG1lqg9Kp0kq9hYVaN0mB6bq0ZrXc3kq7s6bE4";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let h = hash("rahasia123").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("rahasia123", &h).await.unwrap());
        assert!(!verify("rahasia124", &h).await.unwrap());
        assert!(!verify("x", "not a hash").await.unwrap());
        assert!(PasswordHash::new(DECOY_HASH).is_ok());
    }
}
