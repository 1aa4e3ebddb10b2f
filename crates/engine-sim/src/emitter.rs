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
/// The most waiting messages offered to the device at once (and handled together).
const OFFER: usize = 64;

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
    let mut waiting = Vec::with_capacity(OFFER);
    while rx.recv_many(&mut waiting, OFFER).await > 0 {
        let mut queue = std::mem::take(&mut waiting).into_iter().peekable();
        while let Some(first) = queue.next() {
            // Inbound messages that follow each other go to the handler together, in order,
            // so that it can store them in one write (as WhatsApp hands a linked device what
            // waited for it in one go); everything else goes alone.
            let mut mails = vec![first];
            while mails[0].ticket.is_some()
                && queue.peek().is_some_and(|next| {
                    next.ticket.is_some() && Arc::ptr_eq(&next.events, &mails[0].events)
                })
            {
                mails.extend(queue.next());
            }
            if mails.len() == 1 {
                let Emission {
                    events,
                    event,
                    ticket,
                } = mails.remove(0);
                let result = events.on_event(&device_id, event).await;
                match ticket {
                    Some(ticket) => settle(&inner, &device_id, ticket, result),
                    None => {
                        if let Err(error) = result {
                            tracing::warn!(engine = "sim", device_id, %error, "[simulated] the event handler failed");
                        }
                    }
                }
                continue;
            }
            let events = mails[0].events.clone();
            let (batch, tickets): (Vec<_>, Vec<_>) =
                mails.into_iter().map(|m| (m.event, m.ticket)).unzip();
            let results = events.on_events(&device_id, batch).await;
            for (ticket, result) in tickets.into_iter().zip(results) {
                if let Some(ticket) = ticket {
                    settle(&inner, &device_id, ticket, result);
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
    /// The answers for the messages offered, in order.
    Sent(Vec<oneshot::Receiver<bool>>),
}

/// Delivers what waits, oldest first, up to [`OFFER`] messages at a time, and offers more only
/// once all of those are answered, so the hook sees them in order even when it fails and a
/// message has to be offered again.
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
        let mut accepted = true;
        for answer in answer {
            accepted &= answer.await == Ok(true);
        }
        if accepted {
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
    let Some(queue) = mailboxes.get_mut(phone) else {
        return Next::Idle;
    };
    let events = session.events.clone();
    let mut answers = Vec::new();
    for mail in queue.iter_mut().take(OFFER) {
        if mail.in_flight {
            break;
        }
        mail.in_flight = true;
        let (done, answer) = oneshot::channel();
        answers.push(answer);
        let ticket = MailTicket {
            phone: phone.clone(),
            id: mail.message.id.clone(),
            done,
        };
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
            events: events.clone(),
            event: EngineEvent::Message(mail.message.clone()),
            ticket: Some(ticket),
        });
    }
    if answers.is_empty() {
        return Next::Idle;
    }
    Next::Sent(answers)
}

fn retry_delay(failures: u32) -> Duration {
    RETRY_BASE
        .saturating_mul(1u32 << failures.saturating_sub(1).min(31))
        .min(RETRY_MAX)
}
