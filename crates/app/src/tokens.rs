//! Access tokens (short-lived JWTs) and refresh tokens (opaque, stored hashed, rotated).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{decode, encode, errors::ErrorKind, Algorithm, DecodingKey, EncodingKey};
use jsonwebtoken::{Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use gerbang_core::user::User;

use crate::{AppError, AppResult};

pub struct TokenSettings {
    encoding: EncodingKey,
    decoding: DecodingKey,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// Encrypts secrets kept in the database (AI provider keys); derived from the JWT secret,
    /// so it needs no second secret to manage (changing the JWT secret makes them unreadable).
    pub sealing_key: [u8; 32],
    /// Proves a request forwarded by another node of the cluster (they share the JWT secret).
    pub node_key: String,
}

impl TokenSettings {
    pub fn new(jwt_secret: &[u8], access_ttl: Duration, refresh_ttl: Duration) -> Self {
        Self {
            encoding: EncodingKey::from_secret(jwt_secret),
            decoding: DecodingKey::from_secret(jwt_secret),
            access_ttl,
            refresh_ttl,
            sealing_key: crate::ai::seal::derive_key(jwt_secret),
            node_key: crate::cluster::forward::node_key(jwt_secret),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: String,
    pub role: String,
    /// The user's token version when issued; a password change bumps it.
    pub tv: i64,
    pub iat: i64,
    pub exp: i64,
}

impl TokenSettings {
    pub fn issue_access(&self, user: &User, now: DateTime<Utc>) -> AppResult<String> {
        let claims = AccessClaims {
            sub: user.id.to_string(),
            role: user.role.as_str().to_string(),
            tv: user.token_version,
            iat: now.timestamp(),
            exp: (now + self.access_ttl).timestamp(),
        };
        encode(&Header::default(), &claims, &self.encoding)
            .map_err(|e| AppError::Internal(format!("cannot sign token: {e}")))
    }

    pub fn verify_access(&self, token: &str) -> AppResult<AccessClaims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        decode::<AccessClaims>(token, &self.decoding, &validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => {
                    AppError::unauthorized("token_expired", "the access token has expired")
                }
                _ => AppError::unauthorized("invalid_token", "the access token is not valid"),
            })
    }
}

/// A fresh random secret: 32 bytes, URL-safe base64, with a readable prefix.
pub fn random_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Refresh tokens and API keys carry 256 random bits, so a fast hash is enough to store them.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use gerbang_core::user::Role;

    fn user() -> User {
        User {
            id: 7,
            username: "budi".into(),
            email: "budi@example.id".into(),
            full_name: String::new(),
            role: Role::User,
            is_active: true,
            language: "id".into(),
            time_zone: "Asia/Jakarta".into(),
            last_login: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            token_version: 3,
        }
    }

    #[test]
    fn access_tokens_round_trip_and_expire() {
        let s = TokenSettings::new(b"secret", Duration::hours(24), Duration::days(7));
        let t = s.issue_access(&user(), Utc::now()).unwrap();
        let c = s.verify_access(&t).unwrap();
        assert_eq!((c.sub.as_str(), c.tv, c.role.as_str()), ("7", 3, "user"));
        let old = s
            .issue_access(&user(), Utc::now() - Duration::days(2))
            .unwrap();
        assert!(matches!(
            s.verify_access(&old),
            Err(AppError::Unauthorized {
                code: "token_expired",
                ..
            })
        ));
        let other = TokenSettings::new(b"other", Duration::hours(1), Duration::days(1));
        assert!(matches!(
            other.verify_access(&t),
            Err(AppError::Unauthorized {
                code: "invalid_token",
                ..
            })
        ));
    }

    #[test]
    fn secrets_are_random_and_hash_stably() {
        let a = random_secret("gbk_");
        assert!(a.starts_with("gbk_") && a.len() == 47);
        assert_ne!(a, random_secret("gbk_"));
        assert_eq!(secret_hash(&a), secret_hash(&a));
        assert_eq!(secret_hash(&a).len(), 64);
    }
}
