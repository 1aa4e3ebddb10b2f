//! The inbox, like WhatsApp Web: chats with unread counts and search on the left, one chat's
//! history on the right (older pages on scroll), a reply box.

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use std::collections::HashMap;

use gerbang_app::bot::{HandoffInput, LogQuery};
use gerbang_app::chats::{ChatQuery, HistoryQuery};
use gerbang_app::devices::DeviceQuery;
use gerbang_app::polls::PollTally;
use gerbang_app::templates::{PreviewInput, TemplateQuery};
use gerbang_app::Principal;
use gerbang_core::device::Device;
use gerbang_core::message::{ChatSummary, Message};

use super::form::{check, Posted, Unreadable};
use super::pages::{done, fail, render, Chrome};
use super::send::{inbox_url, read, send_form, urlencode};
use super::session::Signed;
use crate::AppState;

const PAGE: i64 = 30;

/// A message as the conversation shows it: a day separator before the first message of each
/// day, the reactions it got and the text it quotes when those are on the same page. Reactions
/// are folded into their target instead of standing as bubbles of their own.
pub struct Shown {
    pub m: Message,
    pub day: Option<String>,
    pub reactions: Vec<String>,
    pub quoted: Option<String>,
}

impl std::ops::Deref for Shown {
    type Target = Message;
    fn deref(&self) -> &Message {
        &self.m
    }
}

/// Oldest first in, oldest first out.
fn thread(c: &Chrome, messages: Vec<Message>) -> Vec<Shown> {
    let mut reactions: HashMap<String, Vec<String>> = HashMap::new();
    for m in messages.iter().filter(|m| m.message_type == "reaction") {
        if let (Some(target), Some(emoji)) = (m.extra["targetId"].as_str(), m.body.as_deref()) {
            if !emoji.is_empty() {
                reactions
                    .entry(target.to_string())
                    .or_default()
                    .push(emoji.to_string());
            }
        }
    }
    let bodies: HashMap<String, String> = messages
        .iter()
        .filter_map(|m| Some((m.message_id.clone(), m.body.clone()?)))
        .collect();
    let mut last_day = String::new();
    messages
        .into_iter()
        .filter(|m| m.message_type != "reaction")
        .map(|m| {
            let day = c.date(m.timestamp);
            let sep = (day != last_day).then(|| day.clone());
            last_day = day;
            let quoted = m.quoted_id.as_ref().map(|q| {
                bodies
                    .get(q)
                    .map(|b| b.chars().take(120).collect())
                    .unwrap_or_else(|| c.t("inbox.quoted_unknown"))
            });
            Shown {
                reactions: reactions.remove(&m.message_id).unwrap_or_default(),
                quoted,
                day: sep,
                m,
            }
        })
        .collect()
}

/// Up to two letters for the round avatar: the first letters of the first two words, or the
/// last two digits of a number.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    if words.is_empty() {
        let digits: Vec<char> = name.chars().filter(char::is_ascii_digit).collect();
        return digits[digits.len().saturating_sub(2)..].iter().collect();
    }
    words
        .iter()
        .take(2)
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

#[derive(Deserialize, Default)]
pub struct InboxQuery {
    device: Option<String>,
    chat: Option<String>,
    search: Option<String>,
    before: Option<i64>,
    /// The message being answered (a quoted reply).
    reply: Option<String>,
    /// A saved template to start the reply from, rendered for this chat.
    template: Option<i64>,
}

/// The message a reply quotes: its id and the start of its text.
pub struct Replying {
    pub id: String,
    pub snippet: String,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    c: Chrome,
    devices: Vec<Device>,
    device: Option<String>,
    search: String,
    chats: Vec<ChatSummary>,
    chat: Option<ChatSummary>,
    chat_jid: String,
    /// Oldest first, as they are read.
    messages: Vec<Shown>,
    next_before: Option<i64>,
    /// The bot in this chat; `None` when the device's bot is off or the chat is a group.
    bot: Option<BotInChat>,
    /// The tallies of the polls shown, by message id.
    polls: HashMap<String, PollTally>,
    replying: Option<Replying>,
    /// The viewer's saved templates, `(id, name)`, for the composer.
    templates: Vec<(i64, String)>,
    /// What the composer starts with (a template rendered for this chat).
    draft: String,
}

