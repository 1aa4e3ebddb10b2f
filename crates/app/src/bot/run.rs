//! Answering live messages. The runtime hands every stored inbound message to the [`Inbox`]
//! (after it is committed, without waiting); one worker decides in arrival order, records the
//! decision under a unique key (device, inbound message id) and only then sends, through the
//! normal durable send path. A message thus gets at most one reply, even when the process dies
//! between deciding and sending, and even when two nodes see the same message.

use std::sync::Mutex;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value};
use tokio::sync::mpsc;

use gerbang_core::bot::NewBotLog;
use gerbang_core::device::DeviceStatus;
use gerbang_core::engine::MessageContent;
use gerbang_core::jid::Jid;
use gerbang_core::message::Message;

use super::decide::{decide, Context, Decision};
use super::matcher::Compiled;
use crate::jobs::render;
use crate::messages::MediaUrlInput;
use crate::{App, AppResult, Principal};

/// Messages waiting beyond this are not answered (logged): the gateway is far behind and a
/// late automatic answer helps nobody.
const QUEUE: usize = 20_000;

tokio::task_local! {
    /// Set while the bot itself sends, so its replies are not taken for an agent's.
    static BOT_SENDING: ();
}

pub struct Inbox {
    tx: mpsc::Sender<Message>,
    rx: Mutex<Option<mpsc::Receiver<Message>>>,
}

impl Default for Inbox {
    fn default() -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        Inbox {
            tx,
            rx: Mutex::new(Some(rx)),
        }
    }
}

impl Inbox {
    /// Called by the runtime for each newly stored inbound message; never waits.
    pub fn offer(&self, m: &Message) {
        if let Err(mpsc::error::TrySendError::Full(m)) = self.tx.try_send(m.clone()) {
            tracing::warn!(device_id = %m.device_id, id = %m.message_id, "bot queue full: message left unanswered");
        }
    }

    fn take(&self) -> Option<mpsc::Receiver<Message>> {
        self.rx.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

/// Starts the worker that answers inbound messages.
pub fn spawn(app: App) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let Some(mut rx) = app.runtime.bot_inbox.take() else {
            return;
        };
        app.bot_recover().await;
        // Lanes by contact: one contact's messages are decided in order (cooldowns and loop
        // counts see the previous decision), different contacts' side by side.
        let lanes: Vec<mpsc::Sender<Message>> = (0..LANES)
            .map(|_| {
                let (tx, mut lane) = mpsc::channel::<Message>(QUEUE / LANES);
                let app = app.clone();
                tokio::spawn(async move {
                    while let Some(m) = lane.recv().await {
                        if let Err(e) = app.bot_on_message(&m).await {
                            tracing::warn!(device_id = %m.device_id, id = %m.message_id, error = %e, "bot could not answer");
                        }
                    }
                });
                tx
            })
            .collect();
        while let Some(m) = rx.recv().await {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::hash::Hash::hash(&(&m.device_id, &m.chat_jid), &mut h);
            let lane = &lanes[std::hash::Hasher::finish(&h) as usize % LANES];
            if lane.send(m).await.is_err() {
                return;
            }
        }
    })
}

/// How many contacts are decided at the same time.
const LANES: usize = 8;

/// Messages stored this long before a start-up and still without a decision are answered then
/// (the process stopped between storing and deciding); older ones are left alone.
const RECOVER_WINDOW: Duration = Duration::minutes(2);

impl App {
    async fn bot_recover(&self) {
        let since = Utc::now() - RECOVER_WINDOW;
        match self
            .store
            .bot_undecided_inbound(since, QUEUE as i64 / 2)
            .await
        {
            Ok(missed) => {
                if !missed.is_empty() {
                    tracing::info!(
                        count = missed.len(),
                        "bot: answering messages stored just before the stop"
                    );
                }
                for m in &missed {
                    self.runtime.bot_inbox.offer(m);
                }
            }
            Err(e) => tracing::warn!(error = %e, "bot: cannot look for undecided messages"),
        }
    }
}

/// The variables a reply may use.
pub(crate) fn variables(
    name: Option<&str>,
    phone: Option<&str>,
    message: &str,
) -> Map<String, Value> {
    let mut vars = Map::new();
    if let Some(n) = name {
        vars.insert("name".into(), Value::String(n.to_string()));
    }
    if let Some(p) = phone {
        vars.insert("phone".into(), Value::String(p.to_string()));
    }
    vars.insert("message".into(), Value::String(message.to_string()));
    vars
}

pub(crate) fn reply_text(d: &Decision) -> Option<&str> {
    match d {
        Decision::Rule { reply, .. }
        | Decision::Welcome { reply }
        | Decision::OutOfHours { reply }
        | Decision::Handoff { reply: Some(reply) } => Some(reply.as_str()),
        _ => None,
    }
}

fn is_group(chat: &str) -> bool {
    chat.ends_with("@g.us")
}

