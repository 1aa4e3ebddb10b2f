use gerbang_core::device::ApiKey;
use gerbang_core::user::{Role, User, UserId};

/// Who is making a request: a signed-in user, or a machine client holding one device's key.
#[derive(Debug, Clone)]
pub enum Principal {
    User(User),
    ApiKey { key: ApiKey, owner: UserId },
}

impl Principal {
    pub fn is_admin(&self) -> bool {
        matches!(self, Principal::User(u) if u.role == Role::Admin)
    }

    /// The user on whose behalf the request acts (a key acts for its device's owner).
    pub fn user_id(&self) -> UserId {
        match self {
            Principal::User(u) => u.id,
            Principal::ApiKey { owner, .. } => *owner,
        }
    }
}

/// A signed-in user performing an action that may be audited, with where it came from.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub user: &'a User,
    pub ip: Option<&'a str>,
}
