//! Browser sessions for the dashboard. A session is a refresh-token row that is never spent:
//! the cookie holds the random secret, the database only its hash, so a session can be ended
//! (sign-out, password change, lock) without any new table.

use chrono::Utc;

use gerbang_core::user::User;

use crate::tokens::{random_secret, secret_hash};
use crate::{App, AppError, AppResult};

/// Family ids of dashboard sessions start with this, so they are told apart from API logins.
const FAMILY_PREFIX: &str = "web:";

impl App {
    /// Opens a session for a user who has just signed in; returns the cookie value.
    pub async fn start_web_session(&self, user: &User) -> AppResult<String> {
        let secret = random_secret("gbs_");
        let family = format!("{FAMILY_PREFIX}{}", random_secret(""));
        self.store
            .insert_refresh_token(
                &secret_hash(&secret),
                user.id,
                &family,
                Utc::now() + self.tokens.refresh_ttl,
            )
            .await?;
        Ok(secret)
    }

    /// The user behind a session cookie, checked on every request.
    pub async fn web_session_user(&self, secret: &str) -> AppResult<User> {
        let invalid = || AppError::unauthorized("invalid_session", "sign in again");
        let token = self
            .store
            .refresh_token(&secret_hash(secret))
            .await?
            .ok_or_else(invalid)?;
        let usable = token.family_id.starts_with(FAMILY_PREFIX)
            && token.revoked_at.is_none()
            && token.used_at.is_none()
            && token.expires_at > Utc::now();
        if !usable {
            return Err(invalid());
        }
        let user = self.store.user(token.user_id).await?.ok_or_else(invalid)?;
        if !user.is_active {
            return Err(AppError::unauthorized(
                "account_locked",
                "this account is locked",
            ));
        }
        Ok(user)
    }

    /// Ends a session (sign-out). Unknown cookies are ignored.
    pub async fn end_web_session(&self, secret: &str) -> AppResult<()> {
        if let Some(token) = self.store.refresh_token(&secret_hash(secret)).await? {
            self.store
                .revoke_refresh_family(&token.family_id, Utc::now())
                .await?;
            self.runtime.events.credentials.changed();
        }
        Ok(())
    }
}
