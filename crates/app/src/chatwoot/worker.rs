//! WhatsApp → Chatwoot: per enabled device, a reader of the event log with its own durable
//! cursor (the `chatwoot:<deviceId>` row of `event_sinks`, like the broker sinks, set at the end
//! of the log when the bridge is switched on). Each `message.new` of the device is posted to
//! the conversation of its number: `incoming` when the customer wrote it, `outgoing` when the
//! device did (from the API or the phone), so agents see the whole chat. A call that fails for a passing reason is retried with a doubling delay; one
//! Chatwoot refuses (or that keeps failing) is recorded as `failed` with the reason and counted
//! in the configuration's answer, and the reader goes on.
//!
//! Each message is handled once: it is recorded when posted, and skipped when already recorded
//! (also when an agent wrote it in Chatwoot). Group chats are not bridged.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde_json::Value;

use gerbang_core::chatwoot::{
    cursor_name, ChatwootConfig, ChatwootConversation, ChatwootMessageState,
};
use gerbang_core::event::{types, Event, EventFilter};
use gerbang_core::jid::{Jid, Phone};
use gerbang_core::StoreError;

use super::client::{CallError, Client, Post};
use super::WA_SOURCE;
use crate::App;

const BATCH: i64 = 100;
/// How often the log is read when nothing woke a reader (other nodes append events too), and
/// how often the list of enabled devices is read.
const POLL: Duration = Duration::from_secs(1);
/// Tries per message before it is recorded as failed.
const ATTEMPTS: u32 = 5;
const RETRY_FIRST: Duration = Duration::from_millis(500);
const RETRY_MAX: Duration = Duration::from_secs(10);

/// Starts the bridge: one reader per device whose bridge is enabled, so that one device's
/// Chatwoot being slow or away holds up no other device. It runs until aborted (when the
/// server stops), and its readers with it.
pub fn spawn(app: App) -> tokio::task::JoinHandle<()> {
    tokio::spawn(supervise(app))
}

/// A device's reader, stopped when dropped.
struct Reader(tokio::task::JoinHandle<()>);

