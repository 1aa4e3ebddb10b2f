//! A user's own activity (their audited actions and their devices' connection history), the
//! administrators' message list across devices, and signing out.

use chrono::Utc;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use gerbang_core::audit::{AuditEntry, AuditFilter};
use gerbang_core::export::{Cursor, MessageFilter};
use gerbang_core::message::{Message, MessageStatus};
use gerbang_core::stats::{ConnectionEntry, StatsScope};
use gerbang_core::user::User;
use gerbang_core::PageRequest;

use crate::accounts::RefreshInput;
use crate::exports::instant;
use crate::tokens::secret_hash;
use crate::{App, AppError, AppResult, Principal};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    /// Entries of each kind, 1 to 100 (default 50).
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    /// Your latest audited actions, newest first.
    pub actions: Vec<AuditEntry>,
    /// Your devices' latest connection changes, newest first.
    pub connections: Vec<ConnectionEntry>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct MessageLogQuery {
    /// Words the text, caption or file name contains (any case).
    pub q: Option<String>,
    pub device_id: Option<String>,
    /// The devices of one user (administrators).
    pub user_id: Option<i64>,
    pub chat_jid: Option<String>,
    /// `in` or `out`.
    pub direction: Option<String>,
    /// `pending`, `sent`, `delivered`, `read`, `failed`, `received`, ...
    pub status: Option<String>,
    /// A day `YYYY-MM-DD` (your time zone) or an RFC 3339 instant.
    pub from: Option<String>,
    /// A day (included) or an instant (excluded).
    pub to: Option<String>,
    /// Cursor: only messages with a row id below this (`nextBefore` of the previous page).
    pub before: Option<i64>,
    /// 1 to 200 (default 50).
    pub limit: Option<i64>,
}

/// One page of messages, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessagePage {
    pub items: Vec<Message>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next_before: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoggedOut {
    pub logged_out: bool,
}

impl App {
    pub async fn activity(&self, user: &User, q: &ActivityQuery) -> AppResult<Activity> {
        let limit = q.limit.unwrap_or(50);
        if !(1..=100).contains(&limit) {
            return Err(AppError::field("limit", "must be 1 to 100"));
        }
        let actions = self
            .store
            .list_audit(&AuditFilter {
                actor_id: Some(user.id),
                page: PageRequest::new(1, limit as u32),
                ..Default::default()
            })
            .await?
            .items;
        let connections = self
            .store
            .connection_history(&StatsScope::User(user.id), None, limit)
            .await?;
        Ok(Activity {
            actions,
            connections,
        })
    }

    pub async fn admin_messages(&self, admin: &User, q: MessageLogQuery) -> AppResult<MessagePage> {
        self.message_log(&Principal::User(admin.clone()), q).await
    }

    /// The message log `who` may read, newest first: an administrator's covers every device
    /// (or one user's), a user's their own devices, an API key's its device.
    pub async fn message_log(&self, who: &Principal, q: MessageLogQuery) -> AppResult<MessagePage> {
        let mut owner = q.user_id;
        let mut device_id = q.device_id.clone().filter(|d| !d.is_empty());
        match who {
            Principal::User(u) if !who.is_admin() => {
                if owner.is_some_and(|o| o != u.id) {
                    return Err(AppError::forbidden(
                        "only administrators read other users' messages",
                    ));
                }
                owner = Some(u.id);
            }
            Principal::User(_) => {}
            Principal::ApiKey { key, .. } => {
                if owner.is_some() {
                    return Err(AppError::forbidden("an API key reads its own device only"));
                }
                device_id.get_or_insert_with(|| key.device_id.clone());
            }
        }
        if let Some(d) = &device_id {
            self.device_for(who, d).await?;
        }
        let tz: Tz = match who {
            Principal::User(u) => u.time_zone.parse().unwrap_or(Tz::UTC),
            Principal::ApiKey { .. } => Tz::UTC,
        };
        let limit = q.limit.unwrap_or(50);
        if !(1..=200).contains(&limit) {
            return Err(AppError::field("limit", "must be 1 to 200"));
        }
        let from = q
            .from
            .as_deref()
            .map(|v| instant("from", v, tz, false))
            .transpose()?;
        let to =
            q.to.as_deref()
                .map(|v| instant("to", v, tz, true))
                .transpose()?;
        let status = q
            .status
            .as_deref()
            .map(|s| {
                serde_json::from_value::<MessageStatus>(json!(s))
                    .map(|st| st.as_str().to_string())
                    .map_err(|_| AppError::field("status", "unknown message status"))
            })
            .transpose()?;
        let from_me = match q.direction.as_deref() {
            None => None,
            Some("in") => Some(false),
            Some("out") => Some(true),
            Some(_) => return Err(AppError::field("direction", "must be in or out")),
        };
        let filter = MessageFilter {
            owner,
            device_id,
            chat_jid: q.chat_jid.filter(|c| !c.is_empty()),
            from_me,
            status,
            from,
            to,
            text: q.q.clone().filter(|t| !t.trim().is_empty()),
        };
        let items = self
            .store
            .messages_page(&filter, Cursor::Before(q.before), limit)
            .await?;
        let next_before = (items.len() as i64 == limit)
            .then(|| items.last().map(|m| m.id))
            .flatten();
        Ok(MessagePage { items, next_before })
    }

    /// Revokes the refresh-token family of the caller's session (that sign-in and every token
    /// refreshed from it). Access tokens already issued run out by themselves (minutes).
    pub async fn logout(&self, user: &User, input: RefreshInput) -> AppResult<LoggedOut> {
        let not_yours = || AppError::field("refreshToken", "is not a refresh token of yours");
        let token = self
            .store
            .refresh_token(&secret_hash(&input.refresh_token))
            .await?
            .ok_or_else(not_yours)?;
        if token.user_id != user.id || token.family_id.starts_with("web:") {
            return Err(not_yours());
        }
        self.store
            .revoke_refresh_family(&token.family_id, Utc::now())
            .await?;
        Ok(LoggedOut { logged_out: true })
    }
}
