//! One ordered queue per session between whatsapp-rust (whose handlers must not block) and
//! Gerbang's event sink (which stores before it returns). Events reach the sink one at a time,
//! in the order they happened; an inbound message waits in the queue like any other event, and
//! its sender learns whether it was stored.

use std::sync::{Arc, Mutex};

use gerbang_core::engine::{EngineEvent, EngineEvents};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

struct Emission {
    event: EngineEvent,
    stored: Option<oneshot::Sender<Result<(), String>>>,
}

pub(crate) struct Emitter {
    tx: Mutex<Option<mpsc::UnboundedSender<Emission>>>,
}

impl Emitter {
    pub fn spawn(device_id: &str, sink: Arc<dyn EngineEvents>) -> (Arc<Emitter>, JoinHandle<()>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(run(device_id.to_string(), sink, rx));
        let emitter = Arc::new(Emitter {
            tx: Mutex::new(Some(tx)),
        });
        (emitter, task)
    }

    fn send(&self, emission: Emission) -> bool {
        let tx = self.tx.lock().unwrap_or_else(|e| e.into_inner());
        tx.as_ref().is_some_and(|tx| tx.send(emission).is_ok())
    }

    /// Queues an event; dropped silently once the session has ended.
    pub fn emit(&self, event: EngineEvent) {
        self.send(Emission {
            event,
            stored: None,
        });
    }

    /// Queues an event and waits until the sink has handled it: `Ok` means stored.
    pub async fn deliver(&self, event: EngineEvent) -> Result<(), String> {
        let (done, answer) = oneshot::channel();
        if !self.send(Emission {
            event,
            stored: Some(done),
        }) {
            return Err("the session has ended".into());
        }
        answer
            .await
            .unwrap_or_else(|_| Err("the session ended before the event was handled".into()))
    }

    /// No more events: what is queued is still handed over, then the task ends.
    pub fn close(&self) {
        self.tx.lock().unwrap_or_else(|e| e.into_inner()).take();
    }
}

async fn run(
    device_id: String,
    sink: Arc<dyn EngineEvents>,
    mut rx: mpsc::UnboundedReceiver<Emission>,
) {
    while let Some(Emission { event, stored }) = rx.recv().await {
        let result = sink.on_event(&device_id, event).await;
        match stored {
            Some(done) => {
                // The waiter may have given up (session stopping); the result is then moot.
                let _ = done.send(result);
            }
            None => {
                if let Err(error) = result {
                    tracing::warn!(engine = "whatsapp", %device_id, %error, "the event handler failed");
                }
            }
        }
    }
}
