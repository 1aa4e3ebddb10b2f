//! A fake WhatsApp endpoint on loopback: a WebSocket server that speaks WhatsApp's framing, the
//! responder side of the Noise XX handshake, and the binary node codec, then plays a script
//! per connection (send a pairing offer, pair when the QR is scanned, accept a login, send a
//! stream error or a login failure, close the socket).
//!
//! For tests and benches only (`publish = false`). Its certificate chain is not signed by
//! WhatsApp, so the client under test must be built with whatsapp-rust's
//! `danger-skip-cert-chain-verify`: enable it in the *dev-dependencies* of the crate whose tests
//! use this one, never in a normal dependency (the shipped binary must not have it).

mod loopback;
mod noise;
mod pairing;

pub use loopback::{
    AppStateChange, CallOutcome, DeviceAddr, HistoryMessage, LoopbackBusiness, LoopbackServer,
    PhoneMessage, PhonePoll, PhoneVote,
};

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::Node;

use noise::{Channel, Frames, KeyPair, Responder};
pub use pairing::DEVICE;
use whatsapp_rust::waproto::whatsapp as wa;

/// What the server does on a connection once the handshake is done.
#[derive(Clone, Debug)]
pub enum Step {
    Send(Node),
    Sleep(Duration),
    /// Drops the TCP connection without a WebSocket close.
    Drop,
    /// As the first step: read the ClientHello, then drop the connection mid-handshake.
    RefuseHandshake,
    /// Waits for [`FakeWhatsapp::scan`], then sends `<pair-success>` for that QR code, paired
    /// to this phone number.
    PairOnScan(&'static str),
    /// Like `PairOnScan`, for a business account of this name (WhatsApp sends its name with
    /// the pairing, so the device has a push name from the start).
    PairBusinessOnScan(&'static str, &'static str),
    /// Accepts the login: `<success>`, then answers every `<iq>` get/set of the client with an
    /// empty result, and says the offline backlog is empty, as far as a client needs to
    /// consider itself connected.
    Login,
    /// Waits for [`FakeWhatsapp::proceed`], so a test decides when the next step happens.
    Hold,
}

/// `<iq xmlns="md" type="set"><pair-device><ref>…</ref>…</pair-device></iq>`: the offer of
/// pairing refs that an unpaired client turns into QR codes.
pub fn pair_device(refs: &[&str]) -> Node {
    let refs = refs
        .iter()
        .map(|r| NodeBuilder::new("ref").bytes(r.as_bytes().to_vec()).build());
    NodeBuilder::new("iq")
        .attr("from", "s.whatsapp.net")
        .attr("type", "set")
        .attr("id", "fake-pair-1")
        .attr("xmlns", "md")
        .children([NodeBuilder::new("pair-device").children(refs).build()])
        .build()
}

pub fn stream_error(code: &str) -> Node {
    NodeBuilder::new("stream:error")
        .attr("code", code.to_string())
        .build()
}

/// `<stream:error code="401"><conflict type="device_removed"/></stream:error>`: what a linked
/// device is told when the phone unlinks it.
pub fn device_removed() -> Node {
    NodeBuilder::new("stream:error")
        .attr("code", "401")
        .children([NodeBuilder::new("conflict")
            .attr("type", "device_removed")
            .build()])
        .build()
}

/// `<stream:error><conflict type="replaced"/></stream:error>`: what a connection is told when
/// the same device logs in on another one.
pub fn stream_replaced() -> Node {
    NodeBuilder::new("stream:error")
        .children([NodeBuilder::new("conflict")
            .attr("type", "replaced")
            .build()])
        .build()
}

/// `<success>` for a companion of the fake account.
fn success() -> Node {
    NodeBuilder::new("success")
        .attr("t", whatsapp_rust::wacore::time::now_secs().to_string())
        .attr("lid", whatsapp_rust::Jid::lid_device(pairing::LID, DEVICE))
        .attr("props", "1")
        .build()
}

/// `<ib><offline count="0"/></ib>`: nothing was waiting for the client.
fn offline_done() -> Node {
    NodeBuilder::new("ib")
        .attr("from", "s.whatsapp.net")
        .children([NodeBuilder::new("offline").attr("count", "0").build()])
        .build()
}

/// The answer to a request: empty, except that an app-state sync finds every collection it
/// asks for empty (a new account has no contacts, settings or chats to sync).
fn iq_result(id: &str, collections: &[String]) -> Node {
    let iq = NodeBuilder::new("iq")
        .attr("from", "s.whatsapp.net")
        .attr("type", "result")
        .attr("id", id.to_string());
    if collections.is_empty() {
        return iq.build();
    }
    let empty = collections.iter().map(|name| {
        NodeBuilder::new("collection")
            .attr("name", name.clone())
            .attr("version", "0")
            .build()
    });
    iq.children([NodeBuilder::new("sync").children(empty).build()])
        .build()
}

/// `<failure reason=…>` with extra attributes (a ban's `code` and `expire`, …).
pub fn failure(reason: u32, extra: &[(&'static str, &str)]) -> Node {
    let mut node = NodeBuilder::new("failure").attr("reason", reason.to_string());
    for (key, value) in extra {
        node = node.attr(key, value.to_string());
    }
    node.build()
}

type Script = dyn Fn(usize) -> Vec<Step> + Send + Sync;

pub struct FakeWhatsapp {
    pub url: String,
    connections: Arc<AtomicUsize>,
    /// Tags of the nodes clients sent after the handshake, in order.
    pub received: Arc<Mutex<Vec<String>>>,
    /// The login payload of every connection, in order.
    pub logins: Arc<Mutex<Vec<wa::ClientPayload>>>,
    /// What each `<iq>` request of a client asked (the tag of its first child, such as
    /// `remove-companion-device` for a logout), in order.
    pub requests: Arc<Mutex<Vec<String>>>,
    scans: tokio::sync::mpsc::UnboundedSender<String>,
    releases: tokio::sync::mpsc::UnboundedSender<()>,
    task: JoinHandle<()>,
}

impl FakeWhatsapp {
    /// Serves every connection; `script(n)` is what connection `n` (from 0) gets.
    pub async fn start(
        script: impl Fn(usize) -> Vec<Step> + Send + Sync + 'static,
    ) -> FakeWhatsapp {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("ws://{}/ws/chat", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let received = Arc::new(Mutex::new(Vec::new()));
        let logins = Arc::new(Mutex::new(Vec::new()));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (scans, scanned) = tokio::sync::mpsc::unbounded_channel();
        let scanned = Arc::new(tokio::sync::Mutex::new(scanned));
        let (releases, released) = tokio::sync::mpsc::unbounded_channel();
        let released = Arc::new(tokio::sync::Mutex::new(released));
        let script: Arc<Script> = Arc::new(script);
        let static_key = Arc::new(KeyPair::random());
        let (count, seen, logged) = (connections.clone(), received.clone(), logins.clone());
        let asked = requests.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let n = count.fetch_add(1, Ordering::SeqCst);
                let steps = script(n);
                let (key, seen, logged) = (static_key.clone(), seen.clone(), logged.clone());
                let (scanned, released) = (scanned.clone(), released.clone());
                let asked = asked.clone();
                tokio::spawn(async move {
                    let shared = Shared {
                        received: seen,
                        logins: logged,
                        requests: asked,
                        scanned,
                        released,
                    };
                    if let Err(e) = serve(stream, &key, steps, shared).await {
                        eprintln!("fake WhatsApp: connection {n}: {e}");
                    }
                });
            }
        });
        FakeWhatsapp {
            url,
            connections,
            received,
            logins,
            requests,
            scans,
            releases,
            task,
        }
    }

    /// The phone scans this QR code.
    pub fn scan(&self, qr: &str) {
        let _ = self.scans.send(qr.to_string());
    }

    /// Lets the connection waiting at a [`Step::Hold`] (or the next one to reach it) go on.
    pub fn proceed(&self) {
        let _ = self.releases.send(());
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for FakeWhatsapp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// What every connection shares with the server.
struct Shared {
    received: Arc<Mutex<Vec<String>>>,
    logins: Arc<Mutex<Vec<wa::ClientPayload>>>,
    requests: Arc<Mutex<Vec<String>>>,
    scanned: Arc<tokio::sync::Mutex<tokio::sync::mpsc::UnboundedReceiver<String>>>,
    released: Arc<tokio::sync::Mutex<tokio::sync::mpsc::UnboundedReceiver<()>>>,
}

async fn serve(
    stream: tokio::net::TcpStream,
    key: &KeyPair,
    steps: Vec<Step>,
    shared: Shared,
) -> Result<(), String> {
    let Shared {
        received,
        logins,
        requests,
        scanned,
        released,
    } = shared;
    let ws = tokio_tungstenite::accept_async(stream)
        .await
        .map_err(|e| e.to_string())?;
    let (mut sink, mut source) = ws.split();
    let mut frames = Frames::new();
    let client_hello = read_frame(&mut source, &mut frames).await?;
    if matches!(steps.first(), Some(Step::RefuseHandshake)) {
        return Ok(());
    }
    let (responder, server_hello) = Responder::hello(&client_hello, key);
    sink.send(Message::Binary(server_hello.into()))
        .await
        .map_err(|e| e.to_string())?;
    let client_finish = read_frame(&mut source, &mut frames).await?;
    let (channel, login) = responder.finish(&client_finish);
    logins.lock().unwrap().push(login);
    let wire = Arc::new(Wire {
        sink: tokio::sync::Mutex::new(sink),
        channel: Mutex::new(channel),
    });
    let answering = Arc::new(AtomicBool::new(false));

    // Reading goes on beside the script, so the client's acks and pings are consumed (and,
    // once logged in, its requests answered).
    let (reader_wire, reader_answering) = (wire.clone(), answering.clone());
    let mut reader = tokio::spawn(async move {
        while let Some(Ok(message)) = source.next().await {
            if let Message::Binary(data) = message {
                frames.feed(&data);
                while let Some(frame) = frames.next() {
                    let got = reader_wire.channel.lock().unwrap().open(&frame);
                    received.lock().unwrap().push(got.tag.clone());
                    let request = matches!(got.kind.as_deref(), Some("get" | "set"));
                    if got.tag == "iq" && request {
                        let asked = got.first_child.clone().unwrap_or_default();
                        requests.lock().unwrap().push(asked);
                    }
                    if got.tag == "iq" && request && reader_answering.load(Ordering::SeqCst) {
                        let id = got.id.unwrap_or_default();
                        let answer = iq_result(&id, &got.collections);
                        if reader_wire.send(&answer).await.is_err() {
                            return;
                        }
                    }
                }
            }
        }
    });
    for step in steps {
        let step = match step {
            Step::PairOnScan(phone) => {
                let qr = scanned.lock().await.recv().await.ok_or("no scan")?;
                Step::Send(pairing::pair_success(&qr, phone, None))
            }
            Step::PairBusinessOnScan(phone, name) => {
                let qr = scanned.lock().await.recv().await.ok_or("no scan")?;
                Step::Send(pairing::pair_success(&qr, phone, Some(name)))
            }
            Step::Login => {
                answering.store(true, Ordering::SeqCst);
                wire.send(&success()).await?;
                Step::Send(offline_done())
            }
            Step::Hold => {
                // A client that goes away meanwhile does not take the next release with it.
                tokio::select! {
                    got = async { released.lock().await.recv().await } => {
                        got.ok_or("no release")?;
                    }
                    _ = &mut reader => return Ok(()),
                }
                continue;
            }
            other => other,
        };
        match step {
            Step::PairOnScan(_) | Step::PairBusinessOnScan(..) | Step::Login | Step::Hold => {
                unreachable!()
            }
            Step::Send(node) => wire.send(&node).await?,
            Step::Sleep(d) => tokio::time::sleep(d).await,
            Step::Drop | Step::RefuseHandshake => {
                reader.abort();
                return Ok(());
            }
        }
    }
    // Holds the connection until the client goes.
    let _ = reader.await;
    Ok(())
}

type Sink = futures_util::stream::SplitSink<
    tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>,
    Message,
>;

/// The sending half of a connection, shared by the script and the reader.
struct Wire {
    sink: tokio::sync::Mutex<Sink>,
    channel: Mutex<Channel>,
}

impl Wire {
    /// Seals and sends under one lock: frames must leave in the order of their counters.
    async fn send(&self, node: &Node) -> Result<(), String> {
        let mut sink = self.sink.lock().await;
        let sealed = self.channel.lock().unwrap().seal(node);
        sink.send(Message::Binary(sealed.into()))
            .await
            .map_err(|e| e.to_string())
    }
}

pub(crate) async fn read_frame(
    source: &mut futures_util::stream::SplitStream<
        tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>,
    >,
    frames: &mut Frames,
) -> Result<Vec<u8>, String> {
    loop {
        if let Some(frame) = frames.next() {
            return Ok(frame);
        }
        match source.next().await {
            Some(Ok(Message::Binary(data))) => frames.feed(&data),
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(e.to_string()),
            None => return Err("the client closed during the handshake".into()),
        }
    }
}
