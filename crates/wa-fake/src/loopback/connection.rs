//! One client's socket: the Noise handshake, then a writer fed by a channel (so the relay can
//! hand any connection a stanza) and a reader that routes what the client sends.

use std::sync::{Arc, Mutex};

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use whatsapp_rust::wacore_binary::builder::NodeBuilder;
use whatsapp_rust::wacore_binary::Node;

use super::accounts::{self, DeviceAddr};
use super::{directory, groups, relay, Conn, ConnId, Out, World};
use crate::noise::{Frames, Responder};

pub(crate) async fn serve(world: Arc<World>, id: ConnId, stream: TcpStream) -> Result<(), String> {
    let ws = tokio_tungstenite::accept_async(stream)
        .await
        .map_err(|e| e.to_string())?;
    let (mut sink, mut source) = ws.split();
    let mut frames = Frames::new();
    let hello = crate::read_frame(&mut source, &mut frames).await?;
    let (responder, server_hello) = Responder::hello(&hello, &world.key);
    sink.send(Message::Binary(server_hello.into()))
        .await
        .map_err(|e| e.to_string())?;
    let finish = crate::read_frame(&mut source, &mut frames).await?;
    let (channel, login) = responder.finish(&finish);
    let channel = Arc::new(Mutex::new(channel));

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Out>();
    let sealing = channel.clone();
    let writer = tokio::spawn(async move {
        while let Some(out) = rx.recv().await {
            match out {
                Out::Send(node) => {
                    trace(id, "->", &node);
                    let sealed = sealing.lock().unwrap().seal(&node);
                    if sink.send(Message::Binary(sealed.into())).await.is_err() {
                        return;
                    }
                }
                Out::Close => {
                    let _ = sink.close().await;
                    return;
                }
            }
        }
    });
    world.lock().conns.insert(
        id,
        Conn {
            tx: tx.clone(),
            device: None,
            linking: None,
        },
    );

    match login.username {
        // A linked device logging in.
        Some(phone) => {
            let addr = DeviceAddr::new(&phone.to_string(), login.device.unwrap_or(0) as u16);
            match accounts::login(&world, id, &addr) {
                Some(success) => {
                    let _ = tx.send(Out::Send(success));
                    let _ = tx.send(Out::Send(super::presence::push_name(&addr.phone)));
                }
                None => {
                    let _ = tx.send(Out::Send(
                        NodeBuilder::new("failure").attr("reason", "401").build(),
                    ));
                    let _ = tx.send(Out::Close);
                }
            }
        }
        // A new client: offer it refs to show as QR codes.
        None => {
            let refs: Vec<String> = (0..3).map(|i| format!("LOOP-{id}-{i}")).collect();
            {
                let mut state = world.lock();
                for r in &refs {
                    state.offers.insert(r.clone(), id);
                }
            }
            let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
            let _ = tx.send(Out::Send(crate::pair_device(&refs)));
        }
    }

    let mut writer = writer;
    loop {
        // Frames that came with the handshake's last message are handled first.
        while let Some(frame) = frames.next() {
            let node = channel.lock().unwrap().open_node(&frame);
            trace(id, "<-", &node);
            handle(&world, id, &tx, node);
        }
        tokio::select! {
            message = source.next() => {
                let Some(Ok(message)) = message else { break };
                if let Message::Binary(data) = message {
                    frames.feed(&data);
                }
            }
            // The server closed this connection (a restart after pairing, …).
            _ = &mut writer => break,
        }
    }
    Ok(())
}

/// Unbinds a connection that ended from its device; the device's queue waits for the next.
pub(crate) fn forget(world: &World, id: ConnId) {
    let mut state = world.lock();
    state.offers.retain(|_, c| *c != id);
    if let Some(conn) = state.conns.remove(&id) {
        if let Some(device) = conn.device.and_then(|a| state.devices.get_mut(&a)) {
            if device.conn == Some(id) {
                device.conn = None;
                device.active = false;
            }
        }
    }
}