/// Whether the bot answers this contact, and which of our messages it wrote.
pub struct BotInChat {
    /// Since when a person has the chat (hand-off), if so.
    pub paused_since: Option<chrono::DateTime<chrono::Utc>>,
    /// Reply message id → the bot's action (`rule`, `ai`, …).
    pub replies: HashMap<String, String>,
}

/// "Bot" or "AI" beside a message the bot sent.
fn bot_label(c: &Chrome, bot: &Option<BotInChat>, id: &str) -> Option<String> {
    let action = bot.as_ref()?.replies.get(id)?;
    Some(c.t(if action == "ai" {
        "inbox.by_ai"
    } else {
        "inbox.by_bot"
    }))
}

/// The bot's view of one chat (nothing for groups or a switched-off bot).
async fn bot_in_chat(s: &AppState, who: &Principal, device: &str, chat: &str) -> Option<BotInChat> {
    if chat.ends_with("@g.us") {
        return None;
    }
    let config = s.app.bot_config(who, device).await.ok()?;
    if !config.enabled {
        return None;
    }
    let handoffs = s.app.bot_handoffs(who, device).await.ok()?;
    let q = LogQuery {
        contact: Some(chat.to_string()),
        per_page: Some(100),
        ..LogQuery::default()
    };
    let replies = s
        .app
        .bot_logs(who, device, q)
        .await
        .map(|p| p.items)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|l| Some((l.reply_message_id?, l.action)))
        .collect();
    Some(BotInChat {
        paused_since: handoffs
            .into_iter()
            .find(|h| h.contact_jid == chat)
            .map(|h| h.started_at),
        replies,
    })
}

impl InboxPage {
    /// The open chat's name: the saved contact, else the number, else the JID.
    fn chat_title(&self) -> String {
        match &self.chat {
            Some(ch) => self.c.chat_label(ch),
            None => self.c.chat_name(&self.chat_jid),
        }
    }

    fn back_link(&self) -> String {
        inbox_url(self.device.as_deref().unwrap_or(""), "")
    }

    fn bot_label(&self, id: &str) -> Option<String> {
        bot_label(&self.c, &self.bot, id)
    }

    fn poll(&self, id: &str) -> Option<&PollTally> {
        self.polls.get(id)
    }

    fn chat_link(&self, jid: &str) -> String {
        inbox_url(self.device.as_deref().unwrap_or(""), jid)
    }

    fn older_link(&self, before: &i64) -> String {
        format!("{}&before={before}", self.chat_link(&self.chat_jid))
    }

    fn history_url(&self) -> String {
        format!(
            "/inbox/history?device={}&chat={}",
            urlencode(self.device.as_deref().unwrap_or("")),
            urlencode(&self.chat_jid)
        )
    }
}

