//! A loopback WhatsApp server that several real clients use at once, as WhatsApp's own servers
//! are used: phone accounts whose companion devices are linked by scanning their QR codes, a
//! directory of their devices and pre-keys, and a relay that fans each `<message>` out to the
//! devices it is addressed to, holds it while a device is away, and carries receipts back.
//!
//! The server never decrypts anything: clients encrypt to each other with the keys they
//! uploaded here, and the server only routes. Each concern lives in its own file:
//! [`accounts`] (accounts, devices, pairing), [`directory`] (usync and pre-keys), [`keys`] (low pre-key and identity-change notices), [`blocklist`] (blocking), [`relay`]
//! (messages, receipts, acks, the offline queue), [`groups`] (the `w:g2` service, group
//! notifications and sender-key fan-out), [`media`] (the media host, WhatsApp's CDN),
//! [`presence`] (presence and chat states), [`calls`] (ringing, rejecting, hanging up), [`app_state`] (app-state sync: patches the
//! phone reads and makes), [`status_relay`] (status updates), [`channels`] (channels: the MEX service and posts), [`connection`] (one client's socket).

mod accounts;
mod app_state;
mod blocklist;
mod calls;
mod channels;
mod connection;
mod directory;
mod faults;
mod group_relay;
mod groups;
mod keys;
mod lid;
mod media;
mod pair_code;
mod phone;
mod phone_chatops;
mod phone_history;
mod presence;
mod profiles;
mod relay;
mod status_relay;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::net::TcpListener;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;
use whatsapp_rust::wacore_binary::Node;

use crate::noise::KeyPair;
pub use accounts::DeviceAddr;
use accounts::{Account, Device};
pub use app_state::AppStateChange;
pub use calls::CallOutcome;
pub use phone::{PhoneMessage, PhonePoll, PhoneVote};
pub use phone_history::HistoryMessage;
pub use profiles::LoopbackBusiness;

/// What a connection's writer is told to do.
pub(crate) enum Out {
    Send(Node),
    /// Closes the socket after what was queued before.
    Close,
}

pub(crate) type ConnId = u64;

pub(crate) struct Conn {
    pub tx: UnboundedSender<Out>,
    /// The linked device logged in on this connection; `None` while it is pairing.
    pub device: Option<DeviceAddr>,
    /// The device a QR scan just linked on this (pairing) connection.
    pub linking: Option<DeviceAddr>,
}

#[derive(Default)]
pub(crate) struct State {
    pub accounts: HashMap<String, Account>,
    pub devices: HashMap<DeviceAddr, Device>,
    /// Pairing refs offered to unpaired clients, to find the client whose QR was scanned.
    pub offers: HashMap<String, ConnId>,
    pub conns: HashMap<ConnId, Conn>,
    /// Companions waiting for their pairing code to be typed, by phone number.
    pub codes: HashMap<String, pair_code::Pending>,
    /// Groups by id (the user part of `…@g.us`).
    pub groups: HashMap<String, groups::Group>,
    pub presence: presence::Presence,
    pub faults: faults::Faults,
    pub keys: keys::KeyWatch,
    pub blocklists: blocklist::Blocklists,
    pub calls: calls::Calls,
    pub profiles: profiles::Profiles,
    /// Accounts whose messages others get from their LID (see [`lid`]).
    pub lid_senders: std::collections::HashSet<String>,
    /// The phones (device 0) of accounts, by phone number.
    pub phones: HashMap<String, phone::Phone>,
    pub app_states: app_state::AppStates,
    pub status_audiences: status_relay::Audiences,
    pub channels: channels::Channels,
}

pub(crate) struct World {
    state: Mutex<State>,
    pub key: KeyPair,
    next_conn: AtomicU64,
    pub media: media::MediaHost,
}