impl App {
    /// What is known about a contact now; an idle hand-off past auto-resume ends here.
    pub(crate) async fn bot_context(
        &self,
        c: &Compiled,
        device_id: &str,
        contact: &str,
        now: DateTime<Utc>,
    ) -> AppResult<Context> {
        let cfg = &c.config;
        let mut handoff_active = false;
        if let Some(h) = self.store.bot_handoff(device_id, contact).await? {
            let idle = Duration::minutes(cfg.auto_resume_minutes as i64);
            if cfg.auto_resume_minutes > 0 && h.last_activity_at < now - idle {
                self.store.end_bot_handoff(device_id, contact).await?;
                tracing::debug!(device_id, "hand-off ended after idle time");
            } else {
                handoff_active = true;
            }
        }
        let reach = (cfg.loop_window_secs.max(cfg.cooldown_secs) as i64)
            .max(cfg.out_of_hours_cooldown_minutes as i64 * 60);
        let rows = self
            .store
            .bot_replies_since(device_id, contact, now - Duration::seconds(reach))
            .await?;
        let replied = |a: &str| matches!(a, "rule" | "welcome" | "out_of_hours" | "handoff" | "ai");
        Ok(Context {
            is_group: is_group(contact),
            handoff_active,
            recent_replies: rows
                .iter()
                .filter(|r| replied(&r.action))
                .map(|r| r.created_at)
                .collect(),
            last_out_of_hours: rows
                .iter()
                .find(|r| r.action == "out_of_hours")
                .map(|r| r.created_at),
            first_contact: false,
        })
    }

    pub(crate) async fn end_idle_handoffs(&self, c: &Compiled, device_id: &str) -> AppResult<()> {
        if c.config.auto_resume_minutes > 0 {
            let idle = Duration::minutes(c.config.auto_resume_minutes as i64);
            self.store
                .end_idle_bot_handoffs(device_id, self.clock.now() - idle)
                .await?;
        }
        Ok(())
    }