pub async fn page(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Query(q): Query<InboxQuery>,
) -> Response {
    let who = Principal::User(user.clone());
    let dq = DeviceQuery {
        per_page: Some(100),
        ..DeviceQuery::default()
    };
    let devices = match s.app.list_devices(&who, dq).await {
        Ok(p) => p.items,
        Err(e) => return fail(&ctx, "/overview", e),
    };
    let device = q
        .device
        .filter(|d| devices.iter().any(|x| &x.device_id == d))
        .or_else(|| devices.first().map(|d| d.device_id.clone()));
    let search = q.search.unwrap_or_default();
    let (mut chats, mut messages, mut next_before, mut chat) = (Vec::new(), Vec::new(), None, None);
    let mut bot = None;
    let chat_jid = q.chat.unwrap_or_default();
    if let Some(d) = &device {
        let cq = ChatQuery {
            search: Some(search.clone()),
            limit: Some(100),
            offset: None,
        };
        chats = match s.app.chats(&who, d, cq).await {
            Ok(c) => c,
            Err(e) => return fail(&ctx, "/overview", e),
        };
        if !chat_jid.is_empty() {
            let hq = HistoryQuery {
                before: q.before,
                limit: Some(PAGE),
                offset: None,
            };
            match s.app.chat_history(&who, d, &chat_jid, hq).await {
                Ok(h) => {
                    next_before = h.next_before;
                    messages = h.messages.into_iter().rev().collect::<Vec<_>>();
                }
                Err(e) => return fail(&ctx, &inbox_url(d, ""), e),
            }
            // Opening a chat reads it, as on the phone.
            if q.before.is_none() {
                let _ = s.app.mark_chat_read(&who, d, &chat_jid).await;
            }
            chat = chats.iter().find(|c| c.chat_jid == chat_jid).cloned();
            bot = bot_in_chat(&s, &who, d, &chat_jid).await;
            if let Some(c) = chats.iter_mut().find(|c| c.chat_jid == chat_jid) {
                c.unread_count = 0;
            }
        }
    }
    let polls = match device.as_deref() {
        Some(d) => super::polls::tallies(&s, &who, d, &messages).await,
        None => HashMap::new(),
    };
    let c = Chrome::new(&ctx, "inbox.title").with_names(&s, &user).await;
    let replying = q.reply.as_deref().and_then(|id| {
        messages
            .iter()
            .find(|m| m.message_id == id)
            .map(|m| Replying {
                id: m.message_id.clone(),
                snippet: snippet(m),
            })
    });
    let templates = composer_templates(&s, &user).await;
    let draft = match (q.template, chat_jid.is_empty()) {
        (Some(id), false) => {
            let name = c
                .saved_name(&chat_jid)
                .or_else(|| chat.as_ref().and_then(|ch| ch.contact_name.clone()))
                .unwrap_or_default();
            let number = chat_jid.split('@').next().unwrap_or("").to_string();
            let mut variables = serde_json::Map::new();
            variables.insert("name".into(), name.into());
            variables.insert("phone".into(), number.into());
            let input = PreviewInput {
                contact_id: None,
                variables,
            };
            s.app
                .preview_template(&user, id, input)
                .await
                .map(|p| p.text)
                .unwrap_or_default()
        }
        _ => String::new(),
    };
    let messages = thread(&c, messages);
    render(&InboxPage {
        replying,
        templates,
        draft,
        c,
        devices,
        device,
        search,
        chats,
        chat,
        chat_jid,
        messages,
        next_before,
        bot,
        polls,
    })
}

#[derive(Template)]
#[template(path = "messages.html")]
struct MessagesFragment {
    c: Chrome,
    messages: Vec<Shown>,
    next_before: Option<i64>,
    bot: Option<BotInChat>,
    polls: HashMap<String, PollTally>,
}

impl MessagesFragment {
    fn bot_label(&self, id: &str) -> Option<String> {
        bot_label(&self.c, &self.bot, id)
    }

    fn poll(&self, id: &str) -> Option<&PollTally> {
        self.polls.get(id)
    }
}

/// An older page of a chat as HTML, for the script's scroll-back.
pub async fn history(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Query(q): Query<InboxQuery>,
) -> Response {
    let who = Principal::User(user.clone());
    let hq = HistoryQuery {
        before: q.before,
        limit: Some(PAGE),
        offset: None,
    };
    let (device, chat) = (q.device.unwrap_or_default(), q.chat.unwrap_or_default());
    match s.app.chat_history(&who, &device, &chat, hq).await {
        Ok(h) => {
            let messages: Vec<Message> = h.messages.into_iter().rev().collect();
            let polls = super::polls::tallies(&s, &who, &device, &messages).await;
            let c = Chrome::new(&ctx, "inbox.title");
            let messages = thread(&c, messages);
            render(&MessagesFragment {
                c,
                polls,
                messages,
                next_before: h.next_before,
                bot: bot_in_chat(&s, &who, &device, &chat).await,
            })
        }
        Err(_) => super::pages::error_page(&ctx, 404, "error.not_found"),
    }
}