impl Drop for Reader {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn supervise(app: App) {
    let mut readers: HashMap<String, Reader> = HashMap::new();
    loop {
        match app.store.chatwoot_devices().await {
            Ok(devices) => {
                let wanted: HashSet<String> = devices.into_iter().collect();
                readers.retain(|d, r| wanted.contains(d) && !r.0.is_finished());
                for device in wanted {
                    readers.entry(device.clone()).or_insert_with(|| {
                        tracing::debug!(device_id = %device, "Chatwoot bridge reader started");
                        Reader(tokio::spawn(read_device(app.clone(), device)))
                    });
                }
            }
            Err(e) => tracing::warn!(error = %e, "Chatwoot bridge cannot list its devices"),
        }
        tokio::time::sleep(POLL).await;
    }
}

async fn read_device(app: App, device_id: String) {
    let cursor_name = cursor_name(&device_id);
    let mut woken = app.runtime.events.subscribe();
    let mut cursor = None;
    let mut delay = RETRY_FIRST;
    loop {
        match step(&app, &device_id, &cursor_name, &mut cursor).await {
            Ok(true) => delay = RETRY_FIRST,
            Ok(false) => {
                delay = RETRY_FIRST;
                tokio::select! {
                    changed = woken.changed() => if changed.is_err() {
                        tokio::time::sleep(POLL).await;
                    },
                    _ = tokio::time::sleep(POLL) => {}
                }
            }
            Err(e) => {
                // The database: nothing is skipped, the same events are read again.
                tracing::warn!(device_id, error = %e, "Chatwoot bridge cannot read the event log; retrying");
                cursor = None;
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(RETRY_MAX);
            }
        }
    }
}

/// Handles the device's next batch of `message.new` events; whether more may be waiting.
#[tracing::instrument(name = "chatwoot_bridge", skip_all, fields(device = device_id))]
async fn step(
    app: &App,
    device_id: &str,
    name: &str,
    cursor: &mut Option<i64>,
) -> Result<bool, StoreError> {
    let from = match *cursor {
        Some(c) => c,
        None => app.store.sink_cursor(name).await?,
    };
    *cursor = Some(from);
    let filter = EventFilter {
        device_id: Some(device_id.to_string()),
        types: vec![types::MESSAGE_NEW.to_string()],
        ..Default::default()
    };
    let events = app.store.events_after(from, &filter, BATCH).await?;
    let mut at = from;
    for e in &events {
        app.bridge(e).await?;
        if !app.store.advance_sink_cursor(name, at, e.id).await? {
            // Another node sharing the database moved it: read where it is now.
            *cursor = None;
            return Ok(true);
        }
        at = e.id;
        *cursor = Some(at);
    }
    Ok(events.len() as i64 == BATCH)
}

/// A message as the bridge posts it.
struct Item {
    message_id: String,
    /// Digits, no `+`.
    phone: String,
    name: Option<String>,
    from_me: bool,
    content: Option<String>,
    /// The stored file's hash, content type and name.
    media: Option<(String, String, String)>,
}

impl Item {
    /// `None` for what is not bridged: group and broadcast chats, reactions, edits, deletions.
    fn of(m: &Value) -> Option<Item> {
        let s = |k: &str| m[k].as_str().map(str::to_string);
        let chat = Jid::parse(m["chatJid"].as_str()?).ok()?;
        if chat.is_group() || chat.server() != "s.whatsapp.net" && chat.server() != "lid" {
            return None;
        }
        let from_me = m["fromMe"].as_bool().unwrap_or(false);
        let phone = chat
            .phone()
            .map(|p| p.as_str().to_string())
            .or_else(|| (!from_me).then(|| s("senderPhone")).flatten())
            .and_then(|p| Phone::parse(&p).ok())?;
        let body = s("body").filter(|b| !b.trim().is_empty());
        let kind = m["messageType"].as_str()?;
        let content = match kind {
            "text" | "image" | "video" | "audio" | "voice" | "document" | "sticker" => body,
            "location" => {
                let (lat, lon) = (&m["extra"]["latitude"], &m["extra"]["longitude"]);
                Some(format!(
                    "📍 {}https://maps.google.com/?q={lat},{lon}",
                    body.map(|b| format!("{b}\n")).unwrap_or_default()
                ))
            }
            "contact" => Some(format!("👤 {}", body.unwrap_or_default())),
            _ => return None,
        };
        let media = m["media"]["sha256"].as_str().map(|sha| {
            let mime = m["media"]["mime"]
                .as_str()
                .unwrap_or("application/octet-stream");
            let name = m["media"]["fileName"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| format!("{kind}-{}", &sha[..sha.len().min(12)]));
            (sha.to_string(), mime.to_string(), name)
        });
        Some(Item {
            message_id: s("messageId")?,
            phone: phone.as_str().to_string(),
            name: s("pushName").filter(|n| !n.trim().is_empty()),
            from_me,
            content,
            media,
        })
    }
}

/// Why one try failed.
enum Fail {
    Store(StoreError),
    Call(CallError),
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Self {
        Fail::Store(e)
    }
}

impl From<CallError> for Fail {
    fn from(e: CallError) -> Self {
        Fail::Call(e)
    }
}

impl App {
    /// Posts one event's message to Chatwoot (or records why not). Only a database error is
    /// returned: the event is then read again.
    async fn bridge(&self, e: &Event) -> Result<(), StoreError> {
        let Some(device_id) = e.device_id.as_deref() else {
            return Ok(());
        };
        let Some(cfg) = self.store.chatwoot_config(device_id).await? else {
            return Ok(());
        };
        if !cfg.enabled {
            return Ok(());
        }
        let Some(item) = Item::of(&e.data["message"]) else {
            return Ok(());
        };
        if self
            .store
            .chatwoot_message_known(device_id, &item.message_id)
            .await?
        {
            return Ok(());
        }
        let Some(token) = self.chatwoot_token(&cfg) else {
            let why =
                "the stored access token cannot be read (the server secret changed); set it again";
            return self.chatwoot_failed(&cfg, &item, why).await;
        };
        let client = Client::new(
            &cfg.base_url,
            cfg.account_id,
            token,
            self.settings.webhooks.allow_internal,
        );
        let mut delay = RETRY_FIRST;
        for attempt in 1..=ATTEMPTS {
            match self.post_item(&client, &cfg, &item).await {
                Ok(id) => {
                    self.store
                        .record_chatwoot_message(
                            device_id,
                            &item.message_id,
                            ChatwootMessageState::Posted,
                            Some(id),
                            None,
                        )
                        .await?;
                    tracing::debug!(device_id, id = %item.message_id, chatwoot_id = id, "posted to Chatwoot");
                    return Ok(());
                }
                Err(Fail::Store(e)) => return Err(e),
                Err(Fail::Call(CallError::Transient(why) | CallError::Gone(why)))
                    if attempt < ATTEMPTS =>
                {
                    tracing::debug!(device_id, attempt, error = %why, "Chatwoot call failed; retrying");
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(RETRY_MAX);
                }
                Err(Fail::Call(e)) => {
                    return self.chatwoot_failed(&cfg, &item, &e.to_string()).await
                }
            }
        }
        Ok(())
    }

    async fn chatwoot_failed(
        &self,
        cfg: &ChatwootConfig,
        item: &Item,
        why: &str,
    ) -> Result<(), StoreError> {
        tracing::warn!(device_id = %cfg.device_id, id = %item.message_id, error = %why,
            "message not copied to Chatwoot; recorded as failed");
        // The reason first: a reader who sees the failure counted sees why.
        self.store.set_chatwoot_error(&cfg.device_id, why).await?;
        self.store
            .record_chatwoot_message(
                &cfg.device_id,
                &item.message_id,
                ChatwootMessageState::Failed,
                None,
                Some(why),
            )
            .await
            .map(|_| ())
    }

