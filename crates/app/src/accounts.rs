//! Sign-up, sign-in, token refresh and a user's own profile.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use gerbang_core::user::{NewUser, Role, User, UserId, UserPatch};

use crate::tokens::{random_secret, secret_hash};
use crate::validate::{self, Fields};
use crate::{passwords, App, AppError, AppResult};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegisterInput {
    #[schema(
        min_length = 3,
        max_length = 32,
        pattern = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
    )]
    pub username: String,
    #[schema(max_length = 254, format = Email)]
    pub email: String,
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub full_name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginInput {
    /// Username or email.
    #[serde(alias = "email", alias = "username")]
    pub login: String,
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefreshInput {
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileInput {
    #[schema(max_length = 254, format = Email)]
    pub email: Option<String>,
    #[schema(max_length = 100)]
    pub full_name: Option<String>,
    /// `en` or `id`.
    #[schema(pattern = "^(en|id)$")]
    pub language: Option<String>,
    /// IANA time zone for dates in the dashboard, e.g. `Asia/Jakarta`.
    pub time_zone: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordInput {
    pub current_password: String,
    #[schema(min_length = 8, max_length = 128)]
    pub new_password: String,
}

/// A signed-in session: a short-lived access token and the refresh token that renews it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthTokens {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// Single use: each refresh returns a new one.
    pub refresh_token: String,
    /// Seconds until `token` expires.
    pub expires_in: i64,
    pub user: User,
}

/// The rules for the fields a user may change on their own profile (admins too).
pub(crate) fn check_profile(
    f: &mut Fields,
    email: Option<&str>,
    full_name: Option<&str>,
    language: Option<&str>,
) {
    if let Some(email) = email {
        f.check("email", validate::email(email));
    }
    if let Some(name) = full_name {
        f.check("fullName", validate::full_name(name));
    }
    if let Some(lang) = language {
        f.check("language", validate::language(lang));
    }
}

impl App {
    pub async fn register(&self, input: RegisterInput) -> AppResult<User> {
        if !self.settings.registration_enabled {
            return Err(AppError::forbidden(
                "registration is disabled on this server",
            ));
        }
        self.add_user(
            input.username,
            input.email,
            &input.password,
            input.full_name,
            Role::User,
            true,
        )
        .await
    }

    /// Validates and creates an account: registration, admins, the first start.
    pub(crate) async fn add_user(
        &self,
        username: String,
        email: String,
        password: &str,
        full_name: String,
        role: Role,
        is_active: bool,
    ) -> AppResult<User> {
        let mut f = Fields::new();
        f.check("username", validate::username(&username))
            .check("email", validate::email(&email))
            .check("password", validate::password(password));
        check_profile(&mut f, None, Some(&full_name), None);
        f.finish()?;
        let new = NewUser {
            username,
            email,
            full_name: full_name.trim().to_string(),
            password_hash: passwords::hash(password).await?,
            role,
            is_active,
        };
        Ok(self.store.create_user(&new).await?)
    }

    pub async fn login(&self, input: LoginInput) -> AppResult<AuthTokens> {
        let mut f = Fields::new();
        if input.login.trim().is_empty() {
            f.add("login", "enter a username or email");
        }
        if input.password.is_empty() {
            f.add("password", "enter the password");
        }
        f.finish()?;
        let invalid =
            || AppError::unauthorized("invalid_credentials", "wrong username or password");
        let Some(user) = self.store.user_by_login(input.login.trim()).await? else {
            passwords::verify(&input.password, passwords::DECOY_HASH).await?;
            return Err(invalid());
        };
        let hash = self.store.password_hash(user.id).await?.unwrap_or_default();
        if !passwords::verify(&input.password, &hash).await? {
            return Err(invalid());
        }
        if !user.is_active {
            return Err(AppError::unauthorized(
                "account_locked",
                "this account is locked; ask an administrator",
            ));
        }
        let now = Utc::now();
        self.store.record_login(user.id, now).await?;
        let user = User {
            last_login: Some(now),
            ..user
        };
        self.issue_tokens(user, &random_secret("")).await
    }

    /// Spends a refresh token and returns its successor. A token presented twice means it was
    /// copied: the whole family (every token descended from that login) is revoked.
    pub async fn refresh(&self, input: RefreshInput) -> AppResult<AuthTokens> {
        let now = Utc::now();
        let invalid = || AppError::unauthorized("invalid_token", "the refresh token is not valid");
        let hash = secret_hash(&input.refresh_token);
        let Some(token) = self.store.refresh_token(&hash).await? else {
            return Err(invalid());
        };
        // A dashboard session is not a refresh token, even though it is stored as one.
        if token.revoked_at.is_some() || token.family_id.starts_with("web:") {
            return Err(invalid());
        }
        if token.used_at.is_some() || !self.store.spend_refresh_token(token.id, now).await? {
            self.store
                .revoke_refresh_family(&token.family_id, now)
                .await?;
            tracing::warn!(
                user_id = token.user_id,
                "refresh token re-used; family revoked"
            );
            return Err(AppError::unauthorized(
                "refresh_token_reused",
                "this refresh token was already used; sign in again",
            ));
        }
        if token.expires_at <= now {
            return Err(AppError::unauthorized(
                "token_expired",
                "the refresh token has expired",
            ));
        }
        let user = self.store.user(token.user_id).await?.ok_or_else(invalid)?;
        if !user.is_active {
            return Err(AppError::unauthorized(
                "account_locked",
                "this account is locked",
            ));
        }
        self.issue_tokens(user, &token.family_id).await
    }

    async fn issue_tokens(&self, user: User, family_id: &str) -> AppResult<AuthTokens> {
        let now = Utc::now();
        let refresh = random_secret("gbr_");
        self.store
            .insert_refresh_token(
                &secret_hash(&refresh),
                user.id,
                family_id,
                now + self.tokens.refresh_ttl,
            )
            .await?;
        Ok(AuthTokens {
            token: self.tokens.issue_access(&user, now)?,
            refresh_token: refresh,
            expires_in: self.tokens.access_ttl.num_seconds(),
            user,
        })
    }

    /// The user behind an access token, checked against the database on every request so that
    /// a locked account or a changed password takes effect at once.
    pub async fn authenticate(&self, token: &str) -> AppResult<User> {
        let claims = self.tokens.verify_access(token)?;
        let invalid = || AppError::unauthorized("invalid_token", "the access token is not valid");
        let id: UserId = claims.sub.parse().map_err(|_| invalid())?;
        let user = self.store.user(id).await?.ok_or_else(invalid)?;
        if !user.is_active {
            return Err(AppError::unauthorized(
                "account_locked",
                "this account is locked",
            ));
        }
        if user.token_version != claims.tv {
            return Err(AppError::unauthorized(
                "invalid_token",
                "the password changed since this token was issued; sign in again",
            ));
        }
        Ok(user)
    }

    pub async fn update_profile(&self, user: &User, input: ProfileInput) -> AppResult<User> {
        let mut f = Fields::new();
        check_profile(
            &mut f,
            input.email.as_deref(),
            input.full_name.as_deref(),
            input.language.as_deref(),
        );
        if let Some(tz) = &input.time_zone {
            f.check("timeZone", validate::time_zone(tz.trim()));
        }
        f.finish()?;
        let patch = UserPatch {
            email: input.email,
            full_name: input.full_name.map(|n| n.trim().to_string()),
            language: input.language,
            time_zone: input.time_zone.map(|t| t.trim().to_string()),
            ..UserPatch::default()
        };
        if patch.is_empty() {
            return Ok(user.clone());
        }
        self.store
            .update_user(user.id, &patch)
            .await?
            .ok_or(AppError::NotFound("user"))
    }

    /// Changes the password, ends every other session, and returns fresh tokens for this one.
    pub async fn change_password(
        &self,
        user: &User,
        input: ChangePasswordInput,
    ) -> AppResult<AuthTokens> {
        let mut f = Fields::new();
        f.check("newPassword", validate::password(&input.new_password));
        if input.new_password == input.current_password {
            f.add("newPassword", "must differ from the current password");
        }
        let hash = self.store.password_hash(user.id).await?.unwrap_or_default();
        if !passwords::verify(&input.current_password, &hash).await? {
            f.add("currentPassword", "is not correct");
        }
        f.finish()?;
        self.store
            .set_password(user.id, &passwords::hash(&input.new_password).await?)
            .await?;
        self.store
            .revoke_user_refresh_tokens(user.id, Utc::now())
            .await?;
        self.runtime.events.credentials.changed();
        let user = self
            .store
            .user(user.id)
            .await?
            .ok_or(AppError::NotFound("user"))?;
        self.issue_tokens(user, &random_secret("")).await
    }

    /// On a server with no users at all, creates the first administrator. Returns the password
    /// when it was generated here, so the caller can show it once.
    pub async fn ensure_first_admin(&self, password: Option<&str>) -> AppResult<Option<String>> {
        if self.store.count_users().await? > 0 {
            return Ok(None);
        }
        let generated = password
            .is_none()
            .then(|| random_secret("")[..20].to_string());
        let password = password.or(generated.as_deref()).unwrap_or_default();
        match self
            .create_admin("admin", "admin@localhost.localdomain", password)
            .await
        {
            // Another node sharing the database won the race: nothing to show.
            Err(AppError::Conflict { .. }) => Ok(None),
            Err(e) => Err(e),
            Ok(_) => Ok(generated),
        }
    }

    /// Creates an administrator account (the `create-admin` command and first start).
    pub async fn create_admin(
        &self,
        username: &str,
        email: &str,
        password: &str,
    ) -> AppResult<User> {
        let (username, email) = (username.to_string(), email.to_string());
        self.add_user(
            username,
            email,
            password,
            "Administrator".into(),
            Role::Admin,
            true,
        )
        .await
    }
}
