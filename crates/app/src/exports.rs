//! Exports of users, devices, messages and the audit log as JSON or CSV. An [`Exporter`] reads
//! its table a page at a time in id order and hands out encoded chunks, so an export of
//! millions of rows holds one page in memory, whatever its size.

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

use gerbang_core::audit::{AuditEntry, AuditFilter};
use gerbang_core::device::{Device, DeviceStatus};
use gerbang_core::export::{DeviceExportFilter, MessageFilter, UserExportFilter};
use gerbang_core::message::{Message, MessageStatus};
use gerbang_core::user::{Role, User};

use crate::stats::day_start;
use crate::{Actor, App, AppError, AppResult, Principal};

/// Rows read per database round trip.
const PAGE: i64 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Users,
    Devices,
    Messages,
    AuditLogs,
}

impl ExportKind {
    pub fn name(self) -> &'static str {
        match self {
            ExportKind::Users => "users",
            ExportKind::Devices => "devices",
            ExportKind::Messages => "messages",
            ExportKind::AuditLogs => "audit-logs",
        }
    }
}

/// Filters of every export; each export reads the ones that apply to it.
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `json` (default) or `csv`.
    pub format: Option<String>,
    /// Start: a day `YYYY-MM-DD` (local, in your time zone) or an RFC 3339 instant. Alias
    /// `startDate`. Messages: by message time; users and audit logs: by creation.
    #[serde(alias = "startDate")]
    pub from: Option<String>,
    /// End: a day (included) or an instant (excluded). Alias `endDate`.
    #[serde(alias = "endDate")]
    pub to: Option<String>,
    /// Devices and messages: one device.
    pub device_id: Option<String>,
    /// Devices and messages (administrators): one user's devices. Audit logs: the actor.
    pub user_id: Option<i64>,
    /// Devices: `connected`, `disconnected`, ...; messages: `sent`, `failed`, `received`, ...
    pub status: Option<String>,
    /// Messages: `in` or `out`.
    pub direction: Option<String>,
    /// Messages: one chat (JID).
    pub chat_jid: Option<String>,
    /// Users: `admin` or `user`.
    pub role: Option<Role>,
    /// Users: active (`true`) or locked (`false`).
    pub is_active: Option<bool>,
    /// Audit logs: exact action, e.g. `user.lock`.
    pub action: Option<String>,
    /// Audit logs: `user`, `device`, ...
    pub target_type: Option<String>,
}

enum Source {
    Users(UserExportFilter),
    Devices(DeviceExportFilter),
    Messages(MessageFilter),
    Audit(AuditFilter),
}

/// One export in progress.
pub struct Exporter {
    app: App,
    source: Source,
    pub kind: ExportKind,
    pub format: Format,
    after: i64,
    rows: u64,
    state: State,
}

#[derive(PartialEq, Eq)]
enum State {
    Start,
    Rows,
    Done,
}

pub(crate) fn instant(field: &str, value: &str, tz: Tz, end: bool) -> AppResult<DateTime<Utc>> {
    let value = value.trim();
    if let Ok(day) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        // A day given as the end is included: the export runs to the next midnight.
        let day = if end { day + Days::new(1) } else { day };
        return Ok(day_start(day, tz));
    }
    DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| AppError::field(field, "must be a day YYYY-MM-DD or an RFC 3339 instant"))
}

