//! Scheduled messages: a text for one recipient at a time, in a time zone.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use gerbang_core::jid::Jid;
use gerbang_core::job::{NewScheduled, ScheduleFilter, ScheduleStatus, ScheduledMessage};
use gerbang_core::{Page, PageRequest};

use crate::jobs::pacing;
use crate::validate::Fields;
use crate::{App, AppError, AppResult, Principal};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleInput {
    /// Also accepted as `to`, `jid`, `recipient`, `number`, `phoneNumber`, `targetNumber` or `chatId`
    /// (the names earlier gateways used).
    #[serde(
        alias = "to",
        alias = "jid",
        alias = "recipient",
        alias = "number",
        alias = "phoneNumber",
        alias = "targetNumber",
        alias = "chatId"
    )]
    pub phone: String,
    /// Also accepted as `text`.
    #[serde(alias = "text")]
    pub message: String,
    /// RFC 3339 with an offset (`2026-12-01T09:00:00+07:00`), or a local time
    /// (`2026-12-01T09:00` / `2026-12-01 09:00`) read in `timezone`.
    #[serde(alias = "scheduledAt", alias = "scheduleTime")]
    pub send_at: String,
    /// IANA time zone (default `Asia/Jakarta`).
    pub timezone: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ScheduleQuery {
    #[serde(default, deserialize_with = "gerbang_core::page::page")]
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[serde(alias = "limit")]
    #[serde(default, deserialize_with = "gerbang_core::page::per_page")]
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
    pub status: Option<ScheduleStatus>,
}

fn parse_when(input: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(input.trim()) {
        return Some(t.with_timezone(&Utc));
    }
    [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(input.trim(), f).ok())
    .and_then(|local| tz.from_local_datetime(&local).earliest())
    .map(|t| t.with_timezone(&Utc))
}

impl App {
    pub async fn schedule_message(
        &self,
        who: &Principal,
        device_id: &str,
        i: ScheduleInput,
    ) -> AppResult<ScheduledMessage> {
        let device = self.device_for(who, device_id).await?;
        let mut f = Fields::new();
        let to = f.take("phone", Jid::parse(&i.phone));
        if i.message.trim().is_empty() {
            f.add("message", "must not be empty");
        }
        let timezone = i.timezone.unwrap_or_else(|| "Asia/Jakarta".into());
        let tz = pacing::timezone(&timezone);
        if tz.is_none() {
            f.add("timezone", "not an IANA time zone such as Asia/Jakarta");
        }
        let when = tz.and_then(|tz| parse_when(&i.send_at, tz));
        match when {
            None => {
                f.add(
                    "sendAt",
                    "a date and time like 2026-12-01T09:00:00+07:00 or 2026-12-01 09:00",
                );
            }
            Some(t) if t < self.clock.now() - chrono::Duration::seconds(60) => {
                f.add("sendAt", "is in the past");
            }
            Some(_) => {}
        }
        f.finish()?;
        let (Some(to), Some(send_at)) = (to, when) else {
            return Err(AppError::field("sendAt", "required"));
        };
        let new = NewScheduled {
            device_id: device.device_id,
            user_id: who.user_id(),
            to: to.to_string(),
            message: i.message,
            send_at,
            timezone,
        };
        let created = self.store.create_scheduled(&new).await?;
        self.clock.moved.notify_waiters();
        self.scheduled_event(&created).await;
        Ok(created)
    }

    /// Tells the event stream a scheduled message changed state (the dashboard's list follows it).
    /// The change itself is stored already: an event that cannot be written is logged, and the
    /// change still answers as done (a retried request would schedule the message twice).
    pub(crate) async fn scheduled_event(&self, s: &ScheduledMessage) {
        let event = gerbang_core::event::NewEvent {
            event_type: gerbang_core::event::types::SCHEDULED_UPDATED,
            device_id: Some(s.device_id.clone()),
            user_id: Some(s.user_id),
            chat_jid: Some(s.to.clone()),
            data: serde_json::json!({
                "id": s.id, "deviceId": s.device_id, "to": s.to, "status": s.status.as_str(),
                "sendAt": s.send_at, "messageId": s.message_id, "error": s.error,
            }),
        };
        if let Err(e) = self.runtime.events.publish(event).await {
            tracing::warn!(error = %e, id = s.id, "cannot append scheduled.updated");
        }
    }

    /// Reads a scheduled message again after a change and tells the event stream.
    pub(crate) async fn scheduled_changed(&self, id: i64) -> AppResult<()> {
        if let Some(s) = self.store.scheduled(id).await? {
            self.scheduled_event(&s).await;
        }
        Ok(())
    }

    pub async fn list_scheduled(
        &self,
        who: &Principal,
        device_id: Option<&str>,
        q: ScheduleQuery,
    ) -> AppResult<Page<ScheduledMessage>> {
        let mut filter = ScheduleFilter {
            status: q.status,
            page: PageRequest::new(q.page.unwrap_or(1), q.per_page.unwrap_or(20)),
            ..ScheduleFilter::default()
        };
        match who {
            Principal::ApiKey { key, .. } => filter.device_id = Some(key.device_id.clone()),
            Principal::User(u) if !who.is_admin() => filter.owner = Some(u.id),
            Principal::User(_) => {}
        }
        if let Some(d) = device_id {
            self.device_for(who, d).await?;
            filter.device_id = Some(d.to_string());
            filter.owner = None;
        }
        Ok(self.store.list_scheduled(&filter).await?)
    }

    pub async fn cancel_scheduled(&self, who: &Principal, id: i64) -> AppResult<ScheduledMessage> {
        let s = self
            .store
            .scheduled(id)
            .await?
            .ok_or(AppError::NotFound("scheduled message"))?;
        self.device_for(who, &s.device_id).await?;
        let cancelled = ScheduleStatus::Cancelled;
        if !self
            .store
            .transition_scheduled(id, ScheduleStatus::Scheduled, cancelled, None, None)
            .await?
        {
            return Err(AppError::conflict(format!(
                "it is already {}",
                s.status.as_str()
            )));
        }
        let cancelled = self
            .store
            .scheduled(id)
            .await?
            .ok_or(AppError::NotFound("scheduled message"))?;
        self.scheduled_event(&cancelled).await;
        Ok(cancelled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_with_and_without_offsets() {
        let jkt = pacing::timezone("Asia/Jakarta").unwrap();
        let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(
            parse_when("2026-12-01T09:00:00+07:00", jkt),
            Some(utc("2026-12-01T02:00:00Z"))
        );
        assert_eq!(
            parse_when("2026-12-01 09:00", jkt),
            Some(utc("2026-12-01T02:00:00Z"))
        );
        assert_eq!(
            parse_when("2026-12-01T09:00", jkt),
            Some(utc("2026-12-01T02:00:00Z"))
        );
        assert_eq!(parse_when("besok pagi", jkt), None);
    }
}
