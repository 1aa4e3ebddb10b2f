//! User administration. Every change is written to the audit log.

use chrono::Utc;
use serde::Deserialize;
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use gerbang_core::user::{Role, User, UserFilter, UserId, UserPatch};
use gerbang_core::{Page, PageRequest};

use crate::accounts::check_profile;
use crate::validate::{self, Fields};
use crate::{passwords, Actor, App, AppError, AppResult};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Page number, from 1.
    #[serde(default, deserialize_with = "gerbang_core::page::page")]
    #[param(minimum = 1)]
    pub page: Option<u32>,
    /// Users per page, 1 to 100 (default 20).
    #[serde(alias = "limit")]
    #[serde(default, deserialize_with = "gerbang_core::page::per_page")]
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    /// Matches username, email or full name.
    pub search: Option<String>,
    pub role: Option<Role>,
    pub is_active: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateUserInput {
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
    #[serde(default = "default_role")]
    pub role: Role,
    #[serde(default = "default_true")]
    pub is_active: bool,
}

fn default_role() -> Role {
    Role::User
}

fn default_true() -> bool {
    true
}

/// Any subset of the fields; `isActive: false` locks the account, `password` resets it.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateUserInput {
    #[schema(max_length = 254, format = Email)]
    pub email: Option<String>,
    #[schema(max_length = 100)]
    pub full_name: Option<String>,
    pub role: Option<Role>,
    pub is_active: Option<bool>,
    #[schema(pattern = "^(en|id)$")]
    pub language: Option<String>,
    /// A new password; the user's sessions end.
    #[schema(min_length = 8, max_length = 128)]
    pub password: Option<String>,
}

impl App {
    pub async fn list_users(&self, q: UserQuery) -> AppResult<Page<User>> {
        let filter = UserFilter {
            search: q.search.filter(|s| !s.trim().is_empty()),
            role: q.role,
            is_active: q.is_active,
            page: PageRequest::new(q.page.unwrap_or(1), q.per_page.unwrap_or(20)),
        };
        Ok(self.store.list_users(&filter).await?)
    }

    pub async fn get_user(&self, id: UserId) -> AppResult<User> {
        self.store.user(id).await?.ok_or(AppError::NotFound("user"))
    }

    pub async fn admin_create_user(
        &self,
        actor: Actor<'_>,
        input: CreateUserInput,
    ) -> AppResult<User> {
        let user = self
            .add_user(
                input.username,
                input.email,
                &input.password,
                input.full_name,
                input.role,
                input.is_active,
            )
            .await?;
        let details =
            json!({"username": user.username, "role": user.role, "isActive": user.is_active});
        self.audit(actor, "user.create", "user", &user.id.to_string(), details)
            .await?;
        Ok(user)
    }

    pub async fn admin_update_user(
        &self,
        actor: Actor<'_>,
        id: UserId,
        input: UpdateUserInput,
    ) -> AppResult<User> {
        let mut f = Fields::new();
        check_profile(
            &mut f,
            input.email.as_deref(),
            input.full_name.as_deref(),
            input.language.as_deref(),
        );
        if let Some(pw) = &input.password {
            f.check("password", validate::password(pw));
        }
        f.finish()?;
        let before = self.get_user(id).await?;
        if id == actor.user.id {
            // A stolen access token must not be enough to take an account over for good: one's
            // own password changes only through `change-password`, which asks for the current one.
            if input.password.is_some() {
                return Err(AppError::Conflict {
                    field: Some("password".into()),
                    message: "change your own password with POST /api/auth/change-password \
                              (it asks for the current one)"
                        .into(),
                });
            }
            if input.is_active == Some(false) {
                return Err(AppError::conflict("you cannot lock your own account"));
            }
            if input.role == Some(Role::User) {
                return Err(AppError::conflict("you cannot remove your own admin role"));
            }
        }
        let patch = UserPatch {
            email: input.email,
            full_name: input.full_name.map(|n| n.trim().to_string()),
            role: input.role,
            is_active: input.is_active,
            language: input.language,
            time_zone: None,
        };
        // Hash before writing anything, so a failure here changes nothing.
        let new_hash = match &input.password {
            Some(pw) => Some(passwords::hash(pw).await?),
            None => None,
        };
        let user = if patch.is_empty() {
            before.clone()
        } else {
            self.store
                .update_user(id, &patch)
                .await?
                .ok_or(AppError::NotFound("user"))?
        };
        // A lock (or a role change) reaches the user's open streams at once.
        self.runtime.events.credentials.changed();
        let target = id.to_string();
        if let Some(hash) = new_hash {
            self.store.set_password(id, &hash).await?;
            self.store
                .revoke_user_refresh_tokens(id, Utc::now())
                .await?;
            self.runtime.events.credentials.changed();
            self.audit(actor, "user.reset_password", "user", &target, json!({}))
                .await?;
        }
        if before.is_active != user.is_active {
            if !user.is_active {
                self.store
                    .revoke_user_refresh_tokens(id, Utc::now())
                    .await?;
            }
            let action = if user.is_active {
                "user.unlock"
            } else {
                "user.lock"
            };
            self.audit(actor, action, "user", &target, json!({}))
                .await?;
        }
        if before.role != user.role {
            let details = json!({"from": before.role, "to": user.role});
            self.audit(actor, "user.role_change", "user", &target, details)
                .await?;
        }
        let mut changed = Vec::new();
        if before.email != user.email {
            changed.push("email");
        }
        if before.full_name != user.full_name {
            changed.push("fullName");
        }
        if before.language != user.language {
            changed.push("language");
        }
        if !changed.is_empty() {
            let details = json!({"fields": changed});
            self.audit(actor, "user.update", "user", &target, details)
                .await?;
        }
        // Re-read: a password reset bumped the token version.
        self.get_user(id).await
    }

    pub async fn admin_delete_user(&self, actor: Actor<'_>, id: UserId) -> AppResult<()> {
        if id == actor.user.id {
            return Err(AppError::conflict("you cannot delete your own account"));
        }
        let user = self.get_user(id).await?;
        let devices = self.store.count_user_devices(id).await?;
        if devices > 0 {
            return Err(AppError::conflict(format!(
                "the user still owns {devices} device(s); delete or reassign them first"
            )));
        }
        if !self.store.delete_user(id).await? {
            return Err(AppError::NotFound("user"));
        }
        self.runtime.events.credentials.changed();
        let details = json!({"username": user.username});
        self.audit(actor, "user.delete", "user", &id.to_string(), details)
            .await?;
        Ok(())
    }
}
