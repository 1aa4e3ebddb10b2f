//! The auto-reply bot: its per-device settings, rules, hand-offs to a person and its log.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Page, PageRequest, StoreResult};

/// One opening range of a day, `"09:00"`–`"17:00"` (local time; `"24:00"` ends at midnight).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TimeRange {
    pub start: String,
    pub end: String,
}

/// Opening hours per weekday; a day without ranges is closed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct WeeklyHours {
    pub mon: Vec<TimeRange>,
    pub tue: Vec<TimeRange>,
    pub wed: Vec<TimeRange>,
    pub thu: Vec<TimeRange>,
    pub fri: Vec<TimeRange>,
    pub sat: Vec<TimeRange>,
    pub sun: Vec<TimeRange>,
}

impl WeeklyHours {
    /// The days in order Monday..Sunday, with their names.
    pub fn days(&self) -> [(&'static str, &Vec<TimeRange>); 7] {
        [
            ("mon", &self.mon),
            ("tue", &self.tue),
            ("wed", &self.wed),
            ("thu", &self.thu),
            ("fri", &self.fri),
            ("sat", &self.sat),
            ("sun", &self.sun),
        ]
    }
}

/// The bot's settings for one device. Every field has a default, so a partial document is
/// a valid update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct BotConfig {
    pub enabled: bool,
    /// IANA time zone the business hours and daily statistics are in.
    pub time_zone: String,
    /// Sent to someone writing for the first time, when no rule answers.
    pub welcome_message: Option<String>,
    /// Opening hours; absent means always open.
    pub business_hours: Option<WeeklyHours>,
    /// Dates (local) that are closed all day.
    pub holidays: Vec<NaiveDate>,
    /// Sent when closed and no rule answers; at most once per contact per
    /// `outOfHoursCooldownMinutes`.
    pub out_of_hours_message: Option<String>,
    pub out_of_hours_cooldown_minutes: u32,
    /// A message containing one of these (case-insensitive) hands the chat to a person.
    pub handoff_keywords: Vec<String>,
    /// Sent once when a hand-off starts by keyword.
    pub handoff_message: Option<String>,
    /// An agent's reply (through the API or from the phone) pauses the bot for that contact.
    pub agent_reply_pauses: bool,
    /// A hand-off ends by itself after this many idle minutes (0: only by resume).
    pub auto_resume_minutes: u32,
    /// The least time between two bot replies to one contact.
    pub cooldown_secs: u32,
    /// More than `loopLimit` replies to one contact within `loopWindowSecs` looks like two bots
    /// talking: the bot stops and hands the chat to a person.
    pub loop_limit: u32,
    pub loop_window_secs: u32,
    /// Wait this long before replying (looks less mechanical).
    pub reply_delay_ms: u32,
}