#[derive(Template)]
#[template(path = "chats.html")]
struct ChatsFragment {
    c: Chrome,
    device: String,
    chats: Vec<ChatSummary>,
    chat_jid: String,
}

impl ChatsFragment {
    fn chat_link(&self, jid: &str) -> String {
        inbox_url(&self.device, jid)
    }
}

/// The chat list as HTML, refreshed by the script when messages arrive.
pub async fn chat_list(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    Query(q): Query<InboxQuery>,
) -> Response {
    let device = q.device.unwrap_or_default();
    let cq = ChatQuery {
        search: q.search,
        limit: Some(100),
        offset: None,
    };
    match s
        .app
        .chats(&Principal::User(user.clone()), &device, cq)
        .await
    {
        Ok(chats) => render(&ChatsFragment {
            c: Chrome::new(&ctx, "inbox.title").with_names(&s, &user).await,
            device,
            chats,
            chat_jid: q.chat.unwrap_or_default(),
        }),
        Err(_) => super::pages::error_page(&ctx, 404, "error.not_found"),
    }
}

pub async fn reply(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let Some(f) = read(form).await else {
        return ctx.flash_redirect("/inbox", "error", "err.form", "");
    };
    if let Some(r) = ctx.csrf_refusal(f.csrf.as_deref()) {
        return r;
    }
    let back = inbox_url(&f.device, &f.to);
    match send_form(&s, &Principal::User(user), f).await {
        Ok(()) => axum::response::Redirect::to(&back).into_response(),
        Err(e) => fail(&ctx, &back, e),
    }
}

/// An agent takes the chat over with one click: the bot (and its AI) stay quiet for this
/// contact until resumed (a hand-off, as `POST …/bot/handoffs`).
pub async fn take_over(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, "/inbox") {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let (device, chat) = (f.get("device"), f.get("chat"));
    let input = HandoffInput {
        contact_jid: chat.clone(),
    };
    let res = s
        .app
        .start_bot_handoff(&Principal::User(user), &device, input)
        .await;
    done(&ctx, res, &inbox_url(&device, &chat), "inbox.taken_over")
}

/// The bot answers this contact again.
pub async fn resume_bot(
    State(s): State<AppState>,
    Signed(ctx, user): Signed,
    form: Result<Posted, Unreadable>,
) -> Response {
    let f = match check(&ctx, form, "/inbox") {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let (device, chat) = (f.get("device"), f.get("chat"));
    let res = s
        .app
        .resume_bot(&Principal::User(user), &device, &chat)
        .await;
    done(&ctx, res, &inbox_url(&device, &chat), "inbox.bot_resumed")
}

/// The start of a message's text, for the "replying to" line.
fn snippet(m: &Message) -> String {
    let text = m
        .body
        .clone()
        .or_else(|| m.media.as_ref().and_then(|md| md.file_name.clone()))
        .unwrap_or_else(|| m.message_type.clone());
    let mut short: String = text.chars().take(80).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// The viewer's templates for the composer's picker (the first 100, by name).
async fn composer_templates(s: &AppState, user: &gerbang_core::user::User) -> Vec<(i64, String)> {
    let q = TemplateQuery {
        per_page: Some(100),
        ..TemplateQuery::default()
    };
    s.app
        .list_templates(user, q)
        .await
        .map(|p| p.items.into_iter().map(|t| (t.id, t.name)).collect())
        .unwrap_or_default()
}
