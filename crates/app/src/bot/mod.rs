//! The auto-reply bot: per-device settings and rules (this file), the decision (`decide`),
//! matching (`matcher`), opening hours (`hours`), and answering live messages (`run`).

pub mod decide;
pub mod hours;
pub mod input;
pub mod matcher;
pub mod run;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use gerbang_core::ai::AiRecord;
use gerbang_core::bot::{BotConfig, BotDayCount, BotLog, BotLogFilter, BotRule, Handoff};
use gerbang_core::jid::Jid;
use gerbang_core::{Page, PageRequest};

use crate::jobs::render;
use crate::validate::Fields;
use crate::{App, AppError, AppResult, Principal};

pub use decide::{Context, Decision};
pub use input::{BotConfigUpdate, RuleInput};
pub use matcher::Compiled;
pub use run::Inbox;

const MAX_RULES: usize = 500;
/// Another node may change a device's bot; a cached copy is trusted this long.
const CACHE_TTL: Duration = Duration::from_secs(5);

/// Compiled bots per device, and the queue of inbound messages waiting for an answer.
pub struct BotState {
    cache: Mutex<HashMap<String, (Instant, Arc<Compiled>)>>,
    ai: Mutex<HashMap<String, (Instant, Arc<AiRecord>)>>,
}

impl Default for BotState {
    fn default() -> Self {
        BotState {
            cache: Mutex::new(HashMap::new()),
            ai: Mutex::new(HashMap::new()),
        }
    }
}

impl BotState {
    fn get(&self, device_id: &str) -> Option<Arc<Compiled>> {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .get(device_id)
            .filter(|(at, _)| at.elapsed() < CACHE_TTL)
            .map(|(_, c)| c.clone())
    }