fn handle(world: &World, id: ConnId, tx: &tokio::sync::mpsc::UnboundedSender<Out>, node: Node) {
    let from = world.lock().conns.get(&id).and_then(|c| c.device.clone());
    let send = |n: Node| {
        let _ = tx.send(Out::Send(n));
    };
    match node.tag.as_ref() {
        "iq" => {
            let kind = attr(&node, "type").unwrap_or_default();
            if kind == "result" {
                accounts::countersigned(world, id, &node);
                return;
            }
            if kind != "get" && kind != "set" {
                return;
            }
            let request_id = attr(&node, "id").unwrap_or_default();
            let xmlns = attr(&node, "xmlns").unwrap_or_default();
            // Services that can refuse a request answer with an error IQ.
            let answered = match (xmlns.as_str(), &from) {
                ("w:g2", Some(addr)) => Some(groups::iq(world, addr, &node)),
                ("w:profile:picture", Some(addr)) => {
                    Some(super::profiles::picture(world, addr, &node))
                }
                ("newsletter", Some(_)) => Some(super::channels::messages(world, &node)),
                ("blocklist", Some(addr)) => Some(super::blocklist::iq(world, addr, &node)),
                _ => None,
            };
            if let Some(answer) = answered {
                send(match answer {
                    Ok(children) => result(&request_id, children),
                    Err((code, text)) => error(&request_id, code, text),
                });
                return;
            }
            let children = match (xmlns.as_str(), &from) {
                ("encrypt", Some(addr)) => directory::encrypt(world, addr, &node),
                ("usync", _) => directory::usync(world, &node),
                ("status", Some(addr)) => super::profiles::set_status(world, addr, &node),
                ("w:biz", _) => super::profiles::business(world, &node),
                ("w:sync:app:state", Some(addr)) => super::app_state::iq(world, addr, &node),
                ("w:mex", Some(addr)) => super::channels::mex(world, addr, &node),
                ("w:m", _) if node.get_optional_child("media_conn").is_some() => {
                    vec![world.media.media_conn()]
                }
                // No server properties and default privacy settings, in the shape asked for.
                ("md", None) => super::pair_code::request(world, id, &node),
                ("abt", _) => vec![NodeBuilder::new("props").attr("protocol", "1").build()],
                ("privacy", _) if node.get_optional_child("privacy").is_some() => {
                    vec![NodeBuilder::new("privacy").build()]
                }
                _ => Vec::new(),
            };
            send(result(&request_id, children));
            if xmlns == "passive" && node.get_optional_child("active").is_some() {
                if let Some(addr) = &from {
                    relay::activate(world, addr);
                }
            }
        }
        "message" => {
            if let Some(addr) = &from {
                relay::message(world, addr, &node, &send);
            }
        }
        "receipt" => {
            if let Some(addr) = &from {
                if super::calls::offer_receipt(world, addr, &node) {
                    return;
                }
                relay::receipt(world, addr, &node, &send);
            }
        }
        "ack" => {
            if let Some(addr) = &from {
                relay::ack(world, addr, &node);
            }
        }
        "call" => {
            if let Some(addr) = &from {
                super::calls::from_device(world, addr, &node, &send);
            }
        }
        "presence" => {
            if let Some(addr) = &from {
                super::presence::presence(world, addr, &node);
            }
        }
        "chatstate" => {
            if let Some(addr) = &from {
                super::presence::chatstate(world, addr, &node);
            }
        }
        _ => {}
    }
}

/// With `GERBANG_WA_FAKE_TRACE=1`, every stanza in and out is printed (for debugging a test).
fn trace(id: ConnId, direction: &str, node: &Node) {
    if std::env::var("GERBANG_WA_FAKE_TRACE").as_deref() == Ok("1") {
        let shown = whatsapp_rust::wacore::xml::DisplayableNode(node).to_string();
        let shown: String = shown.chars().take(600).collect();
        eprintln!("loopback #{id} {direction} {shown}");
    }
}

pub(crate) fn attr(node: &Node, key: &str) -> Option<String> {
    node.attrs.get(key).map(|v| v.to_string())
}

fn result(id: &str, children: Vec<Node>) -> Node {
    let iq = NodeBuilder::new("iq")
        .attr("from", "s.whatsapp.net")
        .attr("type", "result")
        .attr("id", id.to_string());
    if children.is_empty() {
        iq.build()
    } else {
        iq.children(children).build()
    }
}

fn error(id: &str, code: u16, text: &str) -> Node {
    NodeBuilder::new("iq")
        .attr("from", "s.whatsapp.net")
        .attr("type", "error")
        .attr("id", id.to_string())
        .children([NodeBuilder::new("error")
            .attr("code", code.to_string())
            .attr("text", text.to_string())
            .build()])
        .build()
}
