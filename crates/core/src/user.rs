use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::PageRequest;

pub type UserId = i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    User,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::User => "user",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(Role::Admin),
            "user" => Some(Role::User),
            _ => None,
        }
    }
}

/// An account as every layer sees it; the password hash never leaves the store except through
/// [`crate::store::UserStore::password_hash`].
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub email: String,
    pub full_name: String,
    pub role: Role,
    pub is_active: bool,
    /// Interface language, `en` or `id`.
    pub language: String,
    /// IANA time zone the dashboard shows dates in, e.g. `Asia/Jakarta`.
    pub time_zone: String,
    pub last_login: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped when a password changes: access tokens carry it, so old ones stop working.
    #[serde(skip)]
    pub token_version: i64,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub email: String,
    pub full_name: String,
    pub password_hash: String,
    pub role: Role,
    pub is_active: bool,
}

/// A partial update; `None` leaves the column as it is.
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    pub email: Option<String>,
    pub full_name: Option<String>,
    pub role: Option<Role>,
    pub is_active: Option<bool>,
    pub language: Option<String>,
    pub time_zone: Option<String>,
}

impl UserPatch {
    pub fn is_empty(&self) -> bool {
        self.email.is_none()
            && self.full_name.is_none()
            && self.role.is_none()
            && self.is_active.is_none()
            && self.language.is_none()
            && self.time_zone.is_none()
    }
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Matches username, email or full name, case-insensitively.
    pub search: Option<String>,
    pub role: Option<Role>,
    pub is_active: Option<bool>,
    pub page: PageRequest,
}

/// A stored refresh token. Tokens of one login form a family: each use spends one token and
/// issues its successor, and presenting a spent token revokes the whole family.
#[derive(Debug, Clone)]
pub struct RefreshToken {
    pub id: i64,
    pub user_id: UserId,
    pub family_id: String,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}
