//! How events leave the network: one FIFO queue and task per device, and the inbound-delivery
//! loop that treats the `Message` hook as the acknowledgement WhatsApp waits for.

use std::sync::Arc;
use std::time::Duration;

use gerbang_core::engine::{EngineEvent, EngineEvents};
use gerbang_core::jid::Phone;
use tokio::sync::{mpsc, oneshot};

use crate::state::{Device, Inner, Session, State};

/// Attempts per connection before a failing message waits for the next connection (or the next
/// mailbox change), the way WhatsApp re-offers unacknowledged messages on reconnect.
const DELIVERY_ATTEMPTS: u32 = 8;
const RETRY_BASE: Duration = Duration::from_secs(1);
const RETRY_MAX: Duration = Duration::from_secs(30);

pub(crate) struct Emission {
    events: Arc<dyn EngineEvents>,
    event: EngineEvent,
    ticket: Option<MailTicket>,
}

impl Emission {
    pub fn plain(events: Arc<dyn EngineEvents>, event: EngineEvent) -> Emission {
        Emission {
            events,
            event,
            ticket: None,
        }
    }
}

/// Ties a `Message` event to its mailbox entry. The emitter settles it, not the delivery loop,
/// so an accepted message leaves the mailbox even if its session is stopped mid-delivery.
struct MailTicket {
    phone: Phone,
    id: String,
    done: oneshot::Sender<bool>,
}

/// The device's entry, created with its emitter on first use.
pub(crate) fn device<'a>(inner: &Arc<Inner>, st: &'a mut State, device_id: &str) -> &'a mut Device {
    st.devices.entry(device_id.to_string()).or_insert_with(|| {
        let (tx, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(run_emitter(inner.clone(), device_id.to_string(), rx));
        Device::new(tx, task.abort_handle())
    })
}

async fn run_emitter(
    inner: Arc<Inner>,
    device_id: String,
    mut rx: mpsc::UnboundedReceiver<Emission>,
) {
    while let Some(Emission {
        events,
        event,
        ticket,
    }) = rx.recv().await
    {
        let result = events.on_event(&device_id, event).await;
        match ticket {
            Some(ticket) => settle(&inner, &device_id, ticket, result),
            None => {
                if let Err(error) = result {
                    tracing::warn!(engine = "sim", device_id, %error, "[simulated] the event handler failed");
                }
            }
        }
    }
}

fn settle(inner: &Inner, device_id: &str, ticket: MailTicket, result: Result<(), String>) {
    let accepted = result.is_ok();
    {
        let mut st = inner.lock();
        if let Some(queue) = st.mailboxes.get_mut(&ticket.phone) {
            if let Some(pos) = queue.iter().position(|m| m.message.id == ticket.id) {
                if accepted {
                    queue.remove(pos);
                } else if let Some(mail) = queue.get_mut(pos) {
                    mail.in_flight = false;
                }
            }
            if queue.is_empty() {
                st.mailboxes.remove(&ticket.phone);
            }
        }
    }
    match result {
        Ok(()) => tracing::debug!(
            engine = "sim",
            device_id,
            message_id = ticket.id,
            "[simulated] inbound message acknowledged"
        ),
        Err(error) => tracing::warn!(
            engine = "sim",
            device_id,
            message_id = ticket.id,
            %error,
            "[simulated] inbound message not stored; it stays queued for another attempt"
        ),
    }
    inner.mail_changed.notify_waiters();
    // The delivery loop may be gone (session stopped); the mailbox is already settled.
    let _ = ticket.done.send(accepted);
}

/// Starts delivering the phone's waiting messages to the (now connected) session.
pub(crate) fn start_delivery(
    inner: &Arc<Inner>,
    session: &mut Session,
    device_id: &str,
    phone: Phone,
) {
    session.stop_delivery();
    let task = tokio::spawn(deliver(
        inner.clone(),
        device_id.to_string(),
        session.generation,
        phone,
    ));
    session.delivery = Some(task.abort_handle());
}

enum Next {
    /// The session is no longer connected: this loop is done.
    Gone,
    /// Nothing deliverable right now.
    Idle,
    Sent(oneshot::Receiver<bool>),
}

/// Delivers one message at a time, oldest first, so the hook sees them in order even when it
/// fails and a message has to be offered again.
async fn deliver(inner: Arc<Inner>, device_id: String, generation: u64, phone: Phone) {
    let mut failures = 0u32;
    loop {
        let changed = inner.mail_changed.notified();
        tokio::pin!(changed);
        // Registered before looking, so a message arriving in between still wakes us.
        changed.as_mut().enable();
        let answer = match offer_next(&inner, &device_id, generation, &phone) {
            Next::Gone => return,
            Next::Idle => {
                changed.await;
                continue;
            }
            Next::Sent(answer) => answer,
        };
        if answer.await == Ok(true) {
            failures = 0;
            continue;
        }
        failures += 1;
        if failures >= DELIVERY_ATTEMPTS {
            tracing::warn!(
                engine = "sim",
                device_id,
                "[simulated] inbound delivery keeps failing; waiting for the next message or reconnect"
            );
            failures = 0;
            inner.mail_changed.notified().await;
            continue;
        }
        tokio::time::sleep(retry_delay(failures)).await;
    }
}

fn offer_next(inner: &Inner, device_id: &str, generation: u64, phone: &Phone) -> Next {
    let mut st = inner.lock();
    let State {
        devices, mailboxes, ..
    } = &mut *st;
    let Some(device) = devices.get_mut(device_id) else {
        return Next::Gone;
    };
    let Some(session) = device
        .session
        .as_ref()
        .filter(|s| s.generation == generation)
    else {
        return Next::Gone;
    };
    if session.connected_link().map(|l| &l.phone) != Some(phone) {
        return Next::Gone;
    }
    let Some(mail) = mailboxes.get_mut(phone).and_then(|q| q.front_mut()) else {
        return Next::Idle;
    };
    if mail.in_flight {
        return Next::Idle;
    }
    mail.in_flight = true;
    let (done, answer) = oneshot::channel();
    let ticket = MailTicket {
        phone: phone.clone(),
        id: mail.message.id.clone(),
        done,
    };
    let events = session.events.clone();
    if device.undecryptable > 0 {
        device.undecryptable -= 1;
        let m = &mail.message;
        device.enqueue(Emission {
            events: events.clone(),
            event: EngineEvent::Undecryptable {
                chat: m.chat.clone(),
                sender: m.sender.clone(),
                message_id: m.id.clone(),
                reason: "decryption failed (simulated)".into(),
            },
            ticket: None,
        });
    }
    device.enqueue(Emission {
        events,
        event: EngineEvent::Message(mail.message.clone()),
        ticket: Some(ticket),
    });
    Next::Sent(answer)
}

fn retry_delay(failures: u32) -> Duration {
    RETRY_BASE
        .saturating_mul(1u32 << failures.saturating_sub(1).min(31))
        .min(RETRY_MAX)
}