impl World {
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub struct LoopbackServer {
    pub url: String,
    world: Arc<World>,
    task: JoinHandle<()>,
}

impl LoopbackServer {
    pub async fn start() -> LoopbackServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("ws://{}/ws/chat", listener.local_addr().unwrap());
        let world = Arc::new(World {
            state: Mutex::new(State::default()),
            key: KeyPair::random(),
            next_conn: AtomicU64::new(1),
            media: media::MediaHost::start().await,
        });
        let accepting = world.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let id = accepting.next_conn.fetch_add(1, Ordering::SeqCst);
                let world = accepting.clone();
                tokio::spawn(async move {
                    if let Err(e) = connection::serve(world.clone(), id, stream).await {
                        eprintln!("loopback WhatsApp: connection {id}: {e}");
                    }
                    connection::forget(&world, id);
                });
            }
        });
        LoopbackServer { url, world, task }
    }

    /// The phone of account `phone` scans this QR code: the client that shows it is linked as
    /// a new companion device of that account. Returns the device's number.
    pub fn scan(&self, qr: &str, phone: &str) -> Result<u16, String> {
        accounts::scan(&self.world, qr, phone)
    }

    /// The phone of account `phone` enters the pairing code a device of the gateway shows: the
    /// device is linked once it completes the exchange.
    pub fn enter_code(&self, phone: &str, code: &str) -> Result<(), String> {
        pair_code::enter(&self.world, phone, code)
    }

    /// Linked devices of the account with uploaded pre-keys (those others can write to).
    pub fn devices(&self, phone: &str) -> Vec<u16> {
        let state = self.world.lock();
        let mut found: Vec<u16> = state
            .devices
            .iter()
            .filter(|(addr, d)| addr.phone == phone && d.keys.is_some())
            .map(|(addr, _)| addr.device)
            .collect();
        found.sort();
        found
    }

    /// Stanzas waiting for a device to acknowledge them.
    pub fn queued(&self, phone: &str, device: u16) -> usize {
        let state = self.world.lock();
        let addr = DeviceAddr::new(phone, device);
        state.devices.get(&addr).map_or(0, |d| d.queue.len())
    }

    /// Files the media host received, and how often one was downloaded.
    pub fn media_counts(&self) -> (usize, usize) {
        let store = self.world.media.store.lock().unwrap();
        (store.uploads, store.downloads)
    }

    /// The members of a group (by id, `…@g.us` or not), as phone numbers with their roles
    /// (`member`, `admin`, `superadmin`); `None` when there is no such group.
    pub fn group_members(&self, group: &str) -> Option<Vec<(String, &'static str)>> {
        let id = group.split('@').next().unwrap_or_default();
        self.world.lock().groups.get(id).map(groups::Group::roles)
    }

    /// The phone of account `phone` publishes its keys: from now on senders write to it too,
    /// and what they send reaches [`LoopbackServer::phone_inbox`]. The `phone_*` methods do
    /// this themselves; call it before others send to the phone.
    pub fn phone_start(&self, phone: &str) -> Result<(), String> {
        phone::start(&mut self.world.lock(), phone)
    }

    /// The phone of account `from` sends `text` to `to` (a number or a JID), to every device
    /// of that account and as the sent copy to its own companions. Returns the message id.
    pub fn phone_send_text(&self, from: &str, to: &str, text: &str) -> Result<String, String> {
        phone::send_text(&self.world, from, to, text)
    }

    /// The phone of account `from` sends a poll to `to`; returns its id.
    pub fn phone_send_poll(
        &self,
        from: &str,
        to: &str,
        question: &str,
        options: &[&str],
        multiple: bool,
    ) -> Result<String, String> {
        let options: Vec<String> = options.iter().map(|o| o.to_string()).collect();
        phone::send_poll(&self.world, from, to, question, &options, multiple)
    }

    /// The phone of account `from` votes in the poll `poll_id` that `to` sent it.
    pub fn phone_vote(
        &self,
        from: &str,
        to: &str,
        poll_id: &str,
        options: &[&str],
    ) -> Result<String, String> {
        let options: Vec<String> = options.iter().map(|o| o.to_string()).collect();
        phone::vote(&self.world, from, to, poll_id, &options)
    }

    /// The phone of account `from` sets the disappearing timer of its chat with `to` (seconds;
    /// 0 turns it off). Returns the id of the timer message.
    pub fn phone_set_disappearing(
        &self,
        from: &str,
        to: &str,
        seconds: u32,
    ) -> Result<String, String> {
        phone_chatops::set_timer(&self.world, from, to, seconds)
    }

    /// The phone of account `from` sends `to` a JPEG photo that can be opened once.
    pub fn phone_send_view_once_image(
        &self,
        from: &str,
        to: &str,
        jpeg: &[u8],
        caption: &str,
    ) -> Result<String, String> {
        phone_chatops::send_view_once_image(&self.world, from, to, jpeg, caption)
    }

    /// The phone of account `phone` reads the messages `ids` of `chat`: a read receipt to
    /// their sender.
    pub fn phone_read(&self, phone: &str, chat: &str, ids: &[String]) -> Result<(), String> {
        phone::read(&self.world, phone, chat, ids)
    }

    /// The history the phone of account `phone` holds: it sends it to every companion that
    /// links from now on (nothing is sent while it has none).
    pub fn phone_history(&self, phone: &str, history: Vec<HistoryMessage>) -> Result<(), String> {
        let mut state = self.world.lock();
        let p = phone::phone(&mut state, phone).ok_or("the phone has no usable identity")?;
        p.history = history;
        Ok(())
    }

    /// What the phone of account `phone` received, decrypted, oldest first.
    pub fn phone_inbox(&self, phone: &str) -> Vec<PhoneMessage> {
        let state = self.world.lock();
        state
            .phones
            .get(phone)
            .map(|p| p.inbox.clone())
            .unwrap_or_default()
    }

    /// The app-state changes the phone of account `phone` has read (its companions' patches
    /// and its own), oldest first.
    pub fn phone_app_state(&self, phone: &str) -> Vec<AppStateChange> {
        let state = self.world.lock();
        state
            .app_states
            .changes
            .get(phone)
            .cloned()
            .unwrap_or_default()
    }

    /// The phone of account `phone` makes an app-state change: `schema` is the action (from
    /// `whatsapp_rust::schemas`), `args` its index after the action's name. Its companions
    /// are told to sync and get it as a patch.
    pub fn phone_app_state_change(
        &self,
        phone: &str,
        schema: &whatsapp_rust::schemas::Schema,
        args: &[&str],
        value: whatsapp_rust::waproto::whatsapp::SyncActionValue,
    ) -> Result<(), String> {
        app_state::phone_change(&self.world, phone, schema, args, value)
    }

    /// How many status updates (stories) the server relayed.
    pub fn status_posts(&self) -> usize {
        self.world.lock().status_audiences.posts
    }

    /// Whether the device is logged in on an open connection now.
    pub fn online(&self, phone: &str, device: u16) -> bool {
        let state = self.world.lock();
        let addr = DeviceAddr::new(phone, device);
        state.devices.get(&addr).is_some_and(|d| d.conn.is_some())
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        self.task.abort();
        // Ends every connection, so clients see the server go.
        for conn in self.world.lock().conns.values() {
            let _ = conn.tx.send(Out::Close);
        }
    }
}