impl Default for BotConfig {
    fn default() -> Self {
        BotConfig {
            enabled: false,
            time_zone: "Asia/Jakarta".into(),
            welcome_message: None,
            business_hours: None,
            holidays: Vec::new(),
            out_of_hours_message: None,
            out_of_hours_cooldown_minutes: 60,
            handoff_keywords: Vec::new(),
            handoff_message: None,
            agent_reply_pauses: true,
            auto_resume_minutes: 60,
            cooldown_secs: 0,
            loop_limit: 5,
            loop_window_secs: 60,
            reply_delay_ms: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum MatchType {
    /// The whole message equals a keyword.
    Exact,
    /// The message contains a keyword.
    Contains,
    /// The message starts with a keyword.
    StartsWith,
    /// The message matches `pattern` (Rust `regex` syntax: linear time, no look-around).
    Regex,
}

/// What a user sets on a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RuleSpec {
    pub name: String,
    pub enabled: bool,
    pub match_type: MatchType,
    /// For the keyword types: any of these.
    pub keywords: Vec<String>,
    /// For `regex`.
    pub pattern: Option<String>,
    pub case_sensitive: bool,
    /// Higher first; equal priorities keep their list order.
    pub priority: i32,
    /// The answer: `{{name}}`, `{{phone}}`, `{{message}}`, spintax `{Halo|Hai}`.
    pub reply: String,
    /// An image or file sent with the reply (the reply is its caption).
    pub media_url: Option<String>,
    /// Also answer in groups.
    pub groups: bool,
    /// After replying, hand the chat to a person.
    pub handoff: bool,
    /// When the rule applies; absent means always.
    pub schedule: Option<WeeklyHours>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotRule {
    pub id: i64,
    pub device_id: String,
    /// Place in the list (reorder changes it).
    pub position: i32,
    #[serde(flatten)]
    pub spec: RuleSpec,
    pub hits: i64,
    pub last_hit_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A contact the bot leaves to a person.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Handoff {
    pub device_id: String,
    pub contact_jid: String,
    /// `keyword`, `agent`, `rule`, `loop` or `manual`.
    pub reason: String,
    pub started_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
}

/// The bot's decision on one inbound message (one row per message: the reply's idempotency key).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotLog {
    pub id: i64,
    pub device_id: String,
    /// The inbound WhatsApp message id.
    pub inbound_id: String,
    pub contact_jid: String,
    /// `rule`, `welcome`, `out_of_hours`, `handoff`, or `skip`.
    pub action: String,
    pub rule_id: Option<i64>,
    /// Why it was skipped, or what went wrong.
    pub detail: Option<String>,
    pub reply_message_id: Option<String>,
    /// `claimed` (decided, not yet sent: after a crash it stays so and is never re-sent),
    /// `sent`, `failed` or `none` (nothing to send).
    pub status: String,
    /// The local date (bot's time zone), for daily statistics.
    pub day: NaiveDate,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewBotLog {
    pub device_id: String,
    pub inbound_id: String,
    pub contact_jid: String,
    pub action: String,
    pub rule_id: Option<i64>,
    pub detail: Option<String>,
    pub status: String,
    pub day: NaiveDate,
    pub created_at: DateTime<Utc>,
}

/// One line of the daily statistics.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotDayCount {
    pub day: NaiveDate,
    pub action: String,
    pub count: i64,
}

#[derive(Debug, Clone, Default)]
pub struct BotLogFilter {
    pub contact_jid: Option<String>,
    pub action: Option<String>,
    pub page: PageRequest,
}

#[async_trait]
pub trait BotStore: Send + Sync {
    async fn bot_config(&self, device_id: &str) -> StoreResult<Option<BotConfig>>;
    async fn put_bot_config(&self, device_id: &str, config: &BotConfig) -> StoreResult<()>;

    /// In list order (position).
    async fn bot_rules(&self, device_id: &str) -> StoreResult<Vec<BotRule>>;
    async fn bot_rule(&self, device_id: &str, id: i64) -> StoreResult<Option<BotRule>>;
    /// Appends the rule at the end of the list.
    async fn create_bot_rule(&self, device_id: &str, spec: &RuleSpec) -> StoreResult<BotRule>;
    async fn update_bot_rule(
        &self,
        device_id: &str,
        id: i64,
        spec: &RuleSpec,
    ) -> StoreResult<Option<BotRule>>;
    async fn delete_bot_rule(&self, device_id: &str, id: i64) -> StoreResult<bool>;
    /// Gives the rules these positions, in one transaction (the ids are the device's, all).
    async fn reorder_bot_rules(&self, device_id: &str, ids: &[i64]) -> StoreResult<()>;
    async fn count_bot_rule_hit(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;

    async fn bot_handoffs(&self, device_id: &str) -> StoreResult<Vec<Handoff>>;
    async fn bot_handoff(&self, device_id: &str, contact_jid: &str)
        -> StoreResult<Option<Handoff>>;
    /// Starts a hand-off, or (when one is running) records activity on it.
    async fn start_bot_handoff(
        &self,
        device_id: &str,
        contact_jid: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Handoff>;
    async fn touch_bot_handoff(
        &self,
        device_id: &str,
        contact_jid: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn end_bot_handoff(&self, device_id: &str, contact_jid: &str) -> StoreResult<bool>;
    /// Ends the device's hand-offs idle since before `idle_before`; returns how many.
    async fn end_idle_bot_handoffs(
        &self,
        device_id: &str,
        idle_before: DateTime<Utc>,
    ) -> StoreResult<u64>;

    /// Records the decision on an inbound message; `None` when that message already has one
    /// (so a reply is never sent twice for it, even across restarts and nodes).
    async fn claim_bot_inbound(&self, new: &NewBotLog) -> StoreResult<Option<BotLog>>;
    async fn finish_bot_log(
        &self,
        id: i64,
        status: &str,
        reply_message_id: Option<&str>,
        detail: Option<&str>,
    ) -> StoreResult<()>;
    async fn bot_logs(&self, device_id: &str, filter: &BotLogFilter) -> StoreResult<Page<BotLog>>;
    /// The replies (not skips) to a contact since `since`, newest first.
    async fn bot_replies_since(
        &self,
        device_id: &str,
        contact_jid: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<BotLog>>;
    async fn bot_day_counts(
        &self,
        device_id: &str,
        from_day: NaiveDate,
    ) -> StoreResult<Vec<BotDayCount>>;
    /// Inbound messages stored since `since` on devices with a bot, that have no decision yet
    /// (stored just before the process stopped), oldest first.
    async fn bot_undecided_inbound(
        &self,
        since: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<crate::message::Message>>;
    /// How many messages this contact ever wrote to the device (for "first contact").
    async fn count_inbound_from(&self, device_id: &str, chat_jid: &str) -> StoreResult<i64>;
}