impl App {
    /// Checks the query and who may see what; the rows are read as the export is consumed.
    pub async fn export(
        &self,
        actor: Actor<'_>,
        kind: ExportKind,
        q: ExportQuery,
    ) -> AppResult<Exporter> {
        let user = actor.user;
        let admin = user.role == Role::Admin;
        let format = match q.format.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("json") => Format::Json,
            Some("csv") => Format::Csv,
            Some(_) => return Err(AppError::field("format", "must be json or csv")),
        };
        let tz: Tz = user.time_zone.parse().unwrap_or(Tz::UTC);
        let from = q
            .from
            .as_deref()
            .map(|v| instant("from", v, tz, false))
            .transpose()?;
        let to =
            q.to.as_deref()
                .map(|v| instant("to", v, tz, true))
                .transpose()?;
        if let (Some(f), Some(t)) = (from, to) {
            if f >= t {
                return Err(AppError::field("from", "must be before `to`"));
            }
        }
        if matches!(kind, ExportKind::Users | ExportKind::AuditLogs) && !admin {
            return Err(AppError::forbidden("administrators only"));
        }
        if q.user_id.is_some() && !admin && kind != ExportKind::AuditLogs {
            return Err(AppError::field(
                "userId",
                "only administrators may name a user",
            ));
        }
        // Users see their own devices only; administrators everyone's, or one user's.
        let owner = if admin { q.user_id } else { Some(user.id) };
        if let Some(id) = &q.device_id {
            self.device_for(&Principal::User(user.clone()), id).await?;
        }
        let source = match kind {
            ExportKind::Users => Source::Users(UserExportFilter {
                role: q.role,
                is_active: q.is_active,
                from,
                to,
            }),
            ExportKind::Devices => {
                let status = q
                    .status
                    .as_deref()
                    .map(|s| {
                        DeviceStatus::parse(s)
                            .ok_or_else(|| AppError::field("status", "unknown device status"))
                    })
                    .transpose()?;
                Source::Devices(DeviceExportFilter { owner, status })
            }
            ExportKind::Messages => {
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
                Source::Messages(MessageFilter {
                    owner,
                    device_id: q.device_id.clone(),
                    chat_jid: q.chat_jid.clone().filter(|c| !c.is_empty()),
                    from_me,
                    status,
                    from,
                    to,
                    text: None,
                })
            }
            ExportKind::AuditLogs => Source::Audit(AuditFilter {
                action: q.action.clone().filter(|s| !s.is_empty()),
                actor_id: q.user_id,
                target_type: q.target_type.clone().filter(|s| !s.is_empty()),
                from,
                to,
                ..Default::default()
            }),
        };
        // Taking data out of the system is worth a line in the audit log.
        self.audit(
            actor,
            &format!("export.{}", kind.name()),
            "export",
            kind.name(),
            json!({"format": if format == Format::Csv { "csv" } else { "json" },
                   "deviceId": q.device_id, "userId": q.user_id, "from": from, "to": to}),
        )
        .await?;
        Ok(Exporter {
            app: self.clone(),
            source,
            kind,
            format,
            after: 0,
            rows: 0,
            state: State::Start,
        })
    }
}

impl Exporter {
    pub fn filename(&self, now: DateTime<Utc>) -> String {
        let ext = match self.format {
            Format::Json => "json",
            Format::Csv => "csv",
        };
        format!(
            "gerbang-{}-{}.{ext}",
            self.kind.name(),
            now.format("%Y%m%d-%H%M%S")
        )
    }

    pub fn content_type(&self) -> &'static str {
        match self.format {
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    /// The next piece of the file; `None` once it is complete.
    pub async fn next_chunk(&mut self) -> AppResult<Option<String>> {
        match self.state {
            State::Done => return Ok(None),
            State::Start => {
                self.state = State::Rows;
                return Ok(Some(match self.format {
                    Format::Json => "[".to_string(),
                    Format::Csv => csv_line(self.columns().iter().map(|c| c.to_string()))?,
                }));
            }
            State::Rows => {}
        }
        let records = self.page().await?;
        if records.is_empty() {
            self.state = State::Done;
            return Ok(Some(match self.format {
                Format::Json if self.rows > 0 => "\n]\n".to_string(),
                Format::Json => "]\n".to_string(),
                Format::Csv => String::new(),
            }));
        }
        let mut out = String::new();
        for (json, cells) in records {
            match self.format {
                Format::Json => {
                    out.push_str(if self.rows == 0 { "\n" } else { ",\n" });
                    out.push_str(&json);
                }
                Format::Csv => out.push_str(&csv_line(cells.into_iter())?),
            }
            self.rows += 1;
        }
        Ok(Some(out))
    }

    fn columns(&self) -> &'static [&'static str] {
        match self.source {
            Source::Users(_) => &[
                "id",
                "username",
                "email",
                "fullName",
                "role",
                "isActive",
                "language",
                "timeZone",
                "lastLogin",
                "createdAt",
            ],
            Source::Devices(_) => &[
                "id",
                "deviceId",
                "deviceName",
                "userId",
                "status",
                "phoneNumber",
                "engine",
                "lastSeen",
                "lastDisconnectReason",
                "createdAt",
            ],
            Source::Messages(_) => &[
                "id",
                "deviceId",
                "messageId",
                "chatJid",
                "fromMe",
                "senderPhone",
                "pushName",
                "messageType",
                "body",
                "status",
                "failureReason",
                "timestamp",
            ],
            Source::Audit(_) => &[
                "id",
                "actorId",
                "actorUsername",
                "action",
                "targetType",
                "targetId",
                "details",
                "ip",
                "createdAt",
            ],
        }
    }