    /// Decides on one stored message and, when there is something to say, sends it.
    #[tracing::instrument(name = "bot_decide", skip_all, fields(device = %m.device_id, message = %m.message_id))]
    pub async fn bot_on_message(&self, m: &Message) -> AppResult<()> {
        let device_id = m.device_id.as_str();
        let contact = m.chat_jid.as_str();
        if contact.ends_with("@broadcast") || contact.ends_with("@newsletter") {
            return Ok(());
        }
        let c = self.bot_compiled(device_id).await?;
        if !c.config.enabled {
            return Ok(());
        }
        let now = self.clock.now();
        if m.from_me {
            // Written on the phone (our own API sends never come back through here).
            return self.bot_agent_wrote(&c, device_id, contact, now).await;
        }
        let Some(text) = m.body.as_deref().filter(|t| !t.trim().is_empty()) else {
            return Ok(());
        };
        if matches!(m.message_type.as_str(), "reaction" | "edit" | "revoke") {
            return Ok(());
        }
        let mut ctx = self.bot_context(&c, device_id, contact, now).await?;
        let mut decision = decide(&c, text, &ctx, now);
        if decision
            == (Decision::Skip {
                reason: "no_match".into(),
            })
            && c.config.welcome_message.is_some()
        {
            ctx.first_contact = self.store.count_inbound_from(device_id, contact).await? <= 1;
            decision = decide(&c, text, &ctx, now);
        }
        if self
            .ai_takes_over(&c, device_id, contact, &decision, now)
            .await?
        {
            decision = Decision::Ai;
        }
        match &decision {
            // Group chatter that no rule is for is not worth a log line each.
            Decision::Skip { reason } if reason == "group" => return Ok(()),
            Decision::Skip { reason } if reason == "handoff" => {
                self.store
                    .touch_bot_handoff(device_id, contact, now)
                    .await?;
            }
            _ => {}
        }
        let reply = reply_text(&decision).map(str::to_string);
        let media_url = match &decision {
            Decision::Rule { media_url, .. } => media_url.clone(),
            _ => None,
        };
        let is_ai = decision == Decision::Ai;
        let wants_send = reply.is_some() || media_url.is_some() || is_ai;
        let detail = match &decision {
            Decision::Skip { reason } => Some(reason.clone()),
            Decision::Loop => Some("too many replies to this contact; handed to a person".into()),
            Decision::Rule { rule_name, .. } => Some(rule_name.clone()),
            _ => None,
        };
        let new = NewBotLog {
            device_id: device_id.to_string(),
            inbound_id: m.message_id.clone(),
            contact_jid: contact.to_string(),
            action: decision.action().to_string(),
            rule_id: match &decision {
                Decision::Rule { rule_id, .. } => Some(*rule_id),
                _ => None,
            },
            detail,
            status: if wants_send { "claimed" } else { "none" }.into(),
            day: c.local_day(now),
            created_at: now,
        };
        let Some(log) = self.store.claim_bot_inbound(&new).await? else {
            tracing::debug!(device_id, id = %m.message_id, "already decided; not answering again");
            return Ok(());
        };
        match &decision {
            Decision::Rule {
                rule_id, handoff, ..
            } => {
                self.store.count_bot_rule_hit(*rule_id, now).await?;
                if *handoff {
                    self.store
                        .start_bot_handoff(device_id, contact, "rule", now)
                        .await?;
                }
            }
            Decision::Handoff { .. } => {
                self.store
                    .start_bot_handoff(device_id, contact, "keyword", now)
                    .await?;
            }
            Decision::Loop => {
                tracing::info!(
                    device_id,
                    "bot stopped for a contact: replies came too fast (loop)"
                );
                self.store
                    .start_bot_handoff(device_id, contact, "loop", now)
                    .await?;
            }
            _ => {}
        }
        if !wants_send {
            return Ok(());
        }
        let phone = m.sender_phone.clone().or_else(|| {
            Jid::parse(contact)
                .ok()
                .and_then(|j| j.phone())
                .map(|p| p.as_str().to_string())
        });
        let vars = variables(m.push_name.as_deref(), phone.as_deref(), text);
        let text_in = text.to_string();
        let text = reply.map(|r| render::render(&r, &vars, &mut rand::thread_rng()));
        let app = self.clone();
        let delay = StdDuration::from_millis(c.config.reply_delay_ms as u64);
        let to = contact.to_string();
        let inbound_row = m.id;
        // Sending (and asking the AI) waits for others; deciding the next message need not.
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            let (text, ai_detail) = if is_ai {
                let out = app
                    .ai_answer(&c, &log.device_id, &to, (inbound_row, &text_in), &vars)
                    .await;
                (out.text, out.detail)
            } else {
                (text, None)
            };
            if is_ai && text.is_none() {
                let detail = ai_detail.unwrap_or_else(|| "AI gave no answer".into());
                if let Err(e) = app
                    .store
                    .finish_bot_log(log.id, "failed", None, Some(&detail))
                    .await
                {
                    tracing::warn!(error = %e, "bot log not updated");
                }
                return;
            }
            let (status, id, detail) =
                match app.bot_send(&log.device_id, &to, text, media_url).await {
                    Ok(id) => ("sent", Some(id), ai_detail),
                    Err(e) => ("failed", None, Some(e.to_string())),
                };
            if let Err(e) = app
                .store
                .finish_bot_log(log.id, status, id.as_deref(), detail.as_deref())
                .await
            {
                tracing::warn!(error = %e, "bot log not updated");
            }
        });
        Ok(())
    }

    async fn bot_send(
        &self,
        device_id: &str,
        to: &str,
        text: Option<String>,
        media_url: Option<String>,
    ) -> AppResult<String> {
        // After a restart the device may still be reconnecting; give it a little time.
        let mut tries = 0;
        let device = loop {
            let device = self
                .store
                .device(device_id)
                .await?
                .ok_or(crate::AppError::NotFound("device"))?;
            if device.status == DeviceStatus::Connected {
                break device;
            }
            tries += 1;
            if tries > 60
                || matches!(
                    device.status,
                    DeviceStatus::LoggedOut | DeviceStatus::Banned
                )
            {
                return Err(crate::AppError::DeviceNotConnected {
                    status: device.status,
                });
            }
            tokio::time::sleep(StdDuration::from_millis(500)).await;
        };
        let jid = Jid::parse(to).map_err(crate::AppError::Internal)?;
        if let Some(url) = media_url {
            let owner = self
                .store
                .user(device.user_id)
                .await?
                .ok_or(crate::AppError::NotFound("user"))?;
            let input = MediaUrlInput {
                phone: to.to_string(),
                url,
                kind: None,
                caption: text,
                file_name: None,
                voice_note: false,
                reply_to: None,
            };
            let who = Principal::User(owner);
            let sent = BOT_SENDING
                .scope((), self.send_media_url(&who, device_id, input))
                .await?;
            return Ok(sent.message_id);
        }
        let body = text.unwrap_or_default();
        let sent = self
            .send(
                &device,
                jid,
                MessageContent::Text { body },
                None,
                None,
                Vec::new(),
            )
            .await?;
        Ok(sent.message_id)
    }

    async fn bot_agent_wrote(
        &self,
        c: &Compiled,
        device_id: &str,
        contact: &str,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        if c.config.agent_reply_pauses && !is_group(contact) {
            self.store
                .start_bot_handoff(device_id, contact, "agent", now)
                .await?;
        }
        Ok(())
    }

    /// Called after a person sent a message through the API or dashboard: with the bot on
    /// (and `agentReplyPauses`), it stays quiet for that contact. Never fails the send.
    pub(crate) async fn bot_note_agent_reply(&self, device_id: &str, to: &Jid) {
        if BOT_SENDING.try_with(|_| ()).is_ok() {
            return;
        }
        let res = async {
            let c = self.bot_compiled(device_id).await?;
            if c.config.enabled {
                self.bot_agent_wrote(&c, device_id, to.as_str(), self.clock.now())
                    .await?;
            }
            AppResult::Ok(())
        }
        .await;
        if let Err(e) = res {
            tracing::warn!(device_id, error = %e, "agent reply not noted for the bot");
        }
    }
}