    fn put(&self, device_id: &str, c: Arc<Compiled>) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.insert(device_id.to_string(), (Instant::now(), c));
    }

    fn forget(&self, device_id: &str) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.remove(device_id);
    }

    pub(crate) fn get_ai(&self, device_id: &str) -> Option<Arc<AiRecord>> {
        let cache = self.ai.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .get(device_id)
            .filter(|(at, _)| at.elapsed() < CACHE_TTL)
            .map(|(_, r)| r.clone())
    }

    pub(crate) fn put_ai(&self, device_id: &str, r: Arc<AiRecord>) {
        let mut cache = self.ai.lock().unwrap_or_else(|e| e.into_inner());
        cache.insert(device_id.to_string(), (Instant::now(), r));
    }

    pub(crate) fn forget_ai(&self, device_id: &str) {
        let mut cache = self.ai.lock().unwrap_or_else(|e| e.into_inner());
        cache.remove(device_id);
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReorderInput {
    /// Every rule id of the device, in the new order.
    pub rule_ids: Vec<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TestInput {
    pub message: String,
    /// Take this contact's state (hand-off, recent replies, first contact) into account.
    #[serde(alias = "phone")]
    pub from: Option<String>,
    #[serde(default)]
    pub is_group: bool,
    /// Without `from`: pretend the sender writes for the first time.
    #[serde(default)]
    pub first_contact: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TestResult {
    pub decision: Decision,
    /// The reply as it would be sent (one spintax pick).
    pub text: Option<String>,
    /// Whether the business is open now.
    pub open: bool,
    /// The bot is switched off: live messages would get no answer at all.
    pub enabled: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HandoffInput {
    /// The contact to take over: a phone number or JID.
    #[serde(alias = "phone")]
    pub contact_jid: String,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct LogQuery {
    pub page: Option<u32>,
    #[serde(alias = "limit")]
    pub per_page: Option<u32>,
    /// Only this contact's (phone number or JID).
    pub contact: Option<String>,
    /// `rule`, `welcome`, `out_of_hours`, `handoff`, `loop`, `skip` or `ai`.
    pub action: Option<String>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// How many days back (1–90, default 30).
    pub days: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RuleHits {
    pub rule_id: i64,
    pub name: String,
    pub hits: i64,
    pub last_hit_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotStats {
    pub enabled: bool,
    pub rules: Vec<RuleHits>,
    /// Decisions per local day and action.
    pub per_day: Vec<BotDayCount>,
    pub active_handoffs: usize,
}

const ACTIONS: [&str; 7] = [
    "rule",
    "welcome",
    "out_of_hours",
    "handoff",
    "loop",
    "skip",
    "ai",
];

/// A contact as the API gives it: a phone number or a JID.
pub(crate) fn contact_jid(field: &str, s: &str) -> AppResult<Jid> {
    Jid::parse(s).map_err(|e| AppError::field(field, e))
}

impl App {
    /// The device's bot, compiled (cached for a few seconds).
    pub async fn bot_compiled(&self, device_id: &str) -> AppResult<Arc<Compiled>> {
        if let Some(c) = self.bot.get(device_id) {
            return Ok(c);
        }
        let config = self.store.bot_config(device_id).await?.unwrap_or_default();
        let rules = self.store.bot_rules(device_id).await?;
        let c = Arc::new(Compiled::new(config, rules));
        self.bot.put(device_id, c.clone());
        Ok(c)
    }

    pub async fn bot_config(&self, who: &Principal, device_id: &str) -> AppResult<BotConfig> {
        self.device_for(who, device_id).await?;
        Ok(self.store.bot_config(device_id).await?.unwrap_or_default())
    }

    /// Changes the fields given; the others keep their values.
    pub async fn update_bot_config(
        &self,
        who: &Principal,
        device_id: &str,
        u: BotConfigUpdate,
    ) -> AppResult<BotConfig> {
        let current = self.bot_config(who, device_id).await?;
        let config = u.apply(current);
        input::check_config(&config)?;
        self.store.put_bot_config(device_id, &config).await?;
        self.bot.forget(device_id);
        Ok(config)
    }

    pub async fn bot_rules(&self, who: &Principal, device_id: &str) -> AppResult<Vec<BotRule>> {
        self.device_for(who, device_id).await?;
        Ok(self.store.bot_rules(device_id).await?)
    }

    pub async fn bot_rule(&self, who: &Principal, device_id: &str, id: i64) -> AppResult<BotRule> {
        self.device_for(who, device_id).await?;
        self.store
            .bot_rule(device_id, id)
            .await?
            .ok_or(AppError::NotFound("rule"))
    }

    pub async fn create_bot_rule(
        &self,
        who: &Principal,
        device_id: &str,
        i: RuleInput,
    ) -> AppResult<BotRule> {
        self.device_for(who, device_id).await?;
        let spec = i.apply(input::blank_rule());
        let mut f = Fields::new();
        matcher::check_spec(&mut f, &spec);
        f.finish()?;
        if self.store.bot_rules(device_id).await?.len() >= MAX_RULES {
            return Err(AppError::conflict(format!(
                "a device has at most {MAX_RULES} rules"
            )));
        }
        let rule = self.store.create_bot_rule(device_id, &spec).await?;
        self.bot.forget(device_id);
        Ok(rule)
    }

    pub async fn update_bot_rule(
        &self,
        who: &Principal,
        device_id: &str,
        id: i64,
        i: RuleInput,
    ) -> AppResult<BotRule> {
        let current = self.bot_rule(who, device_id, id).await?;
        let spec = i.apply(current.spec);
        let mut f = Fields::new();
        matcher::check_spec(&mut f, &spec);
        f.finish()?;
        let rule = self
            .store
            .update_bot_rule(device_id, id, &spec)
            .await?
            .ok_or(AppError::NotFound("rule"))?;
        self.bot.forget(device_id);
        Ok(rule)
    }

    pub async fn delete_bot_rule(
        &self,
        who: &Principal,
        device_id: &str,
        id: i64,
    ) -> AppResult<()> {
        self.device_for(who, device_id).await?;
        if !self.store.delete_bot_rule(device_id, id).await? {
            return Err(AppError::NotFound("rule"));
        }
        self.bot.forget(device_id);
        Ok(())
    }

    /// Puts the rules in the order given (all of the device's rules, each once).
    pub async fn reorder_bot_rules(
        &self,
        who: &Principal,
        device_id: &str,
        i: ReorderInput,
    ) -> AppResult<Vec<BotRule>> {
        let rules = self.bot_rules(who, device_id).await?;
        let mut have: Vec<i64> = rules.iter().map(|r| r.id).collect();
        let mut given = i.rule_ids.clone();
        have.sort_unstable();
        given.sort_unstable();
        if have != given {
            return Err(AppError::field(
                "ruleIds",
                "must list every rule of the device exactly once",
            ));
        }
        self.store.reorder_bot_rules(device_id, &i.rule_ids).await?;
        self.bot.forget(device_id);
        Ok(self.store.bot_rules(device_id).await?)
    }

    /// What the bot would do with this message now, without sending or recording anything.
    pub async fn test_bot(
        &self,
        who: &Principal,
        device_id: &str,
        i: TestInput,
    ) -> AppResult<TestResult> {
        self.device_for(who, device_id).await?;
        if i.message.trim().is_empty() {
            return Err(AppError::field("message", "must not be empty"));
        }
        let from = i
            .from
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| contact_jid("from", s))
            .transpose()?;
        self.bot.forget(device_id);
        let c = self.bot_compiled(device_id).await?;
        let now = self.clock.now();
        let mut ctx = match &from {
            Some(jid) => self.bot_context(&c, device_id, jid.as_str(), now).await?,
            None => Context {
                first_contact: i.first_contact,
                ..Context::default()
            },
        };
        ctx.is_group = i.is_group || from.as_ref().is_some_and(Jid::is_group);
        let mut decision = decide::decide(&c, &i.message, &ctx, now);
        let contact = from
            .as_ref()
            .map(|j| j.as_str())
            .unwrap_or("0@s.whatsapp.net");
        if !ctx.is_group
            && self
                .ai_takes_over(&c, device_id, contact, &decision, now)
                .await?
        {
            decision = Decision::Ai;
        }
        let name = from.as_ref().map(|j| j.user_part().to_string());
        let text = run::reply_text(&decision).map(|t| {
            let vars = run::variables(name.as_deref(), name.as_deref(), &i.message);
            render::render(t, &vars, &mut rand::thread_rng())
        });
        Ok(TestResult {
            decision,
            text,
            open: c.open_at(now),
            enabled: c.config.enabled,
        })
    }

    /// The contacts the bot leaves to a person now (idle ones past auto-resume are ended first).
    pub async fn bot_handoffs(&self, who: &Principal, device_id: &str) -> AppResult<Vec<Handoff>> {
        self.device_for(who, device_id).await?;
        let c = self.bot_compiled(device_id).await?;
        self.end_idle_handoffs(&c, device_id).await?;
        Ok(self.store.bot_handoffs(device_id).await?)
    }

    /// An agent takes a chat over: the bot stays quiet for this contact until resumed.
    pub async fn start_bot_handoff(
        &self,
        who: &Principal,
        device_id: &str,
        i: HandoffInput,
    ) -> AppResult<Handoff> {
        self.device_for(who, device_id).await?;
        let jid = contact_jid("contactJid", &i.contact_jid)?;
        let now = self.clock.now();
        Ok(self
            .store
            .start_bot_handoff(device_id, jid.as_str(), "manual", now)
            .await?)
    }

    pub async fn resume_bot(
        &self,
        who: &Principal,
        device_id: &str,
        contact: &str,
    ) -> AppResult<()> {
        self.device_for(who, device_id).await?;
        let jid = contact_jid("contactJid", contact)?;
        if !self.store.end_bot_handoff(device_id, jid.as_str()).await? {
            return Err(AppError::NotFound("handoff"));
        }
        Ok(())
    }

    pub async fn bot_logs(
        &self,
        who: &Principal,
        device_id: &str,
        q: LogQuery,
    ) -> AppResult<Page<BotLog>> {
        self.device_for(who, device_id).await?;
        let mut f = Fields::new();
        let contact = q
            .contact
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .and_then(|s| f.take("contact", Jid::parse(s)));
        if let Some(a) = q.action.as_deref().filter(|a| !ACTIONS.contains(a)) {
            f.add(
                "action",
                format!("{a:?} is not one of {}", ACTIONS.join(", ")),
            );
        }
        f.finish()?;
        let filter = BotLogFilter {
            contact_jid: contact.map(|j| j.to_string()),
            action: q.action.filter(|a| !a.is_empty()),
            page: PageRequest::new(q.page.unwrap_or(1), q.per_page.unwrap_or(20)),
        };
        Ok(self.store.bot_logs(device_id, &filter).await?)
    }

    pub async fn bot_stats(
        &self,
        who: &Principal,
        device_id: &str,
        q: StatsQuery,
    ) -> AppResult<BotStats> {
        self.device_for(who, device_id).await?;
        let days = q.days.unwrap_or(30);
        if !(1..=90).contains(&days) {
            return Err(AppError::field("days", "must be between 1 and 90"));
        }
        let c = self.bot_compiled(device_id).await?;
        let today = c.local_day(self.clock.now());
        let from = today
            .checked_sub_days(Days::new(days as u64 - 1))
            .unwrap_or(NaiveDate::MIN);
        let rules = self
            .store
            .bot_rules(device_id)
            .await?
            .into_iter()
            .map(|r| RuleHits {
                rule_id: r.id,
                name: r.spec.name,
                hits: r.hits,
                last_hit_at: r.last_hit_at,
            })
            .collect();
        Ok(BotStats {
            enabled: c.config.enabled,
            rules,
            per_day: self.store.bot_day_counts(device_id, from).await?,
            active_handoffs: self.bot_handoffs(who, device_id).await?.len(),
        })
    }
}