    /// The next page, each row as a JSON object or as CSV cells (whichever the format needs).
    async fn page(&mut self) -> AppResult<Vec<(String, Vec<String>)>> {
        fn encode<T: serde::Serialize>(
            items: &[T],
            csv: bool,
            cells: fn(&T) -> Vec<String>,
        ) -> Vec<(String, Vec<String>)> {
            let one = |i: &T| {
                if csv {
                    (String::new(), cells(i))
                } else {
                    (to_json(i), Vec::new())
                }
            };
            items.iter().map(one).collect()
        }
        let store = &self.app.store;
        let csv = self.format == Format::Csv;
        let (last, rows) = match &self.source {
            Source::Users(f) => {
                let items = store.users_after(f, self.after, PAGE).await?;
                (items.last().map(|u| u.id), encode(&items, csv, user_row))
            }
            Source::Devices(f) => {
                let items = store.devices_after(f, self.after, PAGE).await?;
                (items.last().map(|d| d.id), encode(&items, csv, device_row))
            }
            Source::Messages(f) => {
                let cursor = gerbang_core::export::Cursor::After(self.after);
                let items = store.messages_page(f, cursor, PAGE).await?;
                (items.last().map(|m| m.id), encode(&items, csv, message_row))
            }
            Source::Audit(f) => {
                let items = store.audit_after(f, self.after, PAGE).await?;
                (items.last().map(|a| a.id), encode(&items, csv, audit_row))
            }
        };
        if let Some(last) = last {
            self.after = last;
        }
        Ok(rows)
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339()
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

fn user_row(u: &User) -> Vec<String> {
    vec![
        u.id.to_string(),
        u.username.clone(),
        u.email.clone(),
        u.full_name.clone(),
        u.role.as_str().into(),
        u.is_active.to_string(),
        u.language.clone(),
        u.time_zone.clone(),
        u.last_login.as_ref().map(time).unwrap_or_default(),
        time(&u.created_at),
    ]
}

fn device_row(d: &Device) -> Vec<String> {
    vec![
        d.id.to_string(),
        d.device_id.clone(),
        d.device_name.clone(),
        d.user_id.to_string(),
        d.status.as_str().into(),
        opt(&d.phone_number),
        d.engine.as_str().into(),
        d.last_seen.as_ref().map(time).unwrap_or_default(),
        opt(&d.last_disconnect_reason),
        time(&d.created_at),
    ]
}

fn message_row(m: &Message) -> Vec<String> {
    vec![
        m.id.to_string(),
        m.device_id.clone(),
        m.message_id.clone(),
        m.chat_jid.clone(),
        m.from_me.to_string(),
        opt(&m.sender_phone),
        opt(&m.push_name),
        m.message_type.clone(),
        opt(&m.body),
        m.status.as_str().into(),
        opt(&m.failure_reason),
        time(&m.timestamp),
    ]
}

fn audit_row(a: &AuditEntry) -> Vec<String> {
    vec![
        a.id.to_string(),
        opt(&a.actor_id),
        a.actor_username.clone(),
        a.action.clone(),
        a.target_type.clone(),
        a.target_id.clone(),
        a.details.to_string(),
        opt(&a.ip),
        time(&a.created_at),
    ]
}

/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula; a leading
/// apostrophe keeps text that a contact wrote from doing so.
fn defuse(cell: String) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell,
    }
}

fn csv_line(cells: impl Iterator<Item = String>) -> AppResult<String> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(cells.map(defuse))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        let line = csv_line(
            ["a,b", "=HYPERLINK(\"x\")", "baris\nkedua", "-5", "biasa"]
                .into_iter()
                .map(String::from),
        )
        .unwrap();
        assert_eq!(
            line,
            "\"a,b\",\"'=HYPERLINK(\"\"x\"\")\",\"baris\nkedua\",'-5,biasa\n"
        );
    }

    #[test]
    fn days_and_instants() {
        let tz: Tz = "Asia/Jakarta".parse().unwrap();
        let from = instant("from", "2026-11-01", tz, false).unwrap();
        assert_eq!(from.to_rfc3339(), "2026-10-31T17:00:00+00:00");
        let to = instant("to", "2026-11-01", tz, true).unwrap();
        assert_eq!(to.to_rfc3339(), "2026-11-01T17:00:00+00:00");
        let at = instant("to", "2026-11-01T10:00:00Z", tz, true).unwrap();
        assert_eq!(at.to_rfc3339(), "2026-11-01T10:00:00+00:00");
        assert!(instant("from", "kemarin", tz, false).is_err());
    }
}