    async fn post_item(
        &self,
        client: &Client,
        cfg: &ChatwootConfig,
        item: &Item,
    ) -> Result<i64, Fail> {
        let conversation = self.conversation(client, cfg, item).await?;
        let attachment = match &item.media {
            Some((sha, mime, name)) => self
                .runtime
                .media
                .get(sha)
                .await
                .ok()
                .flatten()
                .map(|data| (data, mime.clone(), name.clone())),
            None => None,
        };
        let post = Post {
            content: item.content.as_deref(),
            message_type: if item.from_me { "outgoing" } else { "incoming" },
            source_id: format!("{WA_SOURCE}{}", item.message_id),
            attachment,
        };
        match client.post_message(conversation, post).await {
            Err(CallError::Gone(why)) => {
                // Deleted in Chatwoot: the next try finds or makes another.
                self.store
                    .forget_chatwoot_conversation(&cfg.device_id, &item.phone)
                    .await?;
                Err(CallError::Gone(why).into())
            }
            other => Ok(other?),
        }
    }

    /// The conversation of the item's number: remembered, or found (or made) in Chatwoot.
    async fn conversation(
        &self,
        client: &Client,
        cfg: &ChatwootConfig,
        item: &Item,
    ) -> Result<i64, Fail> {
        if let Some(c) = self
            .store
            .chatwoot_conversation(&cfg.device_id, &item.phone)
            .await?
        {
            return Ok(c.conversation_id);
        }
        let e164 = format!("+{}", item.phone);
        let identifier = format!("{}@s.whatsapp.net", item.phone);
        let found = client.search_contacts(&e164).await?.into_iter().find(|c| {
            c["phone_number"].as_str() == Some(e164.as_str())
                || c["identifier"].as_str() == Some(identifier.as_str())
        });
        let (contact_id, open) = match found.as_ref().and_then(|c| c["id"].as_i64()) {
            Some(id) => (id, client.open_conversation(id, cfg.inbox_id).await?),
            None => {
                let name = match (&item.name, item.from_me) {
                    (Some(n), false) => n.clone(),
                    _ => e164.clone(),
                };
                let (id, source) = client
                    .create_contact(cfg.inbox_id, &name, &e164, &identifier)
                    .await?;
                let conversation = match source {
                    Some(s) => client.create_conversation(&s, cfg.inbox_id, id).await?,
                    None => {
                        let s = client.contact_inbox(id, cfg.inbox_id).await?;
                        client.create_conversation(&s, cfg.inbox_id, id).await?
                    }
                };
                (id, Some(conversation))
            }
        };
        let conversation_id = match open {
            Some(c) => c,
            None => {
                let s = client.contact_inbox(contact_id, cfg.inbox_id).await?;
                client
                    .create_conversation(&s, cfg.inbox_id, contact_id)
                    .await?
            }
        };
        self.store
            .save_chatwoot_conversation(
                &cfg.device_id,
                &item.phone,
                ChatwootConversation {
                    contact_id,
                    conversation_id,
                },
            )
            .await?;
        Ok(conversation_id)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Item;

    #[test]
    fn only_one_to_one_chats_and_real_messages_are_bridged() {
        let text = json!({"messageId": "A1", "chatJid": "6281300000377@s.whatsapp.net",
            "fromMe": false, "messageType": "text", "body": "Halo", "pushName": "Bu Sari",
            "extra": {}});
        let item = Item::of(&text).expect("a customer's text");
        assert_eq!(item.phone, "6281300000377");
        assert_eq!(item.content.as_deref(), Some("Halo"));
        assert_eq!(item.name.as_deref(), Some("Bu Sari"));
        assert!(!item.from_me && item.media.is_none());

        let mut group = text.clone();
        group["chatJid"] = json!("120363000000000001@g.us");
        assert!(Item::of(&group).is_none(), "groups are not bridged");
        let mut reaction = text.clone();
        reaction["messageType"] = json!("reaction");
        assert!(Item::of(&reaction).is_none(), "reactions are not bridged");

        // A chat known only by its LID takes the sender's number, when WhatsApp gave one.
        let mut lid = text.clone();
        lid["chatJid"] = json!("123456789012345@lid");
        assert!(Item::of(&lid).is_none(), "no number, nowhere to post");
        lid["senderPhone"] = json!("6281300000377");
        assert_eq!(Item::of(&lid).unwrap().phone, "6281300000377");

        let location = json!({"messageId": "A2", "chatJid": "6281300000377@s.whatsapp.net",
            "fromMe": true, "messageType": "location", "body": "Toko",
            "extra": {"latitude": -6.2, "longitude": 106.8}});
        let item = Item::of(&location).unwrap();
        assert!(item.from_me);
        assert_eq!(
            item.content.as_deref(),
            Some("📍 Toko\nhttps://maps.google.com/?q=-6.2,106.8")
        );

        let image = json!({"messageId": "A3", "chatJid": "6281300000377@s.whatsapp.net",
            "fromMe": false, "messageType": "image", "body": null, "extra": {},
            "media": {"sha256": "ab".repeat(32), "mime": "image/jpeg", "fileName": null}});
        let item = Item::of(&image).unwrap();
        assert_eq!(item.content, None);
        let (_, mime, name) = item.media.unwrap();
        assert_eq!(
            (mime.as_str(), name.as_str()),
            ("image/jpeg", "image-abababababab")
        );
    }
}
